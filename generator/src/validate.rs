//! Model validation: everything that would make lowering or the generated
//! code wrong, reported at once, each problem naming its file, shape and
//! member.
//!
//! Lowering re-reads traits with the same typed readers, so a problem found
//! here is not found twice: validation covers the whole model (not only the
//! selected service), lowering only what it lowers.

use crate::error::{Diagnostic, Error, Result};
use crate::model::ast::{Shape, Traits};
use crate::model::{Model, ShapeId, traits};

/// Checks the model; returns every problem found.
pub fn validate(model: &Model) -> Result<()> {
    let mut problems = Vec::new();
    for (id, shape) in &model.shapes {
        check_shape(model, id, shape, &mut problems);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::many(problems))
    }
}

fn check_shape(model: &Model, id: &ShapeId, shape: &Shape, problems: &mut Vec<Diagnostic>) {
    let at = |member: Option<&str>, message: String| {
        let d = model.diagnostic(id, message);
        match member {
            Some(m) => d.on_member(m),
            None => d,
        }
    };
    check_traits(shape.traits(), |m| problems.push(at(None, m)));
    for (name, member) in shape.members() {
        if model.shape(&member.target).is_none() {
            problems.push(at(
                Some(name),
                format!("targets `{}`, which is not defined", member.target),
            ));
        }
        check_traits(&member.traits, |m| problems.push(at(Some(name), m)));
    }
    match shape {
        Shape::Operation(op) => {
            for (role, target) in [("input", &op.input), ("output", &op.output)] {
                let Some(target) = target else { continue };
                match model.shape(&target.target) {
                    None => problems.push(at(
                        None,
                        format!("{role} `{}` is not defined", target.target),
                    )),
                    Some(Shape::Structure(_)) => {}
                    Some(other) => problems.push(at(
                        None,
                        format!(
                            "{role} `{}` is a {}, not a structure",
                            target.target,
                            other.type_name()
                        ),
                    )),
                }
            }
            for error in &op.errors {
                check_error_ref(model, &error.target, |m| problems.push(at(None, m)));
            }
        }
        Shape::Service(service) => {
            for op in &service.operations {
                match model.shape(&op.target) {
                    Some(Shape::Operation(_)) => {}
                    Some(other) => problems.push(at(
                        None,
                        format!(
                            "binds `{}` as an operation, but it is a {}",
                            op.target,
                            other.type_name()
                        ),
                    )),
                    None => problems.push(at(
                        None,
                        format!("binds operation `{}`, which is not defined", op.target),
                    )),
                }
            }
            for resource in &service.resources {
                if !matches!(model.shape(&resource.target), Some(Shape::Resource(_))) {
                    problems.push(at(
                        None,
                        format!(
                            "binds `{}` as a resource, but it is not one",
                            resource.target
                        ),
                    ));
                }
            }
            for error in &service.errors {
                check_error_ref(model, &error.target, |m| problems.push(at(None, m)));
            }
            if let Err(m) = traits::aws_service(&service.traits) {
                problems.push(at(None, m));
            }
            if let Err(m) = traits::sigv4_name(&service.traits) {
                problems.push(at(None, m));
            }
        }
        Shape::Resource(resource) => {
            for op in resource.all_operations() {
                if !matches!(model.shape(&op.target), Some(Shape::Operation(_))) {
                    problems.push(at(
                        None,
                        format!("binds `{}` as an operation, but it is not one", op.target),
                    ));
                }
            }
        }
        Shape::Map(map) => {
            if let Some(key) = model.shape(&map.key.target)
                && !matches!(key, Shape::String(_) | Shape::Enum(_))
            {
                problems.push(at(
                    Some("key"),
                    format!(
                        "map keys must target a string or enum, not a {}",
                        key.type_name()
                    ),
                ));
            }
        }
        Shape::Structure(s) if traits::has(&s.traits, traits::ERROR) => {
            if let Err(m) = traits::http_error(&s.traits) {
                problems.push(at(None, m));
            }
            if let Err(m) = traits::retryable(&s.traits) {
                problems.push(at(None, m));
            }
        }
        _ => {}
    }
}

fn check_error_ref(model: &Model, target: &ShapeId, mut report: impl FnMut(String)) {
    match model.shape(target) {
        None => report(format!("error `{target}` is not defined")),
        Some(Shape::Structure(s)) if traits::has(&s.traits, traits::ERROR) => {}
        Some(Shape::Structure(_)) => report(format!(
            "error `{target}` is a structure without the @error trait"
        )),
        Some(other) => report(format!(
            "error `{target}` is a {}, not a structure",
            other.type_name()
        )),
    }
}

/// Checks the form of every trait the generator reads.
fn check_traits(t: &Traits, mut report: impl FnMut(String)) {
    let results: [Result<(), String>; 9] = [
        traits::documentation(t).map(drop),
        traits::length(t).map(drop),
        traits::range(t).map(drop),
        traits::pattern(t).map(drop),
        traits::error(t).map(drop),
        traits::timestamp_format(t).map(drop),
        traits::deprecated(t).map(drop),
        traits::enum_definitions(t).map(drop),
        traits::paginated(t).map(drop),
    ];
    for r in results {
        if let Err(m) = r {
            report(m);
        }
    }
    if let Err(m) = traits::enum_value(t) {
        report(m);
    }
}
