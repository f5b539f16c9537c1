//! `ReplayTransport`: canned responses in order, requests recorded.

use bytes::Bytes;
use lean_runtime::transport::{HttpTransport, ReplayEvent, ReplayTransport, TransportError};

fn request(uri: &str, target: &str, body: &'static str) -> http::Request<Bytes> {
    http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("x-amz-target", target)
        .header("amz-sdk-invocation-id", "changes-every-run")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid request")
}

fn response(status: u16, body: &'static str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid response")
}

#[tokio::test]
async fn answers_in_order_and_records_every_request() {
    let replay = ReplayTransport::from_responses([response(500, "first"), response(200, "second")]);
    let client_side = replay.clone();
    let a = client_side
        .send(request("https://svc.test/", "A", "1"))
        .await
        .expect("first");
    let b = client_side
        .send(request("https://svc.test/", "B", "2"))
        .await
        .expect("second");
    assert_eq!(
        (a.status(), a.body().as_ref()),
        (500.try_into().expect("status"), &b"first"[..])
    );
    assert_eq!(b.body(), "second");
    assert_eq!(replay.remaining(), 0);
    let targets: Vec<_> = replay
        .requests()
        .iter()
        .map(|r| r.headers()["x-amz-target"].clone())
        .collect();
    assert_eq!(targets, ["A", "B"]);
}

#[tokio::test]
async fn debug_shows_counts_not_bodies() {
    let replay = ReplayTransport::from_responses([
        response(200, "{\"token\":\"tok-123\"}"),
        response(200, "{}"),
    ]);
    replay
        .send(request(
            "https://svc.test/",
            "A",
            "{\"password\":\"hunter2\"}",
        ))
        .await
        .expect("first");
    let debug = format!("{replay:?}");
    assert_eq!(debug, "ReplayTransport { remaining: 1, received: 1 }");
}

#[tokio::test]
async fn replays_transport_errors() {
    let replay = ReplayTransport::new([
        ReplayEvent::error(TransportError::io("connection reset")),
        ReplayEvent::response(response(200, "")),
    ]);
    let err = replay
        .send(request("https://svc.test/", "A", ""))
        .await
        .expect_err("io");
    assert!(err.is_io(), "{err:?}");
    replay
        .send(request("https://svc.test/", "A", ""))
        .await
        .expect("then success");
}

#[tokio::test]
async fn running_out_of_events_is_an_error_not_a_panic() {
    let replay = ReplayTransport::from_responses([response(200, "")]);
    replay
        .send(request("https://svc.test/", "A", ""))
        .await
        .expect("first");
    let err = replay
        .send(request("https://svc.test/x", "B", ""))
        .await
        .expect_err("no event left");
    assert!(err.is_other(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "request failed with svc.test: replay transport has no event left for request #2: POST https://svc.test/x"
    );
    assert_eq!(
        replay.requests().len(),
        2,
        "the extra request is recorded too"
    );
    let mismatch = replay.verify_requests(&[]);
    assert!(mismatch.is_ok(), "no event expected anything: {mismatch:?}");
}

#[tokio::test]
async fn matching_requests_pass_ignoring_the_listed_headers() {
    let replay = ReplayTransport::new([
        ReplayEvent::response(response(200, "")).expecting(request("https://svc.test/", "A", "{}")),
        ReplayEvent::response(response(200, "")),
    ]);
    let mut sent = request("https://svc.test/", "A", "{}");
    sent.headers_mut().insert(
        "amz-sdk-invocation-id",
        "another-run".parse().expect("valid"),
    );
    replay.send(sent).await.expect("first");
    replay
        .send(request("https://other.test/", "Z", "anything"))
        .await
        .expect("second");
    replay.assert_requests_match(&["AMZ-SDK-Invocation-Id"]);
}

#[tokio::test]
async fn every_difference_is_reported() {
    let replay = ReplayTransport::new([
        ReplayEvent::response(response(200, "")).expecting(request(
            "https://svc.test/a",
            "A",
            "{\"a\":1}",
        )),
        ReplayEvent::response(response(200, "")),
    ]);
    let mut sent = request("https://svc.test/b", "B", "{\"a\":2}");
    *sent.method_mut() = http::Method::PUT;
    sent.headers_mut()
        .insert("x-extra", "1".parse().expect("valid"));
    replay.send(sent).await.expect("first");

    let mismatch = replay
        .verify_requests(&["amz-sdk-invocation-id"])
        .expect_err("differs");
    assert_eq!(
        mismatch.problems(),
        [
            "request #1: method: expected POST, got PUT",
            "request #1: uri: expected https://svc.test/a, got https://svc.test/b",
            "request #1: header `x-amz-target`: expected [\"A\"], got [\"B\"]",
            "request #1: header `x-extra`: expected [], got [\"1\"]",
            "request #1: body: expected \"{\\\"a\\\":1}\", got \"{\\\"a\\\":2}\"",
            "1 event(s) were never played: 1 request(s) received, 2 expected",
        ]
    );
    assert!(
        mismatch
            .to_string()
            .starts_with("requests do not match the replay events:\n  request #1: method")
    );
}

#[tokio::test]
#[should_panic(expected = "header `x-amz-target`: expected [\"A\"], got [\"B\"]")]
async fn assert_requests_match_panics_with_the_differences() {
    let replay =
        ReplayTransport::new([ReplayEvent::response(response(200, "")).expecting(request(
            "https://svc.test/",
            "A",
            "",
        ))]);
    replay
        .send(request("https://svc.test/", "B", ""))
        .await
        .expect("answered");
    replay.assert_requests_match(&["amz-sdk-invocation-id"]);
}
