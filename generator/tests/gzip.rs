//! Official models ship gzip-compressed; the generator reads them as they
//! are.

use std::io::Write;
use std::path::PathBuf;

fn proton_model() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../model/proton.json")
}

#[test]
fn a_gzipped_model_loads_as_the_plain_one() {
    let plain = std::fs::read(proton_model()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("proton.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder.write_all(&plain).unwrap();
    encoder.finish().unwrap();

    let from_plain = generator::model::load::load_files(&[proton_model()]).unwrap();
    let from_gz = generator::model::load::load_files(&[gz]).unwrap();
    assert_eq!(from_plain.shapes.len(), from_gz.shapes.len());
    assert!(from_gz.shapes.keys().eq(from_plain.shapes.keys()));
}

#[test]
fn a_gz_file_that_is_not_gzip_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("broken.json.gz");
    std::fs::write(&gz, "{\"smithy\": \"2.0\"}").unwrap();
    let err = generator::model::load::load_files(std::slice::from_ref(&gz))
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.json.gz"), "{err}");
    assert!(err.contains("not a gzip-compressed text"), "{err}");
}

#[test]
fn a_gzipped_model_names_its_crate_without_either_extension() {
    let plain = std::fs::read(proton_model()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("proton.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder.write_all(&plain).unwrap();
    encoder.finish().unwrap();
    let out = dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--model")
        .arg(&gz)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"proton\""), "{manifest}");
}
