//! `parseURL`: the parts of an endpoint URL that rule sets inspect.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A URL as the rule set's `parseURL` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `http` or `https`, in lowercase.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Host and port as written (`example.com:8443`, `[fe80::1]`), without
    /// any user information.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path as written: empty for `https://example.com`, `/` for
    /// `https://example.com/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path with a leading and a trailing `/`, ready to have a segment
    /// appended: `/` for an empty path, `/foo/bar/` for `/foo/bar`.
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// Whether the host is an IPv4 or (bracketed) IPv6 address.
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// The rule set's `parseURL`: splits an `http` or `https` URL into the parts
/// rule sets use.
///
/// Returns `None` for other schemes, for a URL with a query (even an empty
/// one), for a missing host, for a port that is not a number and for
/// characters RFC 3986 does not allow. A fragment is ignored.
///
/// ```
/// use lean_runtime::endpoint::fns::parse_url;
/// let url = parse_url("https://example.com:8443/base").expect("a valid URL");
/// assert_eq!(url.authority(), "example.com:8443");
/// assert_eq!(url.normalized_path(), "/base/");
/// assert!(parse_url("https://example.com/?list").is_none());
/// ```
pub fn parse_url(input: &str) -> Option<Url> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest
        .split_once('#')
        .map_or(rest, |(before, _fragment)| before);
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // User information never belongs in an endpoint's authority.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_userinfo, host_port)| host_port);
    let is_ip = parse_host_and_port(authority)?;
    if !path.bytes().all(|b| b == b'/' || is_path_char(b)) {
        return None;
    }
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path: normalize_path(path),
        is_ip,
    })
}

/// Validates `host[:port]` and tells whether the host is an IP address.
fn parse_host_and_port(authority: &str) -> Option<bool> {
    let (is_ip, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        // An IPv6 zone (`fe80::1%25eth0`) does not change what the address is.
        let address = address
            .split_once('%')
            .map_or(address, |(address, _zone)| address);
        address.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            after => Some(after.strip_prefix(':')?),
        };
        (true, port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() || !host.bytes().all(is_reg_name_char) {
            return None;
        }
        (host.parse::<Ipv4Addr>().is_ok(), port)
    };
    if let Some(port) = port
        && (port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err())
    {
        return None;
    }
    Some(is_ip)
}

fn normalize_path(path: &str) -> String {
    let mut normalized = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path);
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// RFC 3986 `unreserved`, `sub-delims` and the `%` of percent-encoding.
fn is_reg_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=%".contains(&b)
}

/// RFC 3986 `pchar`.
fn is_path_char(b: u8) -> bool {
    is_reg_name_char(b) || b == b':' || b == b'@'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(input: &str) -> Option<(String, String, String, String, bool)> {
        parse_url(input).map(|url| {
            (
                url.scheme().to_owned(),
                url.authority().to_owned(),
                url.path().to_owned(),
                url.normalized_path().to_owned(),
                url.is_ip(),
            )
        })
    }

    fn expect(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized: &str,
        is_ip: bool,
    ) -> Option<(String, String, String, String, bool)> {
        Some((
            scheme.into(),
            authority.into(),
            path.into(),
            normalized.into(),
            is_ip,
        ))
    }

    #[test]
    fn host_without_path() {
        assert_eq!(
            parts("https://example.com"),
            expect("https", "example.com", "", "/", false)
        );
        assert_eq!(
            parts("https://example.com/"),
            expect("https", "example.com", "/", "/", false)
        );
    }

    #[test]
    fn port_and_path() {
        assert_eq!(
            parts("http://example.com:80/foo/bar"),
            expect("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            parts("https://authority.com:8000/port"),
            expect("https", "authority.com:8000", "/port", "/port/", false)
        );
        assert_eq!(
            parts("http://192.168.1.1/foo/"),
            expect("http", "192.168.1.1", "/foo/", "/foo/", true)
        );
    }

    #[test]
    fn ip_addresses() {
        assert_eq!(
            parts("https://127.0.0.1"),
            expect("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            parts("https://[fe80::1]"),
            expect("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            parts("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            expect(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
        // Four labels are not enough: each must be an octet.
        assert_eq!(
            parts("https://999.999.abc.blah"),
            expect("https", "999.999.abc.blah", "", "/", false)
        );
        assert_eq!(
            parts("https://999.999.999.999"),
            expect("https", "999.999.999.999", "", "/", false)
        );
    }

    #[test]
    fn scheme_is_lowercased_and_host_labels_are_not_validated() {
        assert_eq!(
            parts("HTTPS://Example.com"),
            expect("https", "Example.com", "", "/", false)
        );
        assert_eq!(
            parts("http://99_ab-.com"),
            expect("http", "99_ab-.com", "", "/", false)
        );
    }

    #[test]
    fn user_information_and_fragments_are_dropped() {
        assert_eq!(
            parts("https://user:secret@example.com/path#section"),
            expect("https", "example.com", "/path", "/path/", false)
        );
    }

    #[test]
    fn invalid_urls() {
        for input in [
            "",
            "example.com",
            "acbd://example.com",
            "wss://localhost:8443/path",
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com?",
            "http://abc.com:a/foo",
            "http://abc.com:/foo",
            "http://abc.com:99999",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://ex\u{e4}mple.com",
            "https://[fe80::1",
            "https://[not-an-address]",
            "https://[fe80::1]x",
        ] {
            assert_eq!(parse_url(input), None, "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_url_never_panics(input in any::<String>()) {
            let _ = parse_url(&input);
        }

        #[test]
        fn normalized_path_starts_and_ends_with_a_slash(path in "(/[a-z0-9._~-]{0,8}){0,4}") {
            let url = parse_url(&format!("https://example.com{path}"));
            prop_assert!(url.is_some());
            if let Some(url) = url {
                prop_assert_eq!(url.path(), path.as_str());
                prop_assert!(url.normalized_path().starts_with('/'));
                prop_assert!(url.normalized_path().ends_with('/'));
            }
        }
    }
}
