//! Rule-set parameters with their Rust names settled: one field, getter and
//! builder method each, plus the built-in values the SDK fills in.

use std::collections::BTreeMap;

use proc_macro2::Ident;

use super::error::{JsonPath, RulesError};
use super::names;
use super::syntax::{Deprecated, ParamType, ParamValue, Parameter};
use super::types::Type;

/// A built-in value that SDK configuration supplies, whatever the rule set
/// calls the parameter that receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BuiltIn {
    /// `AWS::Region`.
    Region,
    /// `AWS::UseFIPS`.
    UseFips,
    /// `AWS::UseDualStack`.
    UseDualStack,
    /// `SDK::Endpoint`: an endpoint URL the user configured.
    Endpoint,
    /// `AWS::S3::ForcePathStyle`.
    S3ForcePathStyle,
    /// `AWS::S3::Accelerate`.
    S3Accelerate,
    /// `AWS::S3::UseArnRegion`.
    S3UseArnRegion,
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    S3DisableMultiRegionAccessPoints,
}

impl BuiltIn {
    fn from_name(name: &str) -> Option<BuiltIn> {
        match name {
            "AWS::Region" => Some(BuiltIn::Region),
            "AWS::UseFIPS" => Some(BuiltIn::UseFips),
            "AWS::UseDualStack" => Some(BuiltIn::UseDualStack),
            "SDK::Endpoint" => Some(BuiltIn::Endpoint),
            "AWS::S3::ForcePathStyle" => Some(BuiltIn::S3ForcePathStyle),
            "AWS::S3::Accelerate" => Some(BuiltIn::S3Accelerate),
            "AWS::S3::UseArnRegion" => Some(BuiltIn::S3UseArnRegion),
            "AWS::S3::DisableMultiRegionAccessPoints" => {
                Some(BuiltIn::S3DisableMultiRegionAccessPoints)
            }
            _ => None,
        }
    }

    fn ty(self) -> ParamType {
        match self {
            BuiltIn::Region | BuiltIn::Endpoint => ParamType::String,
            BuiltIn::UseFips
            | BuiltIn::UseDualStack
            | BuiltIn::S3ForcePathStyle
            | BuiltIn::S3Accelerate
            | BuiltIn::S3UseArnRegion
            | BuiltIn::S3DisableMultiRegionAccessPoints => ParamType::Boolean,
        }
    }
}

/// A rule-set parameter and its Rust names.
#[derive(Debug)]
pub(super) struct Param {
    pub(super) name: String,
    pub(super) ty: ParamType,
    /// Required parameters (including every parameter with a default) are
    /// plain values in `Params`; the others are `Option`s.
    pub(super) required: bool,
    pub(super) default: Option<ParamValue>,
    /// The built-in name as written, e.g. `AWS::S3::Accelerate`.
    pub(super) built_in_name: Option<String>,
    /// The built-in, if it is one the SDK configuration supplies.
    pub(super) built_in: Option<BuiltIn>,
    pub(super) documentation: Option<String>,
    pub(super) deprecated: Option<Deprecated>,
    /// The field, its getter and the builder method that sets it.
    pub(super) field: Ident,
    /// The builder method that sets or clears it from an `Option`.
    pub(super) setter: Ident,
}

impl Param {
    /// The type of the value once present.
    pub(super) fn value_type(&self) -> Type {
        match self.ty {
            ParamType::String => Type::String,
            ParamType::Boolean => Type::Bool,
            ParamType::StringArray => Type::array(Type::String),
        }
    }

    /// The type a `{"ref": …}` to the parameter has before any `isSet`.
    pub(super) fn ref_type(&self) -> Type {
        if self.required {
            self.value_type()
        } else {
            Type::optional(self.value_type())
        }
    }
}

/// What `ParamsBuilder::build` says when required parameter `name` (one
/// without a default) is not set.
pub(super) fn missing_parameter_message(name: &str) -> String {
    format!("missing required endpoint parameter `{name}`")
}

/// Names the parameters, refusing names that would collide in Rust.
pub(super) fn name_params(parameters: Vec<Parameter>) -> Result<Vec<Param>, RulesError> {
    // Method names already spoken for, per generated `impl` block: the value
    // says which parameter (or the generated code itself) took it.
    let mut getters: BTreeMap<String, String> =
        BTreeMap::from([("builder".into(), "`Params::builder`".into())]);
    let mut builder_methods: BTreeMap<String, String> =
        BTreeMap::from([("build".into(), "`ParamsBuilder::build`".into())]);
    let mut params = Vec::with_capacity(parameters.len());
    for parameter in parameters {
        let field = names::snake(&parameter.name);
        let setter = format!("set_{field}");
        let owner = format!("parameter `{}`", parameter.name);
        claim(&mut getters, &field, &owner, &parameter.path)?;
        claim(&mut builder_methods, &field, &owner, &parameter.path)?;
        claim(&mut builder_methods, &setter, &owner, &parameter.path)?;
        let built_in = match parameter.built_in.as_deref().and_then(BuiltIn::from_name) {
            Some(built_in) if built_in.ty() != parameter.ty => {
                return Err(RulesError::new(
                    &parameter.path,
                    format!(
                        "parameter `{}` receives built-in `{}`, a {}, but is declared {}",
                        parameter.name,
                        parameter.built_in.as_deref().unwrap_or_default(),
                        built_in.ty().name(),
                        parameter.ty.name()
                    ),
                ));
            }
            built_in => built_in,
        };
        params.push(Param {
            field: names::ident(&field),
            setter: names::ident(&setter),
            name: parameter.name,
            ty: parameter.ty,
            required: parameter.required,
            default: parameter.default,
            built_in_name: parameter.built_in,
            built_in,
            documentation: parameter.documentation,
            deprecated: parameter.deprecated,
        });
    }
    Ok(params)
}

fn claim(
    taken: &mut BTreeMap<String, String>,
    method: &str,
    owner: &str,
    path: &JsonPath,
) -> Result<(), RulesError> {
    if let Some(previous) = taken.get(method) {
        return Err(RulesError::new(
            path,
            format!("{owner} needs the Rust name `{method}`, which {previous} already uses"),
        ));
    }
    taken.insert(method.to_owned(), owner.to_owned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint_rules::error::Document;

    fn parameter(name: &str, ty: ParamType, built_in: Option<&str>) -> Parameter {
        Parameter {
            name: name.to_owned(),
            ty,
            built_in: built_in.map(str::to_owned),
            required: false,
            default: None,
            documentation: None,
            deprecated: None,
            path: JsonPath::root(Document::RuleSet)
                .key("parameters")
                .key(name),
        }
    }

    #[test]
    fn parameters_get_snake_case_fields_and_setters() {
        let params = name_params(vec![
            parameter("UseFIPS", ParamType::Boolean, Some("AWS::UseFIPS")),
            parameter("Type", ParamType::String, None),
            parameter(
                "Accelerate",
                ParamType::Boolean,
                Some("AWS::S3::Accelerate"),
            ),
            parameter("Custom", ParamType::Boolean, Some("Vendor::Custom")),
        ])
        .expect("distinct names");
        assert_eq!(params[0].field.to_string(), "use_fips");
        assert_eq!(params[0].setter.to_string(), "set_use_fips");
        assert_eq!(params[0].built_in, Some(BuiltIn::UseFips));
        assert_eq!(params[1].field.to_string(), "r#type");
        assert_eq!(params[1].setter.to_string(), "set_type");
        assert_eq!(params[2].built_in, Some(BuiltIn::S3Accelerate));
        // A built-in the SDK does not know is left for the caller to set.
        assert_eq!(params[3].built_in, None);
        assert_eq!(params[3].built_in_name.as_deref(), Some("Vendor::Custom"));
        assert_eq!(params[1].ref_type(), Type::optional(Type::String));
    }

    #[test]
    fn colliding_rust_names_are_errors() {
        let cases = [
            (
                vec![
                    parameter("UseFIPS", ParamType::Boolean, None),
                    parameter("UseFips", ParamType::Boolean, None),
                ],
                "parameter `UseFips` needs the Rust name `use_fips`, which parameter `UseFIPS` already uses",
            ),
            (
                vec![
                    parameter("Region", ParamType::String, None),
                    parameter("SetRegion", ParamType::String, None),
                ],
                "parameter `SetRegion` needs the Rust name `set_region`, which parameter `Region` already uses",
            ),
            (
                vec![parameter("Builder", ParamType::String, None)],
                "which `Params::builder` already uses",
            ),
            (
                vec![parameter("Build", ParamType::String, None)],
                "which `ParamsBuilder::build` already uses",
            ),
        ];
        for (parameters, expected) in cases {
            let error = name_params(parameters).expect_err(expected);
            assert!(error.message().contains(expected), "{}", error.message());
        }
    }

    #[test]
    fn built_ins_must_have_their_type() {
        let error = name_params(vec![parameter(
            "Region",
            ParamType::Boolean,
            Some("AWS::Region"),
        )])
        .expect_err("mistyped built-in");
        assert_eq!(
            error.message(),
            "parameter `Region` receives built-in `AWS::Region`, a string, but is declared boolean"
        );
        assert_eq!(error.path().pointer(), "/parameters/Region");
    }
}
