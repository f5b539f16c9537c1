//! The HTTP binding traits: where each member of an operation's input,
//! output and errors travels, and the operation's `@http` pattern, checked
//! against each other.

use super::Lowering;
use crate::ir::{Binding, Http, Member, PathPart, StructKind, TypeDef, TypeRef};
use crate::model::ShapeId;
use crate::model::ast::Traits;
use crate::model::traits;

impl Lowering<'_> {
    /// The binding of member `name` of `owner`, a structure of kind `kind`.
    /// A trait that does not apply to the structure's direction is ignored,
    /// as Smithy says (an `@httpLabel` in an output is a body member).
    pub(super) fn binding(
        &mut self,
        owner: &ShapeId,
        name: &str,
        member_traits: &Traits,
        kind: &StructKind,
    ) -> Option<Binding> {
        let input = *kind == StructKind::Input;
        let string = |id: &str| member_traits.get(id).map(|v| v.as_str().map(str::to_owned));
        let mut found = Vec::new();
        if let Some(header) = string("smithy.api#httpHeader") {
            found.push(header.map(Binding::Header));
        }
        if let Some(prefix) = string("smithy.api#httpPrefixHeaders") {
            found.push(prefix.map(Binding::PrefixHeaders));
        }
        if traits::has(member_traits, "smithy.api#httpPayload") {
            found.push(Some(Binding::Payload));
        }
        if input && traits::has(member_traits, "smithy.api#httpLabel") {
            found.push(Some(Binding::Label { greedy: false }));
        }
        if input && let Some(query) = string("smithy.api#httpQuery") {
            found.push(query.map(Binding::Query));
        }
        if input && traits::has(member_traits, "smithy.api#httpQueryParams") {
            found.push(Some(Binding::QueryParams));
        }
        if *kind == StructKind::Output && traits::has(member_traits, "smithy.api#httpResponseCode")
        {
            found.push(Some(Binding::ResponseCode));
        }
        match found.as_slice() {
            [] => Some(Binding::Body),
            [Some(binding)] => Some(binding.clone()),
            [None] => {
                self.problem(
                    owner,
                    Some(name),
                    "an HTTP binding trait's value must be a string",
                );
                None
            }
            _ => {
                self.problem(
                    owner,
                    Some(name),
                    "has more than one HTTP binding trait (@httpHeader, @httpLabel, @httpQuery, ...)",
                );
                None
            }
        }
    }

    /// The operation's `@http` pattern with its labels resolved against the
    /// input, and the input's and output's bindings checked: every label
    /// bound to a required member and every such member in the pattern, a
    /// greedy label only last, one payload at most and then no body
    /// members, no `@httpQuery` clashing with a literal of the pattern.
    pub(super) fn http(
        &mut self,
        op: &ShapeId,
        op_traits: &Traits,
        input: &ShapeId,
        output: &ShapeId,
    ) -> Option<Http> {
        let Some(value) = op_traits.get("smithy.api#http") else {
            self.problem(
                op,
                None,
                format!(
                    "has no @http trait, which {} needs",
                    self.protocol.trait_id()
                ),
            );
            return None;
        };
        let method = value.get("method").and_then(|v| v.as_str());
        let uri = value.get("uri").and_then(|v| v.as_str());
        let code = value.get("code").map_or(Some(200), |v| {
            v.as_u64().and_then(|c| u16::try_from(c).ok())
        });
        let (Some(method), Some(uri), Some(code)) = (method, uri, code) else {
            self.problem(
                op,
                None,
                "@http must have a string `method` and `uri`, and an integer `code`",
            );
            return None;
        };
        let source = self.source_of(op, "input");
        let members: Vec<Member> = match self.types.get(input) {
            Some(TypeDef::Structure(s)) => s.members.clone(),
            _ => Vec::new(),
        };
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        if !path.starts_with('/') {
            self.problem(op, None, format!("@http uri `{uri}` must start with `/`"));
            return None;
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut labels: Vec<String> = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            literal.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                self.problem(op, None, format!("@http uri `{uri}` has an unclosed `{{`"));
                return None;
            };
            let label = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            if greedy && rest.contains('{') {
                self.problem(
                    op,
                    None,
                    format!(
                        "@http uri `{uri}`: the greedy label `{{{label}}}` must be the last label"
                    ),
                );
                return None;
            }
            if labels.iter().any(|l| l == name) {
                self.problem(
                    op,
                    None,
                    format!("@http uri `{uri}` uses label `{{{name}}}` twice"),
                );
                return None;
            }
            let Some(member) = members.iter().find(|m| m.wire_name == name) else {
                self.problem(&source, None, format!("has no member `{name}` for the label `{{{label}}}` of @http uri `{uri}` of operation {op}"));
                return None;
            };
            if !matches!(member.binding, Binding::Label { .. }) {
                self.problem(
                    &source,
                    Some(name),
                    format!("is a label of @http uri `{uri}` but is not marked @httpLabel"),
                );
                return None;
            }
            let glacier_account = self.sdk_id == "Glacier" && name == "accountId";
            if !member.required && !glacier_account {
                self.problem(
                    &source,
                    Some(name),
                    "is an @httpLabel, so it must be @required",
                );
                return None;
            }
            if !literal.is_empty() {
                parts.push(PathPart::Literal(std::mem::take(&mut literal)));
            }
            // Glacier's customisation: the account id defaults to `-`, the
            // credentials' own account, as every AWS SDK sends it.
            let default = (self.sdk_id == "Glacier" && name == "accountId").then(|| "-".to_owned());
            parts.push(PathPart::Label {
                field: member.name.clone(),
                name: name.to_owned(),
                greedy,
                default,
            });
            labels.push(name.to_owned());
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        for m in &members {
            if matches!(m.binding, Binding::Label { .. }) && !labels.contains(&m.wire_name) {
                self.problem(
                    &source,
                    Some(&m.wire_name),
                    format!(
                        "is marked @httpLabel but @http uri `{uri}` has no label `{{{}}}`",
                        m.wire_name
                    ),
                );
            }
        }
        let query: Vec<(String, Option<String>)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (p.to_owned(), None),
            })
            .collect();
        for m in &members {
            if let Binding::Query(name) = &m.binding
                && query.iter().any(|(k, _)| k == name)
            {
                self.problem(
                    &source,
                    Some(&m.wire_name),
                    format!(
                        "is bound to query parameter `{name}`, which @http uri `{uri}` already sets"
                    ),
                );
            }
        }
        self.check_payload(&source, &members);
        let output_source = self.source_of(op, "output");
        if let Some(TypeDef::Structure(s)) = self.types.get(output) {
            let members = s.members.clone();
            self.check_payload(&output_source, &members);
        }
        // Greedy labels: record on the members too.
        let greedy: Vec<String> = parts
            .iter()
            .filter_map(|p| match p {
                PathPart::Label {
                    name, greedy: true, ..
                } => Some(name.clone()),
                _ => None,
            })
            .collect();
        if let Some(TypeDef::Structure(s)) = self.types.get_mut(input) {
            for m in &mut s.members {
                if greedy.contains(&m.wire_name) {
                    m.binding = Binding::Label { greedy: true };
                }
            }
        }
        if self.sdk_id == "S3" {
            strip_bucket_label(&mut parts);
        }
        Some(Http {
            method: method.to_owned(),
            path: parts,
            query,
            code,
        })
    }

    /// At most one `@httpPayload`, and then no member in the body; a
    /// payload is a structure, union, document, blob or string.
    pub(super) fn check_payload(&mut self, source: &ShapeId, members: &[Member]) {
        let payloads: Vec<&Member> = members
            .iter()
            .filter(|m| m.binding == Binding::Payload)
            .collect();
        match payloads.as_slice() {
            [] => {}
            [payload] => {
                if let Some(body) = members.iter().find(|m| m.binding == Binding::Body) {
                    self.problem(
                        source,
                        Some(&body.wire_name),
                        format!(
                            "is a body member, but member `{}` is the @httpPayload",
                            payload.wire_name
                        ),
                    );
                }
                let fits = match &payload.ty {
                    TypeRef::String
                    | TypeRef::Blob
                    | TypeRef::ByteStream
                    | TypeRef::EventStream { .. }
                    | TypeRef::Document => true,
                    TypeRef::Named(id) => matches!(
                        self.types.get(id),
                        Some(TypeDef::Structure(_) | TypeDef::Union(_) | TypeDef::Enum(_))
                    ),
                    _ => false,
                };
                if !fits {
                    self.problem(source, Some(&payload.wire_name), "is an @httpPayload, which must target a structure, union, document, blob, string or enum");
                }
            }
            [_, second, ..] => {
                self.problem(
                    source,
                    Some(&second.wire_name),
                    "is a second @httpPayload member; a structure can have one",
                );
            }
        }
    }

    /// The model shape of an operation's input or output, for messages.
    fn source_of(&self, op: &ShapeId, which: &str) -> ShapeId {
        match self.model.shape(op) {
            Some(crate::model::ast::Shape::Operation(o)) => {
                let target = if which == "input" {
                    &o.input
                } else {
                    &o.output
                };
                target
                    .as_ref()
                    .map_or_else(|| op.clone(), |t| t.target.clone())
            }
            _ => op.clone(),
        }
    }
}

/// S3's customisation, as in every AWS SDK: a path that starts with the
/// `{Bucket}` label loses it, since the endpoint rules put the bucket in
/// the host (virtual-hosted style) or in the endpoint's own path (path
/// style). `/{Bucket}/{Key+}` becomes `/{Key+}`; `/{Bucket}` becomes no
/// path at all, so that a path-style request is at `/bucket` itself.
fn strip_bucket_label(parts: &mut Vec<PathPart>) {
    let starts_with_bucket = matches!(
        parts.as_slice(),
        [PathPart::Literal(slash), PathPart::Label { name, .. }, ..] if slash == "/" && name == "Bucket"
    );
    if !starts_with_bucket {
        return;
    }
    parts.remove(1);
    if let Some(PathPart::Literal(next)) = parts.get(1).cloned() {
        // `/` + `/rest` is `/rest`.
        let rest = next.strip_prefix('/').unwrap_or(&next);
        parts.remove(1);
        if let Some(PathPart::Literal(first)) = parts.first_mut() {
            first.push_str(rest);
        }
    }
    if matches!(parts.as_slice(), [PathPart::Literal(slash)] if slash == "/") {
        parts.clear();
    }
}
