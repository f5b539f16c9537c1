//! The rule set as written: parameters, rules, conditions and expressions,
//! before any type checking. Every node keeps its [`JsonPath`] so later
//! passes can say where a problem is.

use super::error::JsonPath;

/// A whole `smithy.rules#endpointRuleSet` document.
#[derive(Debug)]
pub(super) struct RuleSet {
    pub(super) parameters: Vec<Parameter>,
    pub(super) rules: Vec<Rule>,
}

/// One entry of `parameters`.
#[derive(Debug)]
pub(super) struct Parameter {
    pub(super) name: String,
    pub(super) ty: ParamType,
    pub(super) built_in: Option<String>,
    pub(super) required: bool,
    pub(super) default: Option<ParamValue>,
    pub(super) documentation: Option<String>,
    pub(super) deprecated: Option<Deprecated>,
    pub(super) path: JsonPath,
}

/// The `deprecated` object of a parameter.
#[derive(Debug)]
pub(super) struct Deprecated {
    pub(super) message: Option<String>,
    pub(super) since: Option<String>,
}

/// A parameter's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ParamType {
    String,
    Boolean,
    StringArray,
}

impl ParamType {
    /// The name the rule-set specification uses.
    pub(super) fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

/// A parameter value: a `default`, or a value in a test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ParamValue {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

/// An endpoint, error or tree rule.
#[derive(Debug)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) outcome: Outcome,
}

/// What a rule does once all its conditions hold.
#[derive(Debug)]
pub(super) enum Outcome {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

/// The `endpoint` object of an endpoint rule.
#[derive(Debug)]
pub(super) struct EndpointTemplate {
    pub(super) url: Expr,
    pub(super) headers: Vec<(String, Vec<Expr>)>,
    pub(super) properties: Vec<(String, PropertyTemplate)>,
}

/// A value in an endpoint's `properties`: literals, where strings may be
/// templates.
#[derive(Debug)]
pub(super) enum PropertyTemplate {
    String(Template),
    Bool(bool),
    Int(i64),
    Array(Vec<PropertyTemplate>),
    Map(Vec<(String, PropertyTemplate)>),
}

/// One entry of a rule's `conditions`.
#[derive(Debug)]
pub(super) struct Condition {
    pub(super) expr: Expr,
    pub(super) assign: Option<String>,
    pub(super) path: JsonPath,
}

/// An expression: a literal, a reference, a function call or an attribute
/// read.
#[derive(Debug)]
pub(super) enum Expr {
    /// A string literal, which may be a template (`"https://{Region}.example"`).
    String(Template),
    Bool(bool, JsonPath),
    Int(i64, JsonPath),
    Ref(String, JsonPath),
    Call(Call),
    GetAttr(GetAttr),
}

impl Expr {
    /// A short description for error messages.
    pub(super) fn describe(&self) -> String {
        match self {
            Expr::String(template) => format!("{:?}", template.raw),
            Expr::Bool(value, _) => format!("`{value}`"),
            Expr::Int(value, _) => format!("`{value}`"),
            Expr::Ref(name, _) => format!("`{name}`"),
            Expr::Call(call) => format!("`{}(…)`", call.function.name()),
            Expr::GetAttr(get_attr) => format!("`getAttr(…, \"{}\")`", get_attr.raw_path),
        }
    }
}

/// A call of a library function other than `getAttr`.
#[derive(Debug)]
pub(super) struct Call {
    pub(super) function: Function,
    pub(super) args: Vec<Expr>,
    pub(super) path: JsonPath,
}

/// `getAttr(target, "a.b[0]")`, also written `{target#a.b[0]}` in templates.
#[derive(Debug)]
pub(super) struct GetAttr {
    pub(super) target: Box<Expr>,
    pub(super) steps: Vec<AttrStep>,
    pub(super) raw_path: String,
    pub(super) path: JsonPath,
}

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum AttrStep {
    Key(String),
    Index(usize),
}

/// A string with `{name}` and `{name#path}` placeholders; `{{` and `}}` stand
/// for literal braces.
#[derive(Debug)]
pub(super) struct Template {
    /// The template as written, for error messages.
    pub(super) raw: String,
    pub(super) parts: Vec<TemplatePart>,
    pub(super) path: JsonPath,
}

/// A literal run or a placeholder of a [`Template`].
#[derive(Debug)]
pub(super) enum TemplatePart {
    Literal(String),
    Placeholder(Expr),
}

/// The library functions this compiler knows, apart from `getAttr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
    Coalesce,
    Ite,
    Split,
}

impl Function {
    const ALL: [Function; 14] = [
        Function::IsSet,
        Function::Not,
        Function::BooleanEquals,
        Function::StringEquals,
        Function::Substring,
        Function::UriEncode,
        Function::ParseUrl,
        Function::IsValidHostLabel,
        Function::AwsPartition,
        Function::AwsParseArn,
        Function::AwsIsVirtualHostableS3Bucket,
        Function::Coalesce,
        Function::Ite,
        Function::Split,
    ];

    /// The function called `name` in rule sets, if this compiler knows it.
    pub(super) fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name rule sets call the function by.
    pub(super) fn name(self) -> &'static str {
        match self {
            Function::IsSet => "isSet",
            Function::Not => "not",
            Function::BooleanEquals => "booleanEquals",
            Function::StringEquals => "stringEquals",
            Function::Substring => "substring",
            Function::UriEncode => "uriEncode",
            Function::ParseUrl => "parseURL",
            Function::IsValidHostLabel => "isValidHostLabel",
            Function::AwsPartition => "aws.partition",
            Function::AwsParseArn => "aws.parseArn",
            Function::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
            Function::Coalesce => "coalesce",
            Function::Ite => "ite",
            Function::Split => "split",
        }
    }

    /// Every known name, for error messages.
    pub(super) fn known_names() -> String {
        let names: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        format!("getAttr, {}", names.join(", "))
    }
}
