//! `--query`: JMESPath evaluated over the output the command prints, as
//! the AWS CLI applies it. The expression is parsed by `lean-jmespath`,
//! the parser the generator compiles waiters with; this module evaluates
//! it over a [`Document`], following the JMESPath specification: member
//! access on anything but an object is null, projections drop nulls, and
//! functions check their argument types.

use crate::document::{Document, Number};
use lean_jmespath::{Comparator, Expr, Projection, Slice};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A parsed `--query` expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Query(Expr);

impl Query {
    /// Parses `text`.
    ///
    /// # Errors
    /// The syntax error, saying where.
    pub fn parse(text: &str) -> Result<Self, String> {
        lean_jmespath::parse(text).map(Self)
    }

    /// The expression's value over `data`.
    ///
    /// # Errors
    /// A function called with arguments of the wrong type or number, or an
    /// unknown function.
    pub fn apply(&self, data: &Document) -> Result<Document, String> {
        eval(&self.0, data)
    }
}

fn eval(expr: &Expr, data: &Document) -> Result<Document, String> {
    Ok(match expr {
        Expr::Current => data.clone(),
        Expr::Field(name) => match data {
            Document::Object(members) => members.get(name).cloned().unwrap_or(Document::Null),
            _ => Document::Null,
        },
        Expr::Sub(lhs, rhs) => match eval(lhs, data)? {
            Document::Null => Document::Null,
            value => eval(rhs, &value)?,
        },
        Expr::Index(lhs, index) => match eval(lhs, data)? {
            Document::Array(items) => {
                let at = if *index < 0 {
                    items.len().checked_sub(index.unsigned_abs() as usize)
                } else {
                    Some(*index as usize)
                };
                at.and_then(|i| items.get(i).cloned())
                    .unwrap_or(Document::Null)
            }
            _ => Document::Null,
        },
        Expr::Project { lhs, kind, rhs } => {
            let of = eval(lhs, data)?;
            let elements: Vec<Document> = match (kind, of) {
                (Projection::List, Document::Array(items)) => items,
                (Projection::Slice(slice), Document::Array(items)) => sliced(items, *slice),
                (Projection::Flatten, Document::Array(items)) => items
                    .into_iter()
                    .flat_map(|item| match item {
                        Document::Array(inner) => inner,
                        other => vec![other],
                    })
                    .collect(),
                (Projection::Values, Document::Object(members)) => members.into_values().collect(),
                (Projection::Filter(condition), Document::Array(items)) => {
                    let mut kept = Vec::new();
                    for item in items {
                        if truthy(&eval(condition, &item)?) {
                            kept.push(item);
                        }
                    }
                    kept
                }
                _ => return Ok(Document::Null),
            };
            let mut out = Vec::with_capacity(elements.len());
            for element in &elements {
                match eval(rhs, element)? {
                    Document::Null => {}
                    value => out.push(value),
                }
            }
            Document::Array(out)
        }
        Expr::Literal(value) => from_json(value),
        Expr::Compare(op, lhs, rhs) => compare(*op, &eval(lhs, data)?, &eval(rhs, data)?),
        Expr::And(lhs, rhs) => {
            let left = eval(lhs, data)?;
            if truthy(&left) {
                eval(rhs, data)?
            } else {
                left
            }
        }
        Expr::Or(lhs, rhs) => {
            let left = eval(lhs, data)?;
            if truthy(&left) {
                left
            } else {
                eval(rhs, data)?
            }
        }
        Expr::Not(inner) => Document::Bool(!truthy(&eval(inner, data)?)),
        Expr::MultiList(items) => {
            if matches!(data, Document::Null) {
                return Ok(Document::Null);
            }
            Document::Array(
                items
                    .iter()
                    .map(|item| eval(item, data))
                    .collect::<Result<_, _>>()?,
            )
        }
        Expr::MultiHash(members) => {
            if matches!(data, Document::Null) {
                return Ok(Document::Null);
            }
            let mut out = BTreeMap::new();
            for (key, value) in members {
                out.insert(key.clone(), eval(value, data)?);
            }
            Document::Object(out)
        }
        Expr::Function(name, args) => call(name, args, data)?,
        Expr::Expref(_) => {
            return Err("an expression reference (`&`) is only an argument of sort_by, max_by, min_by or map".to_owned());
        }
    })
}

fn sliced(items: Vec<Document>, slice: Slice) -> Vec<Document> {
    let len = items.len() as i64;
    let step = slice.step.unwrap_or(1);
    let clamp = |at: Option<i64>, default: i64| -> i64 {
        match at {
            None => default,
            Some(i) if i < 0 => {
                let i = i + len;
                if step < 0 { i.max(-1) } else { i.max(0) }
            }
            Some(i) => {
                if step < 0 {
                    i.min(len - 1)
                } else {
                    i.min(len)
                }
            }
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(slice.start, 0), clamp(slice.stop, len))
    } else {
        (clamp(slice.start, len - 1), clamp(slice.stop, -1))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
            out.push(item.clone());
        }
        i += step;
    }
    out
}

/// JMESPath's truthiness: false, null, and empty strings, lists and
/// objects are false.
fn truthy(value: &Document) -> bool {
    match value {
        Document::Null | Document::Bool(false) => false,
        Document::String(s) => !s.is_empty(),
        Document::Array(a) => !a.is_empty(),
        Document::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn number(value: &Document) -> Option<f64> {
    match value {
        Document::Number(n) => Some(n.to_f64_lossy()),
        _ => None,
    }
}

fn equal(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => x.to_f64_lossy() == y.to_f64_lossy(),
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn compare(op: Comparator, a: &Document, b: &Document) -> Document {
    match op {
        Comparator::Eq => Document::Bool(equal(a, b)),
        Comparator::Ne => Document::Bool(!equal(a, b)),
        _ => {
            // Ordering compares numbers only (strings too, in JMESPath
            // 2023 and the AWS CLI's implementation); anything else is null.
            let ordering = match (a, b) {
                (Document::String(x), Document::String(y)) => Some(x.cmp(y)),
                _ => match (number(a), number(b)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y),
                    _ => None,
                },
            };
            match ordering {
                None => Document::Null,
                Some(o) => Document::Bool(match op {
                    Comparator::Lt => o == Ordering::Less,
                    Comparator::Le => o != Ordering::Greater,
                    Comparator::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                }),
            }
        }
    }
}

fn from_json(value: &lean_jmespath::Value) -> Document {
    use lean_jmespath::Value;
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(from_json).collect()),
        Value::Object(members) => Document::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v)))
                .collect(),
        ),
    }
}

fn type_name(value: &Document) -> &'static str {
    match value {
        Document::Null => "null",
        Document::Bool(_) => "boolean",
        Document::Number(_) => "number",
        Document::String(_) => "string",
        Document::Array(_) => "array",
        Document::Object(_) => "object",
    }
}

fn float(value: f64) -> Document {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        if value >= 0.0 {
            Document::Number(Number::PosInt(value as u64))
        } else {
            Document::Number(Number::NegInt(value as i64))
        }
    } else {
        Document::Number(Number::Float(value))
    }
}

/// Orders values of one type (numbers or strings), as sort and max do.
fn order(a: &Document, b: &Document) -> Ordering {
    match (a, b) {
        (Document::String(x), Document::String(y)) => x.cmp(y),
        _ => number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal),
    }
}

fn call(name: &str, args: &[Expr], data: &Document) -> Result<Document, String> {
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "{name}() takes {n} argument{}, not {}",
                if n == 1 { "" } else { "s" },
                args.len()
            ))
        }
    };
    let wrong = |value: &Document, expected: &str| {
        Err(format!(
            "invalid type for {name}(): expected {expected}, received {}",
            type_name(value)
        ))
    };
    let expref = |index: usize| match &args[index] {
        Expr::Expref(inner) => Ok(&**inner),
        _ => Err(format!(
            "{name}() expects an expression (`&...`) as argument {}",
            index + 1
        )),
    };
    let arg = |index: usize| eval(&args[index], data);
    match name {
        "abs" | "ceil" | "floor" => {
            arity(1)?;
            let value = arg(0)?;
            let Some(n) = number(&value) else {
                return wrong(&value, "number");
            };
            Ok(float(match name {
                "abs" => n.abs(),
                "ceil" => n.ceil(),
                _ => n.floor(),
            }))
        }
        "avg" | "sum" => {
            arity(1)?;
            let value = arg(0)?;
            let Document::Array(items) = &value else {
                return wrong(&value, "array of numbers");
            };
            let mut total = 0.0;
            for item in items {
                match number(item) {
                    Some(n) => total += n,
                    None => return wrong(item, "number"),
                }
            }
            Ok(match (name, items.len()) {
                ("avg", 0) => Document::Null,
                ("avg", n) => float(total / n as f64),
                _ => float(total),
            })
        }
        "contains" => {
            arity(2)?;
            let (subject, search) = (arg(0)?, arg(1)?);
            Ok(Document::Bool(match (&subject, &search) {
                (Document::Array(items), _) => items.iter().any(|i| equal(i, &search)),
                (Document::String(s), Document::String(needle)) => s.contains(needle.as_str()),
                (Document::String(_), _) => false,
                _ => return wrong(&subject, "array or string"),
            }))
        }
        "starts_with" | "ends_with" => {
            arity(2)?;
            match (arg(0)?, arg(1)?) {
                (Document::String(s), Document::String(affix)) => {
                    Ok(Document::Bool(if name == "starts_with" {
                        s.starts_with(&affix)
                    } else {
                        s.ends_with(&affix)
                    }))
                }
                (Document::String(_), other) | (other, _) => wrong(&other, "string"),
            }
        }
        "join" => {
            arity(2)?;
            let (glue, list) = (arg(0)?, arg(1)?);
            let Document::String(glue) = &glue else {
                return wrong(&glue, "string");
            };
            let Document::Array(items) = &list else {
                return wrong(&list, "array of strings");
            };
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Document::String(s) => parts.push(s.as_str()),
                    other => return wrong(other, "string"),
                }
            }
            Ok(Document::String(parts.join(glue)))
        }
        "keys" | "values" => {
            arity(1)?;
            match arg(0)? {
                Document::Object(members) if name == "keys" => Ok(Document::Array(
                    members.into_keys().map(Document::String).collect(),
                )),
                Document::Object(members) => Ok(Document::Array(members.into_values().collect())),
                other => wrong(&other, "object"),
            }
        }
        "length" => {
            arity(1)?;
            match arg(0)? {
                Document::String(s) => Ok(float(s.chars().count() as f64)),
                Document::Array(a) => Ok(float(a.len() as f64)),
                Document::Object(o) => Ok(float(o.len() as f64)),
                other => wrong(&other, "string, array or object"),
            }
        }
        "map" => {
            arity(2)?;
            let f = expref(0)?;
            match arg(1)? {
                Document::Array(items) => Ok(Document::Array(
                    items.iter().map(|i| eval(f, i)).collect::<Result<_, _>>()?,
                )),
                other => wrong(&other, "array"),
            }
        }
        "max" | "min" => {
            arity(1)?;
            let value = arg(0)?;
            let Document::Array(items) = &value else {
                return wrong(&value, "array of numbers or strings");
            };
            let best = if name == "max" {
                items.iter().max_by(|a, b| order(a, b))
            } else {
                items.iter().min_by(|a, b| order(a, b))
            };
            Ok(best.cloned().unwrap_or(Document::Null))
        }
        "max_by" | "min_by" | "sort_by" => {
            arity(2)?;
            let key = expref(1)?;
            let value = arg(0)?;
            let Document::Array(items) = value else {
                return wrong(&value, "array");
            };
            let mut keyed = Vec::with_capacity(items.len());
            for item in items {
                let k = eval(key, &item)?;
                if !matches!(k, Document::Number(_) | Document::String(_)) {
                    return wrong(&k, "number or string (as the key)");
                }
                keyed.push((k, item));
            }
            match name {
                "sort_by" => {
                    keyed.sort_by(|a, b| order(&a.0, &b.0));
                    Ok(Document::Array(keyed.into_iter().map(|(_, i)| i).collect()))
                }
                "max_by" => Ok(keyed
                    .into_iter()
                    .max_by(|a, b| order(&a.0, &b.0))
                    .map_or(Document::Null, |(_, i)| i)),
                _ => Ok(keyed
                    .into_iter()
                    .min_by(|a, b| order(&a.0, &b.0))
                    .map_or(Document::Null, |(_, i)| i)),
            }
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for index in 0..args.len() {
                match arg(index)? {
                    Document::Object(members) => out.extend(members),
                    other => return wrong(&other, "object"),
                }
            }
            Ok(Document::Object(out))
        }
        "not_null" => {
            for index in 0..args.len() {
                let value = arg(index)?;
                if !matches!(value, Document::Null) {
                    return Ok(value);
                }
            }
            Ok(Document::Null)
        }
        "reverse" => {
            arity(1)?;
            match arg(0)? {
                Document::Array(mut items) => {
                    items.reverse();
                    Ok(Document::Array(items))
                }
                Document::String(s) => Ok(Document::String(s.chars().rev().collect())),
                other => wrong(&other, "array or string"),
            }
        }
        "sort" => {
            arity(1)?;
            match arg(0)? {
                Document::Array(mut items) => {
                    items.sort_by(order);
                    Ok(Document::Array(items))
                }
                other => wrong(&other, "array"),
            }
        }
        "to_array" => {
            arity(1)?;
            Ok(match arg(0)? {
                array @ Document::Array(_) => array,
                other => Document::Array(vec![other]),
            })
        }
        "to_number" => {
            arity(1)?;
            Ok(match arg(0)? {
                n @ Document::Number(_) => n,
                Document::String(s) => s.trim().parse::<f64>().map_or(Document::Null, float),
                _ => Document::Null,
            })
        }
        "to_string" => {
            arity(1)?;
            Ok(match arg(0)? {
                s @ Document::String(_) => s,
                other => {
                    let mut out = String::new();
                    crate::json::JsonValueWriter::new(&mut out).document(&other);
                    Document::String(out)
                }
            })
        }
        "type" => {
            arity(1)?;
            Ok(Document::String(type_name(&arg(0)?).to_owned()))
        }
        other => Err(format!("unknown function: {other}()")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Document {
        super::super::parse_json(text).unwrap()
    }

    fn query(expression: &str, data: &str) -> String {
        let value = Query::parse(expression)
            .unwrap()
            .apply(&json(data))
            .unwrap_or_else(|e| panic!("{expression}: {e}"));
        let mut out = String::new();
        crate::json::JsonValueWriter::new(&mut out).document(&value);
        out
    }

    const TABLES: &str = r#"{"Tables":[
        {"Name":"b","Size":2,"Tags":[{"Key":"env","Value":"prod"}]},
        {"Name":"a","Size":10,"Tags":[]},
        {"Name":"c","Size":5}]}"#;

    #[test]
    fn paths_projections_and_filters() {
        assert_eq!(query("Tables[0].Name", TABLES), r#""b""#);
        assert_eq!(query("Tables[-1].Name", TABLES), r#""c""#);
        assert_eq!(query("Tables[*].Name", TABLES), r#"["b","a","c"]"#);
        assert_eq!(query("Tables[?Size > `3`].Name", TABLES), r#"["a","c"]"#);
        assert_eq!(query("Tables[].Tags[].Key", TABLES), r#"["env"]"#);
        assert_eq!(query("Tables[?Name == 'a'] | [0].Size", TABLES), "10");
        assert_eq!(query("Tables[1:].Name", TABLES), r#"["a","c"]"#);
        assert_eq!(query("Tables[::-1].Name", TABLES), r#"["c","a","b"]"#);
        assert_eq!(query("Missing.Deeper", TABLES), "null");
        assert_eq!(query("Tables[0].Name.Deeper", TABLES), "null");
        assert_eq!(query("Tables[?Tags].Name", TABLES), r#"["b"]"#);
        assert_eq!(query("Tables[?!Tags].Name", TABLES), r#"["a","c"]"#);
    }

    #[test]
    fn multi_selects() {
        assert_eq!(
            query("Tables[].[Name, Size]", TABLES),
            r#"[["b",2],["a",10],["c",5]]"#
        );
        assert_eq!(
            query("Tables[0].{N: Name, S: Size}", TABLES),
            r#"{"N":"b","S":2}"#
        );
    }

    #[test]
    fn functions() {
        assert_eq!(query("length(Tables)", TABLES), "3");
        assert_eq!(
            query("sort_by(Tables, &Size)[].Name", TABLES),
            r#"["b","c","a"]"#
        );
        assert_eq!(query("max_by(Tables, &Size).Name", TABLES), r#""a""#);
        assert_eq!(query("min_by(Tables, &Name).Size", TABLES), "10");
        assert_eq!(query("sum(Tables[].Size)", TABLES), "17");
        assert_eq!(
            query("join(', ', sort(Tables[].Name))", TABLES),
            r#""a, b, c""#
        );
        assert_eq!(query("contains(Tables[].Name, 'c')", TABLES), "true");
        assert_eq!(query("starts_with(Tables[0].Name, 'b')", TABLES), "true");
        assert_eq!(
            query("keys(Tables[0])", TABLES),
            r#"["Name","Size","Tags"]"#
        );
        assert_eq!(query("map(&Size, Tables)", TABLES), "[2,10,5]");
        assert_eq!(query("to_string(Tables[0].Size)", TABLES), r#""2""#);
        assert_eq!(query("not_null(Missing, Tables[0].Name)", TABLES), r#""b""#);
        assert_eq!(query("type(Tables)", TABLES), r#""array""#);
        assert_eq!(query("avg(Tables[].Size)", TABLES), "5.666666666666667");
    }

    #[test]
    fn errors_name_the_function_and_types() {
        let err = |q: &str| Query::parse(q).unwrap().apply(&json(TABLES)).unwrap_err();
        assert_eq!(
            err("length(`1`)"),
            "invalid type for length(): expected string, array or object, received number"
        );
        assert_eq!(err("length(a, b)"), "length() takes 1 argument, not 2");
        assert_eq!(err("nope(a)"), "unknown function: nope()");
        assert!(err("sort_by(Tables, Size)").contains("expects an expression"));
        assert!(Query::parse("Tables[").is_err());
    }
}
