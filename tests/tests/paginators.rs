//! Paginators of the `pagination` fixture, driven through its `Client`
//! against a `ReplayTransport`: which requests they send, which pages and
//! items they yield, and when they stop.

use bytes::Bytes;
use fixture_pagination::{Client, Config};
use lean_runtime::error::ProvideErrorMetadata;
use lean_runtime::transport::ReplayTransport;
use serde_json::{Value, json};
use std::collections::HashMap;

fn ok(body: Value) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .body(Bytes::from(body.to_string()))
        .expect("valid response")
}

fn replayed(
    responses: impl IntoIterator<Item = http::Response<Bytes>>,
) -> (Client, ReplayTransport) {
    let replay = ReplayTransport::from_responses(responses);
    let config = Config::builder()
        .endpoint_url("https://pagination.test")
        .http_transport(replay.clone())
        .build();
    (Client::new(&config), replay)
}

/// The JSON body of every request sent.
fn bodies(replay: &ReplayTransport) -> Vec<Value> {
    replay
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(r.body()).expect("request body is JSON"))
        .collect()
}

#[tokio::test]
async fn pages_follow_the_token_until_the_last_page() {
    let (client, replay) = replayed([
        ok(json!({"things": [{"name": "a"}, {"name": "b"}], "nextToken": "t1"})),
        ok(json!({"things": [{"name": "c", "size": 3}], "nextToken": "t2"})),
        ok(json!({"things": [{"name": "d"}]})),
    ]);
    let mut pages = client
        .list_things()
        .prefix("x")
        .into_paginator()
        .page_size(2)
        .send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        names.push(
            page.things()
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    assert_eq!(names, ["a,b", "c", "d"]);
    // The same input every time, with the token of the page before; the
    // service's `@paginated` gave the token and page size members.
    assert_eq!(
        bodies(&replay),
        [
            json!({"maxResults": 2, "prefix": "x"}),
            json!({"nextToken": "t1", "maxResults": 2, "prefix": "x"}),
            json!({"nextToken": "t2", "maxResults": 2, "prefix": "x"}),
        ]
    );
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn items_flatten_the_pages() {
    let (client, _) = replayed([
        ok(json!({"things": [{"name": "a"}, {"name": "b"}], "nextToken": "t1"})),
        ok(json!({"things": [], "nextToken": "t2"})),
        ok(json!({"things": [{"name": "c"}], "nextToken": ""})),
    ]);
    let things = client
        .list_things()
        .into_paginator()
        .send()
        .items()
        .try_collect()
        .await
        .expect("items");
    let names: Vec<&str> = things.iter().map(|t| t.name()).collect();
    // An empty token ends the pages as an absent one does.
    assert_eq!(names, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_repeated_token_stops_the_pages() {
    let (client, replay) = replayed([
        ok(json!({"events": ["e1"], "nextToken": "same"})),
        ok(json!({"events": ["e2"], "nextToken": "same"})),
        ok(json!({"events": ["never read"]})),
    ]);
    let pages = client
        .poll()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(replay.remaining(), 1);

    // Unless asked to keep going, for operations meant to be tailed.
    let (client, replay) = replayed([
        ok(json!({"nextToken": "same"})),
        ok(json!({"nextToken": "same"})),
        ok(json!({})),
    ]);
    let pages = client
        .poll()
        .into_paginator()
        .stop_on_duplicate_token(false)
        .send()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(replay.remaining(), 0);
}

#[tokio::test]
async fn tokens_and_items_behind_a_wrapper() {
    let (client, replay) = replayed([
        ok(json!({"page": {"entries": ["a", "b"], "next": "n1"}})),
        ok(json!({"page": {"entries": ["c"]}})),
    ]);
    let entries = client
        .list_nested()
        .into_paginator()
        .page_size(5)
        .send()
        .items()
        .try_collect()
        .await
        .expect("entries");
    assert_eq!(entries, ["a", "b", "c"]);
    assert_eq!(
        bodies(&replay),
        [json!({"limit": 5}), json!({"after": "n1", "limit": 5})]
    );

    // No wrapper: no token and no items.
    let (client, _) = replayed([ok(json!({}))]);
    let entries = client
        .list_nested()
        .into_paginator()
        .send()
        .items()
        .try_collect()
        .await
        .expect("entries");
    assert!(entries.is_empty());
}

#[tokio::test]
async fn map_items_are_key_value_pairs() {
    let (client, _) = replayed([
        ok(json!({"tags": {"a": "1", "b": "2"}, "nextToken": "t"})),
        ok(json!({"tags": {"c": "3"}})),
    ]);
    let tags: HashMap<String, String> = client
        .list_tags()
        .into_paginator()
        .send()
        .items()
        .try_collect()
        .await
        .expect("tags")
        .into_iter()
        .collect();
    let expected: HashMap<String, String> = [("a", "1"), ("b", "2"), ("c", "3")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(tags, expected);
}

#[tokio::test]
async fn a_map_token_is_sent_back_and_an_empty_one_ends() {
    let (client, replay) = replayed([
        ok(json!({"rows": ["r1"], "lastKey": {"id": "7"}})),
        ok(json!({"rows": ["r2"], "lastKey": {}})),
    ]);
    let rows = client
        .scan()
        .into_paginator()
        .send()
        .items()
        .try_collect()
        .await
        .expect("rows");
    assert_eq!(rows, ["r1", "r2"]);
    assert_eq!(
        bodies(&replay),
        [json!({}), json!({"startKey": {"id": "7"}})]
    );
}

#[tokio::test]
async fn an_error_ends_the_pages_after_being_yielded() {
    let error = http::Response::builder()
        .status(400)
        .body(Bytes::from_static(
            br#"{"__type": "AccessDenied", "message": "no"}"#,
        ))
        .expect("valid response");
    let (client, replay) = replayed([ok(json!({"things": [], "nextToken": "t1"})), error]);
    let mut items = client.list_things().into_paginator().send().items();
    let failure = items
        .next()
        .await
        .expect("an item or an error")
        .unwrap_err();
    assert_eq!(failure.into_service_error().code(), Some("AccessDenied"));
    assert!(items.next().await.is_none());
    assert_eq!(replay.requests().len(), 2);
}
