//! End-to-end tests against a real service implementation: moto's server
//! (PyPI `moto[server]`), run on 127.0.0.1 on a free port.
//!
//! [`Moto::start`] sets moto up on first use: a virtual environment under
//! the workspace's `target/` directory (`target/moto-venv`, created with
//! `python3 -m venv`) with `moto[server]` installed by pip, so the one test
//! command still does all the set-up on a fresh machine. Each [`Moto`] is
//! its own server process, stopped by its process id when dropped. When
//! python3, the install or the server fails, the tests fail saying which.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The moto release the tests are written against.
pub const MOTO_REQUIREMENT: &str = "moto[server]==5.2.6";

/// How long a server may take to start accepting connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// One installation at a time: tests run in parallel threads.
static INSTALL: Mutex<()> = Mutex::new(());

/// A running moto server.
#[derive(Debug)]
pub struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Moto {
    /// Starts a moto server on a free port of 127.0.0.1, installing moto
    /// first if needed, and waits until it accepts connections.
    ///
    /// # Panics
    /// When moto cannot be installed or started, saying why (with the
    /// server's output).
    pub fn start() -> Self {
        let python = venv_python();
        let port = free_port();
        let log = venv_dir().join(format!("moto-{port}.log"));
        let out = std::fs::File::create(&log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let err = out
            .try_clone()
            .unwrap_or_else(|e| panic!("cannot reopen {}: {e}", log.display()));
        let child = Command::new(&python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start moto's server with {}: {e}", python.display())
            });
        let mut moto = Self { child, port, log };
        moto.wait_until_listening();
        moto
    }

    /// The server's base URL, for a client's `endpoint_url`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    fn wait_until_listening(&mut self) {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "moto's server exited ({status}) before listening on port {}:\n{}",
                    self.port,
                    self.output()
                );
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return;
            }
            if started.elapsed() > START_TIMEOUT {
                panic!(
                    "moto's server did not listen on port {} within {START_TIMEOUT:?}:\n{}",
                    self.port,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the server printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Stopped by its process id; the log goes with it.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .unwrap_or_else(|e| panic!("cannot find a free port on 127.0.0.1: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("cannot read the free port: {e}"))
        .port()
}

/// The workspace's target directory (`CARGO_TARGET_DIR` when set).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    )
}

/// `moto-venv` in the target directory.
fn venv_dir() -> PathBuf {
    target_dir().join("moto-venv")
}

/// The venv's python, with moto installed: made on first use.
fn venv_python() -> PathBuf {
    let _guard = INSTALL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = venv_dir();
    let python = venv.join("bin/python");
    let marker = venv.join("installed.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|m| m.trim() == MOTO_REQUIREMENT) {
        return python;
    }
    if !python.exists() {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "create a Python virtual environment (python3 -m venv)",
        );
    }
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            MOTO_REQUIREMENT,
        ]),
        &format!("install {MOTO_REQUIREMENT} with pip"),
    );
    std::fs::write(&marker, MOTO_REQUIREMENT)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", marker.display()));
    python
}

fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot {what}: {e}"));
    assert!(
        output.status.success(),
        "cannot {what} ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A client the end-to-end tests use: generated from an official model in
/// `shared/models/aws/`, for the operations the scenarios call.
#[derive(Clone, Copy, Debug)]
pub struct TestClient {
    /// The package name, also its directory under `clients/`.
    pub crate_name: &'static str,
    /// The model file in `shared/models/aws/`.
    pub model: &'static str,
    /// The operations generated.
    pub operations: &'static [&'static str],
}

/// Every client the scenarios use.
pub const CLIENTS: &[TestClient] = &[
    TestClient {
        crate_name: "e2e-sts",
        model: "sts.json.gz",
        operations: &["GetCallerIdentity", "AssumeRole"],
    },
    TestClient {
        crate_name: "e2e-sns",
        model: "sns.json.gz",
        operations: &[
            "CreateTopic",
            "ListTopics",
            "Publish",
            "GetTopicAttributes",
            "DeleteTopic",
        ],
    },
    TestClient {
        crate_name: "e2e-iam",
        model: "iam.json.gz",
        operations: &[
            "CreateUser",
            "GetUser",
            "ListUsers",
            "DeleteUser",
            "CreateRole",
            "GetRole",
            "ListRoles",
            "CreatePolicy",
            "AttachRolePolicy",
            "ListAttachedRolePolicies",
        ],
    },
    TestClient {
        crate_name: "e2e-s3",
        model: "s3.json.gz",
        operations: &[
            "CreateBucket",
            "ListBuckets",
            "PutObject",
            "GetObject",
            "HeadObject",
            "ListObjectsV2",
            "DeleteObject",
            "DeleteBucket",
            "CopyObject",
            "CreateMultipartUpload",
            "UploadPart",
            "CompleteMultipartUpload",
            "AbortMultipartUpload",
        ],
    },
    TestClient {
        crate_name: "e2e-dynamodb",
        model: "dynamodb.json.gz",
        operations: &[
            "CreateTable",
            "DescribeTable",
            "PutItem",
            "GetItem",
            "UpdateItem",
            "Query",
            "Scan",
            "DeleteTable",
        ],
    },
    TestClient {
        crate_name: "e2e-sqs",
        model: "sqs.json.gz",
        operations: &[
            "CreateQueue",
            "GetQueueUrl",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueAttributes",
        ],
    },
    TestClient {
        crate_name: "e2e-secrets-manager",
        model: "secrets-manager.json.gz",
        operations: &[
            "CreateSecret",
            "GetSecretValue",
            "PutSecretValue",
            "ListSecrets",
            "DeleteSecret",
        ],
    },
    TestClient {
        crate_name: "e2e-kms",
        model: "kms.json.gz",
        operations: &["CreateKey", "Encrypt", "Decrypt", "DescribeKey"],
    },
    TestClient {
        crate_name: "e2e-logs",
        model: "cloudwatch-logs.json.gz",
        operations: &[
            "CreateLogGroup",
            "CreateLogStream",
            "PutLogEvents",
            "GetLogEvents",
            "DescribeLogGroups",
        ],
    },
    TestClient {
        crate_name: "e2e-ssm",
        model: "ssm.json.gz",
        operations: &["PutParameter", "GetParameter", "GetParametersByPath"],
    },
];

/// This crate's directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `shared/models/aws`, beside the repository (or beside a directory
/// above it, for worktrees).
///
/// # Panics
/// When there is none.
pub fn models_dir() -> PathBuf {
    crate_dir()
        .ancestors()
        .map(|dir| dir.join("shared/models/aws"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no shared/models/aws above {}; the end-to-end clients are generated from the official models",
                crate_dir().display()
            )
        })
}

/// The command-line tool generated with client `package` (its example of
/// the same name), built by cargo (a no-op when it is up to date).
///
/// # Panics
/// When the build fails.
pub fn tool(package: &str) -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "-q", "-p", package, "--example", package])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the {package} example failed");
    target_dir().join("debug/examples").join(package)
}

/// Runs the tool of `package` against `moto` with `args`, with static
/// credentials and no shared config files: exit code, stdout, stderr.
///
/// # Panics
/// When the tool cannot be built or started.
pub fn run_tool(package: &str, moto: &Moto, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(tool(package))
        .args(args)
        .args(["--endpoint-url", &moto.endpoint(), "--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "AKIDLEANE2E")
        .env("AWS_SECRET_ACCESS_KEY", "lean-e2e-secret")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_OUTPUT")
        .env("AWS_CONFIG_FILE", "/nonexistent/lean-e2e-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/lean-e2e-credentials",
        )
        .output()
        .unwrap_or_else(|e| panic!("the {package} tool runs: {e}"));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
