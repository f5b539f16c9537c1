//! The container credentials endpoint (ECS, EKS Pod Identity).

use super::*;
use lean_runtime::credentials::{ContainerCredentialsProvider, CredentialsErrorKind};

async fn endpoint() -> Server {
    Server::start_routed(|request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        match (target(request), header(request, "authorization")) {
            ("/creds", Some("token-from-file")) => json(
                r#"{"AccessKeyId":"FROMCONTAINER","SecretAccessKey":"s","Token":"container-token",
                    "Expiration":"2099-01-01T00:00:00Z","AccountId":"210987654321"}"#,
            ),
            ("/creds", _) => Reply::KeepOpen(response(
                401,
                &["content-type: application/json"],
                r#"{"Code":"AccessDenied","Message":"bad token"}"#,
            )),
            _ => unexpected(request),
        }
    })
    .await
}

#[tokio::test]
async fn full_uri_with_a_token_file() {
    let server = endpoint().await;
    let home = Home::new("");
    let token = home.path().join("token");
    std::fs::write(&token, "token-from-file\n").unwrap();
    let env = home.env(
        &server,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds")),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                token.display().to_string(),
            ),
            // The file wins over the variable.
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "stale".into()),
        ],
    );
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "FROMCONTAINER");
    assert_eq!(credentials.account_id(), Some("210987654321"));
    assert_eq!(credentials.provider_name(), "EcsContainer");
    assert_signed_with(&probe, &credentials);
}

#[tokio::test]
async fn a_refusal_is_reported_with_the_endpoints_reason() {
    let server = endpoint().await;
    let home = Home::new("");
    let env = home.env(
        &server,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds")),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong".into()),
        ],
    );
    let e = chain_error(env).await;
    assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(e.provider(), "EcsContainer");
    assert!(
        e.to_string()
            .contains("answered HTTP 401 (AccessDenied: bad token)"),
        "{e}"
    );
    // 4xx is not retried.
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn plain_http_to_another_host_is_refused_before_sending() {
    let server = Server::start_routed(|r, _| unexpected(r)).await;
    let home = Home::new("");
    for uri in ["http://192.0.2.1/creds", "ftp://127.0.0.1/creds"] {
        let e = ContainerCredentialsProvider::new(home.env(
            &server,
            &[
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.into()),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-token".into()),
            ],
        ))
        .provide_credentials()
        .await
        .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration, "{e}");
        assert!(e.to_string().contains(uri), "{e}");
        assert!(!e.to_string().contains("secret-token"), "{e}");
    }
    // A name counts only when it resolves to loopback.
    let home_env = home.env(
        &server,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("http://localhost:{}/nothing", server.addr.port()),
        )],
    );
    let e = ContainerCredentialsProvider::new(home_env)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::ProviderError, "{e}");
}

#[tokio::test]
async fn not_configured_is_skipped() {
    let server = Server::start_routed(|r, _| unexpected(r)).await;
    let home = Home::new("");
    let e = chain_error(home.env(&server, &[])).await;
    assert!(
        e.to_string().contains(
            "EcsContainer: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
        ),
        "{e}"
    );
    assert!(server.received().is_empty());
}
