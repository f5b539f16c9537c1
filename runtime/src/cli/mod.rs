//! Support for the command-line tools generated next to each client
//! (`examples/<crate>.rs`), shaped like the AWS CLI.
//!
//! Generated code declares, per operation, which flags exist and which input
//! member each sets; this module turns arguments (and `--cli-input-json`)
//! into one JSON [`Document`] keyed by model member names, prints outputs as
//! indented JSON, and maps failures to the AWS CLI's exit codes: 252 for
//! invalid parameters (nothing sent), 254 for an error the service returned,
//! 255 for anything else.
//!
//! Options every command takes, as in the AWS CLI: `--region`,
//! `--endpoint-url`, `--cli-input-json`, `--cli-read-timeout` (default 60
//! seconds, 0 for none), `--cli-connect-timeout` (0 for none) and
//! `--debug` (the client's `tracing` events on standard error; `RUST_LOG`
//! selects them too). A parameter's value may be `file://path` (the file's
//! text) or `fileb://path` (its bytes, for blob parameters).

use crate::config::{ConfigBuilder, ServiceSpec};
use crate::document::Document;
use crate::error::{ProvideErrorMetadata, SdkError};
use crate::json::JsonReader;
use crate::region::Region;
use std::collections::BTreeMap;
use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

mod command;
mod output;
mod pages;
mod query;
pub mod value;
pub use command::{Command, Results, set_input};
pub use output::Format;
pub use pages::{Pages, Pagination, PagingOptions};
pub use query::Query;

/// The AWS CLI's default `--cli-read-timeout`.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

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
    /// A streaming blob: a file, `fileb://PATH` or the path itself, read as
    /// the request is sent.
    Stream,
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

impl Param {
    /// The parameter `flag` setting `member`, written as `kind` says.
    pub const fn new(flag: &'static str, member: &'static str, kind: Kind) -> Self {
        Self { flag, member, kind }
    }
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
    /// `--cli-read-timeout`: `Some(None)` for 0, no timeout.
    pub read_timeout: Option<Option<Duration>>,
    /// `--cli-connect-timeout`: `Some(None)` for 0, no timeout.
    pub connect_timeout: Option<Option<Duration>>,
    /// The positional argument: the file a streaming output is written to
    /// (`aws glacier get-job-output ... OUTFILE`).
    pub outfile: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--max-items`, `--starting-token`, `--page-size`, `--no-paginate`
    /// (paginated operations only).
    pub paging: PagingOptions,
    /// `--query`: what of the output to print.
    pub query: Option<Query>,
    /// `--output`, or `AWS_DEFAULT_OUTPUT`, or the profile's `output`;
    /// JSON when none says.
    pub output: Option<Format>,
    /// `--max-wait SECONDS` of a `wait` command; [`DEFAULT_MAX_WAIT`] when
    /// not given.
    pub max_wait: Option<Duration>,
}

impl Invocation {
    /// Applies the options to a configuration: region, endpoint URL, and
    /// the read timeout (60 seconds unless `--cli-read-timeout` says
    /// otherwise) and connect timeout.
    pub fn configure<S: ServiceSpec>(&self, mut builder: ConfigBuilder<S>) -> ConfigBuilder<S> {
        if let Some(region) = &self.region {
            builder = builder.region(Region::new(region.clone()));
        }
        if let Some(url) = &self.endpoint_url {
            builder = builder.endpoint_url(url.clone());
        }
        let mut timeouts = *builder.peek_timeout_config();
        timeouts =
            timeouts.set_read_timeout(self.read_timeout.unwrap_or(Some(DEFAULT_READ_TIMEOUT)));
        if let Some(connect) = self.connect_timeout {
            timeouts = timeouts.set_connect_timeout(connect);
        }
        builder.timeout_config(timeouts)
    }
}

/// The command line's arguments after the program name.
///
/// # Errors
/// An argument that is not valid UTF-8 is an invalid parameter: it is
/// reported and exit code 252 returned, as the AWS CLI does.
pub fn args() -> Result<Vec<String>, ExitCode> {
    args_from(std::env::args_os().skip(1))
}

fn args_from(args: impl Iterator<Item = std::ffi::OsString>) -> Result<Vec<String>, ExitCode> {
    args.enumerate()
        .map(|(index, arg)| {
            arg.into_string().map_err(|arg| {
                eprintln!(
                    "\nargument {} is not valid UTF-8: {}",
                    index + 1,
                    arg.to_string_lossy()
                );
                ExitCode::from(EXIT_INVALID_PARAMETERS)
            })
        })
        .collect()
}

/// Sends the client's `tracing` output to standard error: everything at
/// `debug` and above from the client and its runtime with `--debug`, else
/// what `RUST_LOG` selects (`debug`, `lean_runtime=trace`, ...), else
/// nothing. Never shows a secret: the runtime logs no credentials, headers
/// or bodies.
pub fn init_logging(invocation: &Invocation) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = if invocation.debug {
        Some(Targets::new().with_default(LevelFilter::DEBUG))
    } else {
        std::env::var("RUST_LOG")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| v.parse::<Targets>().ok())
    };
    let Some(filter) = filter else { return };
    let format = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // A second call (or a program that set its own) keeps the first.
    let _ = tracing_subscriber::registry()
        .with(format)
        .with(filter)
        .try_init();
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
    parse(args, params, Extra::None)
}

/// [`parse_args`] for a `wait` command, which also takes `--max-wait
/// SECONDS`.
///
/// # Errors
/// As [`parse_args`], and for a `--max-wait` that is not a number of
/// seconds.
pub fn parse_waiter_args(args: &[String], params: &[Param]) -> Result<Invocation, UsageError> {
    parse(args, params, Extra::Wait)
}

/// How long a `wait` command waits at most unless `--max-wait` says
/// otherwise: ten minutes, about what the AWS CLI's waiters allow.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(600);

/// Prints why a `wait` command's waiter failed, as the AWS CLI does, and
/// returns its exit code (255, failure and timeout alike).
pub fn report_waiter_error(waiter: &str, error: &impl fmt::Display) -> ExitCode {
    eprintln!("\nWaiter {waiter} failed: {error}");
    ExitCode::from(EXIT_OTHER)
}

/// [`parse_args`] for a paginated operation, which also takes
/// `--max-items`, `--starting-token`, `--page-size` and `--no-paginate`.
///
/// # Errors
/// As [`parse_args`], and for a paging option without a valid number.
pub fn parse_paginated_args(args: &[String], params: &[Param]) -> Result<Invocation, UsageError> {
    parse(args, params, Extra::Paging)
}

/// What an operation's command line takes beyond the common options.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    None,
    /// A positional outfile for a streamed output.
    Outfile,
    /// The paging options.
    Paging,
    /// `--max-wait`.
    Wait,
}

/// [`parse_args`] for an operation whose output is streamed to a file: the
/// command line must name it (`aws glacier get-job-output ... OUTFILE`).
///
/// # Errors
/// As [`parse_args`], and when no outfile is given.
pub fn parse_args_with_outfile(
    args: &[String],
    params: &[Param],
) -> Result<Invocation, UsageError> {
    parse(args, params, Extra::Outfile)
}

fn parse(args: &[String], params: &[Param], extra: Extra) -> Result<Invocation, UsageError> {
    let wants_outfile = extra == Extra::Outfile;
    let paging = extra == Extra::Paging;
    let waiting = extra == Extra::Wait;
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
            _ if wants_outfile
                && !flag.starts_with("--")
                && inline.is_none()
                && invocation.outfile.is_none() =>
            {
                invocation.outfile = Some(arg.clone());
            }
            "--region" => invocation.region = Some(next_value(flag)?),
            "--endpoint-url" => invocation.endpoint_url = Some(next_value(flag)?),
            "--cli-input-json" => cli_input = Some(text_value(flag, &next_value(flag)?)?),
            "--cli-read-timeout" => {
                invocation.read_timeout = Some(seconds(flag, &next_value(flag)?)?);
            }
            "--cli-connect-timeout" => {
                invocation.connect_timeout = Some(seconds(flag, &next_value(flag)?)?);
            }
            "--debug" => invocation.debug = true,
            "--query" => {
                let text = next_value(flag)?;
                invocation.query = Some(
                    Query::parse(&text)
                        .map_err(|e| usage(format!("Bad value for --query {text}: {e}")))?,
                );
            }
            "--output" => {
                let name = next_value(flag)?;
                invocation.output = Some(Format::parse(&name).ok_or_else(|| {
                    usage(format!(
                        "argument --output: Invalid choice '{name}', valid choices are: json | text | table"
                    ))
                })?);
            }
            "--max-items" if paging => {
                invocation.paging.max_items = Some(count(flag, &next_value(flag)?)?);
            }
            "--page-size" if paging => {
                invocation.paging.page_size = Some(count(flag, &next_value(flag)?)?);
            }
            "--starting-token" if paging => {
                invocation.paging.starting_token = Some(next_value(flag)?);
            }
            "--no-paginate" if paging => invocation.paging.no_paginate = true,
            "--max-wait" if waiting => {
                invocation.max_wait = Some(Duration::from_secs(count(flag, &next_value(flag)?)?));
            }
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
                    Kind::Stream => {
                        let value = next_value(flag)?;
                        let path = value.strip_prefix("fileb://").unwrap_or(&value);
                        Document::String(path.to_owned())
                    }
                    Kind::String => Document::String(text_value(flag, &next_value(flag)?)?),
                    Kind::Number => {
                        let text = text_value(flag, &next_value(flag)?)?;
                        parse_number(&text).ok_or_else(|| {
                            usage(format!("argument {flag}: invalid number: '{text}'"))
                        })?
                    }
                    Kind::StringList => {
                        let mut items = Vec::new();
                        if let Some(v) = inline.clone() {
                            items.push(Document::String(text_value(flag, &v)?));
                        }
                        while let Some(v) = args.get(i).filter(|v| !v.starts_with("--")) {
                            items.push(Document::String(text_value(flag, v)?));
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
                        let text = text_value(flag, &next_value(flag)?)?;
                        parse_json(&text).map_err(|e| {
                            usage(format!("Error parsing parameter '{flag}': Invalid JSON: {e}\nJSON received: {text}"))
                        })?
                    }
                };
                from_flags.insert(param.member.to_owned(), value);
            }
        }
    }
    if wants_outfile && invocation.outfile.is_none() {
        return Err(usage("the following arguments are required: outfile"));
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
    // Every flag sets a member, so only the JSON can name an unknown one.
    if let Some(other) = invocation
        .input
        .keys()
        .find(|key| !params.iter().any(|p| p.member == key.as_str()))
    {
        let names: Vec<&str> = params.iter().map(|p| p.member).collect();
        return Err(value::unknown(
            &value::Path::Input,
            other,
            &names.join(", "),
        ));
    }
    Ok(invocation)
}

/// A positive whole number of a paging option.
fn count(flag: &str, text: &str) -> Result<u64, UsageError> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| usage(format!("argument {flag}: invalid int value: '{text}'")))
}

/// A parameter's value as given, or read from a file: `file://path` gives
/// the file's text, `fileb://path` its bytes as base64 (the form blob
/// parameters take on the command line), as in the AWS CLI.
fn text_value(flag: &str, value: &str) -> Result<String, UsageError> {
    let read = |path: &str| {
        std::fs::read(path).map_err(|e| {
            usage(format!(
                "Error parsing parameter '{flag}': Unable to load paramfile {value}: {e}"
            ))
        })
    };
    if let Some(path) = value.strip_prefix("fileb://") {
        return Ok(crate::blob::encode(&read(path)?));
    }
    if let Some(path) = value.strip_prefix("file://") {
        return String::from_utf8(read(path)?).map_err(|_| {
            usage(format!(
                "Error parsing parameter '{flag}': {value} is not UTF-8 text; use fileb:// for binary files"
            ))
        });
    }
    Ok(value.to_owned())
}

/// A `--cli-*-timeout` value: seconds, 0 for no timeout.
fn seconds(flag: &str, text: &str) -> Result<Option<Duration>, UsageError> {
    let secs: f64 = text
        .trim()
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
        .ok_or_else(|| {
            usage(format!(
                "argument {flag}: invalid number of seconds: '{text}'"
            ))
        })?;
    if secs == 0.0 {
        return Ok(None);
    }
    Duration::try_from_secs_f64(secs).map(Some).map_err(|_| {
        usage(format!(
            "argument {flag}: invalid number of seconds: '{text}'"
        ))
    })
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

/// Prints an operation's output (compact JSON from the generated writer)
/// as the command line asks: `--query` applied, then in the `--output`
/// format (else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else
/// JSON). Returns the exit code: 0, or 255 when the query fails on this
/// output.
pub fn print(invocation: &Invocation, operation: &str, json: &str) -> ExitCode {
    let format = invocation.output.unwrap_or_else(default_format);
    if invocation.query.is_none() && format == Format::Json {
        println!("{}", pretty(json));
        return ExitCode::SUCCESS;
    }
    let mut value = match parse_json(json) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("\ncannot read the output of {operation}: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    if let Some(query) = &invocation.query {
        value = match query.apply(&value) {
            Ok(value) => value,
            Err(e) => {
                eprintln!("\nBad value for --query: {e}");
                return ExitCode::from(EXIT_OTHER);
            }
        };
    }
    match format {
        Format::Json => {
            let mut compact = String::new();
            crate::json::JsonValueWriter::new(&mut compact).document(&value);
            println!("{}", pretty(&compact));
        }
        Format::Text => print!("{}", output::text(&value)),
        Format::Table => print!("{}", output::table(operation, &value)),
    }
    ExitCode::SUCCESS
}

/// The output format the environment or the selected profile names, as the
/// AWS CLI reads it; JSON when neither does (or names no known format).
fn default_format() -> Format {
    let env = crate::env::Env::real();
    env.get("AWS_DEFAULT_OUTPUT")
        .or_else(|| {
            let profiles = crate::profile::ProfileSet::load(&env).ok()?;
            profiles.selected()?.get("output").map(str::to_owned)
        })
        .and_then(|name| Format::parse(&name))
        .unwrap_or_default()
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

/// The AWS CLI's line for a service error. A modelled error without a
/// message has an empty one, as in botocore. A response with neither code
/// nor message (an HTML page from a proxy, an empty 503) is described by
/// its HTTP status and reason, as botocore's generic error parsing does.
fn service_error_line(
    operation: &str,
    code: Option<&str>,
    message: Option<&str>,
    status: http::StatusCode,
) -> String {
    let (code, message) = match (code, message) {
        (None, None) => (
            status.as_str(),
            status.canonical_reason().unwrap_or("Unknown"),
        ),
        (code, message) => (code.unwrap_or(status.as_str()), message.unwrap_or("")),
    };
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
    use crate::document::Number;

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
    fn cli_input_json_names_only_members_of_the_input() {
        let e = parse_args(
            &args(&["--cli-input-json", r#"{"componentName":"a","colour":1}"#]),
            PARAMS,
        )
        .unwrap_err();
        assert!(
            e.0.starts_with(
                "Unknown parameter in input: \"colour\", must be one of: componentName, count"
            ),
            "{e}"
        );
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
    fn global_options() {
        let inv = parse_args(
            &args(&[
                "--cli-read-timeout",
                "0",
                "--cli-connect-timeout=2.5",
                "--debug",
            ]),
            PARAMS,
        )
        .unwrap();
        assert_eq!(inv.read_timeout, Some(None));
        assert_eq!(inv.connect_timeout, Some(Some(Duration::from_millis(2500))));
        assert!(inv.debug);
        let e = parse_args(&args(&["--cli-read-timeout", "-1"]), PARAMS).unwrap_err();
        assert!(e.0.contains("--cli-read-timeout"), "{e}");
    }

    #[test]
    fn query_output_paging_and_wait_options() {
        let inv = parse_args(&args(&["--query", "a[0]", "--output", "table"]), PARAMS).unwrap();
        assert_eq!(inv.query, Some(Query::parse("a[0]").unwrap()));
        assert_eq!(inv.output, Some(Format::Table));
        assert!(
            parse_args(&args(&["--query", "a["]), PARAMS)
                .unwrap_err()
                .0
                .starts_with("Bad value for --query a[:")
        );
        assert!(
            parse_args(&args(&["--output", "yaml"]), PARAMS)
                .unwrap_err()
                .0
                .contains("json | text | table")
        );

        // Paging options only for paginated commands, --max-wait only for
        // waiters.
        let inv = parse_paginated_args(
            &args(&[
                "--max-items",
                "5",
                "--page-size=2",
                "--starting-token",
                "t",
                "--no-paginate",
            ]),
            PARAMS,
        )
        .unwrap();
        assert_eq!(
            inv.paging,
            PagingOptions {
                max_items: Some(5),
                starting_token: Some("t".into()),
                page_size: Some(2),
                no_paginate: true,
            }
        );
        assert!(parse_args(&args(&["--max-items", "5"]), PARAMS).is_err());
        assert!(parse_paginated_args(&args(&["--max-items", "0"]), PARAMS).is_err());
        let inv = parse_waiter_args(&args(&["--max-wait", "30"]), PARAMS).unwrap();
        assert_eq!(inv.max_wait, Some(Duration::from_secs(30)));
        assert!(parse_args(&args(&["--max-wait", "30"]), PARAMS).is_err());
    }

    #[test]
    fn values_and_input_json_come_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("name.txt");
        std::fs::write(&text, "from-file").unwrap();
        let json = dir.path().join("input.json");
        std::fs::write(&json, r#"{"count": 4}"#).unwrap();
        let binary = dir.path().join("blob.bin");
        std::fs::write(&binary, [0xff, 0x00, 0x10]).unwrap();
        let inv = parse_args(
            &args(&[
                "--component-name",
                &format!("file://{}", text.display()),
                "--cli-input-json",
                &format!("file://{}", json.display()),
                "--tags",
                &format!("fileb://{}", binary.display()),
            ]),
            PARAMS,
        )
        .unwrap();
        assert_eq!(
            inv.input["componentName"],
            Document::String("from-file".into())
        );
        assert_eq!(inv.input["count"], Document::Number(Number::PosInt(4)));
        assert_eq!(inv.input["tags"], Document::Array(vec!["/wAQ".into()]));
        let e = parse_args(
            &args(&["--component-name", &format!("file://{}", binary.display())]),
            PARAMS,
        )
        .unwrap_err();
        assert!(e.0.contains("fileb://"), "{e}");
        let e = parse_args(
            &args(&["--component-name", "file:///nonexistent/x"]),
            PARAMS,
        )
        .unwrap_err();
        assert!(
            e.0.contains("Unable to load paramfile file:///nonexistent/x"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_are_invalid_parameters() {
        use std::os::unix::ffi::OsStringExt;
        let args = vec![
            std::ffi::OsString::from("ok"),
            std::ffi::OsString::from_vec(vec![0x66, 0x6f, 0xff]),
        ];
        assert_eq!(
            args_from(args.into_iter()).unwrap_err(),
            ExitCode::from(EXIT_INVALID_PARAMETERS)
        );
        assert_eq!(
            args_from([std::ffi::OsString::from("a")].into_iter()).unwrap(),
            vec!["a".to_owned()]
        );
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
        // A code without a message: the message stays empty, as in botocore.
        assert_eq!(
            service_error_line(
                op,
                Some("ValidationException"),
                None,
                http::StatusCode::BAD_REQUEST
            ),
            "An error occurred (ValidationException) when calling the CancelComponentDeployment operation: "
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
}
