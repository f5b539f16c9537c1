//! The default credentials chain against local fakes of the endpoints it
//! reads: IMDS, the container endpoint, STS, SSO and SSO OIDC, each on
//! 127.0.0.1 and reached through the variables that override their
//! addresses. Every test ends with a real generated client call (STS
//! `AssumeRole`, from the client the runtime carries) and checks that its
//! signature was made with the credentials the provider returned.

#[path = "../pipeline/server.rs"]
mod server;

mod container;
mod imds;
mod profiles;
mod sso;
mod web_identity;

use lean_runtime::clients::sts;
use lean_runtime::credentials::{
    Credentials, CredentialsError, DefaultCredentialsChain, ProvideCredentials,
};
use lean_runtime::env::Env;
use server::{Received, Reply, Server, response};
use std::path::Path;

/// A home directory with `~/.aws/config`, and the environment of a machine
/// that is not on EC2 unless a test says otherwise.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/config"), config).unwrap();
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `HOME`, a region, STS at `server`, IMDS off, and `vars`.
    fn env(&self, server: &Server, vars: &[(&str, String)]) -> Env {
        let mut all: Vec<(String, String)> = vec![
            ("HOME".into(), self.path().display().to_string()),
            ("AWS_REGION".into(), "us-west-2".into()),
            ("AWS_ENDPOINT_URL_STS".into(), server.url("")),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ];
        for (name, value) in vars {
            all.retain(|(n, _)| n != name);
            all.push((name.to_string(), value.clone()));
        }
        Env::from_vars(all)
    }
}

/// The header `name` of a request, if present.
fn header<'a>(request: &'a Received, name: &str) -> Option<&'a str> {
    request.head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The request line's path and query.
fn target(request: &Received) -> &str {
    request.head.split(' ').nth(1).unwrap_or("")
}

fn body(request: &Received) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

/// An STS query-protocol answer for `action` with these credentials.
fn sts_credentials(action: &str, access_key_id: &str, token: &str) -> Vec<u8> {
    let xml = format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <{action}Result><Credentials><AccessKeyId>{access_key_id}</AccessKeyId>\
         <SecretAccessKey>secret-of-{access_key_id}</SecretAccessKey>\
         <SessionToken>{token}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>\
         </Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>\
         <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser></{action}Result>\
         <ResponseMetadata><RequestId>req</RequestId></ResponseMetadata></{action}Response>"
    );
    response(200, &["content-type: text/xml"], &xml)
}

/// The STS form parameter `name` of a request body.
fn form_value(request: &Received, name: &str) -> Option<String> {
    body(request).split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| {
            v.replace("%3A", ":")
                .replace("%2F", "/")
                .replace("%40", "@")
        })
    })
}

/// The probe call of every test, at the end: the `AssumeRole` action
/// answered with these credentials when its role is `probe`.
const PROBE_ROLE: &str = "arn:aws:iam::123456789012:role/probe";

/// Answers the probe call (`AssumeRole` of [`PROBE_ROLE`]); `None` for
/// anything else.
fn probe_reply(request: &Received) -> Option<Reply> {
    (form_value(request, "RoleArn").as_deref() == Some(PROBE_ROLE))
        .then(|| Reply::KeepOpen(sts_credentials("AssumeRole", "PROBED", "t")))
}

/// Makes a real generated client call with the default chain of `env`, and
/// returns the credentials the chain gave and the signed request as the
/// server saw it.
async fn signed_probe(server: &Server, env: Env) -> (Credentials, Received) {
    let chain = DefaultCredentialsChain::new(env.clone());
    let credentials = chain.provide_credentials().await.expect("credentials");
    let config = sts::Config::from_env_with(env).await.expect("config");
    let before = server.received().len();
    sts::Client::new(&config)
        .assume_role()
        .role_arn(PROBE_ROLE)
        .role_session_name("probe")
        .send()
        .await
        .expect("the probe call");
    let probe = server.received()[before..]
        .iter()
        .find(|r| form_value(r, "RoleArn").as_deref() == Some(PROBE_ROLE))
        .cloned()
        .expect("the probe reached the server");
    (credentials, probe)
}

/// Checks that `request` was signed with `credentials`.
fn assert_signed_with(request: &Received, credentials: &Credentials) {
    let authorization = header(request, "authorization").expect("a signed request");
    assert!(
        authorization.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={}/",
            credentials.access_key_id()
        )),
        "{authorization}"
    );
    assert_eq!(
        header(request, "x-amz-security-token"),
        credentials.session_token()
    );
}

/// The chain's error, for the tests that expect one.
async fn chain_error(env: Env) -> CredentialsError {
    DefaultCredentialsChain::new(env)
        .provide_credentials()
        .await
        .expect_err("no credentials")
}

/// A `200` JSON response.
fn json(body: &str) -> Reply {
    Reply::KeepOpen(response(200, &["content-type: application/json"], body))
}

/// A response for what the fake does not expect, so the test fails saying so.
fn unexpected(request: &Received) -> Reply {
    Reply::KeepOpen(response(
        599,
        &[],
        &format!(
            "unexpected request: {}",
            request.head.lines().next().unwrap_or("")
        ),
    ))
}
