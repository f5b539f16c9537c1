//! Where XML error responses keep the error.
//!
//! The three XML protocols wrap an error differently:
//!
//! - awsQuery and restXml: `<ErrorResponse><Error>...</Error><RequestId>`;
//! - ec2Query: `<Response><Errors><Error>...</Error></Errors><RequestID>`;
//! - S3 (restXml with `noErrorWrapping`): a bare `<Error>` holding its
//!   `RequestId`.
//!
//! Inside `<Error>` are `Code`, `Message` (sometimes `message`), `Type`
//! and the error structure's own members. One reader serves all three.

use super::{XmlReader, XmlStart};
use crate::error::{DeserializeError, ErrorMetadata};
use crate::operation::HttpResponse;

/// The reader positioned inside the `<Error>` element of an error body,
/// with its start tag, so that an error structure can be read from it.
///
/// # Errors
/// When the body is not XML or has no `<Error>` where one of the three
/// shapes puts it.
pub fn error_element(body: &[u8]) -> Result<(XmlReader<'_>, XmlStart<'_>), DeserializeError> {
    let mut reader = XmlReader::new(body);
    let root = reader.root()?;
    let found = match root.name() {
        "Error" => Some(root),
        "ErrorResponse" => reader.find_child("Error")?,
        "Response" => match reader.find_child("Errors")? {
            Some(_) => reader.find_child("Error")?,
            None => None,
        },
        _ => None,
    };
    match found {
        Some(start) => Ok((reader, start)),
        None => Err(DeserializeError::custom(
            "the error response has no <Error> element",
        )),
    }
}

/// Whether `body` is an S3 `<Error>` document: what S3 sends with a `200`
/// when an operation (`CopyObject`, `CompleteMultipartUpload`, …) fails
/// after the status went out. Only the start of the body is read.
pub fn is_error_document(body: &[u8]) -> bool {
    let mut reader = XmlReader::new(body);
    reader.root().is_ok_and(|root| root.name() == "Error")
}

/// The code, message and request id of an XML error response, with its
/// status. The request id is the `x-amz-request-id` (or
/// `x-amzn-RequestId`) header when the body has none.
///
/// This never fails: a body that is empty, not XML or cut short gives the
/// fields read before the problem.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let mut found = Found::default();
    let _ = found.scan(response.body());
    let mut meta = ErrorMetadata::new().with_status(response.status().as_u16());
    if let Some(code) = found.code.filter(|c| !c.is_empty()) {
        meta = meta.with_code(code);
    }
    if let Some(message) = found.message {
        meta = meta.with_message(message);
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let request_id = found
        .request_id
        .or_else(|| header("x-amz-request-id"))
        .or_else(|| header("x-amzn-requestid"));
    if let Some(request_id) = request_id {
        meta = meta.with_request_id(request_id);
    }
    meta
}

#[derive(Default)]
struct Found {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl Found {
    fn scan(&mut self, body: &[u8]) -> Result<(), DeserializeError> {
        let mut reader = XmlReader::new(body);
        let root = reader.root()?;
        if root.name() == "Error" {
            return self.error(&mut reader);
        }
        while let Some(child) = reader.next_child()? {
            match child.name() {
                "Error" => self.error(&mut reader)?,
                "Errors" => {
                    while let Some(error) = reader.next_child()? {
                        if error.name() == "Error" && self.code.is_none() {
                            self.error(&mut reader)?;
                        } else {
                            reader.skip()?;
                        }
                    }
                }
                "RequestId" | "RequestID" => self.request_id = Some(reader.read_string()?),
                _ => reader.skip()?,
            }
        }
        Ok(())
    }

    /// The fields of an `<Error>` element, through its end.
    fn error(&mut self, reader: &mut XmlReader<'_>) -> Result<(), DeserializeError> {
        while let Some(child) = reader.next_child()? {
            match child.name() {
                "Code" => self.code = Some(reader.read_string()?.trim().to_owned()),
                "Message" | "message" => self.message = Some(reader.read_string()?),
                "RequestId" | "RequestID" => self.request_id = Some(reader.read_string()?),
                _ => reader.skip()?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        http::Response::builder()
            .status(status)
            .body(bytes::Bytes::copy_from_slice(body.as_bytes()))
            .unwrap()
    }

    #[test]
    fn the_three_shapes() {
        let bodies = [
            "<ErrorResponse><Error><Type>Sender</Type><Code>Bad</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            "<Response><Errors><Error><Code>Bad</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>",
            "<Error><Code>Bad</Code><Message>m</Message><RequestId>r</RequestId></Error>",
        ];
        for body in bodies {
            let meta = error_metadata(&response(400, body));
            assert_eq!(meta.code(), Some("Bad"), "{body}");
            assert_eq!(meta.message(), Some("m"), "{body}");
            assert_eq!(meta.request_id(), Some("r"), "{body}");
            assert_eq!(meta.status(), Some(400));
            let (mut reader, start) = error_element(body.as_bytes()).unwrap();
            assert_eq!(start.name(), "Error");
            assert_eq!(reader.find_child("Code").unwrap().unwrap().name(), "Code");
        }
    }

    #[test]
    fn broken_bodies_give_what_was_read() {
        let meta = error_metadata(&response(
            503,
            "<ErrorResponse><Error><Code>Slow</Code><Mess",
        ));
        assert_eq!(meta.code(), Some("Slow"));
        assert_eq!(meta.status(), Some(503));
        let meta = error_metadata(&response(500, ""));
        assert_eq!(meta.code(), None);
        assert!(error_element(b"<Other/>").is_err());
    }

    #[test]
    fn an_error_document_is_told_from_an_output() {
        assert!(is_error_document(
            b"<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code></Error>"
        ));
        assert!(!is_error_document(
            b"<CopyObjectResult><ETag>x</ETag></CopyObjectResult>"
        ));
        assert!(!is_error_document(b""));
        assert!(!is_error_document(b"not xml"));
    }
}
