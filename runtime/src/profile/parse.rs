//! Reads the text of one shared `config` or `credentials` file into the
//! sections it literally contains.
//!
//! This step only checks syntax. Deciding which sections are profiles, which
//! names are valid and how files merge is left to the caller, because those
//! rules differ between the two files while the syntax does not.

/// What the format treats as whitespace. Deliberately narrower than
/// `char::is_whitespace`: the AWS SDKs agree on exactly these two.
pub(super) const WHITESPACE: &[char] = &[' ', '\t'];

const COMMENT: &[char] = &['#', ';'];

/// A `[...]` section as written: the trimmed text between the brackets and its
/// properties in file order (later duplicates win when merged).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RawSection<'a> {
    pub(super) header: &'a str,
    /// Keys are lowercased: property names are case-insensitive.
    pub(super) properties: Vec<(String, String)>,
}

/// A syntax error, at a 1-based line number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub(super) line: usize,
    pub(super) message: &'static str,
}

/// How the next indented line continues the last property.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continuation {
    /// `name = value` followed by indented lines: more of the value.
    Value,
    /// `s3 =` followed by indented `key = value` lines: sub-properties, which
    /// must each have a key and an `=`.
    SubProperties,
}

/// Splits a file into its sections.
pub(super) fn parse(contents: &str) -> Result<Vec<RawSection<'_>>, SyntaxError> {
    let mut sections: Vec<RawSection<'_>> = Vec::new();
    // Reset by every section header: a continuation may only follow a
    // property of the same section.
    let mut continuation = None;
    for (index, line) in contents.lines().enumerate() {
        let error = |message| SyntaxError {
            line: index + 1,
            message,
        };
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(COMMENT) {
            continue;
        }
        if line.starts_with('[') {
            let line = strip_comment(line, false);
            let header = line
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .ok_or(error("profile definition must end with ']'"))?;
            sections.push(RawSection {
                header: header.trim_matches(WHITESPACE),
                properties: Vec::new(),
            });
            continuation = None;
        } else if line.starts_with(WHITESPACE) {
            let section = sections
                .last_mut()
                .ok_or(error("expected a profile definition"))?;
            let (kind, (_, value)) = continuation
                .zip(section.properties.last_mut())
                .ok_or(error("expected a property definition, found continuation"))?;
            if kind == Continuation::SubProperties {
                split_property(line).map_err(|e| error(e.message("sub-property")))?;
            }
            value.push('\n');
            value.push_str(line.trim_matches(WHITESPACE));
        } else {
            let section = sections
                .last_mut()
                .ok_or(error("expected a profile definition"))?;
            let (key, value) = split_property(line).map_err(|e| error(e.message("property")))?;
            continuation = Some(if value.is_empty() {
                Continuation::SubProperties
            } else {
                Continuation::Value
            });
            section
                .properties
                .push((key.to_ascii_lowercase(), value.to_owned()));
        }
    }
    Ok(sections)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PropertyError {
    NoEquals,
    NoName,
}

impl PropertyError {
    fn message(self, what: &str) -> &'static str {
        match (self, what) {
            (Self::NoEquals, "sub-property") => "expected an '=' sign defining a sub-property",
            (Self::NoName, "sub-property") => "sub-property did not have a name",
            (Self::NoEquals, _) => "expected an '=' sign defining a property",
            (Self::NoName, _) => "property did not have a name",
        }
    }
}

/// `key = value # comment` into trimmed `("key", "value")`.
fn split_property(line: &str) -> Result<(&str, &str), PropertyError> {
    let (key, value) = strip_comment(line, true)
        .split_once('=')
        .ok_or(PropertyError::NoEquals)?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((key, value.trim_matches(WHITESPACE)))
}

/// Trims the line and cuts a trailing comment.
///
/// In a property value a `#` or `;` starts a comment only after whitespace,
/// so `secret=abc;def` keeps its `;`; after a section header any `#` or `;`
/// does.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let mut after_whitespace = false;
    for (index, c) in line.char_indices() {
        if COMMENT.contains(&c) && (after_whitespace || !needs_whitespace) {
            return line[..index].trim_matches(WHITESPACE);
        }
        after_whitespace = WHITESPACE.contains(&c);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props<'a>(section: &'a RawSection<'_>) -> Vec<(&'a str, &'a str)> {
        section
            .properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    fn error(input: &str) -> SyntaxError {
        parse(input).expect_err("input should not parse")
    }

    #[test]
    fn sections_and_properties() {
        let sections = parse("[profile foo]\nname = value\nname2=value2\n[bar]\n").unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].header, "profile foo");
        assert_eq!(
            props(&sections[0]),
            [("name", "value"), ("name2", "value2")]
        );
        assert_eq!(sections[1].header, "bar");
        assert!(sections[1].properties.is_empty());
    }

    #[test]
    fn headers_are_trimmed_inside_the_brackets() {
        let sections = parse("[profile \tfoo \t]\n[   profile bar    ]").unwrap();
        assert_eq!(sections[0].header, "profile \tfoo");
        assert_eq!(sections[1].header, "profile bar");
    }

    #[test]
    fn values_keep_equals_signs_and_unicode_and_may_be_empty() {
        let sections = parse("[p]\na = val=ue\nb = 😂\nc =\nd \t=  \tspaced \t").unwrap();
        assert_eq!(
            props(&sections[0]),
            [("a", "val=ue"), ("b", "😂"), ("c", ""), ("d", "spaced")]
        );
    }

    #[test]
    fn keys_are_lowercased() {
        let sections = parse("[p]\nAWS_Access_Key_ID = X").unwrap();
        assert_eq!(props(&sections[0]), [("aws_access_key_id", "X")]);
    }

    #[test]
    fn windows_line_endings() {
        let sections = parse("[profile foo]\r\nname = value\r\n").unwrap();
        assert_eq!(props(&sections[0]), [("name", "value")]);
    }

    #[test]
    fn blank_lines_and_comment_lines_are_skipped() {
        let sections = parse("\t \n# c\n; c\n[p]\n\t\n \nname = value\n\t \n").unwrap();
        assert_eq!(props(&sections[0]), [("name", "value")]);
    }

    #[test]
    fn comments_after_headers_need_no_whitespace() {
        let sections = parse("[a]; x\n[b]# y\n[c] ; z\n[d] #\n[e];").unwrap();
        let headers: Vec<_> = sections.iter().map(|s| s.header).collect();
        assert_eq!(headers, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn comments_in_values_need_whitespace_before_them() {
        let sections = parse(
            "[p]\na = value # Comment with # sign\nb = value ; c ; d\nc = value;adjacent\nd = value#adjacent\ne = value ;\nf = value\t#tab",
        )
        .unwrap();
        assert_eq!(
            props(&sections[0]),
            [
                ("a", "value"),
                ("b", "value"),
                ("c", "value;adjacent"),
                ("d", "value#adjacent"),
                ("e", "value"),
                ("f", "value"),
            ]
        );
    }

    #[test]
    fn continuation_lines_extend_the_value_verbatim() {
        let sections =
            parse("[p]\nname = value\n -continued\n \t -and-continued \t \n # not a comment")
                .unwrap();
        assert_eq!(
            props(&sections[0]),
            [("name", "value\n-continued\n-and-continued\n# not a comment")]
        );
    }

    #[test]
    fn sub_properties() {
        let sections =
            parse("[p]\ns3 =\n name = value\n\t \n name2 = value2\n other =\nx = y").unwrap();
        assert_eq!(
            props(&sections[0]),
            [
                ("s3", "\nname = value\nname2 = value2\nother ="),
                ("x", "y")
            ]
        );
        // A sub-property's name is not validated, only its shape.
        let sections = parse("[p]\ns3 =\n in valid = value").unwrap();
        assert_eq!(props(&sections[0]), [("s3", "\nin valid = value")]);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        assert_eq!(
            error("[profile foo"),
            SyntaxError {
                line: 1,
                message: "profile definition must end with ']'"
            }
        );
        assert_eq!(
            error("[profile foo ; comment]"),
            SyntaxError {
                line: 1,
                message: "profile definition must end with ']'"
            }
        );
        assert_eq!(
            error("# comment\nname = value"),
            SyntaxError {
                line: 2,
                message: "expected a profile definition"
            }
        );
        assert_eq!(
            error(" -continued").message,
            "expected a profile definition"
        );
        assert_eq!(
            error("[p]\n\n -continued").message,
            "expected a property definition, found continuation"
        );
        assert_eq!(
            error("[p]\n= value").message,
            "property did not have a name"
        );
        assert_eq!(
            error("[p]\nkey : value").message,
            "expected an '=' sign defining a property"
        );
        assert_eq!(
            error("[p]\ns3 =\n invalid"),
            SyntaxError {
                line: 3,
                message: "expected an '=' sign defining a sub-property"
            }
        );
        assert_eq!(
            error("[p]\ns3 =\n = value").message,
            "sub-property did not have a name"
        );
    }

    #[test]
    fn a_new_section_ends_the_continuation() {
        assert_eq!(
            error("[p]\nname = value\n[p]\n -continued"),
            SyntaxError {
                line: 4,
                message: "expected a property definition, found continuation"
            }
        );
    }

    #[test]
    fn strip_comment_cases() {
        assert_eq!(
            strip_comment("name = value#c # sign", true),
            "name = value#c"
        );
        assert_eq!(
            strip_comment("name = value#c # sign", false),
            "name = value"
        );
        assert_eq!(strip_comment("  plain  ", true), "plain");
    }
}
