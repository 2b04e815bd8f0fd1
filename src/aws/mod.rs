//! The one place AWS clients are built.
//!
//! Commands receive a [`Clients`] value and never call `aws_config` themselves, so a unit test can
//! hand them clients built from aws-smithy-mocks, and the end-to-end tests reach the local AWS
//! purely through the standard `AWS_ENDPOINT_URL` that aws-config honours.
//!
//! Every client carries [`CallLog`], so `-v` shows each AWS call once, with its duration,
//! attempts and outcome — one seam for all seven services — and goes through the run's rate
//! limiter ([`limit`], hooked in by [`pace`]).

pub mod batch;
pub mod bucket;
pub mod limit;
pub mod pace;
pub mod pool;
pub mod rates;
pub mod read;
pub mod session;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_config::meta::region::RegionProviderChain;
use aws_config::{AppName, BehaviorVersion, Region, SdkConfig};

use crate::error::{Error, Result};
use crate::reach::{CallTimeouts, Reached};
use crate::settings::AwsSettings;

/// Attempts per AWS call (first try included) unless the config or `AWS_MAX_ATTEMPTS` say
/// otherwise. Well above the SDK's 3: ECS throttles describe calls under load (many services
/// deploying at once), and a deploy should ride that out rather than fail. With 30% of calls
/// failing, 5 attempts still lose about one call in 400 — one deploy in twenty; 8 lose one in
/// 150,000. The attempts stay bounded in time by the call timeouts (see [`CallTimeouts`]).
const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// The HTTP client every AWS client shares (aws-config's default one, with two differences).
///
/// - rustls on *ring*, the crypto the HTTP-probe gates' client (ureq) already links, rather than
///   aws-lc: one crypto library in the binary, not two (the default https client pulls in
///   aws-lc-sys, megabytes of C).
/// - CA certificates are read once, from the bundle file, and parsed once per connector (one
///   per process unless timeouts differ), at the first connection. rustls-native-certs reads
///   the bundle *and* then every file of the certificate directory (the same certificates
///   again) whenever both exist or `SSL_CERT_FILE` and `SSL_CERT_DIR` are both set. Over a plain
///   `http://` endpoint given as `--endpoint-url` (a local AWS) no TLS is set up at all; one
///   from `AWS_ENDPOINT_URL` still gets a TLS-capable connector, since aws-config may resolve
///   another endpoint per service.
///
/// The connector is built the way aws-smithy-runtime's `default_https_client` builds it
/// (connector settings, sleep, proxy from the environment), lazily per settings.
fn http_client(endpoint: Option<&str>) -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::{ConnectorBuilder, proxy::ProxyConfig, tls};
    let plain = endpoint.is_some_and(|url| url.starts_with("http://"));
    aws_smithy_http_client::Builder::new().build_with_connector_fn(move |settings, components| {
        let mut builder = ConnectorBuilder::default();
        // Without settings this is the SDK checking, as each client is built, that a connector
        // can be made ("so that native certs load at client initialization time"), and the
        // connector is thrown away. A TLS connector costs ~3 ms of certificate parsing; ten
        // clients made that 30 ms, most of a render. Real connectors come with settings.
        let Some(settings) = settings else { return builder.build_http() };
        builder.set_connector_settings(Some(settings.clone()));
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        builder.set_proxy_config(Some(ProxyConfig::from_env()));
        if plain {
            return builder.build_http();
        }
        let context = tls::TlsContext::builder().with_trust_store(trust_store().clone()).build();
        let mut builder =
            builder.tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring));
        if let Ok(context) = context {
            builder = builder.tls_context(context);
        }
        builder.build()
    })
}

/// The CA certificates for HTTPS, read once per process: the bundle file (`SSL_CERT_FILE`, else
/// the platform's, as OpenSSL finds it) when it holds certificates, else the platform's native
/// store (rustls-native-certs, which also reads `SSL_CERT_DIR`).
fn trust_store() -> &'static aws_smithy_http_client::tls::TrustStore {
    use aws_smithy_http_client::tls::TrustStore;
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    static STORE: OnceLock<TrustStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let file = std::env::var_os("SSL_CERT_FILE")
            .map(std::path::PathBuf::from)
            .or_else(|| openssl_probe::probe().cert_file);
        let bundle = file.and_then(|path| std::fs::read(path).ok()).filter(|pem| {
            // The SDK panics on a PEM it cannot parse: fall back instead.
            let certs: std::result::Result<Vec<_>, _> =
                CertificateDer::pem_slice_iter(pem).collect();
            certs.is_ok_and(|c| !c.is_empty())
        });
        match bundle {
            Some(pem) => TrustStore::empty().with_native_roots(false).with_pem_certificate(pem),
            None => TrustStore::default(),
        }
    })
}

/// Clients for every AWS service shipper talks to, sharing one configuration.
#[derive(Debug, Clone)]
pub struct Clients {
    pub region: String,
    pub ecs: aws_sdk_ecs::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    pub codedeploy: aws_sdk_codedeploy::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// The loaded configuration (credentials, region, endpoint), for the one call made without
    /// an SDK client: a Terraform state in S3 (see [`crate::s3`]).
    pub conf: SdkConfig,
    /// In a run over several services: DescribeServices calls of different services are
    /// combined, up to ten services a call (see [`batch`]).
    pub describe_batch: Option<std::sync::Arc<batch::Batcher>>,
    /// Roles (`verify`).
    pub iam: aws_sdk_iam::Client,
    /// Container logs (`logs`, `verify`, the failure report's log tail).
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// Secrets Manager secrets named by `secrets` (`verify`).
    pub secretsmanager: aws_sdk_secretsmanager::Client,
    /// For the `cloudformation` plugin (`cfn_output`, `cfn_export`).
    pub cloudformation: aws_sdk_cloudformation::Client,
    /// The rate limits of the account and Region, shared by every service of the run.
    pub limits: Arc<limit::Limits>,
    /// How long the command may take (`--timeout`): how long a throttled write keeps trying.
    pub timeout: Duration,
    /// The service's scalable target (`--suspend-auto-scaling`, `scale --auto-scaling-min`,
    /// `status`).
    pub autoscaling: aws_sdk_applicationautoscaling::Client,
}

impl Clients {
    /// Loads the AWS configuration (credentials chain, profile, endpoint) and builds the clients.
    /// No network call happens here.
    ///
    /// The region comes from the flag or config, then `AWS_REGION`/`AWS_DEFAULT_REGION`, then the
    /// profile. Unlike the SDK default, the EC2 instance metadata service is not asked: a deploy
    /// tool must not guess its region, and on a laptop that lookup can hang for seconds.
    pub async fn connect(settings: &AwsSettings, limits: Arc<limit::Limits>) -> Result<Self> {
        let mut profile_region = aws_config::profile::ProfileFileRegionProvider::builder();
        if let Some(profile) = &settings.profile {
            profile_region = profile_region.profile_name(profile);
        }
        let region = RegionProviderChain::first_try(settings.region.clone().map(Region::new))
            .or_else(aws_config::environment::EnvironmentVariableRegionProvider::new())
            .or_else(profile_region.build())
            .region()
            .await
            .ok_or_else(|| {
                Error::new("no AWS region is configured")
                    .hint("set `region` in the config file, pass --region, or set AWS_REGION")
            })?;

        // An invalid region would surface as an endpoint-resolution error deep in the first call.
        let valid = |r: &str| {
            !r.is_empty()
                && r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !r.starts_with('-')
                && !r.ends_with('-')
        };
        if !valid(region.as_ref()) {
            return Err(Error::new(format!("`{}` is not an AWS region name", region.as_ref()))
                .hint("use a region such as ap-northeast-1 (--region, `region` in the config, or AWS_REGION)"));
        }
        let http = http_client(settings.endpoint_url.as_deref());
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(region)
            .http_client(pace::PacedClient::shared(http, Arc::clone(&limits)));
        if let Ok(name) = AppName::new("shipper") {
            loader = loader.app_name(name);
        }
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let timeout = settings.timeout.unwrap_or(crate::config::DEFAULT_TIMEOUT);
        let timeouts = CallTimeouts::for_timeout(timeout);
        loader = loader.timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(timeouts.connect)
                .read_timeout(timeouts.attempt)
                .operation_attempt_timeout(timeouts.attempt)
                .operation_timeout(timeouts.operation)
                .build(),
        );
        // AWS_MAX_ATTEMPTS (read by aws-config itself) wins over shipper's default.
        if settings.max_attempts.is_some() || std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            let attempts = settings.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS).max(1);
            // Backoff from 250 ms (the SDK's 1 s start makes a refused connection take ~8 s to
            // report) up to 8 s, which still spreads throttled retries.
            loader = loader.retry_config(
                aws_config::retry::RetryConfig::standard()
                    .with_max_attempts(attempts)
                    .with_initial_backoff(Duration::from_millis(250))
                    .with_max_backoff(Duration::from_secs(8)),
            );
        }
        let conf = loader.load().await;
        crate::reach::set(Reached {
            endpoint: conf.endpoint_url().map(ToString::to_string),
            region: conf.region().map(ToString::to_string).unwrap_or_default(),
            timeouts,
        });
        Ok(Self::from_conf(&conf, limits, timeout))
    }

    /// Builds the clients from an already-loaded configuration (whose HTTP client paces calls
    /// through `limits`).
    pub fn from_conf(conf: &SdkConfig, limits: Arc<limit::Limits>, timeout: Duration) -> Self {
        macro_rules! client {
            ($sdk:ident) => {
                $sdk::Client::from_conf(
                    $sdk::config::Builder::from(conf)
                        .interceptor(CallLog)
                        .interceptor(pace::Pace(Arc::clone(&limits)))
                        .build(),
                )
            };
        }
        Self {
            region: conf.region().map(ToString::to_string).unwrap_or_default(),
            ecs: client!(aws_sdk_ecs),
            ecr: client!(aws_sdk_ecr),
            ssm: client!(aws_sdk_ssm),
            elbv2: client!(aws_sdk_elasticloadbalancingv2),
            codedeploy: client!(aws_sdk_codedeploy),
            cloudwatch: client!(aws_sdk_cloudwatch),
            cloudformation: client!(aws_sdk_cloudformation),
            conf: conf.clone(),
            describe_batch: None,
            iam: client!(aws_sdk_iam),
            logs: client!(aws_sdk_cloudwatchlogs),
            secretsmanager: client!(aws_sdk_secretsmanager),
            autoscaling: client!(aws_sdk_applicationautoscaling),
            limits,
            timeout,
        }
    }
}

/// Logs each AWS call at debug level (`-v`) when it ends: `aws: ecs:UpdateService ok in 41 ms`,
/// `aws: ecs:DescribeServices failed in 2.3 s after 3 attempts: HTTP 400 ThrottlingException`.
#[derive(Debug)]
struct CallLog;

/// When the call started, and how many attempts it took (kept in the call's config bag).
#[derive(Debug, Clone, Copy)]
struct CallStart(std::time::Instant);
#[derive(Debug, Clone, Copy)]
struct Attempts(u32);

impl aws_smithy_types::config_bag::Storable for CallStart {
    type Storer = aws_smithy_types::config_bag::StoreReplace<Self>;
}
impl aws_smithy_types::config_bag::Storable for Attempts {
    type Storer = aws_smithy_types::config_bag::StoreReplace<Self>;
}

impl aws_smithy_runtime_api::client::interceptors::Intercept for CallLog {
    fn name(&self) -> &'static str {
        "shipper::CallLog"
    }

    fn read_before_execution(
        &self,
        _context: &aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> std::result::Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        cfg.interceptor_state().store_put(CallStart(std::time::Instant::now()));
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> std::result::Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let n = cfg.load::<Attempts>().map_or(0, |a| a.0);
        cfg.interceptor_state().store_put(Attempts(n + 1));
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef<'_>,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> std::result::Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        if !tracing::enabled!(tracing::Level::DEBUG) {
            return Ok(());
        }
        let operation =
            cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>().map_or_else(
                || "?".to_string(),
                |m| format!("{}:{}", m.service().to_lowercase(), m.name()),
            );
        let took = cfg.load::<CallStart>().map(|s| s.0.elapsed()).unwrap_or_default();
        let took = match took.as_millis() {
            ms if ms < 1000 => format!("{ms} ms"),
            _ => format!("{:.1} s", took.as_secs_f64()),
        };
        let attempts = match cfg.load::<Attempts>().map_or(1, |a| a.0) {
            0 | 1 => String::new(),
            n => format!(" after {n} attempts"),
        };
        let status = context.response().map(|r| r.status().as_u16());
        match context.output_or_error() {
            Some(Ok(_)) | None => tracing::debug!("aws: {operation} ok in {took}{attempts}"),
            Some(Err(error)) => {
                let code = context
                    .response()
                    .and_then(|r| r.headers().get("x-amzn-errortype"))
                    .map(|t| t.split(':').next().unwrap_or(t).to_string());
                let why = match (status, code) {
                    (Some(status), Some(code)) => format!("HTTP {status} {code}"),
                    (Some(status), None) => format!("HTTP {status}"),
                    (None, _) if error.is_timeout_error() => "timed out".to_string(),
                    (None, _) => "no answer (connection failed)".to_string(),
                };
                tracing::debug!("aws: {operation} failed in {took}{attempts}: {why}");
            }
        }
        Ok(())
    }
}
