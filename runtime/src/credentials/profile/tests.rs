use super::*;
use crate::credentials::CredentialsErrorKind;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A home directory with the given `~/.aws/config` and `~/.aws/credentials`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str, credentials: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/config"), config).unwrap();
        std::fs::write(dir.path().join(".aws/credentials"), credentials).unwrap();
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a script into the home directory and returns a command running it.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.path().join(name);
        std::fs::write(&path, body).unwrap();
        format!("sh {}", path.display())
    }

    fn env(&self, extra: &[(&str, &str)]) -> Env {
        let home = self.path().to_str().unwrap().to_owned();
        Env::from_vars(
            [("HOME".to_owned(), home)]
                .into_iter()
                .chain(extra.iter().map(|(k, v)| (k.to_string(), v.to_string()))),
        )
    }

    async fn load(&self, extra: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        ProfileFileCredentialsProvider::new(self.env(extra))
            .provide_credentials()
            .await
    }
}

#[tokio::test]
async fn static_keys_with_the_credentials_file_winning() {
    let home = Home::new(
        "[default]\naws_access_key_id = FROMCONFIG\nregion = us-east-1\naws_session_token = TOKEN",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET",
    );
    let c = home.load(&[]).await.unwrap();
    assert_eq!(c.access_key_id(), "AKID");
    assert_eq!(c.secret_access_key(), "SECRET");
    assert_eq!(c.session_token(), Some("TOKEN"));
    assert_eq!(c.provider_name(), "ProfileFile");
    assert_eq!(c.expiry(), None);
}

#[tokio::test]
async fn aws_profile_and_explicit_name_select_the_profile() {
    let home = Home::new(
        "[profile dev]\naws_access_key_id = DEV\naws_secret_access_key = S",
        "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = S\n\
         [prod]\naws_access_key_id = PROD\naws_secret_access_key = S",
    );
    assert_eq!(home.load(&[]).await.unwrap().access_key_id(), "DEFAULT");
    let dev = home.load(&[("AWS_PROFILE", "dev")]).await.unwrap();
    assert_eq!(dev.access_key_id(), "DEV");
    let prod = ProfileFileCredentialsProvider::new(home.env(&[("AWS_PROFILE", "dev")]))
        .with_profile_name("prod")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(prod.access_key_id(), "PROD");
}

#[tokio::test]
async fn custom_file_locations() {
    let home = Home::new("", "");
    let elsewhere = tempfile::tempdir().unwrap();
    let creds = elsewhere.path().join("creds");
    std::fs::write(
        &creds,
        "[default]\naws_access_key_id = CUSTOM\naws_secret_access_key = S",
    )
    .unwrap();
    let c = home
        .load(&[("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap())])
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "CUSTOM");
}

#[tokio::test]
async fn missing_default_is_not_loaded_but_missing_named_profile_is_invalid() {
    let home = Home::new("[profile other]\nregion = x", "");
    let e = home.load(&[]).await.unwrap_err();
    assert!(e.is_not_loaded(), "{e}");
    assert!(
        e.to_string()
            .contains("profile `default` is not defined in"),
        "{e}"
    );
    assert!(e.to_string().contains(".aws/credentials"), "{e}");

    let e = home.load(&[("AWS_PROFILE", "nope")]).await.unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains("profile `nope`"), "{e}");

    let e = ProfileFileCredentialsProvider::new(Env::from_vars::<&str, &str>([]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_loaded());
    assert!(e.to_string().contains("no AWS_CONFIG_FILE"), "{e}");
}

#[tokio::test]
async fn profile_without_credentials_is_not_loaded() {
    let home = Home::new("[default]\nregion = us-east-1", "");
    let e = home.load(&[]).await.unwrap_err();
    assert!(e.is_not_loaded());
    assert!(e.to_string().contains("has no credentials"), "{e}");
}

#[tokio::test]
async fn half_configured_keys_are_invalid() {
    let home = Home::new("", "[default]\naws_access_key_id = AKID");
    let e = home.load(&[]).await.unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(
        e.to_string().contains("missing aws_secret_access_key"),
        "{e}"
    );

    let home = Home::new("", "[default]\naws_secret_access_key = s3cr3t");
    let e = home.load(&[]).await.unwrap_err();
    assert!(e.to_string().contains("missing aws_access_key_id"), "{e}");
    assert!(!e.to_string().contains("s3cr3t"));

    let home = Home::new("", "[default]\naws_session_token = t0k3n");
    let e = home.load(&[]).await.unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
}

#[tokio::test]
async fn misconfigured_sources_are_explained_before_anything_is_called() {
    const ROLE: &str = "role_arn = arn:aws:iam::123456789012:role/r";
    for (config, expected) in [
        (
            format!("[profile dev]\n{ROLE}"),
            "profile `dev` sets role_arn but neither source_profile nor credential_source",
        ),
        (
            format!("[profile dev]\n{ROLE}\nsource_profile = gone"),
            "profile `gone`, the source_profile of `dev`, is not defined",
        ),
        (
            format!("[profile dev]\n{ROLE}\nsource_profile = a\ncredential_source = Environment"),
            "sets both source_profile and credential_source",
        ),
        (
            format!("[profile dev]\n{ROLE}\ncredential_source = Laptop"),
            "credential_source `Laptop`; expected Environment, Ec2InstanceMetadata or EcsContainer",
        ),
        (
            format!(
                "[profile dev]\n{ROLE}\nsource_profile = a\n[profile a]\n{ROLE}\nsource_profile = dev"
            ),
            "source_profile settings form a loop: dev -> a -> dev",
        ),
        (
            format!("[profile dev]\n{ROLE}\nsource_profile = a\nmfa_serial = arn:aws:iam::1:mfa/u\n[profile a]\naws_access_key_id = A\naws_secret_access_key = S"),
            "profile `dev` sets mfa_serial",
        ),
        (
            format!("[profile dev]\n{ROLE}\nsource_profile = a\nduration_seconds = soon\n[profile a]\naws_access_key_id = A\naws_secret_access_key = S"),
            "duration_seconds `soon`, which is not a number of seconds",
        ),
        (
            "[profile dev]\nweb_identity_token_file = /token".to_owned(),
            "profile `dev` sets web_identity_token_file but not role_arn",
        ),
        (
            "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r".to_owned(),
            "names sso_session `corp`, which has no [sso-session corp] section",
        ),
        (
            "[profile dev]\nsso_start_url = https://x\nsso_account_id = 1\nsso_role_name = r".to_owned(),
            "profile `dev` is an IAM Identity Center (SSO) profile without sso_region",
        ),
        (
            "[profile dev]\nsso_session = corp\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\n\
             [sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1"
                .to_owned(),
            "sets sso_region `eu-west-1`, but its sso_session `corp` says `us-east-1`",
        ),
        (
            "[profile dev]\nlogin_session = arn:aws:iam::1:user/u".to_owned(),
            "sets `login_session`: AWS sign-in (login_session) is not supported",
        ),
    ] {
        let home = Home::new(&config, "");
        let e = home.load(&[("AWS_PROFILE", "dev")]).await.unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration, "{e}");
        let message = e.to_string();
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn role_chains_are_planned_base_first() {
    const A: &str = "arn:aws:iam::123456789012:role/a";
    let profiles = ProfileSet::parse(
        &format!(
            "[profile top]\nrole_arn = {A}\nsource_profile = middle\nexternal_id = ext\n\
             duration_seconds = 900\nrole_session_name = s\n\
             [profile middle]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = keys\n\
             [profile keys]\naws_access_key_id = K\naws_secret_access_key = S\n\
             role_arn = ignored-in-a-source-profile\n\
             [profile myself]\nrole_arn = {A}\nsource_profile = myself\n\
             aws_access_key_id = SELF\naws_secret_access_key = S\n\
             [profile web]\nrole_arn = {A}\nweb_identity_token_file = /t\n\
             [profile imds]\nrole_arn = {A}\ncredential_source = Ec2InstanceMetadata\n"
        ),
        "",
    )
    .unwrap();
    let plan_of = |name: &str| plan(&profiles, profiles.profile(name).unwrap()).unwrap();

    let top = plan_of("top");
    assert!(matches!(&top.base, Base::Static(c) if c.access_key_id() == "K"));
    let arns: Vec<&str> = top.roles.iter().map(|r| r.role_arn.as_str()).collect();
    assert_eq!(arns, ["arn:aws:iam::1:role/m", A]);
    let last = &top.roles[1];
    assert_eq!(
        (
            last.external_id.as_deref(),
            last.duration_seconds,
            last.session_name.as_deref()
        ),
        (Some("ext"), Some(900), Some("s"))
    );

    // A profile may be its own source when it has static keys.
    let myself = plan_of("myself");
    assert!(matches!(&myself.base, Base::Static(c) if c.access_key_id() == "SELF"));
    assert_eq!(myself.roles.len(), 1);

    let web = plan_of("web");
    assert!(matches!(&web.base, Base::WebIdentity(w) if w.role_arn == A));
    assert!(web.roles.is_empty());

    let imds = plan_of("imds");
    assert!(matches!(
        &imds.base,
        Base::Source(CredentialSource::Ec2InstanceMetadata, p) if p == "imds"
    ));
    assert_eq!(imds.roles.len(), 1);
}

#[tokio::test]
async fn malformed_file_is_invalid_configuration_naming_the_file() {
    let home = Home::new("[default\n", "");
    let e = home.load(&[]).await.unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains(".aws/config, line 1"), "{e}");
}

#[cfg(unix)]
mod credential_process {
    use super::*;

    const OUTPUT: &str = r#"{"Version": 1, "AccessKeyId": "PROCAKID", "SecretAccessKey": "PROCSECRET", "SessionToken": "PROCTOKEN", "Expiration": "2099-01-01T00:00:00Z"}"#;

    fn home_with_process(script: &str) -> Home {
        let home = Home::new("", "");
        let command = home.script("creds.sh", script);
        std::fs::write(
            home.path().join(".aws/config"),
            format!("[default]\ncredential_process = {command}\naws_access_key_id = IGNORED\naws_secret_access_key = IGNORED"),
        )
        .unwrap();
        home
    }

    #[tokio::test]
    async fn runs_the_command_and_reads_its_json() {
        let home = home_with_process(&format!("printf '%s' '{OUTPUT}'\n"));
        let c = home.load(&[]).await.unwrap();
        assert_eq!(c.access_key_id(), "PROCAKID");
        assert_eq!(c.secret_access_key(), "PROCSECRET");
        assert_eq!(c.session_token(), Some("PROCTOKEN"));
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(4_070_908_800))
        );
        assert_eq!(c.provider_name(), "CredentialProcess");
    }

    #[test]
    fn works_without_a_tokio_runtime() {
        let home = home_with_process(&format!("printf '%s' '{OUTPUT}'\n"));
        let provider = ProfileFileCredentialsProvider::new(home.env(&[]));
        let mut future = provider.provide_credentials();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        // Without a runtime the command runs in place: the first poll finishes.
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(c) => assert_eq!(c.unwrap().access_key_id(), "PROCAKID"),
            std::task::Poll::Pending => panic!("expected the command to run in place"),
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn failure_reports_status_and_stderr_but_not_the_command() {
        let home = home_with_process("echo 'token expired, run login' >&2\nexit 3\n");
        let e = home.load(&[]).await.unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
        let message = e.to_string();
        assert!(message.contains("profile `default` failed"), "{message}");
        assert!(message.contains("3"), "{message}");
        assert!(message.contains("token expired, run login"), "{message}");
        assert!(!message.contains("creds.sh"), "{message}");
    }

    #[tokio::test]
    async fn bad_output_is_explained_without_quoting_it() {
        let home =
            home_with_process("echo '{\"Version\": 1, \"SecretAccessKey\": \"PROCSECRET\"}'\n");
        let e = home.load(&[]).await.unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
        assert!(e.to_string().ends_with("printed no `AccessKeyId`"), "{e}");
        assert!(!e.to_string().contains("PROCSECRET"));
        assert!(!format!("{e:?}").contains("PROCSECRET"));
    }
}
