//! Reads `smithy.rules#endpointTests`: each case's parameters, checked
//! against the rule set's, and its expected endpoint or error.

use serde_json::Value;

use super::error::{Document, JsonPath, RulesError};
use super::params::Param;
use super::parse::{kind, object, optional_string, param_value, required};
use super::syntax::ParamValue;

type Result<T> = std::result::Result<T, RulesError>;

/// One test case.
#[derive(Debug)]
pub(super) struct TestCase {
    /// Position in `testCases`, from 0.
    pub(super) index: usize,
    pub(super) documentation: Option<String>,
    pub(super) run: Run,
}

/// Whether a case becomes a test, and with what.
#[derive(Debug)]
pub(super) enum Run {
    /// Resolve with these parameters (indices into the parameter list).
    Resolve {
        params: Vec<(usize, ParamValue)>,
        expect: Expectation,
    },
    /// The case only gives operation inputs: binding those to parameters is
    /// the operation's business, so the resolver cannot be tested with it.
    SkipOperationInputsOnly,
}

/// What resolution must produce.
#[derive(Debug)]
pub(super) enum Expectation {
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: Vec<(String, Value)>,
    },
    Error(String),
}

/// Parses the `endpointTests` value against the rule set's parameters.
pub(super) fn test_cases(value: &Value, params: &[Param]) -> Result<Vec<TestCase>> {
    let path = JsonPath::root(Document::Tests);
    let document = object(value, &path)?;
    let cases_path = path.key("testCases");
    let Some(cases) = document.get("testCases") else {
        return Ok(Vec::new());
    };
    let cases = cases.as_array().ok_or_else(|| {
        RulesError::new(
            &cases_path,
            format!("expected an array of test cases, found {}", kind(cases)),
        )
    })?;
    cases
        .iter()
        .enumerate()
        .map(|(index, case)| test_case(index, case, params, &cases_path.index(index)))
        .collect()
}

fn test_case(index: usize, value: &Value, params: &[Param], path: &JsonPath) -> Result<TestCase> {
    let case = object(value, path)?;
    let documentation = optional_string(case, "documentation", path)?.map(str::to_owned);
    let run = match case.get("params") {
        None if case.contains_key("operationInputs") => Run::SkipOperationInputsOnly,
        given => {
            let params = match given {
                None => Vec::new(),
                Some(value) => case_params(value, params, &path.key("params"))?,
            };
            let expect = expectation(required(case, "expect", path)?, &path.key("expect"))?;
            Run::Resolve { params, expect }
        }
    };
    Ok(TestCase {
        index,
        documentation,
        run,
    })
}

fn case_params(
    value: &Value,
    params: &[Param],
    path: &JsonPath,
) -> Result<Vec<(usize, ParamValue)>> {
    object(value, path)?
        .iter()
        .map(|(name, value)| {
            let param_path = path.key(name);
            let id = params
                .iter()
                .position(|param| &param.name == name)
                .ok_or_else(|| {
                    RulesError::new(
                        &param_path,
                        format!("the rule set has no parameter `{name}`"),
                    )
                })?;
            Ok((id, param_value(value, params[id].ty, &param_path)?))
        })
        .collect()
}

fn expectation(value: &Value, path: &JsonPath) -> Result<Expectation> {
    let expect = object(value, path)?;
    match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), None) => {
            let endpoint_path = path.key("endpoint");
            let endpoint = object(endpoint, &endpoint_path)?;
            let url = match required(endpoint, "url", &endpoint_path)? {
                Value::String(url) => url.clone(),
                other => {
                    return Err(RulesError::new(
                        &endpoint_path.key("url"),
                        format!("expected a string, found {}", kind(other)),
                    ));
                }
            };
            let mut headers = Vec::new();
            if let Some(value) = endpoint.get("headers") {
                let headers_path = endpoint_path.key("headers");
                for (name, values) in object(value, &headers_path)? {
                    let values = param_value(
                        values,
                        super::syntax::ParamType::StringArray,
                        &headers_path.key(name),
                    )?;
                    if let ParamValue::StringArray(values) = values {
                        headers.push((name.clone(), values));
                    }
                }
            }
            let properties = match endpoint.get("properties") {
                None => Vec::new(),
                Some(value) => object(value, &endpoint_path.key("properties"))?
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone()))
                    .collect(),
            };
            Ok(Expectation::Endpoint {
                url,
                headers,
                properties,
            })
        }
        (None, Some(Value::String(message))) => Ok(Expectation::Error(message.clone())),
        (None, Some(other)) => Err(RulesError::new(
            &path.key("error"),
            format!("expected an error message, found {}", kind(other)),
        )),
        _ => Err(RulesError::new(
            path,
            "expected exactly one of `endpoint` and `error`",
        )),
    }
}
