//! Type checking: resolves references, types every expression and lowers
//! the rule set into the [`ir`](super::ir) the resolver is emitted from.
//!
//! The rules follow the rules-engine specification. A parameter that is
//! neither required nor defaulted is optional, and so are the results of
//! `aws.partition`, `parseURL`, `aws.parseArn`, `substring` and array
//! indexing. An optional value must be proven present before use: a
//! condition `isSet(ref)` narrows `ref` for the rest of its rule (and the
//! rules nested in it), and a condition with `assign` binds the present value.

use super::error::{JsonPath, RulesError};
use super::ir;
use super::names::LocalNames;
use super::params::Param;
use super::syntax::{self, AttrStep, Function, TemplatePart};
use super::types::Type;

type Result<T> = std::result::Result<T, RulesError>;

/// Identifiers the generated resolver uses besides rule-set locals.
pub(super) const RESERVED_LOCALS: &[&str] = &["params"];

/// Checks and lowers `rules`, which may use `params`.
pub(super) fn check(params: &[Param], rules: &[syntax::Rule]) -> Result<ir::Resolver> {
    let mut checker = Checker {
        locals: Vec::new(),
        names: LocalNames::new(RESERVED_LOCALS),
    };
    let mut scope = Scope::new(params);
    let rules = checker.rules(rules, &mut scope)?;
    Ok(ir::Resolver {
        rules,
        locals: checker.locals,
    })
}

/// What a name refers to at some point of the rule set.
#[derive(Clone, Debug)]
struct Binding {
    ty: Type,
    target: Target,
}

#[derive(Clone, Copy, Debug)]
enum Target {
    Param(ir::ParamId),
    Local(ir::LocalId),
}

/// Nested frames of bindings: one per rule, since names a rule binds are
/// visible to its later conditions, its outcome and its nested rules only.
struct Scope {
    frames: Vec<Vec<(String, Binding)>>,
}

impl Scope {
    fn new(params: &[Param]) -> Self {
        let parameters = params
            .iter()
            .enumerate()
            .map(|(id, param)| {
                let binding = Binding {
                    ty: param.ref_type(),
                    target: Target::Param(id),
                };
                (param.name.clone(), binding)
            })
            .collect();
        Self {
            frames: vec![parameters],
        }
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        self.frames
            .iter()
            .rev()
            .flat_map(|frame| frame.iter().rev())
            .find(|(bound, _)| bound == name)
            .map(|(_, binding)| binding)
    }

    /// Whether `name` is a parameter (narrowed by `isSet` or not).
    fn is_parameter(&self, name: &str) -> bool {
        self.frames
            .first()
            .is_some_and(|parameters| parameters.iter().any(|(bound, _)| bound == name))
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        if let Some(frame) = self.frames.last_mut() {
            frame.push((name.to_owned(), binding));
        }
    }

    fn enter(&mut self) {
        self.frames.push(Vec::new());
    }

    fn leave(&mut self) {
        self.frames.pop();
    }
}

struct Checker {
    locals: Vec<ir::Local>,
    names: LocalNames,
}

impl Checker {
    fn rules(&mut self, rules: &[syntax::Rule], scope: &mut Scope) -> Result<Vec<ir::Rule>> {
        rules.iter().map(|rule| self.rule(rule, scope)).collect()
    }

    fn rule(&mut self, rule: &syntax::Rule, scope: &mut Scope) -> Result<ir::Rule> {
        scope.enter();
        let checked = self.rule_in_scope(rule, scope);
        scope.leave();
        checked
    }

    fn rule_in_scope(&mut self, rule: &syntax::Rule, scope: &mut Scope) -> Result<ir::Rule> {
        let mut conditions = Vec::with_capacity(rule.conditions.len());
        for condition in &rule.conditions {
            self.condition(condition, scope, &mut conditions)?;
        }
        let outcome = match &rule.outcome {
            syntax::Outcome::Endpoint(endpoint) => {
                ir::Outcome::Endpoint(self.endpoint(endpoint, scope)?)
            }
            syntax::Outcome::Error(message) => ir::Outcome::Error(self.expect(
                message,
                &Type::String,
                "an error message",
                scope,
            )?),
            syntax::Outcome::Tree(rules) => ir::Outcome::Tree(self.rules(rules, scope)?),
        };
        Ok(ir::Rule {
            conditions,
            outcome,
        })
    }

    fn condition(
        &mut self,
        condition: &syntax::Condition,
        scope: &mut Scope,
        out: &mut Vec<ir::Condition>,
    ) -> Result<()> {
        if let Some(name) = &condition.assign
            && scope.lookup(name).is_some()
        {
            let what = if scope.is_parameter(name) {
                "a parameter"
            } else {
                "a variable assigned in this rule or an enclosing one"
            };
            return Err(RulesError::new(
                &condition.path.key("assign"),
                format!("cannot assign `{name}`: it is already {what}"),
            ));
        }
        // `isSet(ref)` narrows `ref` from here on: later uses see the value.
        if let syntax::Expr::Call(call) = &condition.expr
            && call.function == Function::IsSet
            && condition.assign.is_none()
            && let [syntax::Expr::Ref(name, path)] = call.args.as_slice()
        {
            let reference = self.reference(name, path, scope)?;
            let Type::Optional(inner) = &reference.ty else {
                return Err(RulesError::new(
                    path,
                    format!(
                        "isSet needs an optional value, but `{name}` is always set here ({})",
                        reference.ty.with_article()
                    ),
                ));
            };
            let local = self.new_local(name);
            scope.bind(
                name,
                Binding {
                    ty: inner.as_ref().clone(),
                    target: Target::Local(local),
                },
            );
            out.push(ir::Condition::Bind {
                local,
                expr: reference,
            });
            return Ok(());
        }
        let expr = self.expr(&condition.expr, scope)?;
        let assign = condition.assign.as_deref();
        match (&expr.ty, assign) {
            (Type::Bool, None) => out.push(ir::Condition::Test(expr)),
            (Type::Bool, Some(name)) => {
                // The condition holds only when the value is true, so the
                // variable is bound to `true` for the rest of the rule.
                let local = self.bind_local(name, Type::Bool, false, scope);
                self.locals[local].used = true;
                out.push(ir::Condition::Let { local, expr });
                out.push(ir::Condition::Test(ir::Expr {
                    kind: ir::ExprKind::Local(local),
                    ty: Type::Bool,
                }));
            }
            (Type::Optional(_), None) => out.push(ir::Condition::Test(ir::Expr {
                kind: ir::ExprKind::IsSet(Box::new(expr)),
                ty: Type::Bool,
            })),
            (Type::Optional(inner), Some(name)) => {
                // Optional values are all borrowed (`Option<&str>`, …).
                let local = self.bind_local(name, inner.as_ref().clone(), false, scope);
                out.push(ir::Condition::Bind { local, expr });
            }
            (_, None) => out.push(ir::Condition::Always),
            (ty, Some(name)) => {
                let owned = expr.is_owned(&self.locals);
                let local = self.bind_local(name, ty.clone(), owned, scope);
                out.push(ir::Condition::Let { local, expr });
            }
        }
        Ok(())
    }

    fn new_local(&mut self, name: &str) -> ir::LocalId {
        self.locals.push(ir::Local {
            ident: self.names.local(name),
            used: false,
            owned: false,
        });
        self.locals.len() - 1
    }

    fn bind_local(&mut self, name: &str, ty: Type, owned: bool, scope: &mut Scope) -> ir::LocalId {
        let local = self.new_local(name);
        self.locals[local].owned = owned;
        scope.bind(
            name,
            Binding {
                ty,
                target: Target::Local(local),
            },
        );
        local
    }

    fn endpoint(
        &mut self,
        endpoint: &syntax::EndpointTemplate,
        scope: &Scope,
    ) -> Result<ir::Endpoint> {
        let url = self.expect(&endpoint.url, &Type::String, "an endpoint URL", scope)?;
        let headers = endpoint
            .headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .iter()
                    .map(|value| self.expect(value, &Type::String, "a header value", scope))
                    .collect::<Result<Vec<_>>>()?;
                Ok((name.clone(), values))
            })
            .collect::<Result<Vec<_>>>()?;
        let properties = endpoint
            .properties
            .iter()
            .map(|(name, value)| Ok((name.clone(), self.property(value, scope)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ir::Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn property(
        &mut self,
        property: &syntax::PropertyTemplate,
        scope: &Scope,
    ) -> Result<ir::Property> {
        Ok(match property {
            syntax::PropertyTemplate::String(template) => {
                ir::Property::String(self.template(template, scope)?)
            }
            syntax::PropertyTemplate::Bool(flag) => ir::Property::Bool(*flag),
            syntax::PropertyTemplate::Int(int) => ir::Property::Int(*int),
            syntax::PropertyTemplate::Array(items) => ir::Property::Array(
                items
                    .iter()
                    .map(|item| self.property(item, scope))
                    .collect::<Result<Vec<_>>>()?,
            ),
            syntax::PropertyTemplate::Map(entries) => ir::Property::Map(
                entries
                    .iter()
                    .map(|(name, value)| Ok((name.clone(), self.property(value, scope)?)))
                    .collect::<Result<Vec<_>>>()?,
            ),
        })
    }

    /// Checks `expr` where a value of type `expected` is needed; `role` says
    /// what the value is for, in error messages.
    fn expect(
        &mut self,
        expr: &syntax::Expr,
        expected: &Type,
        role: &str,
        scope: &Scope,
    ) -> Result<ir::Expr> {
        let checked = self.expr(expr, scope)?;
        if &checked.ty == expected {
            return Ok(checked);
        }
        let path = expr_path(expr);
        let hint = match &checked.ty {
            Type::Optional(inner) if inner.as_ref() == expected => format!(
                "; {} may be unset here: check it with `isSet`, or `assign` it in a condition, first",
                expr.describe()
            ),
            _ => String::new(),
        };
        Err(RulesError::new(
            path,
            format!(
                "{role} must be {}, but {} is {}{hint}",
                expected.with_article(),
                expr.describe(),
                checked.ty.with_article()
            ),
        ))
    }

    fn expr(&mut self, expr: &syntax::Expr, scope: &Scope) -> Result<ir::Expr> {
        match expr {
            syntax::Expr::String(template) => self.template(template, scope),
            syntax::Expr::Bool(flag, _) => Ok(ir::Expr {
                kind: ir::ExprKind::Bool(*flag),
                ty: Type::Bool,
            }),
            syntax::Expr::Int(int, path) => {
                let int = u64::try_from(*int).map_err(|_| {
                    RulesError::new(path, format!("`{int}` is negative; indices start at 0"))
                })?;
                Ok(ir::Expr {
                    kind: ir::ExprKind::Int(int),
                    ty: Type::Int,
                })
            }
            syntax::Expr::Ref(name, path) => self.reference(name, path, scope),
            syntax::Expr::Call(call) => self.call(call, scope),
            syntax::Expr::GetAttr(get_attr) => self.get_attr(get_attr, scope),
        }
    }

    fn reference(&mut self, name: &str, path: &JsonPath, scope: &Scope) -> Result<ir::Expr> {
        let binding = scope.lookup(name).ok_or_else(|| {
            RulesError::new(
                path,
                format!("`{name}` is neither a parameter nor a variable assigned earlier in this rule or an enclosing one"),
            )
        })?;
        let kind = match binding.target {
            Target::Param(id) => ir::ExprKind::Param(id),
            Target::Local(id) => {
                self.locals[id].used = true;
                ir::ExprKind::Local(id)
            }
        };
        Ok(ir::Expr {
            kind,
            ty: binding.ty.clone(),
        })
    }

    fn template(&mut self, template: &syntax::Template, scope: &Scope) -> Result<ir::Expr> {
        let mut parts = Vec::with_capacity(template.parts.len());
        for part in &template.parts {
            parts.push(match part {
                TemplatePart::Literal(text) => ir::ConcatPart::Literal(text.clone()),
                TemplatePart::Placeholder(expr) => ir::ConcatPart::Value(self.expect(
                    expr,
                    &Type::String,
                    "a template placeholder",
                    scope,
                )?),
            });
        }
        let kind = if parts.len() > 1 {
            ir::ExprKind::Concat(parts)
        } else {
            match parts.pop() {
                None => ir::ExprKind::String(String::new()),
                Some(ir::ConcatPart::Literal(text)) => ir::ExprKind::String(text),
                // `"{Region}"` is the value itself; no need to format it.
                Some(ir::ConcatPart::Value(value)) => return Ok(value),
            }
        };
        Ok(ir::Expr {
            kind,
            ty: Type::String,
        })
    }

    fn call(&mut self, call: &syntax::Call, scope: &Scope) -> Result<ir::Expr> {
        let boolean = |kind| ir::Expr {
            kind,
            ty: Type::Bool,
        };
        let runtime = match call.function {
            Function::IsSet => return self.is_set(call, scope),
            Function::Not => {
                let [arg] = self.args(call, [Type::Bool], scope)?;
                return Ok(boolean(ir::ExprKind::Not(Box::new(arg))));
            }
            Function::BooleanEquals | Function::StringEquals => {
                let ty = if call.function == Function::BooleanEquals {
                    Type::Bool
                } else {
                    Type::String
                };
                let [left, right] = self.args(call, [ty.clone(), ty], scope)?;
                return Ok(boolean(ir::ExprKind::Equals(
                    Box::new(left),
                    Box::new(right),
                )));
            }
            Function::Substring => ir::RuntimeFn::Substring,
            Function::UriEncode => ir::RuntimeFn::UriEncode,
            Function::ParseUrl => ir::RuntimeFn::ParseUrl,
            Function::IsValidHostLabel => ir::RuntimeFn::IsValidHostLabel,
            Function::AwsPartition => ir::RuntimeFn::Partition,
            Function::AwsParseArn => ir::RuntimeFn::ParseArn,
            Function::AwsIsVirtualHostableS3Bucket => ir::RuntimeFn::IsVirtualHostableS3Bucket,
            Function::Split => ir::RuntimeFn::Split,
            Function::Coalesce => return self.coalesce(call, scope),
            Function::Ite => return self.ite(call, scope),
        };
        let (parameters, result) = runtime.signature();
        let args = self.arg_list(call, &parameters, scope)?;
        Ok(ir::Expr {
            kind: ir::ExprKind::Call(runtime, args),
            ty: result,
        })
    }

    /// `coalesce(a, b, …)`: every argument of one type, each optional or
    /// not; the result is optional only when all of them are.
    fn coalesce(&mut self, call: &syntax::Call, scope: &Scope) -> Result<ir::Expr> {
        if call.args.len() < 2 {
            return Err(RulesError::new(
                &call.path,
                format!(
                    "coalesce takes two or more arguments, but {} given",
                    call.args.len()
                ),
            ));
        }
        let mut args = Vec::with_capacity(call.args.len());
        let mut inner: Option<Type> = None;
        let mut all_optional = true;
        for (position, arg) in call.args.iter().enumerate() {
            let checked = self.expr(arg, scope)?;
            let (ty, optional) = match &checked.ty {
                Type::Optional(ty) => (ty.as_ref().clone(), true),
                ty => (ty.clone(), false),
            };
            all_optional &= optional;
            if checked.is_owned(&self.locals) {
                return Err(RulesError::new(
                    expr_path(arg),
                    format!(
                        "argument {} of coalesce is a computed string ({}); assign it in a condition first",
                        position + 1,
                        arg.describe()
                    ),
                ));
            }
            match &inner {
                Some(first) if *first != ty => {
                    return Err(RulesError::new(
                        expr_path(arg),
                        format!(
                            "the arguments of coalesce must share a type, but argument {} is {} and the first is {}",
                            position + 1,
                            ty.with_article(),
                            first.with_article()
                        ),
                    ));
                }
                Some(_) => {}
                None => inner = Some(ty),
            }
            args.push(checked);
        }
        let inner = inner.unwrap_or(Type::String);
        Ok(ir::Expr {
            kind: ir::ExprKind::Coalesce(args),
            ty: if all_optional {
                Type::optional(inner)
            } else {
                inner
            },
        })
    }

    /// `ite(condition, then, otherwise)`: a boolean, then two values of one
    /// type; the result is optional when either value is.
    fn ite(&mut self, call: &syntax::Call, scope: &Scope) -> Result<ir::Expr> {
        let [condition, then, otherwise] = call.args.as_slice() else {
            return Err(arity(call, 3));
        };
        let condition = self.expect(condition, &Type::Bool, "argument 1 of ite", scope)?;
        let then_expr = self.expr(then, scope)?;
        let otherwise_expr = self.expr(otherwise, scope)?;
        let base = |ty: &Type| match ty {
            Type::Optional(inner) => (inner.as_ref().clone(), true),
            ty => (ty.clone(), false),
        };
        let (then_ty, then_optional) = base(&then_expr.ty);
        let (otherwise_ty, otherwise_optional) = base(&otherwise_expr.ty);
        if then_ty != otherwise_ty {
            return Err(RulesError::new(
                expr_path(otherwise),
                format!(
                    "the two values of ite must share a type, but {} is {} and {} is {}",
                    then.describe(),
                    then_expr.ty.with_article(),
                    otherwise.describe(),
                    otherwise_expr.ty.with_article()
                ),
            ));
        }
        let optional = then_optional || otherwise_optional;
        if optional && (then_expr.is_owned(&self.locals) || otherwise_expr.is_owned(&self.locals)) {
            return Err(RulesError::new(
                &call.path,
                "ite of an optional value and a computed string is not supported; assign the string in a condition first",
            ));
        }
        Ok(ir::Expr {
            kind: ir::ExprKind::Ite(
                Box::new(condition),
                Box::new(then_expr),
                Box::new(otherwise_expr),
            ),
            ty: if optional {
                Type::optional(then_ty)
            } else {
                then_ty
            },
        })
    }

    /// `isSet(expr)` of anything but a bare reference in a condition (those
    /// narrow the reference instead).
    fn is_set(&mut self, call: &syntax::Call, scope: &Scope) -> Result<ir::Expr> {
        let [arg] = call.args.as_slice() else {
            return Err(arity(call, 1));
        };
        let checked = self.expr(arg, scope)?;
        if !matches!(checked.ty, Type::Optional(_)) {
            return Err(RulesError::new(
                expr_path(arg),
                format!(
                    "isSet needs an optional value, but {} is always set here ({})",
                    arg.describe(),
                    checked.ty.with_article()
                ),
            ));
        }
        Ok(ir::Expr {
            kind: ir::ExprKind::IsSet(Box::new(checked)),
            ty: Type::Bool,
        })
    }

    /// Checks the arguments of `call` against `parameters`.
    fn arg_list(
        &mut self,
        call: &syntax::Call,
        parameters: &[Type],
        scope: &Scope,
    ) -> Result<Vec<ir::Expr>> {
        if call.args.len() != parameters.len() {
            return Err(arity(call, parameters.len()));
        }
        call.args
            .iter()
            .zip(parameters)
            .enumerate()
            .map(|(position, (arg, expected))| {
                let role = format!("argument {} of {}", position + 1, call.function.name());
                self.expect(arg, expected, &role, scope)
            })
            .collect()
    }

    /// [`Self::arg_list`] for a fixed number of arguments.
    fn args<const N: usize>(
        &mut self,
        call: &syntax::Call,
        parameters: [Type; N],
        scope: &Scope,
    ) -> Result<[ir::Expr; N]> {
        self.arg_list(call, &parameters, scope)?
            .try_into()
            .map_err(|_| arity(call, N))
    }

    fn get_attr(&mut self, get_attr: &syntax::GetAttr, scope: &Scope) -> Result<ir::Expr> {
        let mut current = self.expr(&get_attr.target, scope)?;
        for step in &get_attr.steps {
            let (attribute, ty) = match (step, &current.ty) {
                (AttrStep::Key(key), record) => {
                    let (method, ty) = record.attribute(key).ok_or_else(|| {
                        let why = match record {
                            Type::Optional(_) => format!(
                                "it is {} that may be unset here: check it with `isSet`, or `assign` it in a condition, first",
                                record.with_article()
                            ),
                            Type::Partition | Type::Url | Type::Arn => {
                                format!("{} has only {}", record.with_article(), record.attribute_names())
                            }
                            other => format!("it is {}", other.with_article()),
                        };
                        RulesError::new(
                            &get_attr.path,
                            format!("cannot read `{key}` of {}: {why}", get_attr.target.describe()),
                        )
                    })?;
                    (ir::Attribute::Method(method), ty)
                }
                (AttrStep::Index(index), Type::Array(element)) => (
                    ir::Attribute::Index(*index),
                    Type::optional(element.as_ref().clone()),
                ),
                (AttrStep::Index(index), other) => {
                    return Err(RulesError::new(
                        &get_attr.path,
                        format!(
                            "cannot take element [{index}] of {}: it is {}, not an array",
                            get_attr.target.describe(),
                            other.with_article()
                        ),
                    ));
                }
            };
            current = ir::Expr {
                kind: ir::ExprKind::Attribute(Box::new(current), attribute),
                ty,
            };
        }
        Ok(current)
    }
}

fn arity(call: &syntax::Call, expected: usize) -> RulesError {
    RulesError::new(
        &call.path.key("argv"),
        format!(
            "{} takes {expected} argument{}, found {}",
            call.function.name(),
            if expected == 1 { "" } else { "s" },
            call.args.len()
        ),
    )
}

fn expr_path(expr: &syntax::Expr) -> &JsonPath {
    match expr {
        syntax::Expr::String(template) => &template.path,
        syntax::Expr::Int(_, path) | syntax::Expr::Ref(_, path) => path,
        syntax::Expr::Call(call) => &call.path,
        syntax::Expr::GetAttr(get_attr) => &get_attr.path,
        syntax::Expr::Bool(_, path) => path,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The error compiling a rule set whose one error rule has `condition`.
    fn error_of(condition: serde_json::Value) -> String {
        let ruleset = json!({
            "version": "1.1",
            "parameters": {
                "A": { "type": "string" },
                "B": { "type": "boolean", "required": true, "default": false }
            },
            "rules": [{ "conditions": [condition], "type": "error", "error": "x" }]
        });
        super::super::compile(&ruleset, None)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn coalesce_needs_two_arguments_of_one_type() {
        let one = error_of(json!({ "fn": "coalesce", "argv": [{ "ref": "A" }] }));
        assert!(
            one.contains("coalesce takes two or more arguments"),
            "{one}"
        );
        let mixed = error_of(json!({ "fn": "coalesce", "argv": [{ "ref": "A" }, { "ref": "B" }] }));
        assert!(
            mixed.contains("must share a type, but argument 2 is a boolean"),
            "{mixed}"
        );
    }

    #[test]
    fn ite_needs_a_boolean_and_two_values_of_one_type() {
        let condition = error_of(json!({ "fn": "ite", "argv": ["x", "a", "b"] }));
        assert!(
            condition.contains("argument 1 of ite must be a boolean"),
            "{condition}"
        );
        let values = error_of(json!({ "fn": "ite", "argv": [{ "ref": "B" }, "a", true] }));
        assert!(
            values.contains("the two values of ite must share a type"),
            "{values}"
        );
    }

    #[test]
    fn split_takes_a_string_a_delimiter_and_a_limit() {
        let limit = error_of(json!({ "fn": "split", "argv": ["a,b", ",", "0"] }));
        assert!(
            limit.contains("argument 3 of split must be an integer"),
            "{limit}"
        );
    }
}
