//! What every command runs with: the output handle, the settings, and the AWS clients.
//!
//! The clients are built on first use (by [`crate::aws`], the only place that builds them),
//! because the region may come from the config file and a command that needs no AWS — `render`
//! of a file without `ssm()` — must not demand one.

use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::OnceCell;

use crate::aws::Clients;
use crate::config::Config;
use crate::error::Result;
use crate::journal::Journal;
use crate::output::Output;
use crate::settings::Settings;

pub struct Context {
    pub out: Output,
    pub settings: Settings,
    clients: OnceCell<Clients>,
    /// What to tell the user if they press Ctrl-C now (how to resume or roll back).
    interrupt_hint: Mutex<Option<String>>,
    /// The AWS writes made so far, for the interruption message.
    pub journal: Journal,
    /// Set in a run over several services: what they share (clients, SSM values, polls).
    pub fleet: OnceLock<Arc<crate::fleet::Fleet>>,
}

impl Context {
    pub fn new(out: Output, settings: Settings) -> Self {
        Self {
            out,
            settings,
            clients: OnceCell::new(),
            interrupt_hint: Mutex::new(None),
            journal: Journal::default(),
            fleet: OnceLock::new(),
        }
    }

    /// The context of one service in a run over several: its own config, output and journal,
    /// the run's shared clients and caches.
    pub fn for_service(
        &self,
        config: std::path::PathBuf,
        out: Output,
        fleet: Arc<crate::fleet::Fleet>,
    ) -> Self {
        let mut settings = self.settings.clone();
        settings.config = Some(config);
        settings.fleet = crate::settings::FleetSettings::default();
        let ctx = Self::new(out, settings);
        let _ = ctx.fleet.set(fleet);
        ctx
    }

    /// The SSM cache shared by the services of a run over several.
    pub fn shared_ssm(&self) -> Option<crate::template::ssm::SharedSsm> {
        self.fleet.get().map(|f| f.ssm.clone())
    }

    /// The AWS clients, for the config's `region` (unless `--region` was given) and its
    /// `sdk_options`.
    pub async fn clients(&self, config: &Config) -> Result<&Clients> {
        self.clients
            .get_or_try_init(|| async {
                let mut aws = self.settings.aws.clone();
                if aws.region.is_none() {
                    aws.region.clone_from(&config.region);
                }
                aws.max_attempts = config.sdk_options.retry_max_attempts;
                aws.timeout = aws.timeout.or(config.timeout);
                match self.fleet.get() {
                    Some(fleet) => fleet.clients(&aws).await,
                    None => Clients::connect(&aws).await,
                }
            })
            .await
    }

    /// The clients, if a command built them already.
    pub fn built_clients(&self) -> Option<&Clients> {
        self.clients.get()
    }

    /// ` --config FILE` when the user named one, for commands suggested in messages.
    pub fn config_flag(&self) -> String {
        self.settings
            .config
            .as_ref()
            .map_or(String::new(), |p| format!(" --config {}", p.display()))
    }

    /// Sets what an interruption should tell the user (`shipper wait` resumes, …).
    pub fn set_interrupt_hint(&self, hint: impl Into<String>) {
        *self.interrupt_hint.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(hint.into());
    }

    pub fn interrupt_hint(&self) -> Option<String> {
        self.interrupt_hint.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}
