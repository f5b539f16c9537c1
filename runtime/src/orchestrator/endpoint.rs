//! Aiming a serialized request at the client's endpoint.

use crate::endpoint::{Endpoint, HostPrefix, ResolveEndpointError};
use crate::error::BoxError;
use crate::http_binding::NoPath;
use crate::operation::HttpRequest;
use http::header::{HOST, HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme};

/// An endpoint checked once per client: its URL split into the parts a
/// request is built from, its headers parsed.
#[derive(Clone, Debug)]
pub(super) struct PreparedEndpoint {
    scheme: Scheme,
    authority: Authority,
    host: HeaderValue,
    /// Without its trailing `/`; empty when the endpoint has no path.
    base_path: String,
    base_query: Option<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl PreparedEndpoint {
    /// The host and port requests go to.
    #[cfg(test)]
    pub(super) fn authority(&self) -> &str {
        self.authority.as_str()
    }

    pub(super) fn new(endpoint: &Endpoint) -> Result<Self, ResolveEndpointError> {
        let url = endpoint.url();
        let invalid = |why: &str| {
            ResolveEndpointError::message(format!("invalid endpoint URL `{url}`: {why}"))
        };
        let uri: http::Uri = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
        let scheme = match uri.scheme() {
            Some(s) if *s == Scheme::HTTP || *s == Scheme::HTTPS => s.clone(),
            Some(_) => return Err(invalid("the scheme must be http or https")),
            None => return Err(invalid("it is not absolute")),
        };
        let authority = match uri.authority() {
            Some(a) if a.as_str().contains('@') => {
                return Err(invalid("it must not carry credentials"));
            }
            Some(a) if !a.host().is_empty() => a.clone(),
            _ => return Err(invalid("it has no host")),
        };
        // `http::Uri` accepts any digits as a port and reports an
        // out-of-range one as no port at all, which would dial the scheme's
        // default port instead of failing.
        if crate::endpoint::has_invalid_port(&authority) {
            return Err(invalid("its port is not a number from 0 to 65535"));
        }
        let host =
            HeaderValue::from_str(authority.as_str()).map_err(|e| invalid(&e.to_string()))?;
        let mut headers = Vec::new();
        for (name, values) in endpoint.headers() {
            let name = HeaderName::try_from(name.as_str()).map_err(|e| {
                ResolveEndpointError::message(format!("invalid endpoint header name `{name}`: {e}"))
            })?;
            for value in values {
                let value = HeaderValue::try_from(value.as_str()).map_err(|e| {
                    ResolveEndpointError::message(format!(
                        "invalid value for endpoint header `{name}`: {e}"
                    ))
                })?;
                headers.push((name.clone(), value));
            }
        }
        Ok(Self {
            scheme,
            authority,
            host,
            base_path: uri.path().trim_end_matches('/').to_owned(),
            base_query: uri.query().map(str::to_owned),
            headers,
        })
    }

    /// Makes the request's `/path?query` absolute under the endpoint (after
    /// its base path, if any), and adds the endpoint's headers and `host`.
    /// A [`HostPrefix`] in the request's extensions goes before the host.
    pub(super) fn apply(&self, request: &mut HttpRequest) -> Result<(), BoxError> {
        let (path, query) = match request.uri().path_and_query() {
            Some(pq) => (pq.path(), pq.query()),
            None => ("/", None),
        };
        let mut joined = String::with_capacity(self.base_path.len() + path.len() + 1);
        joined.push_str(&self.base_path);
        // An operation without a path of its own (S3's bucket operations)
        // is at the base path itself: a path-style bucket is `/bucket`.
        let own_path = request.extensions().get::<NoPath>().is_none();
        if own_path || self.base_path.is_empty() {
            if !path.starts_with('/') {
                joined.push('/');
            }
            joined.push_str(path);
        }
        let query = match (&self.base_query, query) {
            (Some(base), Some(query)) => Some(format!("{base}&{query}")),
            (Some(base), None) => Some(base.clone()),
            (None, Some(query)) => Some(query.to_owned()),
            (None, None) => None,
        };
        if let Some(query) = query.filter(|q| !q.is_empty()) {
            joined.push('?');
            joined.push_str(&query);
        }
        let (authority, host) = match request.extensions().get::<HostPrefix>() {
            None => (self.authority.clone(), self.host.clone()),
            Some(prefix) => {
                let prefixed = format!("{}{}", prefix.as_str(), self.authority);
                (
                    Authority::try_from(prefixed.as_str())?,
                    HeaderValue::try_from(prefixed)?,
                )
            }
        };
        let uri = http::Uri::builder()
            .scheme(self.scheme.clone())
            .authority(authority)
            .path_and_query(PathAndQuery::try_from(joined)?)
            .build()?;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, host);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn aim(endpoint: &str, path: &str) -> String {
        let endpoint = PreparedEndpoint::new(&Endpoint::new(endpoint)).expect("valid endpoint");
        let mut request = http::Request::builder()
            .uri(path)
            .body(Bytes::new())
            .expect("valid request");
        endpoint.apply(&mut request).expect("joins");
        request.uri().to_string()
    }

    #[test]
    fn joins_paths_and_queries() {
        let cases = [
            ("https://svc.test", "/", "https://svc.test/"),
            (
                "https://svc.test",
                "/things?a=1",
                "https://svc.test/things?a=1",
            ),
            ("https://svc.test/", "/things", "https://svc.test/things"),
            ("https://svc.test/base", "/", "https://svc.test/base/"),
            (
                "https://svc.test/base/",
                "/things?a=1",
                "https://svc.test/base/things?a=1",
            ),
            (
                "https://svc.test/base?k=v",
                "/t?a=1",
                "https://svc.test/base/t?k=v&a=1",
            ),
            ("https://svc.test?k=v", "/", "https://svc.test/?k=v"),
            ("http://127.0.0.1:8080", "/x", "http://127.0.0.1:8080/x"),
            ("https://[::1]:8443", "/x", "https://[::1]:8443/x"),
        ];
        for (endpoint, path, expected) in cases {
            assert_eq!(aim(endpoint, path), expected, "{endpoint} + {path}");
        }
    }

    #[test]
    fn adds_host_and_endpoint_headers() {
        let endpoint = Endpoint::new("http://127.0.0.1:8080/base")
            .with_header("x-amz-region-set", "us-east-1")
            .with_header("x-amz-region-set", "us-west-2");
        let endpoint = PreparedEndpoint::new(&endpoint).expect("valid endpoint");
        let mut request = http::Request::builder()
            .uri("/")
            .header("host", "wrong")
            .body(Bytes::new())
            .expect("valid request");
        endpoint.apply(&mut request).expect("joins");
        assert_eq!(request.headers()["host"], "127.0.0.1:8080");
        let regions: Vec<_> = request
            .headers()
            .get_all("x-amz-region-set")
            .iter()
            .collect();
        assert_eq!(regions, ["us-east-1", "us-west-2"]);
    }

    #[test]
    fn an_operation_without_a_path_is_at_the_base_path() {
        for (endpoint, expected) in [
            (
                "https://s3.test/bucket",
                "https://s3.test/bucket?list-type=2",
            ),
            (
                "https://bucket.s3.test",
                "https://bucket.s3.test/?list-type=2",
            ),
        ] {
            let endpoint = PreparedEndpoint::new(&Endpoint::new(endpoint)).expect("valid endpoint");
            let mut request = http::Request::builder()
                .uri("/?list-type=2")
                .body(Bytes::new())
                .expect("valid request");
            request.extensions_mut().insert(NoPath);
            endpoint.apply(&mut request).expect("joins");
            assert_eq!(request.uri(), expected);
        }
    }

    #[test]
    fn host_prefixes_go_before_the_host() {
        let endpoint = PreparedEndpoint::new(&Endpoint::new("http://example.com:8080/base"))
            .expect("valid endpoint");
        let mut request = http::Request::builder()
            .uri("/")
            .body(Bytes::new())
            .expect("valid request");
        request
            .extensions_mut()
            .insert(HostPrefix::new("foo.bar.").expect("valid prefix"));
        endpoint.apply(&mut request).expect("joins");
        assert_eq!(request.uri(), "http://foo.bar.example.com:8080/base/");
        assert_eq!(request.headers()["host"], "foo.bar.example.com:8080");
    }

    #[test]
    fn rejects_unusable_endpoints() {
        let cases = [
            ("not a url", "invalid endpoint URL `not a url`"),
            ("/relative", "it is not absolute"),
            ("ftp://svc.test", "the scheme must be http or https"),
            ("https://user:pw@svc.test", "it must not carry credentials"),
        ];
        for (url, why) in cases {
            let error = PreparedEndpoint::new(&Endpoint::new(url)).expect_err(url);
            assert!(error.to_string().contains(why), "{url}: {error}");
        }
        let bad_header = Endpoint::new("https://svc.test").with_header("bad header", "v");
        let error = PreparedEndpoint::new(&bad_header).expect_err("bad header name");
        assert!(error.to_string().contains("`bad header`"), "{error}");
    }
}
