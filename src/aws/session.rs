//! The AWS clients of one service's run, built on first use: the region may come from the config
//! file, and a command that needs no AWS (`render` of a file without `ssm()`) must not demand one.

use std::sync::Arc;

use tokio::sync::OnceCell;

use super::Clients;
use super::limit::Limits;
use super::pool::Pool;
use crate::config::Config;
use crate::error::Result;
use crate::output::Output;
use crate::settings::AwsSettings;

pub struct Session {
    /// AWS access as the command line gave it.
    settings: AwsSettings,
    clients: OnceCell<Clients>,
    /// In a run over several services: what they share.
    pool: Option<Arc<Pool>>,
    /// Where a rate-limited call says so (a run over one service: its own output).
    out: Output,
}

impl Session {
    pub fn new(settings: AwsSettings, pool: Option<Arc<Pool>>, out: Output) -> Self {
        Self { settings, clients: OnceCell::new(), pool, out }
    }

    /// The clients, for the config's `region` (unless `--region` was given) and its
    /// `sdk_options`.
    pub async fn clients(&self, config: &Config) -> Result<&Clients> {
        self.clients
            .get_or_try_init(|| async {
                let mut aws = self.settings.clone();
                if aws.region.is_none() {
                    aws.region.clone_from(&config.region);
                }
                aws.max_attempts = config.sdk_options.retry_max_attempts;
                aws.timeout = aws.timeout.or(config.timeout);
                match &self.pool {
                    Some(pool) => pool.clients(&aws).await,
                    None => {
                        let limits = Limits::new(&aws.rate_limits, Some(self.out.clone()))?;
                        Clients::connect(&aws, Arc::new(limits)).await
                    }
                }
            })
            .await
    }

    /// The clients, if a command built them already.
    pub fn built(&self) -> Option<&Clients> {
        self.clients.get()
    }

    /// What the services of a run over several share; `None` for a run over one.
    pub fn pool(&self) -> Option<&Arc<Pool>> {
        self.pool.as_ref()
    }
}
