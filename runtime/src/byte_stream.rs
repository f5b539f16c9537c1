//! Bodies that need not fit in memory: the type of every streaming blob
//! (`@streaming` on a blob, such as Glacier's archives or Lambda's
//! function code downloads).
//!
//! A [`ByteStream`] is bytes in memory, a file (read in chunks when the
//! request is sent, its length known up front), or a body read as it
//! arrives (a response, or any [`http_body::Body`] the caller has). The
//! first two can be sent again, so a request carrying them is retried like
//! any other; a body read as it arrives can be read once, so a request
//! carrying one gets a single attempt.
//!
//! On the wire, an in-memory stream is an ordinary body; the others ride
//! beside the request in a [`StreamingBody`] extension, which the
//! transport reads chunk by chunk, and a streamed response's body rides in
//! a [`ResponseStream`] extension until the output takes it.

use crate::error::BoxError;
use bytes::{Bytes, BytesMut};
use http_body::Body;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

/// A body read as it arrives.
type BoxBody = Pin<Box<dyn Body<Data = Bytes, Error = BoxError> + Send>>;

/// The bytes of a streaming blob: in memory, in a file, or arriving.
pub struct ByteStream {
    source: Source,
    /// The chunks being read, once reading has started (in a mutex only so
    /// that the stream is `Sync`; `&mut self` reaches it without locking).
    reader: Option<Mutex<Reader>>,
    /// The checksum the data must have, checked as it is read.
    check: Option<Box<Check>>,
}

/// A checksum a response body must match: the running checksum and the
/// value the response's header gave.
#[derive(Clone, Debug)]
struct Check {
    algorithm: crate::checksum::Algorithm,
    hasher: crate::checksum::Hasher,
    expected: String,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File {
        path: Arc<Path>,
        len: u64,
    },
    Body {
        body: Arc<Mutex<Option<BoxBody>>>,
        len: Option<u64>,
        /// How long to wait for each chunk (the client's read timeout).
        wait: Option<Duration>,
    },
}

/// Why a stream could not be read.
#[derive(Debug)]
pub struct ByteStreamError {
    message: String,
    source: Option<BoxError>,
}

impl ByteStreamError {
    fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl ByteStream {
    /// Bytes in memory.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self::from_source(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, read in chunks when the request is sent (and
    /// again for each retry). Its length is taken now.
    ///
    /// # Errors
    /// When the file's metadata cannot be read, or it is not a file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ByteStreamError> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path).map_err(|e| {
            ByteStreamError::new(format!("cannot read {}", path.display()), Some(e.into()))
        })?;
        if !metadata.is_file() {
            return Err(ByteStreamError::new(
                format!("{} is not a file", path.display()),
                None,
            ));
        }
        Ok(Self::from_source(Source::File {
            path: Arc::from(path),
            len: metadata.len(),
        }))
    }

    /// Any HTTP body, read once as it arrives; `len` is its length when
    /// known (sent as `content-length`).
    pub fn from_body<B>(body: B, len: Option<u64>) -> Self
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        Self::from_boxed(Box::pin(MapErr(Box::pin(body))), len, None)
    }

    /// A response body arriving, each chunk awaited at most `wait`.
    pub(crate) fn from_incoming(
        body: hyper::body::Incoming,
        len: Option<u64>,
        wait: Option<Duration>,
    ) -> Self {
        Self::from_boxed(Box::pin(MapErr(Box::pin(body))), len, wait)
    }

    fn from_boxed(body: BoxBody, len: Option<u64>, wait: Option<Duration>) -> Self {
        Self::from_source(Source::Body {
            body: Arc::new(Mutex::new(Some(body))),
            len,
            wait,
        })
    }

    fn from_source(source: Source) -> Self {
        Self {
            source,
            reader: None,
            check: None,
        }
    }

    /// The stream, checked as it is read against `expected` (a header's
    /// value) with `algorithm`: reading past the end gives an error when
    /// the data's checksum differs.
    pub fn with_checksum(mut self, algorithm: crate::checksum::Algorithm, expected: &str) -> Self {
        self.check = Some(Box::new(Check {
            algorithm,
            hasher: algorithm.hasher(),
            expected: expected.to_owned(),
        }));
        self
    }

    /// The length, when known: always for bytes and files.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Body { len, .. } => *len,
        }
    }

    /// Whether the stream can be read again (bytes and files can; a body
    /// arriving cannot).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Body { .. })
    }

    /// The bytes, when the stream is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The file the stream reads, when it is one.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The next chunk; `None` at the end.
    ///
    /// # Errors
    /// When the file or the connection fails, when no data arrives within
    /// the client's read timeout, or when the body was already read.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        if self.reader.is_none() {
            match Reader::open(&self.source).await {
                Ok(reader) => self.reader = Some(Mutex::new(reader)),
                Err(e) => return Some(Err(e)),
            }
        }
        let reader = self
            .reader
            .as_mut()?
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let wait = match &self.source {
            Source::Body { wait, .. } => *wait,
            _ => None,
        };
        let chunk = std::future::poll_fn(|cx| reader.poll_chunk(cx));
        let chunk = match wait {
            None => chunk.await,
            Some(wait) => match tokio::time::timeout(wait, chunk).await {
                Ok(chunk) => chunk,
                Err(_) => {
                    return Some(Err(ByteStreamError::new(
                        format!("stalled download: no data from the server for {wait:?}"),
                        None,
                    )));
                }
            },
        };
        let chunk =
            chunk.map(|c| c.map_err(|e| ByteStreamError::new("cannot read the stream", Some(e))));
        match (chunk, self.check.take()) {
            (Some(Ok(bytes)), Some(mut check)) => {
                check.hasher.update(&bytes);
                self.check = Some(check);
                Some(Ok(bytes))
            }
            (None, Some(check)) => {
                let actual = check.hasher.finish();
                (actual != check.expected).then(|| {
                    Err(ByteStreamError::new(
                        format!(
                            "the body's {} checksum is {actual}, but the response says {}",
                            check.algorithm, check.expected
                        ),
                        None,
                    ))
                })
            }
            (chunk, check) => {
                self.check = check;
                chunk
            }
        }
    }

    /// Reads the whole stream into memory.
    ///
    /// # Errors
    /// As [`next`](Self::next).
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        if let (Source::Bytes(bytes), None, None) = (&self.source, &self.reader, &self.check) {
            return Ok(bytes.clone());
        }
        let mut all = BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }

    /// Writes the whole stream to the file at `path` (created or
    /// truncated), a chunk at a time, and returns the bytes written.
    ///
    /// # Errors
    /// As [`next`](Self::next), and when the file cannot be written.
    pub async fn write_to_file(mut self, path: impl AsRef<Path>) -> Result<u64, ByteStreamError> {
        use tokio::io::AsyncWriteExt;
        let path = path.as_ref();
        let fail = |e: std::io::Error| {
            ByteStreamError::new(format!("cannot write {}", path.display()), Some(e.into()))
        };
        let mut file = tokio::fs::File::create(path).await.map_err(fail)?;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await.map_err(fail)?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(fail)?;
        Ok(written)
    }

    /// A reader of the chunks, for the transport.
    pub(crate) async fn reader(&self) -> Result<Reader, ByteStreamError> {
        Reader::open(&self.source).await
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

/// A copy reads from the start (a body arriving is shared: whichever copy
/// reads it first has it).
impl Clone for ByteStream {
    fn clone(&self) -> Self {
        let mut copy = Self::from_source(self.source.clone());
        copy.check = self.check.as_ref().map(|check| {
            Box::new(Check {
                algorithm: check.algorithm,
                hasher: check.algorithm.hasher(),
                expected: check.expected.clone(),
            })
        });
        copy
    }
}

/// Bytes compare by content; a file by its path; a body arriving only with
/// itself.
impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File { path: a, .. }, Source::File { path: b, .. }) => a == b,
            (Source::Body { body: a, .. }, Source::Body { body: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Bytes(bytes) => write!(f, "ByteStream({} bytes)", bytes.len()),
            Source::File { path, len } => {
                write!(f, "ByteStream(file {}, {len} bytes)", path.display())
            }
            Source::Body { len: Some(len), .. } => write!(f, "ByteStream(body, {len} bytes)"),
            Source::Body { len: None, .. } => f.write_str("ByteStream(body)"),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(Bytes::from_static(bytes))
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(blob: crate::Blob) -> Self {
        Self::new(blob.into_inner())
    }
}

/// The chunks of a stream as they are read.
pub(crate) enum Reader {
    Bytes(Option<Bytes>),
    File {
        file: tokio::fs::File,
        path: PathBuf,
    },
    Body(BoxBody),
}

impl Reader {
    async fn open(source: &Source) -> Result<Self, ByteStreamError> {
        Ok(match source {
            Source::Bytes(bytes) => Self::Bytes((!bytes.is_empty()).then(|| bytes.clone())),
            Source::File { path, .. } => Self::File {
                file: tokio::fs::File::open(path).await.map_err(|e| {
                    ByteStreamError::new(format!("cannot open {}", path.display()), Some(e.into()))
                })?,
                path: path.to_path_buf(),
            },
            Source::Body { body, .. } => {
                let taken = body.lock().unwrap_or_else(PoisonError::into_inner).take();
                Self::Body(taken.ok_or_else(|| {
                    ByteStreamError::new(
                        "this body was already read (a stream arriving can be read once)",
                        None,
                    )
                })?)
            }
        })
    }

    /// The next chunk, skipping empty frames and trailers.
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, BoxError>>> {
        match self {
            Self::Bytes(bytes) => Poll::Ready(bytes.take().map(Ok)),
            Self::File { file, path } => {
                let mut buf = vec![0u8; CHUNK];
                let mut read = tokio::io::ReadBuf::new(&mut buf);
                match tokio::io::AsyncRead::poll_read(Pin::new(file), cx, &mut read) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Err(e)) => {
                        Poll::Ready(Some(Err(
                            format!("cannot read {}: {e}", path.display()).into()
                        )))
                    }
                    Poll::Ready(Ok(())) => {
                        let n = read.filled().len();
                        if n == 0 {
                            Poll::Ready(None)
                        } else {
                            buf.truncate(n);
                            Poll::Ready(Some(Ok(Bytes::from(buf))))
                        }
                    }
                }
            }
            Self::Body(body) => loop {
                match body.as_mut().poll_frame(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Some(Ok(frame))) => {
                        if let Ok(data) = frame.into_data()
                            && !data.is_empty()
                        {
                            return Poll::Ready(Some(Ok(data)));
                        }
                    }
                }
            },
        }
    }
}

/// A body whose errors are boxed (pinned in a box of its own, so that
/// this wrapper is `Unpin` and needs no pin projection).
struct MapErr<B>(Pin<Box<B>>);

impl<B> Body for MapErr<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        self.get_mut()
            .0
            .as_mut()
            .poll_frame(cx)
            .map(|f| f.map(|r| r.map_err(Into::into)))
    }
}

/// The request extension carrying a body that is not in memory; the
/// transport reads it chunk by chunk.
#[derive(Clone, Debug)]
pub struct StreamingBody(pub ByteStream);

/// The request extension asking the transport to hand a successful
/// response's body over as it arrives instead of reading it whole: set for
/// operations whose output has a streaming blob.
#[derive(Clone, Copy, Debug)]
pub struct StreamResponse;

/// The response extension holding a body handed over as it arrives, until
/// the operation's output takes it.
#[derive(Clone, Debug)]
pub struct ResponseStream(Arc<Mutex<Option<ByteStream>>>);

impl ResponseStream {
    /// Holds `stream`.
    pub fn new(stream: ByteStream) -> Self {
        Self(Arc::new(Mutex::new(Some(stream))))
    }

    /// Takes the stream (once).
    pub fn take(&self) -> Option<ByteStream> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// The streaming body of a response: the one the transport handed over, or
/// the response's bytes when it read them whole (as the replay transport
/// and error responses do).
///
/// When the request asked for its checksum to be validated
/// ([`crate::checksum::ValidateResponse`]) and the response carries one
/// (`x-amz-checksum-*`, not a checksum of checksums such as a multipart
/// upload's `…-3`), the stream checks it as it is read.
pub fn response_body(response: &crate::operation::HttpResponse) -> ByteStream {
    let stream = response
        .extensions()
        .get::<ResponseStream>()
        .and_then(ResponseStream::take)
        .unwrap_or_else(|| ByteStream::new(response.body().clone()));
    match crate::checksum::expected_response_checksum(response) {
        Some((algorithm, expected)) => stream.with_checksum(algorithm, &expected),
        None => stream,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    }

    #[test]
    fn a_file_is_read_in_chunks_and_again_from_the_start() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("object");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).expect("written");
        let stream = ByteStream::from_path(&path).expect("a file");
        assert_eq!(stream.content_length(), Some(data.len() as u64));
        assert!(stream.is_replayable());
        runtime().block_on(async {
            let mut chunks = stream.clone();
            let mut sizes = Vec::new();
            while let Some(chunk) = chunks.next().await {
                sizes.push(chunk.expect("a chunk").len());
            }
            assert_eq!(sizes, [CHUNK, CHUNK, CHUNK, 200_000 - 3 * CHUNK]);
            assert_eq!(
                stream.clone().collect().await.expect("read").as_ref(),
                &data[..]
            );
            let copy = dir.path().join("copy");
            let written = stream.write_to_file(&copy).await.expect("copied");
            assert_eq!(written, data.len() as u64);
            assert_eq!(std::fs::read(&copy).expect("read back"), data);
        });
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let e = ByteStream::from_path("/nonexistent/object").expect_err("no file");
        assert!(e.to_string().contains("/nonexistent/object"), "{e}");
    }

    #[test]
    fn a_body_arriving_is_read_once() {
        let body = http_body_util_free::Once(Some(Bytes::from_static(b"abc")));
        let stream = ByteStream::from_body(body, Some(3));
        assert!(!stream.is_replayable());
        let again = stream.clone();
        runtime().block_on(async {
            assert_eq!(stream.collect().await.expect("read").as_ref(), b"abc");
            let e = again.collect().await.expect_err("already read");
            assert!(e.to_string().contains("already read"), "{e}");
        });
    }

    #[test]
    fn streams_compare_by_content_or_identity() {
        assert_eq!(ByteStream::from("abc"), ByteStream::from(b"abc".to_vec()));
        assert_ne!(ByteStream::from("abc"), ByteStream::from("abd"));
        assert_eq!(ByteStream::default().content_length(), Some(0));
        assert_eq!(
            format!("{:?}", ByteStream::from("abc")),
            "ByteStream(3 bytes)"
        );
    }

    #[test]
    fn a_response_without_a_handed_over_stream_gives_its_bytes() {
        let response = http::Response::new(Bytes::from_static(b"body"));
        let stream = response_body(&response);
        assert_eq!(stream.as_bytes().map(|b| b.as_ref()), Some(&b"body"[..]));
        let mut response = http::Response::new(Bytes::new());
        response
            .extensions_mut()
            .insert(ResponseStream::new(ByteStream::from("streamed")));
        assert_eq!(response_body(&response), ByteStream::from("streamed"));
    }

    /// A one-frame body, without a crate for it.
    mod http_body_util_free {
        use bytes::Bytes;
        use std::convert::Infallible;
        use std::pin::Pin;
        use std::task::{Context, Poll};

        pub(super) struct Once(pub(super) Option<Bytes>);

        impl http_body::Body for Once {
            type Data = Bytes;
            type Error = Infallible;

            fn poll_frame(
                self: Pin<&mut Self>,
                _cx: &mut Context<'_>,
            ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
                Poll::Ready(
                    self.get_mut()
                        .0
                        .take()
                        .map(|b| Ok(http_body::Frame::data(b))),
                )
            }
        }
    }
}
