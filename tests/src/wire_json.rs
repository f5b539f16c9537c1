//! JSON shaped like a generated crate's types, for property tests.
//!
//! The generator's IR says what every type looks like on the wire; from it
//! this module builds proptest strategies of JSON documents a service (or a
//! client) could send, and compares two documents of the same type the way
//! the protocol does. Driving values through the deserializers this way,
//! rather than generating Rust values, reaches every generated type without
//! a strategy per type, and yields exactly the values the wire can carry
//! (timestamps in range for their format, no `Unknown` union variant).
//! [`Shapes::marked_document`] builds one document with every member set
//! to a unique value, for tests that look for a value in `Debug` output.
//!
//! Numbers the test compares exactly must survive `serde_json`, which holds
//! numbers as `i64`, `u64` or `f64`: epoch-seconds timestamps are whole
//! seconds or milliseconds, and big numbers stay within `i64` and `f64`.
//! The runtime's own property tests cover nanosecond and arbitrary-precision
//! text.

use generator::ir::{Member, Service, Structure, TypeDef, TypeRef, Union};
use generator::model::ShapeId;
use generator::model::traits::TimestampFormat;
use generator::protocol::Protocol;
use lean_runtime::DateTime;
use lean_runtime::datetime::Format;
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// How many structures or unions deep values go. The fixtures have no
/// recursive shapes; models that do are cut off here (optional members
/// left out, lists and maps empty).
const MAX_DEPTH: u32 = 4;

/// Strategies and comparisons for one service's types.
#[derive(Clone, Debug)]
pub struct Shapes {
    service: Arc<Service>,
}

impl Shapes {
    /// The shapes of `service`.
    pub fn new(service: Service) -> Self {
        Self {
            service: Arc::new(service),
        }
    }

    /// The service's IR.
    pub fn service(&self) -> &Service {
        &self.service
    }

    /// The operation called `name`.
    ///
    /// # Panics
    /// When the service has no such operation (a test naming the wrong one).
    pub fn operation(&self, name: &str) -> &generator::ir::Operation {
        self.service
            .operations
            .iter()
            .find(|op| op.name == name)
            .unwrap_or_else(|| panic!("{} has no operation {name}", self.service.id))
    }

    fn structure(&self, id: &ShapeId) -> &Structure {
        self.service
            .structure(id)
            .unwrap_or_else(|| panic!("{id} is not a structure"))
    }

    /// Documents of the structure `id` as the wire carries them: required
    /// and defaulted members always there, optional ones present, absent or
    /// `null`.
    pub fn document(&self, id: &ShapeId) -> BoxedStrategy<Value> {
        self.struct_value(self.structure(id), MAX_DEPTH)
    }

    /// An error response body for the error structure `id`: its members and
    /// `__type` naming its code.
    pub fn error_document(&self, id: &ShapeId) -> BoxedStrategy<Value> {
        let code = id.name().to_owned();
        self.document(id)
            .prop_map(move |mut body| {
                if let Value::Object(members) = &mut body {
                    members.insert("__type".to_owned(), Value::String(code.clone()));
                }
                body
            })
            .boxed()
    }

    fn value(&self, ty: &TypeRef, member: Option<&Member>, depth: u32) -> BoxedStrategy<Value> {
        let min_len = member
            .and_then(|m| m.length.as_ref())
            .and_then(|b| b.min)
            .map_or(0, |min| min.max(0.0) as usize);
        let range_min = member.and_then(|m| m.range.as_ref()).and_then(|b| b.min);
        match ty {
            TypeRef::String => string(min_len).prop_map(Value::String).boxed(),
            TypeRef::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
            TypeRef::Byte => integer(i8::MIN.into(), i8::MAX.into(), range_min),
            TypeRef::Short => integer(i16::MIN.into(), i16::MAX.into(), range_min),
            TypeRef::Integer => integer(i32::MIN.into(), i32::MAX.into(), range_min),
            TypeRef::Long => integer(i64::MIN, i64::MAX, range_min),
            TypeRef::Float => any::<f32>()
                .prop_filter("at least the minimum", move |f| {
                    range_min.is_none_or(|min| f64::from(*f) >= min)
                })
                .prop_map(|f| float(f.into()))
                .boxed(),
            TypeRef::Double => any::<f64>()
                .prop_filter("at least the minimum", move |f| {
                    range_min.is_none_or(|min| *f >= min)
                })
                .prop_map(float)
                .boxed(),
            TypeRef::BigInteger => any::<i64>().prop_map(Value::from).boxed(),
            TypeRef::BigDecimal => any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from)
                .boxed(),
            TypeRef::Timestamp(format) => timestamp(Protocol::body_timestamp_format(*format)),
            // Streams travel only in the binding protocols, which these
            // awsJson round trips do not cover; as a blob if one came.
            TypeRef::Blob | TypeRef::ByteStream => {
                proptest::collection::vec(any::<u8>(), min_len..min_len + 24)
                    .prop_map(|bytes| Value::String(lean_runtime::blob::encode(&bytes)))
                    .boxed()
            }
            TypeRef::Document => any_json(),
            // An event stream is never a JSON value (nor in these fixtures).
            TypeRef::EventStream { .. } => Just(Value::Null).boxed(),
            TypeRef::Unit => Just(Value::Object(Map::new())).boxed(),
            TypeRef::Named(id) => match self.service.type_def(id) {
                Some(TypeDef::Structure(s)) => self.struct_value(s, depth.saturating_sub(1)),
                Some(TypeDef::Union(u)) => self.union_value(u, depth.saturating_sub(1)),
                Some(TypeDef::Enum(e)) => {
                    let known: Vec<String> = e.variants.iter().map(|v| v.value.clone()).collect();
                    one_of_or(known, string(0)).prop_map(Value::String).boxed()
                }
                Some(TypeDef::IntEnum(e)) => {
                    let known: Vec<i32> = e.variants.iter().map(|v| v.value).collect();
                    one_of_or(known, any::<i32>()).prop_map(Value::from).boxed()
                }
                None => panic!("{id} is not a type of {}", self.service.id),
            },
            TypeRef::List {
                member: item,
                sparse,
                ..
            } => {
                let max = if depth == 0 { min_len } else { min_len + 4 };
                let item = self.value(item, None, depth);
                let item = if *sparse { nullable(item) } else { item };
                proptest::collection::vec(item, min_len..=max)
                    .prop_map(Value::Array)
                    .boxed()
            }
            TypeRef::Map {
                value, sparse, key, ..
            } => {
                let max = if depth == 0 { min_len } else { min_len + 4 };
                let key = match key.as_ref() {
                    TypeRef::String => string(0),
                    other => self
                        .value(other, None, depth)
                        .prop_map(|k| k.as_str().map(str::to_owned).unwrap_or_default())
                        .boxed(),
                };
                let value = self.value(value, None, depth);
                let value = if *sparse { nullable(value) } else { value };
                proptest::collection::btree_map(key, value, min_len..=max)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect()))
                    .boxed()
            }
        }
    }

    fn struct_value(&self, s: &Structure, depth: u32) -> BoxedStrategy<Value> {
        let members: Vec<BoxedStrategy<Option<(String, Value)>>> = s
            .members
            .iter()
            .map(|m| {
                let key = m.wire_name.clone();
                if m.optional && depth == 0 && is_nested(&self.service, &m.ty) {
                    return Just(None).boxed();
                }
                let value = self.value(&m.ty, Some(m), depth);
                if m.optional {
                    prop_oneof![
                        10 => Just(None),
                        9 => value.prop_map(move |v| Some((key.clone(), v))),
                        // `null` is how some services spell an absent member.
                        1 => Just(Some((m.wire_name.clone(), Value::Null))),
                    ]
                    .boxed()
                } else {
                    value.prop_map(move |v| Some((key.clone(), v))).boxed()
                }
            })
            .collect();
        members
            .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
            .boxed()
    }

    fn union_value(&self, u: &Union, depth: u32) -> BoxedStrategy<Value> {
        let variants: Vec<BoxedStrategy<Value>> = u
            .members
            .iter()
            .filter(|m| depth > 0 || !is_nested(&self.service, &m.ty))
            .map(|m| {
                let key = m.wire_name.clone();
                self.value(&m.ty, Some(m), depth)
                    .prop_map(move |v| Value::Object(Map::from_iter([(key.clone(), v)])))
                    .boxed()
            })
            .collect();
        if variants.is_empty() {
            // Every variant nests deeper than allowed: take the first anyway,
            // as a union must have one member set.
            let m = &u.members[0];
            let key = m.wire_name.clone();
            return self
                .value(&m.ty, Some(m), 0)
                .prop_map(move |v| Value::Object(Map::from_iter([(key.clone(), v)])))
                .boxed();
        }
        proptest::strategy::Union::new(variants).boxed()
    }

    /// Checks that `actual` carries exactly what `expected` does, as the
    /// protocol reads them: members set to `null` are absent, numbers and
    /// timestamps compare by value, floats bit for bit (`NaN` included). An
    /// idempotency token the client filled in is the one member allowed to
    /// appear. Records the named types met in `seen`.
    ///
    /// # Errors
    /// The path of the first difference and what it is.
    pub fn check_equivalent(
        &self,
        id: &ShapeId,
        expected: &Value,
        actual: &Value,
        seen: &mut BTreeSet<ShapeId>,
    ) -> Result<(), String> {
        self.equivalent(&TypeRef::Named(id.clone()), expected, actual, "$", seen)
    }

    fn equivalent(
        &self,
        ty: &TypeRef,
        expected: &Value,
        actual: &Value,
        path: &str,
        seen: &mut BTreeSet<ShapeId>,
    ) -> Result<(), String> {
        let differ = || Err(format!("{path}: expected {expected}, got {actual}"));
        match ty {
            TypeRef::String
            | TypeRef::Blob
            | TypeRef::ByteStream
            | TypeRef::EventStream { .. }
            | TypeRef::Boolean => {
                if expected != actual {
                    return differ();
                }
            }
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
                if expected.as_i64().is_none() || expected.as_i64() != actual.as_i64() {
                    return differ();
                }
            }
            TypeRef::Float => match (float_value(expected), float_value(actual)) {
                (Some(e), Some(a)) if same_f32(e as f32, a as f32) => {}
                _ => return differ(),
            },
            TypeRef::Double => match (float_value(expected), float_value(actual)) {
                (Some(e), Some(a)) if same_f64(e, a) => {}
                _ => return differ(),
            },
            TypeRef::BigInteger | TypeRef::BigDecimal => {
                if expected.as_f64().is_none() || expected.as_f64() != actual.as_f64() {
                    return differ();
                }
            }
            TypeRef::Timestamp(format) => {
                let read = |v: &Value| read_timestamp(Protocol::body_timestamp_format(*format), v);
                if read(expected).is_none() || read(expected) != read(actual) {
                    return differ();
                }
            }
            TypeRef::Document => {
                if !same_document(expected, actual) {
                    return differ();
                }
            }
            TypeRef::Unit => {
                if actual.as_object().is_none_or(|o| !o.is_empty()) {
                    return differ();
                }
            }
            TypeRef::List { member, sparse, .. } => {
                let (Some(e), Some(a)) = (expected.as_array(), actual.as_array()) else {
                    return differ();
                };
                if e.len() != a.len() {
                    return Err(format!(
                        "{path}: expected {} items, got {}",
                        e.len(),
                        a.len()
                    ));
                }
                for (i, (e, a)) in e.iter().zip(a).enumerate() {
                    let path = format!("{path}[{i}]");
                    if *sparse && (e.is_null() || a.is_null()) {
                        if e.is_null() != a.is_null() {
                            return Err(format!("{path}: expected {e}, got {a}"));
                        }
                        continue;
                    }
                    self.equivalent(member, e, a, &path, seen)?;
                }
            }
            TypeRef::Map { value, sparse, .. } => {
                let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) else {
                    return differ();
                };
                let keys = |o: &Map<String, Value>| o.keys().cloned().collect::<BTreeSet<_>>();
                if keys(e) != keys(a) {
                    return differ();
                }
                for (k, e) in e {
                    let a = &a[k];
                    let path = format!("{path}[{k:?}]");
                    if *sparse && (e.is_null() || a.is_null()) {
                        if e.is_null() != a.is_null() {
                            return Err(format!("{path}: expected {e}, got {a}"));
                        }
                        continue;
                    }
                    self.equivalent(value, e, a, &path, seen)?;
                }
            }
            TypeRef::Named(id) => {
                seen.insert(id.clone());
                match self.service.type_def(id) {
                    Some(TypeDef::Structure(s)) => {
                        self.struct_equivalent(s, expected, actual, path, seen)?
                    }
                    Some(TypeDef::Union(u)) => {
                        self.union_equivalent(u, expected, actual, path, seen)?
                    }
                    Some(TypeDef::Enum(_)) => {
                        if expected.as_str().is_none() || expected != actual {
                            return differ();
                        }
                    }
                    Some(TypeDef::IntEnum(_)) => {
                        if expected.as_i64().is_none() || expected.as_i64() != actual.as_i64() {
                            return differ();
                        }
                    }
                    None => return Err(format!("{path}: {id} is not a type of the service")),
                }
            }
        }
        Ok(())
    }

    fn struct_equivalent(
        &self,
        s: &Structure,
        expected: &Value,
        actual: &Value,
        path: &str,
        seen: &mut BTreeSet<ShapeId>,
    ) -> Result<(), String> {
        let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) else {
            return Err(format!("{path}: expected {expected}, got {actual}"));
        };
        let present =
            |o: &Map<String, Value>, key: &str| o.get(key).filter(|v| !v.is_null()).cloned();
        for m in &s.members {
            let path = format!("{path}.{}", m.wire_name);
            match (present(e, &m.wire_name), present(a, &m.wire_name)) {
                (Some(e), Some(a)) => self.equivalent(&m.ty, &e, &a, &path, seen)?,
                (None, None) => {}
                (None, Some(_)) if m.idempotency_token => {}
                (None, Some(a)) => return Err(format!("{path}: absent, but written as {a}")),
                (Some(e), None) => return Err(format!("{path}: {e} was lost")),
            }
        }
        let known: BTreeSet<&str> = s.members.iter().map(|m| m.wire_name.as_str()).collect();
        for (key, value) in a {
            if known.contains(key.as_str()) {
                continue;
            }
            // An error response names its code; nothing else may be invented.
            if key == "__type" && e.get(key) == Some(value) {
                continue;
            }
            return Err(format!("{path}: unexpected member {key:?}: {value}"));
        }
        Ok(())
    }

    fn union_equivalent(
        &self,
        u: &Union,
        expected: &Value,
        actual: &Value,
        path: &str,
        seen: &mut BTreeSet<ShapeId>,
    ) -> Result<(), String> {
        let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) else {
            return Err(format!("{path}: expected {expected}, got {actual}"));
        };
        if e.len() != 1 || a.len() != 1 || e.keys().ne(a.keys()) {
            return Err(format!("{path}: expected {expected}, got {actual}"));
        }
        let (key, e) = e.iter().next().unwrap_or_else(|| unreachable!());
        let Some(m) = u.members.iter().find(|m| &m.wire_name == key) else {
            return Err(format!("{path}: {key:?} is not a member of {}", u.id));
        };
        self.equivalent(&m.ty, e, &a[key], &format!("{path}.{key}"), seen)
    }

    /// A document of the structure `id` with every member set (nested
    /// structures down to the depth limit, one item in each list and map,
    /// the first member of each union) and a unique value in every string,
    /// enum, integer and blob. Values inside `@sensitive` members or types
    /// are recorded in `marks.secrets`, the others in `marks.plain`.
    pub fn marked_document(&self, id: &ShapeId, marks: &mut Marks) -> Value {
        self.marked(&TypeRef::Named(id.clone()), false, MAX_DEPTH, marks)
    }

    fn marked(&self, ty: &TypeRef, secret: bool, depth: u32, marks: &mut Marks) -> Value {
        match ty {
            TypeRef::EventStream { .. } => Value::Null,
            TypeRef::String => Value::String(marks.text(secret)),
            TypeRef::Integer | TypeRef::Long | TypeRef::BigInteger | TypeRef::BigDecimal => {
                Value::from(marks.number(secret))
            }
            TypeRef::Byte | TypeRef::Short => Value::from(7),
            TypeRef::Boolean => Value::Bool(true),
            TypeRef::Float | TypeRef::Double => Value::from(0.5),
            TypeRef::Timestamp(format) => {
                let time = DateTime::from_secs(1_700_000_000);
                match Protocol::body_timestamp_format(*format) {
                    TimestampFormat::EpochSeconds => Value::from(time.secs()),
                    TimestampFormat::DateTime => {
                        Value::String(time.fmt(Format::DateTime).unwrap_or_default())
                    }
                    TimestampFormat::HttpDate => {
                        Value::String(time.fmt(Format::HttpDate).unwrap_or_default())
                    }
                }
            }
            TypeRef::Blob | TypeRef::ByteStream => {
                let text = marks.text(secret);
                if secret {
                    // `Blob`'s Debug lists the bytes.
                    let bytes: Vec<String> = text.bytes().map(|b| b.to_string()).collect();
                    marks.secrets.push(bytes.join(", "));
                }
                Value::String(lean_runtime::blob::encode(text.as_bytes()))
            }
            TypeRef::Document => Value::Object(Map::from_iter([(
                marks.text(secret),
                Value::String(marks.text(secret)),
            )])),
            TypeRef::Unit => Value::Object(Map::new()),
            TypeRef::List { member, .. } => {
                if depth == 0 && is_nested(&self.service, member) {
                    return Value::Array(Vec::new());
                }
                Value::Array(vec![self.marked(member, secret, depth, marks)])
            }
            TypeRef::Map { key, value, .. } => {
                if depth == 0 && is_nested(&self.service, value) {
                    return Value::Object(Map::new());
                }
                let key = match self.marked(key, secret, depth, marks) {
                    Value::String(key) => key,
                    _ => marks.text(secret),
                };
                let value = self.marked(value, secret, depth, marks);
                Value::Object(Map::from_iter([(key, value)]))
            }
            TypeRef::Named(id) => {
                let Some(def) = self.service.type_def(id) else {
                    panic!("{id} is not a type of {}", self.service.id)
                };
                let secret = secret || def.sensitive();
                match def {
                    TypeDef::Structure(s) => {
                        let depth = depth.saturating_sub(1);
                        let members = s
                            .members
                            .iter()
                            .filter(|m| {
                                !(m.optional && depth == 0 && is_nested(&self.service, &m.ty))
                            })
                            .map(|m| {
                                let value = self.marked(&m.ty, secret || m.sensitive, depth, marks);
                                (m.wire_name.clone(), value)
                            });
                        Value::Object(members.collect())
                    }
                    TypeDef::Union(u) => {
                        let m = &u.members[0];
                        let value = self.marked(
                            &m.ty,
                            secret || m.sensitive,
                            depth.saturating_sub(1),
                            marks,
                        );
                        Value::Object(Map::from_iter([(m.wire_name.clone(), value)]))
                    }
                    // Values the client does not know are kept as they came.
                    TypeDef::Enum(_) => Value::String(marks.text(secret)),
                    TypeDef::IntEnum(_) => Value::from(marks.number(secret)),
                }
            }
        }
    }

    /// Every named type of the service, for checking that a property test
    /// reached them all.
    pub fn all_types(&self) -> BTreeSet<ShapeId> {
        self.service.types.keys().cloned().collect()
    }
}

/// Whether a value of `ty` contains a structure or union (what the depth
/// limit cuts off).
fn is_nested(service: &Service, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => matches!(
            service.type_def(id),
            Some(TypeDef::Structure(_) | TypeDef::Union(_))
        ),
        TypeRef::List { member, .. } => is_nested(service, member),
        TypeRef::Map { value, .. } => is_nested(service, value),
        _ => false,
    }
}

/// Strings of any Unicode scalar values, biased toward the ones JSON must
/// escape, at least `min` characters long.
fn string(min: usize) -> BoxedStrategy<String> {
    let special = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\u{0}'),
        Just('\n'),
        Just('\u{1f}'),
        Just('\u{7f}'),
        Just('\u{2028}'),
        Just('\u{feff}'),
        Just('\u{1f600}'),
        Just('\u{10ffff}'),
    ];
    let char = prop_oneof![3 => any::<char>(), 1 => special, 2 => proptest::char::range('a', 'z')];
    proptest::collection::vec(char, min..min + 12)
        .prop_map(String::from_iter)
        .boxed()
}

fn integer(min: i64, max: i64, range_min: Option<f64>) -> BoxedStrategy<Value> {
    // A bound beyond the type's range is the type's range.
    let min = range_min.map_or(min, |bound| (bound.ceil() as i64).clamp(min, max));
    prop_oneof![min..=max, Just(min), Just(max), Just(0i64.clamp(min, max)),]
        .prop_map(Value::from)
        .boxed()
}

/// A float as awsJson writes it: a number, or `"NaN"`, `"Infinity"`,
/// `"-Infinity"`.
fn float(f: f64) -> Value {
    if f.is_nan() {
        Value::String("NaN".to_owned())
    } else if f == f64::INFINITY {
        Value::String("Infinity".to_owned())
    } else if f == f64::NEG_INFINITY {
        Value::String("-Infinity".to_owned())
    } else {
        Value::from(f)
    }
}

fn float_value(v: &Value) -> Option<f64> {
    match v {
        Value::String(s) if s == "NaN" => Some(f64::NAN),
        Value::String(s) if s == "Infinity" => Some(f64::INFINITY),
        Value::String(s) if s == "-Infinity" => Some(f64::NEG_INFINITY),
        v => v.as_f64(),
    }
}

/// The same `f32`, bit for bit, every `NaN` being one value (the wire has
/// a single `"NaN"`).
fn same_f32(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// The same `f64`; see [`same_f32`].
fn same_f64(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// Timestamps each format can write: epoch seconds as whole seconds over
/// all of `i64`, or milliseconds (which survive `f64`); date strings in the
/// years 0000 to 9999 with any nanoseconds.
fn timestamp(format: TimestampFormat) -> BoxedStrategy<Value> {
    match format {
        TimestampFormat::EpochSeconds => prop_oneof![
            any::<i64>().prop_map(Value::from),
            (-100_000_000_000i64..100_000_000_000, 0..1000i64).prop_map(|(s, ms)| {
                let text = format!("{s}.{ms:03}");
                Value::from(text.parse::<f64>().unwrap_or_default())
            }),
        ]
        .boxed(),
        TimestampFormat::DateTime | TimestampFormat::HttpDate => {
            let format = match format {
                TimestampFormat::HttpDate => Format::HttpDate,
                _ => Format::DateTime,
            };
            (-62_167_219_200i64..=253_402_300_799, 0..1_000_000_000u32)
                .prop_filter_map("in the format's range", move |(s, n)| {
                    DateTime::from_secs_and_nanos(s, n)
                        .fmt(format)
                        .ok()
                        .map(Value::String)
                })
                .boxed()
        }
    }
}

fn read_timestamp(format: TimestampFormat, v: &Value) -> Option<DateTime> {
    match (format, v) {
        (TimestampFormat::EpochSeconds, Value::Number(n)) => {
            DateTime::from_str(&n.to_string(), Format::EpochSeconds).ok()
        }
        (TimestampFormat::DateTime, Value::String(s)) => {
            DateTime::from_str(s, Format::DateTime).ok()
        }
        (TimestampFormat::HttpDate, Value::String(s)) => {
            DateTime::from_str(s, Format::HttpDate).ok()
        }
        _ => None,
    }
}

/// Documents compare as JSON values, numbers by value (`1` and `1.0` are
/// the same number).
fn same_document(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64())
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_document(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_document(v, w)))
        }
        (a, b) => a == b,
    }
}

/// One of `known`, or anything `other` gives (usually a value the client
/// does not know).
fn one_of_or<T: Clone + std::fmt::Debug + 'static>(
    known: Vec<T>,
    other: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<T> {
    if known.is_empty() {
        return other.boxed();
    }
    prop_oneof![3 => proptest::sample::select(known), 1 => other].boxed()
}

fn nullable(value: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![4 => value, 1 => Just(Value::Null)].boxed()
}

/// Any JSON value: what a `Document` member can hold, and what hostile
/// tests put where the model says something else. Numbers stay within what
/// `serde_json` holds exactly.
pub fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        string(0).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(string(0), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// `document` with the node numbered `at` (in depth-first order, the
/// document itself first) replaced by `junk`: a body that is right except
/// in one place, which reaches deeper into a deserializer than random JSON.
pub fn replace_node(document: Value, junk: Value, at: proptest::sample::Index) -> Value {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(members) => members.values().map(count).sum(),
            _ => 0,
        }
    }
    fn replace(v: &mut Value, mut n: usize, junk: &mut Option<Value>) -> usize {
        if n == 0 {
            if let Some(junk) = junk.take() {
                *v = junk;
            }
            return 0;
        }
        n -= 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(members) => members.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            let size = count(child);
            if n < size {
                return replace(child, n, junk);
            }
            n -= size;
        }
        n
    }
    let mut document = document;
    let n = at.index(count(&document));
    replace(&mut document, n, &mut Some(junk));
    document
}

/// Parses a body the generated code wrote. Floats are read correctly
/// rounded (by the runtime's reader, which uses the standard library's
/// parser), which `serde_json`'s default parser does not promise: a float
/// could otherwise come back one unit in the last place off.
///
/// # Errors
/// When the body is not a single JSON value.
pub fn parse(body: &[u8]) -> Result<Value, String> {
    let mut reader = lean_runtime::json::JsonReader::new(body);
    let document = reader
        .read_document()
        .and_then(|document| reader.finish().map(|()| document))
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(body)))?;
    Ok(to_json(document))
}

fn to_json(document: lean_runtime::Document) -> Value {
    use lean_runtime::{Document, Number};
    match document {
        Document::Object(members) => {
            Value::Object(members.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
        Document::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Document::Number(Number::PosInt(n)) => Value::from(n),
        Document::Number(Number::NegInt(n)) => Value::from(n),
        Document::Number(Number::Float(f)) => float(f),
        Document::String(s) => Value::String(s),
        Document::Bool(b) => Value::Bool(b),
        Document::Null => Value::Null,
    }
}

/// Unique values put in a [`Shapes::marked_document`], by whether Debug
/// output may show them.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    next: u32,
    /// Values of `@sensitive` members, as Debug would print them if it
    /// leaked them.
    pub secrets: Vec<String>,
    /// Every other value.
    pub plain: Vec<String>,
}

impl Marks {
    fn record(&mut self, value: String, secret: bool) -> String {
        if secret {
            self.secrets.push(value.clone());
        } else {
            self.plain.push(value.clone());
        }
        value
    }

    fn text(&mut self, secret: bool) -> String {
        self.next += 1;
        let text = if secret {
            format!("SECRET{}S", self.next)
        } else {
            format!("plain{}p", self.next)
        };
        self.record(text, secret)
    }

    fn number(&mut self, secret: bool) -> i64 {
        self.next += 1;
        // Eight digits that appear nowhere else in Debug output.
        let n = if secret { 97_310_000 } else { 13_570_000 } + i64::from(self.next);
        self.record(n.to_string(), secret);
        n
    }
}
