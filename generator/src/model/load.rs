//! Reading model files into one [`Model`].
//!
//! JSON AST files are parsed into a `serde_json::Value` first, so a syntax
//! error reports its line and column; then each shape is deserialized on its
//! own, so a malformed shape is reported by its shape id. Smithy IDL files go
//! through [`crate::idl`], which produces the same JSON AST.
//!
//! A broken file does not stop the others from being read: every file's
//! problems are reported together.

use super::ast::Shape;
use super::{Model, ShapeId};
use crate::error::{Diagnostic, Error, Result};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::path::{Path, PathBuf};

/// A model file's text, gunzipped when its name ends in `.gz`.
fn read_text(path: &Path) -> std::io::Result<String> {
    if path.extension().is_some_and(|ext| ext == "gz") {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::io::BufReader::new(file))
            .read_to_string(&mut text)
            .map_err(|e| {
                std::io::Error::new(e.kind(), format!("not a gzip-compressed text: {e}"))
            })?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
    }
}

/// Reads every file (`.json` JSON AST or `.smithy` IDL, either of them
/// possibly gzip-compressed as `.json.gz`) into one model.
pub fn load_files(paths: &[PathBuf]) -> Result<Model> {
    if paths.is_empty() {
        return Err(Error::msg("no model files given"));
    }
    let mut model = Model::default();
    let mut idl_files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let text = match read_text(path) {
            Ok(text) => text,
            Err(e) => {
                problems
                    .push(Diagnostic::new(format!("cannot read model file: {e}")).in_file(path));
                continue;
            }
        };
        let name = path.to_string_lossy();
        if name.ends_with(".smithy") || name.ends_with(".smithy.gz") {
            idl_files.push((path.clone(), text));
        } else if let Err(e) = load_json_text(&mut model, path, &text) {
            problems.extend(e.diagnostics().iter().cloned());
        }
    }
    if !idl_files.is_empty() {
        match crate::idl::parse_files(&idl_files) {
            Ok(ast) => {
                let label = idl_label(&idl_files);
                if let Err(e) = load_json_value(&mut model, &label, ast) {
                    problems.extend(e.diagnostics().iter().cloned());
                }
                attribute_idl_shapes(&mut model, &label, &idl_files);
            }
            Err(e) => problems.push(idl_diagnostic(e)),
        }
    }
    if !problems.is_empty() {
        return Err(Error::many(problems));
    }
    model.finish()?;
    Ok(model)
}

/// An IDL error as a diagnostic, keeping its file and position apart from
/// the message like every other diagnostic.
fn idl_diagnostic(e: crate::idl::IdlError) -> Diagnostic {
    Diagnostic::new(e.message)
        .in_file(&e.file)
        .at(e.line, e.column)
}

/// Attributes each shape read from several IDL files (first recorded under
/// `label`, the list of them all) to the file that defines it, so that a
/// message about it names one file. A shape whose statement is not found
/// keeps the list.
fn attribute_idl_shapes(model: &mut Model, label: &Path, files: &[(PathBuf, String)]) {
    const SHAPE_KEYWORDS: &[&str] = &[
        "blob",
        "boolean",
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
        "document",
        "enum",
        "intEnum",
        "list",
        "set",
        "map",
        "structure",
        "union",
        "service",
        "operation",
        "resource",
    ];
    if files.len() < 2 {
        return;
    }
    let mut defined: std::collections::HashMap<(String, String), &PathBuf> =
        std::collections::HashMap::new();
    for (path, text) in files {
        let mut namespace = String::new();
        for line in text.lines() {
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some("namespace"), Some(ns)) => namespace = ns.to_owned(),
                (Some(keyword), Some(name)) if SHAPE_KEYWORDS.contains(&keyword) => {
                    let name = name.trim_end_matches('{');
                    defined.insert((namespace.clone(), name.to_owned()), path);
                }
                _ => {}
            }
        }
    }
    for (id, source) in &mut model.sources {
        if source.as_path() == label
            && let Some(path) = defined.get(&(id.namespace().to_owned(), id.name().to_owned()))
        {
            *source = (*path).clone();
        }
    }
}

/// The name IDL-sourced shapes are attributed to: the file when there is one,
/// else the list of files (the IDL reader merges them into one document).
fn idl_label(files: &[(PathBuf, String)]) -> PathBuf {
    match files {
        [(one, _)] => one.clone(),
        many => PathBuf::from(
            many.iter()
                .map(|(p, _)| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// Adds the shapes of one JSON AST document, given as text.
pub fn load_json_text(model: &mut Model, path: &Path, text: &str) -> Result<()> {
    let value = parse_json(path, text)?;
    load_json_value(model, path, value)
}

/// Parses JSON text, rejecting duplicate object keys. Plain serde_json keeps
/// the last of two equal keys, so a hand-edited model that defines a shape,
/// member or trait twice would silently lose the first definition.
/// Nesting is limited by serde_json (128 levels), so deep input is an error,
/// not a stack overflow.
fn parse_json(path: &Path, text: &str) -> Result<serde_json::Value, Diagnostic> {
    serde_json::from_str::<StrictValue>(text)
        .map(|v| v.0)
        .map_err(|e| {
            Diagnostic::new(format!("invalid JSON: {}", strip_position(&e)))
                .in_file(path)
                .at(e.line(), e.column())
        })
}

/// A JSON value whose objects have unique keys.
struct StrictValue(serde_json::Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // serde_json only yields finite numbers; `from` maps others to null.
        Ok(v.into())
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}` in one object"
                )));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// serde_json appends " at line X column Y" to its messages; the diagnostic
/// carries the position itself.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Adds the shapes of one JSON AST document.
pub fn load_json_value(model: &mut Model, path: &Path, value: serde_json::Value) -> Result<()> {
    let serde_json::Value::Object(mut document) = value else {
        return Err(
            Diagnostic::new("a Smithy JSON AST document must be a JSON object")
                .in_file(path)
                .into(),
        );
    };
    let version = match document.get("smithy") {
        Some(serde_json::Value::String(version)) => match version.as_str() {
            "1" | "1.0" => 1,
            "2" | "2.0" => 2,
            other => {
                return Err(Diagnostic::new(format!(
                    "unsupported Smithy version `{other}` (expected \"1.0\" or \"2.0\")"
                ))
                .in_file(path)
                .into());
            }
        },
        Some(other) => {
            return Err(Diagnostic::new(format!(
                "the `smithy` version must be a string such as \"2.0\", found {other}"
            ))
            .in_file(path)
            .into());
        }
        None => {
            return Err(Diagnostic::new(
                "missing the `smithy` version property (e.g. \"smithy\": \"2.0\")",
            )
            .in_file(path)
            .into());
        }
    };
    if let Some(metadata) = document.remove("metadata") {
        let serde_json::Value::Object(metadata) = metadata else {
            return Err(Diagnostic::new("`metadata` must be an object")
                .in_file(path)
                .into());
        };
        for (key, value) in metadata {
            model.merge_metadata(key, value);
        }
    }
    let shapes = match document.remove("shapes") {
        None => return Ok(()),
        Some(serde_json::Value::Object(shapes)) => shapes,
        Some(_) => {
            return Err(Diagnostic::new("`shapes` must be an object")
                .in_file(path)
                .into());
        }
    };
    let mut problems = Vec::new();
    for (id_text, shape_value) in shapes {
        if let Err(d) = add_shape(model, path, version, &id_text, shape_value) {
            problems.push(d);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::many(problems))
    }
}

/// The first member of a shape (in `members`, or a list's `member`, a map's
/// `key` or `value`) that is an object without a `target`.
fn member_without_target(shape: &serde_json::Value) -> Option<String> {
    let lacks_target = |member: &serde_json::Value| {
        member
            .as_object()
            .is_some_and(|object| !object.contains_key("target"))
    };
    if let Some(members) = shape.get("members").and_then(|m| m.as_object())
        && let Some((name, _)) = members.iter().find(|(_, member)| lacks_target(member))
    {
        return Some(name.clone());
    }
    ["member", "key", "value"]
        .into_iter()
        .find(|name| shape.get(*name).is_some_and(lacks_target))
        .map(str::to_owned)
}

fn add_shape(
    model: &mut Model,
    path: &Path,
    version: u8,
    id_text: &str,
    shape_value: serde_json::Value,
) -> Result<(), Diagnostic> {
    // `apply` may target a member (`ns#Shape$member`); everything else is a
    // plain shape id.
    let (shape_part, member) = match id_text.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (id_text, None),
    };
    let id = ShapeId::parse(shape_part)
        .map_err(|e| Diagnostic::new(format!("invalid shape id: {e}")).in_file(path))?;
    // serde would say only "missing field `target`": name the member.
    if let Some(member) = member_without_target(&shape_value) {
        return Err(Diagnostic::new("the member has no `target`")
            .in_file(path)
            .on_shape(&id)
            .on_member(&member));
    }
    let shape: Shape = serde_json::from_value(shape_value).map_err(|e| {
        let d = Diagnostic::new(describe_shape_error(&e))
            .in_file(path)
            .on_shape(&id);
        match member {
            Some(m) => d.on_member(m),
            None => d,
        }
    })?;
    if let Shape::Apply(apply) = shape {
        model.pending_applies.push(super::PendingApply {
            file: path.to_path_buf(),
            target: id,
            member: member.map(str::to_owned),
            traits: apply.traits,
        });
        return Ok(());
    }
    if let Some(member) = member {
        return Err(Diagnostic::new(format!(
            "only `apply` entries may name a member; found a `{}` shape",
            shape.type_name()
        ))
        .in_file(path)
        .on_shape(&id)
        .on_member(member));
    }
    if version >= 2 && matches!(shape, Shape::Set(_)) {
        return Err(Diagnostic::new(
            "`set` is not a shape type in Smithy 2.0; use a `list` with the @uniqueItems trait",
        )
        .in_file(path)
        .on_shape(&id));
    }
    if id.is_prelude() {
        return Err(Diagnostic::new(
            "models may not define shapes in the `smithy.api` prelude namespace",
        )
        .in_file(path)
        .on_shape(&id));
    }
    if let Some(existing) = model.shapes.get(&id) {
        if existing != &shape {
            let first = model
                .sources
                .get(&id)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(Diagnostic::new(format!(
                "defined twice with different definitions (first in {first})"
            ))
            .in_file(path)
            .on_shape(&id));
        }
        return Ok(());
    }
    model.sources.insert(id.clone(), path.to_path_buf());
    model.shapes.insert(id, shape);
    Ok(())
}

/// serde's messages for a bad `type` tag say "unknown variant"; say what a
/// model author would look for instead.
fn describe_shape_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix("unknown variant ") {
        let found = rest.split(',').next().unwrap_or(rest);
        return format!("unknown shape type {found}");
    }
    if text.starts_with("missing field `type`") {
        return "shape has no `type`".to_owned();
    }
    format!("malformed shape: {text}")
}

/// The models as one JSON AST document (what `smithy ast` prints): every
/// file's shapes after `apply` and mixins, prelude excluded.
pub fn emit_ast(paths: &[PathBuf]) -> Result<String> {
    let mut idl = Vec::new();
    let mut shapes = serde_json::Map::new();
    let mut metadata = serde_json::Map::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::new(format!("cannot read model file: {e}")).in_file(path))?;
        let name = path.to_string_lossy();
        if name.ends_with(".smithy") || name.ends_with(".smithy.gz") {
            idl.push((path.clone(), text));
            continue;
        }
        let value = parse_json(path, &text)?;
        merge_document(&mut shapes, &mut metadata, value);
    }
    if !idl.is_empty() {
        let value = crate::idl::parse_files(&idl).map_err(idl_diagnostic)?;
        merge_document(&mut shapes, &mut metadata, value);
    }
    let mut document = serde_json::Map::new();
    document.insert("smithy".to_owned(), serde_json::Value::from("2.0"));
    if !metadata.is_empty() {
        document.insert("metadata".to_owned(), serde_json::Value::Object(metadata));
    }
    let shapes: std::collections::BTreeMap<String, serde_json::Value> =
        shapes.into_iter().collect();
    document.insert(
        "shapes".to_owned(),
        serde_json::Value::Object(shapes.into_iter().collect()),
    );
    serde_json::to_string_pretty(&serde_json::Value::Object(document))
        .map_err(|e| Error::msg(format!("cannot print the JSON AST: {e}")))
}

fn merge_document(
    shapes: &mut serde_json::Map<String, serde_json::Value>,
    metadata: &mut serde_json::Map<String, serde_json::Value>,
    value: serde_json::Value,
) {
    let serde_json::Value::Object(mut document) = value else {
        return;
    };
    if let Some(serde_json::Value::Object(m)) = document.remove("metadata") {
        metadata.extend(m);
    }
    if let Some(serde_json::Value::Object(s)) = document.remove("shapes") {
        shapes.extend(s);
    }
}
