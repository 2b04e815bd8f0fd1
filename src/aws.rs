//! The one place AWS clients are built.
//!
//! Commands receive a [`Clients`] value and never call `aws_config` themselves, so a unit test can
//! hand them clients built from aws-smithy-mocks, and the end-to-end tests reach the local AWS
//! purely through the standard `AWS_ENDPOINT_URL` that aws-config honours.

use std::sync::OnceLock;
use std::time::Duration;

use aws_config::meta::region::RegionProviderChain;
use aws_config::{AppName, BehaviorVersion, Region, SdkConfig};

use crate::error::{Error, Result};

/// How to reach AWS, resolved from flags and the config file.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    /// `--region`, else the config file's `region`.
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    /// The config's `sdk_options.retry_max_attempts`.
    pub max_attempts: Option<u32>,
    /// How long the command may wait (`--timeout`, else the config's `timeout`): AWS call
    /// timeouts are derived from it, so a hung endpoint never outlasts it.
    pub timeout: Option<Duration>,
}

/// Timeouts of every AWS call, derived from the command's `--timeout`.
///
/// Without them an endpoint that accepts a connection and never answers (or trickles bytes)
/// hangs shipper forever: the SDK sets no read or operation timeout by default. One attempt
/// gets a quarter of the timeout (2 to 15 s: ECS answers in well under a second, and a
/// slow-but-alive answer must still get through), one call with its retries at most the
/// timeout itself (capped at a minute: the wait loop retries failed polls on its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimeouts {
    pub connect: Duration,
    pub attempt: Duration,
    pub operation: Duration,
}

impl CallTimeouts {
    pub fn for_timeout(timeout: Duration) -> Self {
        let attempt = (timeout / 4).clamp(Duration::from_secs(2), Duration::from_secs(15));
        let operation = timeout.clamp(attempt, Duration::from_secs(60));
        Self { connect: attempt.min(Duration::from_secs(5)), attempt, operation }
    }
}

/// Attempts per AWS call (first try included) unless the config or `AWS_MAX_ATTEMPTS` say
/// otherwise. Well above the SDK's 3: ECS throttles describe calls under load (many services
/// deploying at once), and a deploy should ride that out rather than fail. With 30% of calls
/// failing, 5 attempts still lose about one call in 400 — one deploy in twenty; 8 lose one in
/// 150,000. The attempts stay bounded in time by the call timeouts (see [`CallTimeouts`]).
const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// Where AWS calls go and how long they may take, for error messages ("no answer from
/// http://127.0.0.1:5055 within 5s"). Process-wide like the secret registry: every AWS error
/// is rendered by [`crate::error::Error::aws`], which has no clients at hand.
#[derive(Debug, Clone)]
pub struct Reached {
    pub endpoint: Option<String>,
    pub region: String,
    pub timeouts: CallTimeouts,
}

static REACHED: OnceLock<Reached> = OnceLock::new();

/// Where AWS calls go, once the clients are built.
pub fn reached() -> Option<&'static Reached> {
    REACHED.get()
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
    /// For Terraform state in S3 (`tfstate` plugin with an `s3://` url).
    pub s3: aws_sdk_s3::Client,
    /// For `secretsmanager_arn` in templates.
    pub secretsmanager: aws_sdk_secretsmanager::Client,
    /// For the `cloudformation` plugin (`cfn_output`, `cfn_export`).
    pub cloudformation: aws_sdk_cloudformation::Client,
}

impl Clients {
    /// Loads the AWS configuration (credentials chain, profile, endpoint) and builds the clients.
    /// No network call happens here.
    ///
    /// The region comes from the flag or config, then `AWS_REGION`/`AWS_DEFAULT_REGION`, then the
    /// profile. Unlike the SDK default, the EC2 instance metadata service is not asked: a deploy
    /// tool must not guess its region, and on a laptop that lookup can hang for seconds.
    pub async fn connect(settings: &AwsSettings) -> Result<Self> {
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
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(region);
        if let Ok(name) = AppName::new("shipper") {
            loader = loader.app_name(name);
        }
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let timeouts =
            CallTimeouts::for_timeout(settings.timeout.unwrap_or(crate::settings::DEFAULT_TIMEOUT));
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
        let _ = REACHED.set(Reached {
            endpoint: conf.endpoint_url().map(ToString::to_string),
            region: conf.region().map(ToString::to_string).unwrap_or_default(),
            timeouts,
        });
        Ok(Self::from_conf(&conf))
    }

    /// Builds the clients from an already-loaded configuration (tests use this).
    pub fn from_conf(conf: &SdkConfig) -> Self {
        Self {
            region: conf.region().map(ToString::to_string).unwrap_or_default(),
            ecs: aws_sdk_ecs::Client::new(conf),
            ecr: aws_sdk_ecr::Client::new(conf),
            ssm: aws_sdk_ssm::Client::new(conf),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(conf),
            codedeploy: aws_sdk_codedeploy::Client::new(conf),
            cloudwatch: aws_sdk_cloudwatch::Client::new(conf),
            secretsmanager: aws_sdk_secretsmanager::Client::new(conf),
            cloudformation: aws_sdk_cloudformation::Client::new(conf),
            // S3-compatible endpoints (MinIO, a local AWS) serve buckets by path, not by DNS name.
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(conf)
                    .force_path_style(conf.endpoint_url().is_some())
                    .build(),
            ),
        }
    }
}
