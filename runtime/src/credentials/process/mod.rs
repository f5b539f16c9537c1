//! `credential_process`: a profile names a command whose standard output is
//! a JSON document holding credentials.
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
//! ```

use super::{Credentials, CredentialsError, parse_rfc3339};
use crate::json::JsonReader;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

const PROVIDER: &str = "CredentialProcess";

/// At most this much of the command's standard error goes into an error
/// message.
const MAX_STDERR: usize = 512;

/// How long the command may run: the credential load timeout of
/// aws-sdk-rust. A command that hangs would otherwise block every call.
pub const CREDENTIAL_PROCESS_TIMEOUT: Duration = Duration::from_secs(5);

/// The most output read from the command. Credentials are a few kilobytes;
/// a command printing without end is stopped here.
pub const MAX_CREDENTIAL_PROCESS_OUTPUT: usize = 1024 * 1024;

/// What the command left behind.
struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Why running the command failed.
#[derive(Debug)]
enum RunError {
    Io(std::io::Error),
    TimedOut(Duration),
    TooMuchOutput(usize),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::TimedOut(limit) => {
                write!(f, "it did not finish within {limit:?} and was stopped")
            }
            Self::TooMuchOutput(limit) => {
                write!(f, "it printed more than {limit} bytes and was stopped")
            }
        }
    }
}

impl std::error::Error for RunError {}

/// Runs `command` through the platform shell and reads credentials from its
/// output. `profile` only names the profile in error messages; the command
/// itself is never quoted, as it may carry secrets in its arguments.
pub(super) async fn credentials(
    command: &str,
    profile: &str,
) -> Result<Credentials, CredentialsError> {
    run_with(
        command,
        profile,
        CREDENTIAL_PROCESS_TIMEOUT,
        MAX_CREDENTIAL_PROCESS_OUTPUT,
    )
    .await
}

/// [`credentials`] with a given time limit and output cap.
async fn run_with(
    command: &str,
    profile: &str,
    timeout: Duration,
    max_output: usize,
) -> Result<Credentials, CredentialsError> {
    let output = run(shell(command), timeout, max_output)
        .await
        .map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("the credential_process of profile `{profile}` failed: {e}"),
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
    // A process group of its own, so that a timeout stops everything the
    // command started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    shell
}

/// Runs the command, reading at most `max_output` bytes of its output, and
/// stops it (kills it) when it runs past `timeout` or prints more. The
/// waiting happens on a blocking thread when there is a Tokio runtime to
/// hand it to; otherwise (another executor, or none) in place.
async fn run(
    mut command: Command,
    timeout: Duration,
    max_output: usize,
) -> Result<Output, RunError> {
    let mut child = command.spawn().map_err(RunError::Io)?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let child = Arc::new(Mutex::new(child));
    let kill = {
        let child = child.clone();
        move || {
            let mut child = child.lock().unwrap_or_else(PoisonError::into_inner);
            // The shell's own children (the command it runs) hold the pipes
            // too: stop the whole process group the shell leads.
            #[cfg(unix)]
            if let Ok(None) = child.try_wait() {
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
            // It may have exited already; there is nothing more to do then.
            let _ = child.kill();
            let _ = child.wait();
        }
    };
    let collect = {
        let kill = kill.clone();
        move || collect(&child, stdout, stderr, max_output, kill)
    };
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => {
            let waiting = handle.spawn_blocking(collect);
            match tokio::time::timeout(timeout, waiting).await {
                Ok(joined) => joined.map_err(|e| RunError::Io(std::io::Error::other(e)))?,
                Err(_) => {
                    // Killing the command closes its pipes, which ends the
                    // blocking reads too.
                    kill();
                    Err(RunError::TimedOut(timeout))
                }
            }
        }
        Err(_) => {
            // No timer without a runtime: a watchdog thread kills the
            // command when its time is up.
            let (done, finished) = std::sync::mpsc::channel::<()>();
            let watchdog_kill = kill.clone();
            let watchdog = std::thread::spawn(move || {
                finished.recv_timeout(timeout).is_err() && {
                    watchdog_kill();
                    true
                }
            });
            let result = collect();
            let _ = done.send(());
            let timed_out = watchdog.join().unwrap_or(false);
            if timed_out {
                Err(RunError::TimedOut(timeout))
            } else {
                result
            }
        }
    }
}

/// Reads the command's output (standard error on a thread of its own, so
/// that neither pipe fills and blocks the command), then waits for it.
fn collect(
    child: &Mutex<Child>,
    stdout: Option<std::process::ChildStdout>,
    stderr: Option<std::process::ChildStderr>,
    max_output: usize,
    kill: impl Fn(),
) -> Result<Output, RunError> {
    let stderr_reader = stderr.map(|stderr| {
        std::thread::spawn(move || {
            let mut stderr = stderr;
            let mut kept = Vec::new();
            // Keep what an error message shows; drain the rest, so the
            // command never blocks on a full pipe.
            let _ = (&mut stderr)
                .take(MAX_STDERR as u64 * 4)
                .read_to_end(&mut kept);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            kept
        })
    });
    let mut out = Vec::new();
    if let Some(stdout) = stdout {
        let limit = u64::try_from(max_output)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        stdout
            .take(limit)
            .read_to_end(&mut out)
            .map_err(RunError::Io)?;
    }
    if out.len() > max_output {
        kill();
        return Err(RunError::TooMuchOutput(max_output));
    }
    // Polled rather than waited for with the lock held, so that the
    // timeout can still take the lock and kill the command.
    let status = loop {
        let exited = child
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .try_wait()
            .map_err(RunError::Io)?;
        match exited {
            Some(status) => break status,
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let stderr = stderr_reader
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    Ok(Output {
        status,
        stdout: out,
        stderr,
    })
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
    let mut account_id = None;
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
            "AccountId" => &mut account_id,
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
    let credentials = Credentials::new(access_key_id, secret, token, expiry, PROVIDER);
    Ok(match account_id.filter(|s| !s.is_empty()) {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

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
        assert_eq!(c.account_id(), Some("123"));
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

    #[tokio::test]
    async fn a_hung_command_is_stopped_at_the_timeout() {
        let started = std::time::Instant::now();
        let error = run_with("sleep 30", "slow", Duration::from_millis(300), 1024)
            .await
            .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("profile `slow`"), "{text}");
        assert!(text.contains("did not finish within 300ms"), "{text}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not waited for"
        );
    }

    #[tokio::test]
    async fn endless_output_is_cut_at_the_cap() {
        let error = run_with("yes", "chatty", Duration::from_secs(20), 64 * 1024)
            .await
            .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("profile `chatty`"), "{text}");
        assert!(text.contains("more than 65536 bytes"), "{text}");
    }

    #[test]
    fn without_a_runtime_the_timeout_holds_too() {
        let future = run_with("sleep 30", "plain", Duration::from_millis(300), 1024);
        // A minimal executor: no Tokio runtime is current here.
        let error = futures_lite_block_on(future).unwrap_err();
        assert!(error.to_string().contains("did not finish"), "{error}");
    }

    fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        loop {
            if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    #[tokio::test]
    async fn a_working_command_still_gives_credentials() {
        let command =
            r#"echo '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S"}'; echo noise >&2"#;
        let credentials = credentials(command, "ok").await.unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("héllo", 3), "hé");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
