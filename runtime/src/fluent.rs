//! What sends a fluent builder's input.
//!
//! A generated operation's input builder is generic over what sends it:
//! `XInputBuilder<()>` (what `XInput::builder()` returns) sends nothing,
//! and the fluent builder `Client::x()` returns is
//! `XInputBuilder<Sender>`, the same builder with a [`Sender`]. Each setter
//! is therefore written once, for both, and the fluent builder's `send()`
//! is one call into this module.

use crate::blocking::{Async, Blocking};
use crate::config::ConfigOverride;
use crate::error::{BuildError, SdkError};
use crate::operation::Operation;
use crate::orchestrator::ClientHandle;
use crate::paginator::{Pages, Paginate};
use crate::presign::{PresignedRequest, PresigningConfig};
use crate::waiter::{AcceptorState, FinalPoll, Waiter, WaiterError};
use std::sync::Arc;
use std::time::Duration;

/// The client a fluent builder sends with, and its mode: [`Async`] (the
/// default) or [`Blocking`].
#[derive(Clone)]
pub struct Sender<M = Async> {
    handle: Arc<ClientHandle>,
    mode: M,
}

/// `Sender { .. }`: a fluent builder's `Debug` shows its input, not the
/// client's whole configuration again.
impl<M> std::fmt::Debug for Sender<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl Sender {
    /// Sends with `handle`, asynchronously.
    pub fn new(handle: Arc<ClientHandle>) -> Self {
        Self {
            handle,
            mode: Async,
        }
    }

    /// Checks that the input was built, then sends it as operation `O`
    /// (signing, retrying and timing out as configured) and reads the
    /// response. Every fluent builder's `send()` is this call.
    ///
    /// # Errors
    /// An [`SdkError`] telling apart an input that could not be built (a
    /// construction failure), a request that could not be delivered or timed
    /// out, a response that could not be read, and an error the service
    /// returned (the operation's error enum): what
    /// [`orchestrator::invoke`](crate::orchestrator::invoke) returns.
    pub async fn send<O: Operation>(
        self,
        input: Result<O::Input, BuildError>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = input.map_err(SdkError::construction_failure)?;
        crate::orchestrator::invoke::<O>(&self.handle, input).await
    }

    /// Checks that the input was built, then presigns it as operation `O`
    /// instead of sending it.
    ///
    /// # Errors
    /// A construction failure for an input that could not be built, else
    /// what [`orchestrator::presign`](crate::orchestrator::presign)
    /// returns.
    pub async fn presign<O: Operation>(
        self,
        input: Result<O::Input, BuildError>,
        config: &PresigningConfig,
    ) -> Result<PresignedRequest, SdkError<O::Error>> {
        let input = input.map_err(SdkError::construction_failure)?;
        crate::orchestrator::presign::<O>(&self.handle, input, config).await
    }

    /// The pages of operation `O`, from `input` (whose error, if it could
    /// not be built, is the first page's).
    pub fn pages<O: Paginate>(self, input: Result<O::Input, BuildError>) -> Pages<O> {
        Pages::new(self.handle, input)
    }

    /// Polls operation `O` with `input` as `waiter` says until `accept`
    /// settles the wait or `max_wait` runs out (see [`Waiter::wait`]).
    ///
    /// # Errors
    /// A construction failure for an input that could not be built, else
    /// what [`Waiter::wait`] returns.
    pub async fn wait<O: Operation>(
        self,
        input: Result<O::Input, BuildError>,
        waiter: Waiter,
        max_wait: Duration,
        accept: impl Fn(&O::Input, &Result<O::Output, SdkError<O::Error>>) -> Option<AcceptorState>,
    ) -> Result<FinalPoll<O::Output, O::Error>, WaiterError<O::Output, O::Error>>
    where
        O::Input: Clone,
    {
        let input = input.map_err(WaiterError::ConstructionFailure)?;
        waiter
            .wait(
                max_wait,
                || crate::orchestrator::invoke::<O>(&self.handle, input.clone()),
                |result| accept(&input, result),
            )
            .await
    }
}

impl Sender<Blocking> {
    /// Checks that the input was built, then sends it as operation `O` and
    /// waits for the response.
    ///
    /// # Errors
    /// As [`Sender::send`], and a construction failure when called from
    /// inside an async runtime (see [`Blocking::block_on`]).
    // The async `send` returns the same error by value, as the official
    // SDK does; boxing it would cost an allocation per error.
    #[allow(clippy::result_large_err)]
    pub fn send<O: Operation>(
        self,
        input: Result<O::Input, BuildError>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = input.map_err(SdkError::construction_failure)?;
        self.mode.invoke::<O>(&self.handle, input)
    }
}

impl<M> Sender<M> {
    /// Sends with `handle`, in `mode`.
    pub fn with_mode(handle: Arc<ClientHandle>, mode: M) -> Self {
        Self { handle, mode }
    }

    /// The same client with `config_override` applied, for one call.
    #[must_use]
    pub fn with_override(self, config_override: &ConfigOverride) -> Self {
        Self {
            handle: Arc::new(self.handle.with_override(config_override)),
            mode: self.mode,
        }
    }
}
