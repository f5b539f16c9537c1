//! Waiters of the `waiters` fixture, driven through its `Client` against a
//! `ReplayTransport` on a paused clock: which acceptor decides, how long
//! the waiter sleeps between polls, and how the wait ends.

use bytes::Bytes;
use fixture_waiters::types::ThingStatus;
use fixture_waiters::{Client, Config};
use lean_runtime::error::ProvideErrorMetadata;
use lean_runtime::transport::ReplayTransport;
use lean_runtime::waiter::{FinalPoll, WaiterError};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

fn ok(body: Value) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .body(Bytes::from(body.to_string()))
        .expect("valid response")
}

fn error(status: u16, code: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .body(Bytes::from(
            json!({"__type": code, "message": "from the test"}).to_string(),
        ))
        .expect("valid response")
}

fn thing(status: &str) -> http::Response<Bytes> {
    ok(json!({"thing": {"status": status}}))
}

fn replayed(
    responses: impl IntoIterator<Item = http::Response<Bytes>>,
) -> (Client, ReplayTransport) {
    let replay = ReplayTransport::from_responses(responses);
    let config = Config::builder()
        .endpoint_url("https://waiters.test")
        .http_transport(replay.clone())
        .build();
    (Client::new(&config), replay)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[tokio::test(start_paused = true)]
async fn success_after_retry_states_sleeps_within_the_delays() {
    let (client, replay) = replayed([thing("CREATING"), error(404, "NotFound"), thing("READY")]);
    let start = Instant::now();
    let outcome = client
        .wait_until_thing_ready()
        .name("t1")
        .wait(secs(300))
        .await
        .expect("ready");
    let output = outcome.into_result().expect("an output");
    assert_eq!(
        output.thing().map(|t| t.status()),
        Some(&ThingStatus::Ready)
    );
    assert_eq!(replay.requests().len(), 3);
    // minDelay 2: 2 s before the second poll, 2 to 4 s before the third.
    let waited = start.elapsed();
    assert!(waited >= secs(4) && waited <= secs(6), "{waited:?}");
    // Every poll sends the waiter's input.
    for request in replay.requests() {
        let body: Value = serde_json::from_slice(request.body()).expect("JSON");
        assert_eq!(body, json!({"name": "t1"}));
    }
}

#[tokio::test(start_paused = true)]
async fn a_failure_acceptor_ends_the_wait_with_the_poll() {
    let (client, replay) = replayed([thing("CREATING"), thing("FAILED"), thing("READY")]);
    let failure = client
        .wait_until_thing_ready()
        .name("t1")
        .wait(secs(300))
        .await
        .unwrap_err();
    let Some(FinalPoll::Output(output)) = failure.as_failure_state() else {
        panic!("expected a failure state, got {failure:?}");
    };
    assert_eq!(
        output.thing().map(|t| t.status()),
        Some(&ThingStatus::Failed)
    );
    assert_eq!(replay.remaining(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_error_type_acceptor_can_be_the_success() {
    let (client, _) = replayed([thing("READY"), error(404, "NotFound")]);
    let outcome = client
        .wait_until_thing_deleted()
        .name("t1")
        .wait(secs(300))
        .await
        .expect("deleted");
    let error = outcome.into_result().unwrap_err();
    assert!(error.into_service_error().is_not_found());
}

#[tokio::test(start_paused = true)]
async fn an_error_no_acceptor_matches_ends_the_wait() {
    let (client, replay) = replayed([
        thing("CREATING"),
        error(400, "AccessDenied"),
        thing("READY"),
    ]);
    let failure = client
        .wait_until_thing_ready()
        .name("t1")
        .wait(secs(300))
        .await
        .unwrap_err();
    let error = failure.as_operation_failed().expect("operation failed");
    assert_eq!(
        error.as_service_error().and_then(|e| e.code()),
        Some("AccessDenied")
    );
    assert_eq!(replay.remaining(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_maximum_wait_bounds_the_polls() {
    // Enough answers for the most polls 30 seconds allow (2 s apart).
    let (client, replay) = replayed((0..20).map(|_| thing("CREATING")));
    let start = Instant::now();
    let failure = client
        .wait_until_thing_ready()
        .name("t1")
        .wait(secs(30))
        .await
        .unwrap_err();
    let WaiterError::ExceededMaxWait(exceeded) = &failure else {
        panic!("expected the maximum wait to run out, got {failure:?}");
    };
    // The last poll happens when the time is up, not after.
    assert_eq!(start.elapsed(), secs(30));
    assert_eq!(exceeded.elapsed(), secs(30));
    let polls = usize::try_from(exceeded.polls()).expect("small");
    assert_eq!(polls, replay.requests().len());
    // At least one poll per maxDelay (10 s), at most one per minDelay (2 s).
    assert!((4..=16).contains(&polls), "{polls} polls");
}

#[tokio::test(start_paused = true)]
async fn an_invalid_input_sends_nothing() {
    let (client, replay) = replayed([thing("READY")]);
    let failure = client
        .wait_until_thing_ready()
        .wait(secs(60))
        .await
        .unwrap_err();
    assert!(
        matches!(failure, WaiterError::ConstructionFailure(_)),
        "{failure:?}"
    );
    assert!(replay.requests().is_empty());
}

#[tokio::test(start_paused = true)]
async fn success_matcher_and_retry_on_an_error() {
    let (client, _) = replayed([
        error(404, "NotFound"),
        error(404, "NotFound"),
        ok(json!({})),
    ]);
    let outcome = client
        .wait_until_thing_exists()
        .name("t1")
        .wait(secs(300))
        .await
        .expect("exists");
    assert!(outcome.as_result().is_ok());
}

#[tokio::test(start_paused = true)]
async fn all_and_any_string_equals_over_a_projection() {
    // No items is not "all done"; all done is.
    let (client, replay) = replayed([
        ok(json!({"items": []})),
        ok(json!({"items": [{"state": "DONE"}, {"state": "RUNNING"}]})),
        ok(json!({"items": [{"state": "DONE"}, {"state": "DONE"}]})),
    ]);
    let start = Instant::now();
    client
        .wait_until_items_done()
        .name("t1")
        .wait(secs(60))
        .await
        .expect("done");
    assert_eq!(replay.requests().len(), 3);
    // minDelay = maxDelay = 1: a steady second between polls.
    assert_eq!(start.elapsed(), secs(2));

    let (client, _) = replayed([ok(
        json!({"items": [{"state": "DONE"}, {"state": "ERROR"}]}),
    )]);
    let failure = client
        .wait_until_items_done()
        .name("t1")
        .wait(secs(60))
        .await
        .unwrap_err();
    assert!(failure.as_failure_state().is_some(), "{failure:?}");
}

#[tokio::test(start_paused = true)]
async fn input_output_paths_compare_the_output_with_the_input() {
    let (client, replay) = replayed([
        ok(json!({})),
        ok(json!({"count": 2})),
        ok(json!({"count": 3})),
    ]);
    client
        .wait_until_count_reached()
        .name("t1")
        .minimum_count(3)
        .wait(secs(300))
        .await
        .expect("count reached");
    assert_eq!(replay.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn boolean_paths_with_functions_filters_and_logic() {
    // `thing.ready && length(items[?state != 'DONE']) == `0``
    let (client, replay) = replayed([
        ok(json!({"thing": {"status": "CREATING", "ready": false}})),
        ok(
            json!({"thing": {"status": "CREATING", "ready": true}, "items": [{"state": "RUNNING"}]}),
        ),
        ok(json!({"thing": {"status": "CREATING", "ready": true}, "items": [{"state": "DONE"}]})),
    ]);
    #[allow(deprecated)]
    let waiter = client.wait_until_thing_settled();
    waiter.name("t1").wait(secs(300)).await.expect("settled");
    assert_eq!(replay.requests().len(), 3);

    // `contains(thing.tags[].key, 'broken') || thing.size > `100``
    for body in [
        json!({"thing": {"status": "CREATING", "tags": [{"key": "x"}, {"key": "broken"}]}}),
        json!({"thing": {"status": "CREATING", "size": 101}}),
        // `!(thing.ready) && thing.status == 'READY'`
        json!({"thing": {"status": "READY"}}),
    ] {
        let (client, _) = replayed([ok(body.clone())]);
        #[allow(deprecated)]
        let waiter = client.wait_until_thing_settled();
        let failure = waiter.name("t1").wait(secs(300)).await.unwrap_err();
        assert!(failure.as_failure_state().is_some(), "{body}: {failure:?}");
    }

    // Neither: size 100 is not above 100, no broken tag, not READY.
    let (client, replay) = replayed([
        ok(json!({"thing": {"status": "CREATING", "size": 100, "tags": [{"key": "ok"}]}})),
        ok(json!({"thing": {"status": "CREATING", "ready": true}, "items": []})),
    ]);
    #[allow(deprecated)]
    let waiter = client.wait_until_thing_settled();
    waiter.name("t1").wait(secs(300)).await.expect("settled");
    assert_eq!(replay.requests().len(), 2);
}

/// `PathForms` has one failure acceptor per JMESPath form; each body here
/// is matched by exactly one of them.
#[tokio::test(start_paused = true)]
async fn every_path_form_reads_what_jmespath_reads() {
    let cases = [
        (
            "map value",
            json!({"thing": {"status": "CREATING", "labels": {"owner": "intruder"}}}),
        ),
        (
            "map values",
            json!({"thing": {"status": "CREATING", "labels": {"a": "ok", "b": "bad"}}}),
        ),
        (
            "flattened lists",
            json!({"thing": {"status": "CREATING", "matrix": [[1, 2], [], [3, 4]]}}),
        ),
        (
            "first element",
            json!({"thing": {"status": "CREATING", "tags": [{"key": "first", "value": "v"}, {"key": "x", "value": "v"}]}}),
        ),
        (
            "last element",
            json!({"thing": {"status": "CREATING", "tags": [{"key": "x", "value": "v"}, {"key": "last", "value": "v"}]}}),
        ),
        (
            "boxed recursion",
            json!({"thing": {"status": "CREATING", "parent": {"status": "READY", "parent": {"status": "FAILED"}}}}),
        ),
        (
            "timestamp",
            json!({"thing": {"status": "CREATING", "createdAt": 0.25}}),
        ),
        (
            "int enum",
            json!({"thing": {"status": "CREATING", "priority": 2}}),
        ),
        (
            "boolean list",
            json!({"thing": {"status": "CREATING", "flags": [false, true]}}),
        ),
        (
            "filtered map values",
            json!({"scores": {"a": {"value": 3.0}, "b": {"value": -1.5}}}),
        ),
        (
            "input and output",
            json!({"thing": {"status": "CREATING", "labels": {"name": "t1"}}}),
        ),
        (
            "null filter",
            json!({"thing": {"status": "CREATING", "tags": [{"key": "bare"}, {"key": "dressed", "value": "v"}]}}),
        ),
        (
            "string length",
            json!({"thing": {"status": "DELETE_FAILED"}}),
        ),
        (
            "falsy list",
            json!({"thing": {"status": "CREATING", "tags": [], "ready": true}}),
        ),
        (
            "or with a literal",
            json!({"thing": {"status": "CREATING", "size": 7}}),
        ),
        (
            "pipe and index",
            json!({"items": [{"state": "BROKEN"}, {"state": "DONE"}]}),
        ),
        (
            "filtered count",
            json!({"items": [{"state": "A", "attempts": 3}, {"state": "B", "attempts": 5}, {"state": "C", "attempts": 1}]}),
        ),
        ("current node", json!({"count": 13})),
    ];
    for (form, body) in cases {
        let (client, _) = replayed([ok(body)]);
        let failure = client
            .wait_until_path_forms()
            .name("t1")
            .wait(secs(60))
            .await
            .unwrap_err();
        assert!(failure.as_failure_state().is_some(), "{form}: {failure:?}");
    }

    // Near misses of every form match nothing: the waiter polls again.
    let near_misses = json!({
        "thing": {
            "status": "CREATING",
            "labels": {"owner": "me", "name": "other"},
            "matrix": [[1], [2, 3]],
            "tags": [{"key": "x", "value": "v"}, {"key": "y", "value": "w"}],
            "parent": {"status": "READY", "parent": {"status": "READY"}},
            "createdAt": 0.5,
            "priority": 1,
            "flags": [false],
            "ready": true,
            "size": 8
        },
        "scores": {"a": {"value": -1.0}},
        "items": [{"state": "DONE", "attempts": 3}, {"state": "DONE", "attempts": 2}],
        "count": 12
    });
    let (client, replay) = replayed([ok(near_misses), ok(json!({"count": 42}))]);
    client
        .wait_until_path_forms()
        .name("t1")
        .wait(secs(60))
        .await
        .expect("success on the second poll");
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn multi_select_lists_flattened_as_auto_scaling_writes_them() {
    // `contains(items[].[state == 'DONE'][], `false`)`: one boolean per
    // item, flattened; no item is still running once it is false.
    let (client, replay) = replayed([
        ok(json!({"items": [{"state": "DONE"}, {"state": "RUNNING"}]})),
        ok(json!({"items": [{"state": "DONE"}, {"state": "DONE"}]})),
    ]);
    client
        .wait_until_every_item_done()
        .name("t1")
        .wait(secs(60))
        .await
        .expect("done");
    assert_eq!(replay.requests().len(), 2);

    // Two items per element: `[state, 'x']`, one of them ERROR.
    let (client, _) = replayed([ok(
        json!({"items": [{"state": "RUNNING"}, {"state": "ERROR"}]}),
    )]);
    let failure = client
        .wait_until_every_item_done()
        .name("t1")
        .wait(secs(60))
        .await
        .unwrap_err();
    assert!(failure.as_failure_state().is_some(), "{failure:?}");
}
