//! Plain HTTP for the providers that read a credentials endpoint on the
//! machine or its host (the EC2 instance metadata service, the container
//! credentials endpoint): short timeouts, one retry, small bodies, never a
//! proxy.

use crate::json::JsonReader;
use crate::operation::{HttpRequest, HttpResponse};
use crate::transport::{HttpTransport, HyperTransport, ProxyConfig};
use std::collections::HashMap;
use std::time::Duration;

/// Credentials documents are a few hundred bytes; anything much larger is
/// not one.
const MAX_BODY: usize = 64 * 1024;

/// One endpoint's timeouts and attempts.
#[derive(Debug)]
pub(super) struct LocalHttp {
    transport: HyperTransport,
    attempts: u32,
    /// The longest one attempt may take, connecting and reading together.
    attempt_timeout: Duration,
}

impl LocalHttp {
    /// A client whose attempts give up after `connect` to connect and `read`
    /// to read, making at most `attempts` of them.
    pub(super) fn new(connect: Duration, read: Duration, attempts: u32) -> Self {
        Self {
            transport: HyperTransport::builder()
                .connect_timeout(Some(connect))
                .read_timeout(Some(read))
                .max_response_body(MAX_BODY)
                // Link-local and loopback addresses are never reached through
                // a proxy, whatever HTTPS_PROXY says.
                .proxy(ProxyConfig::disabled())
                .build(),
            attempts: attempts.max(1),
            attempt_timeout: connect + read,
        }
    }

    /// Sends the request `build` makes, again after a transport failure or a
    /// 5xx response while attempts remain. The error is the last failure,
    /// as a sentence.
    pub(super) async fn send(
        &self,
        build: impl Fn() -> HttpRequest,
    ) -> Result<HttpResponse, String> {
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            let sent = tokio::time::timeout(self.attempt_timeout, self.transport.send(build()));
            match sent.await {
                Ok(Ok(response)) if response.status().is_server_error() => {
                    last = format!("HTTP {}", response.status().as_u16());
                    if attempt == self.attempts {
                        return Ok(response);
                    }
                }
                Ok(Ok(response)) => return Ok(response),
                Ok(Err(e)) => last = e.to_string(),
                Err(_) => last = format!("no answer within {:?}", self.attempt_timeout),
            }
            tracing::debug!(attempt, error = %last, "credentials endpoint attempt failed");
        }
        Err(last)
    }
}

/// The string (and number) members of a flat JSON object, such as the
/// credentials documents of IMDS and the container endpoint. Nested values
/// are skipped. The error says where the document went wrong, never what it
/// holds (it holds secrets).
pub(super) fn flat_object(body: &[u8]) -> Result<HashMap<String, String>, String> {
    let bad = |e: crate::error::DeserializeError| {
        format!(
            "a body that is not a JSON object (at byte {})",
            e.offset().unwrap_or_default()
        )
    };
    let mut reader = JsonReader::new(body);
    let mut members = HashMap::new();
    reader.begin_object().map_err(bad)?;
    while let Some(key) = reader.next_key().map_err(bad)? {
        let key = key.into_owned();
        if reader.read_null().map_err(bad)? {
            members.remove(&key);
            continue;
        }
        if reader.peek_is_string() {
            let text = reader.read_string().map_err(bad)?;
            members.insert(key, text.into_owned());
        } else if let Ok(number) = reader.read_number_text() {
            members.insert(key, number.to_owned());
        } else {
            reader.skip_value().map_err(bad)?;
        }
    }
    reader.finish().map_err(bad)?;
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strings_and_numbers_and_skips_the_rest() {
        let members =
            flat_object(br#"{"A":"x","N":12,"O":{"deep":[1,2]},"L":[true],"Z":null,"A2":"y\n"}"#)
                .unwrap();
        assert_eq!(members["A"], "x");
        assert_eq!(members["N"], "12");
        assert_eq!(members["A2"], "y\n");
        assert!(!members.contains_key("O") && !members.contains_key("Z"));
    }

    #[test]
    fn refuses_what_is_not_an_object_without_quoting_it() {
        for body in [&b"[1]"[..], b"{\"SecretAccessKey\":", b"not json SECRET"] {
            let e = flat_object(body).unwrap_err();
            assert!(e.starts_with("a body that is not a JSON object"), "{e}");
            assert!(!e.contains("SECRET"));
        }
    }
}
