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

/// How an operation authenticates, as its model says (`@auth`,
/// `@optionalAuth`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthMode {
    /// Signed; without credentials the call fails before anything is sent.
    Required,
    /// `@optionalAuth`: signed when credentials can be had, else sent
    /// unsigned (Cognito Identity's `GetId`).
    Optional,
    /// `@auth([])`: never signed, credentials or not (STS
    /// `AssumeRoleWithWebIdentity`).
    None,
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

    /// How requests of this operation are authenticated.
    const AUTH: AuthMode = AuthMode::Required;

    /// Whether [`endpoint`](Self::endpoint) reads the credentials' account
    /// (`AWS::Auth::AccountId`), which is then loaded before the endpoint
    /// is resolved.
    const ENDPOINT_NEEDS_ACCOUNT_ID: bool = false;

    /// The endpoint of this call, for an operation that sets endpoint rule
    /// parameters from its input or model (`@contextParam`,
    /// `@staticContextParams`): resolved from `builtins` (the client's
    /// region, FIPS, dual-stack and endpoint URL settings) and those. `None`,
    /// the default, uses the endpoint the client resolved once.
    fn endpoint(
        _input: &Self::Input,
        _builtins: &crate::config::EndpointBuiltIns<'_>,
    ) -> Option<Result<crate::endpoint::Endpoint, crate::endpoint::ResolveEndpointError>> {
        None
    }

    /// Checks the input and serializes it into a request relative to the
    /// endpoint. Called once per operation: retries resend the same request,
    /// so idempotency tokens filled in here stay the same across attempts.
    fn serialize(input: &Self::Input) -> Result<HttpRequest, BuildError>;

    /// Reads a response into the output, or into the operation's error.
    fn deserialize(response: &HttpResponse) -> Result<Self::Output, OperationFailure<Self::Error>>;
}

/// The service's half of an operation's protocol: reading the request a
/// client sends and writing the responses a service sends back.
///
/// Generated crates implement it for every operation with their
/// `test-util` feature, so that tests can take any value through both the
/// client's serializers and its deserializers: an input through
/// [`Operation::serialize`] and back through
/// [`deserialize_request`](Self::deserialize_request), an output or error
/// through [`serialize_response`](Self::serialize_response) or
/// [`serialize_error`](Self::serialize_error) and back through
/// [`Operation::deserialize`]. It is not a server: nothing here routes
/// requests or validates them against the model's constraints.
#[cfg(feature = "test-util")]
pub trait ServiceSide: Operation {
    /// Reads the input out of a request's body.
    fn deserialize_request(request: &HttpRequest) -> Result<Self::Input, DeserializeError>;

    /// Writes an output as a 200 response.
    ///
    /// # Errors
    /// When the output holds a value the protocol cannot carry: the
    /// `Unknown` variant of a union, or a timestamp outside the years its
    /// format can write.
    fn serialize_response(output: &Self::Output) -> Result<HttpResponse, BuildError>;

    /// Writes a modelled error as an error response: its code in `__type`,
    /// its members, and the status its `@httpError` trait gives (else 400
    /// for client errors, 500 for server errors).
    ///
    /// # Errors
    /// For an unmodelled (`Unhandled`) error, which has no members to write,
    /// and for the values [`serialize_response`](Self::serialize_response)
    /// cannot write.
    fn serialize_error(error: &Self::Error) -> Result<HttpResponse, BuildError>;
}
