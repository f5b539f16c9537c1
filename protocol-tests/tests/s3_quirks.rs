//! S3's ways beyond the official cases, on the generated S3 test client:
//! a `200` whose body is an `<Error>` is an error (and retried like one).

use bytes::Bytes;
use lean_runtime::error::ProvideErrorMetadata;
use lean_runtime::retry::RetryConfig;
use protocol_tests::{DEFAULT_HOST, client_config};
use s3::Client;
use s3::config::Spec;
use std::time::Duration;

const ERROR_BODY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>656c76696e6727732072657175657374</RequestId></Error>";

const LISTING: &str =
    "<ListBucketResult><Name>mybucket</Name><KeyCount>0</KeyCount></ListBucketResult>";

fn response(status: u16, body: &'static str) -> lean_runtime::operation::HttpResponse {
    http::Response::builder()
        .status(status)
        .body(Bytes::from_static(body.as_bytes()))
        .expect("a static response is valid")
}

#[tokio::test]
async fn an_error_document_with_200_is_an_error() {
    let transport =
        lean_runtime::transport::ReplayTransport::from_responses([response(200, ERROR_BODY)]);
    let client = Client::new(&client_config::<Spec>(DEFAULT_HOST, &transport));
    let err = client
        .list_objects_v2()
        .bucket("mybucket")
        .send()
        .await
        .expect_err("an <Error> body is an error, whatever the status");
    let service = err.into_service_error();
    assert_eq!(service.code(), Some("InternalError"));
    assert_eq!(
        service.request_id(),
        Some("656c76696e6727732072657175657374")
    );
}

#[tokio::test]
async fn an_error_document_with_200_is_retried() {
    let transport = lean_runtime::transport::ReplayTransport::from_responses([
        response(200, ERROR_BODY),
        response(200, LISTING),
    ]);
    let config = s3::Config::builder()
        .endpoint_url(format!("https://{DEFAULT_HOST}"))
        .region("us-east-1")
        .credentials_provider(lean_runtime::credentials::Credentials::new(
            "AKID", "SECRET", None, None, "test",
        ))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .http_transport(transport.clone())
        .build();
    let output = Client::new(&config)
        .list_objects_v2()
        .bucket("mybucket")
        .send()
        .await
        .unwrap();
    assert_eq!(output.name(), Some("mybucket"));
    assert_eq!(transport.requests().len(), 2);
}
