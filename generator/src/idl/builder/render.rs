//! Writes built shapes as JSON AST values, keys in the order the reference
//! serializer writes them: `type`, `mixins`, members or properties, `traits`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{BuiltMember, BuiltShape, MemberStyle, Traits};

pub(super) fn reference(target: String) -> Value {
    let mut object = Map::new();
    object.insert("target".into(), Value::String(target));
    Value::Object(object)
}

pub(super) fn render_traits(traits: Traits) -> Value {
    Value::Object(
        traits
            .0
            .into_iter()
            .map(|(id, applied)| (id, applied.value))
            .collect(),
    )
}

fn render_member(member: BuiltMember) -> Value {
    let mut object = Map::new();
    object.insert("target".into(), Value::String(member.target));
    if !member.traits.0.is_empty() {
        object.insert("traits".into(), render_traits(member.traits));
    }
    Value::Object(object)
}

pub(super) fn render_shape(shape: BuiltShape) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), shape.shape_type.name().into());
    if !shape.mixins.is_empty() {
        let mixins = shape.mixins.into_iter().map(reference).collect();
        object.insert("mixins".into(), Value::Array(mixins));
    }
    match shape.style {
        MemberStyle::None => {}
        MemberStyle::Named => {
            let members = shape
                .members
                .into_iter()
                .map(|m| (m.name.clone(), render_member(m)))
                .collect();
            object.insert("members".into(), Value::Object(members));
        }
        MemberStyle::TopLevel => {
            for member in shape.members {
                object.insert(member.name.clone(), render_member(member));
            }
        }
    }
    object.extend(shape.properties);
    if !shape.traits.0.is_empty() {
        object.insert("traits".into(), render_traits(shape.traits));
    }
    Value::Object(object)
}

pub(super) fn sort_keys_deeply(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys_deeply).collect()),
        Value::Object(entries) => {
            let sorted: BTreeMap<String, Value> = entries
                .into_iter()
                .map(|(k, v)| (k, sort_keys_deeply(v)))
                .collect();
            Value::Object(sorted.into_iter().collect())
        }
        other => other,
    }
}
