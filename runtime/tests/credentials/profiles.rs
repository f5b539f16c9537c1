//! Assumed roles from profiles: `source_profile` chains and
//! `credential_source`.

use super::*;

const MIDDLE: &str = "arn:aws:iam::123456789012:role/middle";
const TOP: &str = "arn:aws:iam::123456789012:role/top";

/// STS answering `AssumeRole` for each role with credentials named after it.
async fn sts() -> Server {
    Server::start_routed(|request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        match form_value(request, "RoleArn").as_deref() {
            Some(MIDDLE) => {
                Reply::KeepOpen(sts_credentials("AssumeRole", "MIDDLEKEY", "middle-token"))
            }
            Some(TOP) => Reply::KeepOpen(sts_credentials("AssumeRole", "TOPKEY", "top-token")),
            _ => unexpected(request),
        }
    })
    .await
}

fn assume_role_calls(server: &Server, role: &str) -> Vec<Received> {
    server
        .received()
        .into_iter()
        .filter(|r| form_value(r, "RoleArn").as_deref() == Some(role))
        .collect()
}

#[tokio::test]
async fn a_chain_of_roles_is_assumed_in_order() {
    let server = sts().await;
    let home = Home::new(&format!(
        "[profile top]\nrole_arn = {TOP}\nsource_profile = middle\nexternal_id = ext-42\n\
         duration_seconds = 1800\nrole_session_name = top-session\n\
         [profile middle]\nrole_arn = {MIDDLE}\nsource_profile = base\n\
         [profile base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n"
    ));
    let env = home.env(&server, &[("AWS_PROFILE", "top".into())]);
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "TOPKEY");
    assert_eq!(credentials.provider_name(), "ProfileFile");
    assert_signed_with(&probe, &credentials);

    // The middle role was assumed with the base keys, the top one with the
    // middle role's credentials and the profile's settings.
    let middle = &assume_role_calls(&server, MIDDLE)[0];
    let base =
        lean_runtime::credentials::Credentials::new("BASEKEY", "base-secret", None, None, "t");
    assert_signed_with(middle, &base);
    let top = &assume_role_calls(&server, TOP)[0];
    let middle_credentials = lean_runtime::credentials::Credentials::new(
        "MIDDLEKEY",
        "secret-of-MIDDLEKEY",
        Some("middle-token".into()),
        None,
        "t",
    );
    assert_signed_with(top, &middle_credentials);
    assert_eq!(form_value(top, "ExternalId").as_deref(), Some("ext-42"));
    assert_eq!(form_value(top, "DurationSeconds").as_deref(), Some("1800"));
    assert_eq!(
        form_value(top, "RoleSessionName").as_deref(),
        Some("top-session")
    );
}

#[tokio::test]
async fn credential_source_environment() {
    let server = sts().await;
    let home = Home::new(&format!(
        "[profile ops]\nrole_arn = {TOP}\ncredential_source = Environment\n"
    ));
    // With the keys in the environment the chain would stop at them; the
    // profile is asked directly.
    let env = home.env(
        &server,
        &[
            ("AWS_ACCESS_KEY_ID", "ENVKEY".into()),
            ("AWS_SECRET_ACCESS_KEY", "env-secret".into()),
        ],
    );
    let credentials = lean_runtime::credentials::ProfileFileCredentialsProvider::new(env)
        .with_profile_name("ops")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "TOPKEY");
    let call = &assume_role_calls(&server, TOP)[0];
    let env_keys =
        lean_runtime::credentials::Credentials::new("ENVKEY", "env-secret", None, None, "t");
    assert_signed_with(call, &env_keys);

    // Without the variables, the source the profile names is missing.
    let e = lean_runtime::credentials::ProfileFileCredentialsProvider::new(home.env(&server, &[]))
        .with_profile_name("ops")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains(
            "profile `ops` has credential_source = Environment, which has no credentials"
        ),
        "{e}"
    );
}

#[tokio::test]
async fn credential_source_ecs_container() {
    let server = Server::start_routed(|request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        if target(request) == "/container" {
            return json(
                r#"{"AccessKeyId":"FROMCONTAINER","SecretAccessKey":"s","Token":"c",
                    "Expiration":"2099-01-01T00:00:00Z"}"#,
            );
        }
        match form_value(request, "RoleArn").as_deref() {
            Some(TOP) => Reply::KeepOpen(sts_credentials("AssumeRole", "TOPKEY", "top-token")),
            _ => unexpected(request),
        }
    })
    .await;
    let home = Home::new(&format!(
        "[default]\nrole_arn = {TOP}\ncredential_source = EcsContainer\n"
    ));
    let env = home.env(
        &server,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            server.url("/container"),
        )],
    );
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "TOPKEY");
    assert_signed_with(&probe, &credentials);
    let call = &assume_role_calls(&server, TOP)[0];
    assert!(
        header(call, "authorization")
            .unwrap()
            .contains("Credential=FROMCONTAINER/")
    );
}
