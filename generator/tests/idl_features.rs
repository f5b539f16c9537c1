//! One small IDL model per feature, compared with the exact JSON AST
//! (including key order) that `smithy ast` prints for it.

use std::path::PathBuf;

use generator::idl::parse_files;
use serde_json::{Value, json};

fn ast_of(files: &[(&str, &str)]) -> Value {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    parse_files(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// Compares pretty-printed text, so the order of keys is checked too.
#[track_caller]
fn assert_json(actual: Value, expected: Value) {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    assert_eq!(pretty(&actual), pretty(&expected));
}

#[track_caller]
fn assert_shapes(source: &str, shapes: Value) {
    assert_json(
        ast_of(&[("model.smithy", source)]),
        json!({"smithy": "2.0", "shapes": shapes}),
    );
}

#[test]
fn every_simple_shape_type() {
    for keyword in [
        "blob",
        "boolean",
        "document",
        "string",
        "byte",
        "short",
        "integer",
        "long",
        "float",
        "double",
        "bigInteger",
        "bigDecimal",
        "timestamp",
    ] {
        assert_shapes(
            &format!("$version: \"2\"\nnamespace smithy.example\n{keyword} Simple\n"),
            json!({"smithy.example#Simple": {"type": keyword}}),
        );
    }
}

#[test]
fn trait_forms_and_documentation_comments() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

/// This is documentation about a shape.
///
/// - This is a list
/// - More of the list.
@length(min: 1, max: 100)
@sensitive
string MyString

/// This is documentation about a trait shape.
///   More docs here.
@trait
structure myTrait {
    foo: String
    bar: String
}

@myTrait(foo: "x", "bar": "y")
@documentation("Contains a string")
@pattern("^[a-z]+$") @since("1.0")
string Other
"#,
        json!({
            "smithy.example#MyString": {
                "type": "string",
                "traits": {
                    "smithy.api#documentation": "This is documentation about a shape.\n\n- This is a list\n- More of the list.",
                    "smithy.api#length": {"min": 1, "max": 100},
                    "smithy.api#sensitive": {}
                }
            },
            "smithy.example#Other": {
                "type": "string",
                "traits": {
                    "smithy.api#documentation": "Contains a string",
                    "smithy.api#pattern": "^[a-z]+$",
                    "smithy.api#since": "1.0",
                    "smithy.example#myTrait": {"foo": "x", "bar": "y"}
                }
            },
            "smithy.example#myTrait": {
                "type": "structure",
                "members": {
                    "foo": {"target": "smithy.api#String"},
                    "bar": {"target": "smithy.api#String"}
                },
                "traits": {
                    "smithy.api#documentation": "This is documentation about a trait shape.\n  More docs here.",
                    "smithy.api#trait": {}
                }
            }
        }),
    );
}

#[test]
fn doc_comments_only_document_what_follows_them() {
    assert_shapes(
        r#"/// Before the version: documents nothing.
$version: "2"
namespace smithy.example

/// Shape docs.
/// Second line.
@deprecated
/// After traits: ignored.
structure Documented {
    /// Member docs.
    @required
    member: String // a comment

    /// Dangling before the brace: ignored.
}

/// Before apply: ignored.
apply Documented @since("2")
/// At the end of the file: ignored.
"#,
        json!({
            "smithy.example#Documented": {
                "type": "structure",
                "members": {
                    "member": {
                        "target": "smithy.api#String",
                        "traits": {
                            "smithy.api#documentation": "Member docs.",
                            "smithy.api#required": {}
                        }
                    }
                },
                "traits": {
                    "smithy.api#deprecated": {},
                    "smithy.api#documentation": "Shape docs.\nSecond line.",
                    "smithy.api#since": "2"
                }
            }
        }),
    );
}

#[test]
fn lists_maps_structures_and_unions() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

@length(min: 3, max: 10)
list MyList {
    @length(min: 1, max: 100)
    member: String
}

@sparse
map IntegerMap {
    @length(min: 1, max: 10)
    key: String,

    @range(min: 1, max: 1000)
    value: Integer
}

union MyUnion {
    i32: Integer

    @length(min: 1, max: 100)
    string: String

    time: smithy.api#Timestamp
}

structure Flat { a: String, b: MyList }
"#,
        json!({
            "smithy.example#Flat": {
                "type": "structure",
                "members": {
                    "a": {"target": "smithy.api#String"},
                    "b": {"target": "smithy.example#MyList"}
                }
            },
            "smithy.example#IntegerMap": {
                "type": "map",
                "key": {
                    "target": "smithy.api#String",
                    "traits": {"smithy.api#length": {"min": 1, "max": 10}}
                },
                "value": {
                    "target": "smithy.api#Integer",
                    "traits": {"smithy.api#range": {"min": 1, "max": 1000}}
                },
                "traits": {"smithy.api#sparse": {}}
            },
            "smithy.example#MyList": {
                "type": "list",
                "member": {
                    "target": "smithy.api#String",
                    "traits": {"smithy.api#length": {"min": 1, "max": 100}}
                },
                "traits": {"smithy.api#length": {"min": 3, "max": 10}}
            },
            "smithy.example#MyUnion": {
                "type": "union",
                "members": {
                    "i32": {"target": "smithy.api#Integer"},
                    "string": {
                        "target": "smithy.api#String",
                        "traits": {"smithy.api#length": {"min": 1, "max": 100}}
                    },
                    "time": {"target": "smithy.api#Timestamp"}
                }
            }
        }),
    );
}

#[test]
fn enum_values_and_default_sugar() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

enum Suit {
    @deprecated
    DIAMOND = "diamond"

    CLUB = "club"
    @enumValue("heart")
    HEART
    SPADE
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

enum Short { A, B }

structure Defaults {
    normative: Boolean = true
    count: Integer = -1 // a comment may follow the value
    @required
    suit: Suit = "club"
    list: MyList = []
    doc: Document = {a: [1, 2.5]}
    nothing: Document = null
}

list MyList { member: String }
"#,
        json!({
            "smithy.example#Defaults": {
                "type": "structure",
                "members": {
                    "normative": {"target": "smithy.api#Boolean", "traits": {"smithy.api#default": true}},
                    "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": -1}},
                    "suit": {
                        "target": "smithy.example#Suit",
                        "traits": {"smithy.api#default": "club", "smithy.api#required": {}}
                    },
                    "list": {"target": "smithy.example#MyList", "traits": {"smithy.api#default": []}},
                    "doc": {"target": "smithy.api#Document", "traits": {"smithy.api#default": {"a": [1, 2.5]}}},
                    "nothing": {"target": "smithy.api#Document", "traits": {"smithy.api#default": null}}
                }
            },
            "smithy.example#Level": {
                "type": "intEnum",
                "members": {
                    "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                    "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 2}}
                }
            },
            "smithy.example#MyList": {
                "type": "list",
                "member": {"target": "smithy.api#String"}
            },
            "smithy.example#Short": {
                "type": "enum",
                "members": {
                    "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "A"}},
                    "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "B"}}
                }
            },
            "smithy.example#Suit": {
                "type": "enum",
                "members": {
                    "DIAMOND": {
                        "target": "smithy.api#Unit",
                        "traits": {"smithy.api#deprecated": {}, "smithy.api#enumValue": "diamond"}
                    },
                    "CLUB": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "club"}},
                    "HEART": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "heart"}},
                    "SPADE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "SPADE"}}
                }
            }
        }),
    );
}

#[test]
fn text_blocks_and_string_escapes() {
    let source = r#"$version: "2"
namespace smithy.example

@documentation("""
    <div>
        <p>Hello!</p>
    </div>
    """)
string Indented

@documentation("""
    Foo \
    Baz \
    Bam""")
string Joined

@documentation("""
        Foo
            Baz
    """)
string ClosingDelimiterIndents

@documentation("""
    foo \"""
    "quoted" \u00e9\tend""")
string Escapes

@documentation("tab\there \"q\" \/ \\ \u00e9 \uD83D\uDE00 line\nbreak")
string Quoted
"#;
    let ast = ast_of(&[("model.smithy", source)]);
    let doc = |name: &str| {
        ast["shapes"][format!("smithy.example#{name}")]["traits"]["smithy.api#documentation"]
            .clone()
    };
    assert_eq!(doc("Indented"), "<div>\n    <p>Hello!</p>\n</div>\n");
    assert_eq!(doc("Joined"), "Foo Baz Bam");
    assert_eq!(doc("ClosingDelimiterIndents"), "    Foo\n        Baz\n");
    assert_eq!(doc("Escapes"), "foo \"\"\"\n\"quoted\" é\tend");
    assert_eq!(doc("Quoted"), "tab\there \"q\" / \\ é 😀 line\nbreak");
}

#[test]
fn metadata_node_values_and_syntactic_shape_ids() {
    let first = r#"$version: "2"
metadata foo = {
    hello: 123,
    "foo": "456",
    an_array: [10.5, -1, 1e2, 18446744073709551615, true, false, null],
    shape: String,
    local: MyString,
    unknown: NotAShape,
}
metadata list = ["a"]
metadata same = "x"
namespace smithy.example

string MyString
"#;
    let second = r#"metadata list = ["b", {z: 1, a: 2}]
metadata same = "x"
"#;
    assert_json(
        ast_of(&[("a.smithy", first), ("b.smithy", second)]),
        json!({
            "smithy": "2.0",
            "metadata": {
                "foo": {
                    "an_array": [10.5, -1, 100.0, 18446744073709551615u64, true, false, null],
                    "foo": "456",
                    "hello": 123,
                    "local": "smithy.example#MyString",
                    "shape": "smithy.api#String",
                    "unknown": "smithy.example#NotAShape"
                },
                "list": ["a", "b", {"a": 2, "z": 1}],
                "same": "x"
            },
            "shapes": {"smithy.example#MyString": {"type": "string"}}
        }),
    );
}

#[test]
fn relative_ids_resolve_across_files() {
    let a = r#"$version: "2"
namespace a
use b#Imported

structure S {
    imported: Imported
    later: DefinedLater
    elsewhere: InOtherFile
    prelude: String
    shadowed: Integer
    absolute: b#Other
}

string DefinedLater
"#;
    let a2 = "$version: \"2\"\nnamespace a\nstring InOtherFile\nstring Integer\n";
    let b = "$version: \"2\"\nnamespace b\nstring Imported\nstring Other\n";
    let ast = ast_of(&[("a.smithy", a), ("a2.smithy", a2), ("b.smithy", b)]);
    assert_json(
        ast["shapes"]["a#S"].clone(),
        json!({
            "type": "structure",
            "members": {
                "imported": {"target": "b#Imported"},
                "later": {"target": "a#DefinedLater"},
                "elsewhere": {"target": "a#InOtherFile"},
                "prelude": {"target": "smithy.api#String"},
                "shadowed": {"target": "a#Integer"},
                "absolute": {"target": "b#Other"}
            }
        }),
    );
}

#[test]
fn apply_statements_merge_into_their_targets() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

@mixin
structure Base {
    id: String
}

structure Thing with [Base] {
    name: String
}

apply Thing @documentation("A thing")
apply Thing$name {
    @required
    @length(min: 1)
}
apply Thing$id @required
apply Thing @tags(["a"])
apply Thing @tags(["b"])
apply Thing @documentation("A thing")
apply Base$id @since("1")
"#,
        json!({
            "smithy.example#Base": {
                "type": "structure",
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#since": "1"}}
                },
                "traits": {"smithy.api#mixin": {}}
            },
            "smithy.example#Thing": {
                "type": "structure",
                "mixins": [{"target": "smithy.example#Base"}],
                "members": {
                    "name": {
                        "target": "smithy.api#String",
                        "traits": {"smithy.api#length": {"min": 1}, "smithy.api#required": {}}
                    }
                },
                "traits": {
                    "smithy.api#documentation": "A thing",
                    "smithy.api#tags": ["a", "b"]
                }
            },
            "smithy.example#Thing$id": {
                "type": "apply",
                "traits": {"smithy.api#required": {}}
            }
        }),
    );
}

#[test]
fn elided_members_take_targets_from_resources_and_mixins() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

resource User {
    identifiers: { name: String, uuid: String }
    properties: { age: Short }
}

structure UserSummary for User {
    $name
    $age
    extra: Integer
}

@mixin
structure IdBearer {
    id: String
}

@mixin
structure Middle with [IdBearer] {}

structure IdRequired with [Middle] {
    @required
    $id
}

@mixin
list MixinList {
    member: String
}

list Elided with [MixinList] {
    @length(min: 1)
    $member
}

list Inherits with [MixinList] {}
"#,
        json!({
            "smithy.example#Elided": {
                "type": "list",
                "mixins": [{"target": "smithy.example#MixinList"}],
                "member": {
                    "target": "smithy.api#String",
                    "traits": {"smithy.api#length": {"min": 1}}
                }
            },
            "smithy.example#IdBearer": {
                "type": "structure",
                "members": {"id": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#mixin": {}}
            },
            "smithy.example#IdRequired": {
                "type": "structure",
                "mixins": [{"target": "smithy.example#Middle"}],
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
                }
            },
            "smithy.example#Inherits": {
                "type": "list",
                "mixins": [{"target": "smithy.example#MixinList"}]
            },
            "smithy.example#Middle": {
                "type": "structure",
                "mixins": [{"target": "smithy.example#IdBearer"}],
                "members": {},
                "traits": {"smithy.api#mixin": {}}
            },
            "smithy.example#MixinList": {
                "type": "list",
                "member": {"target": "smithy.api#String"},
                "traits": {"smithy.api#mixin": {}}
            },
            "smithy.example#User": {
                "type": "resource",
                "identifiers": {
                    "name": {"target": "smithy.api#String"},
                    "uuid": {"target": "smithy.api#String"}
                },
                "properties": {"age": {"target": "smithy.api#Short"}}
            },
            "smithy.example#UserSummary": {
                "type": "structure",
                "members": {
                    "name": {"target": "smithy.api#String"},
                    "age": {"target": "smithy.api#Short"},
                    "extra": {"target": "smithy.api#Integer"}
                }
            }
        }),
    );
}

#[test]
fn inline_operation_input_and_output_with_custom_suffixes() {
    assert_shapes(
        r#"$version: "2.0"
$operationInputSuffix: "Request"
$operationOutputSuffix: "Response"

namespace smithy.example

@mixin
structure BaseUser {
    userId: String
}

resource User {
    identifiers: { userId: String }
}

operation GetUser {
    input := @references([{resource: User}]) {
        userId: String
    }

    output := with [BaseUser] {
        /// The user's name.
        username: String
    }

    errors: [NotFound]
}

operation PutUser {
    input :=
        /// Documented inline input.
        @since("2")
        for User {
            $userId
        }
}

@error("client")
structure NotFound {}
"#,
        json!({
            "smithy.example#BaseUser": {
                "type": "structure",
                "members": {"userId": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#mixin": {}}
            },
            "smithy.example#GetUser": {
                "type": "operation",
                "input": {"target": "smithy.example#GetUserRequest"},
                "output": {"target": "smithy.example#GetUserResponse"},
                "errors": [{"target": "smithy.example#NotFound"}]
            },
            "smithy.example#GetUserRequest": {
                "type": "structure",
                "members": {"userId": {"target": "smithy.api#String"}},
                "traits": {
                    "smithy.api#input": {},
                    "smithy.api#references": [{"resource": "smithy.example#User"}]
                }
            },
            "smithy.example#GetUserResponse": {
                "type": "structure",
                "mixins": [{"target": "smithy.example#BaseUser"}],
                "members": {
                    "username": {
                        "target": "smithy.api#String",
                        "traits": {"smithy.api#documentation": "The user's name."}
                    }
                },
                "traits": {"smithy.api#output": {}}
            },
            "smithy.example#NotFound": {
                "type": "structure",
                "members": {},
                "traits": {"smithy.api#error": "client"}
            },
            "smithy.example#PutUser": {
                "type": "operation",
                "input": {"target": "smithy.example#PutUserRequest"},
                "output": {"target": "smithy.api#Unit"}
            },
            "smithy.example#PutUserRequest": {
                "type": "structure",
                "members": {"userId": {"target": "smithy.api#String"}},
                "traits": {
                    "smithy.api#documentation": "Documented inline input.",
                    "smithy.api#input": {},
                    "smithy.api#since": "2"
                }
            },
            "smithy.example#User": {
                "type": "resource",
                "identifiers": {"userId": {"target": "smithy.api#String"}}
            }
        }),
    );
}

#[test]
fn services_resources_and_operations() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

service Repo {
    version: "2020-07-13"
    operations: [Zeta, Alpha]
    resources: [Model]
    errors: [Oops]
    rename: { "other.ns#Model": "OtherModel" }
}

resource Model {
    identifiers: { id: String }
    read: Alpha
    collectionOperations: [Zeta]
}

@readonly
operation Alpha {
    input: AlphaInput
}

operation Zeta {}

@input
structure AlphaInput {
    @required
    id: String
}

@error("server")
@retryable(throttling: true)
structure Oops {}

service Blank {
    version: ""
}
"#,
        json!({
            "smithy.example#Alpha": {
                "type": "operation",
                "input": {"target": "smithy.example#AlphaInput"},
                "output": {"target": "smithy.api#Unit"},
                "traits": {"smithy.api#readonly": {}}
            },
            "smithy.example#AlphaInput": {
                "type": "structure",
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
                },
                "traits": {"smithy.api#input": {}}
            },
            "smithy.example#Blank": {"type": "service"},
            "smithy.example#Model": {
                "type": "resource",
                "identifiers": {"id": {"target": "smithy.api#String"}},
                "read": {"target": "smithy.example#Alpha"},
                "collectionOperations": [{"target": "smithy.example#Zeta"}]
            },
            "smithy.example#Oops": {
                "type": "structure",
                "members": {},
                "traits": {
                    "smithy.api#error": "server",
                    "smithy.api#retryable": {"throttling": true}
                }
            },
            "smithy.example#Repo": {
                "type": "service",
                "version": "2020-07-13",
                "operations": [
                    {"target": "smithy.example#Alpha"},
                    {"target": "smithy.example#Zeta"}
                ],
                "resources": [{"target": "smithy.example#Model"}],
                "errors": [{"target": "smithy.example#Oops"}],
                "rename": {"other.ns#Model": "OtherModel"}
            },
            "smithy.example#Zeta": {
                "type": "operation",
                "input": {"target": "smithy.api#Unit"},
                "output": {"target": "smithy.api#Unit"}
            }
        }),
    );
}

#[test]
fn annotation_values_follow_the_trait_shape_and_unquoted_values_are_shape_ids() {
    assert_shapes(
        r#"$version: "2"
namespace smithy.example

use smithy.api#String

@trait
list marks {
    member: String
}

@trait
structure flag {}

@marks @flag()
@error(client) // unquoted: a shape id, so this resolves into the namespace
@range(min: -5, max: 1.5e3)
integer Annotated
"#,
        json!({
            "smithy.example#Annotated": {
                "type": "integer",
                "traits": {
                    "smithy.api#error": "smithy.example#client",
                    "smithy.api#range": {"min": -5, "max": 1500.0},
                    "smithy.example#flag": {},
                    "smithy.example#marks": []
                }
            },
            "smithy.example#flag": {
                "type": "structure",
                "members": {},
                "traits": {"smithy.api#trait": {}}
            },
            "smithy.example#marks": {
                "type": "list",
                "member": {"target": "smithy.api#String"},
                "traits": {"smithy.api#trait": {}}
            }
        }),
    );
}
