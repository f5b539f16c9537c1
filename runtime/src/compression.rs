//! Request compression for operations marked `@requestCompression`
//! (feature `gzip`).
//!
//! A serializer marks the request with [`RequestCompression`] in its
//! extensions; the orchestrator then gzips a body of at least
//! [`MIN_COMPRESSION_SIZE`] bytes before signing, and appends `gzip` to the
//! `Content-Encoding` header. Smaller bodies are sent as they are, since
//! compressing them saves little.

use crate::operation::HttpRequest;
use bytes::Bytes;
use http::header::{CONTENT_ENCODING, HeaderValue};

/// The smallest body that is compressed: 10 KiB, the AWS SDKs' default
/// `request_min_compression_size_bytes`.
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// How a request's body may be compressed, as its operation's
/// `@requestCompression` trait allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestCompression {
    /// `gzip` (RFC 1952).
    Gzip,
}

/// Compresses the body of a request marked with [`RequestCompression`],
/// when it is large enough. Unmarked requests are left alone.
pub(crate) fn compress_request(request: &mut HttpRequest) {
    let Some(RequestCompression::Gzip) = request.extensions().get::<RequestCompression>() else {
        return;
    };
    if request.body().len() < MIN_COMPRESSION_SIZE {
        return;
    }
    let compressed = gzip(request.body());
    *request.body_mut() = Bytes::from(compressed);
    let headers = request.headers_mut();
    // An encoding already applied (a REST protocol's `@httpHeader`) comes
    // first: gzip is applied last.
    let existing: Vec<&str> = headers
        .get_all(CONTENT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let value = if existing.is_empty() {
        HeaderValue::from_static("gzip")
    } else {
        let joined = format!("{}, gzip", existing.join(", "));
        // Values read as text and joined with ", " stay valid header values.
        HeaderValue::try_from(joined).unwrap_or(HeaderValue::from_static("gzip"))
    };
    headers.insert(CONTENT_ENCODING, value);
}

/// `data` as a gzip member (RFC 1952): a 10-byte header, the DEFLATE
/// stream, then the CRC-32 and length of `data`.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    // Magic, DEFLATE, no flags, no modification time, default level, OS
    // unknown.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
    let mut out = Vec::with_capacity(HEADER.len() + deflated.len() + 8);
    out.extend_from_slice(&HEADER);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // ISIZE is the length modulo 2^32.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// The CRC-32 (IEEE 802.3) gzip uses.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &b| {
        TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gunzip(member: &[u8]) -> Vec<u8> {
        assert_eq!(&member[..3], &[0x1f, 0x8b, 8], "gzip magic and DEFLATE");
        let (body, trailer) = member[10..].split_at(member.len() - 18);
        let data = miniz_oxide::inflate::decompress_to_vec(body).expect("valid DEFLATE");
        let crc = u32::from_le_bytes(trailer[..4].try_into().unwrap());
        let size = u32::from_le_bytes(trailer[4..].try_into().unwrap());
        assert_eq!(crc, crc32(&data));
        assert_eq!(size as usize, data.len());
        data
    }

    #[test]
    fn crc32_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
    }

    #[test]
    fn gzip_round_trips() {
        for data in [Vec::new(), b"a".to_vec(), b"{\"data\":\"x\"}".repeat(2000)] {
            let member = gzip(&data);
            assert_eq!(gunzip(&member), data);
        }
        // The empty member, byte for byte as other encoders write it.
        assert_eq!(
            gzip(b""),
            [
                0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
            ]
        );
    }

    fn request(body: Vec<u8>, encoding: Option<&str>, marked: bool) -> HttpRequest {
        let mut request = http::Request::new(Bytes::from(body));
        if let Some(encoding) = encoding {
            request
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_str(encoding).unwrap());
        }
        if marked {
            request.extensions_mut().insert(RequestCompression::Gzip);
        }
        request
    }

    #[test]
    fn large_marked_bodies_are_compressed() {
        let body = vec![b'x'; MIN_COMPRESSION_SIZE];
        let mut marked = request(body.clone(), None, true);
        compress_request(&mut marked);
        assert_eq!(marked.headers()[CONTENT_ENCODING], "gzip");
        assert!(marked.body().len() < body.len());
        assert_eq!(gunzip(marked.body()), body);

        let mut custom = request(body.clone(), Some("custom"), true);
        compress_request(&mut custom);
        assert_eq!(custom.headers()[CONTENT_ENCODING], "custom, gzip");
    }

    #[test]
    fn small_or_unmarked_bodies_are_left_alone() {
        let small = vec![b'x'; MIN_COMPRESSION_SIZE - 1];
        let large = vec![b'x'; MIN_COMPRESSION_SIZE];
        for (body, marked) in [(small, true), (large, false)] {
            let mut req = request(body.clone(), None, marked);
            compress_request(&mut req);
            assert_eq!(req.body().as_ref(), body.as_slice());
            assert!(req.headers().get(CONTENT_ENCODING).is_none());
        }
    }
}
