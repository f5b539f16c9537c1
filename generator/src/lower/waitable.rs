//! `smithy.waiters#waitable`: each waiter's names, delays and acceptors,
//! with every JMESPath checked against the operation's input and output.

use super::Lowering;
use crate::docs::Docs;
use crate::ir::{
    Acceptor, AcceptorState, Matcher, Operation, PathComparator, PathMatcher, PathType, Waiter,
};
use crate::jmespath::{self, Root};
use crate::model::ShapeId;
use crate::model::ast::Shape;
use crate::naming::{self, RustName};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const WAITABLE: &str = "smithy.waiters#waitable";

/// `minDelay` when the model gives none, in seconds.
const DEFAULT_MIN_DELAY: u64 = 2;
/// `maxDelay` when the model gives none, in seconds.
const DEFAULT_MAX_DELAY: u64 = 120;

/// The properties of a waiter that Smithy defines.
const WAITER_PROPERTIES: &[&str] = &[
    "documentation",
    "acceptors",
    "minDelay",
    "maxDelay",
    "deprecated",
    "tags",
];

impl Lowering<'_> {
    /// The waiters of `op`, sorted by name; a wrong waiter is a recorded
    /// problem and left out.
    pub(super) fn waiters(&mut self, op: &Operation) -> Vec<Waiter> {
        let Some(Shape::Operation(shape)) = self.model.shape(&op.id) else {
            return Vec::new();
        };
        let Some(value) = shape.traits.get(WAITABLE) else {
            return Vec::new();
        };
        let Value::Object(waiters) = value else {
            self.problem(
                &op.id,
                None,
                format!("trait `{WAITABLE}` must be an object of waiters, found {value}"),
            );
            return Vec::new();
        };
        let sorted: BTreeMap<&String, &Value> = waiters.iter().collect();
        let mut out = Vec::new();
        for (name, waiter) in sorted {
            // Smithy's own tools accept published models with properties
            // they do not know (`description`); so does this generator.
            if let Value::Object(fields) = waiter {
                for unknown in fields
                    .keys()
                    .filter(|k| !WAITER_PROPERTIES.contains(&k.as_str()))
                {
                    self.warning(
                        &op.id,
                        format!(
                            "waiter `{name}`: unknown property `{unknown}` is ignored (known: {})",
                            WAITER_PROPERTIES.join(", ")
                        ),
                    );
                }
            }
            match self.waiter(op, name, waiter) {
                Ok(waiter) => out.push(waiter),
                // A path the generator cannot compile yet costs the waiter,
                // not the crate: the operation itself still works.
                Err(m) if m.ends_with(jmespath::UNSUPPORTED) => {
                    self.warning(&op.id, format!("waiter `{name}` is left out: {m}"))
                }
                Err(m) => self.problem(&op.id, None, format!("waiter `{name}`: {m}")),
            }
        }
        out
    }

    fn waiter(&self, op: &Operation, name: &str, value: &Value) -> Result<Waiter, String> {
        let mut chars = name.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_alphanumeric());
        if !well_formed {
            return Err("waiter names are UpperCamelCase letters and digits".to_owned());
        }
        let Value::Object(fields) = value else {
            return Err(format!("expected an object, found {value}"));
        };
        let docs = match fields.get("documentation") {
            None => Docs::none(),
            Some(Value::String(text)) => Docs::from_html(text),
            Some(other) => return Err(format!("`documentation` must be a string, found {other}")),
        };
        let deprecated = match fields.get("deprecated") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("`deprecated` must be a boolean, found {other}")),
        };
        let min_delay = delay(fields, "minDelay", DEFAULT_MIN_DELAY)?;
        let max_delay = delay(fields, "maxDelay", DEFAULT_MAX_DELAY)?;
        if min_delay > max_delay {
            return Err(format!(
                "minDelay ({min_delay}) is greater than maxDelay ({max_delay})"
            ));
        }
        let Some(Value::Array(acceptors)) = fields.get("acceptors") else {
            return Err("`acceptors` must be a list of acceptors".to_owned());
        };
        let acceptors = acceptors
            .iter()
            .enumerate()
            .map(|(index, acceptor)| {
                self.acceptor(op, acceptor)
                    .map_err(|m| format!("acceptor {}: {m}", index + 1))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !acceptors.iter().any(|a| a.state == AcceptorState::Success) {
            return Err("no acceptor leads to the success state".to_owned());
        }
        let named = |name: Result<RustName, naming::NameError>| name.map_err(|e| e.to_string());
        Ok(Waiter {
            name: name.to_owned(),
            module: named(naming::waiter_module_name(name))?,
            fn_name: named(naming::waiter_fn_name(name))?,
            builder_name: named(naming::type_name(&format!("WaitUntil{name}")))?,
            final_poll_name: named(naming::type_name(&format!("{name}FinalPoll")))?,
            error_name: named(naming::type_name(&format!("WaitUntil{name}Error")))?,
            poller_name: named(naming::type_name(&format!("{name}Poller")))?,
            docs,
            deprecated,
            min_delay,
            max_delay,
            acceptors,
        })
    }

    fn acceptor(&self, op: &Operation, value: &Value) -> Result<Acceptor, String> {
        let Value::Object(fields) = value else {
            return Err(format!("expected an object, found {value}"));
        };
        allow_only(fields, &["state", "matcher", "message"], "acceptor")?;
        let state = match fields.get("state").and_then(Value::as_str) {
            Some("success") => AcceptorState::Success,
            Some("failure") => AcceptorState::Failure,
            Some("retry") => AcceptorState::Retry,
            _ => {
                return Err(format!(
                    "`state` must be \"success\", \"failure\" or \"retry\", found {}",
                    fields.get("state").unwrap_or(&Value::Null)
                ));
            }
        };
        let matcher = match fields.get("matcher") {
            Some(Value::Object(matcher)) if matcher.len() == 1 => matcher,
            _ => return Err("`matcher` must be an object with exactly one member".to_owned()),
        };
        let matcher = match matcher.iter().next() {
            Some((kind, Value::Object(path))) if kind == "output" => {
                Matcher::Output(self.path_matcher(op, path, &Root::Output(op.output.clone()))?)
            }
            Some((kind, Value::Object(path))) if kind == "inputOutput" => {
                Matcher::InputOutput(self.path_matcher(op, path, &Root::InputOutput)?)
            }
            Some((kind, Value::Bool(success))) if kind == "success" => Matcher::Success(*success),
            Some((kind, Value::String(error))) if kind == "errorType" => {
                // An absolute shape id matches by its name only.
                let code = error
                    .rsplit_once('#')
                    .map_or(error.as_str(), |(_, name)| name);
                Matcher::ErrorType(code.to_owned())
            }
            Some((kind, other)) => {
                return Err(format!(
                    "matcher `{kind}` is not one of output, inputOutput, success, errorType with the right value (found {other})"
                ));
            }
            None => return Err("`matcher` is empty".to_owned()),
        };
        Ok(Acceptor { state, matcher })
    }

    fn path_matcher(
        &self,
        op: &Operation,
        fields: &Map<String, Value>,
        root: &Root,
    ) -> Result<PathMatcher, String> {
        allow_only(fields, &["path", "expected", "comparator"], "path matcher")?;
        let text = |key: &str| {
            fields
                .get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("`{key}` must be a string"))
        };
        let path = text("path")?;
        let expected = text("expected")?;
        let comparator = text("comparator")?;
        let expr = jmespath::parse(path)
            .and_then(|e| jmespath::check(&e, root, &op.input, &op.output, &self.types))
            .map_err(|m| format!("path `{path}`: {m}"))?;
        let needs = |ty: PathType, what: &str| {
            if expr.ty == ty {
                Ok(())
            } else {
                Err(format!(
                    "path `{path}`: {comparator} needs {what}, but the path gives {}",
                    jmespath::describe(&expr.ty)
                ))
            }
        };
        let comparator = match comparator {
            "stringEquals" => {
                needs(PathType::String, "a string")?;
                PathComparator::StringEquals(expected.to_owned())
            }
            "booleanEquals" => {
                needs(PathType::Bool, "a boolean")?;
                PathComparator::BooleanEquals(match expected {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(format!(
                            "booleanEquals expects \"true\" or \"false\", found \"{other}\""
                        ));
                    }
                })
            }
            "allStringEquals" | "anyStringEquals" => {
                needs(
                    PathType::List(Box::new(PathType::String)),
                    "a list of strings",
                )?;
                if comparator == "allStringEquals" {
                    PathComparator::AllStringEquals(expected.to_owned())
                } else {
                    PathComparator::AnyStringEquals(expected.to_owned())
                }
            }
            other => {
                return Err(format!(
                    "comparator `{other}` is not one of stringEquals, booleanEquals, allStringEquals, anyStringEquals"
                ));
            }
        };
        Ok(PathMatcher {
            path: path.to_owned(),
            expr,
            comparator,
        })
    }

    /// Waiter modules must differ from each other, and waiter methods from
    /// each other and from the operations' methods on `Client`.
    pub(super) fn check_waiter_names(&mut self, service: &ShapeId, operations: &[Operation]) {
        let mut modules: Vec<(&str, &RustName)> = Vec::new();
        let mut methods: Vec<(&str, &RustName)> = operations
            .iter()
            .map(|op| (op.name.as_str(), &op.fn_name))
            .collect();
        for op in operations {
            for waiter in &op.waiters {
                modules.push((waiter.name.as_str(), &waiter.module));
                methods.push((waiter.name.as_str(), &waiter.fn_name));
            }
        }
        for (names, scope) in [(modules, "crate::waiters"), (methods, "Client")] {
            if let Err(collision) = naming::check_unique(scope, names) {
                self.problem(service, None, collision.to_string());
            }
        }
    }
}

fn delay(fields: &Map<String, Value>, key: &str, default: u64) -> Result<u64, String> {
    match fields.get(key) {
        None => Ok(default),
        Some(value) => match value.as_u64() {
            Some(seconds) if seconds >= 1 => Ok(seconds),
            _ => Err(format!(
                "`{key}` must be a whole number of seconds, at least 1; found {value}"
            )),
        },
    }
}

fn allow_only(fields: &Map<String, Value>, known: &[&str], what: &str) -> Result<(), String> {
    match fields.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(format!(
            "unknown {what} property `{unknown}` (known: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}
