//! One operation's command: its name, flags and pagination, and what it
//! collects to print.
//!
//! A generated command line declares each operation as a [`Command`]
//! constant; one generic function of the generated tool then parses the
//! arguments with [`Command::parse`], sends one request per page and hands
//! each output's JSON to the command's [`Results`].

use super::{
    Invocation, Pages, Pagination, Param, UsageError, parse_args, parse_paginated_args,
    report_usage,
};
use crate::document::Document;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// An operation's command, e.g. `list-components` for `ListComponents`.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The command's name on the command line (`list-components`).
    pub name: &'static str,
    /// The operation's name, for messages (`ListComponents`).
    pub operation: &'static str,
    /// The operation's flags.
    pub params: &'static [Param],
    /// How its pages are merged, for a paginated operation.
    pub pagination: Option<Pagination>,
}

impl Command {
    /// The command `name` of `operation`, taking `params`.
    pub const fn new(
        name: &'static str,
        operation: &'static str,
        params: &'static [Param],
    ) -> Self {
        Self {
            name,
            operation,
            params,
            pagination: None,
        }
    }

    /// The command, paginated as `pagination` says: it fetches every page
    /// and takes the paging options (`--max-items`, ...).
    pub const fn paginated(mut self, pagination: Pagination) -> Self {
        self.pagination = Some(pagination);
        self
    }

    /// Parses the command's arguments (everything after its name).
    ///
    /// # Errors
    /// As [`parse_args`], or [`parse_paginated_args`] for a paginated
    /// command.
    pub fn parse(&self, args: &[String]) -> Result<Invocation, UsageError> {
        if self.pagination.is_some() {
            parse_paginated_args(args, self.params)
        } else {
            parse_args(args, self.params)
        }
    }

    /// What the command prints for `invocation`: its one output, or every
    /// page merged.
    ///
    /// # Errors
    /// A `--starting-token` that is not one this tool (or the AWS CLI)
    /// printed.
    pub fn results(&self, invocation: &Invocation) -> Result<Results, UsageError> {
        Ok(match self.pagination {
            Some(spec) => Results::Pages(Box::new(Pages::new(spec, &invocation.paging)?)),
            None => Results::One(None),
        })
    }
}

/// `call` (a builder) with each member of `input` set by `apply`, or, for
/// a parameter `apply` refuses, the usage error reported for `command` and
/// its exit code.
pub fn set_input<B>(
    mut call: B,
    input: &BTreeMap<String, Document>,
    apply: fn(B, &str, &Document) -> Result<B, UsageError>,
    command: &str,
) -> Result<B, ExitCode> {
    for (member, value) in input {
        call = apply(call, member, value).map_err(|e| report_usage(command, &e))?;
    }
    Ok(call)
}

/// The output a command prints, collected from its responses.
#[derive(Debug)]
pub enum Results {
    /// The one response of an operation that does not page, printed as
    /// its writer wrote it (members in model order).
    One(Option<String>),
    /// The pages of a paginated operation, merged (boxed: the paging
    /// state is large beside one string).
    Pages(Box<Pages>),
}

impl Results {
    /// The input of the next request: the command line's, with a
    /// paginated command's continuation token and page size.
    pub fn input<'a>(
        &self,
        input: &'a BTreeMap<String, Document>,
    ) -> Cow<'a, BTreeMap<String, Document>> {
        match self {
            Results::One(_) => Cow::Borrowed(input),
            Results::Pages(pages) => Cow::Owned(pages.input(input)),
        }
    }

    /// Adds a response's output as the JSON the command prints for it, and
    /// says whether another request is to be sent.
    ///
    /// # Errors
    /// A page that is not a JSON object (a bug of the generated command).
    pub fn add(&mut self, json: String) -> Result<bool, String> {
        match self {
            Results::One(output) => {
                *output = Some(json);
                Ok(false)
            }
            Results::Pages(pages) => pages.add(&json),
        }
    }

    /// The JSON to print.
    pub fn finish(self) -> String {
        match self {
            Results::One(output) => output.unwrap_or_else(|| "{}".to_owned()),
            Results::Pages(pages) => pages.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Kind;

    const PARAMS: &[Param] = &[Param::new("--name", "name", Kind::String)];
    const PAGINATION: Pagination = Pagination {
        input_token: "nextToken",
        output_token: &["nextToken"],
        items: &["items"],
        page_size: None,
    };

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_a_paginated_command_takes_paging_options() {
        let plain = Command::new("get-thing", "GetThing", PARAMS);
        let paged = Command::new("list-things", "ListThings", PARAMS).paginated(PAGINATION);
        let with_max = args(&["--name", "a", "--max-items", "2"]);
        assert!(plain.parse(&with_max).is_err());
        let invocation = paged.parse(&with_max).unwrap();
        assert_eq!(invocation.paging.max_items, Some(2));
        assert_eq!(invocation.input["name"], Document::from("a"));
    }

    #[test]
    fn input_is_set_member_by_member_until_one_is_refused() {
        fn apply(call: Vec<String>, member: &str, _: &Document) -> Result<Vec<String>, UsageError> {
            if member == "bad" {
                return Err(UsageError("refused".to_owned()));
            }
            Ok([call, vec![member.to_owned()]].concat())
        }
        let mut input = BTreeMap::new();
        input.insert("a".to_owned(), Document::from("1"));
        input.insert("b".to_owned(), Document::from("2"));
        assert_eq!(
            set_input(Vec::new(), &input, apply, "cmd").unwrap(),
            ["a", "b"]
        );
        input.insert("bad".to_owned(), Document::Null);
        assert!(set_input(Vec::new(), &input, apply, "cmd").is_err());
    }

    #[test]
    fn one_output_is_printed_as_written() {
        let command = Command::new("get-thing", "GetThing", PARAMS);
        let invocation = command.parse(&args(&["--name", "a"])).unwrap();
        let mut results = command.results(&invocation).unwrap();
        assert_eq!(*results.input(&invocation.input), invocation.input);
        assert!(!results.add(r#"{"z":1,"a":2}"#.to_owned()).unwrap());
        assert_eq!(results.finish(), r#"{"z":1,"a":2}"#);
    }

    #[test]
    fn pages_are_requested_with_the_token_and_merged() {
        let command = Command::new("list-things", "ListThings", PARAMS).paginated(PAGINATION);
        let invocation = command.parse(&args(&[])).unwrap();
        let mut results = command.results(&invocation).unwrap();
        assert!(
            results
                .add(r#"{"items":[1],"nextToken":"t"}"#.to_owned())
                .unwrap()
        );
        assert_eq!(
            results.input(&invocation.input)["nextToken"],
            Document::from("t")
        );
        assert!(!results.add(r#"{"items":[2]}"#.to_owned()).unwrap());
        assert_eq!(results.finish(), r#"{"items":[1,2]}"#);
    }
}
