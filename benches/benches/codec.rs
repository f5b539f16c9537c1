//! Bench 3: the generated crate's awsJson1_0 code alone: serialize the
//! input, parse the 978-byte response.

#![allow(deprecated)] // AWS Proton no longer takes new customers.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use lean_runtime::operation::Operation;
use proton::operation::cancel_component_deployment::{
    CancelComponentDeployment, CancelComponentDeploymentInput,
};
use std::hint::black_box;

fn serialize(c: &mut Criterion) {
    let input = CancelComponentDeploymentInput::builder()
        .component_name(common::COMPONENT)
        .build()
        .expect("the name is set");
    c.bench_function("codec/serialize_input", |b| {
        b.iter(|| CancelComponentDeployment::serialize(black_box(&input)).expect("serializes"))
    });
}

fn parse(c: &mut Criterion) {
    let response = common::response();
    let output = CancelComponentDeployment::deserialize(&response).expect("the response parses");
    let component = output.component();
    // Every member is set, so every member's parser runs.
    assert!(
        component.description().is_some()
            && component.service_spec().is_some()
            && component.last_deployment_succeeded_at().is_some()
            && component.last_client_request_token().is_some(),
        "{component:?}"
    );
    c.bench_function("codec/parse_output", |b| {
        b.iter(|| CancelComponentDeployment::deserialize(black_box(&response)).expect("parses"))
    });
}

criterion_group!(benches, serialize, parse);
criterion_main!(benches);
