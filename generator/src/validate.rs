//! Model validation: everything that would make lowering or the generated
//! code wrong, reported at once, each problem naming its file, shape and
//! member.
//!
//! Lowering re-reads traits with the same typed readers, so a problem found
//! here is not found twice: validation covers the whole model (not only the
//! selected service), lowering only what it lowers. Lowering and the
//! emitters recurse through lists and maps and trust every target to exist,
//! so this pass also bounds that recursion: no list or map contains itself
//! without a structure or union in between, and none nests deeper than
//! [`MAX_COLLECTION_DEPTH`].
//!
//! Every walk here is iterative, so a model of thousands of nested shapes
//! is checked without exhausting the stack.

use crate::error::{Diagnostic, Error, Result};
use crate::model::ast::{MemberDef, OperationDef, Shape, Traits};
use crate::model::{Model, ShapeId, traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How deeply lists and maps may nest (`Vec<Vec<...>>`). Lowering and the
/// emitters recurse once per level; real models nest two or three.
pub const MAX_COLLECTION_DEPTH: usize = 32;

/// Checks the model; returns every problem found.
pub fn validate(model: &Model) -> Result<()> {
    let mut v = Validator {
        model,
        problems: Vec::new(),
    };
    for (id, shape) in &model.shapes {
        v.shape(id, shape);
    }
    v.collections();
    v.unbuildable();
    v.services();
    let mut seen = BTreeSet::new();
    let problems: Vec<Diagnostic> = v
        .problems
        .into_iter()
        .filter(|d| seen.insert(d.to_string()))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::many(problems))
    }
}

struct Validator<'m> {
    model: &'m Model,
    problems: Vec<Diagnostic>,
}

/// Smithy identifier: `(1*"_" (ALPHA / DIGIT)) / ALPHA`, then letters,
/// digits and `_`.
fn is_identifier(name: &str) -> bool {
    let rest = name.trim_start_matches('_');
    let start_ok = if rest.len() == name.len() {
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
    } else {
        rest.starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    start_ok && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// "a list", "an enum": Smithy type names with their article.
fn a_or_an(type_name: &str) -> String {
    // "union" sounds like "you": a union.
    let vowel = type_name.starts_with(['a', 'e', 'i', 'o']);
    format!("{} {type_name}", if vowel { "an" } else { "a" })
}

fn is_number(shape: &Shape) -> bool {
    matches!(
        shape,
        Shape::Byte(_)
            | Shape::Short(_)
            | Shape::Integer(_)
            | Shape::Long(_)
            | Shape::Float(_)
            | Shape::Double(_)
            | Shape::BigInteger(_)
            | Shape::BigDecimal(_)
            | Shape::IntEnum(_)
    )
}

fn is_collection(shape: &Shape) -> bool {
    matches!(shape, Shape::List(_) | Shape::Set(_) | Shape::Map(_))
}

/// Whether a member is always present in the generated type (so a value of
/// its target must exist before the containing one can be built).
fn is_required(member: &MemberDef) -> bool {
    traits::has(&member.traits, traits::REQUIRED)
        && !traits::has(&member.traits, traits::CLIENT_OPTIONAL)
}

/// The string values of an enum shape (Smithy 2.0 `enum`, or a 1.0 string
/// with `@enum`), for checking defaults; `None` when they cannot be read.
fn enum_values(shape: &Shape) -> Option<Vec<String>> {
    match shape {
        Shape::Enum(a) => Some(
            a.members
                .iter()
                .map(|(name, m)| match traits::enum_value(&m.traits) {
                    Ok(Some(traits::EnumValue::String(v))) => v,
                    _ => name.clone(),
                })
                .collect(),
        ),
        Shape::String(s) => traits::enum_definitions(&s.traits)
            .ok()
            .flatten()
            .map(|d| d.into_iter().map(|d| d.value).collect()),
        _ => None,
    }
}

fn int_enum_values(shape: &Shape) -> Vec<i32> {
    match shape {
        Shape::IntEnum(a) => a
            .members
            .values()
            .filter_map(|m| match traits::enum_value(&m.traits) {
                Ok(Some(traits::EnumValue::Int(n))) => Some(n),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl<'m> Validator<'m> {
    fn report(&mut self, id: &ShapeId, member: Option<&str>, message: impl Into<String>) {
        let d = self.model.diagnostic(id, message);
        self.problems.push(match member {
            Some(m) => d.on_member(m),
            None => d,
        });
    }

    fn shape(&mut self, id: &ShapeId, shape: &'m Shape) {
        self.shape_traits(id, shape);
        self.members(id, shape);
        match shape {
            Shape::Operation(op) => self.operation(id, op),
            Shape::Service(service) => {
                for op in &service.operations {
                    match self.model.shape(&op.target) {
                        Some(Shape::Operation(_)) => {}
                        Some(other) => self.report(
                            id,
                            None,
                            format!(
                                "binds `{}` as an operation, but it is {}",
                                op.target,
                                a_or_an(other.type_name())
                            ),
                        ),
                        None => self.report(
                            id,
                            None,
                            format!("binds operation `{}`, which is not defined", op.target),
                        ),
                    }
                }
                self.resource_refs(id, &service.resources);
                for error in &service.errors {
                    self.error_ref(id, &error.target);
                }
                for (from, to) in &service.rename {
                    let problem = match self.model.shape(from) {
                        None => Some(format!("renames `{from}`, which is not defined")),
                        Some(Shape::Service(_) | Shape::Operation(_) | Shape::Resource(_)) => {
                            Some(format!(
                                "renames `{from}`; services, operations and resources cannot be renamed"
                            ))
                        }
                        Some(_) if !is_identifier(to) => Some(format!(
                            "renames `{from}` to {to:?}, which is not a valid shape name"
                        )),
                        Some(_) => None,
                    };
                    if let Some(m) = problem {
                        self.report(id, None, m);
                    }
                }
                for result in [
                    traits::aws_service(&service.traits).map(drop),
                    traits::sigv4_name(&service.traits).map(drop),
                    traits::title(&service.traits).map(drop),
                ] {
                    if let Err(m) = result {
                        self.report(id, None, m);
                    }
                }
            }
            Shape::Resource(resource) => {
                for op in resource.all_operations() {
                    if !matches!(self.model.shape(&op.target), Some(Shape::Operation(_))) {
                        self.report(
                            id,
                            None,
                            format!("binds `{}` as an operation, but it is not one", op.target),
                        );
                    }
                }
                self.resource_refs(id, &resource.resources);
                for (name, target) in resource.identifiers.iter().chain(&resource.properties) {
                    if self.model.shape(&target.target).is_none() {
                        self.report(
                            id,
                            Some(name),
                            format!("targets `{}`, which is not defined", target.target),
                        );
                    }
                }
            }
            Shape::Map(map) => {
                if let Some(key) = self.model.shape(&map.key.target)
                    && !matches!(key, Shape::String(_) | Shape::Enum(_))
                {
                    self.report(
                        id,
                        Some("key"),
                        format!(
                            "map keys must target a string or enum, not {}",
                            a_or_an(key.type_name())
                        ),
                    );
                }
            }
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Union(a) if a.members.is_empty() => {
                self.report(
                    id,
                    None,
                    format!("{} needs at least one member", a_or_an(shape.type_name())),
                );
            }
            Shape::Enum(_) | Shape::IntEnum(_) => self.enum_shape(id, shape),
            Shape::String(s) => self.enum_trait(id, &s.traits),
            _ => {}
        }
    }

    fn resource_refs(&mut self, id: &ShapeId, resources: &[crate::model::ast::Target]) {
        for resource in resources {
            if !matches!(self.model.shape(&resource.target), Some(Shape::Resource(_))) {
                self.report(
                    id,
                    None,
                    format!(
                        "binds `{}` as a resource, but it is not one",
                        resource.target
                    ),
                );
            }
        }
    }

    fn error_ref(&mut self, id: &ShapeId, target: &ShapeId) {
        let message = match self.model.shape(target) {
            None => format!("error `{target}` is not defined"),
            Some(Shape::Structure(s)) if traits::has(&s.traits, traits::ERROR) => return,
            Some(Shape::Structure(_)) => {
                format!("error `{target}` is a structure without the @error trait")
            }
            Some(other) => format!(
                "error `{target}` is {}, not a structure",
                a_or_an(other.type_name())
            ),
        };
        self.report(id, None, message);
    }

    /// Traits of the shape itself: their form, and whether they may be there.
    fn shape_traits(&mut self, id: &ShapeId, shape: &Shape) {
        let t = shape.traits();
        for m in trait_form_problems(t) {
            self.report(id, None, m);
        }
        let is_error = traits::has(t, traits::ERROR);
        let misplaced = [
            (
                traits::ERROR,
                matches!(shape, Shape::Structure(_)),
                "structures",
            ),
            ("smithy.api#httpError", is_error, "structures with @error"),
            ("smithy.api#retryable", is_error, "structures with @error"),
            (
                "smithy.api#timestampFormat",
                matches!(shape, Shape::Timestamp(_)),
                "timestamps",
            ),
            (
                "smithy.api#length",
                matches!(
                    shape,
                    Shape::String(_)
                        | Shape::Enum(_)
                        | Shape::Blob(_)
                        | Shape::List(_)
                        | Shape::Set(_)
                        | Shape::Map(_)
                ),
                "strings, blobs, lists and maps",
            ),
            ("smithy.api#range", is_number(shape), "numbers"),
            (
                "smithy.api#enum",
                matches!(shape, Shape::String(_)),
                "strings",
            ),
            ("smithy.api#enumValue", false, "enum members"),
            (traits::IDEMPOTENCY_TOKEN, false, "structure members"),
            (traits::REQUIRED, false, "structure members"),
            (
                "smithy.api#paginated",
                matches!(shape, Shape::Operation(_) | Shape::Service(_)),
                "operations and services",
            ),
        ];
        for (trait_id, allowed, where_) in misplaced {
            if !allowed && t.contains_key(trait_id) {
                self.report(
                    id,
                    None,
                    format!(
                        "trait `{trait_id}` is not allowed on {}: it applies to {where_} only",
                        a_or_an(shape.type_name())
                    ),
                );
            }
        }
        if let Some(value) = t.get(traits::DEFAULT) {
            match shape {
                Shape::Structure(_)
                | Shape::Union(_)
                | Shape::Service(_)
                | Shape::Operation(_)
                | Shape::Resource(_) => self.report(
                    id,
                    None,
                    format!(
                        "trait `{}` is not allowed on {}",
                        traits::DEFAULT,
                        a_or_an(shape.type_name())
                    ),
                ),
                _ => {
                    if let Err(m) = self.default_fits(shape, value) {
                        self.report(id, None, m);
                    }
                }
            }
        }
    }

    /// Member names, targets and member traits.
    fn members(&mut self, id: &ShapeId, shape: &Shape) {
        let aggregate = matches!(
            shape,
            Shape::Structure(_) | Shape::Union(_) | Shape::Enum(_) | Shape::IntEnum(_)
        );
        let mut lowercase: BTreeMap<String, &str> = BTreeMap::new();
        for (name, member) in shape.members() {
            if aggregate {
                if !is_identifier(name) {
                    self.report(
                        id,
                        Some(name),
                        "is not a valid member name: Smithy member names are ASCII letters, \
                         digits and `_`, starting with a letter or with `_`",
                    );
                } else if let Some(first) = lowercase.insert(name.to_ascii_lowercase(), name) {
                    self.report(
                        id,
                        Some(name),
                        format!(
                            "member names must differ in more than case, but `{name}` and `{first}` do not"
                        ),
                    );
                }
            }
            for m in trait_form_problems(&member.traits) {
                self.report(id, Some(name), m);
            }
            let Some(target) = self.model.shape(&member.target) else {
                self.report(
                    id,
                    Some(name),
                    format!("targets `{}`, which is not defined", member.target),
                );
                continue;
            };
            if matches!(
                target,
                Shape::Service(_) | Shape::Operation(_) | Shape::Resource(_)
            ) {
                self.report(
                    id,
                    Some(name),
                    format!(
                        "targets `{}`, {}; members may only target data shapes",
                        member.target,
                        a_or_an(target.type_name())
                    ),
                );
                continue;
            }
            self.member_traits(id, shape, name, member, target);
        }
    }

    fn member_traits(
        &mut self,
        id: &ShapeId,
        owner: &Shape,
        name: &str,
        member: &MemberDef,
        target: &Shape,
    ) {
        let t = &member.traits;
        let in_structure = matches!(owner, Shape::Structure(_));
        let in_enum = matches!(owner, Shape::Enum(_) | Shape::IntEnum(_));
        let checks = [
            (
                "smithy.api#timestampFormat",
                matches!(target, Shape::Timestamp(_)),
                "members that target a timestamp",
            ),
            (
                traits::IDEMPOTENCY_TOKEN,
                in_structure && matches!(target, Shape::String(_) | Shape::Enum(_)),
                "structure members that target a string",
            ),
            (
                "smithy.api#length",
                matches!(
                    target,
                    Shape::String(_)
                        | Shape::Enum(_)
                        | Shape::Blob(_)
                        | Shape::List(_)
                        | Shape::Set(_)
                        | Shape::Map(_)
                ),
                "members that target a string, blob, list or map",
            ),
            (
                "smithy.api#range",
                is_number(target),
                "members that target a number",
            ),
            (
                traits::XML_ATTRIBUTE,
                in_structure
                    && (is_number(target)
                        || matches!(
                            target,
                            Shape::Boolean(_)
                                | Shape::String(_)
                                | Shape::Enum(_)
                                | Shape::IntEnum(_)
                                | Shape::Timestamp(_)
                        )),
                "structure members that target a boolean, number, string or timestamp",
            ),
            (
                traits::XML_FLATTENED,
                is_collection(target),
                "members that target a list or map",
            ),
            ("smithy.api#enumValue", in_enum, "enum and intEnum members"),
            (traits::REQUIRED, in_structure, "structure members"),
            (traits::ERROR, false, "structures"),
        ];
        for (trait_id, allowed, where_) in checks {
            if !allowed && t.contains_key(trait_id) {
                self.report(
                    id,
                    Some(name),
                    format!(
                        "trait `{trait_id}` does not apply here ({} member targeting {}): it applies to {where_} only",
                        a_or_an(owner.type_name()),
                        a_or_an(target.type_name())
                    ),
                );
            }
        }
        if let Some(value) = t.get(traits::DEFAULT) {
            if !in_structure {
                self.report(
                    id,
                    Some(name),
                    format!(
                        "trait `{}` applies to structure members only",
                        traits::DEFAULT
                    ),
                );
            } else if matches!(target, Shape::Structure(_) | Shape::Union(_)) {
                self.report(
                    id,
                    Some(name),
                    format!(
                        "has a @default, but targets {}; only simple values, lists and maps have defaults",
                        a_or_an(target.type_name())
                    ),
                );
            } else if let Err(m) = self.default_fits(target, value) {
                self.report(id, Some(name), m);
            }
        }
    }

    /// Whether a `@default` value has the form its target shape needs, so
    /// the generated default is the model's and not a truncated or dropped
    /// one.
    fn default_fits(&self, target: &Shape, value: &Value) -> Result<(), String> {
        let fits = |ok: bool, expected: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "@default value {value} does not fit the target, {}: expected {expected}",
                    a_or_an(target.type_name())
                ))
            }
        };
        let integer = |min: i64, max: i64| value.as_i64().is_some_and(|n| n >= min && n <= max);
        match target {
            // `null` removes a default the target would give.
            _ if value.is_null() => Ok(()),
            Shape::Boolean(_) => fits(value.is_boolean(), "a boolean"),
            Shape::Byte(_) => fits(
                integer(i8::MIN.into(), i8::MAX.into()),
                "an integer from -128 to 127",
            ),
            Shape::Short(_) => fits(
                integer(i16::MIN.into(), i16::MAX.into()),
                "an integer from -32768 to 32767",
            ),
            Shape::Integer(_) => fits(
                integer(i32::MIN.into(), i32::MAX.into()),
                "a 32-bit integer",
            ),
            Shape::Long(_) => fits(value.is_i64(), "a 64-bit integer"),
            Shape::Float(_) => fits(
                value
                    .as_f64()
                    .is_some_and(|f| f.abs() <= f64::from(f32::MAX)),
                "a number within the range of a 32-bit float",
            ),
            Shape::Double(_) | Shape::BigDecimal(_) => fits(value.is_number(), "a number"),
            Shape::BigInteger(_) => fits(value.is_i64() || value.is_u64(), "an integer"),
            Shape::Timestamp(_) => fits(
                value.is_number() || value.is_string(),
                "epoch seconds or a date-time string",
            ),
            Shape::Blob(_) => fits(value.is_string(), "a base64 string"),
            Shape::Document(_) => Ok(()),
            Shape::List(_) | Shape::Set(_) => fits(
                value.as_array().is_some_and(Vec::is_empty),
                "an empty list (`[]`)",
            ),
            Shape::Map(_) => fits(
                value.as_object().is_some_and(serde_json::Map::is_empty),
                "an empty map (`{}`)",
            ),
            Shape::String(_) | Shape::Enum(_) => {
                let Some(text) = value.as_str() else {
                    return fits(false, "a string");
                };
                match enum_values(target) {
                    Some(values) if !values.iter().any(|v| v == text) => fits(
                        false,
                        &format!("one of the enum's values ({})", values.join(", ")),
                    ),
                    _ => Ok(()),
                }
            }
            Shape::IntEnum(_) => {
                let values = int_enum_values(target);
                let ok = value
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .is_some_and(|n| values.contains(&n));
                let listed: Vec<String> = values.iter().map(i32::to_string).collect();
                fits(
                    ok,
                    &format!("one of the intEnum's values ({})", listed.join(", ")),
                )
            }
            Shape::Structure(_)
            | Shape::Union(_)
            | Shape::Service(_)
            | Shape::Operation(_)
            | Shape::Resource(_)
            | Shape::Apply(_) => fits(false, "no default at all"),
        }
    }

    /// Enum members: string values for `enum`, integers for `intEnum`, each
    /// value once.
    fn enum_shape(&mut self, id: &ShapeId, shape: &Shape) {
        let (Shape::Enum(a) | Shape::IntEnum(a)) = shape else {
            return;
        };
        let int = matches!(shape, Shape::IntEnum(_));
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (name, member) in &a.members {
            if member.target != ShapeId::new("smithy.api", "Unit") {
                self.report(
                    id,
                    Some(name),
                    format!(
                        "enum members target smithy.api#Unit, not `{}`",
                        member.target
                    ),
                );
            }
            let value = match (traits::enum_value(&member.traits), int) {
                (Err(_), _) => continue, // reported with the trait's form
                (Ok(Some(traits::EnumValue::String(v))), false) => v,
                (Ok(None), false) => name.clone(),
                (Ok(Some(traits::EnumValue::Int(n))), true) => n.to_string(),
                (Ok(Some(traits::EnumValue::Int(n))), false) => {
                    self.report(
                        id,
                        Some(name),
                        format!("enum members need a string @enumValue, found {n}"),
                    );
                    continue;
                }
                (Ok(_), true) => {
                    self.report(id, Some(name), "intEnum members need an integer @enumValue");
                    continue;
                }
            };
            if let Some(first) = seen.insert(value.clone(), name) {
                self.report(
                    id,
                    Some(name),
                    format!("has the value {value:?}, as member `{first}` does; enum values must be unique"),
                );
            }
        }
    }

    /// The Smithy 1.0 `@enum` trait: unique values and names. (Entries
    /// without a name may sit beside named ones: lowering names those
    /// variants after their value.)
    fn enum_trait(&mut self, id: &ShapeId, t: &Traits) {
        let Ok(Some(definitions)) = traits::enum_definitions(t) else {
            return;
        };
        let mut values = BTreeSet::new();
        let mut names = BTreeSet::new();
        for d in &definitions {
            if !values.insert(d.value.as_str()) {
                self.report(
                    id,
                    None,
                    format!("@enum lists the value {:?} twice", d.value),
                );
            }
            if let Some(name) = &d.name {
                if !is_identifier(name) {
                    self.report(
                        id,
                        None,
                        format!("@enum name {name:?} is not a valid Smithy identifier"),
                    );
                } else if !names.insert(name.as_str()) {
                    self.report(id, None, format!("@enum lists the name `{name}` twice"));
                }
            }
        }
    }

    fn operation(&mut self, id: &ShapeId, op: &OperationDef) {
        for (role, target) in [("input", &op.input), ("output", &op.output)] {
            let Some(target) = target else { continue };
            let message = match self.model.shape(&target.target) {
                None => format!("{role} `{}` is not defined", target.target),
                Some(Shape::Structure(_)) => continue,
                Some(other) => format!(
                    "{role} `{}` is {}, not a structure",
                    target.target,
                    a_or_an(other.type_name())
                ),
            };
            self.report(id, None, message);
        }
        for error in &op.errors {
            self.error_ref(id, &error.target);
        }
    }

    /// Lists, sets and maps: none may contain itself without a structure or
    /// union in between (the Rust type would be infinite), and none may nest
    /// deeper than [`MAX_COLLECTION_DEPTH`].
    fn collections(&mut self) {
        let model = self.model;
        let children = |id: &ShapeId| -> Vec<ShapeId> {
            let targets: Vec<&ShapeId> = match model.shape(id) {
                Some(Shape::List(l) | Shape::Set(l)) => vec![&l.member.target],
                Some(Shape::Map(m)) => vec![&m.key.target, &m.value.target],
                _ => Vec::new(),
            };
            targets
                .into_iter()
                .filter(|t| model.shape(t).is_some_and(is_collection))
                .cloned()
                .collect()
        };
        // Depth-first, with an explicit stack: `None` while a shape's
        // children are being visited, its depth once they are done.
        let mut depth: BTreeMap<ShapeId, Option<usize>> = BTreeMap::new();
        let roots: Vec<&ShapeId> = model
            .shapes
            .iter()
            .filter(|(_, s)| is_collection(s))
            .map(|(id, _)| id)
            .collect();
        for root in roots {
            if depth.contains_key(root) {
                continue;
            }
            let mut stack: Vec<(ShapeId, Vec<ShapeId>)> = vec![(root.clone(), children(root))];
            depth.insert(root.clone(), None);
            while let Some((id, pending)) = stack.last_mut() {
                if let Some(child) = pending.pop() {
                    match depth.get(&child) {
                        Some(Some(_)) => {}
                        Some(None) => {
                            let id = id.clone();
                            let path: Vec<String> = stack
                                .iter()
                                .skip_while(|(s, _)| *s != child)
                                .map(|(s, _)| s.name().to_owned())
                                .chain([child.name().to_owned()])
                                .collect();
                            self.report(
                                &id,
                                None,
                                format!(
                                    "contains itself through lists and maps only ({}), which no \
                                     value can end; put a structure or union in the cycle",
                                    path.join(" → ")
                                ),
                            );
                        }
                        None => {
                            depth.insert(child.clone(), None);
                            let grandchildren = children(&child);
                            stack.push((child, grandchildren));
                        }
                    }
                    continue;
                }
                let id = id.clone();
                stack.pop();
                // Cycles count as depth 0 here: they are reported above.
                let d = 1 + children(&id)
                    .iter()
                    .filter_map(|c| depth.get(c).copied().flatten())
                    .max()
                    .unwrap_or(0);
                depth.insert(id.clone(), Some(d));
                if d == MAX_COLLECTION_DEPTH + 1 {
                    self.report(
                        &id,
                        None,
                        format!(
                            "lists and maps nest more than {MAX_COLLECTION_DEPTH} levels deep here"
                        ),
                    );
                }
            }
        }
    }

    /// Structures that can never be built: a required member whose target
    /// needs, through required members only, a value of the structure
    /// itself (an infinitely large value). A union can be built when any of
    /// its members can. Computed as a fixed point from the shapes that can
    /// be built, without recursion.
    fn unbuildable(&mut self) {
        let model = self.model;
        // What must be built first: a structure needs all of these, a union
        // any one of them. Targets that are not structures or unions (or do
        // not exist; reported elsewhere) are always available.
        let aggregate = |t: &ShapeId| {
            model.shapes.contains_key(t)
                && matches!(model.shape(t), Some(Shape::Structure(_) | Shape::Union(_)))
        };
        let mut needs: BTreeMap<&ShapeId, BTreeSet<&ShapeId>> = BTreeMap::new();
        let mut unions: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut ready: Vec<&ShapeId> = Vec::new();
        for (id, shape) in &model.shapes {
            match shape {
                Shape::Structure(a) => {
                    let n: BTreeSet<&ShapeId> = a
                        .members
                        .values()
                        .filter(|m| is_required(m) && aggregate(&m.target))
                        .map(|m| &m.target)
                        .collect();
                    if n.is_empty() {
                        ready.push(id);
                    }
                    needs.insert(id, n);
                }
                Shape::Union(a) => {
                    if a.members.values().any(|m| !aggregate(&m.target)) {
                        ready.push(id);
                    }
                    needs.insert(id, a.members.values().map(|m| &m.target).collect());
                    unions.insert(id);
                }
                _ => {}
            }
        }
        let mut dependents: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
        for (id, n) in &needs {
            for target in n {
                dependents.entry(*target).or_default().push(*id);
            }
        }
        let mut buildable: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut missing: BTreeMap<&ShapeId, usize> = needs
            .iter()
            .map(|(id, n)| (*id, if unions.contains(id) { 1 } else { n.len() }))
            .collect();
        while let Some(id) = ready.pop() {
            if !buildable.insert(id) {
                continue;
            }
            for dependent in dependents.get(id).into_iter().flatten() {
                if let Some(count) = missing.get_mut(dependent)
                    && *count > 0
                {
                    *count -= 1;
                    if *count == 0 {
                        ready.push(dependent);
                    }
                }
            }
        }
        for (id, shape) in &model.shapes {
            if buildable.contains(id) {
                continue;
            }
            match shape {
                Shape::Structure(a) => {
                    let culprit = a.members.iter().find(|(_, m)| {
                        is_required(m) && aggregate(&m.target) && !buildable.contains(&m.target)
                    });
                    if let Some((name, m)) = culprit {
                        self.report(
                            id,
                            Some(name),
                            format!(
                                "is required and targets `{}`, which can never be built: required \
                                 members lead from it in a cycle with no list, map or optional \
                                 member to end it, so the value would be infinite; make a member \
                                 of the cycle optional",
                                m.target
                            ),
                        );
                    }
                }
                Shape::Union(_) => self.report(
                    id,
                    None,
                    "every member of this union needs a value of the union itself, through \
                     required members only, so no value can ever be built",
                ),
                _ => {}
            }
        }
    }

    /// For each service: the operations it binds, directly or through
    /// resources, have distinct names (they become one module and one
    /// method each), and `@paginated` names members that exist.
    fn services(&mut self) {
        let model = self.model;
        let mut bound = BTreeSet::new();
        for (service_id, service) in model.services() {
            let mut operations: BTreeSet<&ShapeId> =
                service.operations.iter().map(|t| &t.target).collect();
            let mut pending: Vec<&ShapeId> = service.resources.iter().map(|t| &t.target).collect();
            let mut seen = BTreeSet::new();
            while let Some(resource) = pending.pop() {
                if !seen.insert(resource) {
                    continue;
                }
                if let Some(Shape::Resource(r)) = model.shape(resource) {
                    operations.extend(r.all_operations().map(|t| &t.target));
                    pending.extend(r.resources.iter().map(|t| &t.target));
                }
            }
            let mut names: BTreeMap<String, &ShapeId> = BTreeMap::new();
            for op in &operations {
                if let Some(first) = names.insert(op.name().to_ascii_lowercase(), op) {
                    self.report(
                        service_id,
                        None,
                        format!(
                            "binds operations `{first}` and `{op}`, whose names differ only in \
                             namespace or case; operation names must be unique in a service"
                        ),
                    );
                }
            }
            let defaults = traits::paginated(&service.traits).ok().flatten();
            for op_id in operations {
                if let Some(Shape::Operation(op)) = model.shape(op_id) {
                    self.paginated(op_id, op, Some(defaults.clone().unwrap_or_default()));
                    bound.insert(op_id);
                }
            }
        }
        // Operations no service binds are checked against their own trait.
        for (id, shape) in &model.shapes {
            if let Shape::Operation(op) = shape
                && !bound.contains(id)
            {
                self.paginated(id, op, None);
            }
        }
    }

    /// `@paginated`: tokens are optional strings (a map is allowed for the
    /// opaque keys some services use), `items` a list or map, `pageSize` an
    /// integer; output properties may be paths through nested structures.
    fn paginated(&mut self, id: &ShapeId, op: &OperationDef, defaults: Option<traits::Paginated>) {
        let Ok(Some(own)) = traits::paginated(&op.traits) else {
            return;
        };
        let settings = match &defaults {
            Some(service) => own.merged_with(service),
            None => own,
        };
        let in_service = defaults.is_some();
        let structure = |t: &Option<crate::model::ast::Target>| {
            let unit = ShapeId::new("smithy.api", "Unit");
            let target = t.as_ref().map_or(&unit, |t| &t.target);
            match self.model.shape(target) {
                Some(Shape::Structure(a)) if *target != unit => Some(a),
                _ => None,
            }
        };
        let (input, output) = (structure(&op.input), structure(&op.output));
        let props = [
            ("inputToken", &settings.input_token, true, false),
            ("pageSize", &settings.page_size, true, false),
            ("outputToken", &settings.output_token, false, true),
            ("items", &settings.items, false, true),
        ];
        for (property, value, is_input, paths) in props {
            let Some(path) = value else {
                if in_service && matches!(property, "inputToken" | "outputToken") {
                    self.report(
                        id,
                        None,
                        format!("@paginated needs `{property}` (on the operation or its service)"),
                    );
                }
                continue;
            };
            let Some(mut current) = (if is_input { input } else { output }) else {
                self.report(
                    id,
                    None,
                    format!(
                        "@paginated `{property}` needs an operation {}",
                        if is_input { "input" } else { "output" }
                    ),
                );
                continue;
            };
            if !paths && path.contains('.') {
                self.report(
                    id,
                    None,
                    format!(
                        "@paginated `{property}` must name an input member, not a path (`{path}`)"
                    ),
                );
                continue;
            }
            let segments: Vec<&str> = path.split('.').collect();
            let mut found = None;
            for (i, segment) in segments.iter().enumerate() {
                let Some(member) = current.members.get(*segment) else {
                    break;
                };
                if i + 1 == segments.len() {
                    found = Some(member);
                } else if let Some(Shape::Structure(next)) = self.model.shape(&member.target) {
                    current = next;
                } else {
                    break;
                }
            }
            let Some(member) = found else {
                self.report(
                    id,
                    None,
                    format!(
                        "@paginated `{property}` names `{path}`, which the operation {} does not have",
                        if is_input { "input" } else { "output" }
                    ),
                );
                continue;
            };
            let target = self.model.shape(&member.target);
            let (ok, expected) = match property {
                "items" => (
                    target.is_some_and(|t| {
                        matches!(t, Shape::List(_) | Shape::Set(_) | Shape::Map(_))
                    }),
                    "a list or map",
                ),
                // Smithy asks for an integer; some published models page
                // with a long or a short, which clients can send just as well.
                "pageSize" => (
                    target.is_some_and(|t| {
                        matches!(
                            t,
                            Shape::Byte(_) | Shape::Short(_) | Shape::Integer(_) | Shape::Long(_)
                        )
                    }),
                    "an integer type",
                ),
                _ => (
                    target.is_some_and(|t| matches!(t, Shape::String(_) | Shape::Map(_))),
                    "a string",
                ),
            };
            if let Some(target) = target
                && !ok
            {
                self.report(
                    id,
                    None,
                    format!(
                        "@paginated `{property}` names `{path}`, which targets {}; it must target {expected}",
                        a_or_an(target.type_name())
                    ),
                );
            }
            if matches!(property, "inputToken" | "outputToken") && is_required(member) {
                self.report(
                    id,
                    None,
                    format!("@paginated `{property}` names `{path}`, which must not be @required"),
                );
            }
        }
    }
}

/// The form of every trait the generator reads, wherever it is applied.
fn trait_form_problems(t: &Traits) -> Vec<String> {
    let results: [Result<(), String>; 16] = [
        traits::documentation(t).map(drop),
        traits::length(t).map(drop),
        traits::range(t).map(drop),
        traits::pattern(t).map(drop),
        traits::error(t).map(drop),
        traits::http_error(t).map(drop),
        traits::retryable(t).map(drop),
        traits::timestamp_format(t).map(drop),
        traits::deprecated(t).map(drop),
        traits::enum_definitions(t).map(drop),
        traits::enum_value(t).map(drop),
        traits::paginated(t).map(drop),
        annotation(t, traits::REQUIRED),
        annotation(t, traits::SENSITIVE),
        annotation(t, traits::IDEMPOTENCY_TOKEN),
        xml_namespace(t),
    ];
    results.into_iter().filter_map(Result::err).collect()
}

/// `@xmlNamespace` takes `{uri: string}` with an optional `prefix` string.
fn xml_namespace(t: &Traits) -> Result<(), String> {
    let Some(value) = t.get(traits::XML_NAMESPACE) else {
        return Ok(());
    };
    let uri_ok = value.get("uri").is_some_and(Value::is_string);
    let prefix_ok = value.get("prefix").is_none_or(Value::is_string);
    if value.is_object() && uri_ok && prefix_ok {
        Ok(())
    } else {
        Err(format!(
            "trait `{}` takes {{uri: string, prefix?: string}}, found {value}",
            traits::XML_NAMESPACE
        ))
    }
}

/// Annotation traits take `{}` (or `true`, as some 1.0 models write them).
fn annotation(t: &Traits, id: &str) -> Result<(), String> {
    match t.get(id) {
        None | Some(Value::Bool(true)) => Ok(()),
        Some(Value::Object(o)) if o.is_empty() => Ok(()),
        Some(other) => Err(format!(
            "annotation trait `{id}` takes no value (`{{}}`), found {other}"
        )),
    }
}
