//! What the fuzz targets check, in plain functions: the targets under
//! `fuzz_targets/` call them with libFuzzer's inputs, and the tests crate
//! (`tests/tests/fuzz_seeds.rs`) runs the seed corpus under `seeds/`
//! through them on every CI run, on the stable toolchain.
//!
//! Each function panics when a property does not hold; that is how
//! libFuzzer learns about a failing input.

use bytes::Bytes;
use lean_runtime::aws_json::error_metadata;
use lean_runtime::json::{JsonReader, JsonValueWriter};
use lean_runtime::operation::{Operation, OperationFailure};
use std::fmt::Debug;

/// Response deserialization of every operation of proton and the fixture
/// crates. The first byte picks the status (below 128: 200, the success
/// path; else 400 to 527, the error path), the second the operation, the
/// rest is the body. Reading gives an output or a typed error, never a
/// panic, and errors print.
// Every Proton operation is deprecated in the model; the fuzzer reads
// their responses on purpose.
#[allow(deprecated)]
pub fn response(data: &[u8]) {
    let [status, operation, body @ ..] = data else {
        return;
    };
    let status = match *status {
        0..128 => 200,
        b => 400 + u16::from(b - 128),
    };
    match operation % 8 {
        0 => read::<proton::operation::cancel_component_deployment::CancelComponentDeployment>(
            status, body,
        ),
        1 => read::<fixture_enums::operation::put_colors::PutColors>(status, body),
        2 => read::<fixture_errors::operation::fail::Fail>(status, body),
        3 => read::<fixture_naming::operation::match_::Match>(status, body),
        4 => read::<fixture_naming::operation::type_::Type>(status, body),
        5 => read::<fixture_required::operation::put::Put>(status, body),
        6 => read::<fixture_sensitive::operation::login::Login>(status, body),
        _ => read::<fixture_timestamps::operation::stamp::Stamp>(status, body),
    }
}

fn read<O>(status: u16, body: &[u8])
where
    O: Operation,
    O::Output: Debug,
    O::Error: Debug,
{
    let mut response = http::Response::new(Bytes::copy_from_slice(body));
    if let Ok(status) = http::StatusCode::from_u16(status) {
        *response.status_mut() = status;
    }
    let success = response.status().is_success();
    match O::deserialize(&response) {
        Ok(output) => {
            assert!(success, "an output from an error response");
            let _ = format!("{output:?}");
        }
        Err(OperationFailure::Service(e)) => {
            assert!(!success, "a service error from a success response");
            let _ = format!("{e} {e:?}");
        }
        Err(OperationFailure::Unparseable(e)) => {
            assert!(success, "an error response was unparseable");
            let _ = format!("{e} {e:?}");
        }
    }
}

/// `aws_json::error_metadata` over any body: it never fails, and a code it
/// finds is a bare shape name (no namespace, no URL suffix, no padding).
pub fn error_metadata_of(body: &[u8]) {
    let mut response = http::Response::new(Bytes::copy_from_slice(body));
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    let meta = error_metadata(&response);
    assert_eq!(meta.status(), Some(400));
    if let Some(code) = meta.code() {
        assert!(!code.is_empty());
        assert!(!code.contains(['#', ':']), "{code:?}");
        assert_eq!(code, code.trim(), "{code:?}");
    }
    let _ = format!("{meta:?}");
}

/// `JsonReader::read_document` and `skip_value` over any input: neither
/// panics; whatever `read_document` accepts, `skip_value` skips to the same
/// offset; and a document read, written and read again is the same.
pub fn json_reader(data: &[u8]) {
    let mut reader = JsonReader::new(data);
    let document = reader.read_document();
    let read_to = reader.offset();
    let mut skipper = JsonReader::new(data);
    let skipped = skipper.skip_value();
    if let Ok(document) = document {
        assert!(skipped.is_ok(), "read but not skipped: {skipped:?}");
        assert_eq!(skipper.offset(), read_to);
        let mut text = String::new();
        JsonValueWriter::new(&mut text).document(&document);
        let again = JsonReader::new(text.as_bytes()).read_document();
        assert_eq!(again.as_ref(), Ok(&document), "{text}");
    }
}
