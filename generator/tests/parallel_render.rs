//! The generator formats files on every core; what it writes must not depend
//! on that. The official Proton model (84 operations, waiters, paginators)
//! is rendered both on every core and one file after another, and the two
//! must be identical, twice over.

use generator::emit::{self, CrateOptions};
use generator::lower::{self, Selection};
use generator::{config, model, output};
use std::path::Path;

#[test]
fn parallel_rendering_is_identical_to_rendering_in_order() {
    // Found from the crate upwards, so any checkout with `shared/` beside it works.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/models/proton.json"))
        .find(|path| path.is_file())
        .expect("shared/models/proton.json next to the repository");
    let loaded = model::load::load_files(&[path]).expect("the official model loads");
    let service = lower::lower(&loaded, &Selection::default()).expect("the model lowers");
    let options = CrateOptions {
        name: "proton".to_owned(),
        version: "0.1.0".to_owned(),
        runtime_path: "../runtime".to_owned(),
        runtime_version: config::RUNTIME_VERSION.to_owned(),
        mount: None,
    };
    let in_order = output::render(
        emit::emit_crate(&service, &options).expect("the crate emits"),
        "proton.json",
    )
    .expect("the crate renders");
    assert!(in_order.len() > 100, "{} files", in_order.len());
    for _ in 0..2 {
        let parallel = output::render_plan(emit::plan_crate(&service, &options), "proton.json")
            .expect("the crate renders");
        assert_eq!(
            parallel.keys().collect::<Vec<_>>(),
            in_order.keys().collect::<Vec<_>>()
        );
        for (path, text) in &in_order {
            assert!(parallel[path] == *text, "{} differs", path.display());
        }
    }
}
