//! The hook through which the orchestrator authenticates each attempt.
//!
//! The orchestrator does not know about credentials or SigV4: it hands every
//! attempt's request to a [`SignRequest`] implementation (see
//! [`crate::sign`] for the SigV4 one), which adds whatever headers the scheme
//! needs.

use crate::error::BoxError;
use crate::operation::HttpRequest;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// A boxed, sendable future, so traits here stay object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Signs (or otherwise authenticates) one attempt of a request.
pub trait SignRequest: Send + Sync + fmt::Debug {
    /// Adds authentication to `request`, which already carries its final URI
    /// and every other header, as of `time`.
    fn sign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>>;

    /// The same signer scoped to another region, for a call whose
    /// configuration overrides the client's region; `None` (the default)
    /// when the signer does not depend on the region.
    fn with_region(
        &self,
        region: &crate::region::Region,
    ) -> Option<std::sync::Arc<dyn SignRequest>> {
        let _ = region;
        None
    }

    /// Presigns `request` as of `time`, valid for `expires_in`: the
    /// authentication goes into its URI, for someone else to send it.
    /// Default: an error saying this signer cannot.
    fn presign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
        expires_in: std::time::Duration,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        let _ = (request, time, expires_in);
        Box::pin(async {
            Err(BoxError::from(
                "this client's signer cannot presign requests",
            ))
        })
    }

    /// The AWS account of the identity requests are signed with, when it is
    /// known (endpoint rules route by it: `AWS::Auth::AccountId`). Default:
    /// unknown.
    fn account_id(&self) -> BoxFuture<'_, Option<String>> {
        Box::pin(async { None })
    }
}

/// Sends requests unsigned (for endpoints that accept anonymous requests and
/// for tests).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

impl SignRequest for NoAuth {
    fn sign<'a>(
        &'a self,
        _request: &'a mut HttpRequest,
        _time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Ok(()) })
    }
}
