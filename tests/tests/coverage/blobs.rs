//! Blobs: bytes as standard, padded base64 strings.

use super::{body_json, echo, is_unparseable, response};
use fixture_blobs::operation::upload::{Upload, UploadInput};
use lean_runtime::Blob;
use lean_runtime::operation::Operation;
use serde_json::json;
use std::collections::HashMap;

#[test]
fn blobs_are_base64_on_the_wire_and_round_trip() {
    let input = UploadInput::builder()
        .data(Blob::new(b"hello".to_vec()))
        .chunks(Blob::new(Vec::new()))
        .chunks(Blob::new(vec![0, 255, 1]))
        .by_name("zero", Blob::new(vec![0]))
        .build()
        .unwrap();
    let request = Upload::serialize(&input).unwrap();
    assert_eq!(
        body_json(&request),
        json!({"data": "aGVsbG8=", "chunks": ["", "AP8B"], "byName": {"zero": "AA=="}})
    );
    let output = Upload::deserialize(&echo(&request)).unwrap();
    assert_eq!(output.data().map(|b| b.as_ref()), Some(&b"hello"[..]));
    assert_eq!(output.chunks(), input.chunks());
    assert_eq!(
        output.by_name(),
        Some(&HashMap::from([("zero".to_owned(), Blob::new(vec![0]))]))
    );
}

#[test]
fn every_byte_value_round_trips() {
    let all: Vec<u8> = (0..=255).collect();
    for len in [0, 1, 2, 3, 4, 255, 256] {
        let bytes = all.iter().copied().cycle().take(len).collect::<Vec<u8>>();
        let input = UploadInput::builder()
            .data(Blob::new(bytes.clone()))
            .build()
            .unwrap();
        let output = Upload::deserialize(&echo(&Upload::serialize(&input).unwrap())).unwrap();
        assert_eq!(
            output.data().map(Blob::as_ref),
            Some(&bytes[..]),
            "{len} bytes"
        );
    }
}

#[test]
fn a_missing_required_blob_reads_as_empty() {
    let output = Upload::deserialize(&response(200, "{}")).unwrap();
    assert!(output.checksum().is_empty());
    assert_eq!(output.data(), None);
}

#[test]
fn text_that_is_not_base64_is_an_error() {
    for body in [
        r#"{"data": "not base64!"}"#,
        r#"{"data": "aGVsbG8=="}"#,
        r#"{"data": 12}"#,
        r#"{"chunks": ["AA==", "%%%%"]}"#,
    ] {
        assert!(
            is_unparseable(&Upload::deserialize(&response(200, body))),
            "{body}"
        );
    }
}
