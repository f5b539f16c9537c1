//! Generated crates on disk are exactly what their models give.

use generator_tests::{FIXTURES, fixture_crate_dir, render_fixture, render_proton};

#[test]
fn generated_proton_crate_matches_the_model() {
    let (out, rendered) = render_proton();
    let drift = generator::output::diff(&out, &rendered).unwrap();
    assert!(
        drift.is_empty(),
        "generated/ is out of date with model/:\n{drift}\nrun `cargo run -p generator` and commit the result"
    );
}

/// Fixture crates are regenerated with `LEAN_UPDATE_FIXTURES=1 cargo test
/// -p generator-tests --test drift` (review the snapshot changes with
/// `cargo insta review` as well).
#[test]
fn fixture_crates_match_their_models() {
    let update = std::env::var_os("LEAN_UPDATE_FIXTURES").is_some();
    let mut stale = Vec::new();
    for name in FIXTURES {
        let dir = fixture_crate_dir(name);
        let rendered = render_fixture(name);
        if update {
            generator::output::write(&dir, &rendered).unwrap();
            continue;
        }
        let drift = generator::output::diff(&dir, &rendered).unwrap();
        if !drift.is_empty() {
            stale.push(format!("{name}:\n{drift}"));
        }
    }
    assert!(
        stale.is_empty(),
        "fixture crates are out of date:\n{}\nrun `LEAN_UPDATE_FIXTURES=1 cargo test -p generator-tests --test drift`",
        stale.join("\n")
    );
}
