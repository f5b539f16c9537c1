//! `credential_process`: a profile names a command whose standard output is
//! a JSON document holding credentials.
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
//! ```

use super::{Credentials, CredentialsError};
use crate::DateTime;
use crate::datetime::Format;
use crate::json::JsonReader;
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

const PROVIDER: &str = "CredentialProcess";

/// At most this much of the command's standard error goes into an error
/// message.
const MAX_STDERR: usize = 512;

/// Runs `command` through the platform shell and reads credentials from its
/// output. `profile` only names the profile in error messages; the command
/// itself is never quoted, as it may carry secrets in its arguments.
pub(super) async fn credentials(
    command: &str,
    profile: &str,
) -> Result<Credentials, CredentialsError> {
    let output = run(shell(command)).await.map_err(|e| {
        CredentialsError::provider_error(
            PROVIDER,
            format!("could not run the credential_process of profile `{profile}`: {e}"),
        )
        .with_source(e)
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = truncate(stderr.trim(), MAX_STDERR);
        let mut message = format!(
            "the credential_process of profile `{profile}` failed ({})",
            output.status
        );
        if !stderr.is_empty() {
            message.push_str(": ");
            message.push_str(stderr);
        }
        return Err(CredentialsError::provider_error(PROVIDER, message));
    }
    parse_output(&output.stdout).map_err(|reason| {
        CredentialsError::provider_error(
            PROVIDER,
            format!("the credential_process of profile `{profile}` printed {reason}"),
        )
    })
}

fn shell(command: &str) -> Command {
    let mut shell = if cfg!(windows) {
        let mut c = Command::new("cmd.exe");
        c.arg("/C");
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c");
        c
    };
    shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    shell
}

/// Waits for the command without blocking the async executor when there is
/// a Tokio runtime to hand the wait to; otherwise (another executor, or none)
/// waits in place.
async fn run(mut command: Command) -> std::io::Result<Output> {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle
            .spawn_blocking(move || command.output())
            .await
            .map_err(std::io::Error::other)?,
        Err(_) => command.output(),
    }
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads the command's output. The error completes "the command printed
/// ..." and never quotes the output (it holds secrets).
fn parse_output(stdout: &[u8]) -> Result<Credentials, String> {
    let not_json = |e: crate::error::DeserializeError| {
        // The reader's message may quote a number of the output; the
        // offset alone says where it went wrong.
        format!(
            "output that is not a JSON object (at byte {})",
            e.offset().unwrap_or_default()
        )
    };
    if std::str::from_utf8(stdout).is_err() {
        return Err("output that is not UTF-8".to_owned());
    }
    let mut reader = JsonReader::new(stdout);
    let mut version: Option<String> = None;
    let (mut access_key_id, mut secret, mut token, mut expiration) = (None, None, None, None);
    reader.begin_object().map_err(not_json)?;
    // Later duplicates win, as in most JSON readers.
    while let Some(key) = reader.next_key().map_err(not_json)? {
        let slot = match key.as_ref() {
            "Version" => {
                if !reader.read_null().map_err(not_json)? {
                    version = Some(match reader.read_number_text() {
                        Ok(text) => text.to_owned(),
                        Err(_) => {
                            return Err("an unsupported `Version` (only 1 is supported)".to_owned());
                        }
                    });
                }
                continue;
            }
            "AccessKeyId" => &mut access_key_id,
            "SecretAccessKey" => &mut secret,
            "SessionToken" => &mut token,
            "Expiration" => &mut expiration,
            _ => {
                reader.skip_value().map_err(not_json)?;
                continue;
            }
        };
        if reader.read_null().map_err(not_json)? {
            *slot = None;
            continue;
        }
        match reader.read_string() {
            Ok(text) => *slot = Some(text.into_owned()),
            Err(_) => return Err(format!("a non-string `{key}`")),
        }
    }
    reader.finish().map_err(not_json)?;
    match version.as_deref() {
        Some("1") => {}
        Some(_) => return Err("an unsupported `Version` (only 1 is supported)".to_owned()),
        None => return Err("no `Version`".to_owned()),
    }
    let access_key_id = access_key_id
        .filter(|s| !s.is_empty())
        .ok_or("no `AccessKeyId`")?;
    let secret = secret
        .filter(|s| !s.is_empty())
        .ok_or("no `SecretAccessKey`")?;
    let token = token.filter(|s| !s.is_empty());
    let expiry = match expiration {
        Some(text) => {
            Some(parse_rfc3339(&text).ok_or("an `Expiration` that is not an RFC 3339 timestamp")?)
        }
        None => None,
    };
    Ok(Credentials::new(
        access_key_id,
        secret,
        token,
        expiry,
        PROVIDER,
    ))
}

/// An RFC 3339 timestamp as a `SystemTime` (expirations may lie before
/// 1970 or far ahead).
fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    DateTime::from_str(text, Format::DateTime)
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn full_output() {
        let c = parse_output(
            br#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET",
                 "SessionToken": "TOKEN", "Expiration": "2030-01-02T03:04:05Z", "AccountId": "123"}"#,
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "AKID");
        assert_eq!(c.secret_access_key(), "SECRET");
        assert_eq!(c.session_token(), Some("TOKEN"));
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
        assert_eq!(c.provider_name(), "CredentialProcess");
    }

    #[test]
    fn minimal_output() {
        let c = parse_output(
            br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":null}"#,
        )
        .unwrap();
        assert_eq!(c.session_token(), None);
        assert_eq!(c.expiry(), None);
    }

    #[test]
    fn expiration_with_offset_and_fraction() {
        let c = parse_output(
            br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2030-01-02T05:04:05.5+02:00"}"#,
        )
        .unwrap();
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_millis(1_893_553_445_500))
        );
    }

    #[test]
    fn expirations_far_and_before_1970() {
        let parse = |t| parse_rfc3339(t).unwrap();
        assert_eq!(
            parse("2999-01-01T00:00:00Z"),
            SystemTime::UNIX_EPOCH + Duration::from_secs(32_472_144_000)
        );
        assert_eq!(
            parse("1969-12-31T23:59:59.25Z"),
            SystemTime::UNIX_EPOCH - Duration::from_millis(750)
        );
    }

    #[test]
    fn bad_outputs_are_explained_without_quoting() {
        let cases: [(&[u8], &str); 9] = [
            (b"SECRET", "output that is not a JSON object (at byte 0)"),
            (b"\xff", "output that is not UTF-8"),
            (br#"{"AccessKeyId":"A","SecretAccessKey":"SECRET"}"#, "no `Version`"),
            (
                br#"{"Version":2,"AccessKeyId":"A","SecretAccessKey":"SECRET"}"#,
                "an unsupported `Version` (only 1 is supported)",
            ),
            (
                br#"{"Version":"1","AccessKeyId":"A","SecretAccessKey":"SECRET"}"#,
                "an unsupported `Version` (only 1 is supported)",
            ),
            (br#"{"Version":1,"SecretAccessKey":"SECRET"}"#, "no `AccessKeyId`"),
            (br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":""}"#, "no `SecretAccessKey`"),
            (
                br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"SECRET","Expiration":"tomorrow"}"#,
                "an `Expiration` that is not an RFC 3339 timestamp",
            ),
            (
                br#"{"Version":1,"AccessKeyId":5,"SecretAccessKey":"SECRET"}"#,
                "a non-string `AccessKeyId`",
            ),
        ];
        for (output, expected) in cases {
            let err = parse_output(output).unwrap_err();
            assert_eq!(err, expected);
            assert!(!err.contains("SECRET"));
        }
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("héllo", 3), "hé");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
