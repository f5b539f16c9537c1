//! The client-wide state every operation call runs with.

use super::endpoint::PreparedEndpoint;
use super::skew::ClockSkew;
use crate::auth::{NoAuth, SignRequest};
use crate::config::{AccountIdEndpointMode, ConfigOverride, EndpointBuiltIns};
use crate::endpoint::{Endpoint, ResolveEndpointError};
use crate::retry::{Jitter, RandomJitter, RetryConfig, RetryQuota};
use crate::timeout::TimeoutConfig;
use crate::transport::{HttpTransport, HyperTransport, SharedTransport};
use http::HeaderValue;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// The user agent sent when the client sets none.
pub const DEFAULT_USER_AGENT: &str = concat!("lean-runtime/", env!("CARGO_PKG_VERSION"));

/// Everything an operation call needs besides its input: the transport, the
/// signer, the endpoint, retry and timeout settings, and the retry quota all
/// calls share. Cheap to clone; clones are the same client (they share the
/// quota and the transport's connections). One handle serves any number of
/// concurrent calls.
#[derive(Clone, Debug)]
pub struct ClientHandle {
    pub(super) transport: SharedTransport,
    pub(super) signer: Arc<dyn SignRequest>,
    pub(super) endpoint: Result<PreparedEndpoint, ResolveEndpointError>,
    pub(super) retry: RetryConfig,
    pub(super) quota: RetryQuota,
    pub(super) timeouts: TimeoutConfig,
    pub(super) user_agent: HeaderValue,
    pub(super) jitter: Arc<dyn Jitter>,
    pub(super) clock: Clock,
    pub(super) skew: ClockSkew,
    service_name: Arc<str>,
    pub(super) idempotency: crate::uuid::IdempotencyTokenProvider,
    /// The settings operations resolve their own endpoints from; `None`
    /// when the client's endpoint could not be resolved (its error then
    /// stands for every call).
    builtins: Option<Arc<OwnedBuiltIns>>,
    /// The service's endpoint rules, to resolve again for a call whose
    /// configuration overrides the client's.
    resolver: Option<EndpointResolver>,
}

/// A service's endpoint rules as a function of the client's settings.
pub type EndpointResolver = fn(&EndpointBuiltIns<'_>) -> Result<Endpoint, ResolveEndpointError>;

/// [`EndpointBuiltIns`] owned by a client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnedBuiltIns {
    /// The region.
    pub region: Option<String>,
    /// Use FIPS endpoints.
    pub use_fips: bool,
    /// Use dual-stack endpoints.
    pub use_dual_stack: bool,
    /// An endpoint URL that overrides the rules.
    pub endpoint: Option<String>,
    /// Whether account-based endpoints are used.
    pub account_id_endpoint_mode: AccountIdEndpointMode,
    /// S3's own settings.
    pub s3: crate::config::S3Settings,
}

impl OwnedBuiltIns {
    /// Borrowed, as endpoint resolvers take them, with the account of the
    /// credentials when known.
    pub fn as_builtins<'a>(&'a self, account_id: Option<&'a str>) -> EndpointBuiltIns<'a> {
        EndpointBuiltIns {
            region: self.region.as_deref(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint.as_deref(),
            account_id,
            account_id_endpoint_mode: self.account_id_endpoint_mode.as_str(),
            s3: self.s3,
        }
    }
}

impl ClientHandle {
    /// A builder; every setting has a default.
    pub fn builder() -> ClientHandleBuilder {
        ClientHandleBuilder::default()
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The retry quota shared by the client's calls.
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.quota
    }

    /// The timeout settings.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The transport requests go through.
    pub fn transport(&self) -> &SharedTransport {
        &self.transport
    }

    /// The offset of the service's clock learnt from clock-skew errors.
    pub fn clock_skew(&self) -> &ClockSkew {
        &self.skew
    }

    /// The service's name in logs.
    pub fn service_name(&self) -> &str {
        &self.service_name
    }

    /// The settings endpoints are resolved from, when the client's own
    /// endpoint resolved.
    pub fn endpoint_builtins(&self) -> Option<&OwnedBuiltIns> {
        self.builtins.as_deref()
    }

    /// This client with `config_override` applied, for one call: the
    /// endpoint resolved again from the changed settings, the signer scoped
    /// to an overridden region, the retry settings replaced. The transport,
    /// credentials, retry quota and learnt clock skew stay shared.
    pub fn with_override(&self, config_override: &ConfigOverride) -> ClientHandle {
        let mut handle = self.clone();
        if let Some(retry) = config_override.retry {
            handle.retry = retry;
        }
        if let Some(region) = &config_override.region
            && let Some(signer) = self.signer.with_region(region)
        {
            handle.signer = signer;
        }
        let Some(builtins) = &self.builtins else {
            // The client's own endpoint did not resolve; its error stands.
            return handle;
        };
        let mut builtins = OwnedBuiltIns::clone(builtins);
        config_override.apply(&mut builtins);
        if let Some(resolver) = self.resolver {
            handle.endpoint =
                resolver(&builtins.as_builtins(None)).and_then(|e| PreparedEndpoint::new(&e));
        }
        handle.builtins = Some(Arc::new(builtins));
        handle
    }
}

/// Builds a [`ClientHandle`].
#[derive(Default)]
pub struct ClientHandleBuilder {
    transport: Option<SharedTransport>,
    signer: Option<Arc<dyn SignRequest>>,
    endpoint: Option<Result<Endpoint, ResolveEndpointError>>,
    retry: RetryConfig,
    quota: Option<RetryQuota>,
    timeouts: TimeoutConfig,
    user_agent: Option<String>,
    jitter: Option<Arc<dyn Jitter>>,
    clock: Option<Clock>,
    service_name: Option<String>,
    builtins: Option<OwnedBuiltIns>,
    resolver: Option<EndpointResolver>,
    idempotency: crate::uuid::IdempotencyTokenProvider,
}

impl ClientHandleBuilder {
    /// Where `@idempotencyToken` values come from when a call leaves one
    /// unset. Default: a new random UUID each call.
    pub fn idempotency_token_provider(
        mut self,
        provider: crate::uuid::IdempotencyTokenProvider,
    ) -> Self {
        self.idempotency = provider;
        self
    }

    /// The service's endpoint rules, which a call's configuration override
    /// resolves again.
    pub fn endpoint_resolver(mut self, resolver: EndpointResolver) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// The settings operations with endpoint rule parameters of their own
    /// resolve their endpoints from (see [`Operation::endpoint`](crate::operation::Operation::endpoint)).
    pub fn endpoint_builtins(mut self, builtins: OwnedBuiltIns) -> Self {
        self.builtins = Some(builtins);
        self
    }

    /// The transport to send requests through. Default: a [`HyperTransport`]
    /// with the connect timeout of the [`TimeoutConfig`].
    pub fn transport(self, transport: impl HttpTransport + 'static) -> Self {
        self.shared_transport(SharedTransport::new(transport))
    }

    /// Like [`transport`](Self::transport), for a transport already shared.
    pub fn shared_transport(mut self, transport: SharedTransport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// What authenticates each attempt. Default: [`NoAuth`], requests go
    /// unsigned.
    pub fn signer(self, signer: impl SignRequest + 'static) -> Self {
        self.shared_signer(Arc::new(signer))
    }

    /// Like [`signer`](Self::signer), for a signer already shared.
    pub fn shared_signer(mut self, signer: Arc<dyn SignRequest>) -> Self {
        self.signer = Some(signer);
        self
    }

    /// The endpoint, resolved once for the client. A resolution error is
    /// kept and returned by every call as a construction failure, so building
    /// the client cannot fail. Without an endpoint, every call fails that way.
    pub fn endpoint(mut self, endpoint: Result<Endpoint, ResolveEndpointError>) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// Retry settings. Default: [`RetryConfig::standard`].
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The retry quota; pass a clone of another client's to share it.
    /// Default: a new bucket of 500 tokens.
    pub fn retry_quota(mut self, quota: RetryQuota) -> Self {
        self.quota = Some(quota);
        self
    }

    /// Timeout settings. Default: [`TimeoutConfig::new`].
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The `user-agent` (and `x-amz-user-agent`) of every request. Characters
    /// outside printable ASCII are replaced with `_`. Default:
    /// [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The source of backoff jitter. Default: [`RandomJitter`]; tests use
    /// [`FixedJitter`](crate::retry::FixedJitter) to know the delays.
    pub fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// The clock requests are signed with. Default: [`SystemTime::now`].
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Clock(Arc::new(clock)));
        self
    }

    /// The service's name in logs (`tracing` spans). Default: empty.
    pub fn service_name(mut self, name: impl Into<String>) -> Self {
        self.service_name = Some(name.into());
        self
    }

    /// The handle.
    pub fn build(self) -> ClientHandle {
        let timeouts = self.timeouts;
        let transport = self.transport.unwrap_or_else(|| {
            SharedTransport::new(
                HyperTransport::builder()
                    .connect_timeout(timeouts.connect_timeout())
                    .read_timeout(timeouts.read_timeout())
                    .build(),
            )
        });
        let endpoint = self
            .endpoint
            .unwrap_or_else(|| Err(ResolveEndpointError::message("no endpoint was configured")))
            .and_then(|endpoint| PreparedEndpoint::new(&endpoint));
        let builtins = match &endpoint {
            Ok(_) => self.builtins.map(Arc::new),
            Err(_) => None,
        };
        ClientHandle {
            transport,
            signer: self.signer.unwrap_or_else(|| Arc::new(NoAuth)),
            endpoint,
            retry: self.retry,
            quota: self.quota.unwrap_or_default(),
            timeouts,
            user_agent: user_agent_header(self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT)),
            jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter)),
            clock: self
                .clock
                .unwrap_or_else(|| Clock(Arc::new(SystemTime::now))),
            skew: ClockSkew::default(),
            idempotency: self.idempotency,
            service_name: self.service_name.unwrap_or_default().into(),
            builtins,
            resolver: self.resolver,
        }
    }
}

impl fmt::Debug for ClientHandleBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientHandleBuilder")
            .field("transport", &self.transport)
            .field("signer", &self.signer)
            .field("endpoint", &self.endpoint)
            .field("retry", &self.retry)
            .field("quota", &self.quota)
            .field("timeouts", &self.timeouts)
            .field("user_agent", &self.user_agent)
            .field("jitter", &self.jitter)
            .finish_non_exhaustive()
    }
}

fn user_agent_header(user_agent: &str) -> HeaderValue {
    let printable: String = user_agent
        .chars()
        .map(|c| if matches!(c, ' '..='~') { c } else { '_' })
        .collect();
    // Printable ASCII is always a valid header value.
    HeaderValue::try_from(printable).unwrap_or(HeaderValue::from_static(DEFAULT_USER_AGENT))
}

/// The time source signing uses.
#[derive(Clone)]
pub(super) struct Clock(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl Clock {
    pub(super) fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_are_made_printable() {
        assert_eq!(
            user_agent_header("my-app/1.0 lang/rust"),
            "my-app/1.0 lang/rust"
        );
        assert_eq!(
            user_agent_header("tab\there\nnewline é"),
            "tab_here_newline _"
        );
    }

    #[test]
    fn a_missing_or_invalid_endpoint_is_kept_as_an_error() {
        let handle = ClientHandle::builder()
            .transport(crate::transport::ReplayTransport::default())
            .build();
        let error = handle.endpoint.as_ref().expect_err("no endpoint");
        assert!(
            error.to_string().contains("no endpoint was configured"),
            "{error}"
        );
        let handle = ClientHandle::builder()
            .transport(crate::transport::ReplayTransport::default())
            .endpoint(Ok(Endpoint::new("no scheme")))
            .build();
        assert!(handle.endpoint.is_err());
    }

    /// The test service's rules: `https://<region>.example` (FIPS adds
    /// `fips-`), and an endpoint URL wins.
    fn resolve(builtins: &EndpointBuiltIns<'_>) -> Result<Endpoint, ResolveEndpointError> {
        if let Some(url) = builtins.endpoint {
            return Ok(Endpoint::new(url));
        }
        let region = builtins
            .region
            .ok_or_else(|| ResolveEndpointError::message("no region"))?;
        let fips = if builtins.use_fips { "fips-" } else { "" };
        Ok(Endpoint::new(format!("https://{fips}{region}.example")))
    }

    #[test]
    fn an_override_resolves_the_endpoint_and_scopes_the_signer_again() {
        let builtins = OwnedBuiltIns {
            region: Some("us-east-1".into()),
            ..OwnedBuiltIns::default()
        };
        let credentials = crate::credentials::Credentials::new("AKID", "S", None, None, "t");
        let handle = ClientHandle::builder()
            .transport(crate::transport::ReplayTransport::default())
            .endpoint(resolve(&builtins.as_builtins(None)))
            .endpoint_resolver(resolve)
            .endpoint_builtins(builtins)
            .signer(crate::sign::SigV4Signer::new(
                credentials.into(),
                "svc",
                crate::region::Region::new("us-east-1"),
            ))
            .build();
        let authority = |h: &ClientHandle| h.endpoint.as_ref().unwrap().authority().to_owned();
        assert_eq!(authority(&handle), "us-east-1.example");

        let other = handle.with_override(
            &ConfigOverride::new()
                .region("eu-west-1")
                .use_fips(true)
                .force_path_style(true)
                .retry_config(RetryConfig::standard().with_max_attempts(1)),
        );
        assert_eq!(authority(&other), "fips-eu-west-1.example");
        assert!(format!("{:?}", other.signer).contains("eu-west-1"));
        let builtins = other.endpoint_builtins().unwrap();
        assert!(builtins.use_fips && builtins.s3.is_path_style_forced());
        assert_eq!(other.retry.max_attempts(), 1);
        // The client itself is unchanged, and an empty override changes nothing.
        assert_eq!(authority(&handle), "us-east-1.example");
        assert!(format!("{:?}", handle.signer).contains("us-east-1"));
        let same = handle.with_override(&ConfigOverride::new());
        assert_eq!(authority(&same), "us-east-1.example");

        let url = handle.with_override(&ConfigOverride::new().endpoint_url("http://127.0.0.1:9"));
        assert_eq!(authority(&url), "127.0.0.1:9");
    }
}
