//! Property tests over every type of every generated crate (proton and the
//! fixtures), with a fixed seed so CI runs the same cases every time.
//!
//! - Round trip: documents shaped like each operation's input, output and
//!   errors (see `generator_tests::wire_json`) are read by one side of the
//!   protocol and written back by the other: inputs through the crate's
//!   request reader and the client's real serializer, outputs and errors
//!   through the client's real deserializer and the crate's response
//!   writers (the `test-util` feature). What comes back must carry the same
//!   data, and reading it again must give the same value. Every named type
//!   of each crate must have been met.
//! - Hostile input: arbitrary JSON, bytes, truncated bodies and documents
//!   with one node replaced by junk, under any status and error code, never
//!   make `Operation::deserialize` panic.

// Every Proton operation is deprecated in the model; these tests exercise
// them on purpose.
#![allow(deprecated)]

use generator::ir::{Operation as IrOperation, StructKind};
use generator::model::ShapeId;
use generator::model::traits::ErrorFault;
use generator_tests::wire_json::{self, Shapes, any_json, replace_node};
use lean_runtime::aws_json::{self, JsonVersion};
use lean_runtime::error::ProvideErrorMetadata;
use lean_runtime::operation::{HttpResponse, OperationFailure, ServiceSide};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// Cases per property and operation: enough to meet every member of every
/// type, few enough for CI (a few seconds for all crates).
const CASES: u32 = 256;

/// The seed every property starts from; change it to explore new cases.
const SEED: u64 = 0x1ea2_f00d;

fn runner() -> TestRunner {
    // More cases locally with `PROPTEST_CASES`; CI runs the fixed number.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(CASES);
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(SEED),
        failure_persistence: None,
        ..Config::default()
    })
}

fn run<S: Strategy>(what: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: Debug,
{
    if let Err(e) = runner().run(&strategy, test) {
        panic!("{what}: {e}");
    }
}

fn json_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|e| panic!("{e}"))
}

fn read_json(bytes: &[u8]) -> Result<Value, TestCaseError> {
    wire_json::parse(bytes).map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))
}

/// Whether a document holds a `NaN` float, which no value equals, so the
/// round trip is checked on the JSON alone.
fn mentions_nan(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "NaN",
        Value::Array(items) => items.iter().any(mentions_nan),
        Value::Object(members) => members.values().any(mentions_nan),
        _ => false,
    }
}

/// The status an error response has: its `@httpError`, else 400 for client
/// errors and 500 for server errors.
fn error_status(shapes: &Shapes, id: &ShapeId) -> u16 {
    match shapes.service().structure(id).map(|s| &s.kind) {
        Some(StructKind::Error(info)) => info.http_status.unwrap_or(match info.fault {
            ErrorFault::Client => 400,
            ErrorFault::Server => 500,
        }),
        _ => panic!("{id} is not an error"),
    }
}

/// One crate's property tests: each operation's round trips and hostile
/// responses, then a check that every named type was met.
struct Crate {
    shapes: Shapes,
    seen: RefCell<BTreeSet<ShapeId>>,
    checked: RefCell<BTreeSet<String>>,
}

impl Crate {
    fn new(service: generator::ir::Service) -> Self {
        Self {
            shapes: Shapes::new(service),
            seen: RefCell::default(),
            checked: RefCell::default(),
        }
    }

    fn check<O>(&self) -> &Self
    where
        O: ServiceSide,
        O::Input: PartialEq + Debug,
        O::Output: PartialEq + Debug,
        O::Error: Debug,
    {
        let op = self.shapes.operation(O::NAME).clone();
        self.inputs::<O>(&op);
        self.outputs::<O>(&op);
        self.errors::<O>(&op);
        self.hostile_responses::<O>(&op);
        self.checked.borrow_mut().insert(op.name.clone());
        self
    }

    fn equivalent(&self, id: &ShapeId, sent: &Value, back: &Value) -> Result<(), TestCaseError> {
        self.shapes
            .check_equivalent(id, sent, back, &mut self.seen.borrow_mut())
            .map_err(|e| TestCaseError::fail(format!("{e}\n  sent: {sent}\n  back: {back}")))
    }

    /// Request body → input (the service's reader) → request body (the
    /// client's serializer) → the same input.
    fn inputs<O>(&self, op: &IrOperation)
    where
        O: ServiceSide,
        O::Input: PartialEq + Debug,
    {
        let what = format!("{} input round trip", op.name);
        run(&what, self.shapes.document(&op.input), |sent| {
            let request =
                aws_json::request("Service.Operation", JsonVersion::V1_0, json_bytes(&sent));
            let input = O::deserialize_request(&request)
                .map_err(|e| TestCaseError::fail(format!("unreadable request {sent}: {e}")))?;
            let serialized = O::serialize(&input)
                .map_err(|e| TestCaseError::fail(format!("{input:?} not serialized: {e}")))?;
            let back = read_json(serialized.body())?;
            self.equivalent(&op.input, &sent, &back)?;
            let again = O::deserialize_request(&serialized)
                .map_err(|e| TestCaseError::fail(format!("own request unreadable: {e}")))?;
            // An unset @idempotencyToken is filled in by the serializer, so
            // the input read back differs from the one sent; it must then
            // serialize to exactly the same request.
            let fixed_point = || O::serialize(&again).is_ok_and(|r| r.body() == serialized.body());
            prop_assert!(
                again == input || mentions_nan(&back) || fixed_point(),
                "{input:?} came back as {again:?}"
            );
            Ok(())
        });
    }

    /// Response body → output (the client's deserializer) → response body
    /// (the service's writer) → the same output.
    fn outputs<O>(&self, op: &IrOperation)
    where
        O: ServiceSide,
        O::Output: PartialEq + Debug,
        O::Error: Debug,
    {
        let what = format!("{} output round trip", op.name);
        run(&what, self.shapes.document(&op.output), |sent| {
            let response = aws_json::response(200, JsonVersion::V1_0, json_bytes(&sent));
            let output = O::deserialize(&response)
                .map_err(|e| TestCaseError::fail(format!("unreadable response {sent}: {e:?}")))?;
            let written = O::serialize_response(&output)
                .map_err(|e| TestCaseError::fail(format!("{output:?} not written: {e}")))?;
            prop_assert_eq!(written.status().as_u16(), 200);
            let back = read_json(written.body())?;
            self.equivalent(&op.output, &sent, &back)?;
            let again = O::deserialize(&written)
                .map_err(|e| TestCaseError::fail(format!("own response unreadable: {e:?}")))?;
            prop_assert!(
                again == output || mentions_nan(&back),
                "{output:?} came back as {again:?}"
            );
            Ok(())
        });
    }

    /// Error body → the operation's error (the client's deserializer), its
    /// modelled variant → error body (the service's writer) → the same
    /// error.
    fn errors<O>(&self, op: &IrOperation)
    where
        O: ServiceSide,
        O::Output: Debug,
        O::Error: Debug,
    {
        if op.errors.is_empty() {
            return;
        }
        let cases: Vec<BoxedStrategy<(ShapeId, Value)>> = op
            .errors
            .iter()
            .map(|id| {
                let id = id.clone();
                self.shapes
                    .error_document(&id)
                    .prop_map(move |body| (id.clone(), body))
                    .boxed()
            })
            .collect();
        let what = format!("{} error round trip", op.name);
        run(
            &what,
            proptest::strategy::Union::new(cases),
            |(id, sent)| {
                let status = error_status(&self.shapes, &id);
                let response = aws_json::response(status, JsonVersion::V1_0, json_bytes(&sent));
                let error = service_error::<O>(&response)?;
                prop_assert_eq!(error.code(), Some(id.name()));
                prop_assert_eq!(error.meta().status(), Some(status));
                let written = O::serialize_error(&error).map_err(|e| {
                    TestCaseError::fail(format!("{error:?} is not its modelled variant: {e}"))
                })?;
                prop_assert_eq!(written.status().as_u16(), status);
                let back = read_json(written.body())?;
                self.equivalent(&id, &sent, &back)?;
                let again = service_error::<O>(&written)?;
                prop_assert_eq!(again.to_string(), error.to_string());
                let rewritten = O::serialize_error(&again)
                    .map_err(|e| TestCaseError::fail(format!("{again:?} not written: {e}")))?;
                prop_assert_eq!(read_json(rewritten.body())?, back);
                Ok(())
            },
        );
    }

    /// Whatever the status, error code and body, reading a response gives
    /// an output or an error, and errors print.
    fn hostile_responses<O>(&self, op: &IrOperation)
    where
        O: ServiceSide,
        O::Output: Debug,
        O::Error: Debug,
    {
        let mut documents = vec![self.shapes.document(&op.output)];
        documents.extend(op.errors.iter().map(|id| self.shapes.error_document(id)));
        let document = proptest::strategy::Union::new(documents);
        let body = prop_oneof![
            any_json().prop_map(|v| json_bytes(&v)),
            (document.clone(), any_json(), any::<prop::sample::Index>())
                .prop_map(|(doc, junk, at)| json_bytes(&replace_node(doc, junk, at))),
            (document, any::<prop::sample::Index>()).prop_map(|(doc, at)| {
                let mut bytes = json_bytes(&doc);
                bytes.truncate(at.index(bytes.len() + 1));
                bytes
            }),
            proptest::collection::vec(any::<u8>(), 0..64),
        ];
        let mut codes: Vec<String> = op.errors.iter().map(|id| id.name().to_owned()).collect();
        codes.push("SomethingElse".to_owned());
        let header = proptest::option::of(proptest::sample::select(codes));
        let status = prop_oneof![
            Just(200u16),
            proptest::sample::select(vec![204u16, 400, 403, 404, 429, 500, 502, 503]),
            100u16..=599,
        ];
        let what = format!("{} hostile responses", op.name);
        run(&what, (status, header, body), |(status, header, body)| {
            let mut response = aws_json::response(status, JsonVersion::V1_0, body);
            if let Some(code) = header
                && let Ok(value) = http::HeaderValue::from_str(&code)
            {
                response.headers_mut().insert("x-amzn-errortype", value);
            }
            match O::deserialize(&response) {
                Ok(output) => {
                    prop_assert!(response.status().is_success());
                    let _ = format!("{output:?}");
                }
                Err(OperationFailure::Service(e)) => {
                    prop_assert!(!response.status().is_success());
                    let _ = format!("{e:?} {e}");
                }
                Err(OperationFailure::Unparseable(e)) => {
                    prop_assert!(response.status().is_success());
                    let _ = format!("{e:?} {e}");
                }
            }
            Ok(())
        });
    }

    /// Every operation was checked and every named type met.
    fn assert_complete(&self) {
        let service = self.shapes.service();
        let operations: BTreeSet<String> = service
            .operations
            .iter()
            .map(|op| op.name.clone())
            .collect();
        assert_eq!(*self.checked.borrow(), operations, "operations not checked");
        let missed: Vec<ShapeId> = self
            .shapes
            .all_types()
            .difference(&self.seen.borrow())
            .cloned()
            .collect();
        assert!(missed.is_empty(), "types never round-tripped: {missed:?}");
    }
}

fn service_error<O: ServiceSide>(response: &HttpResponse) -> Result<O::Error, TestCaseError>
where
    O::Output: Debug,
    O::Error: Debug,
{
    match O::deserialize(response) {
        Err(OperationFailure::Service(e)) => Ok(e),
        other => Err(TestCaseError::fail(format!(
            "an error response read as {other:?}"
        ))),
    }
}

#[test]
fn proton() {
    use proton::operation::cancel_component_deployment::CancelComponentDeployment;
    Crate::new(generator_tests::lower_proton())
        .check::<CancelComponentDeployment>()
        .assert_complete();
}

#[test]
fn fixture_blobs() {
    Crate::new(generator_tests::lower_fixture("blobs"))
        .check::<fixture_blobs::operation::upload::Upload>()
        .assert_complete();
}

#[test]
fn fixture_collections() {
    Crate::new(generator_tests::lower_fixture("collections"))
        .check::<fixture_collections::operation::echo::Echo>()
        .assert_complete();
}

#[test]
fn fixture_deprecated() {
    Crate::new(generator_tests::lower_fixture("deprecated"))
        .check::<fixture_deprecated::operation::fetch::Fetch>()
        .check::<fixture_deprecated::operation::old_fetch::OldFetch>()
        .assert_complete();
}

#[test]
fn fixture_documents() {
    Crate::new(generator_tests::lower_fixture("documents"))
        .check::<fixture_documents::operation::store::Store>()
        .assert_complete();
}

#[test]
fn fixture_endpoint_params() {
    Crate::new(generator_tests::lower_fixture("endpoint-params"))
        .check::<fixture_endpoint_params::operation::ping::Ping>()
        .check::<fixture_endpoint_params::operation::ping_tables::PingTables>()
        .assert_complete();
}

#[test]
fn fixture_endpoints() {
    Crate::new(generator_tests::lower_fixture("endpoints"))
        .check::<fixture_endpoints::operation::ping::Ping>()
        .check::<fixture_endpoints::operation::ping_anonymously::PingAnonymously>()
        .check::<fixture_endpoints::operation::ping_maybe_signed::PingMaybeSigned>()
        .assert_complete();
}

#[test]
fn fixture_enums() {
    Crate::new(generator_tests::lower_fixture("enums"))
        .check::<fixture_enums::operation::put_colors::PutColors>()
        .assert_complete();
}

#[test]
fn fixture_errors() {
    Crate::new(generator_tests::lower_fixture("errors"))
        .check::<fixture_errors::operation::fail::Fail>()
        .check::<fixture_errors::operation::fetch::Fetch>()
        .assert_complete();
}

#[test]
fn fixture_idempotency() {
    Crate::new(generator_tests::lower_fixture("idempotency"))
        .check::<fixture_idempotency::operation::create_widget::CreateWidget>()
        .assert_complete();
}

#[test]
fn fixture_json11() {
    Crate::new(generator_tests::lower_fixture("json11"))
        .check::<fixture_json11::operation::ping::Ping>()
        .assert_complete();
}

#[test]
fn fixture_mixins() {
    Crate::new(generator_tests::lower_fixture("mixins"))
        .check::<fixture_mixins::operation::get_thing::GetThing>()
        .assert_complete();
}

#[test]
fn fixture_naming() {
    Crate::new(generator_tests::lower_fixture("naming"))
        .check::<fixture_naming::operation::match_::Match>()
        .check::<fixture_naming::operation::type_::Type>()
        .assert_complete();
}

#[test]
fn fixture_nullability() {
    Crate::new(generator_tests::lower_fixture("nullability"))
        .check::<fixture_nullability::operation::configure::Configure>()
        .assert_complete();
}

#[test]
fn fixture_pagination() {
    Crate::new(generator_tests::lower_fixture("pagination"))
        .check::<fixture_pagination::operation::list_nested::ListNested>()
        .check::<fixture_pagination::operation::list_tags::ListTags>()
        .check::<fixture_pagination::operation::list_things::ListThings>()
        .check::<fixture_pagination::operation::poll::Poll>()
        .check::<fixture_pagination::operation::scan::Scan>()
        .assert_complete();
}

#[test]
fn fixture_primitives() {
    Crate::new(generator_tests::lower_fixture("primitives"))
        .check::<fixture_primitives::operation::compute::Compute>()
        .assert_complete();
}

#[test]
fn fixture_recursion() {
    Crate::new(generator_tests::lower_fixture("recursion"))
        .check::<fixture_recursion::operation::walk::Walk>()
        .assert_complete();
}

#[test]
fn fixture_required() {
    Crate::new(generator_tests::lower_fixture("required"))
        .check::<fixture_required::operation::put::Put>()
        .assert_complete();
}

#[test]
fn fixture_sensitive() {
    Crate::new(generator_tests::lower_fixture("sensitive"))
        .check::<fixture_sensitive::operation::login::Login>()
        .assert_complete();
}

#[test]
fn fixture_timestamps() {
    Crate::new(generator_tests::lower_fixture("timestamps"))
        .check::<fixture_timestamps::operation::stamp::Stamp>()
        .assert_complete();
}

#[test]
fn fixture_unions() {
    Crate::new(generator_tests::lower_fixture("unions"))
        .check::<fixture_unions::operation::exchange::Exchange>()
        .assert_complete();
}

#[test]
fn fixture_waiters() {
    Crate::new(generator_tests::lower_fixture("waiters"))
        .check::<fixture_waiters::operation::get_thing::GetThing>()
        .assert_complete();
}

/// Every fixture has a test above, but `events`: a restJson1 event stream,
/// which has no service side to round-trip through (`fixtures.rs` checks
/// the messages it writes).
#[test]
fn every_fixture_is_covered() {
    let covered = [
        "blobs",
        "collections",
        "deprecated",
        "documents",
        "endpoint-params",
        "endpoints",
        "enums",
        "errors",
        "events",
        "idempotency",
        "json11",
        "mixins",
        "naming",
        "nullability",
        "pagination",
        "primitives",
        "recursion",
        "required",
        "sensitive",
        "timestamps",
        "unions",
        "waiters",
    ];
    assert_eq!(generator_tests::FIXTURES, covered);
}
