//! `Pages` and `Items` over a fake paginated operation and `ReplayTransport`.

use bytes::Bytes;
use lean_runtime::endpoint::Endpoint;
use lean_runtime::error::{
    BuildError, ClassifyError, ErrorKind, ErrorMetadata, ProvideErrorMetadata, SdkError,
    UnhandledError,
};
use lean_runtime::operation::{HttpRequest, HttpResponse, Operation, OperationFailure};
use lean_runtime::orchestrator::ClientHandle;
use lean_runtime::paginator::{Pages, Paginate, PaginateItems};
use lean_runtime::transport::ReplayTransport;
use std::fmt;
use std::sync::Arc;

#[derive(Debug)]
struct ListError(ErrorMetadata);

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code().unwrap_or("unknown"))
    }
}

impl std::error::Error for ListError {}

impl ProvideErrorMetadata for ListError {
    fn meta(&self) -> &ErrorMetadata {
        &self.0
    }
}

impl ClassifyError for ListError {
    fn error_kind(&self) -> Option<ErrorKind> {
        Some(ErrorKind::Client)
    }
}

impl From<UnhandledError> for ListError {
    fn from(e: UnhandledError) -> Self {
        Self(e.meta().clone())
    }
}

#[derive(Clone, Debug, Default)]
struct ListInput {
    token: Option<String>,
}

/// `items|token`, items separated by commas.
#[derive(Debug, PartialEq)]
struct ListOutput {
    items: Vec<String>,
    token: Option<String>,
}

/// Sends the token as the body; reads `a,b|next` back.
struct List;

impl Operation for List {
    type Input = ListInput;
    type Output = ListOutput;
    type Error = ListError;
    const NAME: &'static str = "List";

    fn serialize(input: &ListInput) -> Result<HttpRequest, BuildError> {
        let body = input.token.clone().unwrap_or_default();
        http::Request::builder()
            .method("POST")
            .uri("/")
            .body(Bytes::from(body))
            .map_err(|e| BuildError::other(e.to_string()))
    }

    fn deserialize(response: &HttpResponse) -> Result<ListOutput, OperationFailure<ListError>> {
        if !response.status().is_success() {
            return Err(OperationFailure::Service(ListError(
                ErrorMetadata::new().with_code("Denied"),
            )));
        }
        let body = String::from_utf8_lossy(response.body()).into_owned();
        let (items, token) = body.split_once('|').unwrap_or((&body, ""));
        Ok(ListOutput {
            items: items
                .split(',')
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
                .collect(),
            token: Some(token.to_owned()),
        })
    }
}

impl Paginate for List {
    type Token = String;

    fn input_token(input: &ListInput) -> Option<&String> {
        input.token.as_ref()
    }

    fn set_input_token(input: &mut ListInput, token: Option<String>) {
        input.token = token;
    }

    fn output_token(output: &ListOutput) -> Option<&String> {
        output.token.as_ref().filter(|t| !t.is_empty())
    }
}

impl PaginateItems for List {
    type Item = String;

    fn into_items(output: ListOutput) -> Vec<String> {
        output.items
    }
}

fn ok(body: &'static str) -> HttpResponse {
    http::Response::builder()
        .status(200)
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid response")
}

fn denied() -> HttpResponse {
    http::Response::builder()
        .status(400)
        .body(Bytes::new())
        .expect("valid response")
}

fn pages(replay: &ReplayTransport, input: ListInput) -> Pages<List> {
    let handle = ClientHandle::builder()
        .transport(replay.clone())
        .endpoint(Ok(Endpoint::new("https://svc.test")))
        .build();
    Pages::new(Arc::new(handle), Ok(input))
}

/// The tokens the requests carried, in order.
fn sent_tokens(replay: &ReplayTransport) -> Vec<String> {
    replay
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(r.body()).into_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_tokens_until_one_is_empty() {
    let replay = ReplayTransport::from_responses([ok("a,b|t1"), ok("c|t2"), ok("d|")]);
    let mut pages = pages(&replay, ListInput::default());
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        seen.push(page.unwrap().items.join(","));
    }
    assert_eq!(seen, ["a,b", "c", "d"]);
    assert_eq!(sent_tokens(&replay), ["", "t1", "t2"]);
    assert!(pages.next().await.is_none());
    assert!(format!("{pages:?}").contains("done: true"), "{pages:?}");
}

#[tokio::test]
async fn a_caller_token_is_the_starting_point() {
    let replay = ReplayTransport::from_responses([ok("x|")]);
    let input = ListInput {
        token: Some("start".to_owned()),
    };
    let all = pages(&replay, input).try_collect().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(sent_tokens(&replay), ["start"]);
}

#[tokio::test]
async fn a_repeated_token_ends_the_pages_unless_allowed() {
    let replay = ReplayTransport::from_responses([ok("a|t1"), ok("b|t1"), ok("c|t1")]);
    let all = pages(&replay, ListInput::default())
        .try_collect()
        .await
        .unwrap();
    // The page carrying the repeated token is still yielded.
    assert_eq!(all.len(), 2);
    assert_eq!(replay.remaining(), 1);

    let replay = ReplayTransport::from_responses([ok("a|t1"), ok("b|t1"), ok("c|")]);
    let all = pages(&replay, ListInput::default())
        .stop_on_duplicate_token(false)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(sent_tokens(&replay), ["", "t1", "t1"]);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_pages() {
    let replay = ReplayTransport::from_responses([ok("a|t1"), denied(), ok("never|")]);
    let mut pages = pages(&replay, ListInput::default());
    assert!(pages.next().await.unwrap().is_ok());
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(
        error.as_service_error().and_then(|e| e.code()),
        Some("Denied")
    );
    assert!(pages.next().await.is_none());
    assert_eq!(replay.remaining(), 1);
}

#[tokio::test]
async fn an_invalid_input_is_the_first_and_only_result() {
    let replay = ReplayTransport::from_responses([ok("a|")]);
    let handle = ClientHandle::builder()
        .transport(replay.clone())
        .endpoint(Ok(Endpoint::new("https://svc.test")))
        .build();
    let mut pages = Pages::<List>::new(Arc::new(handle), Err(BuildError::missing_field("id", "")));
    assert!(matches!(
        pages.next().await,
        Some(Err(SdkError::ConstructionFailure(_)))
    ));
    assert!(pages.next().await.is_none());
    assert!(replay.requests().is_empty());
}

#[tokio::test]
async fn items_flatten_pages_and_skip_empty_ones() {
    let replay = ReplayTransport::from_responses([ok("a,b|t1"), ok("|t2"), ok("c|")]);
    let items = pages(&replay, ListInput::default())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c"]);

    let replay = ReplayTransport::from_responses([ok("a|t1"), denied()]);
    let mut items = pages(&replay, ListInput::default()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), "a");
    assert!(items.next().await.unwrap().is_err());
    assert!(items.next().await.is_none());
}
