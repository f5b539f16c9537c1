//! Web identity federation through STS `AssumeRoleWithWebIdentity`.

use super::*;
use lean_runtime::credentials::CredentialsErrorKind;

const ROLE: &str = "arn:aws:iam::123456789012:role/web";

async fn sts() -> Server {
    Server::start_routed(|request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        let action = form_value(request, "Action");
        match action.as_deref() {
            Some("AssumeRoleWithWebIdentity")
                if form_value(request, "WebIdentityToken").as_deref() == Some("oidc-token")
                    && form_value(request, "RoleArn").as_deref() == Some(ROLE) =>
            {
                Reply::KeepOpen(sts_credentials(
                    "AssumeRoleWithWebIdentity",
                    "FROMWEB",
                    "web-token",
                ))
            }
            Some("AssumeRoleWithWebIdentity") => Reply::KeepOpen(response(
                400,
                &["content-type: text/xml"],
                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>\
                 <Message>token rejected</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            )),
            _ => unexpected(request),
        }
    })
    .await
}

#[tokio::test]
async fn environment_variables_exchange_the_token_unsigned() {
    let server = sts().await;
    let home = Home::new("");
    let token = home.path().join("token");
    std::fs::write(&token, "oidc-token\n").unwrap();
    let env = home.env(
        &server,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
            ("AWS_ROLE_ARN", ROLE.into()),
            ("AWS_ROLE_SESSION_NAME", "pod-session".into()),
        ],
    );
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "FROMWEB");
    assert_eq!(credentials.session_token(), Some("web-token"));
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert_eq!(credentials.provider_name(), "WebIdentityToken");
    assert_signed_with(&probe, &credentials);

    let exchange = server
        .received()
        .into_iter()
        .find(|r| form_value(r, "Action").as_deref() == Some("AssumeRoleWithWebIdentity"))
        .unwrap();
    assert_eq!(header(&exchange, "authorization"), None, "sent unsigned");
    assert_eq!(
        form_value(&exchange, "RoleSessionName").as_deref(),
        Some("pod-session")
    );
}

#[tokio::test]
async fn a_profile_with_a_token_file() {
    let server = sts().await;
    let home = Home::new("");
    let token = home.path().join("token");
    std::fs::write(&token, "oidc-token").unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        format!(
            "[profile ci]\nrole_arn = {ROLE}\nweb_identity_token_file = {}\n",
            token.display()
        ),
    )
    .unwrap();
    let env = home.env(&server, &[("AWS_PROFILE", "ci".into())]);
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "FROMWEB");
    assert_signed_with(&probe, &credentials);
    let exchange = server
        .received()
        .into_iter()
        .find(|r| form_value(r, "Action").as_deref() == Some("AssumeRoleWithWebIdentity"))
        .unwrap();
    // No session name configured: one is made up, within STS's rules.
    let name = form_value(&exchange, "RoleSessionName").unwrap();
    assert!(name.starts_with("lean-rust-") && name.len() <= 64, "{name}");
}

#[tokio::test]
async fn half_configured_and_failing_exchanges_are_errors() {
    let server = sts().await;
    let home = Home::new("");
    let token = home.path().join("token");
    std::fs::write(&token, "not-the-token").unwrap();
    let e = chain_error(home.env(
        &server,
        &[("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string())],
    ))
    .await;
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains("AWS_ROLE_ARN is not"), "{e}");

    let e = chain_error(home.env(
        &server,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
            ("AWS_ROLE_ARN", ROLE.into()),
        ],
    ))
    .await;
    assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
    let message = e.to_string();
    assert!(
        message.contains(&format!("STS AssumeRoleWithWebIdentity for {ROLE} failed")),
        "{message}"
    );
    assert!(message.contains("InvalidIdentityToken"), "{message}");
    assert!(!message.contains("not-the-token"), "{message}");

    let e = chain_error(home.env(
        &server,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token".into()),
            ("AWS_ROLE_ARN", ROLE.into()),
        ],
    ))
    .await;
    assert!(
        e.to_string()
            .contains("cannot read the web identity token file /nonexistent/token"),
        "{e}"
    );
}
