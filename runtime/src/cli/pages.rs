//! Pagination as the AWS CLI does it: every page is fetched by default and
//! the result lists merged into one output; `--max-items` stops early and
//! prints a `NextToken` that `--starting-token` resumes from;
//! `--page-size` sets the service's page size; `--no-paginate` gives the
//! first page as the service returned it.
//!
//! Pages are merged as the JSON the command prints, by member names, so
//! the generated command only sends requests and hands over their outputs.

use super::{UsageError, parse_json, usage};
use crate::document::{Document, Number};
use crate::json::JsonValueWriter;
use std::collections::BTreeMap;

/// How an operation pages, by the member names the command line uses.
#[derive(Clone, Copy, Debug)]
pub struct Pagination {
    /// The input member that takes the continuation token.
    pub input_token: &'static str,
    /// The output members leading to the next token.
    pub output_token: &'static [&'static str],
    /// The output members leading to the list (or map) of results.
    pub items: &'static [&'static str],
    /// The input member limiting the page size, if the operation has one.
    pub page_size: Option<&'static str>,
}

/// The pagination options of a command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PagingOptions {
    /// `--max-items`.
    pub max_items: Option<u64>,
    /// `--starting-token`.
    pub starting_token: Option<String>,
    /// `--page-size`.
    pub page_size: Option<u64>,
    /// `--no-paginate`.
    pub no_paginate: bool,
}

/// The key of the resume token's truncation count, as the AWS CLI writes it,
/// so tokens move between the two tools.
const TRUNCATE_KEY: &str = "boto_truncate_amount";

/// The pages of one command, merged as they arrive.
#[derive(Debug)]
pub struct Pages {
    spec: Pagination,
    options: PagingOptions,
    /// The token of the request about to be sent.
    token: Option<Document>,
    /// Results to drop from the next page: a resumed truncation.
    skip: usize,
    merged: Option<Document>,
    /// Results kept so far.
    count: u64,
    /// The token to print for resuming, when `--max-items` cut the results.
    resume: Option<String>,
}

impl Pages {
    /// Starts paging with the command line's options.
    ///
    /// # Errors
    /// A `--starting-token` that is not one this tool (or the AWS CLI)
    /// printed.
    pub fn new(spec: Pagination, options: &PagingOptions) -> Result<Self, UsageError> {
        let (token, skip) = match &options.starting_token {
            Some(text) => decode_token(spec.input_token, text)?,
            None => (None, 0),
        };
        Ok(Self {
            spec,
            options: options.clone(),
            token,
            skip,
            merged: None,
            count: 0,
            resume: None,
        })
    }

    /// The input of the next request: the command line's, with the
    /// continuation token and page size set.
    pub fn input(&self, input: &BTreeMap<String, Document>) -> BTreeMap<String, Document> {
        let mut input = input.clone();
        if let Some(token) = &self.token {
            input.insert(self.spec.input_token.to_owned(), token.clone());
        }
        if let (Some(member), Some(size)) = (self.spec.page_size, self.options.page_size) {
            input.insert(member.to_owned(), Document::Number(Number::PosInt(size)));
        }
        input
    }

    /// Adds a page, given as the JSON the command prints for it, and says
    /// whether another page is to be fetched.
    ///
    /// # Errors
    /// The page is not a JSON object (a bug of the generated command).
    pub fn add(&mut self, page: &str) -> Result<bool, String> {
        let mut page = parse_json(page)?;
        let next = get(&page, self.spec.output_token)
            .filter(|t| !is_empty_token(t))
            .cloned();
        if self.options.no_paginate {
            self.merged = Some(page);
            return Ok(false);
        }
        // The page's results, after what a resumed token says to skip and
        // what --max-items leaves room for.
        let mut truncated_at = None;
        if let Some(items) = get_mut(&mut page, self.spec.items) {
            let skip = std::mem::take(&mut self.skip);
            drain_front(items, skip);
            if let Some(max) = self.options.max_items {
                let room = usize::try_from(max.saturating_sub(self.count)).unwrap_or(usize::MAX);
                if len(items) > room {
                    truncate(items, room);
                    truncated_at = Some(skip + room);
                }
            }
            self.count += len(items) as u64;
        }
        remove(&mut page, self.spec.output_token);
        match &mut self.merged {
            None => self.merged = Some(page),
            Some(merged) => {
                if let (Some(all), Some(more)) = (
                    get_mut(merged, self.spec.items),
                    take(&mut page, self.spec.items),
                ) {
                    append(all, more);
                }
            }
        }
        if let Some(consumed) = truncated_at {
            // Resume from this page's own token, skipping what was printed.
            self.resume = Some(encode_token(
                self.spec.input_token,
                self.token.as_ref(),
                Some(consumed),
            ));
            return Ok(false);
        }
        let full = self.options.max_items.is_some_and(|max| self.count >= max);
        match next {
            // A service that repeats its token would page for ever.
            Some(next) if self.token.as_ref() != Some(&next) => {
                if full {
                    self.resume = Some(encode_token(self.spec.input_token, Some(&next), None));
                    return Ok(false);
                }
                self.token = Some(next);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The merged output as compact JSON, with `NextToken` when
    /// `--max-items` cut the results short.
    pub fn finish(self) -> String {
        let mut merged = self
            .merged
            .unwrap_or_else(|| Document::Object(BTreeMap::new()));
        if let (Some(token), Document::Object(members)) = (self.resume, &mut merged) {
            members.insert("NextToken".to_owned(), Document::String(token));
        }
        let mut out = String::new();
        JsonValueWriter::new(&mut out).document(&merged);
        out
    }
}

fn is_empty_token(token: &Document) -> bool {
    match token {
        Document::Null => true,
        Document::String(s) => s.is_empty(),
        Document::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn get<'a>(doc: &'a Document, path: &[&str]) -> Option<&'a Document> {
    path.iter().try_fold(doc, |doc, key| match doc {
        Document::Object(members) => members.get(*key),
        _ => None,
    })
}

fn get_mut<'a>(doc: &'a mut Document, path: &[&str]) -> Option<&'a mut Document> {
    path.iter().try_fold(doc, |doc, key| match doc {
        Document::Object(members) => members.get_mut(*key),
        _ => None,
    })
}

fn take(doc: &mut Document, path: &[&str]) -> Option<Document> {
    let (last, parents) = path.split_last()?;
    match get_mut(doc, parents)? {
        Document::Object(members) => members.remove(*last),
        _ => None,
    }
}

fn remove(doc: &mut Document, path: &[&str]) {
    take(doc, path);
}

fn len(items: &Document) -> usize {
    match items {
        Document::Array(list) => list.len(),
        Document::Object(map) => map.len(),
        _ => 0,
    }
}

fn drain_front(items: &mut Document, n: usize) {
    match items {
        Document::Array(list) => {
            list.drain(..n.min(list.len()));
        }
        Document::Object(map) => {
            let keys: Vec<String> = map.keys().take(n).cloned().collect();
            for key in keys {
                map.remove(&key);
            }
        }
        _ => {}
    }
}

fn truncate(items: &mut Document, n: usize) {
    match items {
        Document::Array(list) => list.truncate(n),
        Document::Object(map) => {
            let keys: Vec<String> = map.keys().skip(n).cloned().collect();
            for key in keys {
                map.remove(&key);
            }
        }
        _ => {}
    }
}

fn append(all: &mut Document, more: Document) {
    match (all, more) {
        (Document::Array(all), Document::Array(more)) => all.extend(more),
        (Document::Object(all), Document::Object(more)) => all.extend(more),
        _ => {}
    }
}

/// A resume token as the AWS CLI writes one: base64 of a JSON object
/// holding the service's token under the input member's name, and how many
/// results of that page were already printed.
fn encode_token(member: &str, token: Option<&Document>, truncate: Option<usize>) -> String {
    let mut members = BTreeMap::new();
    members.insert(member.to_owned(), token.cloned().unwrap_or(Document::Null));
    if let Some(n) = truncate {
        members.insert(
            TRUNCATE_KEY.to_owned(),
            Document::Number(Number::PosInt(n as u64)),
        );
    }
    let mut json = String::new();
    JsonValueWriter::new(&mut json).document(&Document::Object(members));
    crate::blob::encode(json.as_bytes())
}

fn decode_token(member: &str, text: &str) -> Result<(Option<Document>, usize), UsageError> {
    let invalid = || {
        usage(format!(
            "argument --starting-token: invalid token: '{text}' (use the NextToken a previous \
             command printed)"
        ))
    };
    let bytes = crate::blob::decode(text.trim()).map_err(|_| invalid())?;
    let json = String::from_utf8(bytes).map_err(|_| invalid())?;
    let Ok(Document::Object(mut members)) = parse_json(&json) else {
        return Err(invalid());
    };
    let skip = match members.remove(TRUNCATE_KEY) {
        Some(Document::Number(Number::PosInt(n))) => usize::try_from(n).map_err(|_| invalid())?,
        None => 0,
        Some(_) => return Err(invalid()),
    };
    let token = members
        .remove(member)
        .filter(|t| !matches!(t, Document::Null));
    Ok((token, skip))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Pagination = Pagination {
        input_token: "NextToken",
        output_token: &["NextToken"],
        items: &["Users"],
        page_size: Some("MaxItems"),
    };

    /// Pages `a`..`z`, three a page, as a service would give them.
    fn page(token: Option<&Document>) -> String {
        let start = match token {
            Some(Document::String(t)) => t.parse::<usize>().unwrap(),
            _ => 0,
        };
        let users: Vec<String> = (start..(start + 3).min(26))
            .map(|i| format!("\"{}\"", (b'a' + i as u8) as char))
            .collect();
        let next = if start + 3 < 26 {
            format!(",\"NextToken\":\"{}\"", start + 3)
        } else {
            String::new()
        };
        format!(
            "{{\"IsTruncated\":true,\"Users\":[{}]{next}}}",
            users.join(",")
        )
    }

    fn run(options: PagingOptions) -> (Document, usize) {
        let mut pages = Pages::new(SPEC, &options).unwrap();
        let mut requests = 0;
        loop {
            requests += 1;
            let input = pages.input(&BTreeMap::new());
            if let Some(size) = options.page_size {
                assert_eq!(
                    input.get("MaxItems"),
                    Some(&Document::Number(Number::PosInt(size)))
                );
            }
            if !pages.add(&page(input.get("NextToken"))).unwrap() {
                break;
            }
        }
        (parse_json(&pages.finish()).unwrap(), requests)
    }

    fn users(output: &Document) -> String {
        match get(output, &["Users"]) {
            Some(Document::Array(list)) => list
                .iter()
                .map(|d| match d {
                    Document::String(s) => s.as_str(),
                    _ => "?",
                })
                .collect(),
            _ => String::new(),
        }
    }

    fn next_token(output: &Document) -> Option<String> {
        match get(output, &["NextToken"]) {
            Some(Document::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    #[test]
    fn every_page_is_merged_and_the_service_token_dropped() {
        let (output, requests) = run(PagingOptions::default());
        assert_eq!(users(&output), "abcdefghijklmnopqrstuvwxyz");
        assert_eq!(requests, 9);
        assert_eq!(next_token(&output), None);
        assert_eq!(get(&output, &["IsTruncated"]), Some(&Document::Bool(true)));
    }

    #[test]
    fn max_items_and_starting_token_resume_where_they_stopped() {
        let mut seen = String::new();
        let mut token = None;
        loop {
            let (output, _) = run(PagingOptions {
                max_items: Some(5),
                starting_token: token.clone(),
                ..PagingOptions::default()
            });
            seen.push_str(&users(&output));
            token = next_token(&output);
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen, "abcdefghijklmnopqrstuvwxyz");
    }

    #[test]
    fn max_items_on_a_page_boundary_resumes_at_the_next_page() {
        let (output, requests) = run(PagingOptions {
            max_items: Some(6),
            ..PagingOptions::default()
        });
        assert_eq!(users(&output), "abcdef");
        assert_eq!(requests, 2);
        let token = next_token(&output).unwrap();
        let (output, _) = run(PagingOptions {
            max_items: Some(2),
            starting_token: Some(token),
            ..PagingOptions::default()
        });
        assert_eq!(users(&output), "gh");
    }

    #[test]
    fn no_paginate_gives_the_first_page_as_is() {
        let (output, requests) = run(PagingOptions {
            no_paginate: true,
            page_size: Some(3),
            ..PagingOptions::default()
        });
        assert_eq!(requests, 1);
        assert_eq!(users(&output), "abc");
        assert_eq!(next_token(&output).as_deref(), Some("3"));
    }

    #[test]
    fn a_repeated_token_ends_the_paging() {
        let mut pages = Pages::new(SPEC, &PagingOptions::default()).unwrap();
        assert!(pages.add(r#"{"Users":["a"],"NextToken":"same"}"#).unwrap());
        assert!(!pages.add(r#"{"Users":["b"],"NextToken":"same"}"#).unwrap());
    }

    #[test]
    fn bad_starting_tokens_are_usage_errors() {
        for token in ["not base64!", "aGVsbG8=", "WzFd"] {
            let e = Pages::new(
                SPEC,
                &PagingOptions {
                    starting_token: Some(token.into()),
                    ..PagingOptions::default()
                },
            )
            .unwrap_err();
            assert!(e.0.contains("invalid token"), "{}", e.0);
        }
    }

    #[test]
    fn map_tokens_round_trip() {
        // DynamoDB's LastEvaluatedKey / ExclusiveStartKey.
        let key: Document = parse_json(r#"{"pk":{"S":"x"}}"#).unwrap();
        let token = encode_token("ExclusiveStartKey", Some(&key), Some(2));
        let (decoded, skip) = decode_token("ExclusiveStartKey", &token).unwrap();
        assert_eq!((decoded, skip), (Some(key), 2));
    }
}
