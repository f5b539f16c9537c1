//! Bench 1: the generator, from loading the model to the crate's files
//! written in an empty temporary directory.
//!
//! - `generate/proton-full`: every operation of the official Proton model
//!   (`shared/models/proton.json`, 563 KB, 88 operations).
//! - `generate/cancel-component-deployment`: what `cargo run -p generator`
//!   does for this repository (`codegen.toml`).
//! - `generate/proton-full/<stage>`: where the time of the first goes, each
//!   stage on one thread. `generate` runs `emit` and `render` together on
//!   every core (`generator::output::render_plan`), so its time is less
//!   than the sum of the stages.

mod common;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use generator::emit::CrateOptions;
use generator::lower::Selection;
use generator::{Options, config, emit, lower, model, output, validate};
use std::hint::black_box;

fn full_model_options() -> Options {
    Options {
        models: vec![common::shared_model("proton.json")],
        selection: Selection::default(),
        krate: CrateOptions {
            name: "proton".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_path: "../runtime".to_owned(),
            runtime_version: config::RUNTIME_VERSION.to_owned(),
            mount: None,
        },
        source_label: "proton.json".to_owned(),
    }
}

fn codegen_toml_options() -> Options {
    let path = common::workspace_root().join("codegen.toml");
    let config = config::Config::load(&path).expect("codegen.toml loads");
    config.options().expect("codegen.toml is valid")
}

/// Generates into a new empty directory, as a first run would.
fn bench_generation(c: &mut Criterion, name: &str, options: &Options) {
    c.bench_function(name, |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary directory"),
            |dir| {
                let rendered = generator::generate(options).expect("the model generates");
                let report = output::write(dir.path(), &rendered).expect("files are written");
                // Removing the directory is left out of the measurement.
                (dir, report)
            },
            BatchSize::PerIteration,
        );
    });
}

fn generation(c: &mut Criterion) {
    bench_generation(c, "generate/proton-full", &full_model_options());
    bench_generation(
        c,
        "generate/cancel-component-deployment",
        &codegen_toml_options(),
    );
}

fn stages(c: &mut Criterion) {
    let options = full_model_options();
    let loaded = model::load::load_files(&options.models).expect("the model loads");
    let service = lower::lower(&loaded, &options.selection).expect("the model lowers");
    let files = emit::emit_crate(&service, &options.krate).expect("the crate emits");
    let rendered = output::render(files.clone(), "proton.json").expect("the crate renders");

    let mut group = c.benchmark_group("generate/proton-full");
    group.bench_function("load", |b| {
        b.iter(|| model::load::load_files(black_box(&options.models)))
    });
    group.bench_function("validate", |b| {
        b.iter(|| validate::validate(black_box(&loaded)))
    });
    group.bench_function("lower", |b| {
        b.iter(|| lower::lower(black_box(&loaded), &options.selection))
    });
    group.bench_function("emit", |b| {
        b.iter(|| emit::emit_crate(black_box(&service), &options.krate))
    });
    group.bench_function("render", |b| {
        b.iter_batched(
            || files.clone(),
            |files| output::render(files, "proton.json"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary directory"),
            |dir| {
                let report = output::write(dir.path(), &rendered).expect("files are written");
                (dir, report)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // A generation takes a good fraction of a second: fewer, longer samples.
    config = Criterion::default().sample_size(20);
    targets = generation, stages
}
criterion_main!(benches);
