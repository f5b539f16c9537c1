//! The checked-in generator configuration (`codegen.toml`).
//!
//! ```toml
//! models = ["model/proton.json"]
//! service = "com.amazonaws.proton#AwsProton20200720"
//! operations = ["CancelComponentDeployment"]
//! out = "generated"
//!
//! [crate]
//! name = "proton"
//! version = "0.1.0"
//!
//! # Clients generated as modules of another crate (see `emit::mount`).
//! [[module]]
//! models = ["../shared/models/aws/sts.json.gz"]
//! operations = ["AssumeRole"]
//! out = "runtime/src/clients/sts"
//! path = "lean_runtime::clients::sts"
//! ```
//!
//! Paths are relative to the directory holding the file.

use crate::error::{Diagnostic, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The parsed configuration file.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Model files (JSON AST or IDL).
    pub models: Vec<PathBuf>,
    /// The service shape id; optional when the models define one service.
    pub service: Option<String>,
    /// Operations to generate; all of the service's when absent.
    pub operations: Option<Vec<String>>,
    /// Output directory of the crate.
    pub out: PathBuf,
    /// Whether the crate gets the service's side of the protocol, for
    /// round-trip tests (see `lower::Selection::service_side`).
    #[serde(default)]
    pub service_side: bool,
    /// Crate settings.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Clients generated as modules of another crate.
    #[serde(default, rename = "module")]
    pub modules: Vec<ModuleConfig>,
    /// How the models were written in the file (relative to it), for the
    /// generated files' headers.
    #[serde(skip)]
    pub model_labels: Vec<String>,
}

/// The `[crate]` table.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Package name.
    pub name: String,
    /// Package version.
    #[serde(default = "default_version")]
    pub version: String,
}

/// A `[[module]]` table: a client generated as a module of another crate.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ModuleConfig {
    /// Model files (JSON AST or IDL).
    pub models: Vec<PathBuf>,
    /// The service shape id; optional when the models define one service.
    pub service: Option<String>,
    /// Operations to generate; all of the service's when absent.
    pub operations: Option<Vec<String>>,
    /// Directory of the module (its `mod.rs`).
    pub out: PathBuf,
    /// The module's path, crate name first: `lean_runtime::clients::sts`.
    pub path: String,
    /// How the models were written in the file, for the headers.
    #[serde(skip)]
    pub model_labels: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Config {
    /// Reads and parses a configuration file; relative paths in it are
    /// resolved against the file's directory.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::new(format!("cannot read configuration: {e}")).in_file(path)
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let d =
                Diagnostic::new(format!("invalid configuration: {}", e.message())).in_file(path);
            match e.span() {
                Some(span) => {
                    let (line, column) = line_column(&text, span.start);
                    d.at(line, column)
                }
                None => d,
            }
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        config.model_labels = config
            .models
            .iter()
            .map(|m| crate::paths::display_path(m))
            .collect();
        for model in &mut config.models {
            *model = join(base, model);
        }
        config.out = join(base, &config.out);
        for module in &mut config.modules {
            module.model_labels = module
                .models
                .iter()
                .map(|m| crate::paths::display_path(m))
                .collect();
            for model in &mut module.models {
                *model = join(base, model);
            }
            module.out = join(base, &module.out);
        }
        Ok(config)
    }
}

impl Config {
    /// Generation options for this configuration, with the runtime
    /// dependency computed from the output directory.
    pub fn options(&self) -> Result<crate::Options> {
        let service = self
            .service
            .as_deref()
            .map(crate::model::ShapeId::parse)
            .transpose()
            .map_err(|e| crate::Error::msg(format!("configuration `service`: {e}")))?;
        Ok(crate::Options {
            models: self.models.clone(),
            selection: crate::lower::Selection {
                service,
                operations: self.operations.clone(),
                service_side: self.service_side,
            },
            krate: crate::emit::CrateOptions {
                name: self.krate.name.clone(),
                version: self.krate.version.clone(),
                runtime_path: crate::paths::runtime_path_from(&self.out)?,
                runtime_version: RUNTIME_VERSION.to_owned(),
                mount: None,
            },
            source_label: self.model_labels.join(", "),
        })
    }
}

impl ModuleConfig {
    /// Generation options for this module.
    pub fn options(&self) -> Result<crate::Options> {
        let service = self
            .service
            .as_deref()
            .map(crate::model::ShapeId::parse)
            .transpose()
            .map_err(|e| crate::Error::msg(format!("module `{}`: service: {e}", self.path)))?;
        let mount = crate::emit::mount::Mount::parse(&self.path)
            .map_err(|e| crate::Error::msg(format!("module `path`: {e}")))?;
        Ok(crate::Options {
            models: self.models.clone(),
            selection: crate::lower::Selection {
                service,
                operations: self.operations.clone(),
                service_side: false,
            },
            krate: crate::emit::CrateOptions {
                name: mount.host.replace('_', "-"),
                version: RUNTIME_VERSION.to_owned(),
                runtime_path: String::new(),
                runtime_version: RUNTIME_VERSION.to_owned(),
                mount: Some(mount),
            },
            source_label: self.model_labels.join(", "),
        })
    }
}

/// The runtime version generated crates require.
pub const RUNTIME_VERSION: &str = "0.1";

fn join(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || base.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    // An offset inside a multi-byte character must not panic.
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_against_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codegen.toml");
        std::fs::write(
            &path,
            "models = [\"model/a.json\"]\nout = \"out\"\n[crate]\nname = \"a\"\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.models, vec![dir.path().join("model/a.json")]);
        assert_eq!(config.out, dir.path().join("out"));
        assert_eq!(config.krate.version, "0.1.0");
    }

    #[test]
    fn reads_mounted_modules() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codegen.toml");
        std::fs::write(
            &path,
            "models = [\"a.json\"]\nout = \"out\"\n[crate]\nname = \"a\"\n\
             [[module]]\nmodels = [\"m/sts.json\"]\nout = \"rt/src/clients/sts\"\n\
             path = \"lean_runtime::clients::sts\"\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        let module = &config.modules[0];
        assert_eq!(module.models, vec![dir.path().join("m/sts.json")]);
        assert_eq!(module.out, dir.path().join("rt/src/clients/sts"));
        let options = module.options().unwrap();
        assert_eq!(options.krate.lib_name(), "lean_runtime::clients::sts");

        std::fs::write(
            &path,
            "models = []\nout = \"o\"\n[crate]\nname = \"a\"\n\
             [[module]]\nmodels = []\nout = \"x\"\npath = \"Sts\"\n",
        )
        .unwrap();
        let err = Config::load(&path).unwrap().modules[0]
            .options()
            .unwrap_err()
            .to_string();
        assert!(err.contains("`Sts` is not a module path"), "{err}");
    }

    #[test]
    fn reports_unknown_keys_with_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codegen.toml");
        std::fs::write(
            &path,
            "models = []\nout = \"o\"\nopertions = []\n[crate]\nname = \"a\"\n",
        )
        .unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("opertions"), "{err}");
        assert!(err.contains(":3:1"), "{err}");
    }
}
