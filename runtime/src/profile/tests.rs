//! The cases of the AWS SDKs' shared profile-parser test suite, plus loading
//! from disk.

use super::*;
use std::fs;

/// Every profile as sorted `(name, [(key, value)])`, for whole-set assertions.
fn dump(set: &ProfileSet) -> Vec<(String, Vec<(String, String)>)> {
    set.profiles
        .values()
        .map(|p| {
            let props = p
                .properties
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (p.name.clone(), props)
        })
        .collect()
}

fn profiles(config: &str, credentials: &str) -> Vec<(String, Vec<(String, String)>)> {
    dump(&ProfileSet::parse(config, credentials).expect("files should parse"))
}

/// Builds the expected value of [`dump`] from string slices.
fn expect(profiles: &[(&str, &[(&str, &str)])]) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<_> = profiles
        .iter()
        .map(|(name, props)| {
            let mut props: Vec<_> = props
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            props.sort();
            (name.to_string(), props)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn empty_files_have_no_profiles() {
    assert!(ProfileSet::parse("", "").unwrap().is_empty());
    assert_eq!(profiles("[profile foo]", ""), expect(&[("foo", &[])]));
}

#[test]
fn profile_name_characters() {
    assert_eq!(
        profiles(
            "[profile some-thing:long/the_one%only.foo@bar+]\n[profile foo!bar]",
            ""
        ),
        expect(&[("some-thing:long/the_one%only.foo@bar+", &[])])
    );
    let all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert_eq!(
        profiles(&format!("[profile {all}]"), ""),
        expect(&[(all, &[])])
    );
}

#[test]
fn profile_names_are_trimmed_and_may_be_tab_separated() {
    assert_eq!(profiles("[profile \tfoo \t]", ""), expect(&[("foo", &[])]));
    assert_eq!(profiles("[profile\tfoo]", ""), expect(&[("foo", &[])]));
    assert_eq!(
        profiles("[   profile foo    ]\nname = value\n[profile bar]", ""),
        expect(&[("foo", &[("name", "value")]), ("bar", &[])])
    );
    assert_eq!(
        profiles("", "[   foo    ]\nname = value\n[profile bar]"),
        expect(&[("foo", &[("name", "value")])])
    );
}

#[test]
fn property_names_are_case_insensitive_and_the_last_wins() {
    assert_eq!(
        profiles(
            "[profile foo]\nName = value\n[profile foo]\nname = value2",
            ""
        ),
        expect(&[("foo", &[("name", "value2")])])
    );
    assert_eq!(
        profiles("[profile foo]\nname = value\nname = value2", ""),
        expect(&[("foo", &[("name", "value2")])])
    );
    let all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let set = ProfileSet::parse(&format!("[profile foo]\n{all} = value"), "").unwrap();
    let foo = set.profile("foo").unwrap();
    assert_eq!(foo.get(all), Some("value"));
    assert_eq!(
        foo.keys().collect::<Vec<_>>(),
        [all.to_ascii_lowercase().as_str()]
    );
}

#[test]
fn duplicate_profiles_in_one_file_merge() {
    assert_eq!(
        profiles(
            "[profile foo]\nname = value\n[profile foo]\nname2 = value2",
            ""
        ),
        expect(&[("foo", &[("name", "value"), ("name2", "value2")])])
    );
}

#[test]
fn invalid_names_are_ignored() {
    assert!(
        ProfileSet::parse(
            "[profile in valid]\nname = value",
            "[in valid 2]\nname2 = value2"
        )
        .unwrap()
        .is_empty()
    );
    assert_eq!(
        profiles("[profile foo]\nin valid = value", ""),
        expect(&[("foo", &[])])
    );
    assert_eq!(
        profiles(
            "[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2",
            ""
        ),
        expect(&[
            ("foo", &[("name", "value")]),
            ("bar", &[("name", "value2")])
        ])
    );
    // `[profilefoo]` is an unprefixed section, which config ignores.
    assert_eq!(
        profiles("[profilefoo]\nname = value\n[profile bar]", ""),
        expect(&[("bar", &[])])
    );
}

#[test]
fn prefixes_depend_on_the_file() {
    // Config profiles need the prefix; credentials profiles must not have it.
    assert!(
        ProfileSet::parse("[foo]\nname = value", "")
            .unwrap()
            .is_empty()
    );
    assert!(
        ProfileSet::parse("", "[profile foo]\nname = value")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        profiles("", "[default]\nname = value"),
        expect(&[("default", &[("name", "value")])])
    );
}

#[test]
fn prefixed_default_replaces_bare_default_in_config() {
    let want = expect(&[("default", &[("name", "value")])]);
    assert_eq!(
        profiles(
            "[profile default]\nname = value\n[default]\nname2 = value2",
            ""
        ),
        want
    );
    assert_eq!(
        profiles(
            "[default]\nname2 = value2\n[profile default]\nname = value",
            ""
        ),
        want
    );
    assert_eq!(
        profiles(
            "[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3",
            "[default]\nsecret=foo"
        ),
        expect(&[(
            "default",
            &[("name", "value"), ("name3", "value3"), ("secret", "foo")]
        )])
    );
    assert_eq!(
        profiles("[default]\nname = value", ""),
        expect(&[("default", &[("name", "value")])])
    );
}

#[test]
fn files_merge_with_credentials_winning() {
    assert_eq!(
        profiles("[profile foo]\nname = value", "[foo]\nname2 = value2"),
        expect(&[("foo", &[("name", "value"), ("name2", "value2")])])
    );
    assert_eq!(
        profiles("[profile foo]\nname = value", "[foo]\nname = value2"),
        expect(&[("foo", &[("name", "value2")])])
    );
}

#[test]
fn sso_sessions_and_other_sections_are_kept_apart() {
    let set = ProfileSet::parse(
        "[sso-session foo]\nsso_region = us-east-1\n[profile bar]\n[services baz]\ns3 =\n  endpoint_url = http://localhost",
        "",
    )
    .unwrap();
    assert_eq!(set.profile_names().collect::<Vec<_>>(), ["bar"]);
    assert_eq!(
        set.sso_session("foo").unwrap().get("sso_region"),
        Some("us-east-1")
    );
    let services = set.section("services", "baz").unwrap();
    assert_eq!(
        services.sub_properties("s3").collect::<Vec<_>>(),
        [("endpoint_url", "http://localhost")]
    );
    assert!(set.sso_session("bar").is_none());

    // Without the space it is a plain name: a profile in the credentials file.
    let set = ProfileSet::parse("", "[sso-sessionfoo]\nname = value\n[bar]").unwrap();
    assert_eq!(
        set.profile_names().collect::<Vec<_>>(),
        ["bar", "sso-sessionfoo"]
    );
    assert!(set.sso_session("foo").is_none());
}

#[test]
fn sub_properties_are_readable() {
    let set = ProfileSet::parse(
        "[profile foo]\ns3 =\n  max_concurrent_requests = 20\n\n  addressing_style=path\nregion = x",
        "",
    )
    .unwrap();
    let foo = set.profile("foo").unwrap();
    assert_eq!(
        foo.get("s3"),
        Some("\nmax_concurrent_requests = 20\naddressing_style=path")
    );
    assert_eq!(
        foo.sub_properties("S3").collect::<Vec<_>>(),
        [
            ("max_concurrent_requests", "20"),
            ("addressing_style", "path")
        ]
    );
    assert_eq!(foo.sub_properties("missing").count(), 0);
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let err = ProfileSet::parse("[profile foo]\nname = value\n[profile bar", "").unwrap_err();
    assert_eq!(err.path(), Path::new("config"));
    assert_eq!(err.line(), Some(3));
    assert_eq!(
        err.to_string(),
        "config, line 3: profile definition must end with ']'"
    );
    let err = ProfileSet::parse("", "[default]\n -continued").unwrap_err();
    assert_eq!(err.path(), Path::new("credentials"));
    assert_eq!(
        err.to_string(),
        "credentials, line 2: expected a property definition, found continuation"
    );
}

#[test]
fn errors_never_quote_the_file() {
    let err = ProfileSet::parse("", "aws_secret_access_key = SECRET").unwrap_err();
    assert!(!err.to_string().contains("SECRET"));
    assert!(!format!("{err:?}").contains("SECRET"));
}

#[test]
fn debug_lists_keys_but_not_values() {
    let set = ProfileSet::parse("", "[default]\naws_secret_access_key = SECRET").unwrap();
    let debug = format!("{set:?}");
    assert!(debug.contains("aws_secret_access_key"));
    assert!(!debug.contains("SECRET"));
}

#[test]
fn selection() {
    let set = ProfileSet::parse("[default]\nregion = a\n[profile dev]\nregion = b", "").unwrap();
    assert_eq!(set.selected_name(), "default");
    assert_eq!(set.selected().unwrap().get("region"), Some("a"));
    let set = set.with_selected("dev");
    assert_eq!(set.selected().unwrap().get("region"), Some("b"));
    assert!(set.with_selected("nope").selected().is_none());
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, contents).unwrap();
    path
}

#[test]
fn load_reads_the_default_locations_under_home() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".aws/config",
        "[default]\nregion = eu-west-1\n",
    );
    write(
        home.path(),
        ".aws/credentials",
        "[default]\naws_access_key_id = A\n",
    );
    let env = Env::from_vars([("HOME", home.path().to_str().unwrap())]);
    let set = ProfileSet::load(&env).unwrap();
    let default = set.selected().unwrap();
    assert_eq!(default.get("region"), Some("eu-west-1"));
    assert_eq!(default.get("aws_access_key_id"), Some("A"));
    assert_eq!(
        set.files(),
        [
            home.path().join(".aws/config"),
            home.path().join(".aws/credentials")
        ]
    );
}

#[test]
fn load_honours_custom_locations_with_tilde_and_aws_profile() {
    let home = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".aws/config",
        "[profile dev]\nregion = wrong\n",
    );
    write(home.path(), "my/config", "[profile dev]\nregion = right\n");
    let creds = write(other.path(), "creds", "[dev]\naws_access_key_id = B\n");
    let env = Env::from_vars([
        ("HOME", home.path().to_str().unwrap()),
        ("AWS_CONFIG_FILE", "~/my/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ("AWS_PROFILE", "dev"),
    ]);
    let set = ProfileSet::load(&env).unwrap();
    assert_eq!(set.selected_name(), "dev");
    let dev = set.selected().unwrap();
    assert_eq!(dev.get("region"), Some("right"));
    assert_eq!(dev.get("aws_access_key_id"), Some("B"));
}

#[test]
fn missing_files_and_missing_home_are_empty() {
    let home = tempfile::tempdir().unwrap();
    let env = Env::from_vars([("HOME", home.path().to_str().unwrap())]);
    assert!(ProfileSet::load(&env).unwrap().is_empty());
    let set = ProfileSet::load(&Env::from_vars::<&str, &str>([])).unwrap();
    assert!(set.is_empty());
    assert!(set.files().is_empty());
}

#[test]
fn malformed_and_unreadable_files_are_errors_naming_them() {
    let home = tempfile::tempdir().unwrap();
    let config = write(
        home.path(),
        "config",
        "[default]\nregion = x\nnot a property\n",
    );
    let env = Env::from_vars([("AWS_CONFIG_FILE", config.to_str().unwrap())]);
    let err = ProfileSet::load(&env).unwrap_err();
    assert_eq!(err.path(), config);
    assert_eq!(err.line(), Some(3));
    assert!(err.to_string().starts_with(config.to_str().unwrap()));

    let bad = write(home.path(), "bad", b"[default]\nregion = \xff\n");
    let env = Env::from_vars([("AWS_SHARED_CREDENTIALS_FILE", bad.to_str().unwrap())]);
    let err = ProfileSet::load(&env).unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(err.to_string().ends_with("line 2: not valid UTF-8"));

    // A directory exists but cannot be read as a file.
    let env = Env::from_vars([("AWS_CONFIG_FILE", home.path().to_str().unwrap())]);
    let err = ProfileSet::load(&env).unwrap_err();
    assert_eq!(err.line(), None);
    assert!(err.source().is_some());
}

#[test]
fn tilde_expansion() {
    let env = Env::from_vars([("HOME", "/home/u")]);
    assert_eq!(expand_home(&env, "~"), PathBuf::from("/home/u"));
    assert_eq!(expand_home(&env, "~/a/b"), PathBuf::from("/home/u/a/b"));
    assert_eq!(expand_home(&env, "~user/a"), PathBuf::from("~user/a"));
    assert_eq!(expand_home(&env, "/abs/~"), PathBuf::from("/abs/~"));
    let no_home = Env::from_vars::<&str, &str>([]);
    assert_eq!(expand_home(&no_home, "~/a"), PathBuf::from("~/a"));
}
