//! The two modes of a generated fluent builder: [`Async`], whose `send()`
//! returns a future (the default), and [`Blocking`], whose `send()` waits
//! for the response on the calling thread, for programs without an async
//! runtime (a generated crate's `blocking` feature and its
//! `blocking::Client`).
//!
//! A blocking client drives its requests on a current-thread tokio runtime
//! of its own, created at the first call and shared by the client's
//! clones. Called from inside an async runtime, where blocking the thread
//! would stall every task on it, a blocking call fails with a
//! construction error instead (nothing is sent); it never panics.

use crate::error::SdkError;
use crate::operation::Operation;
use crate::orchestrator::ClientHandle;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};

/// The mode of fluent builders whose `send()` is `async`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Async;

/// The mode of fluent builders whose `send()` blocks.
#[derive(Clone, Default)]
pub struct Blocking {
    runtime: Arc<OnceLock<Result<tokio::runtime::Runtime, String>>>,
}

impl fmt::Debug for Blocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocking").finish_non_exhaustive()
    }
}

/// Why a blocking call could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockingError(String);

impl fmt::Display for BlockingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BlockingError {}

impl Blocking {
    /// A mode whose runtime is created at the first call.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `future` to completion on the calling thread.
    ///
    /// # Errors
    /// Called from inside an async runtime, or the runtime could not be
    /// created.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, BlockingError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(BlockingError(
                "a blocking client was called from inside an async runtime, where it would \
                 stall the runtime's thread: use the async client there"
                    .to_owned(),
            ));
        }
        let runtime = self.runtime.get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the blocking client's runtime: {e}"))
        });
        match runtime {
            Ok(runtime) => Ok(runtime.block_on(future)),
            Err(e) => Err(BlockingError(e.clone())),
        }
    }

    /// Sends one operation and waits for its response: what the `send()`
    /// of a blocking fluent builder does once its input is built.
    ///
    /// # Errors
    /// As the async `send()`, and a construction failure when the call
    /// cannot block here (see [`block_on`](Self::block_on)).
    // The async `invoke` returns the same error by value, as the official
    // SDK does; boxing it would cost an allocation per error.
    #[allow(clippy::result_large_err)]
    pub fn invoke<O: Operation>(
        &self,
        handle: &ClientHandle,
        input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        self.block_on(crate::orchestrator::invoke::<O>(handle, input))
            .unwrap_or_else(|e| Err(SdkError::construction_failure(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_futures_without_a_runtime_and_refuses_inside_one() {
        let blocking = Blocking::new();
        let value = blocking
            .block_on(async {
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                7
            })
            .unwrap();
        assert_eq!(value, 7);
        // Clones share the runtime.
        assert_eq!(blocking.clone().block_on(async { 8 }).unwrap(), 8);

        let inside = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(async { Blocking::new().block_on(async { 1 }) });
        let e = inside.unwrap_err();
        assert!(e.to_string().contains("inside an async runtime"), "{e}");
    }
}
