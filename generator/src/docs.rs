//! Model documentation (HTML, as AWS models write it) to rustdoc Markdown.
//!
//! The output must render well and must never make rustdoc warn: square
//! brackets would become intra-doc links, `<` would open HTML tags, bare URLs
//! trip `rustdoc::bare_urls`. Characters that change how source reads
//! (carriage returns, bidirectional controls) are dropped.

use proc_macro2::TokenStream;
use quote::quote;

/// Converted documentation, ready to emit as `#[doc]` attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs(Option<String>);

impl Docs {
    /// No documentation.
    pub fn none() -> Self {
        Self(None)
    }

    /// Documentation from model HTML (plain text is valid HTML too).
    pub fn from_html(html: &str) -> Self {
        let markdown = html_to_markdown(html);
        if markdown.trim().is_empty() {
            Self(None)
        } else {
            Self(Some(markdown))
        }
    }

    /// Documentation written by the generator itself (already Markdown).
    pub fn from_markdown(text: impl Into<String>) -> Self {
        Self(Some(text.into()))
    }

    /// The Markdown text.
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// The first paragraph, for summaries.
    pub fn summary(&self) -> Option<&str> {
        self.0
            .as_deref()
            .map(|t| t.split("\n\n").next().unwrap_or(t))
    }

    /// This documentation, or `fallback` when there is none.
    pub fn or(self, fallback: impl Into<String>) -> Self {
        match self.0 {
            Some(_) => self,
            None => Self(Some(fallback.into())),
        }
    }

    /// `#[doc = " line"]` attributes, one per line (prettyplease prints them
    /// as `///` comments).
    pub fn to_attrs(&self) -> TokenStream {
        match &self.0 {
            None => TokenStream::new(),
            Some(text) => doc_attrs(text),
        }
    }

    /// The same as inner `#![doc]` attributes, for module and crate docs.
    pub fn to_inner_attrs(&self) -> TokenStream {
        match &self.0 {
            None => TokenStream::new(),
            Some(text) => {
                let lines = doc_lines(text).map(|line| quote!(#![doc = #line]));
                quote!(#(#lines)*)
            }
        }
    }
}

/// `#[doc]` attributes for generator-written Markdown.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text).map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// The lines of a doc comment, each with its leading space, and without the
/// characters rustc rejects in comments (a bare carriage return,
/// bidirectional controls). Generator-written docs quote model strings
/// (enum values, link targets), so this filters them too.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        let line: String = line.chars().filter(|c| !is_dropped(*c)).collect();
        if line.is_empty() {
            line
        } else {
            format!(" {line}")
        }
    })
}

/// Converts AWS-model HTML to Markdown.
pub fn html_to_markdown(html: &str) -> String {
    let mut writer = Writer::default();
    for token in Tokenizer::new(html) {
        writer.token(token);
    }
    writer.finish()
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Open { name: String, href: Option<String> },
    Close(String),
}

struct Tokenizer<'a> {
    rest: &'a str,
    /// Set once no `>` is left: every later `<` is text, and looking for
    /// the `>` again each time would make `<a<a<a...` quadratic.
    no_tag_end: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(html: &'a str) -> Self {
        Self {
            rest: html,
            no_tag_end: false,
        }
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        // A loop, not recursion, skips comments: documentation made of
        // thousands of `<!-- -->` must not exhaust the stack.
        loop {
            let first = self.rest.chars().next()?;
            if let Some(after) = self.rest.strip_prefix('<') {
                // Only something that looks like a tag is one; a lone `<` in
                // prose ("a < b") stays text.
                let looks_like_tag = after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
                let end = if looks_like_tag && !self.no_tag_end {
                    after.find('>')
                } else {
                    None
                };
                self.no_tag_end |= looks_like_tag && end.is_none();
                if let Some(end) = end {
                    let inner = &after[..end];
                    self.rest = &after[end + 1..];
                    if inner.starts_with('!') {
                        continue; // comment or doctype
                    }
                    if let Some(name) = inner.strip_prefix('/') {
                        return Some(Token::Close(name.trim().to_ascii_lowercase()));
                    }
                    let inner = inner.trim_end_matches('/');
                    let name_end = inner
                        .find(|c: char| c.is_whitespace())
                        .unwrap_or(inner.len());
                    let name = inner[..name_end].to_ascii_lowercase();
                    let href = attribute(&inner[name_end..], "href");
                    return Some(Token::Open { name, href });
                }
            }
            // Text runs to the next `<`, starting after the first character
            // (which may be a lone `<`, or a multi-byte one).
            let start = first.len_utf8();
            let end = self.rest[start..]
                .find('<')
                .map_or(self.rest.len(), |i| i + start);
            let text = &self.rest[..end];
            self.rest = &self.rest[end..];
            return Some(Token::Text(text));
        }
    }
}

/// The value of `name="..."` (or single-quoted) among tag attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(pos) = rest.find(name) {
        let after = rest[pos + name.len()..].trim_start();
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &value[1..];
                let end = body.find(quote)?;
                return Some(decode_entities(&body[..end]));
            }
            let end = value
                .find(|c: char| c.is_whitespace())
                .unwrap_or(value.len());
            return Some(decode_entities(&value[..end]));
        }
        rest = &rest[pos + name.len()..];
    }
    None
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        // Entities are short: look for the `;` among the next few
        // characters only (counting bytes could split a character).
        let end = rest
            .char_indices()
            .take_while(|(i, _)| *i < 12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// List nesting beyond which items are indented no further.
const MAX_LIST_INDENT: usize = 16;

/// Characters that must never reach generated source: they change how code
/// reads (bidi overrides, `rustc`'s `text_direction_codepoint_in_literal`)
/// or how lines end.
fn is_dropped(c: char) -> bool {
    matches!(c, '\r' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || (c.is_control() && c != '\n' && c != '\t')
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Text of the current paragraph (inline content).
    line: String,
    /// Nesting of lists: `None` for `ul`, `Some(n)` for the next number of `ol`.
    lists: Vec<Option<usize>>,
    /// For each open list item, the column its content starts at: where a
    /// nested list's markers and a further paragraph of the item go, so
    /// that Markdown keeps them inside the item (`1. ` takes three columns,
    /// `- ` two).
    items: Vec<usize>,
    in_pre: usize,
    in_code: usize,
    /// Open links: the href and where the link text starts in `line`.
    links: Vec<(Option<String>, usize)>,
    skip: usize,
    /// Whether the last block written was a list item (items stay on
    /// consecutive lines; anything else gets a blank line before it).
    last_was_item: bool,
    /// Whether an `_` (or `**`) emphasis is open in `line`. Tracked rather
    /// than counted in the line, which made long paragraphs quadratic (and
    /// counted underscores of the text as markers).
    open_italic: bool,
    open_bold: bool,
}

impl Writer {
    fn token(&mut self, token: Token<'_>) {
        match token {
            Token::Text(text) => {
                if self.skip == 0 {
                    self.text(&decode_entities(text));
                }
            }
            Token::Open { name, href } => self.open(&name, href),
            Token::Close(name) => self.close(&name),
        }
    }

    fn text(&mut self, text: &str) {
        let text: String = text.chars().filter(|c| !is_dropped(*c)).collect();
        if self.in_pre > 0 {
            self.line.push_str(&text);
            return;
        }
        // HTML collapses whitespace; so do we.
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.line.is_empty() && !self.line.ends_with([' ', '\n']) {
                self.line.push(' ');
            }
            if word.is_empty() {
                continue;
            }
            if self.in_code > 0 {
                self.line.push_str(word);
            } else {
                self.line.push_str(&escape_markdown(word));
            }
        }
    }

    fn open(&mut self, name: &str, href: Option<String>) {
        match name {
            // A paragraph right inside a list item continues the item.
            "p" | "div" if self.line_is_bullet_only() => {}
            "p" | "div" | "note" | "important" | "dl" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.end_block();
                self.indent_inside_item();
                match name {
                    "note" => self.line.push_str("**Note:** "),
                    "important" => self.line.push_str("**Important:** "),
                    _ => {}
                }
            }
            "br" => {
                self.end_block();
                self.indent_inside_item();
            }
            "ul" => {
                self.end_block();
                self.lists.push(None);
            }
            "ol" => {
                self.end_block();
                self.lists.push(Some(1));
            }
            "li" => {
                self.end_block();
                // An item left open (`<li>a<li>b`) ends where the next begins.
                self.items.truncate(self.lists.len().saturating_sub(1));
                let indent = self.items.last().copied().unwrap_or(0);
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}. ");
                        *n += 1;
                        b
                    }
                    _ => "- ".to_owned(),
                };
                // Deeper nesting renders no differently; capping it keeps
                // thousands of nested lists linear.
                let indent = indent.min(MAX_LIST_INDENT * 2);
                self.line.push_str(&" ".repeat(indent));
                self.line.push_str(&bullet);
                if !self.lists.is_empty() {
                    self.items.push(indent + bullet.len());
                }
            }
            "dt" => {
                self.end_block();
                self.line.push_str("**");
            }
            "dd" => {
                self.end_block();
            }
            "code" | "tt" if self.in_pre == 0 => {
                if self.in_code == 0 {
                    self.space_before_inline();
                    self.line.push('`');
                }
                self.in_code += 1;
            }
            "pre" => {
                self.end_block();
                self.out.push_str("```text\n");
                self.in_pre += 1;
            }
            "i" | "em" => self.emphasis("_"),
            "b" | "strong" => self.emphasis("**"),
            "a" => {
                self.space_before_inline();
                self.links.push((href, self.line.len()));
            }
            // `<fullname>` repeats the service title; drop it.
            "fullname" => self.skip += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "p" | "div" | "note" | "important" | "dl" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" => self.end_block(),
            "li" => {
                self.end_block();
                self.items.truncate(self.lists.len().saturating_sub(1));
            }
            "ul" | "ol" => {
                self.end_block();
                self.lists.pop();
                self.items.truncate(self.lists.len());
            }
            "dt" => {
                self.line.push_str("**");
                self.end_block();
            }
            "code" | "tt" if self.in_pre == 0 && self.in_code > 0 => {
                self.in_code -= 1;
                if self.in_code == 0 {
                    let start = self.line.rfind('`').unwrap_or(0);
                    if self.line.len() == start + 1 {
                        self.line.pop(); // empty code span
                    } else {
                        self.line.push('`');
                    }
                }
            }
            "pre" if self.in_pre > 0 => {
                self.in_pre -= 1;
                let body = std::mem::take(&mut self.line);
                self.open_italic = false;
                self.open_bold = false;
                self.out.push_str(body.trim_matches('\n'));
                self.out.push_str("\n```\n\n");
            }
            "i" | "em" => self.emphasis("_"),
            "b" | "strong" => self.emphasis("**"),
            "a" => {
                if let Some((href, start)) = self.links.pop() {
                    // Emphasis markup may have shortened the line below
                    // the link's start: keep the text, drop the link.
                    let Some(text) = self.line.get(start..) else {
                        return;
                    };
                    let text = text.trim().to_owned();
                    self.line.truncate(start);
                    match href.filter(|h| h.starts_with("http://") || h.starts_with("https://")) {
                        Some(url) => {
                            let url = url
                                .replace(' ', "%20")
                                .replace('(', "%28")
                                .replace(')', "%29");
                            if text.is_empty() {
                                self.line.push_str(&format!("<{url}>"));
                            } else {
                                self.line.push_str(&format!("[{text}]({url})"));
                            }
                        }
                        None => self.line.push_str(&text),
                    }
                }
            }
            "fullname" => self.skip = self.skip.saturating_sub(1),
            _ => {}
        }
    }

    fn emphasis(&mut self, marker: &str) {
        if self.in_code > 0 || self.in_pre > 0 {
            return;
        }
        // Emphasis markers only work against word characters; for empty or
        // space-padded emphasis, leave them out rather than print stray `_`.
        let open = if marker == "_" {
            &mut self.open_italic
        } else {
            &mut self.open_bold
        };
        *open = !*open;
        let opening = *open;
        if self.line.ends_with(marker) {
            let len = self.line.len() - marker.len();
            self.line.truncate(len);
            return;
        }
        if self.line.ends_with(' ') || self.line.is_empty() || opening {
            self.space_before_inline();
        }
        self.line.push_str(marker);
    }

    fn space_before_inline(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with([' ', '(', '\n', '`']) {
            self.line.push(' ');
        }
    }

    /// Starts a block inside the open list item, if any, at the item's
    /// content column.
    fn indent_inside_item(&mut self) {
        if self.line.is_empty()
            && !self.lists.is_empty()
            && self.items.len() == self.lists.len()
            && let Some(&indent) = self.items.last()
        {
            self.line.push_str(&" ".repeat(indent));
        }
    }

    fn line_is_bullet_only(&self) -> bool {
        let t = self.line.trim();
        t == "-"
            || (t.ends_with('.')
                && t.len() > 1
                && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit()))
    }

    fn end_block(&mut self) {
        // An open link continues on the next line, from its start; markup
        // does not.
        for link in &mut self.links {
            link.1 = 0;
        }
        self.open_italic = false;
        self.open_bold = false;
        let line = std::mem::take(&mut self.line);
        let line = line.trim_end();
        let is_bullet_only = line.trim() == "-"
            || line.trim().ends_with('.')
                && line
                    .trim()
                    .trim_end_matches('.')
                    .chars()
                    .all(|c| c.is_ascii_digit());
        if line.trim().is_empty() || is_bullet_only {
            return;
        }
        // List items sit on consecutive lines; everything else is a
        // paragraph of its own.
        let is_item = !self.lists.is_empty()
            && (line.trim_start().starts_with("- ")
                || line
                    .trim_start()
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty()));
        if !self.out.is_empty() {
            if is_item && self.last_was_item {
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
            } else {
                while !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
        }
        self.last_was_item = is_item;
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn finish(mut self) -> String {
        // Unclosed inline markup would leak into the rest of the docs.
        while self.in_code > 0 {
            self.close("code");
        }
        self.end_block();
        self.out.trim().to_owned()
    }
}

/// Escapes what Markdown or rustdoc would otherwise interpret in prose.
fn escape_markdown(word: &str) -> String {
    if word.starts_with("http://") || word.starts_with("https://") {
        // Bare URLs are linked explicitly so rustdoc does not warn.
        let (url, trail) = split_trailing_punctuation(word);
        return format!("<{url}>{}", escape_markdown(trail));
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '[' | ']' | '*' | '`' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if out.is_empty() => out.push_str("\\_"),
            '#' if out.is_empty() => out.push_str("\\#"),
            _ => out.push(c),
        }
    }
    out
}

fn split_trailing_punctuation(word: &str) -> (&str, &str) {
    let end = word
        .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
        .len();
    (&word[..end], &word[end..])
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn paragraphs_and_inline_markup() {
        assert_eq!(
            md(
                "<p>Attempts to cancel a component deployment (for a component that is in the <code>IN_PROGRESS</code> deployment status).</p>\n  <p>For more information, see\n <a href=\"https://docs.aws.amazon.com/x.html\">Proton components</a> in the\n  <i>Proton User Guide</i>.</p>"
            ),
            "Attempts to cancel a component deployment (for a component that is in the `IN_PROGRESS` deployment status).\n\nFor more information, see [Proton components](https://docs.aws.amazon.com/x.html) in the _Proton User Guide_."
        );
    }

    #[test]
    fn emphasis_inside_words() {
        assert_eq!(
            md("<p>There <i>isn't</i> sufficient access.</p>"),
            "There _isn't_ sufficient access."
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            md("<p>Either:</p><ul><li><p>one</p></li><li>two</li></ul><p>After.</p>"),
            "Either:\n\n- one\n- two\n\nAfter."
        );
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
    }

    /// Nested lists and further paragraphs of an item start at the item's
    /// content column, or Markdown (and clippy's `doc_lazy_continuation`)
    /// reads them as outside it.
    #[test]
    fn nested_content_starts_at_the_item_s_content_column() {
        assert_eq!(
            md(
                "<ul><li><p>A</p><p>more of A</p><ol><li>one<ol><li>deep</li></ol></li><li>two</li></ol></li><li>B</li></ul>"
            ),
            "- A\n\n  more of A\n\n  1. one\n     1. deep\n  2. two\n- B"
        );
        assert_eq!(md("<ol><li>a<br/>b</li></ol>"), "1. a\n\n   b");
    }

    #[test]
    fn escapes_what_rustdoc_would_interpret() {
        assert_eq!(
            md("Use [brackets] and a < b > c"),
            "Use \\[brackets\\] and a &lt; b &gt; c"
        );
        assert_eq!(
            md("see https://example.com/x."),
            "see <https://example.com/x>."
        );
        assert_eq!(md("a *bold* claim"), "a \\*bold\\* claim");
        assert_eq!(md("<p>x</p><unknown>y</unknown>"), "x\n\ny");
    }

    #[test]
    fn drops_control_and_bidi_characters() {
        assert_eq!(md("a\r\nb\u{202E}c */ d"), "a bc \\*/ d");
        let attrs = super::doc_attrs("value `a\rb\u{2067}c`").to_string();
        assert!(attrs.contains("value `abc`"), "{attrs}");
    }

    #[test]
    fn multi_byte_text_is_never_split() {
        assert_eq!(md("é<b>x</b>é"), "é **x**é");
        assert_eq!(md("&aaaaaaaaaaé; &#233;"), "&aaaaaaaaaaé; é");
        assert_eq!(md("日本<i>語</i>"), "日本 _語_");
    }

    #[test]
    fn a_link_broken_by_a_block_keeps_its_text() {
        assert_eq!(
            md("before <a href=\"https://x.example\">link<p>more text</a> after"),
            "before link\n\n[more text](https://x.example) after"
        );
    }

    #[test]
    fn emphasis_ignores_underscores_in_the_text() {
        assert_eq!(
            md("<p>The status is <code>IN_PROGRESS</code>; see the <i>User Guide</i>.</p>"),
            "The status is `IN_PROGRESS`; see the _User Guide_."
        );
        assert_eq!(
            md("<i>snake_case</i> and <b>x</b>"),
            "_snake_case_ and **x**"
        );
    }

    /// Inputs that took time quadratic in their length (minutes for a
    /// megabyte) before; the bound is far above linear time on a slow
    /// machine and far below quadratic.
    #[test]
    fn hostile_markup_takes_linear_time() {
        let start = std::time::Instant::now();
        for html in [
            "<i>a</i> ".repeat(100_000),
            "<a".repeat(200_000),
            "<ul><li>".repeat(20_000),
        ] {
            assert!(!md(&html).contains('\r'));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn many_comments_do_not_exhaust_the_stack() {
        let html = format!("a{}b", "<!-- c -->".repeat(200_000));
        assert_eq!(md(&html), "ab");
    }

    #[test]
    fn entities_and_code() {
        assert_eq!(
            md("<code>a &amp; b</code> &lt;tag&gt;"),
            "`a & b` &lt;tag&gt;"
        );
        assert_eq!(md("<code></code>x"), "x");
    }

    #[test]
    fn note_and_pre() {
        assert_eq!(md("<note><p>Careful.</p></note>"), "**Note:**\n\nCareful.");
        assert_eq!(md("<pre>a [b]\n  c</pre>"), "```text\na [b]\n  c\n```");
    }
}
