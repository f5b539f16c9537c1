//! One `#[test]` per `smithy.rules#endpointTests` case, asserting the exact
//! endpoint (URL, headers and properties) or the exact error message.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;

use super::cases::{Expectation, Run, TestCase};
use super::emit_expr::Exprs;
use super::error::{Document, JsonPath, RulesError};
use super::ir::{Expr, ExprKind, Property};
use super::names;
use super::params::{Param, missing_parameter_message};
use super::syntax::ParamValue;
use super::types::Type;

/// The longest test name made from a case's documentation.
const MAX_NAME_LENGTH: usize = 96;

/// `#[cfg(test)] mod tests { … }` for `cases`.
pub(super) fn tests(cases: &[TestCase], params: &[Param]) -> Result<TokenStream, RulesError> {
    let mut taken = BTreeSet::new();
    let mut functions = Vec::new();
    let mut skipped = Vec::new();
    for case in cases {
        match &case.run {
            Run::SkipOperationInputsOnly => skipped.push(format!(
                " - case {}{}: it gives operation inputs only; binding those to \
                 parameters is the operation's job, not the resolver's.",
                case.index + 1,
                case.documentation
                    .as_deref()
                    .map(|doc| format!(" ({doc})"))
                    .unwrap_or_default()
            )),
            Run::Resolve {
                params: values,
                expect,
            } => {
                let name = test_name(case, &mut taken);
                functions.push(test_fn(
                    case,
                    &name,
                    values,
                    expect,
                    params,
                    &quote!(super),
                )?);
            }
        }
    }
    let mut docs = vec![" The rule set's `smithy.rules#endpointTests` cases.".to_owned()];
    if !skipped.is_empty() {
        docs.push(String::new());
        docs.push(" Not run here:".to_owned());
        docs.extend(skipped);
    }
    Ok(quote! {
        #(#[doc = #docs])*
        #[cfg(test)]
        mod tests {
            #(#functions)*
        }
    })
}

/// One `#[test]` per case, as free functions named `<prefix>_case_<k>` (k
/// counting the cases from 1) that call `<module>::Params` and
/// `<module>::resolve_endpoint`; a case the resolver cannot run alone is an
/// ignored test that fails saying why when run.
pub(super) fn suite_tests(
    cases: &[TestCase],
    params: &[Param],
    module: &TokenStream,
    prefix: &str,
) -> Result<TokenStream, RulesError> {
    let mut functions = Vec::new();
    for case in cases {
        let name = quote::format_ident!("{prefix}_case_{}", case.index + 1);
        functions.push(match &case.run {
            Run::SkipOperationInputsOnly => {
                let reason = "gives operation inputs only, which an operation binds to parameters";
                let message = format!("case {} {reason}", case.index + 1);
                quote! {
                    #[test]
                    #[ignore = #reason]
                    fn #name() {
                        panic!(#message);
                    }
                }
            }
            Run::Resolve {
                params: values,
                expect,
            } => test_fn(case, &name, values, expect, params, module)?,
        });
    }
    Ok(quote!(#(#functions)*))
}

fn test_fn(
    case: &TestCase,
    name: &Ident,
    values: &[(usize, ParamValue)],
    expect: &Expectation,
    params: &[Param],
    module: &TokenStream,
) -> Result<TokenStream, RulesError> {
    let path = JsonPath::root(Document::Tests)
        .key("testCases")
        .index(case.index);
    let doc = format!(
        " Case {}: {}",
        case.index + 1,
        case.documentation.as_deref().unwrap_or("(undocumented)")
    );
    let setters = values.iter().map(|(id, value)| {
        let method = &params[*id].field;
        let value = match value {
            ParamValue::String(text) => quote!(#text),
            ParamValue::Boolean(flag) => quote!(#flag),
            ParamValue::StringArray(items) if items.is_empty() => {
                quote!(::std::vec::Vec::<::std::string::String>::new())
            }
            ParamValue::StringArray(items) => quote!([#(#items),*]),
        };
        quote!(.#method(#value))
    });
    let builder = quote!(#module::Params::builder() #(#setters)*);
    let missing: Vec<&str> = params
        .iter()
        .enumerate()
        .filter(|(id, param)| {
            param.required && param.default.is_none() && !values.iter().any(|(set, _)| set == id)
        })
        .map(|(_, param)| param.name.as_str())
        .collect();
    let body = match (expect, missing.first()) {
        // The rules cannot even run without a required parameter: the
        // builder refuses, naming the first one missing.
        (Expectation::Error(_), Some(first)) => {
            let message = missing_parameter_message(first);
            quote! {
                let built = #builder.build();
                let expected = ::lean_runtime::endpoint::ResolveEndpointError::message(#message);
                assert_eq!(built, ::std::result::Result::Err(expected));
            }
        }
        (Expectation::Endpoint { .. }, Some(_)) => {
            return Err(RulesError::new(
                &path.key("params"),
                format!(
                    "the case expects an endpoint but omits required parameter `{}`",
                    missing.join("`, `")
                ),
            ));
        }
        (Expectation::Error(message), None) => quote! {
            let params = #builder.build().expect("the case sets every required parameter");
            let resolved = #module::resolve_endpoint(&params);
            let expected = ::lean_runtime::endpoint::ResolveEndpointError::message(#message);
            assert_eq!(resolved, ::std::result::Result::Err(expected));
        },
        (
            Expectation::Endpoint {
                url,
                headers,
                properties,
            },
            None,
        ) => {
            let headers = headers.iter().flat_map(|(name, values)| {
                values
                    .iter()
                    .map(move |value| quote!(.with_header(#name, #value)))
            });
            let properties_path = path.key("expect").key("endpoint").key("properties");
            // Literal properties read no parameter, so no parameters are needed.
            let exprs = Exprs::new(&[], &[]);
            let properties = properties
                .iter()
                .map(|(name, value)| {
                    let value = exprs.property(&property(value, &properties_path.key(name))?);
                    Ok(quote!(.with_property(#name, #value)))
                })
                .collect::<Result<Vec<_>, RulesError>>()?;
            quote! {
                let params = #builder.build().expect("the case sets every required parameter");
                let resolved = #module::resolve_endpoint(&params);
                let expected = ::lean_runtime::endpoint::Endpoint::new(#url)
                    #(#headers)*
                    #(#properties)*;
                assert_eq!(resolved, ::std::result::Result::Ok(expected));
            }
        }
    };
    Ok(quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            #body
        }
    })
}

/// An expected property value, from the test's JSON.
fn property(value: &Value, path: &JsonPath) -> Result<Property, RulesError> {
    Ok(match value {
        Value::String(text) => Property::String(Expr {
            kind: ExprKind::String(text.clone()),
            ty: Type::String,
        }),
        Value::Bool(flag) => Property::Bool(*flag),
        Value::Number(number) => Property::Int(number.as_i64().ok_or_else(|| {
            RulesError::new(
                path,
                format!("only integer numbers are supported, found {number}"),
            )
        })?),
        Value::Array(items) => Property::Array(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| property(item, &path.index(index)))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Value::Object(entries) => Property::Map(
            entries
                .iter()
                .map(|(name, value)| Ok((name.clone(), property(value, &path.key(name))?)))
                .collect::<Result<Vec<_>, RulesError>>()?,
        ),
        Value::Null => return Err(RulesError::new(path, "endpoint properties cannot be null")),
    })
}

/// A test name from the case's documentation: `For region us-east-1 with
/// FIPS enabled` becomes `for_region_us_east_1_with_fips_enabled`; repeats
/// get `_2`, `_3`…
fn test_name(case: &TestCase, taken: &mut BTreeSet<String>) -> Ident {
    let mut base = case
        .documentation
        .as_deref()
        .map(ascii_snake)
        .unwrap_or_default();
    if base.len() > MAX_NAME_LENGTH {
        let cut = base[..MAX_NAME_LENGTH]
            .rfind('_')
            .unwrap_or(MAX_NAME_LENGTH);
        base.truncate(cut);
    }
    if base.is_empty() {
        base = format!("case_{}", case.index + 1);
    } else if base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("case_{base}");
    }
    let mut name = base.clone();
    let mut counter = 2;
    while taken.contains(&name) {
        name = format!("{base}_{counter}");
        counter += 1;
    }
    taken.insert(name.clone());
    names::ident(&name)
}

/// snake_case with only ASCII letters, digits and single underscores.
fn ascii_snake(text: &str) -> String {
    let snake = names::snake(text);
    let mut out = String::with_capacity(snake.len());
    for c in snake.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if c != '_' || !(out.is_empty() || out.ends_with('_')) {
            out.push(c);
        }
    }
    out.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(index: usize, documentation: Option<&str>) -> TestCase {
        TestCase {
            index,
            documentation: documentation.map(str::to_owned),
            run: Run::SkipOperationInputsOnly,
        }
    }

    #[test]
    fn names_come_from_documentation_and_stay_unique() {
        let mut taken = BTreeSet::new();
        let mut name = |index, doc| test_name(&case(index, doc), &mut taken).to_string();
        assert_eq!(
            name(
                0,
                Some("For region us-east-1 with FIPS enabled and DualStack enabled")
            ),
            "for_region_us_east_1_with_fips_enabled_and_dual_stack_enabled"
        );
        assert_eq!(name(1, Some("Missing region")), "missing_region");
        assert_eq!(name(2, Some("Missing region")), "missing_region_2");
        assert_eq!(name(3, Some("Missing  region!")), "missing_region_3");
        assert_eq!(name(4, None), "case_5");
        assert_eq!(name(5, Some("¿?")), "case_6");
        assert_eq!(
            name(6, Some("'a'*64: not isVirtualHostable (> 63 characters)")),
            "a_64_not_is_virtual_hostable_63_characters"
        );
        assert_eq!(
            name(7, Some("192.168.5.4: not isVirtualHostable")),
            "case_192_168_5_4_not_is_virtual_hostable"
        );
        assert_eq!(name(8, Some("type")), "r#type");
        assert_eq!(name(9, Some("Bucket \u{e9}t\u{e9}")), "bucket_t");
    }

    #[test]
    fn long_documentation_is_cut_at_a_word() {
        let doc = "word ".repeat(40);
        let name = test_name(&case(0, Some(&doc)), &mut BTreeSet::new()).to_string();
        assert!(name.len() <= MAX_NAME_LENGTH, "{name}");
        assert!(name.ends_with("word"), "{name}");
    }
}
