//! Numbers of every type, including `NaN` and the infinities, which JSON
//! cannot write as numbers, arbitrary-precision numbers, and booleans.

use super::{body_json, body_text, echo, is_unparseable, response};
use fixture_primitives::operation::compute::{Compute, ComputeInput, ComputeOutput};
use fixture_primitives::types::Numbers;
use lean_runtime::operation::Operation;
use lean_runtime::primitives::{BigDecimal, BigInteger};
use serde_json::json;

fn extremes() -> Numbers {
    Numbers::builder()
        .byte(i8::MIN)
        .short(i16::MAX)
        .integer(i32::MIN)
        .long(i64::MAX)
        .float(0.1)
        .double(f64::MAX)
        .big_integer("-123456789012345678901234567890".parse().unwrap())
        .big_decimal("1234567890.12345678901234567890e-45".parse().unwrap())
        .boolean(true)
        .doubles(-0.5)
        .doubles(5e-324)
        .floats(f32::MAX)
        .build()
}

fn send(numbers: Numbers) -> (lean_runtime::operation::HttpRequest, ComputeOutput) {
    let input = ComputeInput::builder().numbers(numbers).build().unwrap();
    let request = Compute::serialize(&input).unwrap();
    let output = Compute::deserialize(&echo(&request)).unwrap();
    (request, output)
}

#[test]
fn every_number_type_round_trips_at_its_extremes() {
    let (request, output) = send(extremes());
    let text = body_text(&request);
    // The shortest text that reads back as the same value, and big numbers
    // as written.
    for expected in [
        r#""byte":-128"#,
        r#""short":32767"#,
        r#""integer":-2147483648"#,
        r#""long":9223372036854775807"#,
        r#""float":0.1"#,
        r#""double":1.7976931348623157e308"#,
        r#""bigInteger":-123456789012345678901234567890"#,
        r#""bigDecimal":1234567890.12345678901234567890e-45"#,
        r#""boolean":true"#,
        r#""doubles":[-0.5,5e-324]"#,
        r#""floats":[3.4028235e38]"#,
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert_eq!(output.numbers(), Some(&extremes()));
}

#[test]
fn nan_and_the_infinities_are_strings_on_the_wire() {
    let numbers = Numbers::builder()
        .double(f64::NAN)
        .float(f32::INFINITY)
        .doubles(f64::NEG_INFINITY)
        .doubles(f64::NAN)
        .doubles(1.0)
        .floats(f32::NEG_INFINITY)
        .build();
    let (request, output) = send(numbers);
    assert_eq!(
        body_json(&request),
        json!({"numbers": {"float": "Infinity", "double": "NaN",
            "doubles": ["-Infinity", "NaN", 1.0], "floats": ["-Infinity"]}})
    );
    let numbers = output.numbers().unwrap();
    assert!(numbers.double().unwrap().is_nan());
    assert_eq!(numbers.float(), Some(f32::INFINITY));
    let doubles = numbers.doubles();
    assert_eq!(doubles[0], f64::NEG_INFINITY);
    assert!(doubles[1].is_nan());
    assert_eq!(doubles[2], 1.0);
    assert_eq!(numbers.floats(), [f32::NEG_INFINITY]);
}

#[test]
fn false_and_zero_are_sent_and_absent_stays_absent() {
    let (request, output) = send(Numbers::builder().boolean(false).integer(0).build());
    assert_eq!(
        body_json(&request),
        json!({"numbers": {"integer": 0, "boolean": false}})
    );
    let numbers = output.numbers().unwrap();
    assert_eq!(numbers.boolean(), Some(false));
    assert_eq!(numbers.integer(), Some(0));
    assert_eq!(numbers.long(), None);
    assert_eq!(numbers.big_integer(), None);
}

#[test]
fn integral_numbers_in_other_notations_are_accepted() {
    let output = Compute::deserialize(&response(
        200,
        r#"{"numbers": {"integer": 1e2, "long": -5.0, "double": 3, "float": -0}}"#,
    ))
    .unwrap();
    let numbers = output.numbers().unwrap();
    assert_eq!(numbers.integer(), Some(100));
    assert_eq!(numbers.long(), Some(-5));
    assert_eq!(numbers.double(), Some(3.0));
    assert_eq!(numbers.float(), Some(0.0));
}

#[test]
fn big_numbers_keep_their_text() {
    let output = Compute::deserialize(&response(
        200,
        r#"{"numbers": {"bigInteger": 100000000000000000000000000000000000001,
            "bigDecimal": 1.50}}"#,
    ))
    .unwrap();
    let numbers = output.numbers().unwrap();
    assert_eq!(
        numbers.big_integer().map(BigInteger::as_str),
        Some("100000000000000000000000000000000000001")
    );
    assert_eq!(numbers.big_decimal().map(BigDecimal::as_str), Some("1.50"));
}

#[test]
fn numbers_out_of_range_or_of_the_wrong_type_are_errors() {
    for member in [
        r#""byte": 128"#,
        r#""short": -32769"#,
        r#""integer": 2147483648"#,
        r#""long": 9223372036854775808"#,
        r#""integer": 1.5"#,
        r#""float": 1e39"#,
        r#""double": 1e309"#,
        r#""double": "nan""#,
        r#""integer": "1""#,
        r#""bigInteger": 1.5"#,
        r#""bigDecimal": "1.5""#,
        r#""boolean": "true""#,
        r#""boolean": 1"#,
        r#""doubles": [1, "Inf"]"#,
    ] {
        let body = format!(r#"{{"numbers": {{{member}}}}}"#);
        assert!(
            is_unparseable(&Compute::deserialize(&response(200, &body))),
            "{body}"
        );
    }
}
