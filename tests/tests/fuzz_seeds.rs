//! The fuzz targets' seed corpus (`fuzz/seeds/`), run through the very
//! functions the targets call, so CI checks the same properties on the
//! stable toolchain without libFuzzer (see the README's "Fuzzing").

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

fn run_seeds(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    for seed in seeds {
        let data = std::fs::read(&seed).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
        // Every prefix too: truncated input is what fuzzing finds first.
        for len in 0..=data.len() {
            check(&data[..len]);
        }
    }
}

#[test]
fn response_seeds() {
    run_seeds("response", harness::response);
}

#[test]
fn error_metadata_seeds() {
    run_seeds("error_metadata", harness::error_metadata_of);
}

#[test]
fn json_reader_seeds() {
    run_seeds("json_reader", harness::json_reader);
}
