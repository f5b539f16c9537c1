//! `credential_process`: a profile names a command whose standard output is
//! a JSON document holding credentials.
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
//! ```

mod json;

use super::{Credentials, CredentialsError};
use json::Value;
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
/// ..." and never quotes the output.
fn parse_output(stdout: &[u8]) -> Result<Credentials, String> {
    let text = std::str::from_utf8(stdout).map_err(|_| "output that is not UTF-8".to_owned())?;
    let members = json::parse_object(text).map_err(|e| {
        format!(
            "output that is not a JSON object ({} at byte {})",
            e.message, e.offset
        )
    })?;
    // Later duplicates win, as in most JSON readers.
    let member = |name: &str| {
        members
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v)
    };
    let string = |name: &'static str| match member(name) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Other) => Ok(None),
        Some(Value::Number(_)) => Err(format!("a non-string `{name}`")),
    };
    match member("Version") {
        Some(Value::Number(v)) if v == "1" => {}
        Some(_) => return Err("an unsupported `Version` (only 1 is supported)".to_owned()),
        None => return Err("no `Version`".to_owned()),
    }
    let access_key_id = string("AccessKeyId")?
        .filter(|s| !s.is_empty())
        .ok_or("no `AccessKeyId`")?;
    let secret = string("SecretAccessKey")?
        .filter(|s| !s.is_empty())
        .ok_or("no `SecretAccessKey`")?;
    let token = string("SessionToken")?.filter(|s| !s.is_empty());
    let expiry = match string("Expiration")? {
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

fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let time =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    // Whole seconds and the fraction apart: nanoseconds since 1970 overflow
    // a u64 in 2554, and expirations are free to lie beyond that.
    let seconds = std::time::Duration::from_secs(time.unix_timestamp().unsigned_abs());
    let fraction = std::time::Duration::from_nanos(time.nanosecond().into());
    let whole = if time.unix_timestamp() >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(seconds)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(seconds)
    };
    whole?.checked_add(fraction)
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
            (b"SECRET", "output that is not a JSON object (expected '{' at byte 0)"),
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
