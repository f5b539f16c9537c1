//! `cargo run -p generator [-- FLAGS]`: regenerate a client crate.
//!
//! Without flags, reads `codegen.toml` in the current directory and rewrites
//! the crate it names. Flags override the configuration; see `--help`.

use generator::emit::CrateOptions;
use generator::lower::Selection;
use generator::model::ShapeId;
use generator::paths::{display_path, runtime_path_from};
use generator::{Error, Options, config, output};
use std::path::PathBuf;
use std::process::ExitCode;

/// See the `mimalloc` feature in Cargo.toml: the generator allocates and
/// frees millions of small token and syntax-tree nodes per model.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
Generates a Rust client crate from a Smithy model.

USAGE:
    cargo run -p generator [-- OPTIONS]

With no options, reads codegen.toml and regenerates the crate it names.

OPTIONS:
    --config PATH        configuration file (default: codegen.toml)
    --model PATH         model file, JSON AST (.json) or IDL (.smithy); repeatable.
                         Replaces the configuration's models, service and operations.
    --service SHAPE_ID   service to generate (optional when the model has one)
    --operations A,B     operations to generate (default: the configuration's list,
                         or all of the service's when --model is given)
    --out DIR            output directory of the crate
    --crate-name NAME    package name of the generated crate
    --runtime-path PATH  path dependency on lean-runtime, relative to the output
                         directory (default: computed from this checkout)
    --service-side       also generate the service's side of the protocol (reading
                         requests, writing responses), behind the crate's
                         `test-util` feature, for round-trip tests (awsJson only)
    --check              write nothing; exit 1 listing stale, missing and extra files
    --emit-ast           print the models as one Smithy JSON AST document and exit
    -h, --help           this text
";

#[derive(Default)]
struct Flags {
    config: Option<PathBuf>,
    models: Vec<PathBuf>,
    service: Option<String>,
    operations: Option<Vec<String>>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    runtime_path: Option<String>,
    check: bool,
    emit_ast: bool,
    service_side: bool,
}

fn parse_flags(args: impl Iterator<Item = String>) -> Result<Option<Flags>, String> {
    let mut flags = Flags::default();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |flag: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--config" => flags.config = Some(PathBuf::from(value("--config")?)),
            "--model" => flags.models.push(PathBuf::from(value("--model")?)),
            "--service" => flags.service = Some(value("--service")?),
            "--operations" => {
                let list = value("--operations")?;
                let ops: Vec<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if ops.is_empty() {
                    return Err("--operations needs at least one operation name".to_owned());
                }
                flags.operations = Some(ops);
            }
            "--out" => flags.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => flags.crate_name = Some(value("--crate-name")?),
            "--runtime-path" => flags.runtime_path = Some(value("--runtime-path")?),
            "--check" => flags.check = true,
            "--service-side" => flags.service_side = true,
            "--emit-ast" => flags.emit_ast = true,
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    Ok(Some(flags))
}

fn main() -> ExitCode {
    let flags = match parse_flags(std::env::args().skip(1)) {
        Ok(Some(flags)) => flags,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(flags) {
        Ok(code) => code,
        Err(e) => {
            for d in e.diagnostics() {
                eprintln!("error: {d}");
            }
            eprintln!("generation failed; nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn run(flags: Flags) -> Result<ExitCode, Error> {
    if flags.emit_ast {
        if flags.models.is_empty() {
            return Err(Error::msg("--emit-ast needs at least one --model"));
        }
        let ast = generator::model::load::emit_ast(&flags.models)?;
        use std::io::Write;
        // A closed pipe (`| head`) is not an error worth a message.
        return Ok(match writeln!(std::io::stdout().lock(), "{ast}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write to stdout: {e}");
                ExitCode::FAILURE
            }
        });
    }
    let config_path = flags
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("codegen.toml"));
    let config = if flags.config.is_some() || config_path.exists() {
        Some(config::Config::load(&config_path)?)
    } else {
        None
    };
    let from_command_line = !flags.models.is_empty();
    let (models, service, operations) = match (&config, from_command_line) {
        (_, true) => (
            flags.models.clone(),
            flags.service.clone(),
            flags.operations.clone(),
        ),
        (Some(c), false) => (
            c.models.clone(),
            flags.service.clone().or_else(|| c.service.clone()),
            flags.operations.clone().or_else(|| c.operations.clone()),
        ),
        (None, false) => {
            return Err(Error::msg(
                "no codegen.toml here and no --model given (see --help)",
            ));
        }
    };
    let out = match (&flags.out, &config) {
        (Some(out), _) => out.clone(),
        (None, Some(c)) if !from_command_line => c.out.clone(),
        _ => return Err(Error::msg("--out is required when --model is given")),
    };
    let crate_name = flags
        .crate_name
        .clone()
        .or_else(|| {
            config
                .as_ref()
                .filter(|_| !from_command_line || flags.out.is_none())
                .map(|c| c.krate.name.clone())
        })
        .unwrap_or_else(|| default_crate_name(&models));
    let version = config
        .as_ref()
        .map(|c| c.krate.version.clone())
        .unwrap_or_else(|| "0.1.0".to_owned());
    let service = service
        .map(|s| ShapeId::parse(&s).map_err(|e| Error::msg(format!("--service: {e}"))))
        .transpose()?;
    let runtime_path = match flags.runtime_path {
        Some(p) => p,
        None => runtime_path_from(&out)?,
    };
    let source_label = match (&config, from_command_line) {
        (Some(c), false) => c.model_labels.join(", "),
        _ => models
            .iter()
            .map(|m| display_path(m))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let options = Options {
        source_label,
        models,
        selection: Selection {
            service,
            operations,
            service_side: flags.service_side
                || config
                    .as_ref()
                    .is_some_and(|c| !from_command_line && c.service_side),
        },
        krate: CrateOptions {
            name: crate_name,
            version,
            runtime_path,
            runtime_version: config::RUNTIME_VERSION.to_owned(),
            mount: None,
        },
    };
    // The crate, then (when the configuration file drives the run) the
    // clients it mounts in other crates. All are generated before anything
    // is written, so that a failure leaves every output as it was.
    let mut targets = vec![(out, generator::generate_with_warnings(&options)?)];
    if let (Some(c), false) = (&config, from_command_line) {
        for module in &c.modules {
            let generated = generator::generate_with_warnings(&module.options()?)?;
            targets.push((module.out.clone(), generated));
        }
    }
    for (_, generated) in &targets {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    }
    if flags.check {
        let mut stale = false;
        for (out, generated) in &targets {
            let drift = output::diff(out, &generated.files)?;
            if drift.is_empty() {
                eprintln!(
                    "{} is up to date ({} files)",
                    out.display(),
                    generated.files.len()
                );
            } else {
                eprintln!("{} is out of date with its model:\n{drift}", out.display());
                stale = true;
            }
        }
        if stale {
            eprintln!("regenerate with `cargo run -p generator` and commit the result");
            return Ok(ExitCode::FAILURE);
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (out, generated) in &targets {
        let report = output::write(out, &generated.files)?;
        eprintln!(
            "{}: {} written, {} removed, {} unchanged",
            out.display(),
            report.written.len(),
            report.removed.len(),
            report.unchanged
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `proton.json` → `proton`; `bedrock-runtime.json.gz` → `bedrock-runtime`.
fn default_crate_name(models: &[PathBuf]) -> String {
    models
        .first()
        .and_then(|m| m.file_name())
        .map(|s| {
            let name = s.to_string_lossy();
            let name = name.strip_suffix(".gz").unwrap_or(&name);
            let name = [".json", ".smithy"]
                .iter()
                .find_map(|ext| name.strip_suffix(ext))
                .unwrap_or(name);
            name.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .trim_matches('-')
                .to_owned()
        })
        .filter(|s| !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| "client".to_owned())
}
