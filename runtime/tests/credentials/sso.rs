//! IAM Identity Center: the cached token, its refresh through SSO OIDC, and
//! SSO `GetRoleCredentials`.

use super::*;
use lean_runtime::credentials::CredentialsErrorKind;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// SSO and SSO OIDC: role credentials for `valid-token` (or the refreshed
/// `fresh-token`), a refreshed token for `refresh-1`.
async fn sso(refreshes: Arc<AtomicUsize>) -> Server {
    Server::start_routed(move |request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        let path = target(request);
        if path.starts_with("/federation/credentials?") {
            let token = header(request, "x-amz-sso_bearer_token");
            if !path.contains("role_name=Admin") || !path.contains("account_id=111122223333") {
                return unexpected(request);
            }
            return match token {
                Some("valid-token" | "fresh-token") => json(
                    r#"{"roleCredentials":{"accessKeyId":"FROMSSO","secretAccessKey":"sso-secret",
                        "sessionToken":"sso-token","expiration":4070908800000}}"#,
                ),
                _ => Reply::KeepOpen(response(
                    401,
                    &["content-type: application/json", "x-amzn-errortype: UnauthorizedException"],
                    r#"{"message":"Session token not found or invalid"}"#,
                )),
            };
        }
        if path == "/token" {
            let body = body(request);
            if body.contains(r#""grantType":"refresh_token""#)
                && body.contains(r#""refreshToken":"refresh-1""#)
                && body.contains(r#""clientId":"client-id""#)
            {
                refreshes.fetch_add(1, Ordering::SeqCst);
                return json(
                    r#"{"accessToken":"fresh-token","expiresIn":28800,"refreshToken":"refresh-2","tokenType":"Bearer"}"#,
                );
            }
        }
        unexpected(request)
    })
    .await
}

const CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
    sso_role_name = Admin\n\
    [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";

/// Writes the token cache `aws sso login --sso-session corp` would.
fn cache(home: &Home, key: &str, document: &str) -> std::path::PathBuf {
    let dir = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{key}.json"));
    std::fs::write(&path, document).unwrap();
    path
}

/// SHA-1 of `corp`, the session's cache file name.
const CORP: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f";

fn env(home: &Home, server: &Server) -> Env {
    home.env(
        server,
        &[
            ("AWS_PROFILE", "dev".into()),
            ("AWS_ENDPOINT_URL_SSO", server.url("")),
            ("AWS_ENDPOINT_URL_SSO_OIDC", server.url("")),
        ],
    )
}

#[tokio::test]
async fn a_cached_token_gives_role_credentials() {
    let server = sso(Arc::default()).await;
    let home = Home::new(CONFIG);
    cache(
        &home,
        &sha1_hex("corp"),
        r#"{"accessToken":"valid-token","expiresAt":"2099-01-01T00:00:00Z","startUrl":"https://corp.awsapps.com/start","region":"eu-west-1"}"#,
    );
    let (credentials, probe) = signed_probe(&server, env(&home, &server)).await;
    assert_eq!(credentials.access_key_id(), "FROMSSO");
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert_eq!(
        credentials.expiry(),
        Some(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(4_070_908_800))
    );
    assert_signed_with(&probe, &credentials);
    let call = server
        .received()
        .into_iter()
        .find(|r| target(r).starts_with("/federation/credentials"))
        .unwrap();
    assert_eq!(
        header(&call, "authorization"),
        None,
        "GetRoleCredentials is unsigned"
    );
}

#[tokio::test]
async fn an_expired_token_is_refreshed_and_the_cache_updated() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let server = sso(refreshes.clone()).await;
    let home = Home::new(CONFIG);
    let path = cache(
        &home,
        &sha1_hex("corp"),
        r#"{"accessToken":"old-token","expiresAt":"2020-01-01T00:00:00Z","refreshToken":"refresh-1",
            "clientId":"client-id","clientSecret":"client-secret",
            "registrationExpiresAt":"2099-01-01T00:00:00Z","region":"eu-west-1",
            "startUrl":"https://corp.awsapps.com/start"}"#,
    );
    let (credentials, probe) = signed_probe(&server, env(&home, &server)).await;
    assert_eq!(credentials.access_key_id(), "FROMSSO");
    assert_signed_with(&probe, &credentials);
    // Refreshed once, by the first load; the probe's chain found the
    // refreshed token in the cache.
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    let cached = std::fs::read_to_string(&path).unwrap();
    assert!(
        cached.contains(r#""accessToken":"fresh-token""#),
        "{cached}"
    );
    assert!(cached.contains(r#""refreshToken":"refresh-2""#), "{cached}");
    assert!(
        cached.contains(r#""clientSecret":"client-secret""#),
        "{cached}"
    );
}

#[tokio::test]
async fn an_expired_legacy_token_asks_for_a_login() {
    let server = sso(Arc::default()).await;
    let home = Home::new(
        "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
         sso_account_id = 111122223333\nsso_role_name = Admin\n",
    );
    cache(
        &home,
        &sha1_hex("https://corp.awsapps.com/start"),
        r#"{"accessToken":"old-token","expiresAt":"2020-01-01T00:00:00Z"}"#,
    );
    let e = chain_error(env(&home, &server)).await;
    assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(e.provider(), "Sso");
    assert!(
        e.to_string()
            .contains("expired: run `aws sso login --profile dev`"),
        "{e}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_missing_cache_and_a_refused_token_are_explained() {
    let server = sso(Arc::default()).await;
    let home = Home::new(CONFIG);
    let e = chain_error(env(&home, &server)).await;
    assert!(
        e.to_string().contains("no SSO token for profile `dev`"),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("run `aws sso login --sso-session corp`"),
        "{e}"
    );

    cache(
        &home,
        &sha1_hex("corp"),
        r#"{"accessToken":"revoked-token","expiresAt":"2099-01-01T00:00:00Z"}"#,
    );
    let e = chain_error(env(&home, &server)).await;
    let message = e.to_string();
    assert!(
        message.contains("SSO GetRoleCredentials for role `Admin` in account 111122223333 failed"),
        "{message}"
    );
    assert!(message.contains("UnauthorizedException"), "{message}");
    assert!(!message.contains("revoked-token"), "{message}");
}

/// The cache file name: SHA-1 in hex, checked against a known digest.
fn sha1_hex(text: &str) -> String {
    let digest = sha1_digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_cache_key_is_the_sha1_of_the_session_name() {
    // `printf corp | sha1sum`
    assert_eq!(sha1_hex("corp"), CORP);
}

/// SHA-1 through the runtime's checksum (base64), decoded.
fn sha1_digest(data: &[u8]) -> Vec<u8> {
    let encoded = lean_runtime::checksum::Algorithm::Sha1.checksum(data);
    aws_smithy_types::base64::decode(encoded).unwrap()
}
