//! The end-to-end clients under `clients/` are exactly what the official
//! models in `shared/models/aws/` give.
//!
//! `LEAN_UPDATE_E2E=1 cargo test -p e2e --test drift` regenerates them.

use e2e::{CLIENTS, crate_dir, models_dir};

#[test]
fn clients_match_the_official_models() {
    let update = std::env::var_os("LEAN_UPDATE_E2E").is_some();
    let mut stale = Vec::new();
    for client in CLIENTS {
        let dir = crate_dir().join("clients").join(client.crate_name);
        let options = generator::Options {
            models: vec![models_dir().join(client.model)],
            selection: generator::lower::Selection {
                service: None,
                operations: Some(
                    client
                        .operations
                        .iter()
                        .map(|op| (*op).to_owned())
                        .collect(),
                ),
                service_side: false,
            },
            krate: generator::emit::CrateOptions {
                name: client.crate_name.to_owned(),
                version: "0.1.0".to_owned(),
                runtime_path: generator::paths::runtime_path_from(&dir)
                    .unwrap_or_else(|e| panic!("runtime path: {e}")),
                runtime_version: generator::config::RUNTIME_VERSION.to_owned(),
                mount: None,
            },
            source_label: format!("../shared/models/aws/{}", client.model),
        };
        let rendered =
            generator::generate(&options).unwrap_or_else(|e| panic!("{}: {e}", client.crate_name));
        if update {
            generator::output::write(&dir, &rendered).unwrap();
            continue;
        }
        let drift = generator::output::diff(&dir, &rendered).unwrap();
        if !drift.is_empty() {
            stale.push(format!("{}:\n{drift}", client.crate_name));
        }
    }
    assert!(
        stale.is_empty(),
        "end-to-end clients are out of date:\n{}\nrun `LEAN_UPDATE_E2E=1 cargo test -p e2e --test drift`",
        stale.join("\n")
    );
}
