//! The contract between a generated operation and the orchestrator.
//!
//! Generated code knows the model: how to turn an input into an HTTP request
//! and a response into an output or the operation's error. The orchestrator
//! knows everything else (endpoint, signing, retries, timeouts, transport) and
//! is the same for every operation of every service.

use crate::error::{
    BuildError, ClassifyError, DeserializeError, ProvideErrorMetadata, UnhandledError,
};
use bytes::Bytes;
use std::error::Error as StdError;

/// An HTTP request as the protocol serializer produces it: method, path and
/// query relative to the endpoint, protocol headers and the body.
pub type HttpRequest = http::Request<Bytes>;

/// An HTTP response with its whole body read.
pub type HttpResponse = http::Response<Bytes>;

/// Why a response did not give an output.
#[derive(Debug)]
pub enum OperationFailure<E> {
    /// The service answered with an error (modelled or not).
    Service(E),
    /// The response could not be read.
    Unparseable(DeserializeError),
}

impl<E> From<DeserializeError> for OperationFailure<E> {
    fn from(e: DeserializeError) -> Self {
        Self::Unparseable(e)
    }
}

/// One operation of a service, implemented by generated code.
pub trait Operation: Send + Sync + 'static {
    /// The operation's input structure.
    type Input: Send + Sync;
    /// The operation's output structure.
    type Output: Send;
    /// The operation's error enum.
    type Error: StdError
        + ProvideErrorMetadata
        + ClassifyError
        + From<UnhandledError>
        + Send
        + Sync
        + 'static;

    /// The operation's name as modelled, e.g. `CancelComponentDeployment`.
    const NAME: &'static str;

    /// Checks the input and serializes it into a request relative to the
    /// endpoint. Called once per operation: retries resend the same request,
    /// so idempotency tokens filled in here stay the same across attempts.
    fn serialize(input: &Self::Input) -> Result<HttpRequest, BuildError>;

    /// Reads a response into the output, or into the operation's error.
    fn deserialize(response: &HttpResponse) -> Result<Self::Output, OperationFailure<Self::Error>>;
}
