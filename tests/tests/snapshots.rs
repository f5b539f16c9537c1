//! insta snapshots of every generated file: the proton crate and each
//! fixture. Review changes with `cargo insta review`.

use generator_tests::{FIXTURES, render_fixture, render_proton};

fn snapshot_name(krate: &str, path: &std::path::Path) -> String {
    let path = path.to_string_lossy().replace(['/', '\\'], "__");
    format!("{krate}__{path}")
}

#[test]
fn proton_snapshots() {
    let (_, rendered) = render_proton();
    for (path, text) in &rendered {
        insta::assert_snapshot!(snapshot_name("proton", path), text);
    }
}

#[test]
fn fixture_snapshots() {
    for name in FIXTURES {
        for (path, text) in &render_fixture(name) {
            insta::assert_snapshot!(snapshot_name(name, path), text);
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let (_, first) = render_proton();
    let (_, second) = render_proton();
    assert_eq!(first, second);
    for name in FIXTURES {
        assert_eq!(render_fixture(name), render_fixture(name), "{name}");
    }
}
