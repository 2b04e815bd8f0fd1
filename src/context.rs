//! What every command runs with: the output handle, the settings, the AWS session (clients built
//! on first use, by [`crate::aws`], the only place that builds them) and the journal of writes.
//!
//! Everything below this layer receives the parts it needs, never the context: rendering gets
//! [`render::Inputs`], the AWS readers get clients.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::aws::Clients;
use crate::aws::pool::Pool;
use crate::aws::session::Session;
use crate::config::{Config, Workload};
use crate::error::{Error, Result};
use crate::journal::Journal;
use crate::output::Output;
use crate::render::{self, Want};
use crate::settings::Settings;
use crate::state::Rendered;

pub struct Context {
    pub out: Output,
    pub settings: Settings,
    /// AWS: the clients of this run, and what a run over several services shares.
    pub aws: Session,
    /// What to tell the user if they press Ctrl-C now (how to resume or roll back).
    interrupt_hint: Mutex<Option<String>>,
    /// The AWS writes made so far, for the interruption message.
    pub journal: Journal,
    /// Who reports an interruption instead of this context's own journal: the runner of a
    /// command over several services, which asks each service in flight.
    reporter: OnceLock<Arc<dyn ReportInterrupt>>,
    /// The config, once [`Self::workload`] rendered it: later renderings reuse it.
    config: OnceLock<Config>,
    /// A child process owns the terminal (`exec`'s session-manager-plugin): Ctrl-C is its to
    /// handle, and shipper waits for it rather than stopping.
    signals_to_child: AtomicBool,
}

/// Reports what an interrupted command had done (see [`crate::interrupt`]), for a command that
/// runs others under it (a run over several services): defined here, implemented above.
pub trait ReportInterrupt: Send + Sync {
    fn report<'a>(&'a self, signal: &'a str) -> Pin<Box<dyn Future<Output = Error> + Send + 'a>>;
}

impl Context {
    pub fn new(out: Output, settings: Settings) -> Self {
        let aws = Session::new(settings.aws.clone(), None, out.clone());
        Self {
            out,
            settings,
            aws,
            interrupt_hint: Mutex::new(None),
            journal: Journal::default(),
            reporter: OnceLock::new(),
            config: OnceLock::new(),
            signals_to_child: AtomicBool::new(false),
        }
    }

    /// The context of one service in a run over several: its own config, output and journal,
    /// the run's shared clients and caches.
    pub fn for_service(&self, config: std::path::PathBuf, out: Output, pool: Arc<Pool>) -> Self {
        let mut settings = self.settings.clone();
        settings.config = Some(config);
        settings.fleet = crate::settings::FleetSettings::default();
        let aws = Session::new(settings.aws.clone(), Some(pool), out.clone());
        Self { aws, ..Self::new(out, settings) }
    }

    /// Hands the report of an interruption to `reporter` (see [`ReportInterrupt`]).
    pub fn report_interrupts_with(&self, reporter: Arc<dyn ReportInterrupt>) {
        let _ = self.reporter.set(reporter);
    }

    /// Who reports an interruption instead of this context, if anyone.
    pub fn interrupt_reporter(&self) -> Option<&Arc<dyn ReportInterrupt>> {
        self.reporter.get()
    }

    /// The AWS clients, for the config's `region` (unless `--region` was given) and its
    /// `sdk_options`.
    pub async fn clients(&self, config: &Config) -> Result<&Clients> {
        self.aws.clients(config).await
    }

    /// The clients, if a command built them already.
    pub fn built_clients(&self) -> Option<&Clients> {
        self.aws.built()
    }

    /// What rendering reads besides the user's files; the plan's rules for a service definition
    /// are checked before any AWS call.
    pub fn render_inputs(&self) -> render::Inputs<'_> {
        render::Inputs {
            settings: &self.settings,
            out: &self.out,
            aws: &self.aws,
            check: crate::deploy::strategy::check_definition,
            config: self.config.get(),
        }
    }

    /// What the config describes (a service, an Express service, a daemon), rendering the
    /// config once for the whole command. `None` when the config cannot be loaded: the command
    /// then meets (and reports) the same error its own way.
    pub async fn workload(&self) -> Option<Workload> {
        if let Some(config) = self.config.get() {
            return Some(config.workload());
        }
        let config = render::config(&self.render_inputs()).await.ok()?;
        let workload = config.workload();
        let _ = self.config.set(config);
        Some(workload)
    }

    /// Loads and renders the config, then the wanted definitions (see [`render::render`]).
    pub async fn render(&self, want: Want) -> Result<Rendered> {
        render::render(&self.render_inputs(), want).await
    }

    /// [`Self::render`], reading the config's service alongside (see
    /// [`render::render_reading_service`]).
    pub async fn render_reading_service(
        &self,
        want: Want,
        read_service: bool,
    ) -> Result<(Rendered, Option<Option<aws_sdk_ecs::types::Service>>)> {
        render::render_reading_service(&self.render_inputs(), want, read_service).await
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

    /// While `on`, SIGINT and SIGTERM are left to a child process that owns the terminal (the
    /// terminal sends Ctrl-C to its whole foreground process group, the child included).
    pub fn hand_signals_to_child(&self, on: bool) {
        self.signals_to_child.store(on, Ordering::SeqCst);
    }

    pub fn signals_handed_to_child(&self) -> bool {
        self.signals_to_child.load(Ordering::SeqCst)
    }

    pub fn interrupt_hint(&self) -> Option<String> {
        self.interrupt_hint.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}
