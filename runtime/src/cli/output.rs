//! `--output json|text|table`: how a command prints its result, following
//! the AWS CLI's formats, so that `--output text` can be piped into the
//! scripts that read the AWS CLI's.

use crate::document::{Document, Number};
use std::collections::BTreeMap;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Indented JSON (the default).
    #[default]
    Json,
    /// Tab-separated lines, as the AWS CLI's `--output text`.
    Text,
    /// Boxed tables, as the AWS CLI's `--output table`.
    Table,
}

impl Format {
    /// Parses `json`, `text` or `table`.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim() {
            "json" => Some(Self::Json),
            "text" => Some(Self::Text),
            "table" => Some(Self::Table),
            _ => None,
        }
    }
}

/// A scalar as the AWS CLI's text and table formats show it (Python's
/// `str`: `True`, `None`).
fn scalar(value: &Document) -> String {
    match value {
        Document::Null => "None".to_owned(),
        Document::Bool(true) => "True".to_owned(),
        Document::Bool(false) => "False".to_owned(),
        Document::Number(Number::PosInt(n)) => n.to_string(),
        Document::Number(Number::NegInt(n)) => n.to_string(),
        Document::Number(Number::Float(f)) => {
            if f.fract() == 0.0 && f.is_finite() {
                format!("{f:.1}")
            } else {
                f.to_string()
            }
        }
        Document::String(s) => s.clone(),
        Document::Array(_) | Document::Object(_) => String::new(),
    }
}

fn is_scalar(value: &Document) -> bool {
    !matches!(value, Document::Array(_) | Document::Object(_))
}

/// `--output text`: objects print their scalar members on one line
/// (sorted by key, tab-separated, prefixed by the key they were found
/// under, upper-cased), then their lists and objects the same way; lists of
/// objects print one line per element with the union of the elements'
/// scalar keys as columns; lists of scalars print on one line, or one line
/// per item under an identifier.
pub fn text(value: &Document) -> String {
    let mut out = String::new();
    text_value(value, None, None, &mut out);
    out
}

fn text_value(
    value: &Document,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    match value {
        Document::Object(members) => text_object(members, identifier, scalar_keys, out),
        Document::Array(items) => text_list(items, identifier, out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn text_object(
    members: &BTreeMap<String, Document>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&str, &Document)> = Vec::new();
    match scalar_keys {
        Some(keys) => {
            for key in keys {
                scalars.push(members.get(key).map(scalar).unwrap_or_default());
            }
            for (key, value) in members {
                if !keys.contains(key) {
                    nested.push((key, value));
                }
            }
        }
        None => {
            for (key, value) in members {
                if is_scalar(value) {
                    scalars.push(scalar(value));
                } else {
                    nested.push((key, value));
                }
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        text_value(value, Some(key), None, out);
    }
}

fn text_list(items: &[Document], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(|i| matches!(i, Document::Object(_))) {
        let keys = scalar_keys(items);
        for item in items {
            text_value(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(|i| matches!(i, Document::Array(_))) {
        let scalars: Vec<&Document> = items.iter().filter(|i| is_scalar(i)).collect();
        if !scalars.is_empty() {
            scalar_line(&scalars, identifier, out);
        }
        for item in items.iter().filter(|i| !is_scalar(i)) {
            text_value(item, identifier, None, out);
        }
    } else {
        let scalars: Vec<&Document> = items.iter().collect();
        scalar_line(&scalars, identifier, out);
    }
}

fn scalar_line(items: &[&Document], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&id.to_uppercase());
                out.push('\t');
                out.push_str(&scalar(item));
                out.push('\n');
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|i| scalar(i)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

/// The sorted union of the scalar members of a list's objects.
fn scalar_keys(items: &[Document]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Document::Object(m) => Some(m),
            _ => None,
        })
        .flat_map(|m| {
            m.iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, _)| k.clone())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// One box of a table: a title, optional column headers, rows.
struct Section {
    depth: usize,
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// `--output table`: a titled box per object or list, nested boxes for
/// nested values (their borders doubled, `||`, per level), all as wide as
/// the widest.
pub fn table(title: &str, value: &Document) -> String {
    let mut sections = Vec::new();
    table_value(title, value, 0, &mut sections);
    let natural = sections
        .iter()
        .map(|s| {
            let columns = column_widths(s);
            let cells: usize = columns.iter().sum::<usize>() + 3 * columns.len() + 1;
            (s.title.chars().count() + 4).max(cells) + 2 * s.depth
        })
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, section) in sections.iter().enumerate() {
        render_section(section, natural, i == 0, &mut out);
    }
    out
}

fn table_value(title: &str, value: &Document, depth: usize, sections: &mut Vec<Section>) {
    match value {
        Document::Object(members) => {
            let scalars: Vec<(&String, &Document)> =
                members.iter().filter(|(_, v)| is_scalar(v)).collect();
            sections.push(Section {
                depth,
                title: title.to_owned(),
                headers: Vec::new(),
                rows: scalars
                    .iter()
                    .map(|(k, v)| vec![(*k).clone(), scalar(v)])
                    .collect(),
            });
            for (key, nested) in members.iter().filter(|(_, v)| !is_scalar(v)) {
                table_value(key, nested, depth + 1, sections);
            }
        }
        Document::Array(items) if items.iter().any(|i| matches!(i, Document::Object(_))) => {
            let keys = scalar_keys(items);
            let rows = items
                .iter()
                .filter_map(|i| match i {
                    Document::Object(m) => Some(
                        keys.iter()
                            .map(|k| m.get(k).map(scalar).unwrap_or_default())
                            .collect(),
                    ),
                    _ => None,
                })
                .collect();
            sections.push(Section {
                depth,
                title: title.to_owned(),
                headers: keys,
                rows,
            });
            for item in items {
                if let Document::Object(m) = item {
                    for (key, nested) in m.iter().filter(|(_, v)| !is_scalar(v)) {
                        table_value(key, nested, depth + 1, sections);
                    }
                }
            }
        }
        Document::Array(items) => {
            sections.push(Section {
                depth,
                title: title.to_owned(),
                headers: Vec::new(),
                rows: items
                    .iter()
                    .filter(|i| is_scalar(i))
                    .map(|i| vec![scalar(i)])
                    .collect(),
            });
            for item in items.iter().filter(|i| !is_scalar(i)) {
                table_value(title, item, depth + 1, sections);
            }
        }
        other => sections.push(Section {
            depth,
            title: title.to_owned(),
            headers: Vec::new(),
            rows: vec![vec![scalar(other)]],
        }),
    }
}

fn column_widths(section: &Section) -> Vec<usize> {
    let columns = section
        .rows
        .iter()
        .map(Vec::len)
        .chain([section.headers.len()])
        .max()
        .unwrap_or(0);
    (0..columns)
        .map(|c| {
            section
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .chain(section.headers.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn render_section(section: &Section, total: usize, first: bool, out: &mut String) {
    let margin = "|".repeat(section.depth);
    let inner = total - 2 * section.depth;
    let line = |out: &mut String, body: &str| {
        out.push_str(&margin);
        out.push_str(body);
        out.push_str(&margin);
        out.push('\n');
    };
    let centered = |text: &str, width: usize| {
        let len = text.chars().count();
        let left = width.saturating_sub(len) / 2;
        let right = width.saturating_sub(len) - left;
        format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
    };
    if first {
        line(out, &"-".repeat(inner));
    }
    line(out, &format!("|{}|", centered(&section.title, inner - 2)));
    let mut widths = column_widths(section);
    if widths.is_empty() {
        line(out, &format!("+{}+", "-".repeat(inner - 2)));
        return;
    }
    // Spread the spare width over the columns, so every box is as wide as
    // the widest.
    let used: usize = widths.iter().sum::<usize>() + 3 * widths.len() + 1;
    let spare = inner.saturating_sub(used);
    let count = widths.len();
    for (i, width) in widths.iter_mut().enumerate() {
        *width += spare / count + usize::from(i < spare % count);
    }
    let border = format!(
        "+{}+",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let row = |cells: &[String], center: bool| {
        let parts: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                if center {
                    format!(" {} ", centered(cell, *w))
                } else {
                    let pad = w.saturating_sub(cell.chars().count());
                    format!(" {cell}{} ", " ".repeat(pad))
                }
            })
            .collect();
        format!("|{}|", parts.join("|"))
    };
    line(out, &border);
    if !section.headers.is_empty() {
        line(out, &row(&section.headers, true));
        line(out, &border);
    }
    for cells in &section.rows {
        line(out, &row(cells, false));
    }
    line(out, &border);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Document {
        super::super::parse_json(text).unwrap()
    }

    const ROLES: &str = r#"{"IsTruncated":false,"Roles":[
        {"RoleName":"a","Path":"/","MaxSessionDuration":3600,"Tags":[{"Key":"k","Value":"v"}]},
        {"RoleName":"b","Path":"/x/","MaxSessionDuration":7200}]}"#;

    #[test]
    fn text_is_tab_separated_as_the_aws_cli_prints_it() {
        assert_eq!(
            text(&json(ROLES)),
            "False\n\
             ROLES\t3600\t/\ta\n\
             TAGS\tk\tv\n\
             ROLES\t7200\t/x/\tb\n"
        );
        // A list of scalars is one line; under a key, one line per item.
        assert_eq!(text(&json(r#"["a","b",1]"#)), "a\tb\t1\n");
        assert_eq!(
            text(&json(r#"{"Names":["a","b"]}"#)),
            "NAMES\ta\nNAMES\tb\n"
        );
        assert_eq!(text(&json(r#""plain""#)), "plain\n");
        assert_eq!(text(&json("null")), "None\n");
        assert_eq!(text(&json("[]")), "");
    }

    #[test]
    fn table_boxes_nest_at_one_width() {
        let rendered = table("ListRoles", &json(ROLES));
        let lines: Vec<&str> = rendered.lines().collect();
        let width = lines[0].chars().count();
        assert!(
            lines.iter().all(|l| l.chars().count() == width),
            "{rendered}"
        );
        assert!(lines[1].contains("ListRoles"), "{rendered}");
        assert!(rendered.contains("||"), "{rendered}");
        for cell in [
            "IsTruncated",
            "False",
            "RoleName",
            "MaxSessionDuration",
            "/x/",
            "7200",
            "Tags",
        ] {
            assert!(rendered.contains(cell), "{cell}: {rendered}");
        }
        assert!(lines.last().unwrap().contains("+-"), "{rendered}");
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!(Format::parse("text"), Some(Format::Text));
        assert_eq!(Format::parse("yaml"), None);
    }
}
