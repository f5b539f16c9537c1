//! The generated command-line tool (`cargo run -p proton --example proton`)
//! end to end: the example binary runs against a local HTTP server, with an
//! environment of its own, and its stdout, stderr and exit code are checked.
//!
//! The binary is built once per test run by a nested
//! `cargo build --workspace --example proton` into the same target
//! directory. Cargo holds no lock while tests run, and with `--workspace`
//! the features match those of `cargo test --workspace`, so under that
//! command the nested build finds everything fresh and costs a second or
//! two. Under `cargo test -p generator-tests` the first run compiles the
//! example's dependencies with the workspace's features once.

// The model deprecates Proton's operations (no new customers).
#![allow(deprecated)]

use generator_tests::server::{Reply, TestServer};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "eu-west-1";

const FULL_OUTPUT: &str = r#"{"component":{
    "arn": "arn:aws:proton:eu-west-1:123456789012:component/my-component",
    "createdAt": 1700000000.123,
    "deploymentStatus": "CANCELLING",
    "deploymentStatusMessage": "cancelling \"now\"",
    "description": "front end",
    "environmentName": "prod",
    "lastAttemptedDeploymentId": "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90",
    "lastClientRequestToken": "token-1",
    "lastDeploymentAttemptedAt": 1700000002.5,
    "lastDeploymentSucceededAt": 1699999999,
    "lastModifiedAt": 1700000001,
    "lastSucceededDeploymentId": "0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4",
    "name": "my-component",
    "serviceInstanceName": "instance-1",
    "serviceName": "svc",
    "serviceSpec": "proton: ServiceSpec"
}}"#;

/// What the AWS CLI prints for [`FULL_OUTPUT`]: four-space indents, the
/// model's member names in the model's order, timestamps in UTC with
/// microseconds.
const FULL_OUTPUT_PRINTED: &str = r#"{
    "component": {
        "name": "my-component",
        "description": "front end",
        "arn": "arn:aws:proton:eu-west-1:123456789012:component/my-component",
        "environmentName": "prod",
        "serviceName": "svc",
        "serviceInstanceName": "instance-1",
        "createdAt": "2023-11-14T22:13:20.123000+00:00",
        "lastModifiedAt": "2023-11-14T22:13:21+00:00",
        "lastDeploymentAttemptedAt": "2023-11-14T22:13:22.500000+00:00",
        "lastDeploymentSucceededAt": "2023-11-14T22:13:19+00:00",
        "deploymentStatus": "CANCELLING",
        "deploymentStatusMessage": "cancelling \"now\"",
        "serviceSpec": "proton: ServiceSpec",
        "lastClientRequestToken": "token-1",
        "lastAttemptedDeploymentId": "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90",
        "lastSucceededDeploymentId": "0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4"
    }
}
"#;

/// The required members of a component, and no more.
const SMALL_OUTPUT: &str = r#"{"component":{"arn":"a","createdAt":0,"deploymentStatus":"SUCCEEDED","environmentName":"e","lastModifiedAt":0,"name":"n"}}"#;

const EXIT_SERVICE_ERROR: i32 = 254;
const EXIT_INVALID_PARAMETERS: i32 = 252;
const EXIT_OTHER: i32 = 255;

/// The example binary, built on first use.
fn example_binary() -> &'static Path {
    &examples().0
}

/// The CLI of the restJson1 compliance service (`rest-json`), for what only
/// restJson1 operations have: streamed inputs and outputs.
fn rest_json_binary() -> &'static Path {
    &examples().1
}

/// Both examples, built by one nested Cargo.
fn examples() -> &'static (PathBuf, PathBuf) {
    static BINARIES: OnceLock<Result<(PathBuf, PathBuf), String>> = OnceLock::new();
    match BINARIES.get_or_init(build_examples) {
        Ok(paths) => paths,
        Err(problem) => panic!("cannot build the examples: {problem}"),
    }
}

/// Variables Cargo sets for a running test that must not reach the nested
/// Cargo: some build scripts (ring's) rerun when `CARGO_MANIFEST_DIR`
/// changes, so passing it on would rebuild them on every run, in both the
/// nested and the outer build.
fn is_test_only_cargo_var(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_EXE_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
                | "CARGO_RUSTC_CURRENT_DIR"
                | "OUT_DIR"
        )
}

fn build_examples() -> Result<(PathBuf, PathBuf), String> {
    let workspace = generator_tests::workspace_root();
    // `CARGO_TARGET_TMPDIR` is `<target dir>/tmp`: build where this test
    // was built, whatever `--target-dir` or `CARGO_TARGET_DIR` said.
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .ok_or("CARGO_TARGET_TMPDIR has no parent")?;
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(&workspace)
        .args([
            "build",
            "--workspace",
            "--example",
            "proton",
            "--example",
            "rest-json",
        ])
        .args(["--message-format", "json-render-diagnostics"])
        .arg("--target-dir")
        .arg(target_dir);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_test_only_cargo_var) {
            command.env_remove(name);
        }
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo build failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = |name: &str| {
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| {
                message["reason"] == "compiler-artifact"
                    && message["target"]["name"] == name
                    && message["target"]["kind"][0] == "example"
            })
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .ok_or_else(|| format!("cargo named no executable for example {name}:\n{stdout}"))
    };
    Ok((executable("proton")?, executable("rest-json")?))
}

/// One run of the tool.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// A hermetic environment: static credentials and a region in variables,
/// and shared config files (and a home) in an empty temporary directory so
/// the developer's own `~/.aws` never leaks in.
struct Sandbox {
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = |name: &str| dir.path().join(name).display().to_string();
        let vars = vec![
            ("AWS_CONFIG_FILE".to_owned(), path("config")),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
                path("credentials"),
            ),
            ("HOME".to_owned(), path("")),
            ("AWS_ACCESS_KEY_ID".to_owned(), ACCESS_KEY.to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), SECRET_KEY.to_owned()),
            ("AWS_REGION".to_owned(), REGION.to_owned()),
        ];
        Self { dir, vars }
    }

    /// Sets (or, with `None`, removes) a variable.
    fn var(mut self, name: &str, value: Option<&str>) -> Self {
        self.vars.retain(|(n, _)| n != name);
        if let Some(value) = value {
            self.vars.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    fn write(&self, name: &str, content: &str) {
        std::fs::write(self.dir.path().join(name), content).expect("write a config file");
    }

    /// Runs the tool with `args`, off the runtime's thread so the test
    /// server keeps answering.
    async fn run(&self, args: &[impl AsRef<OsStr>]) -> Run {
        self.run_tool(example_binary(), args).await
    }

    /// Runs `binary` with `args`, as [`run`](Self::run) runs the proton tool.
    async fn run_tool(&self, binary: &Path, args: &[impl AsRef<OsStr>]) -> Run {
        let mut command = Command::new(binary);
        command
            .args(args)
            .env_clear()
            .envs(self.vars.iter().map(|(k, v)| (k, v)));
        tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("the command thread finishes")
            .expect("the tool runs")
            .into()
    }
}

async fn start_server(replies: impl IntoIterator<Item = Reply>) -> TestServer {
    TestServer::start(replies)
        .await
        .expect("the test server starts")
}

#[tokio::test]
async fn success_prints_the_output_as_the_aws_cli_does() {
    let server = start_server([Reply::json(200, FULL_OUTPUT)]).await;
    let url = server.url();
    let run = Sandbox::new()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "my-component",
            "--endpoint-url",
            &url,
        ])
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout, FULL_OUTPUT_PRINTED);
    assert_eq!(run.stderr, "");

    let [request] = &server.requests()[..] else {
        panic!("expected one request, got {:#?}", server.requests());
    };
    assert_eq!(request.body_text(), r#"{"componentName":"my-component"}"#);
    assert_eq!(
        request.header("x-amz-target"),
        Some("AwsProton20200720.CancelComponentDeployment")
    );
    request
        .verify_signature(SECRET_KEY, REGION, "proton")
        .expect("a valid signature");
}

#[tokio::test]
async fn region_flag_input_json_and_endpoint_variable() {
    let server = start_server([Reply::json(
        200,
        r#"{"component":{"arn":"a","createdAt":0,"deploymentStatus":"SUCCEEDED","environmentName":"e","lastModifiedAt":0,"name":"from-json"}}"#,
    )])
    .await;
    let run = Sandbox::new()
        .var("AWS_ENDPOINT_URL_PROTON", Some(&server.url()))
        .run(&[
            "cancel-component-deployment",
            "--cli-input-json",
            r#"{"componentName": "from-json"}"#,
            "--region",
            "ap-northeast-2",
        ])
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.stdout
            .contains(r#""createdAt": "1970-01-01T00:00:00+00:00""#),
        "{}",
        run.stdout
    );
    let request = &server.requests()[0];
    assert_eq!(request.body_text(), r#"{"componentName":"from-json"}"#);
    request
        .verify_signature(SECRET_KEY, "ap-northeast-2", "proton")
        .expect("signed for the region of --region");
}

#[tokio::test]
async fn credentials_and_region_come_from_the_selected_profile() {
    let server = start_server([Reply::json(200, FULL_OUTPUT)]).await;
    let sandbox = Sandbox::new()
        .var("AWS_ACCESS_KEY_ID", None)
        .var("AWS_SECRET_ACCESS_KEY", None)
        .var("AWS_REGION", None)
        .var("AWS_PROFILE", Some("dev"))
        .var("AWS_ENDPOINT_URL", Some(&server.url()));
    sandbox.write(
        "credentials",
        &format!("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = {SECRET_KEY}\n"),
    );
    sandbox.write("config", "[profile dev]\nregion = sa-east-1\n");
    let run = sandbox
        .run(&["cancel-component-deployment", "--component-name", "web"])
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    let request = &server.requests()[0];
    request
        .verify_signature(SECRET_KEY, "sa-east-1", "proton")
        .expect("signed with the profile's keys for its region");
    assert!(
        request
            .header("authorization")
            .is_some_and(|a| a.contains("Credential=AKIDDEV/")),
        "{request:#?}"
    );
}

#[tokio::test]
async fn a_service_error_exits_254_with_code_and_message() {
    let server = start_server([
        Reply::error(
            404,
            "ResourceNotFoundException",
            "component my-component not found",
        ),
        Reply::error(400, "BrandNewException", "something new"),
    ])
    .await;
    let url = server.url();
    let args = [
        "cancel-component-deployment",
        "--component-name",
        "my-component",
        "--endpoint-url",
        &url,
    ];
    let sandbox = Sandbox::new();

    let run = sandbox.run(&args).await;
    assert_eq!(run.code, Some(EXIT_SERVICE_ERROR), "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr.trim(),
        "An error occurred (ResourceNotFoundException) when calling the \
         CancelComponentDeployment operation: component my-component not found"
    );

    // An error the model does not know is reported the same way.
    let run = sandbox.run(&args).await;
    assert_eq!(run.code, Some(EXIT_SERVICE_ERROR), "{run:#?}");
    assert_eq!(
        run.stderr.trim(),
        "An error occurred (BrandNewException) when calling the \
         CancelComponentDeployment operation: something new"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_response_without_a_code_is_described_by_its_status() {
    let server = start_server([Reply::Respond {
        status: 503,
        headers: vec![("content-type".to_owned(), "text/html".to_owned())],
        body: "<html><body>busy</body></html>".to_owned(),
    }])
    .await;
    let url = server.url();
    let run = sandbox_with_one_attempt()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "web",
            "--endpoint-url",
            &url,
        ])
        .await;
    assert_eq!(run.code, Some(EXIT_SERVICE_ERROR), "{run:#?}");
    assert_eq!(
        run.stderr.trim(),
        "An error occurred (503) when calling the CancelComponentDeployment \
         operation: Service Unavailable"
    );
}

#[tokio::test]
async fn invalid_parameters_exit_252_and_send_nothing() {
    let server = start_server([]).await;
    let url = server.url();
    let sandbox = Sandbox::new();
    let cases: [(&[&str], &str); 4] = [
        (&["cancel-component-deployment"], "--component-name"),
        (
            &["cancel-component-deployment", "--component-name", ""],
            "componentName must be at least 1",
        ),
        (
            &[
                "cancel-component-deployment",
                "--component-name",
                "web",
                "--colour",
                "red",
            ],
            "--colour",
        ),
        (
            &[
                "cancel-component-deployment",
                "--cli-input-json",
                r#"{"componentName": "web", "extra": 1}"#,
            ],
            "extra",
        ),
    ];
    for (args, named) in cases {
        let args: Vec<&str> = args
            .iter()
            .copied()
            .chain(["--endpoint-url", &url])
            .collect();
        let run = sandbox.run(&args).await;
        assert_eq!(
            run.code,
            Some(EXIT_INVALID_PARAMETERS),
            "{args:?}: {run:#?}"
        );
        assert!(
            run.stderr.contains(named),
            "{args:?} should name {named}: {run:#?}"
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
    let run = sandbox.run(&["no-such-command"]).await;
    assert_eq!(run.code, Some(EXIT_INVALID_PARAMETERS), "{run:#?}");
    assert!(
        run.stderr.contains("invalid choice: 'no-such-command'"),
        "{run:#?}"
    );

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn other_failures_exit_255_with_a_clear_message() {
    let server = start_server([Reply::json(200, "this is not json")]).await;
    let url = server.url();
    let sandbox = Sandbox::new();
    let call = |url: &str| -> Vec<String> {
        [
            "cancel-component-deployment",
            "--component-name",
            "web",
            "--endpoint-url",
            url,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    // An unreadable response.
    let run = sandbox.run(&call(&url)).await;
    assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
    assert!(
        run.stderr.contains("failed to read response (HTTP 200)"),
        "{run:#?}"
    );

    // No credentials anywhere: nothing is sent.
    let no_credentials = Sandbox::new()
        .var("AWS_ACCESS_KEY_ID", None)
        .var("AWS_SECRET_ACCESS_KEY", None);
    let run = no_credentials.run(&call(&url)).await;
    assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
    assert!(run.stderr.contains("credentials"), "{run:#?}");
    assert_eq!(server.requests().len(), 1, "only the unreadable response");

    // Nothing listens: one attempt, then a message naming the address.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let refused = sandbox_with_one_attempt();
    let run = refused
        .run(&call(&format!("http://127.0.0.1:{port}")))
        .await;
    assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
    assert!(
        run.stderr
            .contains(&format!("could not connect to 127.0.0.1:{port}")),
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
}

fn sandbox_with_one_attempt() -> Sandbox {
    // The default three attempts would back off for up to 3 s of real time.
    Sandbox::new().var("AWS_MAX_ATTEMPTS", Some("1"))
}

#[cfg(unix)]
#[tokio::test]
async fn a_non_utf8_argument_exits_252() {
    use std::os::unix::ffi::OsStrExt;
    let run = Sandbox::new()
        .run(&[
            OsStr::new("cancel-component-deployment"),
            OsStr::new("--component-name"),
            OsStr::from_bytes(b"caf\xe9"),
        ])
        .await;
    assert_eq!(run.code, Some(EXIT_INVALID_PARAMETERS), "{run:#?}");
    assert!(
        run.stderr.contains("argument 3 is not valid UTF-8"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn a_bad_region_or_endpoint_port_is_refused_and_nothing_is_sent() {
    let server = start_server([]).await;
    let url = server.url();
    for region in ["evil.com#", "evil.com:443/x"] {
        let run = Sandbox::new()
            .run(&[
                "cancel-component-deployment",
                "--component-name",
                "web",
                "--region",
                region,
                "--endpoint-url",
                &url,
            ])
            .await;
        assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
        assert!(run.stderr.contains("invalid region"), "{run:#?}");
        assert!(run.stderr.contains(region), "{run:#?}");
    }
    let run = Sandbox::new()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "web",
            "--endpoint-url",
            "http://127.0.0.1:99999",
        ])
        .await;
    assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
    assert!(run.stderr.contains("65535"), "{run:#?}");
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn cli_input_json_and_values_are_read_from_files() {
    let server = start_server([Reply::json(200, SMALL_OUTPUT)]).await;
    let sandbox = Sandbox::new();
    sandbox.write("input.json", r#"{"componentName": "from-a-file"}"#);
    let path = sandbox.dir.path().join("input.json");
    let run = sandbox
        .run(&[
            "cancel-component-deployment",
            "--cli-input-json",
            &format!("file://{}", path.display()),
            "--endpoint-url",
            &server.url(),
        ])
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(
        server.requests()[0].body_text(),
        r#"{"componentName":"from-a-file"}"#
    );
    let run = sandbox
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "file:///nonexistent/name.txt",
        ])
        .await;
    assert_eq!(run.code, Some(EXIT_INVALID_PARAMETERS), "{run:#?}");
    assert!(run.stderr.contains("Unable to load paramfile"), "{run:#?}");
}

#[tokio::test]
async fn debug_prints_the_calls_progress_without_secrets() {
    let server = start_server([Reply::json(200, SMALL_OUTPUT)]).await;
    let run = Sandbox::new()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "web",
            "--endpoint-url",
            &server.url(),
            "--debug",
        ])
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(run.stderr.contains("operation{"), "{run:#?}");
    assert!(run.stderr.contains("attempt{attempt=1"), "{run:#?}");
    assert!(run.stderr.contains("status=200"), "{run:#?}");
    assert!(!run.stderr.contains(SECRET_KEY), "{run:#?}");
    assert!(!run.stderr.contains("Signature="), "{run:#?}");
}

#[tokio::test]
async fn cli_read_timeout_bounds_a_server_that_never_answers() {
    let server = start_server([Reply::Hang]).await;
    let run = sandbox_with_one_attempt()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "web",
            "--endpoint-url",
            &server.url(),
            "--cli-read-timeout",
            "0.5",
        ])
        .await;
    assert_eq!(run.code, Some(EXIT_OTHER), "{run:#?}");
    assert!(run.stderr.contains("read timeout of 500ms"), "{run:#?}");
}

/// A streaming input is read from the file `fileb://` names, and a streamed
/// output goes to the positional outfile, the other members printed.
#[tokio::test]
async fn streamed_input_comes_from_a_file_and_streamed_output_goes_to_the_outfile() {
    let server = start_server([Reply::Respond {
        status: 200,
        headers: vec![
            ("x-foo".to_owned(), "Bar".to_owned()),
            (
                "content-type".to_owned(),
                "application/octet-stream".to_owned(),
            ),
        ],
        body: "streamed reply".to_owned(),
    }])
    .await;
    let sandbox = Sandbox::new();
    sandbox.write("upload", "upload body");
    let upload = sandbox.dir.path().join("upload");
    let outfile = sandbox.dir.path().join("out.bin");
    let run = sandbox
        .run_tool(
            rest_json_binary(),
            &[
                "streaming-traits".to_owned(),
                "--foo".to_owned(),
                "Foo".to_owned(),
                "--blob".to_owned(),
                format!("fileb://{}", upload.display()),
                "--endpoint-url".to_owned(),
                server.url(),
                outfile.display().to_string(),
            ],
        )
        .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout, "{\n    \"foo\": \"Bar\"\n}\n");
    assert_eq!(
        std::fs::read_to_string(&outfile).expect("the outfile"),
        "streamed reply"
    );
    let [request] = &server.requests()[..] else {
        panic!("expected one request, got {:#?}", server.requests());
    };
    assert_eq!(request.body_text(), "upload body");
    assert_eq!(request.header("x-foo"), Some("Foo"));
}

/// Without the outfile a streamed output needs, nothing is sent.
#[tokio::test]
async fn a_streamed_output_needs_an_outfile() {
    let run = Sandbox::new()
        .run_tool(rest_json_binary(), &["streaming-traits", "--foo", "Foo"])
        .await;
    assert_eq!(run.code, Some(252), "{run:#?}");
    assert!(
        run.stderr
            .contains("the following arguments are required: outfile"),
        "{run:#?}"
    );
}

/// A positional argument where no output is streamed is an unknown option.
#[tokio::test]
async fn a_stray_positional_argument_is_refused() {
    let run = Sandbox::new()
        .run(&[
            "cancel-component-deployment",
            "--component-name",
            "c",
            "stray",
        ])
        .await;
    assert_eq!(run.code, Some(252), "{run:#?}");
    assert!(run.stderr.contains("Unknown options: stray"), "{run:#?}");
}
