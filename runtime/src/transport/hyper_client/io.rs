//! Lets hyper drive Tokio sockets.
//!
//! hyper 1 has its own I/O traits so that it does not depend on a runtime;
//! hyper-util ships the bridge to Tokio, but only through `unsafe` code that
//! reads into uninitialised memory. This bridge copies through a stack buffer
//! instead: one `memcpy` of at most 16 KiB per read, invisible next to the
//! system call, in exchange for no `unsafe` at all.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

/// The most one read moves: a full TLS record.
const SCRATCH_LEN: usize = 16 * 1024;

/// A Tokio stream seen through hyper's I/O traits, telling its [`Activity`]
/// when writing blocks and when it moves again.
#[derive(Debug)]
pub(super) struct TokioIo<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> TokioIo<T> {
    pub(super) fn new(inner: T, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

/// Whether a connection's writes are stuck, for stalled-upload detection:
/// a request the server does not read fills the socket's buffer, and the
/// write that finds it full blocks until the server reads again.
#[derive(Debug)]
pub(super) struct Activity {
    epoch: Instant,
    /// Milliseconds after `epoch` (plus one, so 0 means "not blocked") at
    /// which a write first found the socket full.
    write_blocked_since: AtomicU64,
}

impl Activity {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self {
            epoch: Instant::now(),
            write_blocked_since: AtomicU64::new(0),
        })
    }

    fn stamp(&self) -> u64 {
        let millis = Instant::now()
            .saturating_duration_since(self.epoch)
            .as_millis();
        u64::try_from(millis).unwrap_or(u64::MAX - 1) + 1
    }

    fn write_blocked(&self) {
        // Only the first block of a run counts: the stall began then.
        let _ = self.write_blocked_since.compare_exchange(
            0,
            self.stamp(),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }

    fn write_moved(&self) {
        self.write_blocked_since.store(0, Ordering::Relaxed);
    }

    /// How long writes have been blocked without moving a byte; zero when
    /// they are not blocked.
    pub(super) fn write_stalled_for(&self) -> Duration {
        match self.write_blocked_since.load(Ordering::Relaxed) {
            0 => Duration::ZERO,
            since => Duration::from_millis(self.stamp().saturating_sub(since)),
        }
    }

    fn record<T>(
        &self,
        poll: Poll<io::Result<T>>,
        moved: impl Fn(&T) -> bool,
    ) -> Poll<io::Result<T>> {
        match &poll {
            Poll::Pending => self.write_blocked(),
            Poll::Ready(Ok(value)) if moved(value) => self.write_moved(),
            Poll::Ready(_) => {}
        }
        poll
    }
}

impl<T: AsyncRead + Unpin> hyper::rt::Read for TokioIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let mut scratch = [0u8; SCRATCH_LEN];
        let len = buf.remaining().min(SCRATCH_LEN);
        let mut read = ReadBuf::new(&mut scratch[..len]);
        match Pin::new(&mut self.inner).poll_read(cx, &mut read) {
            Poll::Ready(Ok(())) => {
                // `put_slice` cannot overflow: at most `remaining()` bytes were read.
                buf.put_slice(read.filled());
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl<T: AsyncWrite + Unpin> hyper::rt::Write for TokioIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.activity.record(poll, |n| *n > 0)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.activity.record(poll, |()| true)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.activity.record(poll, |n| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::{Read, Write};
    use std::task::Waker;

    fn read_into(io: &mut TokioIo<&[u8]>, dest: &mut [u8]) -> usize {
        let mut buf = hyper::rt::ReadBuf::new(dest);
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(io).poll_read(&mut cx, buf.unfilled()) {
            Poll::Ready(Ok(())) => buf.filled().len(),
            other => panic!("a slice is always ready: {other:?}"),
        }
    }

    #[test]
    fn reads_no_more_than_the_cursor_holds() {
        let data: Vec<u8> = (0..=255).collect();
        let mut io = TokioIo::new(&data[..], Activity::new());
        let mut small = [0u8; 10];
        assert_eq!(read_into(&mut io, &mut small), 10);
        assert_eq!(small, data[..10]);
        let mut rest = [0u8; 1000];
        assert_eq!(read_into(&mut io, &mut rest), 246);
        assert_eq!(rest[..246], data[10..]);
        assert_eq!(read_into(&mut io, &mut rest), 0, "end of stream");
    }

    #[test]
    fn reads_larger_than_the_scratch_buffer_take_several_calls() {
        let data = vec![7u8; SCRATCH_LEN + 100];
        let mut io = TokioIo::new(&data[..], Activity::new());
        let mut dest = vec![0u8; SCRATCH_LEN * 2];
        assert_eq!(read_into(&mut io, &mut dest), SCRATCH_LEN);
        assert_eq!(read_into(&mut io, &mut dest), 100);
    }

    #[test]
    fn writes_pass_through() {
        let mut io = TokioIo::new(Vec::new(), Activity::new());
        let mut cx = Context::from_waker(Waker::noop());
        let written = Pin::new(&mut io).poll_write(&mut cx, b"GET / HTTP/1.1\r\n");
        assert!(matches!(written, Poll::Ready(Ok(16))));
        assert!(Pin::new(&mut io).poll_flush(&mut cx).is_ready());
        assert_eq!(io.inner, b"GET / HTTP/1.1\r\n");
    }
}
