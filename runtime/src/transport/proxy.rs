//! HTTP proxies: which requests go through one, and how to reach it.
//!
//! [`ProxyConfig::from_env`] reads the variables botocore and curl read:
//! `HTTPS_PROXY` for `https` requests, `HTTP_PROXY` for `http` ones,
//! `ALL_PROXY` for either, and `NO_PROXY` for the hosts that bypass the
//! proxy; each in lower case too, which wins over upper case as in
//! Python's `urllib`. `http` requests go to the proxy in absolute form;
//! `https` requests go through a `CONNECT` tunnel, so TLS is end to end.
//! Credentials in the proxy URL (`http://user:pass@proxy:3128`) are sent
//! as `Proxy-Authorization: Basic` and never shown by `Debug` or errors.

use crate::env::Env;
use http::HeaderValue;
use std::fmt;
use std::net::IpAddr;

/// Which proxy, if any, each request goes through.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<Proxy>,
    https: Option<Proxy>,
    no_proxy: Vec<NoProxyEntry>,
}

impl ProxyConfig {
    /// No proxy: every request connects directly.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// The proxies the environment names (see the module docs); none when
    /// no variable is set.
    ///
    /// # Errors
    /// When a variable holds a URL that is not an `http://` proxy URL; the
    /// error names the variable, never the credentials in it.
    pub fn from_env(env: &Env) -> Result<Self, InvalidProxy> {
        let var = |name: &str| -> Option<(String, String)> {
            let lower = name.to_ascii_lowercase();
            [lower.as_str(), name]
                .into_iter()
                .find_map(|n| env.get(n).map(|v| (n.to_owned(), v)))
                .filter(|(_, v)| !v.trim().is_empty())
        };
        let parse = |found: Option<(String, String)>| -> Result<Option<Proxy>, InvalidProxy> {
            found
                .map(|(name, url)| Proxy::parse(&url).map_err(|why| InvalidProxy::new(&name, why)))
                .transpose()
        };
        let all = parse(var("ALL_PROXY"))?;
        let http = parse(var("HTTP_PROXY"))?.or_else(|| all.clone());
        let https = parse(var("HTTPS_PROXY"))?.or(all);
        let no_proxy = var("NO_PROXY").map(|(_, v)| v).unwrap_or_default();
        Ok(Self {
            http,
            https,
            no_proxy: parse_no_proxy(&no_proxy),
        })
    }

    /// Sends every request, `http` and `https`, through the proxy at `url`.
    ///
    /// # Errors
    /// When `url` is not an `http://` proxy URL.
    pub fn all(url: &str) -> Result<Self, InvalidProxy> {
        let proxy = Proxy::parse(url).map_err(|why| InvalidProxy::new("the proxy URL", why))?;
        Ok(Self {
            http: Some(proxy.clone()),
            https: Some(proxy),
            no_proxy: Vec::new(),
        })
    }

    /// Sends `http` requests through the proxy at `url`.
    ///
    /// # Errors
    /// When `url` is not an `http://` proxy URL.
    pub fn with_http_proxy(mut self, url: &str) -> Result<Self, InvalidProxy> {
        self.http = Some(Proxy::parse(url).map_err(|why| InvalidProxy::new("the proxy URL", why))?);
        Ok(self)
    }

    /// Sends `https` requests through the proxy at `url`.
    ///
    /// # Errors
    /// When `url` is not an `http://` proxy URL.
    pub fn with_https_proxy(mut self, url: &str) -> Result<Self, InvalidProxy> {
        self.https =
            Some(Proxy::parse(url).map_err(|why| InvalidProxy::new("the proxy URL", why))?);
        Ok(self)
    }

    /// Hosts that bypass the proxy, written as `NO_PROXY` is: a comma
    /// separated list of host names (each matching itself and its
    /// subdomains; a leading `.` or `*.` changes nothing), `host:port`,
    /// IP addresses, IPv4 or IPv6 networks (`10.0.0.0/8`), or `*` for all.
    pub fn with_no_proxy(mut self, list: &str) -> Self {
        self.no_proxy = parse_no_proxy(list);
        self
    }

    /// Whether any request goes through a proxy.
    pub fn is_enabled(&self) -> bool {
        self.http.is_some() || self.https.is_some()
    }

    /// The proxy a request to `host:port` goes through; `host` as in a URI
    /// (IPv6 addresses in brackets).
    pub(crate) fn proxy_for(&self, https: bool, host: &str, port: u16) -> Option<&Proxy> {
        let proxy = if https { &self.https } else { &self.http }.as_ref()?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let bypass = self.no_proxy.iter().any(|entry| entry.matches(bare, port));
        (!bypass).then_some(proxy)
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// One proxy server.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Proxy {
    /// As in a URI: lower case, IPv6 addresses in brackets.
    host: String,
    port: u16,
    /// `Basic ...`, from the URL's user and password; marked sensitive.
    authorization: Option<HeaderValue>,
}

impl Proxy {
    /// Parses `http://[user[:password]@]host[:port][/]`; a URL without a
    /// scheme is taken as `http://`, as curl and `requests` take it.
    fn parse(url: &str) -> Result<Self, &'static str> {
        let url = url.trim();
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err("only http:// proxies are supported"),
            None => url,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if rest.len() > authority.len() && !rest[authority.len()..].trim_matches('/').is_empty() {
            return Err("a proxy URL has no path");
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport).ok_or("it has no valid host and port")?;
        let authorization = userinfo
            .map(|userinfo| {
                let decoded = percent_decode(userinfo)
                    .ok_or("its user or password is not valid percent-encoded UTF-8")?;
                let mut value = HeaderValue::try_from(format!(
                    "Basic {}",
                    crate::blob::encode(decoded.as_bytes())
                ))
                .map_err(|_| "its user or password cannot be sent")?;
                value.set_sensitive(true);
                Ok::<_, &'static str>(value)
            })
            .transpose()?;
        Ok(Self {
            host,
            port: port.unwrap_or(80),
            authorization,
        })
    }

    /// `host:port`, to connect to.
    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// The `Proxy-Authorization` value, when the URL had credentials.
    pub(crate) fn authorization(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credentials are secrets; say only whether there are any.
        write!(f, "http://")?;
        if self.authorization.is_some() {
            write!(f, "***@")?;
        }
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// `host[:port]` with IPv6 in brackets; the host lower-cased and kept in
/// URI form. `None` when malformed or the port is out of range.
fn split_host_port(text: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<std::net::Ipv6Addr>().ok()?;
        (format!("[{v6}]"), after.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (text.to_owned(), None),
        }
    };
    let valid_host = !host.is_empty()
        && (host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_'));
    if !valid_host {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    Some((host.to_ascii_lowercase(), port))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One entry of `NO_PROXY`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum NoProxyEntry {
    /// `*`: nothing goes through the proxy.
    All,
    /// A host name or address, and its subdomains; a port if one was given.
    Host { name: String, port: Option<u16> },
    /// An IP network.
    Network { address: IpAddr, prefix: u8 },
}

impl NoProxyEntry {
    fn matches(&self, host: &str, port: u16) -> bool {
        match self {
            Self::All => true,
            Self::Host { name, port: want } => {
                let host = host.to_ascii_lowercase();
                let name_matches = host == *name
                    || host
                        .strip_suffix(name.as_str())
                        .is_some_and(|head| head.ends_with('.'));
                name_matches && want.is_none_or(|p| p == port)
            }
            Self::Network { address, prefix } => host
                .parse::<IpAddr>()
                .is_ok_and(|ip| in_network(ip, *address, *prefix)),
        }
    }
}

fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    let (ip, network, width) = match (ip, network) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        _ => return false,
    };
    let prefix = u32::from(prefix).min(width);
    if prefix == 0 {
        return true;
    }
    let shift = width - prefix;
    (ip >> shift) == (network >> shift)
}

fn parse_no_proxy(list: &str) -> Vec<NoProxyEntry> {
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .filter_map(|entry| {
            if entry == "*" {
                return Some(NoProxyEntry::All);
            }
            if let Some((address, prefix)) = entry.split_once('/') {
                let address = address.trim_start_matches('[').trim_end_matches(']');
                return Some(NoProxyEntry::Network {
                    address: address.parse().ok()?,
                    prefix: prefix.parse().ok()?,
                });
            }
            if let Ok(address) = entry
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
            {
                return Some(NoProxyEntry::Host {
                    name: address.to_string(),
                    port: None,
                });
            }
            let entry = entry.trim_start_matches('*').trim_start_matches('.');
            let (name, port) = split_host_port(entry)?;
            let name = name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned();
            Some(NoProxyEntry::Host { name, port })
        })
        .collect()
}

/// A proxy setting could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidProxy {
    message: String,
}

impl InvalidProxy {
    fn new(source: &str, why: &str) -> Self {
        // The URL itself is never quoted: it may hold a password.
        Self {
            message: format!("invalid proxy in {source}: {why}"),
        }
    }
}

impl fmt::Display for InvalidProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidProxy {}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env::from_vars(vars.iter().copied())
    }

    #[test]
    fn variables_pick_the_proxy_by_scheme() {
        let config = ProxyConfig::from_env(&env(&[
            ("HTTP_PROXY", "http://plain:8080"),
            ("HTTPS_PROXY", "secure:3128"),
        ]))
        .unwrap();
        assert_eq!(
            config.proxy_for(false, "example.com", 80).unwrap().host(),
            "plain"
        );
        let https = config.proxy_for(true, "example.com", 443).unwrap();
        assert_eq!((https.host(), https.port()), ("secure", 3128));

        let config = ProxyConfig::from_env(&env(&[("all_proxy", "http://both")])).unwrap();
        assert_eq!(config.proxy_for(true, "a", 443).unwrap().port(), 80);
        assert!(config.proxy_for(false, "a", 80).is_some());

        // Lower case wins, as in urllib; empty counts as unset.
        let config = ProxyConfig::from_env(&env(&[
            ("HTTPS_PROXY", "http://upper"),
            ("https_proxy", "http://lower"),
            ("HTTP_PROXY", ""),
        ]))
        .unwrap();
        assert_eq!(config.proxy_for(true, "a", 443).unwrap().host(), "lower");
        assert!(config.proxy_for(false, "a", 80).is_none());
        assert!(!ProxyConfig::from_env(&env(&[])).unwrap().is_enabled());
    }

    #[test]
    fn no_proxy_bypasses_hosts_domains_ports_and_networks() {
        let config = ProxyConfig::all("http://proxy:3128")
            .unwrap()
            .with_no_proxy(
                "localhost, .internal.example,*.corp, api.test:8443, 10.0.0.0/8, ::1, [fd00::]/8",
            );
        let bypassed = |host: &str, port: u16| config.proxy_for(true, host, port).is_none();
        assert!(bypassed("localhost", 443));
        assert!(bypassed("internal.example", 443));
        assert!(bypassed("a.b.internal.example", 443));
        assert!(!bypassed("notinternal.example", 443));
        assert!(bypassed("x.corp", 443));
        assert!(bypassed("api.test", 8443));
        assert!(!bypassed("api.test", 443));
        assert!(bypassed("10.1.2.3", 443));
        assert!(!bypassed("11.1.2.3", 443));
        assert!(bypassed("[::1]", 443));
        assert!(bypassed("[fd12::1]", 443));
        assert!(!bypassed("proton.us-east-1.amazonaws.com", 443));
        let all = ProxyConfig::all("http://p").unwrap().with_no_proxy("*");
        assert!(all.proxy_for(false, "anything", 80).is_none());
    }

    #[test]
    fn credentials_become_basic_authorization_and_stay_hidden() {
        let config = ProxyConfig::all("http://us%40er:p%3Ass@proxy.local:3128/").unwrap();
        let proxy = config.proxy_for(true, "a", 443).unwrap();
        // base64("us@er:p:ss")
        assert_eq!(proxy.authorization().unwrap(), "Basic dXNAZXI6cDpzcw==");
        assert!(proxy.authorization().unwrap().is_sensitive());
        let debug = format!("{config:?}");
        assert!(debug.contains("http://***@proxy.local:3128"), "{debug}");
        assert!(
            !debug.contains("p%3Ass") && !debug.contains("dXN"),
            "{debug}"
        );
    }

    #[test]
    fn bad_urls_name_the_variable_not_the_secret() {
        for bad in [
            "socks5://u:secret@h:1",
            "https://u:secret@h",
            "http://u:secret@h:99999",
            "http://u:secret@",
            "http://u:secret@h/path",
        ] {
            let error = ProxyConfig::from_env(&env(&[("HTTPS_PROXY", bad)])).unwrap_err();
            let text = error.to_string();
            assert!(text.contains("HTTPS_PROXY"), "{text}");
            assert!(!text.contains("secret"), "{text}");
        }
    }
}
