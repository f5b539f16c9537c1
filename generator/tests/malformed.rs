//! Hostile input: hand-edited and broken models.
//!
//! Every broken model is rejected with a diagnostic that names the culprit
//! (file, shape id, member, and line and column for invalid JSON), and a
//! failed run leaves an output directory holding a previously generated
//! crate exactly as it was: same files, same bytes, same timestamps. Models
//! that are legal Smithy but awkward Rust generate code that parses. No
//! input panics or exhausts the stack.

use generator::emit::CrateOptions;
use generator::lower::Selection;
use generator::{Diagnostic, Error, Options, output};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::SystemTime;

const NS: &str = "example.weather";

/// `example.weather#Name`.
fn id(name: &str) -> String {
    format!("{NS}#{name}")
}

fn target(name: &str) -> Value {
    let target = if name.contains('#') {
        name.to_owned()
    } else {
        id(name)
    };
    json!({ "target": target })
}

/// A small model that generates: one service, two operations (one
/// paginated), an error, an enum, an intEnum, a union, a list and a map.
fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            id("Weather"): {
                "type": "service",
                "version": "2006-03-01",
                "operations": [target("GetCity"), target("ListCities")],
                "traits": {
                    "aws.protocols#awsJson1_0": {},
                    "aws.api#service": { "sdkId": "Weather" },
                    "smithy.api#title": "Weather Service",
                    "smithy.api#documentation": "<p>Forecasts for <b>cities</b>.</p>"
                }
            },
            id("GetCity"): {
                "type": "operation",
                "input": target("GetCityInput"),
                "output": target("GetCityOutput"),
                "errors": [target("NoSuchCity")]
            },
            id("GetCityInput"): {
                "type": "structure",
                "members": {
                    "cityId": { "target": id("CityId"), "traits": { "smithy.api#required": {} } },
                    "units": target("Units")
                },
                "traits": { "smithy.api#input": {} }
            },
            id("GetCityOutput"): {
                "type": "structure",
                "members": {
                    "name": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
                    "coordinates": target("Coordinates"),
                    "tags": target("TagMap"),
                    "updated": target("smithy.api#Timestamp"),
                    "forecast": target("Forecast"),
                    "population": { "target": "smithy.api#Long", "traits": { "smithy.api#default": 0 } }
                },
                "traits": { "smithy.api#output": {} }
            },
            id("CityId"): {
                "type": "string",
                "traits": { "smithy.api#length": { "min": 1, "max": 64 } }
            },
            id("Coordinates"): {
                "type": "structure",
                "members": {
                    "latitude": { "target": "smithy.api#Double", "traits": { "smithy.api#required": {} } },
                    "longitude": { "target": "smithy.api#Double", "traits": { "smithy.api#required": {} } }
                }
            },
            id("Units"): {
                "type": "enum",
                "members": {
                    "METRIC": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "metric" } },
                    "IMPERIAL": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "imperial" } }
                }
            },
            id("Level"): {
                "type": "intEnum",
                "members": {
                    "LOW": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 1 } },
                    "HIGH": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 2 } }
                }
            },
            id("TagMap"): {
                "type": "map",
                "key": target("smithy.api#String"),
                "value": target("smithy.api#String")
            },
            id("Forecast"): {
                "type": "union",
                "members": {
                    "sunny": target("smithy.api#Unit"),
                    "rain": target("Level")
                }
            },
            id("ListCities"): {
                "type": "operation",
                "input": target("ListCitiesInput"),
                "output": target("ListCitiesOutput"),
                "traits": {
                    "smithy.api#paginated": {
                        "inputToken": "nextToken",
                        "outputToken": "nextToken",
                        "items": "items",
                        "pageSize": "pageSize"
                    }
                }
            },
            id("ListCitiesInput"): {
                "type": "structure",
                "members": {
                    "nextToken": target("smithy.api#String"),
                    "pageSize": target("smithy.api#Integer")
                }
            },
            id("ListCitiesOutput"): {
                "type": "structure",
                "members": {
                    "nextToken": target("smithy.api#String"),
                    "items": target("CityList")
                }
            },
            id("CityList"): {
                "type": "list",
                "member": target("CitySummary")
            },
            id("CitySummary"): {
                "type": "structure",
                "members": {
                    "cityId": { "target": id("CityId"), "traits": { "smithy.api#required": {} } },
                    "name": target("smithy.api#String")
                }
            },
            id("NoSuchCity"): {
                "type": "structure",
                "members": { "message": target("smithy.api#String") },
                "traits": { "smithy.api#error": "client", "smithy.api#httpError": 404 }
            }
        }
    })
}

/// The base model with `edit` applied to its `shapes` object.
fn edited(edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut model = base();
    if let Some(shapes) = model.get_mut("shapes").and_then(Value::as_object_mut) {
        edit(shapes);
    }
    serde_json::to_string_pretty(&model).expect("a JSON value prints")
}

/// The shape `name` of the model being edited.
fn shape<'a>(shapes: &'a mut Map<String, Value>, name: &str) -> &'a mut Value {
    shapes
        .get_mut(&id(name))
        .unwrap_or_else(|| panic!("the base model has no {name}"))
}

/// Adds (or replaces) member `member` of the structure `owner`.
fn set_member(shapes: &mut Map<String, Value>, owner: &str, member: &str, def: Value) {
    shape(shapes, owner)["members"][member] = def;
}

fn options(models: Vec<PathBuf>) -> Options {
    Options {
        models,
        selection: Selection::default(),
        krate: CrateOptions {
            name: "weather".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_path: "../runtime".to_owned(),
            runtime_version: "0.1.0".to_owned(),
            mount: None,
        },
        source_label: "weather.json".to_owned(),
    }
}

/// Generates from model files and writes the crate, as the command line
/// does.
fn generate_into(models: Vec<PathBuf>, out: &Path) -> Result<output::WriteReport, Error> {
    let rendered = generator::generate(&options(models))?;
    output::write(out, &rendered)
}

/// The crate generated from [`base`], rendered once.
fn base_crate() -> &'static output::Rendered {
    static CRATE: OnceLock<output::Rendered> = OnceLock::new();
    CRATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("weather.json");
        std::fs::write(&path, base().to_string()).expect("model written");
        generator::generate(&options(vec![path])).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Everything under `dir` that a run could change: each entry's path, kind,
/// bytes and modification time.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    path: PathBuf,
    dir: bool,
    content: Vec<u8>,
    modified: SystemTime,
}

fn snapshot(dir: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("listable directory") {
            let path = entry.expect("directory entry").path();
            let metadata = std::fs::symlink_metadata(&path).expect("metadata");
            let is_dir = metadata.is_dir();
            if is_dir {
                pending.push(path.clone());
            }
            out.push(Entry {
                content: if is_dir {
                    Vec::new()
                } else {
                    std::fs::read(&path).expect("readable file")
                },
                path: path.strip_prefix(dir).expect("under dir").to_path_buf(),
                dir: is_dir,
                modified: metadata.modified().expect("modification time"),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A temporary directory with `models/` and an `out/` that holds the crate
/// generated from the base model plus build products, as a real checkout
/// would.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir(dir.path().join("models")).expect("models dir");
        let out = dir.path().join("out");
        output::write(&out, base_crate()).expect("base crate written");
        std::fs::create_dir_all(out.join("target/debug")).expect("target dir");
        std::fs::write(out.join("target/debug/weather"), b"\x7fELF").expect("build product");
        std::fs::write(out.join("Cargo.lock"), "# lock\n").expect("lock file");
        Self { dir }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn model(&self, file_name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join("models").join(file_name);
        std::fs::write(&path, text).expect("model written");
        path
    }
}

/// What a diagnostic must name.
#[derive(Clone, Copy, Debug, Default)]
struct Culprit<'a> {
    /// The model file's name.
    file: &'a str,
    /// The shape, by name in [`NS`] or as a full id.
    shape: Option<&'a str>,
    member: Option<&'a str>,
    /// Words the message contains.
    phrase: &'a str,
    /// Line and column, for text that is not even valid JSON.
    position: Option<(usize, usize)>,
}

impl Culprit<'_> {
    fn matches(&self, d: &Diagnostic) -> bool {
        let shape = self
            .shape
            .map(|s| if s.contains('#') { s.to_owned() } else { id(s) });
        d.file
            .as_deref()
            .and_then(Path::file_name)
            .is_some_and(|f| f == self.file)
            && d.shape.as_ref().map(|s| s.to_string()) == shape
            && d.member.as_deref() == self.member
            && d.message.contains(self.phrase)
            && (self.position.is_none() || d.position == self.position)
    }
}

/// Asserts that `error` holds a diagnostic naming `culprit`, and that its
/// text (what the command line prints) names it too.
#[track_caller]
fn assert_names(error: &Error, culprit: Culprit<'_>) {
    let Some(d) = error.diagnostics().iter().find(|d| culprit.matches(d)) else {
        panic!("no diagnostic names {culprit:?}; got:\n{error}");
    };
    let text = d.to_string();
    for part in [Some(culprit.file), culprit.member, Some(culprit.phrase)]
        .into_iter()
        .flatten()
    {
        assert!(text.contains(part), "`{text}` does not name `{part}`");
    }
    if let Some(shape) = &d.shape {
        assert!(
            text.contains(&shape.to_string()),
            "`{text}` has no shape id"
        );
    }
    if let Some((line, column)) = culprit.position {
        assert!(text.contains(&format!(":{line}:{column}:")), "`{text}`");
    }
}

/// Runs the model text through generation and writing into a directory
/// holding an earlier crate; asserts the run fails naming `culprit` and
/// leaves the directory untouched.
#[track_caller]
fn assert_rejected(text: &str, culprit: Culprit<'_>) -> Error {
    assert_rejected_files(&[(culprit.file, text)], culprit)
}

#[track_caller]
fn assert_rejected_files(files: &[(&str, &str)], culprit: Culprit<'_>) -> Error {
    let ws = Workspace::new();
    let models = files
        .iter()
        .map(|(name, text)| ws.model(name, text))
        .collect();
    let before = snapshot(&ws.out());
    let error = match generate_into(models, &ws.out()) {
        Ok(report) => panic!("expected {culprit:?} to be rejected, but wrote {report:?}"),
        Err(e) => e,
    };
    assert_names(&error, culprit);
    assert_eq!(
        snapshot(&ws.out()),
        before,
        "a failed run changed the output"
    );
    error
}

/// A culprit in `file` on `shape` (and `member`), with `phrase`.
fn at<'a>(file: &'a str, shape: &'a str, member: Option<&'a str>, phrase: &'a str) -> Culprit<'a> {
    Culprit {
        file,
        shape: Some(shape),
        member,
        phrase,
        position: None,
    }
}

// ---------------------------------------------------------------------------
// The base model itself generates: every rejection below is the edit's doing.

#[test]
fn the_base_model_generates_and_writes() {
    let ws = Workspace::new();
    let path = ws.model("weather.json", &base().to_string());
    let report = generate_into(vec![path], &ws.out()).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.written.is_empty() && report.removed.is_empty());
    assert!(base_crate().contains_key(Path::new("src/operation/list_cities.rs")));
}

/// The official models are valid: validation has no false positives on them.
#[test]
fn official_models_pass_validation() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("models").is_dir())
        .expect("shared/ next to the repository");
    let mut sets: Vec<Vec<PathBuf>> = ["proton.json", "cancel-component-deployment.closure.json"]
        .iter()
        .map(|name| vec![shared.join("models").join(name)])
        .collect();
    let mut idl = Vec::new();
    for dir in ["awsJson1_0", "shared", "traits"] {
        for entry in std::fs::read_dir(shared.join("protocol-tests").join(dir)).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "smithy") {
                idl.push(path);
            }
        }
    }
    sets.push(idl);
    for files in sets {
        let model = generator::model::load::load_files(&files).unwrap_or_else(|e| panic!("{e}"));
        generator::validate::validate(&model).unwrap_or_else(|e| panic!("{e}"));
    }
}

// ---------------------------------------------------------------------------
// Files that are not a Smithy JSON AST.

#[test]
fn invalid_json_names_line_and_column() {
    let text = "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"example.weather#A\": {\"type\": \"structure\",}\n  }\n}\n";
    assert_rejected(
        text,
        Culprit {
            file: "trailing-comma.json",
            phrase: "invalid JSON: trailing comma",
            position: Some((4, 47)),
            ..Culprit::default()
        },
    );
}

#[test]
fn truncated_json_names_where_it_ends() {
    let full = base().to_string();
    let text = &full[..full.len() / 2];
    assert_rejected(
        text,
        Culprit {
            file: "truncated.json",
            phrase: "invalid JSON: EOF while parsing",
            position: Some((1, text.chars().count())),
            ..Culprit::default()
        },
    );
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!(
        "{{\"smithy\": \"2.0\", \"metadata\": {{\"x\": {}{}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_rejected(
        &text,
        Culprit {
            file: "deep.json",
            phrase: "recursion limit exceeded",
            // The document and `metadata` objects are two of serde_json's
            // 128 levels; the 127th bracket (column 36 + 126) is one too many.
            position: Some((1, 162)),
            ..Culprit::default()
        },
    );
}

#[test]
fn a_shape_defined_twice_in_one_file_is_not_silently_replaced() {
    let text = base().to_string().replacen(
        "\"shapes\":{",
        "\"shapes\":{\"example.weather#CityId\":{\"type\":\"integer\"},",
        1,
    );
    assert_rejected(
        &text,
        Culprit {
            file: "twice.json",
            phrase: "duplicate key `example.weather#CityId`",
            // serde_json reports the end of the repeated key.
            position: text
                .find("\"example.weather#CityId\":{\"type\":\"string\"")
                .map(|i| (1, i + "\"example.weather#CityId\"".len())),
            ..Culprit::default()
        },
    );
}

#[test]
fn missing_smithy_version() {
    let mut model = base();
    model.as_object_mut().map(|o| o.remove("smithy"));
    assert_rejected(
        &model.to_string(),
        Culprit {
            file: "no-version.json",
            phrase: "missing the `smithy` version",
            ..Culprit::default()
        },
    );
}

#[test]
fn unknown_smithy_version() {
    let mut model = base();
    model["smithy"] = json!("3.0");
    assert_rejected(
        &model.to_string(),
        Culprit {
            file: "version-3.json",
            phrase: "unsupported Smithy version `3.0`",
            ..Culprit::default()
        },
    );
}

#[test]
fn a_document_that_is_not_an_object() {
    assert_rejected(
        "[\"smithy\", \"2.0\"]",
        Culprit {
            file: "array.json",
            phrase: "must be a JSON object",
            ..Culprit::default()
        },
    );
}

#[test]
fn idl_syntax_errors_keep_their_position() {
    let text =
        "$version: \"2\"\nnamespace example.weather\n\nstructure City {\n    name String\n}\n";
    assert_rejected(
        text,
        Culprit {
            file: "city.smithy",
            phrase: "expected ':' after the member name",
            position: Some((5, 10)),
            ..Culprit::default()
        },
    );
}

// ---------------------------------------------------------------------------
// Shapes the loader cannot take.

#[test]
fn unknown_shape_type() {
    let text = edited(|s| {
        s.insert(id("Station"), json!({ "type": "strukture", "members": {} }));
    });
    assert_rejected(
        &text,
        at(
            "typo.json",
            "Station",
            None,
            "unknown shape type `strukture`",
        ),
    );
}

#[test]
fn a_member_without_a_target_is_named() {
    let text = edited(|s| {
        set_member(s, "GetCityInput", "station", json!({ "traits": {} }));
    });
    assert_rejected(
        &text,
        at(
            "no-target.json",
            "GetCityInput",
            Some("station"),
            "the member has no `target`",
        ),
    );
    let text = edited(|s| {
        s.insert(
            id("Names"),
            json!({ "type": "list", "member": { "traits": {} } }),
        );
    });
    assert_rejected(
        &text,
        at("no-target.json", "Names", Some("member"), "has no `target`"),
    );
}

#[test]
fn set_in_a_smithy_2_model() {
    let text = edited(|s| {
        s.insert(
            id("CitySet"),
            json!({ "type": "set", "member": target("CityId") }),
        );
    });
    assert_rejected(
        &text,
        at(
            "set.json",
            "CitySet",
            None,
            "`set` is not a shape type in Smithy 2.0",
        ),
    );
}

#[test]
fn apply_to_an_undefined_shape() {
    let text = edited(|s| {
        s.insert(
            id("Station$name"),
            json!({ "type": "apply", "traits": { "smithy.api#required": {} } }),
        );
    });
    assert_rejected(
        &text,
        at(
            "apply.json",
            "Station",
            Some("name"),
            "`apply` targets a shape that is not defined",
        ),
    );
}

#[test]
fn mixins_in_a_cycle() {
    let text = edited(|s| {
        for (name, other) in [("A", "B"), ("B", "A")] {
            s.insert(
                id(name),
                json!({
                    "type": "structure",
                    "members": {},
                    "mixins": [target(other)],
                    "traits": { "smithy.api#mixin": {} }
                }),
            );
        }
    });
    assert_rejected(
        &text,
        at("mixin-cycle.json", "A", None, "mixins form a cycle"),
    );
}

#[test]
fn a_shape_without_mixin_used_as_mixin() {
    let text = edited(|s| {
        shape(s, "CitySummary")["mixins"] = json!([target("Coordinates")]);
    });
    assert_rejected(
        &text,
        at(
            "not-a-mixin.json",
            "CitySummary",
            None,
            "has no @mixin trait",
        ),
    );
}

#[test]
fn a_chain_of_mixins_too_deep_to_flatten() {
    let text = edited(|s| {
        for i in 0..1000 {
            s.insert(
                id(&format!("M{i}")),
                json!({
                    "type": "structure",
                    "members": { format!("m{i}"): target("smithy.api#String") },
                    "mixins": [target(&format!("M{}", i + 1))],
                    "traits": { "smithy.api#mixin": {} }
                }),
            );
        }
        s.insert(
            id("M1000"),
            json!({ "type": "structure", "members": {}, "traits": { "smithy.api#mixin": {} } }),
        );
        shape(s, "CitySummary")["mixins"] = json!([target("M0")]);
    });
    assert_rejected(
        &text,
        at(
            "mixins.json",
            "M63",
            None,
            "mixins nest more than 64 levels deep",
        ),
    );
}

// ---------------------------------------------------------------------------
// Members.

#[test]
fn a_member_targeting_an_undefined_shape() {
    let text = edited(|s| set_member(s, "GetCityOutput", "station", target("Station")));
    assert_rejected(
        &text,
        at(
            "dangling.json",
            "GetCityOutput",
            Some("station"),
            "targets `example.weather#Station`, which is not defined",
        ),
    );
}

#[test]
fn a_member_targeting_an_operation() {
    let text = edited(|s| set_member(s, "GetCityOutput", "next", target("ListCities")));
    assert_rejected(
        &text,
        at(
            "member-op.json",
            "GetCityOutput",
            Some("next"),
            "an operation; members may only target data shapes",
        ),
    );
}

#[test]
fn a_member_name_that_is_not_an_identifier() {
    let text = edited(|s| set_member(s, "CitySummary", "time-zone", target("smithy.api#String")));
    assert_rejected(
        &text,
        at(
            "member-name.json",
            "CitySummary",
            Some("time-zone"),
            "is not a valid member name",
        ),
    );
}

#[test]
fn member_names_that_differ_only_in_case() {
    let text = edited(|s| set_member(s, "CitySummary", "Name", target("smithy.api#String")));
    assert_rejected(
        &text,
        at(
            "case.json",
            "CitySummary",
            Some("Name"),
            "must differ in more than case",
        ),
    );
}

#[test]
fn two_members_with_one_rust_name() {
    let text = edited(|s| {
        set_member(s, "CitySummary", "city_id", target("smithy.api#String"));
    });
    assert_rejected(
        &text,
        at(
            "rust-name.json",
            "CitySummary",
            Some("city_id"),
            "both map to the Rust name `city_id`",
        ),
    );
}

#[test]
fn map_keys_that_are_not_strings() {
    let text = edited(|s| shape(s, "TagMap")["key"] = target("smithy.api#Integer"));
    assert_rejected(
        &text,
        at(
            "map-key.json",
            "TagMap",
            Some("key"),
            "map keys must target a string or enum, not an integer",
        ),
    );
}

// ---------------------------------------------------------------------------
// Operations and services.

#[test]
fn an_operation_input_that_is_not_a_structure() {
    let text = edited(|s| shape(s, "GetCity")["input"] = target("CityId"));
    assert_rejected(
        &text,
        at(
            "input.json",
            "GetCity",
            None,
            "input `example.weather#CityId` is a string, not a structure",
        ),
    );
}

#[test]
fn an_operation_error_without_the_error_trait() {
    let text = edited(|s| shape(s, "GetCity")["errors"] = json!([target("Coordinates")]));
    assert_rejected(
        &text,
        at(
            "error.json",
            "GetCity",
            None,
            "error `example.weather#Coordinates` is a structure without the @error trait",
        ),
    );
}

#[test]
fn an_unsupported_protocol_is_named() {
    let text = edited(|s| {
        let traits = &mut shape(s, "Weather")["traits"];
        traits
            .as_object_mut()
            .map(|t| t.remove("aws.protocols#awsJson1_0"));
        traits["smithy.protocols#rpcv2Cbor"] = json!({});
    });
    assert_rejected(
        &text,
        at(
            "protocol.json",
            "Weather",
            None,
            "uses protocol smithy.protocols#rpcv2Cbor, which is not supported",
        ),
    );
}

#[test]
fn two_operations_with_one_name() {
    let text = edited(|s| {
        s.insert(
            "example.other#GetCity".to_owned(),
            json!({ "type": "operation" }),
        );
        shape(s, "Weather")["operations"] = json!([
            target("GetCity"),
            target("ListCities"),
            target("example.other#GetCity")
        ]);
    });
    assert_rejected(
        &text,
        at(
            "operations.json",
            "Weather",
            None,
            "binds operations `example.other#GetCity` and `example.weather#GetCity`",
        ),
    );
}

#[test]
fn two_shapes_with_one_rust_name_in_one_module() {
    let text = edited(|s| {
        s.insert(
            "example.other#Coordinates".to_owned(),
            json!({ "type": "structure", "members": {} }),
        );
        set_member(
            s,
            "CitySummary",
            "grid",
            target("example.other#Coordinates"),
        );
        set_member(s, "CitySummary", "coordinates", target("Coordinates"));
    });
    assert_rejected(
        &text,
        at(
            "collision.json",
            "Coordinates",
            None,
            "maps to the Rust name `Coordinates` in `types`, as `example.other#Coordinates` does",
        ),
    );
}

#[test]
fn a_rename_of_an_operation() {
    let text = edited(|s| {
        shape(s, "Weather")["rename"] = json!({ id("GetCity"): "FetchCity" });
    });
    assert_rejected(
        &text,
        at(
            "rename.json",
            "Weather",
            None,
            "renames `example.weather#GetCity`; services, operations and resources cannot be renamed",
        ),
    );
}

// ---------------------------------------------------------------------------
// Traits with values of the wrong form, or in the wrong place.

#[test]
fn length_without_min_or_max() {
    let text = edited(|s| shape(s, "CityId")["traits"]["smithy.api#length"] = json!({}));
    assert_rejected(
        &text,
        at(
            "length.json",
            "CityId",
            None,
            "`smithy.api#length` must set `min`, `max` or both",
        ),
    );
}

#[test]
fn http_error_that_is_not_an_integer() {
    let text = edited(|s| shape(s, "NoSuchCity")["traits"]["smithy.api#httpError"] = json!("404"));
    assert_rejected(
        &text,
        at(
            "http-error.json",
            "NoSuchCity",
            None,
            "`smithy.api#httpError` must be an integer HTTP status code",
        ),
    );
}

#[test]
fn the_error_trait_on_a_string() {
    let text = edited(|s| shape(s, "CityId")["traits"]["smithy.api#error"] = json!("client"));
    assert_rejected(
        &text,
        at(
            "error-on-string.json",
            "CityId",
            None,
            "`smithy.api#error` is not allowed on a string",
        ),
    );
}

#[test]
fn timestamp_format_on_a_string_member() {
    let text = edited(|s| {
        shape(s, "CitySummary")["members"]["name"]["traits"] =
            json!({ "smithy.api#timestampFormat": "date-time" });
    });
    assert_rejected(
        &text,
        at(
            "timestamp-format.json",
            "CitySummary",
            Some("name"),
            "`smithy.api#timestampFormat` does not apply here",
        ),
    );
}

#[test]
fn xml_attribute_on_a_list_member() {
    let text = edited(|s| {
        shape(s, "ListCitiesOutput")["members"]["items"]["traits"] =
            json!({ "smithy.api#xmlAttribute": {} });
    });
    assert_rejected(
        &text,
        at(
            "xml-attribute.json",
            "ListCitiesOutput",
            Some("items"),
            "`smithy.api#xmlAttribute` does not apply here",
        ),
    );
}

#[test]
fn xml_flattened_on_a_string_member() {
    let text = edited(|s| {
        shape(s, "CitySummary")["members"]["name"]["traits"] =
            json!({ "smithy.api#xmlFlattened": {} });
    });
    assert_rejected(
        &text,
        at(
            "xml-flattened.json",
            "CitySummary",
            Some("name"),
            "`smithy.api#xmlFlattened` does not apply here",
        ),
    );
}

#[test]
fn xml_namespace_without_a_uri() {
    let text = edited(|s| {
        shape(s, "CitySummary")["members"]["name"]["traits"] =
            json!({ "smithy.api#xmlNamespace": { "prefix": "p" } });
    });
    assert_rejected(
        &text,
        at(
            "xml-namespace.json",
            "CitySummary",
            Some("name"),
            "trait `smithy.api#xmlNamespace` takes {uri: string, prefix?: string}",
        ),
    );
}

#[test]
fn idempotency_token_on_an_integer() {
    let text = edited(|s| {
        shape(s, "ListCitiesInput")["members"]["pageSize"]["traits"] =
            json!({ "smithy.api#idempotencyToken": {} });
    });
    assert_rejected(
        &text,
        at(
            "token.json",
            "ListCitiesInput",
            Some("pageSize"),
            "`smithy.api#idempotencyToken` does not apply here",
        ),
    );
}

#[test]
fn a_default_of_the_wrong_type() {
    let text = edited(|s| {
        shape(s, "GetCityOutput")["members"]["population"]["traits"]["smithy.api#default"] =
            json!("many");
    });
    assert_rejected(
        &text,
        at(
            "default.json",
            "GetCityOutput",
            Some("population"),
            "@default value \"many\" does not fit the target, a long",
        ),
    );
}

#[test]
fn a_default_out_of_range() {
    let text = edited(|s| {
        s.insert(id("Percent"), json!({ "type": "byte" }));
        set_member(
            s,
            "CitySummary",
            "humidity",
            json!({ "target": id("Percent"), "traits": { "smithy.api#default": 300 } }),
        );
    });
    assert_rejected(
        &text,
        at(
            "default-range.json",
            "CitySummary",
            Some("humidity"),
            "expected an integer from -128 to 127",
        ),
    );
}

#[test]
fn a_default_on_a_structure_member() {
    let text = edited(|s| {
        set_member(
            s,
            "CitySummary",
            "coordinates",
            json!({ "target": id("Coordinates"), "traits": { "smithy.api#default": {} } }),
        );
    });
    assert_rejected(
        &text,
        at(
            "default-structure.json",
            "CitySummary",
            Some("coordinates"),
            "has a @default, but targets a structure",
        ),
    );
}

#[test]
fn a_default_enum_value_the_enum_does_not_have() {
    let text = edited(|s| {
        set_member(
            s,
            "CitySummary",
            "units",
            json!({ "target": id("Units"), "traits": { "smithy.api#default": "kelvin" } }),
        );
    });
    assert_rejected(
        &text,
        at(
            "default-enum.json",
            "CitySummary",
            Some("units"),
            "one of the enum's values (metric, imperial)",
        ),
    );
}

#[test]
fn an_integer_value_on_a_string_enum() {
    let text = edited(|s| {
        shape(s, "Units")["members"]["METRIC"]["traits"]["smithy.api#enumValue"] = json!(1);
    });
    assert_rejected(
        &text,
        at(
            "enum-value.json",
            "Units",
            Some("METRIC"),
            "enum members need a string @enumValue",
        ),
    );
}

#[test]
fn an_int_enum_member_without_a_value() {
    let text = edited(|s| {
        shape(s, "Level")["members"]["HIGH"]["traits"] = json!({});
    });
    assert_rejected(
        &text,
        at(
            "int-enum.json",
            "Level",
            Some("HIGH"),
            "intEnum members need an integer @enumValue",
        ),
    );
}

#[test]
fn an_enum_value_twice() {
    let text = edited(|s| {
        shape(s, "Units")["members"]["IMPERIAL"]["traits"]["smithy.api#enumValue"] =
            json!("metric");
    });
    assert_rejected(
        &text,
        at(
            "enum-twice.json",
            "Units",
            Some("IMPERIAL"),
            "has the value \"metric\", as member `METRIC` does",
        ),
    );
}

#[test]
fn enum_values_with_one_rust_name() {
    let text = edited(|s| {
        shape(s, "Units")["members"]["Metric_"] = json!({
            "target": "smithy.api#Unit",
            "traits": { "smithy.api#enumValue": "METRIC!" }
        });
    });
    assert_rejected(
        &text,
        at(
            "variants.json",
            "Units",
            Some("METRIC!"),
            "both map to the Rust name `Metric`",
        ),
    );
}

#[test]
fn paginated_names_a_member_the_input_lacks() {
    let text = edited(|s| {
        shape(s, "ListCities")["traits"]["smithy.api#paginated"]["inputToken"] = json!("marker");
    });
    assert_rejected(
        &text,
        at(
            "paginated.json",
            "ListCities",
            None,
            "@paginated `inputToken` names `marker`, which the operation input does not have",
        ),
    );
}

#[test]
fn paginated_page_size_that_is_not_an_integer() {
    let text = edited(|s| {
        shape(s, "ListCitiesInput")["members"]["pageSize"] = target("smithy.api#String");
    });
    assert_rejected(
        &text,
        at(
            "page-size.json",
            "ListCities",
            None,
            "`pageSize` names `pageSize`, which targets a string; it must target an integer type",
        ),
    );
}

// ---------------------------------------------------------------------------
// Shapes no Rust type can represent.

#[test]
fn a_list_that_contains_itself() {
    let text = edited(|s| {
        s.insert(
            id("Matrix"),
            json!({ "type": "list", "member": target("Rows") }),
        );
        s.insert(
            id("Rows"),
            json!({ "type": "list", "member": target("Matrix") }),
        );
        set_member(s, "CitySummary", "grid", target("Matrix"));
    });
    assert_rejected(
        &text,
        at(
            "list-cycle.json",
            "Rows",
            None,
            "contains itself through lists and maps only (Matrix → Rows → Matrix)",
        ),
    );
}

#[test]
fn ten_thousand_nested_lists_are_an_error_not_a_stack_overflow() {
    let text = edited(|s| {
        for i in 0..10_000 {
            s.insert(
                id(&format!("L{i}")),
                json!({ "type": "list", "member": target(&format!("L{}", i + 1)) }),
            );
        }
        s.insert(id("L10000"), json!({ "type": "string" }));
        set_member(s, "CitySummary", "nested", target("L0"));
    });
    assert_rejected(
        &text,
        at(
            "nested.json",
            "L9967",
            None,
            "lists and maps nest more than 32 levels deep",
        ),
    );
}

#[test]
fn structures_that_require_each_other() {
    let text = edited(|s| {
        s.insert(
            id("Region"),
            json!({ "type": "structure", "members": {
                "capital": { "target": id("City"), "traits": { "smithy.api#required": {} } }
            }}),
        );
        s.insert(
            id("City"),
            json!({ "type": "structure", "members": {
                "region": { "target": id("Region"), "traits": { "smithy.api#required": {} } }
            }}),
        );
        set_member(s, "CitySummary", "city", target("City"));
    });
    assert_rejected(
        &text,
        at(
            "required-cycle.json",
            "City",
            Some("region"),
            "is required and targets `example.weather#Region`, which can never be built",
        ),
    );
}

#[test]
fn a_union_with_no_members() {
    let text = edited(|s| shape(s, "Forecast")["members"] = json!({}));
    assert_rejected(
        &text,
        at(
            "union.json",
            "Forecast",
            None,
            "a union needs at least one member",
        ),
    );
}

// ---------------------------------------------------------------------------
// Many problems, one run.

#[test]
fn every_problem_of_a_model_is_reported_at_once() {
    let broken = edited(|s| {
        set_member(s, "GetCityOutput", "station", target("Station"));
        shape(s, "CityId")["traits"]["smithy.api#length"] = json!({});
        shape(s, "GetCity")["input"] = target("CityId");
    });
    let error = assert_rejected(
        &broken,
        at(
            "three.json",
            "CityId",
            None,
            "must set `min`, `max` or both",
        ),
    );
    assert_names(
        &error,
        at(
            "three.json",
            "GetCity",
            None,
            "is a string, not a structure",
        ),
    );
    assert_names(
        &error,
        at(
            "three.json",
            "GetCityOutput",
            Some("station"),
            "which is not defined",
        ),
    );
    assert_eq!(error.diagnostics().len(), 3, "{error}");
}

#[test]
fn every_broken_file_is_reported_at_once() {
    let error = assert_rejected_files(
        &[
            ("a.json", "{\"smithy\": \"2.0\", \"shapes\": [}"),
            ("b.json", "{\"smithy\": \"1.5\"}"),
            ("c.json", &base().to_string()),
        ],
        Culprit {
            file: "a.json",
            phrase: "invalid JSON",
            position: Some((1, 30)),
            ..Culprit::default()
        },
    );
    assert_names(
        &error,
        Culprit {
            file: "b.json",
            phrase: "unsupported Smithy version `1.5`",
            ..Culprit::default()
        },
    );
    assert_eq!(error.diagnostics().len(), 2, "{error}");
}

// ---------------------------------------------------------------------------
// The command line: a non-zero exit, the culprit on stderr, and an output
// directory (with a crate, build products and a file of the user's) left
// exactly as it was.

/// Runs the generator binary in `cwd` (which has no `codegen.toml`).
fn cli(cwd: &Path, model: &Path, out: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .current_dir(cwd)
        .arg("--model")
        .arg(model)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", "weather", "--runtime-path", "../runtime"])
        .output()
        .expect("the generator runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs the binary on `text` against an output directory holding an
/// earlier crate; asserts exit code 1, every `expected` piece on stderr,
/// and an untouched directory.
#[track_caller]
fn assert_cli_rejects(file_name: &str, text: &str, prepare: impl FnOnce(&Path), expected: &[&str]) {
    let ws = Workspace::new();
    prepare(&ws.out());
    let model = ws.model(file_name, text);
    let before = snapshot(&ws.out());
    let (code, stderr) = cli(ws.dir.path(), &model, &ws.out());
    assert_eq!(code, Some(1), "{stderr}");
    for piece in expected {
        assert!(stderr.contains(piece), "stderr lacks `{piece}`:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        snapshot(&ws.out()),
        before,
        "a failed run changed the output"
    );
}

fn add_notes(out: &Path) {
    std::fs::write(out.join("NOTES.md"), "my notes\n").expect("notes written");
}

#[test]
fn cli_invalid_json() {
    assert_cli_rejects(
        "broken.json",
        "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"example.weather#A\": {\"type\": \"structure\",}\n  }\n}\n",
        |_| {},
        &[
            "broken.json:4:47: invalid JSON: trailing comma",
            "nothing was written",
        ],
    );
}

#[test]
fn cli_validation_error_with_a_file_of_the_user_in_the_output() {
    let text = edited(|s| set_member(s, "GetCityOutput", "station", target("Station")));
    assert_cli_rejects(
        "dangling.json",
        &text,
        add_notes,
        &[
            "error: ",
            "dangling.json: example.weather#GetCityOutput$station: targets `example.weather#Station`, which is not defined",
            "nothing was written",
        ],
    );
}

#[test]
fn cli_lowering_error() {
    let text = edited(|s| {
        let traits = &mut shape(s, "Weather")["traits"];
        traits
            .as_object_mut()
            .map(|t| t.remove("aws.protocols#awsJson1_0"));
        traits["smithy.protocols#rpcv2Cbor"] = json!({});
    });
    assert_cli_rejects(
        "cbor.json",
        &text,
        |_| {},
        &[
            "cbor.json: example.weather#Weather: uses protocol smithy.protocols#rpcv2Cbor, which is not supported",
        ],
    );
}

#[test]
fn cli_refuses_to_overwrite_a_file_it_did_not_write() {
    assert_cli_rejects(
        "weather.json",
        &base().to_string(),
        |out| {
            std::fs::write(out.join("src/lib.rs"), "// my own crate\n").expect("written");
            add_notes(out);
        },
        &[
            "files the generator did not write",
            "NOTES.md",
            "src/lib.rs",
            "nothing was written",
        ],
    );
}

#[test]
fn cli_directory_where_a_file_goes_fails_before_writing() {
    let text = edited(|s| {
        shape(s, "GetCityOutput")["traits"]["smithy.api#documentation"] = json!("Changed.");
    });
    assert_cli_rejects(
        "weather.json",
        &text,
        |out| {
            std::fs::remove_file(out.join("src/operation/get_city.rs")).expect("removed");
            std::fs::create_dir(out.join("src/operation/get_city.rs")).expect("dir");
        },
        &["get_city.rs", "nothing was written"],
    );
}

#[test]
fn cli_writes_a_valid_model_then_changes_nothing() {
    let ws = tempfile::tempdir().expect("temporary directory");
    let model = ws.path().join("weather.json");
    std::fs::write(&model, base().to_string()).expect("model written");
    let out = ws.path().join("fresh/crate");
    let (code, stderr) = cli(ws.path(), &model, &out);
    assert_eq!(code, Some(0), "{stderr}");
    let written = snapshot(&out);
    assert_eq!(
        written.iter().filter(|e| !e.dir).count(),
        base_crate().len()
    );
    let (code, stderr) = cli(ws.path(), &model, &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("0 written, 0 removed"), "{stderr}");
    assert_eq!(snapshot(&out), written);
}

// ---------------------------------------------------------------------------
// Legal Smithy, awkward Rust: generation succeeds and the code parses.

/// Documentation that breaks naive emitters: intra-doc-link brackets, HTML,
/// a comment terminator, a carriage return, bidirectional controls, quotes,
/// backslashes, an attribute and a fenced block.
const HOSTILE_DOCS: &str = "<p>Use [brackets] and <code>a[0]</code>, */ ends /* comments.\r\n\
    Evil \u{202E}txet\u{202C} and \u{2066}isolate\u{2069}; \"quotes\" \\ and #[doc = \"x\"].</p>\
    <pre>```\nfn main() {}\n</pre><a href=\"https://example.com/\u{202E}x\">link</a>\r";

fn awkward_model() -> Value {
    let docs = json!({ "smithy.api#documentation": HOSTILE_DOCS });
    let string = |doc: bool| {
        if doc {
            json!({ "target": "smithy.api#String", "traits": { "smithy.api#documentation": HOSTILE_DOCS } })
        } else {
            target("smithy.api#String")
        }
    };
    let mut shapes = Map::new();
    shapes.insert(
        id("Weather"),
        json!({
            "type": "service",
            "version": "1",
            "operations": [target("Match"), target("Self")],
            "traits": { "aws.protocols#awsJson1_1": {}, "smithy.api#documentation": HOSTILE_DOCS }
        }),
    );
    shapes.insert(
        id("Match"),
        json!({
            "type": "operation",
            "input": target("MatchInput"),
            "output": target("MatchOutput"),
            "errors": [target("Error"), target("Unhandled")],
            "traits": docs.clone()
        }),
    );
    shapes.insert(id("Self"), json!({ "type": "operation" }));
    let mut input = Map::new();
    for name in [
        "type",
        "match",
        "self",
        "build",
        "builder",
        "send",
        "meta",
        "default",
        "customize",
        "as_input",
        "r#fn",
        "Option",
        "Result",
        "String",
        "Box",
        "Vec",
        "Error",
        "Client",
        "Config",
        "Some",
        "None",
        "Ok",
        "Err",
    ] {
        if name.starts_with("r#") {
            continue; // not a Smithy identifier
        }
        input.insert(name.to_owned(), string(name == "type"));
    }
    input.insert("kind".to_owned(), target("Kind"));
    input.insert("ordinal".to_owned(), target("Ordinal"));
    input.insert("level".to_owned(), target("Level"));
    input.insert("choice".to_owned(), target("Choice"));
    for name in [
        "Option",
        "Result",
        "String",
        "Box",
        "Vec",
        "Client",
        "Config",
        "SelfValue",
    ] {
        input.insert(format!("{name}Shape"), target(name));
    }
    shapes.insert(
        id("MatchInput"),
        json!({ "type": "structure", "members": input }),
    );
    shapes.insert(
        id("MatchOutput"),
        json!({ "type": "structure", "members": {
            "Self": string(true),
            "Type": string(false),
            "self_shape": target("Self_"),
            "unknown": target("Kind"),
        }}),
    );
    for name in [
        "Option",
        "Result",
        "String",
        "Box",
        "Vec",
        "Client",
        "Config",
        "SelfValue",
        "Self_",
    ] {
        shapes.insert(
            id(name),
            json!({ "type": "structure", "members": { "value": string(true) }, "traits": docs.clone() }),
        );
    }
    for name in ["Error", "Unhandled"] {
        shapes.insert(
            id(name),
            json!({
                "type": "structure",
                "members": { "message": string(true), "meta": string(false) },
                "traits": { "smithy.api#error": "client", "smithy.api#documentation": HOSTILE_DOCS }
            }),
        );
    }
    let variant = |value: &str| {
        json!({ "target": "smithy.api#Unit", "traits": {
            "smithy.api#enumValue": value,
            "smithy.api#documentation": HOSTILE_DOCS
        }})
    };
    shapes.insert(
        id("Kind"),
        json!({ "type": "enum", "members": {
            "Unknown": variant("Unknown"),
            "UnknownValue": variant("unknown value"),
            "Self": variant("self"),
            "Type": variant("\u{202E}type\r\n\"quoted\"\\"),
            "FIRST": variant("1st"),
        }}),
    );
    shapes.insert(
        id("Ordinal"),
        json!({ "type": "string", "traits": { "smithy.api#enum": [
            { "value": "1st" },
            { "value": "2nd", "documentation": HOSTILE_DOCS },
            { "value": "Unknown" }
        ]}}),
    );
    shapes.insert(
        id("Level"),
        json!({ "type": "intEnum", "members": {
            "Unknown": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 0 } },
            "Self": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": -1 } }
        }}),
    );
    shapes.insert(
        id("Choice"),
        json!({ "type": "union", "members": {
            "unknown": string(true),
            "self": string(false),
            "type": target("Choice"),
            "Option": target("Option")
        }}),
    );
    json!({ "smithy": "2.0", "shapes": shapes })
}

#[test]
fn awkward_but_legal_names_and_docs_generate_code_that_parses() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("awkward.json");
    std::fs::write(&path, awkward_model().to_string()).expect("model written");
    let rendered = generator::generate(&options(vec![path])).unwrap_or_else(|e| panic!("{e}"));
    let mut all = String::new();
    for (path, text) in &rendered {
        if path.extension().is_some_and(|e| e == "rs") {
            // `generate` parsed the tokens; this parses the printed text.
            if let Err(e) = syn::parse_file(text) {
                panic!("{} does not parse: {e}\n{text}", path.display());
            }
        }
        for c in ['\r', '\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}'] {
            assert!(
                !text.contains(c),
                "{} holds {c:?}, which rustc rejects in comments",
                path.display()
            );
        }
        all.push_str(text);
    }
    for expected in [
        "pub r#type:",
        "pub r#match:",
        "pub self_:",
        "pub build_value:",
        "pub builder_value:",
        "pub send_value:",
        "pub meta_value:",
        "pub default_value:",
        "pub customize_value:",
        "pub as_input_value:",
        "pub struct SelfValue_",
        "pub struct SelfValue ",
        "pub struct Option ",
        "pub struct String ",
        "UnknownValue_",
        "UnknownValue(",
        "_1st",
        "pub fn r#match(",
        "pub fn self_(",
        "\\[brackets\\]",
        "*/ ends /\\* comments",
    ] {
        assert!(
            all.contains(expected),
            "no `{expected}` in the generated crate"
        );
    }
}

// ---------------------------------------------------------------------------
// Depth: what is legal is generated, however deep, within the stack.

#[test]
fn lists_nested_to_the_limit_generate() {
    let depth = generator::validate::MAX_COLLECTION_DEPTH;
    let text = edited(|s| {
        for i in 0..depth {
            let member = if i + 1 == depth {
                target("smithy.api#String")
            } else {
                target(&format!("L{}", i + 1))
            };
            s.insert(
                id(&format!("L{i}")),
                json!({ "type": "list", "member": member }),
            );
        }
        set_member(s, "GetCityOutput", "nested", target("L0"));
        set_member(s, "ListCitiesInput", "nested", target("L0"));
    });
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("deep.json");
    std::fs::write(&path, text).expect("model written");
    let rendered = generator::generate(&options(vec![path])).unwrap_or_else(|e| panic!("{e}"));
    let output: String = rendered[Path::new("src/operation/get_city.rs")]
        .split_whitespace()
        .collect();
    assert!(output.contains(&"Vec<".repeat(depth)), "{output}");
}

#[test]
fn ten_thousand_chained_structures_validate_and_lower() {
    let text = edited(|s| {
        for i in 0..10_000 {
            s.insert(
                id(&format!("S{i}")),
                json!({ "type": "structure", "members": {
                    "next": { "target": id(&format!("S{}", i + 1)), "traits": { "smithy.api#required": {} } },
                    "back": target(&format!("S{}", i.max(1) - 1))
                }}),
            );
        }
        s.insert(id("S10000"), json!({ "type": "structure", "members": {} }));
        set_member(s, "GetCityOutput", "chain", target("S0"));
    });
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("chain.json");
    std::fs::write(&path, text).expect("model written");
    let model = generator::model::load::load_files(&[path]).unwrap_or_else(|e| panic!("{e}"));
    generator::validate::validate(&model).unwrap_or_else(|e| panic!("{e}"));
    let service =
        generator::lower::lower(&model, &Selection::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(service.types.len() > 10_000);
}

#[test]
fn required_recursion_through_an_optional_member_or_a_list_is_fine() {
    let text = edited(|s| {
        s.insert(
            id("Region"),
            json!({ "type": "structure", "members": {
                "capital": { "target": id("City"), "traits": { "smithy.api#required": {} } },
                "neighbours": { "target": id("Regions"), "traits": { "smithy.api#required": {} } }
            }}),
        );
        s.insert(
            id("Regions"),
            json!({ "type": "list", "member": target("Region") }),
        );
        s.insert(
            id("City"),
            json!({ "type": "structure", "members": { "region": target("Region") } }),
        );
        set_member(s, "GetCityOutput", "region", target("Region"));
    });
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("recursion.json");
    std::fs::write(&path, text).expect("model written");
    generator::generate(&options(vec![path])).unwrap_or_else(|e| panic!("{e}"));
}

// ---------------------------------------------------------------------------
// No input panics: the base model, mutated at random (but reproducibly),
// gives either a crate or an error, never a panic or a stack overflow.

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                here.push(Step::Key(k.clone()));
                paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// Values a hand edit might leave behind.
fn odd_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(u64::MAX),
        json!(""),
        json!("x"),
        json!("example.weather#Nope"),
        json!("example.weather#GetCity"),
        json!("example.weather#CityList"),
        json!("example.weather#Forecast"),
        json!("smithy.api#Unit"),
        json!("smithy.api#String"),
        json!("not an id"),
        json!([]),
        json!({}),
        json!({ "min": 5, "max": 1 }),
        json!({ "target": "example.weather#GetCityOutput" }),
        json!("é\u{202E}<a href='https://x'>[b]<p>c</a> &#xFFFFFFFF; &#55296; <!-- */"),
        json!("&aaaaaaaaaaé;日本<i>"),
    ]
}

fn mutate(model: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(model, &mut Vec::new(), &mut all);
    let Some(path) = all.get(rng.below(all.len())).cloned() else {
        return;
    };
    let donor = all
        .get(rng.below(all.len()))
        .and_then(|p| node(&mut model.clone(), p).cloned());
    let odd = odd_values();
    let replacement = match rng.below(3) {
        0 => donor.unwrap_or(Value::Null),
        _ => odd[rng.below(odd.len())].clone(),
    };
    match (rng.below(4), path.split_last()) {
        // Delete the node from its parent.
        (0, Some((Step::Key(k), parent))) => {
            if let Some(Value::Object(o)) = node(model, parent) {
                o.remove(k.as_str());
            }
        }
        (0, Some((Step::Index(i), parent))) => {
            if let Some(Value::Array(a)) = node(model, parent)
                && *i < a.len()
            {
                a.remove(*i);
            }
        }
        // Rename an object key (a shape id, member or trait name).
        (1, Some((Step::Key(k), parent))) => {
            let new_key = match &replacement {
                Value::String(s) => s.clone(),
                other => format!("{k}{}", other.to_string().len() % 3),
            };
            if let Some(Value::Object(o)) = node(model, parent)
                && let Some(v) = o.remove(k.as_str())
            {
                o.insert(new_key, v);
            }
        }
        _ => {
            if let Some(slot) = node(model, &path) {
                *slot = replacement;
            }
        }
    }
}

#[test]
fn randomly_mutated_models_never_panic() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut rng = Rng(0x5eed_cafe_f00d_beef);
    let (mut generated, mut rejected) = (0, 0);
    for round in 0..400 {
        // Half the mutants start from the awkward model, whose names and
        // docs reach the corners of naming and the emitters.
        let mut model = if round % 2 == 0 {
            base()
        } else {
            awkward_model()
        };
        for _ in 0..=rng.below(3) {
            mutate(&mut model, &mut rng);
        }
        let path = dir.path().join(format!("mutant-{round}.json"));
        std::fs::write(&path, model.to_string()).expect("model written");
        let options = options(vec![path]);
        match std::panic::catch_unwind(|| generator::generate(&options)) {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(e)) => {
                rejected += 1;
                assert!(!e.diagnostics().is_empty());
            }
            Err(_) => panic!("round {round} panicked on:\n{model:#}"),
        }
    }
    // The mutations must both break models and leave some intact, or the
    // test exercises only one path.
    assert!(
        generated > 20 && rejected > 200,
        "{generated} generated, {rejected} rejected"
    );
}
