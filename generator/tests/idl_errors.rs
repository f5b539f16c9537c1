//! Malformed models: each error names the file, line and column of the
//! offending text, what was expected there, and what was found.

use std::path::PathBuf;

use generator::idl::{IdlError, parse_files};

fn error_of(files: &[(&str, &str)]) -> IdlError {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    match parse_files(&files) {
        Ok(ast) => panic!("expected an error, got {ast}"),
        Err(error) => error,
    }
}

/// The error of a one-file model whose body follows a version and namespace
/// (so line 3 is the body's first line).
#[track_caller]
fn assert_error(body: &str, expected: &str) {
    let source = format!("$version: \"2\"\nnamespace smithy.example\n{body}");
    assert_eq!(error_of(&[("m.smithy", &source)]).to_string(), expected);
}

#[test]
fn error_fields_locate_the_offending_text() {
    let error = error_of(&[(
        "dir/model.smithy",
        "$version: \"2\"\nnamespace smithy.example\nstructure Foo {\n    foo: String\n    bar String\n}\n",
    )]);
    assert_eq!(error.file, PathBuf::from("dir/model.smithy"));
    assert_eq!((error.line, error.column), (5, 9));
    assert_eq!(
        error.message,
        "expected ':' after the member name, found 'String'"
    );
    assert_eq!(
        error.to_string(),
        "dir/model.smithy:5:9: expected ':' after the member name, found 'String'"
    );
}

#[test]
fn syntax_errors() {
    let cases = [
        (
            "structure Foo {\n    foo: String\n",
            "m.smithy:5:1: expected a member name or '}', found end of file",
        ),
        (
            "string Foo string Bar\n",
            "m.smithy:3:12: expected a line break after the shape definition, found 'string'",
        ),
        (
            "strin Foo\n",
            "m.smithy:3:1: expected a shape type or 'apply', found 'strin'",
        ),
        (
            "structure Foo {\n    a: String = \"x\" b: String\n}\n",
            "m.smithy:4:21: expected a line break after the default value, found 'b'",
        ),
        (
            "structure Foo {\n\ttab: String\n\t@required\n}\n",
            "m.smithy:6:1: expected a member after its traits, found '}'",
        ),
        (
            "list L {\n    value: String\n}\n",
            "m.smithy:4:5: expected 'member' or '$member' in list 'L', found 'value'",
        ),
        (
            "string Foo with []\n",
            "m.smithy:3:18: expected a mixin shape id, found ']'",
        ),
        (
            "@trait(selector: )\nstructure t {}\n",
            "m.smithy:3:18: expected a value, found ')'",
        ),
        (
            "@length(min: 1, min: 2)\nstring Foo\n",
            "m.smithy:3:17: duplicate trait value key 'min'",
        ),
        (
            "structure Foo {\n    a: String\n    a: Integer\n}\n",
            "m.smithy:5:5: duplicate member 'a' in 'Foo'",
        ),
        (
            "operation Foo {\n    inputs: Bar\n}\n",
            "m.smithy:4:5: unknown operation property 'inputs': expected 'input', 'output' or 'errors'",
        ),
        (
            "union U {\n    a: String = \"x\"\n}\n",
            "m.smithy:4:15: default values ('= value') are only allowed on structure members",
        ),
        (
            "@since(\"1\")\napply Foo @since(\"2\")\n",
            "m.smithy:3:2: traits cannot be applied to an apply statement",
        ),
        (
            "use smithy.example\n",
            "m.smithy:3:5: expected an absolute shape id to use, found 'smithy.example'",
        ),
        (
            "metadata b = 2\n",
            "m.smithy:3:1: metadata statements must come before the namespace",
        ),
        (
            "service S {\n    version: \"1\"\n    operation: [A]\n}\n",
            "m.smithy:5:5: unknown service property 'operation': expected one of version, operations, resources, errors, rename",
        ),
    ];
    for (body, expected) in cases {
        assert_error(body, expected);
    }
}

#[test]
fn lexical_errors() {
    let cases = [
        (
            "@documentation(\"a\\qb\")\nstring Foo\n",
            "m.smithy:3:18: invalid escape '\\q'",
        ),
        (
            "@documentation(\"\\u12G4\")\nstring Foo\n",
            "m.smithy:3:17: invalid unicode escape '\\u12G4'",
        ),
        (
            "@documentation(\"\"\"foo\"\"\")\nstring Foo\n",
            "m.smithy:3:19: expected a line break after the opening \"\"\" of a text block",
        ),
        (
            "@documentation(\"unterminated)\nstring Foo\n",
            "m.smithy:3:16: unterminated string",
        ),
        (
            "structure Foo {\n    a: Integer = 01\n}\n",
            "m.smithy:4:18: numbers cannot have leading zeros",
        ),
        ("string Foo %\n", "m.smithy:3:12: unexpected character '%'"),
        (
            "string a.b\n",
            "m.smithy:3:8: expected a shape name, found 'a.b'",
        ),
    ];
    for (body, expected) in cases {
        assert_error(body, expected);
    }
}

#[test]
fn file_level_errors() {
    assert_eq!(
        error_of(&[("m.smithy", "$version: \"2\"\nstring Foo\n")]).to_string(),
        "m.smithy:2:1: expected a namespace statement, found 'string'"
    );
    assert_eq!(
        error_of(&[("m.smithy", "$version: \"1.0\"\nnamespace smithy.example\n")]).to_string(),
        "m.smithy:1:11: Smithy IDL version 1.0 is not supported: this reader implements IDL 2.0"
    );
    assert_eq!(
        error_of(&[("m.smithy", "$version: \"2\"\n$version: \"2\"\n")]).to_string(),
        "m.smithy:2:2: duplicate control statement '$version'"
    );
    let deep = format!("$version: \"2\"\nmetadata x = {}", "[".repeat(100_000));
    assert_eq!(
        error_of(&[("m.smithy", &deep)]).to_string(),
        "m.smithy:2:78: values nested more than 64 levels deep"
    );
}

#[test]
fn resolution_errors() {
    let cases = [
        (
            "structure Foo {\n    foo: Missing\n}\n",
            "m.smithy:4:10: unknown shape 'Missing': it is not imported with 'use', not defined in namespace 'smithy.example', and not in the prelude",
        ),
        (
            "@unknownTrait\nstring Foo\n",
            "m.smithy:3:2: unknown shape 'unknownTrait': it is not imported with 'use', not defined in namespace 'smithy.example', and not in the prelude",
        ),
        (
            "use other#Gone\nstring Foo with [Gone]\n",
            "m.smithy:4:18: unknown shape 'other#Gone' (imported as 'Gone')",
        ),
        (
            "apply Missing @since(\"1\")\n",
            "m.smithy:3:7: unknown shape 'Missing': it is not imported with 'use', not defined in namespace 'smithy.example', and not in the prelude",
        ),
        (
            "string Foo\napply Foo$bar @since(\"1\")\n",
            "m.smithy:4:7: cannot apply traits to 'smithy.example#Foo$bar': 'smithy.example#Foo' has no member 'bar'",
        ),
        (
            "apply String @since(\"1\")\n",
            "m.smithy:3:7: cannot apply traits to 'smithy.api#String': only shapes defined in the loaded files can be changed",
        ),
        (
            "structure Foo {\n    $missing\n}\n",
            "m.smithy:4:6: cannot find the target of elided member '$missing' of 'smithy.example#Foo': no resource it is bound to with 'for' and none of its mixins has a member or identifier of that name",
        ),
        (
            "@String\nstring Foo\n",
            "m.smithy:3:2: 'smithy.api#String' is not a trait: its shape does not have @trait",
        ),
    ];
    for (body, expected) in cases {
        assert_error(body, expected);
    }
}

#[test]
fn conflicting_definitions() {
    let cases = [
        (
            "string Foo\nstring Foo\n",
            "m.smithy:4:8: shape 'smithy.example#Foo' is already defined at m.smithy:3:8",
        ),
        (
            "@documentation(\"a\")\n@documentation(\"b\")\nstring Foo\n",
            "m.smithy:4:2: conflicting values for trait 'smithy.api#documentation' on 'smithy.example#Foo': it was already set at m.smithy:3:2",
        ),
        (
            "/// Docs.\n@documentation(\"b\")\nstring Foo\n",
            "m.smithy:3:1: conflicting values for trait 'smithy.api#documentation' on 'smithy.example#Foo': it was already set at m.smithy:4:2",
        ),
        (
            "use a#Foo\nstring Foo\n",
            "m.smithy:4:8: shape name 'Foo' conflicts with the imported shape 'a#Foo'",
        ),
        (
            "intEnum E {\n    A\n}\n",
            "m.smithy:4:5: intEnum member 'A' of 'smithy.example#E' needs a value ('A = 1')",
        ),
    ];
    for (body, expected) in cases {
        assert_error(body, expected);
    }
}

#[test]
fn errors_across_files_name_both_files() {
    let a = "$version: \"2\"\nmetadata color = \"red\"\nnamespace a\nstring Foo\n";
    let b = "$version: \"2\"\nmetadata color = \"blue\"\nnamespace a\nstring Foo\n";
    assert_eq!(
        error_of(&[("a.smithy", a), ("b.smithy", b)]).to_string(),
        "b.smithy:4:8: shape 'a#Foo' is already defined at a.smithy:4:8"
    );
    let b = "$version: \"2\"\nmetadata color = \"blue\"\n";
    assert_eq!(
        error_of(&[("a.smithy", a), ("b.smithy", b)]).to_string(),
        "b.smithy:2:10: conflicting values for metadata 'color': it was already set at a.smithy:2:10"
    );
}
