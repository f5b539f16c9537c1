//! Where configuration reads environment variables from.
//!
//! Region and credential discovery read `AWS_*` variables. Going through
//! [`Env`] instead of `std::env` lets tests, and users who want a hermetic
//! configuration, supply a fixed set of variables without touching (or racing
//! on) the process environment.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The environment variables configuration is read from: the process
/// environment, or a fixed map.
///
/// Cloning is cheap. `Debug` shows variable names only, never values, since
/// the environment may hold a secret access key.
#[derive(Clone)]
pub struct Env {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Process,
    Fixed(Arc<HashMap<String, String>>),
}

impl Env {
    /// The environment of the running process.
    pub fn real() -> Self {
        Self {
            source: Source::Process,
        }
    }

    /// A fixed set of variables; nothing is read from the process.
    ///
    /// ```
    /// use lean_runtime::env::Env;
    /// let env = Env::from_vars([("AWS_REGION", "eu-west-1")]);
    /// assert_eq!(env.get("AWS_REGION").as_deref(), Some("eu-west-1"));
    /// assert_eq!(env.get("HOME"), None);
    /// ```
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            source: Source::Fixed(Arc::new(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// The value of `name`, or `None` when it is unset, empty or (in the
    /// process environment) not valid Unicode.
    ///
    /// Empty values count as unset, as in the AWS SDKs, so `AWS_PROFILE=` in a
    /// shell does not select a profile named "".
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.source {
            Source::Process => std::env::var(name).ok()?,
            Source::Fixed(vars) => vars.get(name)?.clone(),
        };
        (!value.is_empty()).then_some(value)
    }

    /// The user's home directory: `HOME`, then on Windows `USERPROFILE`, then
    /// `HOMEDRIVE` followed by `HOMEPATH`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        home_dir(self, cfg!(windows))
    }
}

fn home_dir(env: &Env, windows: bool) -> Option<PathBuf> {
    if let Some(home) = env.get("HOME") {
        return Some(home.into());
    }
    if !windows {
        return None;
    }
    if let Some(profile) = env.get("USERPROFILE") {
        return Some(profile.into());
    }
    match (env.get("HOMEDRIVE"), env.get("HOMEPATH")) {
        (Some(drive), Some(path)) => Some(format!("{drive}{path}").into()),
        _ => None,
    }
}

impl Default for Env {
    /// The process environment.
    fn default() -> Self {
        Self::real()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Process => f.write_str("Env::Process"),
            Source::Fixed(vars) => {
                let mut names: Vec<&str> = vars.keys().map(String::as_str).collect();
                names.sort_unstable();
                f.debug_tuple("Env::Fixed").field(&names).finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_count_as_unset() {
        let env = Env::from_vars([("AWS_PROFILE", ""), ("AWS_REGION", "us-east-1")]);
        assert_eq!(env.get("AWS_PROFILE"), None);
        assert_eq!(env.get("AWS_REGION").as_deref(), Some("us-east-1"));
        assert_eq!(env.get("MISSING"), None);
    }

    #[test]
    fn fixed_env_ignores_the_process() {
        // PATH is set in any process that runs cargo.
        assert_eq!(Env::from_vars::<&str, &str>([]).get("PATH"), None);
    }

    #[test]
    fn home_prefers_home() {
        let env = Env::from_vars([("HOME", "/home/a"), ("USERPROFILE", "C:\\Users\\a")]);
        assert_eq!(home_dir(&env, true), Some(PathBuf::from("/home/a")));
        assert_eq!(home_dir(&env, false), Some(PathBuf::from("/home/a")));
    }

    #[test]
    fn windows_home_falls_back_to_userprofile_then_drive_and_path() {
        let env = Env::from_vars([
            ("USERPROFILE", "C:\\Users\\a"),
            ("HOMEDRIVE", "D:"),
            ("HOMEPATH", "\\b"),
        ]);
        assert_eq!(home_dir(&env, true), Some(PathBuf::from("C:\\Users\\a")));
        assert_eq!(home_dir(&env, false), None);

        let env = Env::from_vars([("HOMEDRIVE", "D:"), ("HOMEPATH", "\\b")]);
        assert_eq!(home_dir(&env, true), Some(PathBuf::from("D:\\b")));
        assert_eq!(home_dir(&Env::from_vars([("HOMEDRIVE", "D:")]), true), None);
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Env::from_vars([("AWS_SECRET_ACCESS_KEY", "very-secret")]);
        let debug = format!("{env:?}");
        assert!(debug.contains("AWS_SECRET_ACCESS_KEY"));
        assert!(!debug.contains("very-secret"));
    }
}
