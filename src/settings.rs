//! Global settings resolved from the command line and the environment.
//!
//! `cli` describes what was typed; this is what commands use. Values that also have a config-file
//! key (region, timeout) are resolved against the config where the config is read.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::GlobalArgs;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file when one was named (a run over several gives each service its own).
    pub config: Option<PathBuf>,
    /// Every `--config` as given (several, or globs, make a run over several services) and
    /// the other flags of such a run; see [`crate::fleet`].
    pub fleet: FleetSettings,
    pub envfiles: Vec<PathBuf>,
    /// Jsonnet's `std.extVar` values from `--ext-str` and `--ext-code`.
    pub ext_str: Vec<(String, String)>,
    pub ext_code: Vec<(String, String)>,
    /// AWS access as given on the command line (the config's `region` is applied later).
    pub aws: AwsSettings,
    /// `--timeout`, which wins over the config's `timeout`.
    pub timeout: Option<Duration>,
    pub show_secrets: bool,
    pub verbose: u8,
}

impl Settings {
    pub fn from_args(args: &GlobalArgs) -> Self {
        Self {
            config: args.config.first().cloned(),
            fleet: FleetSettings {
                configs: args.config.clone(),
                stack: args.stack.clone(),
                concurrency: args.concurrency.map(usize::from),
                fail_fast: args.fail_fast,
            },
            envfiles: args.envfile.clone(),
            ext_str: args.ext_str.clone(),
            ext_code: args.ext_code.clone(),
            aws: AwsSettings {
                region: args.region.clone(),
                profile: args.profile.clone(),
                endpoint_url: args.endpoint_url.clone(),
                max_attempts: None,
                timeout: args.timeout,
                rate_limits: args.rate_limit.clone(),
            },
            timeout: args.timeout,
            show_secrets: args.show_secrets,
            // A re-run "with debug logging" on GitHub Actions sets RUNNER_DEBUG=1: it gets what
            // -vv shows (shipper's trace and the AWS SDK's requests), masked as always.
            verbose: args
                .verbose
                .max(u8::from(args.debug))
                .max(if crate::output::github::debug() { 2 } else { 0 }),
        }
    }
}

/// The flags of a run over several services (`--config` repeated or a glob, `--stack`).
#[derive(Debug, Clone, Default)]
pub struct FleetSettings {
    pub configs: Vec<PathBuf>,
    pub stack: Option<PathBuf>,
    pub concurrency: Option<usize>,
    pub fail_fast: bool,
}

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
    /// `--rate-limit`: the account's own API limits where AWS raised them.
    pub rate_limits: Vec<crate::cli::RateLimit>,
}
