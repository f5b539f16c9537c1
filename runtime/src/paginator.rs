//! Paginators: every page of a `@paginated` operation, one request at a
//! time, or every item of those pages.
//!
//! Generated code implements [`Paginate`] (and [`PaginateItems`] when the
//! model names the items) for an operation's marker type; this module does
//! the rest, the same way for every operation:
//!
//! 1. send the input as given (a continuation token the caller set is the
//!    starting point);
//! 2. yield the page; stop when its output token is absent or empty;
//! 3. otherwise send the same input again with the input token set to that
//!    output token, and go back to 2.
//!
//! A service that answers with the token it was just sent would have a
//! client loop forever, so [`Pages`] stops after that page too (unless told
//! otherwise with [`Pages::stop_on_duplicate_token`]). An error is yielded
//! and ends the stream: the request was already retried as the client's
//! retry settings allow.
//!
//! The streams are plain structs with an async `next()`, so they need no
//! stream crate:
//!
//! ```no_run
//! # use lean_runtime::paginator::{Pages, Paginate};
//! # async fn example<Op: Paginate>(mut pages: Pages<Op>) -> Result<(), lean_runtime::error::SdkError<Op::Error>> {
//! while let Some(page) = pages.next().await {
//!     let page = page?;
//!     // use the page
//! #   let _ = page;
//! }
//! # Ok(())
//! # }
//! ```

use crate::error::{BuildError, SdkError};
use crate::fluent::Sender;
use crate::operation::Operation;
use crate::orchestrator::{ClientHandle, invoke};
use std::fmt;
use std::sync::Arc;

/// How to page through an operation: where the continuation token goes in
/// the input and where the next one comes from in the output.
///
/// Implemented by generated code for the marker type of every `@paginated`
/// operation.
pub trait Paginate: Operation<Input: Clone> {
    /// The continuation token: usually a string, sometimes a map (the model
    /// decides).
    type Token: Clone + PartialEq + Send + Sync;

    /// The continuation token the input carries.
    fn input_token(input: &Self::Input) -> Option<&Self::Token>;

    /// Sets the continuation token of the input.
    fn set_input_token(input: &mut Self::Input, token: Option<Self::Token>);

    /// The token of the next page, `None` when the output has none or an
    /// empty one (this was the last page).
    fn output_token(output: &Self::Output) -> Option<&Self::Token>;
}

/// The items of a page, for operations whose `@paginated` trait names them.
pub trait PaginateItems: Paginate {
    /// One item: an element of the paginated list, or a `(key, value)`
    /// pair of the paginated map.
    type Item;

    /// The items of a page, in the order the service sent them (for a map,
    /// in no particular order). A page without items has none.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Operations whose input limits how many results a page has (the model's
/// `pageSize` member), which [`Paginator::page_size`] sets.
pub trait PageSize: Paginate {
    /// The type of the page size member.
    type Size;

    /// Sets the page size of the input.
    fn set_page_size(input: &mut Self::Input, size: Self::Size);
}

/// Pages through the results of a paginated operation: the input built so
/// far and the client to send it with, as the fluent builder's
/// `into_paginator()` returns them. [`send`](Self::send) gives the pages,
/// one request each, each sending the continuation token of the page
/// before:
///
/// ```text
/// let mut pages = client.list_components().into_paginator().send();
/// while let Some(page) = pages.next().await {
///     let page = page?;
/// }
/// // Or every item of every page, where the model names the items:
/// let items = client.list_components().into_paginator().send().items().try_collect().await?;
/// ```
pub struct Paginator<Op: Paginate> {
    sender: Sender,
    input: Result<Op::Input, BuildError>,
    stop_on_duplicate_token: bool,
}

impl<Op: Paginate> Paginator<Op> {
    /// Pages from `input` (whose error, if it could not be built, is the
    /// first page's), sent with `sender`.
    pub fn new(sender: Sender, input: Result<Op::Input, BuildError>) -> Self {
        Self {
            sender,
            input,
            stop_on_duplicate_token: true,
        }
    }

    /// Whether to stop after a page whose continuation token is the one its
    /// request sent, which would otherwise repeat forever (default `true`).
    pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
        self.stop_on_duplicate_token = stop;
        self
    }

    /// The pages, fetched one by one as `next()` is awaited. An input that
    /// cannot be built is the first (and only) page's error.
    pub fn send(self) -> Pages<Op> {
        self.sender
            .pages::<Op>(self.input)
            .stop_on_duplicate_token(self.stop_on_duplicate_token)
    }
}

impl<Op: PageSize> Paginator<Op> {
    /// Asks for at most `limit` results per page (the operation's page
    /// size member). The service may return fewer.
    pub fn page_size(mut self, limit: Op::Size) -> Self {
        if let Ok(input) = &mut self.input {
            Op::set_page_size(input, limit);
        }
        self
    }
}

impl<Op: Paginate> Clone for Paginator<Op> {
    fn clone(&self) -> Self {
        Self {
            sender: self.sender.clone(),
            input: self.input.clone(),
            stop_on_duplicate_token: self.stop_on_duplicate_token,
        }
    }
}

impl<Op: Paginate> fmt::Debug for Paginator<Op>
where
    Op::Input: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("input", &self.input)
            .field("stop_on_duplicate_token", &self.stop_on_duplicate_token)
            .finish_non_exhaustive()
    }
}

/// The pages of a paginated operation, one request per page.
///
/// Call [`next`](Self::next) until it returns `None`, or
/// [`try_collect`](Self::try_collect) every page, or turn the pages into
/// their items with [`items`](Self::items).
pub struct Pages<Op: Paginate> {
    handle: Arc<ClientHandle>,
    state: State<Op::Input>,
    stop_on_duplicate_token: bool,
}

enum State<I> {
    /// The input of the next request.
    Next(I),
    /// The input could not be built; reported by the first `next`.
    Invalid(BuildError),
    Done,
}

impl<Op: Paginate> Pages<Op> {
    /// Pages starting from `input` (an input that could not be built makes
    /// the first page that construction failure), stopping on a repeated
    /// token.
    pub fn new(handle: Arc<ClientHandle>, input: Result<Op::Input, BuildError>) -> Self {
        Self {
            handle,
            state: match input {
                Ok(input) => State::Next(input),
                Err(e) => State::Invalid(e),
            },
            stop_on_duplicate_token: true,
        }
    }

    /// Whether to stop after a page whose output token is the token its
    /// request sent (default `true`). Turn it off only for operations that
    /// are meant to be polled that way, and stop reading when done.
    pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
        self.stop_on_duplicate_token = stop;
        self
    }

    /// The next page: `None` after the last page or after an error.
    ///
    /// Dropping the returned future before it completes loses nothing: the
    /// next call sends the same request again.
    pub async fn next(&mut self) -> Option<Result<Op::Output, SdkError<Op::Error>>> {
        let input = match std::mem::replace(&mut self.state, State::Done) {
            State::Next(input) => {
                let request = input.clone();
                self.state = State::Next(input);
                request
            }
            State::Invalid(e) => return Some(Err(SdkError::construction_failure(e))),
            State::Done => return None,
        };
        let result = invoke::<Op>(&self.handle, input).await;
        let mut more = false;
        if let (Ok(output), State::Next(input)) = (&result, &mut self.state)
            && let Some(token) = Op::output_token(output)
            && !(self.stop_on_duplicate_token && Op::input_token(input) == Some(token))
        {
            Op::set_input_token(input, Some(token.clone()));
            more = true;
        }
        if !more {
            self.state = State::Done;
        }
        Some(result)
    }

    /// Every remaining page, or the first error.
    ///
    /// # Errors
    /// The first error a request ended with; the pages before it are lost.
    pub async fn try_collect(mut self) -> Result<Vec<Op::Output>, SdkError<Op::Error>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The items of the remaining pages, one at a time.
    pub fn items(self) -> Items<Op>
    where
        Op: PaginateItems,
    {
        Items {
            pages: self,
            buffered: Vec::new().into_iter(),
        }
    }
}

impl<Op: Paginate> fmt::Debug for Pages<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The input may hold sensitive members; the operation and whether
        // pages remain is what matters when debugging.
        f.debug_struct("Pages")
            .field("operation", &Op::NAME)
            .field("done", &matches!(self.state, State::Done))
            .field("stop_on_duplicate_token", &self.stop_on_duplicate_token)
            .finish_non_exhaustive()
    }
}

/// The items of every page of a paginated operation, fetching pages as
/// they are needed.
pub struct Items<Op: PaginateItems> {
    pages: Pages<Op>,
    buffered: std::vec::IntoIter<Op::Item>,
}

impl<Op: PaginateItems> Items<Op> {
    /// The next item: `None` after the last one or after an error. Pages
    /// without items are skipped.
    pub async fn next(&mut self) -> Option<Result<Op::Item, SdkError<Op::Error>>> {
        loop {
            if let Some(item) = self.buffered.next() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.buffered = Op::into_items(page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every remaining item, or the first error.
    ///
    /// # Errors
    /// The first error a request ended with; the items before it are lost.
    pub async fn try_collect(mut self) -> Result<Vec<Op::Item>, SdkError<Op::Error>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<Op: PaginateItems> fmt::Debug for Items<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}
