//! Tests for `smithy.test#eventStreamTests` cases: a request case builds
//! the input with its events and checks the messages it sends; a response
//! case reads the initial response and the events' messages, and checks
//! the output and events, or the error.

use super::Emitter;
use super::cases::{EventCase, EventStreamCase};
use crate::ir::{Member, Operation, TypeDef, TypeRef};
use crate::model::ShapeId;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

impl Emitter<'_> {
    pub(super) fn event_stream_test(
        &self,
        op: &Operation,
        case: &EventStreamCase,
        name: &Ident,
    ) -> Result<TokenStream, String> {
        let doc = Self::doc(&case.id, case.documentation.as_deref());
        let sends =
            case.events.iter().any(|e| e.kind == "request") || case.initial_request.is_some();
        let body = if sends {
            self.request_events(op, case)?
        } else {
            self.response_events(op, case)?
        };
        Ok(quote! {
            #doc
            #[test]
            fn #name() {
                #body
            }
        })
    }

    /// The stream member of a structure.
    fn stream_member<'s>(&self, id: &ShapeId) -> Result<&'s Member, String>
    where
        Self: 's,
    {
        let s = self
            .values
            .service
            .structure(id)
            .ok_or_else(|| format!("structure `{id}` is not generated"))?;
        s.members
            .iter()
            .find(|m| matches!(m.ty, TypeRef::EventStream { .. }))
            .ok_or_else(|| format!("`{id}` has no event stream"))
    }

    fn request_events(
        &self,
        op: &Operation,
        case: &EventStreamCase,
    ) -> Result<TokenStream, String> {
        if case.failure().is_some() {
            return Err("request cases expecting a failure are not supported".to_owned());
        }
        let harness = self.harness;
        let input = self.structure(&op.input)?;
        let stream = self.stream_member(&op.input)?;
        let mut params = case.initial_request_params.clone();
        let events: Vec<Value> = case
            .events
            .iter()
            .filter(|e| e.kind == "request")
            .map(|e| e.params.clone().unwrap_or(Value::Null))
            .collect();
        params.insert(stream.wire_name.clone(), Value::Array(events));
        let value = self.values.structure(input, &params, "params")?;
        let expected = case
            .events
            .iter()
            .filter(|e| e.kind == "request")
            .map(|e| expected_event(harness, e))
            .collect::<Result<Vec<_>, String>>()?;
        let initial = match &case.initial_request {
            None => quote!(::std::option::Option::None),
            Some(initial) => {
                let method = initial.method.as_deref().unwrap_or("POST");
                let uri = initial.uri.as_deref().unwrap_or("/");
                let headers = initial.headers.iter().map(|(k, v)| quote!((#k, #v)));
                quote!(::std::option::Option::Some(::#harness::events::InitialRequest {
                    method: #method,
                    uri: #uri,
                    headers: &[#(#headers),*],
                }))
            }
        };
        let marker = self.marker(op);
        Ok(quote! {
            let input = #value;
            ::#harness::events::check_request(#marker::serialize(&input), #initial, &[#(#expected),*]);
        })
    }

    fn response_events(
        &self,
        op: &Operation,
        case: &EventStreamCase,
    ) -> Result<TokenStream, String> {
        let harness = self.harness;
        let output = self.structure(&op.output)?;
        let stream = self.stream_member(&op.output)?;
        let TypeRef::EventStream { union, .. } = &stream.ty else {
            return Err("not an event stream".to_owned());
        };
        let field = stream.name.ident();
        let (code, headers, body) = match &case.initial_response {
            Some(initial) if initial.body.is_some() => (
                initial.code.unwrap_or(200),
                initial.headers.clone(),
                initial.body.clone().unwrap_or_default().into_bytes(),
            ),
            initial => {
                let mut body = Vec::new();
                for event in case.events.iter().filter(|e| e.kind == "response") {
                    let bytes = event
                        .bytes
                        .as_deref()
                        .ok_or("a response event without `bytes`")?;
                    body.extend(decode_base64(bytes)?);
                }
                (
                    initial.as_ref().and_then(|i| i.code).unwrap_or(200),
                    initial
                        .as_ref()
                        .map(|i| i.headers.clone())
                        .unwrap_or_default(),
                    body,
                )
            }
        };
        let headers = headers.iter().map(|(k, v)| quote!((#k, #v)));
        let body = Literal::byte_string(&body);
        let marker = self.marker(op);
        let response = quote! {
            let response = ::#harness::events::response(#code, &[#(#headers),*], #body);
            let result = #marker::deserialize(&response);
        };
        let take = if stream.optional {
            quote!(::std::mem::take(&mut output.#field).expect("the output has its stream"))
        } else {
            quote!(::std::mem::take(&mut output.#field))
        };
        match case.failure() {
            None => {
                let mut values = Vec::new();
                for (i, event) in case
                    .events
                    .iter()
                    .filter(|e| e.kind == "response")
                    .enumerate()
                {
                    let params = event
                        .params
                        .as_ref()
                        .ok_or("a response event without params")?;
                    values.push(self.values.value(
                        &TypeRef::Named(union.clone()),
                        params,
                        &format!("events[{i}].params"),
                    )?);
                }
                let mut initial: Map<String, Value> = case.initial_response_params.clone();
                initial.remove(&stream.wire_name);
                let expected_output =
                    self.values
                        .structure(output, &initial, "initialResponseParams")?;
                Ok(quote! {
                    #response
                    let mut output = result.expect("the initial response gives an output");
                    let mut events = #take;
                    let (received, error) = ::#harness::events::drain(&mut events);
                    assert!(error.is_none(), "the stream failed: {error:?}");
                    assert_eq!(received, [#(#values),*]);
                    assert_eq!(output, #expected_output);
                })
            }
            Some(None) => Ok(quote! {
                #response
                let failed = match result {
                    ::std::result::Result::Err(_) => true,
                    ::std::result::Result::Ok(mut output) => {
                        let mut events = #take;
                        ::#harness::events::drain(&mut events).1.is_some()
                    }
                };
                assert!(failed, "the case expects a failure");
            }),
            Some(Some(error_id)) => {
                let id = ShapeId::parse(error_id).map_err(|e| e.to_string())?;
                let Some(TypeDef::Structure(s)) = self.values.service.type_def(&id) else {
                    return Err(format!("error `{id}` is not generated"));
                };
                let krate = &self.values.krate;
                let module = op.module.ident();
                let error_enum = op.error_name.ident();
                let variant = s.name.ident();
                let pattern = quote!(::#krate::operation::#module::#error_enum::#variant(_));
                let message = format!("the case expects the `{}` error", id.name());
                Ok(quote! {
                    #response
                    let failed = match result {
                        ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(error)) => {
                            ::std::matches!(error, #pattern)
                        }
                        ::std::result::Result::Err(_) => false,
                        ::std::result::Result::Ok(mut output) => {
                            let mut events = #take;
                            match ::#harness::events::drain(&mut events).1 {
                                ::std::option::Option::Some(::lean_runtime::error::SdkError::ServiceError(e)) => {
                                    ::std::matches!(e.err(), #pattern)
                                }
                                _ => false,
                            }
                        }
                    };
                    assert!(failed, #message);
                })
            }
        }
    }
}

/// An `ExpectedEvent` of the harness for one request event.
fn expected_event(harness: &Ident, event: &EventCase) -> Result<TokenStream, String> {
    let mut headers = Vec::new();
    for (name, typed) in &event.headers {
        let Some((kind, value)) = typed.iter().next() else {
            return Err(format!("header `{name}` has no typed value"));
        };
        let int = || {
            value
                .as_i64()
                .ok_or(format!("header `{name}`: not an integer"))
        };
        let value = match kind.as_str() {
            "boolean" => {
                let b = value
                    .as_bool()
                    .ok_or(format!("header `{name}`: not a boolean"))?;
                quote!(Bool(#b))
            }
            "byte" => {
                let v = Literal::i8_unsuffixed(i8::try_from(int()?).map_err(|e| e.to_string())?);
                quote!(Byte(#v))
            }
            "short" => {
                let v = Literal::i16_unsuffixed(i16::try_from(int()?).map_err(|e| e.to_string())?);
                quote!(Short(#v))
            }
            "integer" => {
                let v = Literal::i32_unsuffixed(i32::try_from(int()?).map_err(|e| e.to_string())?);
                quote!(Int(#v))
            }
            "long" => {
                let v = Literal::i64_unsuffixed(int()?);
                quote!(Long(#v))
            }
            "blob" => {
                let text = value
                    .as_str()
                    .ok_or(format!("header `{name}`: not base64"))?;
                let bytes = Literal::byte_string(&decode_base64(text)?);
                quote!(Blob(#bytes))
            }
            "string" => {
                let text = value
                    .as_str()
                    .ok_or(format!("header `{name}`: not a string"))?;
                quote!(Str(#text))
            }
            "timestamp" => {
                let text = value
                    .as_str()
                    .ok_or(format!("header `{name}`: not an RFC 3339 timestamp"))?;
                quote!(Timestamp(#text))
            }
            other => {
                return Err(format!(
                    "header `{name}`: `{other}` values are not supported"
                ));
            }
        };
        headers.push(quote!((#name, ::#harness::events::Typed::#value)));
    }
    let forbid = &event.forbid_headers;
    let require = &event.require_headers;
    let body = super::option_str(event.body.as_deref());
    let media = super::option_str(event.body_media_type.as_deref());
    Ok(quote! {
        ::#harness::events::ExpectedEvent {
            headers: &[#(#headers),*],
            forbid_headers: &[#(#forbid),*],
            require_headers: &[#(#require),*],
            body: #body,
            body_media_type: #media,
        }
    })
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    crate::emit::values::decode_base64(text).ok_or_else(|| format!("`{text}` is not base64"))
}
