//! The shared AWS `config` and `credentials` files, read as the AWS SDKs read
//! them.
//!
//! Both files are INI-like. In `config`, profiles are `[profile name]` (the
//! default profile may be `[default]` or `[profile default]`, the latter
//! winning) and other sections such as `[sso-session name]` are kept apart
//! from profiles. In `credentials`, profiles are plain `[name]`. A profile
//! present in both files is merged property by property, the `credentials`
//! file winning. Property names are case-insensitive; invalid profile and
//! property names are skipped, as the SDKs do; syntax errors are reported
//! with the file and line.
//!
//! ```
//! use lean_runtime::profile::ProfileSet;
//! let profiles = ProfileSet::parse(
//!     "[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-2\n",
//!     "[dev]\naws_access_key_id = AKID\n",
//! )?
//! .with_selected("dev");
//! let dev = profiles.selected().unwrap();
//! assert_eq!(dev.get("region"), Some("us-east-2"));
//! assert_eq!(dev.get("AWS_ACCESS_KEY_ID"), Some("AKID"));
//! # Ok::<(), lean_runtime::profile::ProfileFileError>(())
//! ```

mod parse;

use crate::env::Env;
use parse::{RawSection, SyntaxError, WHITESPACE};
use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The profile used when `AWS_PROFILE` is not set.
pub const DEFAULT_PROFILE: &str = "default";

/// A profile (or another section, such as an `[sso-session]`): a name and its
/// properties.
///
/// `Debug` lists property names only: values may be secret keys.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: String,
    /// Keys are lowercase.
    properties: BTreeMap<String, String>,
}

impl Profile {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    /// The profile's name, without any `profile ` prefix.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of property `key` (case-insensitive). A property written as
    /// `key =` is present with an empty value.
    pub fn get(&self, key: &str) -> Option<&str> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.properties.get(&key.to_ascii_lowercase())
        } else {
            self.properties.get(key)
        }
        .map(String::as_str)
    }

    /// The names of the properties, lowercase, in sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(String::as_str)
    }

    /// The sub-properties of property `key`, written as indented
    /// `name = value` lines under `key =`:
    ///
    /// ```ini
    /// [profile dev]
    /// s3 =
    ///   max_concurrent_requests = 20
    /// ```
    ///
    /// Lines without `=` (a plain multi-line value) are skipped.
    pub fn sub_properties(&self, key: &str) -> impl Iterator<Item = (&str, &str)> {
        self.get(key)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.trim_matches(WHITESPACE), v.trim_matches(WHITESPACE)))
    }

    /// Whether the profile has no properties.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("keys", &self.properties.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Every profile and section of the shared files, and which profile is
/// selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    /// Sections other than profiles, by prefix (`sso-session`, `services`...)
    /// then name.
    sections: BTreeMap<String, BTreeMap<String, Profile>>,
    selected: String,
    files: Vec<PathBuf>,
}

/// Which of the two shared files a text came from: their rules differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

impl ProfileSet {
    /// Reads the shared files named by the environment:
    /// `AWS_CONFIG_FILE` (default `~/.aws/config`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), with a
    /// leading `~` replaced by the home directory. The selected profile is
    /// `AWS_PROFILE`, or `default`.
    ///
    /// A file that does not exist counts as empty; one that cannot be read or
    /// is malformed is an error naming the file (and the line). Reading is
    /// blocking, which is acceptable for these small local files.
    pub fn load(env: &Env) -> Result<Self, ProfileFileError> {
        let mut set = Self::empty(selected_profile_name(env));
        let files = [
            (FileKind::Config, "AWS_CONFIG_FILE", "config"),
            (
                FileKind::Credentials,
                "AWS_SHARED_CREDENTIALS_FILE",
                "credentials",
            ),
        ];
        for (kind, variable, default_name) in files {
            let Some(path) = file_path(env, variable, default_name) else {
                continue;
            };
            if let Some(contents) = read_file(&path)? {
                set.merge(&contents, kind)
                    .map_err(|e| ProfileFileError::syntax(&path, e))?;
            }
            set.files.push(path);
        }
        Ok(set)
    }

    /// Parses the texts of a `config` and a `credentials` file, selecting the
    /// `default` profile. Errors name the files `config` and `credentials`.
    pub fn parse(config: &str, credentials: &str) -> Result<Self, ProfileFileError> {
        let mut set = Self::empty(DEFAULT_PROFILE.to_owned());
        set.merge(config, FileKind::Config)
            .map_err(|e| ProfileFileError::syntax(Path::new("config"), e))?;
        set.merge(credentials, FileKind::Credentials)
            .map_err(|e| ProfileFileError::syntax(Path::new("credentials"), e))?;
        Ok(set)
    }

    fn empty(selected: String) -> Self {
        Self {
            selected,
            ..Self::default()
        }
    }

    /// Selects another profile.
    pub fn with_selected(mut self, name: impl Into<String>) -> Self {
        self.selected = name.into();
        self
    }

    /// The name of the selected profile.
    pub fn selected_name(&self) -> &str {
        &self.selected
    }

    /// The selected profile, if any file defines it.
    pub fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The names of all profiles, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// The `[sso-session name]` section of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.section("sso-session", name)
    }

    /// Another `[prefix name]` section of the config file, such as
    /// `[services name]`.
    pub fn section(&self, prefix: &str, name: &str) -> Option<&Profile> {
        self.sections.get(prefix)?.get(name)
    }

    /// Whether no file defined any profile.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The files [`ProfileSet::load`] looked at, whether or not they existed.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Adds one file's sections, its properties overriding those already
    /// present (config is merged first, so credentials win).
    fn merge(&mut self, contents: &str, kind: FileKind) -> Result<(), SyntaxError> {
        let sections = parse::parse(contents)?;
        // `[profile default]` anywhere in the config file makes every
        // `[default]` section of that file ignored, not merged.
        let ignore_bare_default = kind == FileKind::Config
            && sections
                .iter()
                .any(|s| classify(s.header, kind) == Some(Target::Profile("default", true)));
        for section in &sections {
            let target = match classify(section.header, kind) {
                Some(Target::Profile(DEFAULT_PROFILE, false)) if ignore_bare_default => continue,
                Some(target) => target,
                None => continue,
            };
            let destination = match target {
                Target::Profile(name, _) => self
                    .profiles
                    .entry(name.to_owned())
                    .or_insert_with(|| Profile::new(name)),
                Target::Section(prefix, name) => self
                    .sections
                    .entry(prefix.to_owned())
                    .or_default()
                    .entry(name.to_owned())
                    .or_insert_with(|| Profile::new(name)),
            };
            merge_properties(destination, section);
        }
        Ok(())
    }
}

/// Where a section's properties go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target<'a> {
    /// A profile; the flag tells whether it was written `[profile name]`.
    Profile(&'a str, bool),
    /// Another `[prefix name]` section of the config file.
    Section(&'a str, &'a str),
}

/// Decides what a section header means in a given file, or `None` when the
/// section is ignored (the SDKs only warn about those).
fn classify(header: &str, kind: FileKind) -> Option<Target<'_>> {
    let (prefix, name) = match header.split_once(WHITESPACE) {
        Some((prefix, name)) => (Some(prefix), name.trim_matches(WHITESPACE)),
        None => (None, header),
    };
    if !is_identifier(name) {
        return None;
    }
    match (kind, prefix) {
        (FileKind::Config, Some("profile")) => Some(Target::Profile(name, true)),
        (FileKind::Config, Some(prefix)) => Some(Target::Section(prefix, name)),
        // Only the default profile may omit the prefix in the config file.
        (FileKind::Config, None) if name == DEFAULT_PROFILE => Some(Target::Profile(name, false)),
        (FileKind::Config, None) => None,
        (FileKind::Credentials, None) => Some(Target::Profile(name, false)),
        // `[profile x]` and other prefixed sections do not belong in the
        // credentials file.
        (FileKind::Credentials, Some(_)) => None,
    }
}

fn merge_properties(destination: &mut Profile, section: &RawSection<'_>) {
    for (key, value) in &section.properties {
        if is_identifier(key) {
            destination.properties.insert(key.clone(), value.clone());
        }
    }
}

/// Profile and property names: `[A-Za-z0-9_\-/.%@:+]+`.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

/// `AWS_PROFILE`, or `default`.
pub(crate) fn selected_profile_name(env: &Env) -> String {
    env.get("AWS_PROFILE")
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// The path in `variable`, or `~/.aws/<default_name>`; `None` when neither the
/// variable nor a home directory is set.
fn file_path(env: &Env, variable: &str, default_name: &str) -> Option<PathBuf> {
    match env.get(variable) {
        Some(path) => Some(expand_home(env, &path)),
        None => Some(env.home_dir()?.join(".aws").join(default_name)),
    }
}

/// Replaces a leading `~` (alone or followed by a separator) with the home
/// directory. Without a home directory the path is kept as written.
fn expand_home(env: &Env, path: &str) -> PathBuf {
    let rest = match path.strip_prefix('~') {
        Some("") => "",
        Some(rest) if rest.starts_with('/') || (cfg!(windows) && rest.starts_with('\\')) => {
            &rest[1..]
        }
        _ => return PathBuf::from(path),
    };
    match env.home_dir() {
        Some(home) if rest.is_empty() => home,
        Some(home) => home.join(rest),
        None => PathBuf::from(path),
    }
}

/// The file's text, `None` when it does not exist.
fn read_file(path: &Path) -> Result<Option<String>, ProfileFileError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ProfileFileError {
                path: path.to_owned(),
                kind: ErrorKind::Read(e),
            });
        }
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ProfileFileError {
            path: path.to_owned(),
            kind: ErrorKind::NotUtf8 {
                line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
            },
        }
    })
}

/// A shared config or credentials file could not be read or is malformed.
///
/// The message names the file and line but never quotes the file, which may
/// hold secret keys.
#[derive(Debug)]
pub struct ProfileFileError {
    path: PathBuf,
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    Read(io::Error),
    NotUtf8 { line: usize },
    Syntax { line: usize, message: &'static str },
}

impl ProfileFileError {
    fn syntax(path: &Path, error: SyntaxError) -> Self {
        Self {
            path: path.to_owned(),
            kind: ErrorKind::Syntax {
                line: error.line,
                message: error.message,
            },
        }
    }

    /// The file at fault.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The 1-based line at fault, when the file could be read.
    pub fn line(&self) -> Option<usize> {
        match self.kind {
            ErrorKind::Read(_) => None,
            ErrorKind::NotUtf8 { line } | ErrorKind::Syntax { line, .. } => Some(line),
        }
    }
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ErrorKind::Read(e) => write!(f, "could not read {path}: {e}"),
            ErrorKind::NotUtf8 { line } => write!(f, "{path}, line {line}: not valid UTF-8"),
            ErrorKind::Syntax { line, message } => write!(f, "{path}, line {line}: {message}"),
        }
    }
}

impl StdError for ProfileFileError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            ErrorKind::Read(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
