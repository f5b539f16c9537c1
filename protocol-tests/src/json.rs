//! JSON bodies compared as values: member order and whitespace do not
//! matter, and numbers are equal when their values are (`1` and `1.0`).

use serde_json::Value;

/// Compares two JSON texts as values.
///
/// # Errors
/// Where they first differ (`$.a[1].b: expected 1, got 2`), or which one
/// is not JSON. An empty expected text matches only an empty body.
pub fn compare(expected: &str, actual: &[u8]) -> Result<(), String> {
    if expected.trim().is_empty() {
        return if actual.iter().all(u8::is_ascii_whitespace) {
            Ok(())
        } else {
            Err(format!(
                "expected no body, got {:?}",
                String::from_utf8_lossy(actual)
            ))
        };
    }
    let want: Value =
        serde_json::from_str(expected).map_err(|e| format!("the case's body is not JSON: {e}"))?;
    let got: Value = serde_json::from_slice(actual)
        .map_err(|e| format!("not JSON ({e}): {:?}", String::from_utf8_lossy(actual)))?;
    let mut path = String::from("$");
    diff(&want, &got, &mut path)
}

fn diff(want: &Value, got: &Value, path: &mut String) -> Result<(), String> {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            // Integers compare exactly; anything else by value.
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if same {
                Ok(())
            } else {
                Err(format!("{path}: expected {a}, got {b}"))
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!(
                    "{path}: expected {} elements, got {}: {got}",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff(x, y, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys() {
                if !b.contains_key(key) {
                    return Err(format!("{path}: member `{key}` missing from {got}"));
                }
            }
            for key in b.keys() {
                if !a.contains_key(key) {
                    return Err(format!("{path}: unexpected member `{key}` in {got}"));
                }
            }
            for (key, x) in a {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                diff(x, &b[key], path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: expected {a}, got {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn order_whitespace_and_number_forms_do_not_matter() {
        assert_eq!(
            compare(r#"{"a": 1.0, "b": [1, "x"]}"#, br#"{"b":[1,"x"],"a":1}"#),
            Ok(())
        );
        assert_eq!(compare("{\n}", b"{}"), Ok(()));
        assert_eq!(compare("", b""), Ok(()));
    }

    #[test]
    fn differences_are_located() {
        assert_eq!(
            compare(r#"{"a": {"b": [1, 2]}}"#, br#"{"a":{"b":[1,3]}}"#),
            Err("$.a.b[1]: expected 2, got 3".to_owned())
        );
        assert_eq!(
            compare(r#"{"a": 1}"#, br#"{}"#),
            Err("$: member `a` missing from {}".to_owned())
        );
        assert_eq!(
            compare(r#"{}"#, br#"{"a":null}"#),
            Err(r#"$: unexpected member `a` in {"a":null}"#.to_owned())
        );
        assert_eq!(
            compare(r#""NaN""#, br#"1"#),
            Err(r#"$: expected "NaN", got 1"#.to_owned())
        );
        assert!(compare("{}", b"").is_err());
        assert!(compare("", b"{}").is_err());
        assert!(compare("{}", b"{").is_err());
    }

    #[test]
    fn large_integers_compare_exactly() {
        assert!(compare("9007199254740993", b"9007199254740992").is_err());
        assert_eq!(compare("-3", b"-3"), Ok(()));
    }
}
