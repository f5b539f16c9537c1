//! What the official cases leave unchecked, on the same generated client:
//! the compressed body itself, the size below which nothing is compressed,
//! and host labels that cannot be part of a host name.

use json_rpc10::Client;
use json_rpc10::config::Spec;
use lean_runtime::compression::MIN_COMPRESSION_SIZE;
use lean_runtime::error::SdkError;
use lean_runtime::operation::HttpRequest;
use protocol_tests::{DEFAULT_HOST, client_config, ok_transport};

/// Sends `PutWithContentEncoding` with `data` and returns the request.
async fn put(data: String) -> HttpRequest {
    let transport = ok_transport();
    let client = Client::new(&client_config::<Spec>(DEFAULT_HOST, &transport));
    let result = client.put_with_content_encoding().data(data).send().await;
    assert!(result.is_ok(), "{result:?}");
    let mut requests = transport.requests();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

/// The body of a gzip member (RFC 1952) written without optional fields.
fn gunzip(member: &[u8]) -> Vec<u8> {
    assert!(
        member.len() >= 18,
        "too short for gzip: {} bytes",
        member.len()
    );
    assert_eq!(
        member[..4],
        [0x1f, 0x8b, 8, 0],
        "gzip magic, DEFLATE, no flags"
    );
    let deflated = &member[10..member.len() - 8];
    let data = miniz_oxide::inflate::decompress_to_vec(deflated).expect("valid DEFLATE");
    let size = u32::from_le_bytes(member[member.len() - 4..].try_into().expect("4 bytes"));
    assert_eq!(size as usize, data.len(), "ISIZE");
    data
}

#[tokio::test]
async fn large_bodies_are_sent_gzipped() {
    let data = "x".repeat(MIN_COMPRESSION_SIZE);
    let request = put(data.clone()).await;
    assert_eq!(request.headers()["content-encoding"], "gzip");
    let body = request.body();
    assert_eq!(request.headers()["content-length"], body.len().to_string());
    assert!(body.len() < data.len() / 10, "{} bytes", body.len());
    let json = gunzip(body);
    assert_eq!(json, format!(r#"{{"data":"{data}"}}"#).into_bytes());
}

#[tokio::test]
async fn small_bodies_are_sent_as_they_are() {
    // Ten bytes of JSON around the data keep the body under the minimum.
    let data = "x".repeat(MIN_COMPRESSION_SIZE - 20);
    let request = put(data.clone()).await;
    assert!(request.headers().get("content-encoding").is_none());
    assert_eq!(
        request.body().as_ref(),
        format!(r#"{{"data":"{data}"}}"#).as_bytes()
    );
}

#[tokio::test]
async fn host_labels_that_are_not_host_names_are_not_sent() {
    for label in ["", "a.b", "a/b", "-a"] {
        let transport = ok_transport();
        let client = Client::new(&client_config::<Spec>(DEFAULT_HOST, &transport));
        let error = client
            .endpoint_with_host_label_operation()
            .label(label)
            .send()
            .await
            .expect_err(label);
        let field = match &error {
            SdkError::ConstructionFailure(failure) => failure.build_error().and_then(|e| e.field()),
            _ => None,
        };
        assert_eq!(field, Some("label"), "{label:?}: {error:?}");
        assert!(transport.requests().is_empty(), "{label:?} was sent");
    }
}
