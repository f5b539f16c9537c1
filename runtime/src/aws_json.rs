//! The awsJson1_0 and awsJson1_1 protocols: what is the same for every
//! operation.
//!
//! Every request is a `POST /` whose `X-Amz-Target` header names the
//! operation and whose body is the input as JSON. A response is a success
//! when its status is 2xx; otherwise its error code comes from the
//! `X-Amzn-Errortype` header or the body, and picks the operation's error
//! variant.

use crate::error::{BuildError, DeserializeError, ErrorMetadata};
use crate::json::{JsonObjectWriter, JsonReader};
use crate::operation::{HttpRequest, HttpResponse, OperationFailure};
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Uri};

/// Which of the two protocol versions a service speaks. They differ only
/// in the `Content-Type` of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonVersion {
    /// `aws.protocols#awsJson1_0`: `application/x-amz-json-1.0`.
    V1_0,
    /// `aws.protocols#awsJson1_1`: `application/x-amz-json-1.1`.
    V1_1,
}

impl JsonVersion {
    /// The `Content-Type` of requests.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::V1_0 => "application/x-amz-json-1.0",
            Self::V1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// Builds the request for one operation: `POST /` with the protocol's
/// `Content-Type`, `X-Amz-Target: <target>` (such as
/// `AwsProton20200720.CancelComponentDeployment`) and `body`. The path is
/// relative to the endpoint, which the orchestrator joins on.
///
/// The target is a Smithy service name and operation name, which cannot
/// hold the control characters a header value forbids; if one ever did,
/// the header would be left out and the service would reject the request
/// for lacking it.
pub fn request(target: &str, version: JsonVersion, body: impl Into<Bytes>) -> HttpRequest {
    let mut request = http::Request::new(body.into());
    *request.method_mut() = Method::POST;
    *request.uri_mut() = Uri::from_static("/");
    let headers = request.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(version.content_type()),
    );
    if let Ok(target) = HeaderValue::from_str(target) {
        headers.insert("x-amz-target", target);
    }
    request
}

/// Builds the request for one operation from its input: the body is the
/// JSON object `write` writes of `input`, the rest as [`request`] makes
/// it. Every awsJson operation whose request needs nothing more is built
/// this way.
///
/// # Errors
/// What `write` returns: a value that cannot be sent (a non-finite
/// number where the protocol has no spelling for it, for example).
pub fn write_request<I: ?Sized>(
    input: &I,
    target: &str,
    version: JsonVersion,
    write: impl FnOnce(&mut JsonObjectWriter<'_>, &I) -> Result<(), BuildError>,
) -> Result<HttpRequest, BuildError> {
    let mut body = String::new();
    let mut object = JsonObjectWriter::new(&mut body);
    write(&mut object, input)?;
    object.finish();
    Ok(request(target, version, body))
}

/// Marks a request of a service with `@awsQueryCompatible` with
/// `x-amzn-query-mode: true`, which asks the service for the error codes
/// its awsQuery clients knew (see [`with_query_error_code`]).
pub fn set_query_mode(request: &mut HttpRequest) {
    request
        .headers_mut()
        .insert("x-amzn-query-mode", HeaderValue::from_static("true"));
}

/// For services with `@awsQueryCompatible`: replaces the error code with
/// the one the `x-amzn-query-error` header gives (`Code;Fault`), the code
/// the service's awsQuery clients knew (its `@awsQueryError` code). Which
/// modelled error the response is stays decided by the awsJson code.
///
/// Without a well-formed header, `meta` is returned as it is.
pub fn with_query_error_code(meta: ErrorMetadata, response: &HttpResponse) -> ErrorMetadata {
    let code = response
        .headers()
        .get("x-amzn-query-error")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(';'))
        .map(|(code, _fault)| code.trim())
        .filter(|code| !code.is_empty());
    match code {
        Some(code) => meta.with_code(code),
        None => meta,
    }
}

/// A response as an awsJson service sends it: `status`, the protocol's
/// `Content-Type` and `body`. A status outside 100-999 becomes 500.
///
/// Only the service's side of the protocol needs this (see
/// [`ServiceSide`](crate::operation::ServiceSide)).
#[cfg(feature = "test-util")]
pub fn response(status: u16, version: JsonVersion, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = http::Response::new(body.into());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static(version.content_type()),
    );
    response
}

/// Whether the response is a success (2xx); anything else is an error
/// response to read with [`error_metadata`].
pub fn is_success(response: &HttpResponse) -> bool {
    response.status().is_success()
}

/// Reads the response of an operation: its output from a 2xx body with
/// `read_output`, else the operation's error with `read_error`. Every
/// awsJson operation's response is read this way.
///
/// # Errors
/// The error the response holds, or a body that is not the output.
pub fn read_response<O, E>(
    response: &HttpResponse,
    read_output: impl FnOnce(&mut JsonReader<'_>) -> Result<O, DeserializeError>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, OperationFailure<E>> {
    if !is_success(response) {
        return Err(OperationFailure::Service(read_error(response)));
    }
    let mut reader = JsonReader::new(crate::json::body(response.body()));
    let output = read_output(&mut reader)?;
    reader.finish()?;
    Ok(output)
}

/// Reads the error code, message, request id and status of an error
/// response, as the awsJson protocols define them.
///
/// - Code: the `X-Amzn-Errortype` header, else the body's top-level `code`,
///   else its top-level `__type` (nested `__type` members, as DynamoDB
///   sends in error details, are not looked at). Whichever is used is
///   reduced to the shape name: the namespace up to `#` and anything from
///   `:` on (a URL some services append) are removed, so
///   `aws.protocoltests.json10#FooError:http://internal.amazon.com/...`
///   becomes `FooError`.
/// - Message: the body's top-level `message`, else `Message` (Lambda),
///   else `errorMessage`, when it is a string.
/// - Request id: the `X-Amzn-Requestid` header.
///
/// This never fails: a body that is empty, not JSON, or cut short simply
/// gives no code or message (members read before a syntax error are kept).
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let body = ErrorBody::read(response.body());

    let mut meta = ErrorMetadata::new().with_status(response.status().as_u16());
    let code = header("x-amzn-errortype")
        .map(sanitize_error_code)
        .filter(|code| !code.is_empty())
        .or_else(|| body.code().map(sanitize_error_code))
        .filter(|code| !code.is_empty());
    if let Some(code) = code {
        meta = meta.with_code(code);
    }
    if let Some(message) = body.message() {
        meta = meta.with_message(message);
    }
    if let Some(request_id) = header("x-amzn-requestid") {
        meta = meta.with_request_id(request_id);
    }
    meta
}

/// Reduces a wire error code to the shape name: drops anything from the
/// first `:` on, then anything up to the last `#`, then surrounding
/// whitespace.
fn sanitize_error_code(code: &str) -> &str {
    let code = code.split_once(':').map_or(code, |(before, _)| before);
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    code.trim()
}

/// The message of a JSON error body: `message`, else `Message`, else
/// `errorMessage` (an event-stream exception's payload is one).
#[cfg(feature = "event-stream")]
pub(crate) fn error_message(body: &[u8]) -> Option<String> {
    ErrorBody::read(body).message()
}

/// The top-level members of an error body that locate the error.
#[derive(Debug, Default)]
struct ErrorBody {
    code: Option<String>,
    dunder_type: Option<String>,
    message: Option<String>,
    capital_message: Option<String>,
    error_message: Option<String>,
}

impl ErrorBody {
    /// Reads what it can; stops quietly at the first syntax error, keeping
    /// the members read before it.
    fn read(body: &[u8]) -> Self {
        let mut found = Self::default();
        let _ = found.scan(&mut JsonReader::new(body));
        found
    }

    fn scan(&mut self, reader: &mut JsonReader<'_>) -> Result<(), DeserializeError> {
        reader.begin_object()?;
        while let Some(key) = reader.next_key()? {
            let slot = match key.as_ref() {
                "code" => &mut self.code,
                "__type" => &mut self.dunder_type,
                "message" => &mut self.message,
                "Message" => &mut self.capital_message,
                "errorMessage" => &mut self.error_message,
                _ => {
                    reader.skip_value()?;
                    continue;
                }
            };
            if reader.peek_is_string() {
                *slot = Some(reader.read_string()?.into_owned());
            } else {
                reader.skip_value()?;
            }
        }
        Ok(())
    }

    /// `code`, else `__type`.
    fn code(&self) -> Option<&str> {
        self.code.as_deref().or(self.dunder_type.as_deref())
    }

    /// `message`, else `Message`, else `errorMessage`.
    fn message(self) -> Option<String> {
        self.message.or(self.capital_message).or(self.error_message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::from(body.to_owned())).unwrap()
    }

    fn code(headers: &[(&str, &str)], body: &str) -> Option<String> {
        error_metadata(&response(500, headers, body))
            .code()
            .map(str::to_owned)
    }

    #[test]
    fn request_has_the_protocol_shape() {
        let req = request(
            "AwsProton20200720.CancelComponentDeployment",
            JsonVersion::V1_0,
            r#"{"componentName":"c"}"#,
        );
        assert_eq!(req.method(), Method::POST);
        assert_eq!(req.uri(), "/");
        assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.0");
        assert_eq!(
            req.headers()["x-amz-target"],
            "AwsProton20200720.CancelComponentDeployment"
        );
        assert_eq!(req.body().as_ref(), br#"{"componentName":"c"}"#);
        let req = request("S.Op", JsonVersion::V1_1, Bytes::new());
        assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.1");
        let req = request("bad\ntarget", JsonVersion::V1_1, Bytes::new());
        assert!(req.headers().get("x-amz-target").is_none());
    }

    #[test]
    fn requests_are_written_from_the_input() {
        let req = write_request("c", "S.Op", JsonVersion::V1_0, |object, name: &str| {
            object.key("componentName").string(name);
            Ok(())
        })
        .unwrap();
        assert_eq!(req.headers()["x-amz-target"], "S.Op");
        assert_eq!(req.body().as_ref(), br#"{"componentName":"c"}"#);
        let failed = write_request(&1.0, "S.Op", JsonVersion::V1_0, |_, _| {
            Err(BuildError::other("cannot be sent"))
        });
        assert_eq!(failed.unwrap_err().details(), "cannot be sent");
    }

    #[test]
    fn query_compatible_requests_and_error_codes() {
        let mut req = request("S.Op", JsonVersion::V1_0, Bytes::new());
        set_query_mode(&mut req);
        assert_eq!(req.headers()["x-amzn-query-mode"], "true");

        let query_code = |headers: &[(&str, &str)]| {
            let response = response(400, headers, r#"{"__type":"ns#CustomCodeError"}"#);
            with_query_error_code(error_metadata(&response), &response)
                .code()
                .map(str::to_owned)
        };
        assert_eq!(
            query_code(&[("x-amzn-query-error", "Customized;Sender")]),
            Some("Customized".into())
        );
        for header in ["Customized", ";Sender", ""] {
            assert_eq!(
                query_code(&[("x-amzn-query-error", header)]),
                Some("CustomCodeError".into()),
                "{header:?}"
            );
        }
        assert_eq!(query_code(&[]), Some("CustomCodeError".into()));
    }

    #[test]
    fn success_is_2xx() {
        assert!(is_success(&response(200, &[], "")));
        assert!(is_success(&response(204, &[], "")));
        assert!(!is_success(&response(302, &[], "")));
        assert!(!is_success(&response(400, &[], "")));
    }

    // The client error-code cases of awsJson1_0's errors.smithy
    // (AwsJson10FooError*), which awsJson1_1 shares.
    #[test]
    fn error_code_from_header() {
        let uri = "http://internal.amazon.com/coral/com.amazon.coral.validate/";
        for header in [
            "FooError".to_owned(),
            format!("FooError:{uri}"),
            format!("aws.protocoltests.json10#FooError:{uri}"),
        ] {
            assert_eq!(
                code(&[("X-Amzn-Errortype", &header)], ""),
                Some("FooError".into())
            );
        }
    }

    #[test]
    fn error_code_from_body() {
        let uri = "http://internal.amazon.com/coral/com.amazon.coral.validate/";
        for body in [
            r#"{"code": "FooError"}"#.to_owned(),
            r#"{"code": "aws.protocoltests.json10#FooError"}"#.to_owned(),
            format!(r#"{{"code": "aws.protocoltests.json10#FooError:{uri}"}}"#),
            r#"{"__type": "FooError"}"#.to_owned(),
            r#"{"__type": "aws.protocoltests.json10#FooError"}"#.to_owned(),
            r#"{"__type": "aws.different.namespace#FooError"}"#.to_owned(),
            format!(r#"{{"__type": "aws.protocoltests.json10#FooError:{uri}"}}"#),
            r#"{
                "__type": "aws.protocoltests.json10#FooError",
                "ErrorDetails": [
                  {
                      "__type": "com.amazon.internal#ErrorDetails",
                      "reason": "Some reason"
                  }
                ]
            }"#
            .to_owned(),
        ] {
            assert_eq!(code(&[], &body), Some("FooError".into()), "{body}");
        }
    }

    #[test]
    fn error_code_precedence() {
        // Header over body; body `code` over `__type`, whatever the order.
        assert_eq!(
            code(&[("x-amzn-errortype", "A")], r#"{"code":"B","__type":"C"}"#),
            Some("A".into())
        );
        assert_eq!(code(&[], r#"{"__type":"C","code":"B"}"#), Some("B".into()));
        // An empty header does not hide the body.
        assert_eq!(
            code(&[("x-amzn-errortype", "")], r#"{"__type":"C"}"#),
            Some("C".into())
        );
        // Non-string members are ignored.
        assert_eq!(code(&[], r#"{"code":5,"__type":"C"}"#), Some("C".into()));
        assert_eq!(code(&[], r#"{"code":" Padded "}"#), Some("Padded".into()));
    }

    #[test]
    fn modelled_error_bodies() {
        let meta = error_metadata(&response(
            400,
            &[
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amzn-RequestId", "req-1"),
            ],
            r#"{"__type": "aws.protocoltests.json10#InvalidGreeting", "Message": "Hi"}"#,
        ));
        assert_eq!(meta.code(), Some("InvalidGreeting"));
        assert_eq!(meta.message(), Some("Hi"));
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(meta.status(), Some(400));

        let meta = error_metadata(&response(
            400,
            &[],
            r#"{"__type": "aws.protocoltests.json10#ComplexError", "TopLevel": "Top level",
                "Nested": {"Foo": "bar", "message": "nested"}}"#,
        ));
        assert_eq!(meta.code(), Some("ComplexError"));
        assert_eq!(meta.message(), None);
    }

    #[test]
    fn message_members() {
        let message = |body: &str| {
            error_metadata(&response(400, &[], body))
                .message()
                .map(str::to_owned)
        };
        assert_eq!(message(r#"{"message":"a"}"#), Some("a".into()));
        assert_eq!(message(r#"{"Message":"b"}"#), Some("b".into()));
        assert_eq!(message(r#"{"errorMessage":"c"}"#), Some("c".into()));
        assert_eq!(
            message(r#"{"errorMessage":"c","Message":"b","message":"a"}"#),
            Some("a".into())
        );
        assert_eq!(message(r#"{"message":null}"#), None);
        assert_eq!(
            message(r#"{"message":"caf\u00e9 \"x\""}"#),
            Some("café \"x\"".into())
        );
    }

    #[test]
    fn unreadable_bodies_give_what_they_can() {
        for body in [
            "",
            "   ",
            "<html><body>Bad Gateway</body></html>",
            "[1,2]",
            "null",
            "{",
            "\u{0}\u{ff}",
        ] {
            let meta = error_metadata(&response(502, &[("x-amzn-requestid", "r")], body));
            assert_eq!(meta.code(), None, "{body:?}");
            assert_eq!(meta.message(), None);
            assert_eq!(meta.status(), Some(502));
            assert_eq!(meta.request_id(), Some("r"));
        }
        // Members before the syntax error are kept.
        let meta = error_metadata(&response(500, &[], r#"{"__type":"Foo","message":"tru"#));
        assert_eq!(meta.code(), Some("Foo"));
        assert_eq!(meta.message(), None);
        // Trailing garbage after the object does not matter either.
        assert_eq!(
            code(&[], r#"{"__type":"Foo"} trailing"#),
            Some("Foo".into())
        );
    }

    #[test]
    fn sanitize() {
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("a#b#FooError"), "FooError");
        assert_eq!(sanitize_error_code(" FooError \t"), "FooError");
        assert_eq!(sanitize_error_code("#"), "");
    }
}
