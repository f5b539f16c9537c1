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

/// `cargo fmt --all` must never rewrite generator output (the drift checks
/// compare bytes): every generated crate root opts out of rustfmt and every
/// module it declares carries `#[rustfmt::skip]`.
#[test]
fn generated_crates_opt_out_of_rustfmt() {
    let (_, proton) = render_proton();
    let mut crates = vec![("proton".to_owned(), proton)];
    crates.extend(
        FIXTURES
            .iter()
            .map(|name| ((*name).to_owned(), render_fixture(name))),
    );
    for (name, rendered) in crates {
        for (path, text) in &rendered {
            let is_root = path.starts_with("examples")
                || path.as_path() == std::path::Path::new("src/lib.rs");
            if !is_root {
                continue;
            }
            assert!(
                text.contains("#![cfg_attr(rustfmt, rustfmt_skip)]"),
                "{name}/{}: no rustfmt opt-out",
                path.display()
            );
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let declares_module = (line.starts_with("mod ") || line.starts_with("pub mod "))
                    && line.ends_with(';');
                if declares_module {
                    assert_eq!(
                        i.checked_sub(1).map(|p| lines[p]),
                        Some("#[rustfmt::skip]"),
                        "{name}/{}: `{line}` is not skipped by rustfmt",
                        path.display()
                    );
                }
            }
        }
    }
}
