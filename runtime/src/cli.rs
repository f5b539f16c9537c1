//! Support for the command-line tools generated next to each client
//! (`examples/<crate>.rs`), shaped like the AWS CLI.
//!
//! Generated code declares, per operation, which flags exist and which input
//! member each sets; this module turns arguments (and `--cli-input-json`)
//! into one JSON [`Document`] keyed by model member names, prints outputs as
//! indented JSON, and maps failures to the AWS CLI's exit codes: 252 for
//! invalid parameters (nothing sent), 254 for an error the service returned,
//! 255 for anything else.

use crate::document::{Document, Number};
use crate::error::{ProvideErrorMetadata, SdkError};
use crate::json::JsonReader;
use std::collections::BTreeMap;
use std::fmt;
use std::process::ExitCode;

/// Exit code for invalid parameters (the request was not sent).
pub const EXIT_INVALID_PARAMETERS: u8 = 252;
/// Exit code for an error the service returned.
pub const EXIT_SERVICE_ERROR: u8 = 254;
/// Exit code for any other failure (credentials, network, response).
pub const EXIT_OTHER: u8 = 255;

/// How a flag's value is written on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One string value (also enums and timestamps).
    String,
    /// One number.
    Number,
    /// A boolean: `--flag` or `--no-flag`.
    Boolean,
    /// Several string values: `--flag a b c`.
    StringList,
    /// One JSON value (structures, maps, unions, documents, other lists).
    Json,
}

/// One flag of an operation.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The flag, e.g. `--component-name`.
    pub flag: &'static str,
    /// The input member it sets, e.g. `componentName`.
    pub member: &'static str,
    /// How its value is written.
    pub kind: Kind,
}

/// What the command line said, besides the operation's flags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Invocation {
    /// The input, keyed by member name: `--cli-input-json` overlaid with the
    /// flags given.
    pub input: BTreeMap<String, Document>,
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
}

/// A command-line mistake: printed, then exit 252.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Parses an operation's arguments (everything after the subcommand).
pub fn parse_args(args: &[String], params: &[Param]) -> Result<Invocation, UsageError> {
    let mut invocation = Invocation::default();
    let mut from_flags: BTreeMap<String, Document> = BTreeMap::new();
    let mut cli_input: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut next_value = |name: &str| -> Result<String, UsageError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            match args.get(i) {
                Some(v) if !v.starts_with("--") => {
                    i += 1;
                    Ok(v.clone())
                }
                _ => Err(usage(format!("argument {name}: expected one argument"))),
            }
        };
        match flag {
            "--region" => invocation.region = Some(next_value(flag)?),
            "--endpoint-url" => invocation.endpoint_url = Some(next_value(flag)?),
            "--cli-input-json" => cli_input = Some(next_value(flag)?),
            _ => {
                let negated = flag.strip_prefix("--no-").map(|rest| format!("--{rest}"));
                let param = params
                    .iter()
                    .find(|p| p.flag == flag)
                    .or_else(|| {
                        negated.as_deref().and_then(|n| {
                            params
                                .iter()
                                .find(|p| p.flag == n && p.kind == Kind::Boolean)
                        })
                    })
                    .ok_or_else(|| usage(format!("Unknown options: {flag}")))?;
                let value = match param.kind {
                    Kind::Boolean => Document::Bool(param.flag == flag),
                    Kind::String => Document::String(next_value(flag)?),
                    Kind::Number => {
                        let text = next_value(flag)?;
                        parse_number(&text).ok_or_else(|| {
                            usage(format!("argument {flag}: invalid number: '{text}'"))
                        })?
                    }
                    Kind::StringList => {
                        let mut items = Vec::new();
                        if let Some(v) = inline.clone() {
                            items.push(Document::String(v));
                        }
                        while let Some(v) = args.get(i).filter(|v| !v.starts_with("--")) {
                            items.push(Document::String(v.clone()));
                            i += 1;
                        }
                        if items.is_empty() {
                            return Err(usage(format!(
                                "argument {flag}: expected at least one argument"
                            )));
                        }
                        Document::Array(items)
                    }
                    Kind::Json => {
                        let text = next_value(flag)?;
                        parse_json(&text).map_err(|e| {
                            usage(format!("Error parsing parameter '{flag}': Invalid JSON: {e}\nJSON received: {text}"))
                        })?
                    }
                };
                from_flags.insert(param.member.to_owned(), value);
            }
        }
    }
    if let Some(text) = cli_input {
        match parse_json(&text) {
            Ok(Document::Object(members)) => invocation.input = members,
            Ok(_) => return Err(usage("--cli-input-json must be a JSON object")),
            Err(e) => {
                return Err(usage(format!(
                    "Error parsing parameter '--cli-input-json': Invalid JSON: {e}"
                )));
            }
        }
    }
    // Flags override what --cli-input-json says, as in the AWS CLI.
    invocation.input.extend(from_flags);
    Ok(invocation)
}

fn parse_number(text: &str) -> Option<Document> {
    let mut reader = JsonReader::new(text.as_bytes());
    match reader.read_document() {
        Ok(doc @ Document::Number(_)) if reader.finish().is_ok() => Some(doc),
        _ => None,
    }
}

fn parse_json(text: &str) -> Result<Document, String> {
    let mut reader = JsonReader::new(text.as_bytes());
    let doc = reader.read_document().map_err(|e| e.to_string())?;
    reader.finish().map_err(|e| e.to_string())?;
    Ok(doc)
}

/// Reads input values out of the parsed [`Document`], naming the parameter
/// path in every error.
pub mod value {
    use super::{Document, Number, UsageError, usage};
    use crate::{Blob, DateTime, datetime::Format};

    fn wrong(path: &str, expected: &str, found: &Document) -> UsageError {
        let found = match found {
            Document::Object(_) => "an object",
            Document::Array(_) => "a list",
            Document::Number(_) => "a number",
            Document::String(_) => "a string",
            Document::Bool(_) => "a boolean",
            Document::Null => "null",
        };
        usage(format!(
            "Invalid type for parameter {path}, value: {found}, valid types: {expected}"
        ))
    }

    /// A string.
    pub fn string(v: &Document, path: &str) -> Result<String, UsageError> {
        match v {
            Document::String(s) => Ok(s.clone()),
            other => Err(wrong(path, "<class 'str'>", other)),
        }
    }

    /// A boolean.
    pub fn boolean(v: &Document, path: &str) -> Result<bool, UsageError> {
        match v {
            Document::Bool(b) => Ok(*b),
            other => Err(wrong(path, "<class 'bool'>", other)),
        }
    }

    /// An integer of any width, range checked.
    pub fn integer<T: TryFrom<Number>>(v: &Document, path: &str) -> Result<T, UsageError> {
        match v {
            Document::Number(n) => T::try_from(*n).map_err(|_| {
                usage(format!(
                    "Invalid value for parameter {path}: out of range or not an integer"
                ))
            }),
            other => Err(wrong(path, "<class 'int'>", other)),
        }
    }

    /// A float.
    pub fn float(v: &Document, path: &str) -> Result<f64, UsageError> {
        match v {
            Document::Number(n) => Ok(n.to_f64_lossy()),
            other => Err(wrong(path, "<class 'float'>", other)),
        }
    }

    /// A timestamp: ISO 8601 text or seconds since the epoch.
    pub fn timestamp(v: &Document, path: &str) -> Result<DateTime, UsageError> {
        let parsed = match v {
            Document::String(s) => DateTime::from_str(s, Format::DateTime)
                .or_else(|_| DateTime::from_str(s, Format::EpochSeconds)),
            Document::Number(n) => {
                DateTime::from_str(&n.to_f64_lossy().to_string(), Format::EpochSeconds)
            }
            other => return Err(wrong(path, "<class 'datetime.datetime'>, timestamp", other)),
        };
        parsed.map_err(|e| usage(format!("Invalid timestamp for parameter {path}: {e}")))
    }

    /// A blob, given as base64 text.
    pub fn blob(v: &Document, path: &str) -> Result<Blob, UsageError> {
        let text = string(v, path)?;
        crate::blob::decode(&text)
            .map(Blob::new)
            .map_err(|e| usage(format!("Invalid base64 for parameter {path}: {e}")))
    }

    /// A list.
    pub fn list<'a>(v: &'a Document, path: &str) -> Result<&'a [Document], UsageError> {
        match v {
            Document::Array(items) => Ok(items),
            other => Err(wrong(path, "<class 'list'>", other)),
        }
    }

    /// An object (structure, map or union).
    pub fn object<'a>(
        v: &'a Document,
        path: &str,
    ) -> Result<&'a std::collections::BTreeMap<String, Document>, UsageError> {
        match v {
            Document::Object(members) => Ok(members),
            other => Err(wrong(path, "<class 'dict'>", other)),
        }
    }
}

/// Re-indents compact JSON with four spaces per level, as the AWS CLI
/// prints it. Input is JSON this crate's writer produced.
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("    ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Prints a failed call the way the AWS CLI does and returns its exit code.
pub fn report_error<E>(operation: &str, error: &SdkError<E>) -> ExitCode
where
    E: ProvideErrorMetadata + fmt::Display,
{
    match error {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let line = service_error_line(operation, e.code(), e.message(), service.raw().status());
            eprintln!("\n{line}");
            ExitCode::from(EXIT_SERVICE_ERROR)
        }
        SdkError::ConstructionFailure(failure) => match failure.build_error() {
            Some(build) => {
                eprintln!(
                    "\nParameter validation failed:\n{}",
                    describe_build_error(build)
                );
                ExitCode::from(EXIT_INVALID_PARAMETERS)
            }
            None => {
                eprintln!("\n{error}");
                ExitCode::from(EXIT_OTHER)
            }
        },
        other => {
            eprintln!("\n{other}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}

/// The AWS CLI's line for a service error. An error response without a
/// code or message (an HTML page from a proxy, an empty 503) is described
/// by its HTTP status and reason, as botocore does.
fn service_error_line(
    operation: &str,
    code: Option<&str>,
    message: Option<&str>,
    status: http::StatusCode,
) -> String {
    let code = code.unwrap_or(status.as_str());
    let message = message.or(status.canonical_reason()).unwrap_or("Unknown");
    format!("An error occurred ({code}) when calling the {operation} operation: {message}")
}

/// A build error in CLI terms: a missing parameter as its flag, an invalid
/// one by its details, which name it as the model does (`componentName`)
/// rather than by its Rust field name.
fn describe_build_error(e: &crate::error::BuildError) -> String {
    match e.field() {
        Some(field) if e.is_missing_field() => {
            format!(
                "Missing required parameter in input: \"--{}\"",
                field.replace('_', "-")
            )
        }
        Some(_) => e.details().to_owned(),
        None => e.to_string(),
    }
}

/// Prints a usage error and returns exit code 252.
pub fn report_usage(command: &str, error: &UsageError) -> ExitCode {
    eprintln!("\n{command}: error: {error}");
    ExitCode::from(EXIT_INVALID_PARAMETERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &[Param] = &[
        Param {
            flag: "--component-name",
            member: "componentName",
            kind: Kind::String,
        },
        Param {
            flag: "--count",
            member: "count",
            kind: Kind::Number,
        },
        Param {
            flag: "--dry-run",
            member: "dryRun",
            kind: Kind::Boolean,
        },
        Param {
            flag: "--tags",
            member: "tags",
            kind: Kind::StringList,
        },
        Param {
            flag: "--spec",
            member: "spec",
            kind: Kind::Json,
        },
    ];

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn flags_become_members() {
        let inv = parse_args(
            &args(&[
                "--component-name",
                "web",
                "--count=3",
                "--dry-run",
                "--tags",
                "a",
                "b",
                "--spec",
                r#"{"x":[1]}"#,
                "--region",
                "eu-west-1",
            ]),
            PARAMS,
        )
        .unwrap();
        assert_eq!(inv.input["componentName"], Document::String("web".into()));
        assert_eq!(inv.input["count"], Document::Number(Number::PosInt(3)));
        assert_eq!(inv.input["dryRun"], Document::Bool(true));
        assert_eq!(
            inv.input["tags"],
            Document::Array(vec!["a".into(), "b".into()])
        );
        assert!(matches!(inv.input["spec"], Document::Object(_)));
        assert_eq!(inv.region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn no_flag_negates_booleans() {
        let inv = parse_args(&args(&["--no-dry-run"]), PARAMS).unwrap();
        assert_eq!(inv.input["dryRun"], Document::Bool(false));
    }

    #[test]
    fn flags_override_cli_input_json() {
        let inv = parse_args(
            &args(&[
                "--cli-input-json",
                r#"{"componentName":"a","count":1}"#,
                "--component-name",
                "b",
            ]),
            PARAMS,
        )
        .unwrap();
        assert_eq!(inv.input["componentName"], Document::String("b".into()));
        assert_eq!(inv.input["count"], Document::Number(Number::PosInt(1)));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        assert!(
            parse_args(&args(&["--nope", "x"]), PARAMS)
                .unwrap_err()
                .0
                .contains("--nope")
        );
        assert!(
            parse_args(&args(&["--component-name"]), PARAMS)
                .unwrap_err()
                .0
                .contains("expected one argument")
        );
        assert!(
            parse_args(&args(&["--count", "x"]), PARAMS)
                .unwrap_err()
                .0
                .contains("invalid number")
        );
        assert!(
            parse_args(&args(&["--spec", "{"]), PARAMS)
                .unwrap_err()
                .0
                .contains("Invalid JSON")
        );
        assert!(parse_args(&args(&["--cli-input-json", "[]"]), PARAMS).is_err());
    }

    #[test]
    fn pretty_prints_like_the_aws_cli() {
        assert_eq!(
            pretty(r#"{"a":{"b":[1,2],"c":"x,{y}"},"d":{},"e":[]}"#),
            "{\n    \"a\": {\n        \"b\": [\n            1,\n            2\n        ],\n        \"c\": \"x,{y}\"\n    },\n    \"d\": {},\n    \"e\": []\n}"
        );
    }

    #[test]
    fn service_errors_without_code_or_message_show_the_status() {
        let op = "CancelComponentDeployment";
        assert_eq!(
            service_error_line(
                op,
                Some("Oops"),
                Some("it broke"),
                http::StatusCode::BAD_REQUEST
            ),
            "An error occurred (Oops) when calling the CancelComponentDeployment operation: it broke"
        );
        assert_eq!(
            service_error_line(op, None, None, http::StatusCode::SERVICE_UNAVAILABLE),
            "An error occurred (503) when calling the CancelComponentDeployment operation: Service Unavailable"
        );
        let unknown = http::StatusCode::from_u16(599).unwrap();
        assert_eq!(
            service_error_line(op, None, None, unknown),
            "An error occurred (599) when calling the CancelComponentDeployment operation: Unknown"
        );
    }

    #[test]
    fn build_errors_name_the_parameter_not_the_rust_field() {
        use crate::error::BuildError;
        let missing = BuildError::missing_field("component_name", "when building Input");
        assert_eq!(
            describe_build_error(&missing),
            "Missing required parameter in input: \"--component-name\""
        );
        let short = BuildError::invalid_field(
            "component_name",
            "input.componentName must be at least 1 characters long, but it is 0",
        );
        assert_eq!(
            describe_build_error(&short),
            "input.componentName must be at least 1 characters long, but it is 0"
        );
    }

    #[test]
    fn values_name_the_parameter() {
        let e = value::string(&Document::Bool(true), "componentName").unwrap_err();
        assert!(e.0.contains("componentName"), "{e}");
        assert_eq!(
            value::integer::<i32>(&Document::Number(Number::PosInt(7)), "n").unwrap(),
            7
        );
        assert!(value::integer::<i8>(&Document::Number(Number::PosInt(700)), "n").is_err());
        let t = value::timestamp(&Document::String("2023-11-14T22:13:20Z".into()), "t").unwrap();
        assert_eq!(t.secs(), 1_700_000_000);
    }
}
