//! Path helpers: how generated files name paths, and where the runtime
//! crate is relative to an output directory.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// Paths in headers use `/` whatever the platform, so output is the same
/// everywhere.
pub fn display_path(p: &Path) -> String {
    let mut out = String::new();
    for c in p.components() {
        match c {
            std::path::Component::RootDir => out.push('/'),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// The path from `out` to this checkout's runtime crate, for the generated
/// crate's path dependency.
pub fn runtime_path_from(out: &Path) -> Result<String, Error> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = std::fs::canonicalize(&runtime).map_err(|e| {
        Error::msg(format!(
            "cannot find the runtime crate at {}: {e}",
            runtime.display()
        ))
    })?;
    let out_abs = absolute(out)?;
    Ok(display_path(&relative_path(&out_abs, &runtime)))
}

/// `path` made absolute, whether or not it exists yet.
pub fn absolute(path: &Path) -> Result<PathBuf, Error> {
    // The output directory may not exist yet: canonicalize the deepest
    // existing ancestor and append the rest.
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    let mut abs = std::fs::canonicalize(&existing)
        .map_err(|e| Error::msg(format!("cannot resolve {}: {e}", path.display())))?;
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    Ok(abs)
}

/// The relative path that leads from directory `from` to `to` (both absolute).
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    out
}
