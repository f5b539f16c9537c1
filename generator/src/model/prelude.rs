//! The Smithy prelude shapes (`smithy.api#...`) that models target without
//! defining them.

use super::ast::{Shape, SimpleDef};
use serde_json::json;

/// The prelude shape with this name, if there is one. `Primitive*` shapes
/// carry their zero `@default`, as the prelude defines them.
pub fn shape(name: &str) -> Option<Shape> {
    let plain = SimpleDef::default;
    let with_default = |value: serde_json::Value| {
        let mut def = SimpleDef::default();
        def.traits.insert("smithy.api#default".to_owned(), value);
        def
    };
    Some(match name {
        "String" => Shape::String(plain()),
        "Blob" => Shape::Blob(plain()),
        "BigInteger" => Shape::BigInteger(plain()),
        "BigDecimal" => Shape::BigDecimal(plain()),
        "Timestamp" => Shape::Timestamp(plain()),
        "Document" => Shape::Document(plain()),
        "Boolean" => Shape::Boolean(plain()),
        "Byte" => Shape::Byte(plain()),
        "Short" => Shape::Short(plain()),
        "Integer" => Shape::Integer(plain()),
        "Long" => Shape::Long(plain()),
        "Float" => Shape::Float(plain()),
        "Double" => Shape::Double(plain()),
        "PrimitiveBoolean" => Shape::Boolean(with_default(json!(false))),
        "PrimitiveByte" => Shape::Byte(with_default(json!(0))),
        "PrimitiveShort" => Shape::Short(with_default(json!(0))),
        "PrimitiveInteger" => Shape::Integer(with_default(json!(0))),
        "PrimitiveLong" => Shape::Long(with_default(json!(0))),
        "PrimitiveFloat" => Shape::Float(with_default(json!(0))),
        "PrimitiveDouble" => Shape::Double(with_default(json!(0))),
        // `Unit` is a structure with no members, used for operations without
        // input or output and for union members that carry no value.
        "Unit" => {
            let mut unit = super::ast::AggregateDef::default();
            unit.traits
                .insert("smithy.api#unitType".to_owned(), json!({}));
            Shape::Structure(unit)
        }
        _ => return None,
    })
}
