//! One function per kind of generated name, each matching the official SDK's spelling.

use super::case::{pascal_case, screaming_snake_case, snake_case};
use super::rust_name::{NameError, Role, RustName};

/// Member names that would collide with methods the generated structs and builders
/// define themselves, and what they become, keyed by the snake-case name: smithy-rs's
/// `ClientReservedWords` (`Foo::builder()`, `FooBuilder::build()`, `Default::default()`,
/// a fluent builder's `send` and `customize`, an error's `meta`; `make_operation` and
/// `presigned` from older SDKs), plus `as_input` and `config_override`, which the
/// official fluent builders define but smithy-rs does not reserve, `as_output`, the
/// fluent builders' own `new` and `into_paginator`, and the waiter builders'
/// `with_input`.
const RESERVED_MEMBERS: [(&str, &str); 14] = [
    ("build", "build_value"),
    ("builder", "builder_value"),
    ("default", "default_value"),
    ("send", "send_value"),
    ("make_operation", "make_operation_value"),
    ("presigned", "presigned_value"),
    ("customize", "customize_value"),
    ("meta", "meta_value"),
    ("as_input", "as_input_value"),
    ("as_output", "as_output_value"),
    ("config_override", "config_override_value"),
    ("new", "new_value"),
    ("into_paginator", "into_paginator_value"),
    ("with_input", "with_input_value"),
];

/// Enum and union variant names taken by the generated catch-all variant for values
/// this client does not know, and the official renames.
const RESERVED_VARIANTS: [(&str, &str); 2] = [
    ("Unknown", "UnknownValue"),
    ("UnknownValue", "UnknownValue_"),
];

/// Error enum variant names taken by the generated catch-all for unmodelled errors.
const RESERVED_ERROR_VARIANTS: [(&str, &str); 2] = [
    ("Unhandled", "UnhandledValue"),
    ("UnhandledValue", "UnhandledValue_"),
];

fn reserved<'a>(table: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    table
        .iter()
        .find(|(from, _)| *from == name)
        .map(|(_, to)| *to)
}

/// The type for a structure, union, enum or error shape: `PascalCase` as in the official
/// SDK (`ARNs` → `ArNs`, `IPv4Address` stays), `Self` → `SelfValue`, a leading digit
/// prefixed with `_`.
///
/// Names of std prelude items (`Option`, `Result`, `String`, `Box`, `Vec`) and of the
/// generated crate's own items (`Client`, `Config`, `Error`) are kept, as smithy-rs
/// keeps them: emitted code names std items by absolute path (`::std::option::Option`)
/// and model types live in their own module (`types`, as `crate::types::Error` does for
/// S3's `Error` shape), so neither can be shadowed. An emitter that puts a model type
/// beside other items checks that namespace with [`check_unique`](super::check_unique).
///
/// ```
/// use generator::naming::type_name;
/// assert_eq!(type_name("ServiceTemplateVersion")?.as_str(), "ServiceTemplateVersion");
/// assert_eq!(type_name("Self")?.as_str(), "SelfValue");
/// # Ok::<(), generator::naming::NameError>(())
/// ```
pub fn type_name(shape_name: &str) -> Result<RustName, NameError> {
    RustName::escaped(Role::Type, shape_name, &pascal_case(shape_name))
}

/// A structure member's field, accessor and builder method: `snake_case`, keywords raw
/// (`type` → `r#type`), `self`/`super`/`crate` suffixed (`self_`), names of the
/// generated types' own methods suffixed (`build` → `build_value`, `meta` →
/// `meta_value`), a leading digit prefixed with `_`.
///
/// ```
/// use generator::naming::field_name;
/// assert_eq!(field_name("componentName")?.as_str(), "component_name");
/// assert_eq!(field_name("type")?.as_str(), "r#type");
/// assert_eq!(field_name("builder")?.as_str(), "builder_value");
/// # Ok::<(), generator::naming::NameError>(())
/// ```
pub fn field_name(member_name: &str) -> Result<RustName, NameError> {
    let snake = snake_case(member_name);
    let candidate = reserved(&RESERVED_MEMBERS, &snake).unwrap_or(&snake);
    RustName::escaped(Role::Field, member_name, candidate)
}

/// A builder's setter for a structure member: `set_` and the member's snake-case name
/// (`type` → `set_type`, no escape needed behind the prefix).
///
/// Members renamed to avoid the generated methods keep their rename (`meta` →
/// `set_meta_value`). The official SDK uses the bare name there (`set_meta`), which
/// collides with an error builder's own `set_meta` (smithy-rs issue 4338).
pub fn setter_name(member_name: &str) -> Result<RustName, NameError> {
    accessor(Role::Setter, "set_", member_name)
}

/// A builder's getter for a structure member: `get_` and the member's snake-case name,
/// as for [`setter_name`].
pub fn getter_name(member_name: &str) -> Result<RustName, NameError> {
    accessor(Role::Getter, "get_", member_name)
}

/// The body format a structure's reader reads, which decides its locals'
/// names (see [`reader_local_name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyReader {
    /// `json_de`'s readers.
    Json,
    /// `xml_de`'s readers (the XML and query protocols).
    Xml,
}

/// Names a JSON structure reader's body uses besides its locals, and
/// names clippy refuses for a local (`disallowed_names`).
const JSON_READER_NAMES: [&str; 5] = ["reader", "key", "foo", "baz", "quux"];

/// The local a structure's body reader collects a member in, from the
/// member's field name. A JSON reader uses the field's own name, unless it
/// is one the reader's body uses (`reader`, `key`, the `de_*` and `zero_*`
/// functions), one clippy refuses for a local, or could be another member's
/// prefixed local (`member_*`): then `member_<field>`. An XML reader binds
/// more names in its arms (`start`, `element`, `text`, `value`, ...), so
/// its locals are always `member_<field>`. Either way no two members of a
/// structure get the same local, and no local shadows the reader's names.
pub fn reader_local_name(
    member_name: &str,
    field: &RustName,
    reader: BodyReader,
) -> Result<RustName, NameError> {
    let name = field.unraw();
    let prefixed = match reader {
        BodyReader::Xml => true,
        BodyReader::Json => {
            JSON_READER_NAMES.contains(&name)
                || name.starts_with("de_")
                || name.starts_with("zero_")
                || name.starts_with("member_")
        }
    };
    let candidate = if prefixed {
        format!("member_{name}")
    } else {
        name.to_owned()
    };
    RustName::escaped(Role::ReaderLocal, member_name, &candidate)
}

fn accessor(role: Role, prefix: &str, member_name: &str) -> Result<RustName, NameError> {
    let snake = snake_case(member_name);
    let base = reserved(&RESERVED_MEMBERS, &snake).unwrap_or(&snake);
    let candidate = if base.is_empty() {
        String::new()
    } else {
        format!("{prefix}{base}")
    };
    RustName::escaped(role, member_name, &candidate)
}

/// A variant of an enum shape, from the enum member's name (the `name` of an `enum`
/// trait entry): `PascalCase` (`IN_PROGRESS` → `InProgress`), `Unknown` →
/// `UnknownValue` (the catch-all variant's name), `Self` → `SelfValue`, a leading digit
/// prefixed with `_` (`2DBarcode` → `_2DBarcode`).
///
/// smithy-rs converts enum names to `PascalCase` twice (once for the definition, once
/// for the member it synthesises), and the second pass is not always a no-op (`A_B_C`
/// → `ABC` → `Abc`), so neither is ours.
pub fn variant_name(enum_member_name: &str) -> Result<RustName, NameError> {
    let pascal = pascal_case(&pascal_case(enum_member_name));
    let candidate = reserved(&RESERVED_VARIANTS, &pascal).unwrap_or(&pascal);
    RustName::escaped(Role::EnumVariant, enum_member_name, candidate)
}

/// A variant of a union shape, from the member name: `PascalCase` (`s3` → `S3`), with
/// the same renames as [`variant_name`] for the catch-all `Unknown` and for `Self`.
pub fn union_variant_name(member_name: &str) -> Result<RustName, NameError> {
    let pascal = pascal_case(member_name);
    let candidate = reserved(&RESERVED_VARIANTS, &pascal).unwrap_or(&pascal);
    RustName::escaped(Role::UnionVariant, member_name, candidate)
}

/// A variant of an operation's (or the service's) error enum: the error shape's type
/// name (`AccessDeniedException`), except that `Unhandled`, the catch-all variant for
/// errors outside the model, becomes `UnhandledValue`.
pub fn error_variant_name(error_shape_name: &str) -> Result<RustName, NameError> {
    // From the unescaped type name, so that `Self` is escaped once, as for the type.
    let pascal = pascal_case(error_shape_name);
    let candidate = reserved(&RESERVED_ERROR_VARIANTS, &pascal).unwrap_or(&pascal);
    RustName::escaped(Role::ErrorVariant, error_shape_name, candidate)
}

/// An error enum's test for one variant: `is_` and the variant in snake case
/// (`is_access_denied_exception`).
pub fn error_predicate_name(error_shape_name: &str) -> Result<RustName, NameError> {
    let variant = error_variant_name(error_shape_name)?;
    let candidate = format!("is_{}", snake_case(variant.unraw()));
    RustName::escaped(Role::ErrorPredicate, error_shape_name, &candidate)
}

/// The type named after an operation (`CancelComponentDeployment`); its input, output
/// and error types are this name [`with_suffix`](RustName::with_suffix) `Input`,
/// `Output` and `Error`.
///
/// As in smithy-rs only the first letter is capitalised, the rest is kept (`getFOO` →
/// `GetFOO`).
pub fn operation_name(name: &str) -> Result<RustName, NameError> {
    let mut chars = name.chars();
    let candidate = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    RustName::escaped(Role::Operation, name, &candidate)
}

/// The module holding an operation's types: `snake_case` (`cancel_component_deployment`),
/// keywords suffixed with `_` rather than raw (`match_`), since modules are files.
pub fn operation_module_name(operation_name: &str) -> Result<RustName, NameError> {
    RustName::escaped(
        Role::OperationModule,
        operation_name,
        &snake_case(operation_name),
    )
}

/// The client method that starts an operation: `snake_case`, keywords raw.
///
/// smithy-rs spells the module from the operation name and the method from the
/// operation's type name; the two differ only for all-lowercase names with digits
/// (`s3key`: module `s3_key`, method `s3key`). Both come from the operation name here,
/// so a method and its module always agree.
pub fn operation_fn_name(operation_name: &str) -> Result<RustName, NameError> {
    RustName::escaped(
        Role::OperationFn,
        operation_name,
        &snake_case(operation_name),
    )
}

/// The client method that starts a waiter: `wait_until_` and the waiter's name in snake
/// case (`ComponentDeployed` → `wait_until_component_deployed`).
pub fn waiter_fn_name(waiter_name: &str) -> Result<RustName, NameError> {
    let snake = snake_case(waiter_name);
    let candidate = if snake.is_empty() {
        snake
    } else {
        format!("wait_until_{snake}")
    };
    RustName::escaped(Role::WaiterFn, waiter_name, &candidate)
}

/// The module holding a waiter's types: `snake_case`, keywords suffixed with `_`.
pub fn waiter_module_name(waiter_name: &str) -> Result<RustName, NameError> {
    RustName::escaped(Role::WaiterModule, waiter_name, &snake_case(waiter_name))
}

/// A `const` or `static` item: `SCREAMING_SNAKE_CASE`, a leading digit prefixed with `_`.
pub fn const_name(name: &str) -> Result<RustName, NameError> {
    RustName::escaped(Role::Const, name, &screaming_snake_case(name))
}

/// Methods of std traits that clippy's `should_implement_trait` expects a
/// type's method of the same name and shape to implement. A member named
/// `add` (ECS's `PlacementConstraint`...) gives builders an `add(self, value)
/// -> Self`; the name stays, as in the official SDK, and the method carries an
/// `allow` saying why.
const STD_TRAIT_METHODS: [&str; 30] = [
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Whether a generated method named `name` has the name of a std trait's
/// method (see [`STD_TRAIT_METHODS`]).
pub fn is_std_trait_method(name: &str) -> bool {
    STD_TRAIT_METHODS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(member: &str, reader: BodyReader) -> String {
        let field = field_name(member).expect("a field name");
        reader_local_name(member, &field, reader)
            .expect("a local name")
            .as_str()
            .to_owned()
    }

    #[test]
    fn json_locals_are_fields_unless_they_shadow_the_readers_names() {
        assert_eq!(local("tableName", BodyReader::Json), "table_name");
        assert_eq!(local("type", BodyReader::Json), "r#type");
        for (member, expected) in [
            ("reader", "member_reader"),
            ("key", "member_key"),
            ("foo", "member_foo"),
            ("de_table", "member_de_table"),
            ("zero_count", "member_zero_count"),
            ("member_reader", "member_member_reader"),
        ] {
            assert_eq!(local(member, BodyReader::Json), expected, "{member}");
        }
    }

    #[test]
    fn xml_locals_are_always_prefixed() {
        assert_eq!(local("tableName", BodyReader::Xml), "member_table_name");
        assert_eq!(local("type", BodyReader::Xml), "member_type");
        assert_eq!(local("start", BodyReader::Xml), "member_start");
    }

    /// Distinct fields never share a local, nor take a name the reader's
    /// body uses.
    #[test]
    fn locals_of_distinct_fields_are_distinct() {
        let members = [
            "reader",
            "member_reader",
            "member_member_reader",
            "key",
            "member_key",
            "de_x",
            "member_de_x",
            "type",
            "member_type",
            "foo",
            "start",
            "value",
        ];
        for reader in [BodyReader::Json, BodyReader::Xml] {
            let locals: Vec<String> = members.iter().map(|m| local(m, reader)).collect();
            let distinct: std::collections::BTreeSet<&String> = locals.iter().collect();
            assert_eq!(distinct.len(), members.len(), "{reader:?}: {locals:?}");
            for taken in JSON_READER_NAMES {
                assert!(!locals.iter().any(|l| l == taken), "{reader:?}: {taken}");
            }
        }
    }
}
