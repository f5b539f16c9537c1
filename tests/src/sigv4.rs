//! An independent SigV4 verifier for integration tests.
//!
//! A test server hands [`verify`] the request exactly as it arrived and the
//! secret key the test gave the client; the verifier rebuilds the canonical
//! request from the SigV4 specification alone (it deliberately shares no
//! code with the runtime's signer, nor with `aws-sigv4`, whose rules that
//! signer follows) and checks the signature. Only header signatures with `AWS4-HMAC-SHA256` are supported:
//! that is what the generated clients send.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The access key id of the credential scope.
    pub access_key_id: String,
    /// The scope's date, `YYYYMMDD`.
    pub date: String,
    /// The scope's region.
    pub region: String,
    /// The scope's service (signing name).
    pub service: String,
    /// The signed header names, lowercase and sorted.
    pub signed_headers: Vec<String>,
    /// The signature, 64 lowercase hex digits.
    pub signature: String,
}

/// Parses an `Authorization` header value.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| format!("authorization does not start with `{ALGORITHM} `: {value}"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| format!("authorization part without `=`: {part:?}"))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(format!("unknown authorization part `{key}`")),
        };
        if slot.replace(value).is_some() {
            return Err(format!("authorization repeats `{key}`"));
        }
    }
    let credential = credential.ok_or("authorization has no Credential")?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(format!(
            "credential scope has {} parts: {credential}",
            scope.len()
        ));
    };
    if terminator != "aws4_request" {
        return Err(format!(
            "credential scope does not end with aws4_request: {credential}"
        ));
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("credential scope date is not YYYYMMDD: {date}"));
    }
    let signed_headers: Vec<String> = signed_headers
        .ok_or("authorization has no SignedHeaders")?
        .split(';')
        .map(str::to_owned)
        .collect();
    if signed_headers
        .iter()
        .any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(format!(
            "signed headers must be lowercase names: {signed_headers:?}"
        ));
    }
    if signed_headers.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!(
            "signed headers must be sorted and unique: {signed_headers:?}"
        ));
    }
    let signature = signature.ok_or("authorization has no Signature")?;
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(format!(
            "signature is not 64 lowercase hex digits: {signature}"
        ));
    }
    Ok(Authorization {
        access_key_id: access_key_id.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers,
        signature: signature.to_owned(),
    })
}

/// Checks the SigV4 signature of a received request.
///
/// `path_and_query` is the request target as received (percent-encoded);
/// `headers` are every header as received, names in any case, repeated names
/// as separate entries. Besides the signature itself, this checks that the
/// scope names `region` and `service`, that `host` and `x-amz-date` are
/// signed, and that a session token, if sent, is signed too.
pub fn verify(
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
    secret_key: &str,
    region: &str,
    service: &str,
) -> Result<(), String> {
    let values = |name: &str| -> Vec<&str> {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let single = |name: &str| match values(name)[..] {
        [value] => Ok(value),
        [] => Err(format!("no `{name}` header")),
        _ => Err(format!("more than one `{name}` header")),
    };

    let auth = parse_authorization(single("authorization")?)?;
    if auth.region != region || auth.service != service {
        return Err(format!(
            "scope is {}/{}, expected {region}/{service}",
            auth.region, auth.service
        ));
    }
    let amz_date = single("x-amz-date")?;
    let is_timestamp = amz_date.len() == 16
        && amz_date.bytes().enumerate().all(|(i, b)| match i {
            8 => b == b'T',
            15 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
    if !is_timestamp {
        return Err(format!("x-amz-date is not YYYYMMDDTHHMMSSZ: {amz_date}"));
    }
    if amz_date[..8] != auth.date {
        return Err(format!(
            "x-amz-date {amz_date} is not on scope date {}",
            auth.date
        ));
    }
    let signed = |name: &str| auth.signed_headers.iter().any(|h| h == name);
    for required in ["host", "x-amz-date"] {
        if !signed(required) {
            return Err(format!("`{required}` is not signed"));
        }
    }
    if !values("x-amz-security-token").is_empty() && !signed("x-amz-security-token") {
        return Err("x-amz-security-token is sent but not signed".to_owned());
    }

    let payload_hash = hex(&Sha256::digest(body));
    if let Some(declared) = values("x-amz-content-sha256").first()
        && *declared != payload_hash
    {
        return Err(format!(
            "x-amz-content-sha256 is {declared}, body hashes to {payload_hash}"
        ));
    }

    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let found = values(name);
        if found.is_empty() {
            return Err(format!("signed header `{name}` was not received"));
        }
        let joined: Vec<String> = found.iter().map(|v| canonical_header_value(v)).collect();
        let _ = writeln!(canonical_headers, "{name}:{}", joined.join(","));
    }
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let canonical_request = format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        canonical_uri(path),
        canonical_query(query),
        auth.signed_headers.join(";"),
    );

    let scope = format!("{}/{region}/{service}/aws4_request", auth.date);
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret_key}").as_bytes(), auth.date.as_bytes())?;
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes())?;
    }
    let expected = hex(&hmac(&key, string_to_sign.as_bytes())?);
    if expected == auth.signature {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch: expected {expected}, received {}\ncanonical request:\n{canonical_request}",
            auth.signature
        ))
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .map_err(|e| format!("HMAC key rejected: {e}"))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Trimmed, with runs of spaces collapsed to one.
fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Percent-encodes every byte except the unreserved characters (and `/`
/// when `keep_slash`), with uppercase hex.
fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The path with `.` and `..` segments and empty segments removed, then
/// encoded once more: services other than S3 sign the already-encoded path
/// encoded a second time.
fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut normalized = format!("/{}", segments.join("/"));
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if trailing && !segments.is_empty() {
        normalized.push('/');
    }
    uri_encode(normalized.as_bytes(), true)
}

/// Parameters decoded as a form (`+` is a space), re-encoded strictly and
/// sorted by name, then value.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&form_decode(k), false),
                uri_encode(&form_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_digit = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let digits = bytes
                    .get(i + 1..i + 3)
                    .and_then(|d| Some(hex_digit(d[0])? * 16 + hex_digit(d[1])?));
                match digits.and_then(|d| u8::try_from(d).ok()) {
                    Some(decoded) => {
                        out.push(decoded);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Received headers, as a test server would collect them.
    type Headers = Vec<(String, String)>;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const SUITE_DATE: &str = "20150830T123600Z";

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn suite_auth(signed_headers: &str, signature: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders={signed_headers}, Signature={signature}"
        )
    }

    /// Requests and signatures from the published AWS SigV4 test suite.
    #[test]
    fn published_vectors_verify() {
        let host = ("Host", "example.amazonaws.com");
        let date = ("X-Amz-Date", SUITE_DATE);
        let vanilla = suite_auth(
            "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        );
        let cases: Vec<(&str, &str, Headers, &[u8])> = vec![
            // get-vanilla
            (
                "GET",
                "/",
                headers(&[host, date, ("Authorization", &vanilla)]),
                b"",
            ),
            // get-relative-relative-normalized and get-slash-normalized
            (
                "GET",
                "/example1/example2/../..",
                headers(&[host, date, ("Authorization", &vanilla)]),
                b"",
            ),
            (
                "GET",
                "//",
                headers(&[host, date, ("Authorization", &vanilla)]),
                b"",
            ),
            // get-slashes-normalized
            (
                "GET",
                "//example//",
                headers(&[
                    host,
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;x-amz-date",
                            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
                        ),
                    ),
                ]),
                b"",
            ),
            // get-vanilla-query-order-key-case
            (
                "GET",
                "/?Param2=value2&Param1=value1",
                headers(&[
                    host,
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;x-amz-date",
                            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
                        ),
                    ),
                ]),
                b"",
            ),
            // get-vanilla-query-order-encoded
            (
                "GET",
                "/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
                headers(&[
                    host,
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;x-amz-date",
                            "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac",
                        ),
                    ),
                ]),
                b"",
            ),
            // get-header-key-duplicate
            (
                "GET",
                "/",
                headers(&[
                    host,
                    ("My-Header1", "value2"),
                    ("My-Header1", "value2"),
                    ("My-Header1", "value1"),
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;my-header1;x-amz-date",
                            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
                        ),
                    ),
                ]),
                b"",
            ),
            // get-header-value-trim
            (
                "GET",
                "/",
                headers(&[
                    host,
                    ("My-Header1", " value1"),
                    ("My-Header2", " \"a   b   c\""),
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;my-header1;my-header2;x-amz-date",
                            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
                        ),
                    ),
                ]),
                b"",
            ),
            // get-vanilla-with-session-token
            (
                "GET",
                "/",
                headers(&[
                    host,
                    (
                        "X-Amz-Security-Token",
                        "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
                    ),
                    date,
                    (
                        "Authorization",
                        &suite_auth(
                            "host;x-amz-date;x-amz-security-token",
                            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
                        ),
                    ),
                ]),
                b"",
            ),
            // post-x-www-form-urlencoded
            (
                "POST",
                "/",
                headers(&[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    host,
                    ("Content-Length", "13"),
                    date,
                    (
                        "x-amz-content-sha256",
                        "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                    ),
                    (
                        "Authorization",
                        &suite_auth(
                            "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
                        ),
                    ),
                ]),
                b"Param1=value1",
            ),
        ];
        for (method, target, headers, body) in &cases {
            verify(
                method,
                target,
                headers,
                body,
                SECRET,
                "us-east-1",
                "service",
            )
            .unwrap_or_else(|e| panic!("{method} {target}: {e}"));
        }
    }

    /// double-url-encode: a non-S3 service signs the received path encoded
    /// again.
    #[test]
    fn encoded_paths_are_encoded_twice() {
        let headers = headers(&[
            ("Host", "lambda.us-east-2.amazonaws.com"),
            ("X-Amz-Date", "20210511T154045Z"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20210511/us-east-2/lambda/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=4b93abbcc68be32bd64c18e2c71150660ab4c29bbd6c32a383a7517a88fc1804",
            ),
        ]);
        let path = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A892717189312%3Afunction%3Amy-rusty-fun/invocations";
        verify("POST", path, &headers, b"", SECRET, "us-east-2", "lambda").unwrap();
    }

    fn vanilla() -> Vec<(String, String)> {
        headers(&[
            ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", SUITE_DATE),
            (
                "Authorization",
                &suite_auth(
                    "host;x-amz-date",
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                ),
            ),
        ])
    }

    fn check(
        method: &str,
        target: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<(), String> {
        verify(
            method,
            target,
            headers,
            body,
            SECRET,
            "us-east-1",
            "service",
        )
    }

    #[test]
    fn tampering_is_detected() {
        assert!(check("GET", "/", &vanilla(), b"").is_ok());
        let mismatch = |r: Result<(), String>| r.unwrap_err().starts_with("signature mismatch");
        assert!(mismatch(check("POST", "/", &vanilla(), b"")));
        assert!(mismatch(check("GET", "/other", &vanilla(), b"")));
        assert!(mismatch(check("GET", "/?a=b", &vanilla(), b"")));
        assert!(mismatch(check("GET", "/", &vanilla(), b"body")));
        assert!(mismatch(verify(
            "GET",
            "/",
            &vanilla(),
            b"",
            "wrong",
            "us-east-1",
            "service"
        )));
        let mut changed = vanilla();
        changed[0].1 = "evil.example.com".into();
        assert!(mismatch(check("GET", "/", &changed, b"")));
    }

    #[test]
    fn structural_problems_are_reported() {
        let err = |headers: Vec<(String, String)>| check("GET", "/", &headers, b"").unwrap_err();
        let mut no_auth = vanilla();
        no_auth.pop();
        assert_eq!(err(no_auth), "no `authorization` header");

        let mut two_dates = vanilla();
        two_dates.push(("x-amz-date".into(), SUITE_DATE.into()));
        assert_eq!(err(two_dates), "more than one `x-amz-date` header");

        let mut wrong_day = vanilla();
        wrong_day[1].1 = "20150831T123600Z".into();
        assert!(err(wrong_day).contains("is not on scope date"));

        let mut unsigned_token = vanilla();
        unsigned_token.push(("X-Amz-Security-Token".into(), "t".into()));
        assert_eq!(
            err(unsigned_token),
            "x-amz-security-token is sent but not signed"
        );

        assert!(
            verify("GET", "/", &vanilla(), b"", SECRET, "eu-west-1", "service")
                .unwrap_err()
                .contains("expected eu-west-1/service")
        );

        let mut missing_signed = vanilla();
        missing_signed[2].1 = suite_auth("host;x-amz-date;x-extra", &"0".repeat(64));
        assert_eq!(
            err(missing_signed),
            "signed header `x-extra` was not received"
        );

        let mut host_unsigned = vanilla();
        host_unsigned[2].1 = suite_auth("x-amz-date", &"0".repeat(64));
        assert_eq!(err(host_unsigned), "`host` is not signed");
    }

    #[test]
    fn authorization_parsing() {
        let auth = parse_authorization(&suite_auth("host;x-amz-date", &"a".repeat(64))).unwrap();
        assert_eq!(auth.access_key_id, "AKIDEXAMPLE");
        assert_eq!(auth.date, "20150830");
        assert_eq!(auth.region, "us-east-1");
        assert_eq!(auth.service, "service");
        assert_eq!(auth.signed_headers, ["host", "x-amz-date"]);
        for bad in [
            "AWS4-HMAC-SHA1 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request",
            "AWS4-HMAC-SHA256 Credential=a/20150830/r/aws4_request, SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=a/2015083/r/s/aws4_request, SignedHeaders=host, Signature=x",
            &suite_auth("x-amz-date;host", &"a".repeat(64)),
            &suite_auth("Host", &"a".repeat(64)),
            &suite_auth("host", &"A".repeat(64)),
            &suite_auth("host", "abc"),
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn canonical_pieces() {
        assert_eq!(canonical_uri("/a/./b/../c//d/"), "/a/c/d/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a%20b"), "/a%2520b");
        assert_eq!(canonical_query("b=2&a=1&a=0&c"), "a=0&a=1&b=2&c=");
        assert_eq!(canonical_query("k=a+b%2Fc%zz"), "k=a%20b%2Fc%25zz");
        assert_eq!(canonical_header_value("  a   b\t c "), "a b c");
    }

    /// The verifier agrees with the runtime's signer on the requests a
    /// generated client sends, with and without a session token.
    #[test]
    fn verifies_the_runtime_signer() {
        use lean_runtime::credentials::Credentials;
        use lean_runtime::region::Region;
        use lean_runtime::sign::SigV4Signer;
        use std::time::{Duration, SystemTime};

        for token in [None, Some("SESSION/TOKEN+=")] {
            let credentials = Credentials::new(
                "AKIDEXAMPLE",
                SECRET,
                token.map(str::to_owned),
                None,
                "Test",
            );
            let signer = SigV4Signer::new(
                credentials.clone().into(),
                "proton",
                Region::from_static("eu-west-1"),
            );
            let mut request = http::Request::post("http://127.0.0.1:8123/a%2Fb/?x=1&y=a%20b")
                .header("content-type", "application/x-amz-json-1.0")
                .header("x-amz-target", "AwsProton20200720.ListEnvironments")
                .header("user-agent", "lean")
                .body(bytes::Bytes::from_static(br#"{"maxResults":1}"#))
                .unwrap();
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
            signer.sign_with(&mut request, &credentials, time).unwrap();

            let received: Vec<(String, String)> = request
                .headers()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
                .collect();
            let target = request.uri().path_and_query().unwrap().as_str();
            verify(
                "POST",
                target,
                &received,
                request.body(),
                SECRET,
                "eu-west-1",
                "proton",
            )
            .unwrap();

            let auth =
                parse_authorization(request.headers()["authorization"].to_str().unwrap()).unwrap();
            let mut expected = vec!["content-type", "host", "x-amz-date", "x-amz-target"];
            if token.is_some() {
                expected.insert(3, "x-amz-security-token");
            }
            assert_eq!(auth.signed_headers, expected);

            // And the verifier is not a rubber stamp for this request.
            assert!(
                verify(
                    "POST",
                    target,
                    &received,
                    b"{}",
                    SECRET,
                    "eu-west-1",
                    "proton"
                )
                .is_err()
            );
        }
    }
}
