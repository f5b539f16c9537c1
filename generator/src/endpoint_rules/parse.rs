//! Reads a rule set from its JSON value into the [`syntax`](super::syntax)
//! tree. Only the shape is checked here; types are the checker's business.

use serde_json::{Map, Value};

use super::error::{Document, JsonPath, RulesError};
use super::syntax::{
    AttrStep, Call, Condition, Deprecated, EndpointTemplate, Expr, Function, GetAttr, Outcome,
    ParamType, ParamValue, Parameter, PropertyTemplate, Rule, RuleSet, Template, TemplatePart,
};

type Result<T> = std::result::Result<T, RulesError>;

/// Parses a whole `smithy.rules#endpointRuleSet` value.
pub(super) fn rule_set(value: &Value) -> Result<RuleSet> {
    let path = JsonPath::root(Document::RuleSet);
    let document = object(value, &path)?;
    let parameters_path = path.key("parameters");
    let parameters = object(required(document, "parameters", &path)?, &parameters_path)?
        .iter()
        .map(|(name, value)| parameter(name, value, &parameters_path.key(name)))
        .collect::<Result<Vec<_>>>()?;
    let rules = rules(required(document, "rules", &path)?, &path.key("rules"))?;
    Ok(RuleSet { parameters, rules })
}

/// Parses a parameter value of a known type (a `default`, or a test case
/// value).
pub(super) fn param_value(value: &Value, ty: ParamType, path: &JsonPath) -> Result<ParamValue> {
    let mismatch = || {
        RulesError::new(
            path,
            format!("expected a {} value, found {}", ty.name(), kind(value)),
        )
    };
    match (ty, value) {
        (ParamType::String, Value::String(text)) => Ok(ParamValue::String(text.clone())),
        (ParamType::Boolean, Value::Bool(flag)) => Ok(ParamValue::Boolean(*flag)),
        (ParamType::StringArray, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(RulesError::new(
                    &path.index(index),
                    format!("expected a string, found {}", kind(other)),
                )),
            })
            .collect::<Result<Vec<_>>>()
            .map(ParamValue::StringArray),
        _ => Err(mismatch()),
    }
}

/// Reads a JSON object, or says what was found instead.
pub(super) fn object<'v>(value: &'v Value, path: &JsonPath) -> Result<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| RulesError::new(path, format!("expected an object, found {}", kind(value))))
}

/// A required member of an object.
pub(super) fn required<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    path: &JsonPath,
) -> Result<&'v Value> {
    object
        .get(key)
        .ok_or_else(|| RulesError::new(path, format!("missing `{key}`")))
}

/// An optional string member.
pub(super) fn optional_string<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    path: &JsonPath,
) -> Result<Option<&'v str>> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(RulesError::new(
            &path.key(key),
            format!("expected a string, found {}", kind(other)),
        )),
    }
}

/// "a string", "an array"…: what a JSON value is, for error messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parameter(name: &str, value: &Value, path: &JsonPath) -> Result<Parameter> {
    identifier(name, path)?;
    let object = object(value, path)?;
    let type_name = match required(object, "type", path)? {
        Value::String(text) => text,
        other => {
            return Err(RulesError::new(
                &path.key("type"),
                format!("expected a string, found {}", kind(other)),
            ));
        }
    };
    let ty = match type_name.to_ascii_lowercase().as_str() {
        "string" => ParamType::String,
        "boolean" => ParamType::Boolean,
        "stringarray" => ParamType::StringArray,
        _ => {
            return Err(RulesError::new(
                &path.key("type"),
                format!(
                    "unknown parameter type `{type_name}` (expected string, boolean or stringArray)"
                ),
            ));
        }
    };
    let required_flag = match object.get("required") {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(other) => {
            return Err(RulesError::new(
                &path.key("required"),
                format!("expected a boolean, found {}", kind(other)),
            ));
        }
    };
    let default = object
        .get("default")
        .map(|value| param_value(value, ty, &path.key("default")))
        .transpose()?;
    if default.is_some() && !required_flag {
        return Err(RulesError::new(
            path,
            format!("parameter `{name}` has a default, so it must also be `required`"),
        ));
    }
    let deprecated = match object.get("deprecated") {
        None => None,
        Some(value) => {
            let deprecated_path = path.key("deprecated");
            let fields = self::object(value, &deprecated_path)?;
            Some(Deprecated {
                message: optional_string(fields, "message", &deprecated_path)?.map(str::to_owned),
                since: optional_string(fields, "since", &deprecated_path)?.map(str::to_owned),
            })
        }
    };
    Ok(Parameter {
        name: name.to_owned(),
        ty,
        built_in: optional_string(object, "builtIn", path)?.map(str::to_owned),
        required: required_flag,
        default,
        documentation: optional_string(object, "documentation", path)?.map(str::to_owned),
        deprecated,
        path: path.clone(),
    })
}

fn rules(value: &Value, path: &JsonPath) -> Result<Vec<Rule>> {
    let items = value.as_array().ok_or_else(|| {
        RulesError::new(
            path,
            format!("expected an array of rules, found {}", kind(value)),
        )
    })?;
    if items.is_empty() {
        return Err(RulesError::new(path, "expected at least one rule"));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| rule(item, &path.index(index)))
        .collect()
}

fn rule(value: &Value, path: &JsonPath) -> Result<Rule> {
    let object = object(value, path)?;
    let conditions_path = path.key("conditions");
    let conditions = match required(object, "conditions", path)? {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| condition(item, &conditions_path.index(index)))
            .collect::<Result<Vec<_>>>()?,
        other => {
            return Err(RulesError::new(
                &conditions_path,
                format!("expected an array of conditions, found {}", kind(other)),
            ));
        }
    };
    let outcome = match optional_string(object, "type", path)? {
        Some("endpoint") => Outcome::Endpoint(endpoint(
            required(object, "endpoint", path)?,
            &path.key("endpoint"),
        )?),
        Some("error") => {
            Outcome::Error(expr(required(object, "error", path)?, &path.key("error"))?)
        }
        Some("tree") => Outcome::Tree(rules(required(object, "rules", path)?, &path.key("rules"))?),
        Some(other) => {
            return Err(RulesError::new(
                &path.key("type"),
                format!("unknown rule type `{other}` (expected endpoint, error or tree)"),
            ));
        }
        None => return Err(RulesError::new(path, "missing `type`")),
    };
    Ok(Rule {
        conditions,
        outcome,
    })
}

fn endpoint(value: &Value, path: &JsonPath) -> Result<EndpointTemplate> {
    let object = object(value, path)?;
    let url = expr(required(object, "url", path)?, &path.key("url"))?;
    let mut headers = Vec::new();
    if let Some(value) = object.get("headers") {
        let headers_path = path.key("headers");
        for (name, values) in self::object(value, &headers_path)? {
            let header_path = headers_path.key(name);
            let items = values.as_array().ok_or_else(|| {
                RulesError::new(
                    &header_path,
                    format!("expected an array of header values, found {}", kind(values)),
                )
            })?;
            let values = items
                .iter()
                .enumerate()
                .map(|(index, item)| expr(item, &header_path.index(index)))
                .collect::<Result<Vec<_>>>()?;
            headers.push((name.clone(), values));
        }
    }
    let properties = match object.get("properties") {
        None => Vec::new(),
        Some(value) => {
            let properties_path = path.key("properties");
            self::object(value, &properties_path)?
                .iter()
                .map(|(name, value)| {
                    Ok((name.clone(), property(value, &properties_path.key(name))?))
                })
                .collect::<Result<Vec<_>>>()?
        }
    };
    Ok(EndpointTemplate {
        url,
        headers,
        properties,
    })
}

fn property(value: &Value, path: &JsonPath) -> Result<PropertyTemplate> {
    match value {
        Value::String(text) => Ok(PropertyTemplate::String(template(text, path)?)),
        Value::Bool(flag) => Ok(PropertyTemplate::Bool(*flag)),
        Value::Number(number) => number.as_i64().map(PropertyTemplate::Int).ok_or_else(|| {
            RulesError::new(
                path,
                format!("only integer numbers are supported, found {number}"),
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| property(item, &path.index(index)))
            .collect::<Result<Vec<_>>>()
            .map(PropertyTemplate::Array),
        Value::Object(entries) => entries
            .iter()
            .map(|(name, value)| Ok((name.clone(), property(value, &path.key(name))?)))
            .collect::<Result<Vec<_>>>()
            .map(PropertyTemplate::Map),
        Value::Null => Err(RulesError::new(path, "endpoint properties cannot be null")),
    }
}

fn condition(value: &Value, path: &JsonPath) -> Result<Condition> {
    let object = object(value, path)?;
    if !object.contains_key("fn") {
        return Err(RulesError::new(
            path,
            "a condition must call a function (missing `fn`)",
        ));
    }
    let assign = optional_string(object, "assign", path)?;
    if let Some(name) = assign {
        identifier(name, &path.key("assign"))?;
    }
    Ok(Condition {
        expr: call(object, path)?,
        assign: assign.map(str::to_owned),
        path: path.clone(),
    })
}

/// An argument, `url`, `error` or header value.
fn expr(value: &Value, path: &JsonPath) -> Result<Expr> {
    match value {
        Value::String(text) => Ok(Expr::String(template(text, path)?)),
        Value::Bool(flag) => Ok(Expr::Bool(*flag, path.clone())),
        Value::Number(number) => number
            .as_i64()
            .map(|int| Expr::Int(int, path.clone()))
            .ok_or_else(|| {
                RulesError::new(
                    path,
                    format!("only integer numbers are supported, found {number}"),
                )
            }),
        Value::Object(object) if object.contains_key("fn") => call(object, path),
        Value::Object(object) if object.contains_key("ref") => match object.get("ref") {
            Some(Value::String(name)) => {
                identifier(name, &path.key("ref"))?;
                Ok(Expr::Ref(name.clone(), path.clone()))
            }
            other => Err(RulesError::new(
                &path.key("ref"),
                format!(
                    "expected the name of a parameter or variable, found {}",
                    other.map_or("nothing", kind)
                ),
            )),
        },
        other => Err(RulesError::new(
            path,
            format!(
                "expected a string, boolean, integer, reference (`{{\"ref\": …}}`) or function call (`{{\"fn\": …}}`), found {}",
                kind(other)
            ),
        )),
    }
}

fn call(object: &Map<String, Value>, path: &JsonPath) -> Result<Expr> {
    let name = match required(object, "fn", path)? {
        Value::String(name) => name,
        other => {
            return Err(RulesError::new(
                &path.key("fn"),
                format!("expected a function name, found {}", kind(other)),
            ));
        }
    };
    let argv_path = path.key("argv");
    let argv = match required(object, "argv", path)? {
        Value::Array(items) => items,
        other => {
            return Err(RulesError::new(
                &argv_path,
                format!("expected an array of arguments, found {}", kind(other)),
            ));
        }
    };
    if name == "getAttr" {
        let [target, attr_path] = argv.as_slice() else {
            return Err(RulesError::new(
                &argv_path,
                format!("getAttr takes 2 arguments, found {}", argv.len()),
            ));
        };
        let Value::String(raw_path) = attr_path else {
            return Err(RulesError::new(
                &argv_path.index(1),
                format!(
                    "the path of getAttr must be a string literal, found {}",
                    kind(attr_path)
                ),
            ));
        };
        return Ok(Expr::GetAttr(GetAttr {
            target: Box::new(expr(target, &argv_path.index(0))?),
            steps: attr_steps(raw_path, &argv_path.index(1))?,
            raw_path: raw_path.clone(),
            path: path.clone(),
        }));
    }
    let function = Function::from_name(name).ok_or_else(|| {
        RulesError::new(
            &path.key("fn"),
            format!(
                "unknown function `{name}` (known: {})",
                Function::known_names()
            ),
        )
    })?;
    let args = argv
        .iter()
        .enumerate()
        .map(|(index, item)| expr(item, &argv_path.index(index)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Expr::Call(Call {
        function,
        args,
        path: path.clone(),
    }))
}

/// Splits a template into literal runs and `{placeholders}`. Outside a
/// placeholder, `{{` and `}}` stand for literal braces.
pub(super) fn template(text: &str, path: &JsonPath) -> Result<Template> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(offset) = rest.find(['{', '}']) {
        literal.push_str(&rest[..offset]);
        let after = &rest[offset..];
        if let Some(tail) = after.strip_prefix("{{") {
            literal.push('{');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("}}") {
            literal.push('}');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('{') {
            let end = tail
                .find(['{', '}'])
                .filter(|end| tail[*end..].starts_with('}'));
            let Some(end) = end else {
                return Err(RulesError::new(
                    path,
                    format!(
                        "unclosed `{{` in template \"{text}\" (write `{{{{` for a literal brace)"
                    ),
                ));
            };
            if !literal.is_empty() {
                parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
            }
            parts.push(TemplatePart::Placeholder(placeholder(
                &tail[..end],
                text,
                path,
            )?));
            rest = &tail[end + 1..];
        } else {
            return Err(RulesError::new(
                path,
                format!("unmatched `}}` in template \"{text}\" (write `}}}}` for a literal brace)"),
            ));
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(Template {
        raw: text.to_owned(),
        parts,
        path: path.clone(),
    })
}

/// `{Region}` is a reference, `{PartitionResult#dnsSuffix}` a `getAttr`.
fn placeholder(inner: &str, text: &str, path: &JsonPath) -> Result<Expr> {
    let (name, attr_path) = match inner.split_once('#') {
        Some((name, attr_path)) => (name, Some(attr_path)),
        None => (inner, None),
    };
    if !is_identifier(name) {
        return Err(RulesError::new(
            path,
            format!("`{{{inner}}}` in template \"{text}\" does not name a parameter or variable"),
        ));
    }
    let target = Expr::Ref(name.to_owned(), path.clone());
    match attr_path {
        None => Ok(target),
        Some(raw_path) => Ok(Expr::GetAttr(GetAttr {
            target: Box::new(target),
            steps: attr_steps(raw_path, path)?,
            raw_path: raw_path.to_owned(),
            path: path.clone(),
        })),
    }
}

/// Parses a `getAttr` path such as `resourceId[2]` or `a.b`: keys separated by
/// dots, each optionally followed by one `[index]`.
pub(super) fn attr_steps(raw: &str, path: &JsonPath) -> Result<Vec<AttrStep>> {
    let invalid =
        |why: &str| RulesError::new(path, format!("invalid getAttr path \"{raw}\": {why}"));
    let mut steps = Vec::new();
    for part in raw.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, index)) => (key, Some(index)),
            None => (part, None),
        };
        if !key.is_empty() {
            steps.push(AttrStep::Key(key.to_owned()));
        }
        match index {
            None if key.is_empty() => return Err(invalid("empty attribute name")),
            None => {}
            Some(index) => {
                let digits = index
                    .strip_suffix(']')
                    .ok_or_else(|| invalid("an index must end with `]`"))?;
                let index = digits
                    .parse::<usize>()
                    .ok()
                    .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| invalid("an index must be a non-negative integer"))?;
                steps.push(AttrStep::Index(index));
            }
        }
    }
    Ok(steps)
}

fn identifier(name: &str, path: &JsonPath) -> Result<()> {
    if is_identifier(name) {
        Ok(())
    } else {
        Err(RulesError::new(
            path,
            format!("`{name}` is not a valid name (a letter, then letters, digits or `_`)"),
        ))
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path() -> JsonPath {
        JsonPath::root(Document::RuleSet).key("url")
    }

    fn describe(template: &Template) -> Vec<String> {
        template
            .parts
            .iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => format!("lit:{text}"),
                TemplatePart::Placeholder(Expr::Ref(name, _)) => format!("ref:{name}"),
                TemplatePart::Placeholder(Expr::GetAttr(get_attr)) => {
                    match get_attr.target.as_ref() {
                        Expr::Ref(name, _) => format!("attr:{name}#{:?}", get_attr.steps),
                        other => format!("attr:{other:?}"),
                    }
                }
                TemplatePart::Placeholder(other) => format!("other:{other:?}"),
            })
            .collect()
    }

    #[test]
    fn templates_split_into_literals_and_placeholders() {
        let parsed =
            template("https://{Region}.{PartitionResult#dnsSuffix}", &path()).expect("valid");
        assert_eq!(
            describe(&parsed),
            [
                "lit:https://",
                "ref:Region",
                "lit:.",
                "attr:PartitionResult#[Key(\"dnsSuffix\")]"
            ]
        );
    }

    #[test]
    fn doubled_braces_are_literal_braces() {
        let parsed = template("{{literal}} {Region}}}", &path()).expect("valid");
        assert_eq!(describe(&parsed), ["lit:{literal} ", "ref:Region", "lit:}"]);
        let parsed = template("{{{Region}}}", &path()).expect("valid");
        assert_eq!(describe(&parsed), ["lit:{", "ref:Region", "lit:}"]);
    }

    #[test]
    fn static_and_empty_templates() {
        assert_eq!(
            describe(&template("plain", &path()).expect("valid")),
            ["lit:plain"]
        );
        assert!(template("", &path()).expect("valid").parts.is_empty());
    }

    #[test]
    fn bad_templates_are_errors_naming_the_template() {
        for (text, expected) in [
            (
                "https://{Region",
                "unclosed `{` in template \"https://{Region\"",
            ),
            ("https://{Reg{ion}", "unclosed `{` in template"),
            (
                "https://Region}",
                "unmatched `}` in template \"https://Region}\"",
            ),
            (
                "https://{}",
                "`{}` in template \"https://{}\" does not name",
            ),
            ("https://{1abc}", "`{1abc}` in template"),
            ("{a#}", "invalid getAttr path \"\": empty attribute name"),
        ] {
            let error = template(text, &path()).expect_err(text);
            assert!(
                error.message().contains(expected),
                "{text}: {}",
                error.message()
            );
            assert_eq!(error.path(), &path());
        }
    }

    #[test]
    fn attribute_paths() {
        let parse = |raw: &str| attr_steps(raw, &path());
        assert_eq!(parse("a").expect("valid"), [AttrStep::Key("a".into())]);
        assert_eq!(
            parse("a.b[0]").expect("valid"),
            [
                AttrStep::Key("a".into()),
                AttrStep::Key("b".into()),
                AttrStep::Index(0)
            ]
        );
        assert_eq!(parse("[3]").expect("valid"), [AttrStep::Index(3)]);
        for bad in ["", "a..b", "a[", "a[x]", "a[-1]", "a[1][2]", "a[+1]"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_functions_are_reported_where_they_are_called() {
        let value = json!({
            "version": "1.0",
            "parameters": {},
            "rules": [{
                "type": "error",
                "conditions": [{"fn": "isSett", "argv": [{"ref": "Region"}]}],
                "error": "x"
            }]
        });
        let error = rule_set(&value).expect_err("unknown function");
        assert_eq!(error.path().pointer(), "/rules/0/conditions/0/fn");
        assert!(
            error
                .message()
                .starts_with("unknown function `isSett` (known: getAttr, isSet")
        );
    }

    #[test]
    fn shape_errors_name_the_member() {
        let cases = [
            (json!([]), "", "expected an object, found an array"),
            (json!({"rules": []}), "", "missing `parameters`"),
            (
                json!({"parameters": {}, "rules": []}),
                "/rules",
                "expected at least one rule",
            ),
            (
                json!({"parameters": {"Region": {"type": "integer"}}, "rules": []}),
                "/parameters/Region/type",
                "unknown parameter type `integer`",
            ),
            (
                json!({"parameters": {"Flag": {"type": "boolean", "default": "yes", "required": true}}, "rules": []}),
                "/parameters/Flag/default",
                "expected a boolean value, found a string",
            ),
            (
                json!({"parameters": {"Flag": {"type": "boolean", "default": true}}, "rules": []}),
                "/parameters/Flag",
                "has a default, so it must also be `required`",
            ),
            (
                json!({"parameters": {"1st": {"type": "string"}}, "rules": []}),
                "/parameters/1st",
                "`1st` is not a valid name",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [], "type": "magic"}]}),
                "/rules/0/type",
                "unknown rule type `magic`",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [], "type": "error", "error": null}]}),
                "/rules/0/error",
                "expected a string, boolean, integer, reference",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [{"fn": "getAttr", "argv": [{"ref": "a"}]}], "type": "error", "error": "x"}]}),
                "/rules/0/conditions/0/argv",
                "getAttr takes 2 arguments, found 1",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [{"ref": "a"}], "type": "error", "error": "x"}]}),
                "/rules/0/conditions/0",
                "a condition must call a function",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://x", "headers": {"h": "v"}}}]}),
                "/rules/0/endpoint/headers/h",
                "expected an array of header values, found a string",
            ),
            (
                json!({"parameters": {}, "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://x", "properties": {"p": 1.5}}}]}),
                "/rules/0/endpoint/properties/p",
                "only integer numbers are supported, found 1.5",
            ),
        ];
        for (value, pointer, message) in cases {
            let error = rule_set(&value).expect_err(message);
            assert_eq!(error.path().pointer(), pointer, "{message}");
            assert!(error.message().contains(message), "{}", error.message());
        }
    }

    #[test]
    fn a_full_rule_keeps_its_parts() {
        let value = json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "The region."},
                "UseFIPS": {"type": "Boolean", "required": true, "default": false, "documentation": "FIPS.",
                            "deprecated": {"message": "gone", "since": "2024"}},
                "Names": {"type": "stringArray", "required": true, "default": ["a", "b"]}
            },
            "rules": [{
                "documentation": "the only rule",
                "conditions": [
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"},
                    {"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsFIPS"]}]}
                ],
                "type": "endpoint",
                "endpoint": {
                    "url": "https://{Region}.{PartitionResult#dnsSuffix}",
                    "headers": {"x-amz-region": ["{Region}"]},
                    "properties": {"authSchemes": [{"name": "sigv4", "disableDoubleEncoding": true, "weight": 2}]}
                }
            }]
        });
        let parsed = rule_set(&value).expect("valid");
        assert_eq!(parsed.parameters.len(), 3);
        let use_fips = &parsed.parameters[1];
        assert_eq!((use_fips.ty, use_fips.required), (ParamType::Boolean, true));
        assert_eq!(use_fips.default, Some(ParamValue::Boolean(false)));
        assert_eq!(
            use_fips
                .deprecated
                .as_ref()
                .and_then(|d| d.message.as_deref()),
            Some("gone")
        );
        assert_eq!(
            parsed.parameters[2].default,
            Some(ParamValue::StringArray(vec!["a".into(), "b".into()]))
        );
        let rule = &parsed.rules[0];
        assert_eq!(
            rule.conditions[0].assign.as_deref(),
            Some("PartitionResult")
        );
        assert!(
            matches!(&rule.conditions[1].expr, Expr::Call(call) if call.function == Function::BooleanEquals)
        );
        let Outcome::Endpoint(endpoint) = &rule.outcome else {
            panic!("an endpoint rule");
        };
        assert_eq!(endpoint.headers[0].0, "x-amz-region");
        assert!(
            matches!(&endpoint.properties[0].1, PropertyTemplate::Array(items) if items.len() == 1)
        );
    }
}
