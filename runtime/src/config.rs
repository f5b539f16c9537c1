//! Client configuration, shared by every generated crate.
//!
//! A generated crate names its service with a [`ServiceSpec`] and exposes
//! `Config = lean_runtime::config::Config<Spec>`, so loading from the
//! environment, the builder and the checks live here once.
//!
//! [`Config::from_env`] follows the AWS SDKs: region from `AWS_REGION`,
//! `AWS_DEFAULT_REGION`, then the selected profile; credentials from the
//! environment, then the shared `credentials` and `config` files; endpoint
//! overrides from `AWS_ENDPOINT_URL_<SERVICE>` then `AWS_ENDPOINT_URL`
//! (an endpoint set explicitly on the builder wins over both).

use crate::auth::{BoxFuture, SignRequest};
use crate::credentials::{
    Credentials, CredentialsError, DefaultCredentialsChain, ProvideCredentials,
    SharedCredentialsProvider,
};
use crate::endpoint::{Endpoint, ResolveEndpointError};
use crate::env::Env;
use crate::error::BoxError;
use crate::operation::HttpRequest;
use crate::orchestrator::ClientHandle;
use crate::profile::{ProfileFileError, ProfileSet};
use crate::region::{Region, default_region};
use crate::retry::RetryConfig;
use crate::sign::SigV4Signer;
use crate::timeout::{StalledStreamProtection, TimeoutConfig};
use crate::transport::{HttpTransport, HyperTransport, ProxyConfig, SharedTransport, TrustRoots};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::SystemTime;

/// The builtIn parameters endpoint rule sets read (`AWS::Region`,
/// `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`,
/// `AWS::Auth::AccountId`, `AWS::Auth::AccountIdEndpointMode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EndpointBuiltIns<'a> {
    /// The region.
    pub region: Option<&'a str>,
    /// Use FIPS endpoints.
    pub use_fips: bool,
    /// Use dual-stack (IPv4 and IPv6) endpoints.
    pub use_dual_stack: bool,
    /// An endpoint URL that overrides the rules.
    pub endpoint: Option<&'a str>,
    /// The AWS account of the credentials (`AWS::Auth::AccountId`), when
    /// the operation needs it and the credentials name it.
    pub account_id: Option<&'a str>,
    /// `preferred`, `disabled` or `required` (`AWS::Auth::AccountIdEndpointMode`).
    pub account_id_endpoint_mode: &'a str,
    /// S3's own settings (`AWS::S3::*`).
    pub s3: S3Settings,
}

/// S3's endpoint settings, the rule-set built-ins `AWS::S3::ForcePathStyle`,
/// `AWS::S3::Accelerate`, `AWS::S3::UseArnRegion` and
/// `AWS::S3::DisableMultiRegionAccessPoints`. Services whose rules do not
/// declare them ignore them.
///
/// ```
/// use lean_runtime::config::S3Settings;
/// // S3-compatible servers such as MinIO and LocalStack want path-style
/// // requests (`https://host/bucket/key`).
/// let settings = S3Settings::new().force_path_style(true);
/// assert!(settings.is_path_style_forced());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct S3Settings {
    force_path_style: bool,
    accelerate: bool,
    use_arn_region: Option<bool>,
    disable_multi_region_access_points: bool,
}

impl S3Settings {
    /// The defaults: virtual-hosted style, no acceleration, the rules'
    /// choice for ARN regions, multi-region access points allowed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts the bucket in the path (`https://host/bucket/key`) instead of
    /// the host (`https://bucket.host/key`).
    #[must_use]
    pub fn force_path_style(mut self, force: bool) -> Self {
        self.force_path_style = force;
        self
    }

    /// Uses S3 Transfer Acceleration endpoints.
    #[must_use]
    pub fn accelerate(mut self, accelerate: bool) -> Self {
        self.accelerate = accelerate;
        self
    }

    /// Sends requests for an access point ARN to the ARN's region rather
    /// than refusing a region other than the client's.
    #[must_use]
    pub fn use_arn_region(mut self, use_arn_region: bool) -> Self {
        self.use_arn_region = Some(use_arn_region);
        self
    }

    /// Refuses multi-region access point ARNs.
    #[must_use]
    pub fn disable_multi_region_access_points(mut self, disable: bool) -> Self {
        self.disable_multi_region_access_points = disable;
        self
    }

    /// `AWS::S3::ForcePathStyle`.
    pub fn is_path_style_forced(&self) -> bool {
        self.force_path_style
    }

    /// `AWS::S3::Accelerate`.
    pub fn is_accelerated(&self) -> bool {
        self.accelerate
    }

    /// `AWS::S3::UseArnRegion`, when set.
    pub fn arn_region(&self) -> Option<bool> {
        self.use_arn_region
    }

    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub fn are_multi_region_access_points_disabled(&self) -> bool {
        self.disable_multi_region_access_points
    }
}

/// Whether requests go to account-based endpoints, where a service's rules
/// offer them (DynamoDB): `AWS_ACCOUNT_ID_ENDPOINT_MODE`, a profile's
/// `account_id_endpoint_mode`, or the builder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Use them when the credentials name their account (the default).
    #[default]
    Preferred,
    /// Never use them.
    Disabled,
    /// Use them, and fail a call whose credentials do not name an account.
    Required,
}

impl AccountIdEndpointMode {
    /// `preferred`, `disabled` or `required`, as endpoint rules read it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Preferred => "preferred",
            Self::Disabled => "disabled",
            Self::Required => "required",
        }
    }
}

/// What the runtime needs to know about a service; generated crates
/// implement it on a marker type.
pub trait ServiceSpec: Send + Sync + 'static {
    /// `sdkId` from `aws.api#service`, e.g. `Proton`.
    const SDK_ID: &'static str;
    /// SigV4 signing name, `None` for services that do not sign.
    const SIGNING_NAME: Option<&'static str>;
    /// `endpointPrefix`, e.g. `proton`.
    const ENDPOINT_PREFIX: &'static str;
    /// The generated crate's name, for the User-Agent.
    const CRATE_NAME: &'static str;
    /// The generated crate's version, for the User-Agent.
    const CRATE_VERSION: &'static str;

    /// Resolves the endpoint from the builtIn parameters (the service's
    /// compiled endpoint rule set).
    fn resolve_endpoint(builtins: &EndpointBuiltIns<'_>) -> Result<Endpoint, ResolveEndpointError>;
}

/// The endpoint of a service whose model has no endpoint rule set: the
/// configured endpoint URL, else `https://{prefix}.{region}.amazonaws.com`.
///
/// # Errors
/// When neither an endpoint URL nor a region is configured, or FIPS or
/// dual-stack endpoints are asked for (only rule sets know those).
pub fn default_endpoint(
    endpoint_prefix: &str,
    builtins: &EndpointBuiltIns<'_>,
) -> Result<Endpoint, ResolveEndpointError> {
    if let Some(url) = builtins.endpoint {
        return Ok(Endpoint::new(url));
    }
    if builtins.use_fips || builtins.use_dual_stack {
        return Err(ResolveEndpointError::message(
            "FIPS and dual-stack endpoints are not known for a service without endpoint rules; set an endpoint URL",
        ));
    }
    match builtins.region {
        Some(region) if !region.is_empty() => Ok(Endpoint::new(format!(
            "https://{endpoint_prefix}.{region}.amazonaws.com"
        ))),
        _ => Err(ResolveEndpointError::message(
            "Invalid Configuration: Missing Region",
        )),
    }
}

/// The environment variable that overrides this service's endpoint:
/// `AWS_ENDPOINT_URL_` plus the SDK id upper-cased, spaces and dashes as `_`.
pub fn endpoint_env_var(sdk_id: &str) -> String {
    let suffix: String = sdk_id
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    format!("AWS_ENDPOINT_URL_{suffix}")
}

/// Configuration of a generated client.
pub struct Config<S> {
    region: Option<Region>,
    credentials: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    account_id_endpoint_mode: AccountIdEndpointMode,
    s3: S3Settings,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    stalled_stream: StalledStreamProtection,
    /// `None` until set or loaded from the environment: no proxy.
    proxy: Option<ProxyConfig>,
    trust: TrustRoots,
    transport: Option<SharedTransport>,
    idempotency: crate::uuid::IdempotencyTokenProvider,
    spec: PhantomData<fn() -> S>,
}

impl<S> Clone for Config<S> {
    fn clone(&self) -> Self {
        Self {
            region: self.region.clone(),
            credentials: self.credentials.clone(),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            s3: self.s3,
            retry: self.retry,
            timeouts: self.timeouts,
            stalled_stream: self.stalled_stream,
            proxy: self.proxy.clone(),
            trust: self.trust.clone(),
            transport: self.transport.clone(),
            idempotency: self.idempotency.clone(),
            spec: PhantomData,
        }
    }
}

impl<S> fmt::Debug for Config<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credentials provider's Debug never shows secrets; the
        // transport and everything else hold none.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("s3", &self.s3)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("stalled_stream", &self.stalled_stream)
            .field("proxy", &self.proxy)
            .field("trust", &self.trust)
            .field("transport", &self.transport)
            .finish()
    }
}

impl<S: ServiceSpec> Config<S> {
    /// A builder with nothing set: no region, no credentials, default
    /// retries and timeouts, the default HTTPS transport.
    pub fn builder() -> ConfigBuilder<S> {
        ConfigBuilder::new()
    }

    /// Loads the configuration from the process environment and the shared
    /// AWS config files, as the AWS SDKs do. Credentials come from
    /// [`DefaultCredentialsChain`] (environment, web identity, profiles,
    /// container endpoint, instance metadata), loaded at the first request.
    ///
    /// With the `aws-config` cargo feature, credentials come from
    /// [`AwsConfigCredentialsProvider`](crate::credentials::AwsConfigCredentialsProvider),
    /// the official SDK's full chain, instead of [`DefaultCredentialsChain`].
    ///
    /// # Errors
    /// When a shared config file exists but cannot be read or parsed, or a
    /// setting has an invalid value. Missing files and missing settings are
    /// not errors (an unset region is reported when a request is made).
    pub async fn from_env() -> Result<Self, ConfigError> {
        #[cfg(feature = "aws-config")]
        {
            let builder = ConfigBuilder::<S>::new().load_env(Env::real())?;
            let region = builder.config.region.clone();
            let credentials =
                crate::credentials::AwsConfigCredentialsProvider::load_default_in(region.as_ref())
                    .await;
            Ok(builder.credentials_provider(credentials).build())
        }
        #[cfg(not(feature = "aws-config"))]
        Self::from_env_with(Env::real()).await
    }

    /// [`Config::from_env`] for programs without an async runtime, such as
    /// those using a generated crate's blocking client.
    ///
    /// # Errors
    /// See [`Config::from_env`]; also when called from inside an async
    /// runtime (use `from_env().await` there).
    pub fn from_env_blocking() -> Result<Self, ConfigError> {
        crate::blocking::Blocking::new()
            .block_on(Self::from_env())
            .unwrap_or_else(|e| {
                Err(ConfigError {
                    message: e.to_string(),
                    source: Some(Box::new(e)),
                })
            })
    }

    /// [`Config::from_env`] with a given environment (for tests and for
    /// programs that keep their settings elsewhere). Credentials always come
    /// from [`DefaultCredentialsChain`] reading `env`, even with the
    /// `aws-config` feature, whose chain reads the process environment.
    ///
    /// # Errors
    /// See [`Config::from_env`].
    pub async fn from_env_with(env: Env) -> Result<Self, ConfigError> {
        Ok(ConfigBuilder::<S>::new().load_env(env)?.build())
    }

    /// A builder holding this configuration, to change some of it.
    pub fn to_builder(&self) -> ConfigBuilder<S> {
        ConfigBuilder {
            config: self.clone(),
        }
    }

    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The endpoint URL overriding the service's endpoint rules.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// S3's endpoint settings.
    pub fn s3(&self) -> S3Settings {
        self.s3
    }

    /// Whether account-based endpoints are used.
    pub fn account_id_endpoint_mode(&self) -> AccountIdEndpointMode {
        self.account_id_endpoint_mode
    }

    /// The retry configuration.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The stalled-stream protection.
    pub fn stalled_stream_protection(&self) -> StalledStreamProtection {
        self.stalled_stream
    }

    /// The proxies requests go through.
    pub fn proxy_config(&self) -> Option<&ProxyConfig> {
        self.proxy.as_ref()
    }

    /// The certificate authorities trusted besides the Mozilla roots.
    pub fn trust_roots(&self) -> &TrustRoots {
        &self.trust
    }

    /// Resolves the endpoint this configuration sends requests to.
    ///
    /// # Errors
    /// When the region is not a valid host label (see
    /// [`Region::validate`]), or the endpoint rules reject the configuration
    /// (no region, FIPS with a custom endpoint, ...).
    pub fn resolve_endpoint(&self) -> Result<Endpoint, ResolveEndpointError> {
        // Before the rules put the region into a host name, and so before
        // anything is signed or sent: `evil.com#` must never become a host.
        if let Some(region) = &self.region {
            region
                .validate()
                .map_err(|e| ResolveEndpointError::message(e.to_string()))?;
        }
        S::resolve_endpoint(&EndpointBuiltIns {
            region: self.region.as_ref().map(|r| r.as_ref()),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint_url.as_deref(),
            account_id: None,
            account_id_endpoint_mode: self.account_id_endpoint_mode.as_str(),
            s3: self.s3,
        })
    }

    /// The runtime state a client runs on: the endpoint resolved once, a
    /// signer, the transport, retries and timeouts. Generated clients call
    /// this from `Client::new`.
    pub fn client_handle(&self) -> ClientHandle {
        let mut builder = ClientHandle::builder()
            .endpoint(self.resolve_endpoint())
            .endpoint_resolver(S::resolve_endpoint)
            .idempotency_token_provider(self.idempotency.clone())
            .retry_config(self.retry)
            .timeout_config(self.timeouts)
            .user_agent(user_agent::<S>())
            .service_name(S::SDK_ID)
            .endpoint_builtins(crate::orchestrator::OwnedBuiltIns {
                region: self.region.as_ref().map(|r| r.as_ref().to_owned()),
                use_fips: self.use_fips,
                use_dual_stack: self.use_dual_stack,
                endpoint: self.endpoint_url.clone(),
                account_id_endpoint_mode: self.account_id_endpoint_mode,
                s3: self.s3,
            });
        let transport = self.transport.clone().unwrap_or_else(|| {
            SharedTransport::new(
                HyperTransport::builder()
                    .connect_timeout(self.timeouts.connect_timeout())
                    .read_timeout(self.timeouts.read_timeout())
                    .stalled_stream_protection(self.stalled_stream)
                    .proxy(self.proxy.clone().unwrap_or_default())
                    .trust_roots(self.trust.clone())
                    .build(),
            )
        });
        builder = builder.shared_transport(transport);
        if let Some(name) = S::SIGNING_NAME {
            let signer: Arc<dyn SignRequest> = match (&self.credentials, &self.region) {
                (Some(credentials), Some(region)) => {
                    Arc::new(SigV4Signer::new(credentials.clone(), name, region.clone()))
                }
                (None, _) => Arc::new(CannotSign(
                    "no credentials are configured: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                     use a profile in the shared credentials file, or set a credentials provider",
                )),
                (_, None) => Arc::new(CannotSign(
                    "no region is configured: set AWS_REGION, a profile `region`, or the builder's region",
                )),
            };
            builder = builder.shared_signer(signer);
        }
        builder.build()
    }
}

/// `<crate>/<version> lean-runtime/<version> os/<os> lang/rust`.
fn user_agent<S: ServiceSpec>() -> String {
    format!(
        "{}/{} lean-runtime/{} os/{} lang/rust",
        S::CRATE_NAME,
        S::CRATE_VERSION,
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS
    )
}

/// The credentials of [`ConfigBuilder::no_credentials`]: none, ever.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Err(CredentialsError::not_loaded(
            "NoCredentials",
            "this client is configured to send requests unsigned (no_credentials)",
        ))))
    }
}

/// Fails every request with the reason signing is impossible, so the error
/// surfaces at `send()` as a construction failure (nothing is sent).
#[derive(Debug)]
struct CannotSign(&'static str);

impl SignRequest for CannotSign {
    fn sign<'a>(
        &'a self,
        _request: &'a mut HttpRequest,
        _time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        let reason = self.0;
        Box::pin(async move { Err(reason.into()) })
    }
}

/// Settings that override a client's configuration for one call, through
/// a fluent builder's `config_override`; what is not set keeps the
/// client's value.
///
/// ```
/// use lean_runtime::config::ConfigOverride;
/// let settings = ConfigOverride::new().region("eu-west-1").force_path_style(true);
/// // For one call:
/// // client.list_objects_v2().bucket("b").config_override(settings).send().await?;
/// # let _ = settings;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigOverride {
    pub(crate) region: Option<Region>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    force_path_style: Option<bool>,
    accelerate: Option<bool>,
    pub(crate) retry: Option<RetryConfig>,
}

impl ConfigOverride {
    /// No override yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The region (the endpoint and the signature follow it).
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An endpoint URL used instead of the endpoint rules' answer.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Whether dual-stack endpoints are used.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// S3: path-style (`true`) or virtual-hosted (`false`) addressing.
    pub fn force_path_style(mut self, force: bool) -> Self {
        self.force_path_style = Some(force);
        self
    }

    /// S3: Transfer Acceleration endpoints.
    pub fn accelerate(mut self, accelerate: bool) -> Self {
        self.accelerate = Some(accelerate);
        self
    }

    /// The retry settings.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Applies the endpoint settings to a client's.
    pub(crate) fn apply(&self, builtins: &mut crate::orchestrator::OwnedBuiltIns) {
        if let Some(region) = &self.region {
            builtins.region = Some(region.as_ref().to_owned());
        }
        if let Some(url) = &self.endpoint_url {
            builtins.endpoint = Some(url.clone());
        }
        if let Some(flag) = self.use_fips {
            builtins.use_fips = flag;
        }
        if let Some(flag) = self.use_dual_stack {
            builtins.use_dual_stack = flag;
        }
        if let Some(flag) = self.force_path_style {
            builtins.s3 = builtins.s3.force_path_style(flag);
        }
        if let Some(flag) = self.accelerate {
            builtins.s3 = builtins.s3.accelerate(flag);
        }
    }
}

/// Builder for [`Config`].
pub struct ConfigBuilder<S> {
    config: Config<S>,
}

impl<S> fmt::Debug for ConfigBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ConfigBuilder").field(&self.config).finish()
    }
}

impl<S> Clone for ConfigBuilder<S> {
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
        }
    }
}

impl<S: ServiceSpec> Default for ConfigBuilder<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: ServiceSpec> ConfigBuilder<S> {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                account_id_endpoint_mode: AccountIdEndpointMode::default(),
                s3: S3Settings::default(),
                retry: RetryConfig::standard(),
                timeouts: TimeoutConfig::default(),
                stalled_stream: StalledStreamProtection::default(),
                proxy: None,
                trust: TrustRoots::default(),
                transport: None,
                idempotency: crate::uuid::IdempotencyTokenProvider::random(),
                spec: PhantomData,
            },
        }
    }

    /// Fills what is not set yet from the environment and the shared config
    /// files (see [`Config::from_env`]).
    ///
    /// # Errors
    /// See [`Config::from_env`].
    pub fn load_env(mut self, env: Env) -> Result<Self, ConfigError> {
        let profiles = ProfileSet::load(&env).map_err(ConfigError::profile)?;
        let profile = profiles.selected();
        let setting = |env_var: &str, profile_key: &str| -> Option<String> {
            env.get(env_var)
                .or_else(|| profile.and_then(|p| p.get(profile_key)).map(str::to_owned))
        };
        let c = &mut self.config;
        if c.region.is_none() {
            c.region = default_region(&env, Some(&profiles));
        }
        if c.credentials.is_none() {
            c.credentials = Some(SharedCredentialsProvider::new(
                DefaultCredentialsChain::new(env.clone()),
            ));
        }
        let ignore_endpoints = setting(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
        .map(|v| parse_bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", &v))
        .transpose()?
        .unwrap_or(false);
        if c.endpoint_url.is_none() && !ignore_endpoints {
            c.endpoint_url = env
                .get(&endpoint_env_var(S::SDK_ID))
                .or_else(|| env.get("AWS_ENDPOINT_URL"))
                .or_else(|| {
                    profile
                        .and_then(|p| p.get("endpoint_url"))
                        .map(str::to_owned)
                });
        }
        if c.proxy.is_none() {
            c.proxy = Some(ProxyConfig::from_env(&env).map_err(|e| ConfigError {
                message: e.to_string(),
                source: None,
            })?);
        }
        let ca_bundle = env
            .get("AWS_CA_BUNDLE")
            .map(|path| ("AWS_CA_BUNDLE".to_owned(), path))
            .or_else(|| {
                let profile = profile?;
                let path = profile.get("ca_bundle")?;
                Some((
                    format!("ca_bundle of profile `{}`", profile.name()),
                    path.to_owned(),
                ))
            })
            .filter(|(_, path)| !path.trim().is_empty());
        // The `native-roots` feature is the switch: configuration from the
        // environment then trusts the operating system's store as well.
        #[cfg(feature = "native-roots")]
        {
            c.trust = std::mem::take(&mut c.trust).with_native_roots();
        }
        if let Some((setting, path)) = ca_bundle {
            let trust = std::mem::take(&mut c.trust);
            c.trust = trust.with_pem_file(path.trim()).map_err(|e| ConfigError {
                message: format!("invalid {setting}: {e}"),
                source: Some(Box::new(e)),
            })?;
        }
        if let Some(v) = setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
            c.use_fips = parse_bool("AWS_USE_FIPS_ENDPOINT", &v)?;
        }
        if let Some(v) = setting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint") {
            c.use_dual_stack = parse_bool("AWS_USE_DUALSTACK_ENDPOINT", &v)?;
        }
        // S3's settings that the AWS CLI and SDKs read from the
        // environment and profile; path style and acceleration are the
        // program's choice (the builder).
        if let Some(v) = setting("AWS_S3_USE_ARN_REGION", "s3_use_arn_region") {
            c.s3 =
                c.s3.use_arn_region(parse_bool("AWS_S3_USE_ARN_REGION", &v)?);
        }
        if let Some(v) = setting(
            "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
            "s3_disable_multiregion_access_points",
        ) {
            c.s3 = c.s3.disable_multi_region_access_points(parse_bool(
                "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
                &v,
            )?);
        }
        if let Some(v) = setting("AWS_ACCOUNT_ID_ENDPOINT_MODE", "account_id_endpoint_mode") {
            c.account_id_endpoint_mode = match v.trim().to_ascii_lowercase().as_str() {
                "preferred" => AccountIdEndpointMode::Preferred,
                "disabled" => AccountIdEndpointMode::Disabled,
                "required" => AccountIdEndpointMode::Required,
                _ => {
                    return Err(ConfigError::invalid(
                        "AWS_ACCOUNT_ID_ENDPOINT_MODE",
                        &v,
                        "preferred, disabled or required",
                    ));
                }
            };
        }
        if let Some(v) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            let attempts: u32 = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ConfigError::invalid("AWS_MAX_ATTEMPTS", &v, "a whole number of at least 1")
            })?;
            c.retry = c.retry.with_max_attempts(attempts);
        }
        if let Some(v) = setting("AWS_RETRY_MODE", "retry_mode") {
            // `legacy` and `adaptive` fall back to `standard`, the one mode
            // this runtime implements; anything else is a typo.
            if !matches!(v.trim(), "standard" | "legacy" | "adaptive") {
                return Err(ConfigError::invalid(
                    "AWS_RETRY_MODE",
                    &v,
                    "standard, legacy or adaptive",
                ));
            }
        }
        Ok(self)
    }

    /// Sends requests unsigned: operations that allow it (`@optionalAuth`,
    /// such as STS `AssumeRoleWithWebIdentity`) go out without a signature,
    /// the others fail before anything is sent. [`load_env`](Self::load_env)
    /// then looks for no credentials either.
    pub fn no_credentials(mut self) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(NoCredentials));
        self
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<Region>) -> Self {
        self.config.region = region;
        self
    }

    /// Sets the credentials provider (static [`Credentials`](crate::credentials::Credentials)
    /// work too).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<SharedCredentialsProvider>) -> Self {
        self.config.credentials = provider;
        self
    }

    /// Sends requests to this URL instead of the service's endpoint
    /// (e.g. a local mock or a VPC endpoint).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sets or clears the endpoint URL override.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.config.endpoint_url = url;
        self
    }

    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses dual-stack endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// S3's endpoint settings (path style, acceleration, ARN regions);
    /// other services ignore them.
    pub fn s3(mut self, settings: S3Settings) -> Self {
        self.config.s3 = settings;
        self
    }

    /// Whether to use account-based endpoints (default: preferred).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.config.account_id_endpoint_mode = mode;
        self
    }

    /// Where `@idempotencyToken` values come from when a call leaves one
    /// unset (default: a new random UUID each call).
    pub fn idempotency_token_provider(
        mut self,
        provider: crate::uuid::IdempotencyTokenProvider,
    ) -> Self {
        self.config.idempotency = provider;
        self
    }

    /// Sets the retry configuration.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// The timeouts set so far.
    pub fn peek_timeout_config(&self) -> &TimeoutConfig {
        &self.config.timeouts
    }

    /// Sets the timeouts.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }

    /// Sets the stalled-stream protection of the default transport (on, with
    /// a 5 second grace period, unless set).
    pub fn stalled_stream_protection(mut self, protection: StalledStreamProtection) -> Self {
        self.config.stalled_stream = protection;
        self
    }

    /// Sends requests through these proxies; [`Config::from_env`] reads
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` unless this
    /// is set. `ProxyConfig::disabled()` turns proxies off.
    pub fn proxy_config(mut self, proxy: ProxyConfig) -> Self {
        self.config.proxy = Some(proxy);
        self
    }

    /// Trusts these certificate authorities besides the Mozilla roots (a
    /// CA bundle from `AWS_CA_BUNDLE` or the profile's `ca_bundle` is added
    /// to them by [`Config::from_env`]).
    pub fn trust_roots(mut self, trust: TrustRoots) -> Self {
        self.config.trust = trust;
        self
    }

    /// Sends requests through this transport (for example a
    /// [`ReplayTransport`](crate::transport::ReplayTransport) in tests).
    pub fn http_transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.config.transport = Some(SharedTransport::new(transport));
        self
    }

    /// Builds the configuration.
    pub fn build(self) -> Config<S> {
        self.config
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::invalid(name, value, "true or false")),
    }
}

/// The configuration could not be loaded.
#[derive(Debug)]
pub struct ConfigError {
    message: String,
    source: Option<BoxError>,
}

impl ConfigError {
    fn profile(e: ProfileFileError) -> Self {
        Self {
            message: format!("cannot load the shared AWS config files: {e}"),
            source: Some(Box::new(e)),
        }
    }

    fn invalid(name: &str, value: &str, expected: &str) -> Self {
        Self {
            message: format!("invalid value `{value}` for {name}: expected {expected}"),
            source: None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Spec;

    impl ServiceSpec for Spec {
        const SDK_ID: &'static str = "Proton";
        const SIGNING_NAME: Option<&'static str> = Some("proton");
        const ENDPOINT_PREFIX: &'static str = "proton";
        const CRATE_NAME: &'static str = "proton";
        const CRATE_VERSION: &'static str = "0.1.0";

        fn resolve_endpoint(b: &EndpointBuiltIns<'_>) -> Result<Endpoint, ResolveEndpointError> {
            default_endpoint(Self::ENDPOINT_PREFIX, b)
        }
    }

    fn env(vars: &[(&str, &str)]) -> Env {
        let dir = std::env::temp_dir().join("lean-runtime-config-tests-nonexistent");
        let mut all: Vec<(String, String)> = vec![
            (
                "AWS_CONFIG_FILE".into(),
                dir.join("config").display().to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE".into(),
                dir.join("credentials").display().to_string(),
            ),
        ];
        all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        Env::from_vars(all)
    }

    #[tokio::test]
    async fn endpoint_override_order() {
        let vars = [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://global.example"),
            ("AWS_ENDPOINT_URL_PROTON", "http://proton.example"),
        ];
        let config = Config::<Spec>::from_env_with(env(&vars)).await.unwrap();
        assert_eq!(config.endpoint_url(), Some("http://proton.example"));
        let config = Config::<Spec>::from_env_with(env(&vars[..2]))
            .await
            .unwrap();
        assert_eq!(config.endpoint_url(), Some("http://global.example"));
        let explicit = Config::<Spec>::builder()
            .endpoint_url("http://explicit.example")
            .load_env(env(&vars))
            .unwrap()
            .build();
        assert_eq!(explicit.endpoint_url(), Some("http://explicit.example"));
    }

    #[tokio::test]
    async fn region_and_flags_from_env() {
        let config = Config::<Spec>::from_env_with(env(&[
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]))
        .await
        .unwrap();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("us-west-2"));
        assert!(config.use_fips());
        assert_eq!(config.retry_config().max_attempts(), 5);
        // Without endpoint rules there is no FIPS endpoint to pick.
        assert!(config.resolve_endpoint().is_err());
        let plain = config.to_builder().use_fips(false).build();
        assert_eq!(
            plain.resolve_endpoint().unwrap().url(),
            "https://proton.us-west-2.amazonaws.com"
        );
    }

    #[tokio::test]
    async fn s3_settings_from_env() {
        let config = Config::<Spec>::from_env_with(env(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_S3_USE_ARN_REGION", "true"),
            ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "true"),
        ]))
        .await
        .unwrap();
        assert_eq!(config.s3().arn_region(), Some(true));
        assert!(config.s3().are_multi_region_access_points_disabled());
        assert!(!config.s3().is_path_style_forced());
        let e = Config::<Spec>::from_env_with(env(&[("AWS_S3_USE_ARN_REGION", "maybe")]))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("AWS_S3_USE_ARN_REGION"), "{e}");
    }

    #[tokio::test]
    async fn invalid_settings_are_errors() {
        let e = Config::<Spec>::from_env_with(env(&[("AWS_MAX_ATTEMPTS", "zero")]))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("AWS_MAX_ATTEMPTS"), "{e}");
        let e = Config::<Spec>::from_env_with(env(&[("AWS_USE_DUALSTACK_ENDPOINT", "yes")]))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("AWS_USE_DUALSTACK_ENDPOINT"), "{e}");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let config = Config::<Spec>::builder()
            .region("us-east-1")
            .credentials_provider(crate::credentials::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Some("SESSIONTOKEN".to_owned()),
                None,
                "test",
            ))
            .build();
        let debug = format!("{config:?}");
        assert!(!debug.contains("wJalrXUtnFEMI"), "{debug}");
        assert!(!debug.contains("SESSIONTOKEN"), "{debug}");
    }

    /// The process environment decides which credentials the chain finds,
    /// not which chain it is.
    #[cfg(feature = "aws-config")]
    #[tokio::test]
    async fn from_env_uses_the_aws_config_chain_with_the_feature() {
        let config = Config::<Spec>::from_env().await.unwrap();
        let debug = format!("{:?}", config.credentials_provider());
        assert!(debug.contains("AwsConfigCredentialsProvider"), "{debug}");
    }

    #[test]
    fn endpoint_env_var_names() {
        assert_eq!(endpoint_env_var("Proton"), "AWS_ENDPOINT_URL_PROTON");
        assert_eq!(
            endpoint_env_var("Elastic Load Balancing v2"),
            "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"
        );
    }
}
