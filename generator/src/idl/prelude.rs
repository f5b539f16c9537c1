//! The `smithy.api` prelude, as far as reading IDL needs it: which shapes
//! exist (relative ids fall back to them), their types (an annotation trait's
//! value is `{}` or `[]` by the trait shape's type), and which are traits.
//!
//! Prelude shapes are never emitted: every Smithy implementation, including
//! the downstream model loader, knows them.

use super::syntax::ShapeType;

/// The prelude's namespace.
pub(crate) const NAMESPACE: &str = "smithy.api";

/// A prelude shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PreludeShape {
    pub(crate) name: &'static str,
    pub(crate) shape_type: ShapeType,
    /// Has the `@trait` trait.
    pub(crate) is_trait: bool,
    /// Has the `@private` trait: only reachable by absolute id.
    pub(crate) is_private: bool,
}

const fn shape(name: &'static str, shape_type: ShapeType) -> PreludeShape {
    PreludeShape {
        name,
        shape_type,
        is_trait: false,
        is_private: false,
    }
}

const fn private(name: &'static str, shape_type: ShapeType) -> PreludeShape {
    PreludeShape {
        name,
        shape_type,
        is_trait: false,
        is_private: true,
    }
}

const fn trait_shape(name: &'static str, shape_type: ShapeType) -> PreludeShape {
    PreludeShape {
        name,
        shape_type,
        is_trait: true,
        is_private: false,
    }
}

use ShapeType::{
    BigDecimal, BigInteger, Blob, Boolean, Byte, Document, Double, Enum, Float, Integer, List,
    Long, Map, Short, String as Str, Structure, Timestamp,
};

/// Every prelude shape of Smithy 2.0.
const SHAPES: &[PreludeShape] = &[
    // Simple types and the unit type.
    shape("String", Str),
    shape("Blob", Blob),
    shape("BigInteger", BigInteger),
    shape("BigDecimal", BigDecimal),
    shape("Timestamp", Timestamp),
    shape("Document", Document),
    shape("Boolean", Boolean),
    shape("Byte", Byte),
    shape("Short", Short),
    shape("Integer", Integer),
    shape("Long", Long),
    shape("Float", Float),
    shape("Double", Double),
    shape("PrimitiveBoolean", Boolean),
    shape("PrimitiveByte", Byte),
    shape("PrimitiveShort", Short),
    shape("PrimitiveInteger", Integer),
    shape("PrimitiveLong", Long),
    shape("PrimitiveFloat", Float),
    shape("PrimitiveDouble", Double),
    shape("Unit", Structure),
    // Traits.
    trait_shape("trait", Structure),
    trait_shape("deprecated", Structure),
    trait_shape("box", Structure),
    trait_shape("documentation", Str),
    trait_shape("externalDocumentation", Map),
    trait_shape("auth", List),
    trait_shape("protocolDefinition", Structure),
    trait_shape("authDefinition", Structure),
    trait_shape("httpBasicAuth", Structure),
    trait_shape("httpDigestAuth", Structure),
    trait_shape("httpBearerAuth", Structure),
    trait_shape("httpApiKeyAuth", Structure),
    trait_shape("default", Document),
    trait_shape("addedDefault", Structure),
    trait_shape("clientOptional", Structure),
    trait_shape("optionalAuth", Structure),
    trait_shape("examples", List),
    trait_shape("error", Enum),
    trait_shape("retryable", Structure),
    trait_shape("readonly", Structure),
    trait_shape("idempotent", Structure),
    trait_shape("idempotencyToken", Structure),
    trait_shape("internal", Structure),
    trait_shape("jsonName", Str),
    trait_shape("xmlAttribute", Structure),
    trait_shape("xmlFlattened", Structure),
    trait_shape("xmlName", Str),
    trait_shape("xmlNamespace", Structure),
    trait_shape("noReplace", Structure),
    trait_shape("mediaType", Str),
    trait_shape("references", List),
    trait_shape("resourceIdentifier", Str),
    trait_shape("private", Structure),
    trait_shape("sensitive", Structure),
    trait_shape("since", Str),
    trait_shape("streaming", Structure),
    trait_shape("requiresLength", Structure),
    trait_shape("tags", List),
    trait_shape("title", Str),
    trait_shape("enum", List),
    trait_shape("enumValue", Document),
    trait_shape("length", Structure),
    trait_shape("range", Structure),
    trait_shape("pattern", Str),
    trait_shape("required", Structure),
    trait_shape("property", Structure),
    trait_shape("notProperty", Structure),
    trait_shape("nestedProperties", Structure),
    trait_shape("recommended", Structure),
    trait_shape("sparse", Structure),
    trait_shape("uniqueItems", Structure),
    trait_shape("unstable", Structure),
    trait_shape("paginated", Structure),
    trait_shape("http", Structure),
    trait_shape("httpLabel", Structure),
    trait_shape("httpQuery", Str),
    trait_shape("httpQueryParams", Structure),
    trait_shape("httpHeader", Str),
    trait_shape("httpPrefixHeaders", Str),
    trait_shape("httpPayload", Structure),
    trait_shape("httpError", Integer),
    trait_shape("httpResponseCode", Structure),
    trait_shape("cors", Structure),
    trait_shape("eventPayload", Structure),
    trait_shape("eventHeader", Structure),
    trait_shape("idRef", Structure),
    trait_shape("timestampFormat", Enum),
    trait_shape("endpoint", Structure),
    trait_shape("hostLabel", Structure),
    trait_shape("suppress", List),
    trait_shape("httpChecksumRequired", Structure),
    trait_shape("input", Structure),
    trait_shape("output", Structure),
    trait_shape("unitType", Structure),
    trait_shape("mixin", Structure),
    trait_shape("requestCompression", Structure),
    trait_shape("traitValidators", Map),
    // Private shapes that define the traits.
    private("TraitDiffRules", List),
    private("TraitDiffRule", Structure),
    private("TraitChangeType", Enum),
    private("TraitChangeSeverity", Enum),
    private("StructurallyExclusive", Enum),
    private("AuthTraitReference", Str),
    private("TraitShapeIdList", List),
    private("TraitShapeId", Str),
    private("HttpApiKeyLocations", Enum),
    private("Example", Structure),
    private("ExampleError", Structure),
    private("NonEmptyString", Str),
    private("Reference", Structure),
    private("NonEmptyStringMap", Map),
    private("EnumDefinition", Structure),
    private("EnumConstantBodyName", Str),
    private("NonEmptyStringList", List),
    private("LocalMixinTraitList", List),
    private("LocalMixinTrait", Str),
    private("RequestCompressionEncodingsList", List),
];

/// The prelude shape with this name (the part after `smithy.api#`).
pub(crate) fn get(name: &str) -> Option<&'static PreludeShape> {
    SHAPES.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, a) in SHAPES.iter().enumerate() {
            assert!(
                SHAPES[i + 1..].iter().all(|b| b.name != a.name),
                "{} twice",
                a.name
            );
        }
    }

    #[test]
    fn knows_request_compression_and_private_shapes() {
        assert_eq!(
            get("requestCompression").map(|s| (s.shape_type, s.is_trait)),
            Some((Structure, true))
        );
        assert_eq!(get("NonEmptyString").map(|s| s.is_private), Some(true));
        assert!(get("Nope").is_none());
    }
}
