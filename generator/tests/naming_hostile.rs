//! Names that are legal Smithy but awkward Rust, and names that are not Smithy at all.
//!
//! The first must come out as Rust that compiles (the last test builds a crate from
//! them with rustc); the second must be reported, never emitted.

use generator::naming::{
    NameCollision, NameProblem, Role, RustName, check_unique, const_name, error_predicate_name,
    error_variant_name, field_name, getter_name, operation_fn_name, operation_module_name,
    operation_name, setter_name, type_name, union_variant_name, variant_name, waiter_fn_name,
    waiter_module_name,
};
use quote::{format_ident, quote};

fn text(name: Result<RustName, generator::naming::NameError>) -> String {
    match name {
        Ok(name) => name.as_str().to_owned(),
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn keyword_members_become_raw_identifiers() {
    for keyword in [
        "as", "async", "await", "box", "break", "const", "dyn", "else", "enum", "fn", "for", "gen",
        "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "pub", "ref",
        "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
        "while", "yield", "abstract", "become", "do", "final", "override", "priv", "typeof",
        "unsized", "virtual", "false", "continue", "extern", "loop",
    ] {
        let name = field_name(keyword).unwrap();
        assert_eq!(name.as_str(), format!("r#{keyword}"));
        assert_eq!(name.unraw(), keyword);
        assert!(name.is_raw());
        assert_eq!(name.ident().to_string(), format!("r#{keyword}"));
        assert_eq!(name.to_string(), format!("r#{keyword}"));
        assert_eq!(quote!(#name).to_string(), format!("r#{keyword}"));
        // The accessors put a prefix in front, which needs no escape.
        assert_eq!(text(setter_name(keyword)), format!("set_{keyword}"));
        assert_eq!(text(getter_name(keyword)), format!("get_{keyword}"));
    }
    // Case does not protect a member: `Type` is the field `type` too.
    assert_eq!(text(field_name("Type")), "r#type");
    assert_eq!(text(field_name("MATCH")), "r#match");
}

#[test]
fn keywords_that_cannot_be_raw_get_the_official_suffix() {
    assert_eq!(text(field_name("self")), "self_");
    assert_eq!(text(field_name("Self")), "self_");
    assert_eq!(text(field_name("super")), "super_");
    assert_eq!(text(field_name("crate")), "crate_");
    assert!(!field_name("self").unwrap().is_raw());
    assert_eq!(text(type_name("Self")), "SelfValue");
    assert_eq!(text(type_name("SelfValue")), "SelfValue_");
    assert_eq!(text(variant_name("Self")), "SelfValue");
    assert_eq!(text(variant_name("SELF")), "SelfValue");
    assert_eq!(text(variant_name("SelfValue")), "SelfValue_");
    assert_eq!(text(variant_name("SelfOther")), "SelfOther");
    assert_eq!(text(union_variant_name("self")), "SelfValue");
    assert_eq!(text(operation_name("Self")), "SelfValue");
    assert_eq!(text(operation_module_name("Self")), "self_");
    assert_eq!(text(operation_fn_name("Self")), "self_");
}

#[test]
fn modules_escape_keywords_with_a_suffix() {
    assert_eq!(text(operation_module_name("Match")), "match_");
    assert_eq!(text(operation_fn_name("Match")), "r#match");
    assert_eq!(text(operation_name("Match")), "Match");
    assert_eq!(text(waiter_module_name("Type")), "type_");
    assert_eq!(text(waiter_fn_name("Type")), "wait_until_type");
    assert_eq!(text(operation_module_name("Crate")), "crate_");
}

#[test]
fn std_and_crate_item_names_are_kept_for_types() {
    // Emitted code names std items by absolute path and keeps model types in their
    // own module, as the official SDK does, so these shadow nothing.
    for name in [
        "Option", "Result", "String", "Box", "Vec", "Error", "Client", "Config", "Some", "None",
        "Ok", "Err", "Default", "Send", "Sync", "Copy", "Clone", "Debug",
    ] {
        assert_eq!(text(type_name(name)), name);
        assert_eq!(text(variant_name(name)), name);
        assert_eq!(text(error_variant_name(name)), name);
    }
    assert_eq!(text(field_name("Option")), "option");
    assert_eq!(text(field_name("String")), "string");
}

#[test]
fn members_named_like_generated_methods_are_suffixed() {
    let cases = [
        ("build", "build_value"),
        ("builder", "builder_value"),
        ("Builder", "builder_value"),
        ("default", "default_value"),
        ("send", "send_value"),
        ("customize", "customize_value"),
        ("meta", "meta_value"),
        ("makeOperation", "make_operation_value"),
        ("presigned", "presigned_value"),
        ("asInput", "as_input_value"),
        ("as_output", "as_output_value"),
        ("configOverride", "config_override_value"),
    ];
    for (member, field) in cases {
        assert_eq!(text(field_name(member)), field, "field_name({member:?})");
        assert_eq!(text(setter_name(member)), format!("set_{field}"));
        assert_eq!(text(getter_name(member)), format!("get_{field}"));
    }
    // Near misses are left alone.
    assert_eq!(text(field_name("builds")), "builds");
    assert_eq!(text(field_name("metadata")), "metadata");
    assert_eq!(text(field_name("buildValue")), "build_value");
}

#[test]
fn catch_all_variant_names_are_renamed() {
    assert_eq!(text(variant_name("Unknown")), "UnknownValue");
    assert_eq!(text(variant_name("UNKNOWN")), "UnknownValue");
    assert_eq!(text(variant_name("UnknownValue")), "UnknownValue_");
    assert_eq!(text(variant_name("UnknownOther")), "UnknownOther");
    assert_eq!(text(union_variant_name("unknown")), "UnknownValue");
    assert_eq!(text(union_variant_name("UnknownValue")), "UnknownValue_");
    assert_eq!(text(error_variant_name("Unhandled")), "UnhandledValue");
    assert_eq!(
        text(error_predicate_name("Unhandled")),
        "is_unhandled_value"
    );
    assert_eq!(
        text(error_variant_name("UnhandledValue")),
        "UnhandledValue_"
    );
    // The error's own type keeps its name; only the variant moves aside.
    assert_eq!(text(type_name("Unhandled")), "Unhandled");
}

#[test]
fn leading_digits_get_an_underscore() {
    assert_eq!(text(variant_name("2DBarcode")), "_2DBarcode");
    assert_eq!(text(variant_name("1")), "_1");
    assert_eq!(text(field_name("1stPlace")), "_1st_place");
    assert_eq!(text(field_name("_1foo")), "_1_foo");
    assert_eq!(text(type_name("_1Foo")), "_1Foo");
    assert_eq!(text(operation_module_name("_3Way")), "_3_way");
    assert_eq!(text(const_name("2xxCodes")), "_2XX_CODES");
    // The prefix is not applied twice when a name is extended.
    assert_eq!(
        text(type_name("_1Foo").and_then(|n| n.with_suffix("Builder"))),
        "_1FooBuilder"
    );
}

#[test]
fn names_without_letters_or_digits_are_errors() {
    for input in ["", "_", "__", "-", "_-_", " "] {
        for (role, result) in [
            (Role::Type, type_name(input)),
            (Role::Field, field_name(input)),
            (Role::Setter, setter_name(input)),
            (Role::EnumVariant, variant_name(input)),
            (Role::UnionVariant, union_variant_name(input)),
            (Role::OperationModule, operation_module_name(input)),
            (Role::WaiterFn, waiter_fn_name(input)),
            (Role::Const, const_name(input)),
        ] {
            let error = result.expect_err(input);
            assert_eq!(error.role(), role);
            assert_eq!(error.smithy_name(), input);
            assert!(
                matches!(
                    error.problem(),
                    NameProblem::NoLettersOrDigits | NameProblem::NotIdentifierChar(_)
                ),
                "{input:?}: {error}"
            );
        }
    }
    let error = variant_name("_").unwrap_err();
    assert_eq!(
        error.to_string(),
        "enum value `_` gives no Rust enum variant (`_`): it has no letters or digits"
    );
}

#[test]
fn separators_vanish_between_words() {
    assert_eq!(text(field_name("__private")), "private");
    assert_eq!(text(field_name("foo.bar")), "foo_bar");
    assert_eq!(text(field_name("foo-bar")), "foo_bar");
    assert_eq!(text(field_name("x-amz-meta")), "x_amz_meta");
    assert_eq!(text(type_name("foo_bar")), "FooBar");
    assert_eq!(text(variant_name("in-progress")), "InProgress");
}

#[test]
fn non_ascii_and_punctuation_are_reported() {
    let error = field_name("naïve").unwrap_err();
    assert_eq!(error.problem(), &NameProblem::NotAscii('ï'));
    assert_eq!(
        error.to_string(),
        "member `naïve` gives no Rust field (`naïve`): 'ï' is not ASCII, \
         and Smithy identifiers are ASCII letters, digits and `_`"
    );
    assert_eq!(
        type_name("Café").unwrap_err().problem(),
        &NameProblem::NotAscii('é')
    );
    // PascalCase title-cases the first letter before the check sees it.
    assert_eq!(
        variant_name("über").unwrap_err().problem(),
        &NameProblem::NotAscii('Ü')
    );
    // A symbol is a separator to the snake-case splitter, but kept by PascalCase.
    assert_eq!(text(field_name("emoji🙂Name")), "emoji_name");
    assert_eq!(
        type_name("Emoji🙂").unwrap_err().problem(),
        &NameProblem::NotAscii('🙂')
    );
    assert_eq!(
        type_name("foo.bar").unwrap_err().problem(),
        &NameProblem::NotIdentifierChar('.')
    );
    assert_eq!(
        type_name("a$b").unwrap_err().problem(),
        &NameProblem::NotIdentifierChar('$')
    );
}

#[test]
fn names_derived_by_suffix_stay_valid() {
    let operation = operation_name("CancelComponentDeployment").unwrap();
    for (suffix, expected) in [
        ("Input", "CancelComponentDeploymentInput"),
        ("Output", "CancelComponentDeploymentOutput"),
        ("Error", "CancelComponentDeploymentError"),
        ("FluentBuilder", "CancelComponentDeploymentFluentBuilder"),
        ("", "CancelComponentDeployment"),
    ] {
        let derived = operation.with_suffix(suffix).unwrap();
        assert_eq!(derived.as_str(), expected);
        assert_eq!(derived.role(), Role::Operation);
    }
    let field = field_name("type").unwrap();
    assert_eq!(field.with_suffix("_value").unwrap().as_str(), "type_value");
    assert!(type_name("Foo").unwrap().with_suffix(".bar").is_err());
    assert_eq!(text(getter_name("getFoo")), "get_get_foo");
    assert_eq!(text(operation_name("getFOO")), "GetFOO");
}

#[test]
fn collisions_name_both_smithy_names_and_the_scope() {
    let a = field_name("fooBar").unwrap();
    let b = field_name("foo_bar").unwrap();
    let c = field_name("baz").unwrap();
    let error: NameCollision = check_unique(
        "com.example#Thing",
        [("fooBar", &a), ("baz", &c), ("foo_bar", &b)],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "members `fooBar` and `foo_bar` of com.example#Thing both map to Rust field `foo_bar`"
    );
    assert_eq!(error.scope(), "com.example#Thing");
    assert_eq!(error.first(), "fooBar");
    assert_eq!(error.second(), "foo_bar");
    assert_eq!(error.rust_name(), "foo_bar");

    assert_eq!(
        check_unique("com.example#Thing", [("fooBar", &a), ("baz", &c)]),
        Ok(())
    );
    assert_eq!(check_unique("empty", []), Ok(()));
}

#[test]
fn collisions_between_escapes_are_caught() {
    // `self` escapes to `self_`, which a member `self_` also becomes.
    let escaped = field_name("self").unwrap();
    let literal = field_name("self_").unwrap();
    assert!(check_unique("S", [("self", &escaped), ("self_", &literal)]).is_err());

    // A member `setFoo` gives the builder method `set_foo`, which is `foo`'s setter.
    let setter = setter_name("foo").unwrap();
    let method = field_name("setFoo").unwrap();
    let error = check_unique(
        "FooBuilder methods",
        [("foo", &setter), ("setFoo", &method)],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "member `foo` (as setter) and member `setFoo` (as field) of FooBuilder methods \
         both map to Rust name `set_foo`"
    );

    // The renamed `Unknown` cannot meet a literal `UnknownValue`: the rename applies
    // after case conversion, so every spelling of `UnknownValue` moves on to `UnknownValue_`.
    let unknown = variant_name("Unknown").unwrap();
    let unknown_value = variant_name("UnknownValue").unwrap();
    let shouted = variant_name("UNKNOWN_VALUE").unwrap();
    assert_eq!(shouted.as_str(), "UnknownValue_");
    assert_eq!(
        check_unique(
            "E",
            [("Unknown", &unknown), ("UnknownValue", &unknown_value)]
        ),
        Ok(())
    );
    // Two spellings of one value do collide, and are reported.
    let error = check_unique(
        "E",
        [
            ("UnknownValue", &unknown_value),
            ("UNKNOWN_VALUE", &shouted),
        ],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "enum values `UnknownValue` and `UNKNOWN_VALUE` of E both map to Rust enum variant `UnknownValue_`"
    );
}

#[test]
fn identifiers_compare_without_the_raw_prefix() {
    let raw = field_name("type").unwrap();
    let also_raw = field_name("Type").unwrap();
    let error = check_unique("T", [("type", &raw), ("Type", &also_raw)]).unwrap_err();
    assert_eq!(error.rust_name(), "r#type");
}

/// Builds a crate from the awkward names the way an emitter would, and compiles it:
/// keyword fields beside the methods the generated code defines, prelude-named types,
/// keyword modules, renamed catch-all variants.
#[test]
fn awkward_names_compile() {
    let members = [
        "type",
        "self",
        "super",
        "crate",
        "match",
        "async",
        "gen",
        "try",
        "yield",
        "build",
        "builder",
        "default",
        "send",
        "meta",
        "customize",
        "asInput",
        "1stPlace",
        "Option",
        "String",
    ];
    let fields: Vec<RustName> = members.iter().map(|m| field_name(m).unwrap()).collect();
    let setters: Vec<RustName> = members.iter().map(|m| setter_name(m).unwrap()).collect();
    let getters: Vec<RustName> = members.iter().map(|m| getter_name(m).unwrap()).collect();
    let mut builder_methods: Vec<(&str, &RustName)> = Vec::new();
    for (i, member) in members.iter().enumerate() {
        builder_methods.extend([
            (*member, &fields[i]),
            (*member, &setters[i]),
            (*member, &getters[i]),
        ]);
    }
    check_unique("Hostile builder", builder_methods).unwrap();

    let values = [
        "Unknown",
        "UnknownValue",
        "Self",
        "NONE",
        "Some",
        "2DBarcode",
        "type",
        "IN_PROGRESS",
    ];
    let variants: Vec<RustName> = values.iter().map(|v| variant_name(v).unwrap()).collect();
    let errors = ["Unhandled", "Error", "Result", "AccessDeniedException"];
    let error_variants: Vec<RustName> = errors
        .iter()
        .map(|e| error_variant_name(e).unwrap())
        .collect();
    let predicates: Vec<RustName> = errors
        .iter()
        .map(|e| error_predicate_name(e).unwrap())
        .collect();
    let error_types: Vec<RustName> = errors.iter().map(|e| type_name(e).unwrap()).collect();
    let prelude_types: Vec<RustName> = [
        "Option", "Result", "String", "Box", "Vec", "Client", "Config", "Self",
    ]
    .iter()
    .map(|t| type_name(t).unwrap())
    .collect();
    let operations = ["Match", "Self", "Type", "CancelComponentDeployment"];
    let modules: Vec<RustName> = operations
        .iter()
        .map(|o| operation_module_name(o).unwrap())
        .collect();
    let methods: Vec<RustName> = operations
        .iter()
        .map(|o| operation_fn_name(o).unwrap())
        .collect();
    let inputs: Vec<RustName> = operations
        .iter()
        .map(|o| operation_name(o).unwrap().with_suffix("Input").unwrap())
        .collect();
    let enum_consts: Vec<RustName> = values.iter().map(|v| const_name(v).unwrap()).collect();
    let unknown = format_ident!("Unknown");
    let unhandled = format_ident!("Unhandled");

    let crate_source = quote! {
        #![allow(non_camel_case_types, non_snake_case, non_upper_case_globals, dead_code)]
        pub mod types {
            #( pub struct #prelude_types { pub inner: ::std::option::Option<::std::string::String> } )*

            #[derive(Default)]
            pub struct Hostile { #( pub #fields: ::std::option::Option<::std::string::String>, )* }
            impl Hostile {
                pub fn builder() -> HostileBuilder { HostileBuilder::default() }
                #( pub fn #fields(&self) -> ::std::option::Option<&str> { self.#fields.as_deref() } )*
            }
            #[derive(Default)]
            pub struct HostileBuilder { #( #fields: ::std::option::Option<::std::string::String>, )* }
            impl HostileBuilder {
                #( pub fn #fields(mut self, input: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.#fields = ::std::option::Option::Some(input.into()); self
                } )*
                #( pub fn #setters(mut self, input: ::std::option::Option<::std::string::String>) -> Self {
                    self.#fields = input; self
                } )*
                #( pub fn #getters(&self) -> &::std::option::Option<::std::string::String> { &self.#fields } )*
                pub fn meta(self) -> Self { self }
                pub fn send(self) -> Self { self }
                pub fn customize(self) -> Self { self }
                pub fn as_input(&self) -> &Self { self }
                pub fn build(self) -> Hostile { Hostile { #( #fields: self.#fields, )* } }
            }

            pub enum Status { #( #variants, )* #unknown(::std::string::String) }
            impl Status {
                #( pub const #enum_consts: &'static str = "value"; )*
            }

            pub mod error {
                #( pub struct #error_types; )*
            }
        }
        pub enum OperationError {
            #( #error_variants(crate::types::error::#error_types), )*
            #unhandled(::std::boxed::Box<dyn ::std::error::Error>),
        }
        impl OperationError {
            #( pub fn #predicates(&self) -> bool { ::std::matches!(self, Self::#error_variants(_)) } )*
        }
        pub mod operation {
            #( pub mod #modules { pub struct #inputs; } )*
        }
        pub struct Client;
        impl Client {
            #( pub fn #methods(&self) -> operation::#modules::#inputs { operation::#modules::#inputs } )*
        }
        pub fn roundtrip() -> ::std::option::Option<::std::string::String> {
            let hostile = types::Hostile::builder().r#type("t").set_self(None).build();
            let _ = hostile.r#type();
            hostile.self_
        }
    };
    let file = syn::parse2::<syn::File>(crate_source.clone()).expect("generated code parses");
    assert!(!file.items.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hostile.rs");
    std::fs::write(&source, crate_source.to_string()).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = std::process::Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
            "-D",
            "warnings",
        ])
        .arg("--out-dir")
        .arg(dir.path())
        .arg(&source)
        .output()
        .expect("rustc runs");
    assert!(
        output.status.success(),
        "generated code does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
