//! SIGINT (Ctrl-C) and SIGTERM (what a CI runner sends when a job is cancelled), handled alike.
//!
//! The command's future is dropped at the first signal: in-flight AWS calls are abandoned. Then
//! shipper says what it had done (from the [`crate::journal::Journal`]): an UpdateService whose
//! answer never came is checked with one bounded read, so the message can say whether the
//! deployment started. A second signal during that check exits at once.

use std::time::Duration;

use crate::context::Context;
use crate::error::{Error, Kind};

/// How long the after-interruption check may take: a person pressing Ctrl-C wants out.
const CHECK: Duration = Duration::from_secs(3);

#[cfg(unix)]
pub struct Signals {
    int: Option<tokio::signal::unix::Signal>,
    term: Option<tokio::signal::unix::Signal>,
}

#[cfg(unix)]
impl Signals {
    pub fn install() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        Self {
            int: signal(SignalKind::interrupt()).ok(),
            term: signal(SignalKind::terminate()).ok(),
        }
    }

    /// Waits for the next SIGINT or SIGTERM; returns its name. Never resolves where the
    /// handlers could not be installed.
    pub async fn next(&mut self) -> &'static str {
        async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
            let delivered = match s {
                Some(s) => s.recv().await.is_some(),
                None => false,
            };
            if !delivered {
                std::future::pending::<()>().await;
            }
        }
        tokio::select! {
            () = recv(&mut self.int) => "SIGINT",
            () = recv(&mut self.term) => "SIGTERM",
        }
    }
}

#[cfg(not(unix))]
pub struct Signals;

#[cfg(not(unix))]
impl Signals {
    pub fn install() -> Self {
        Self
    }

    pub async fn next(&mut self) -> &'static str {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    }
}

/// The error for an interruption: what was already done, and how to go on from there.
pub async fn report(ctx: &Context, signal: &str) -> Error {
    // A run over several services: each one in flight reports for itself (see `fleet`).
    if let Some(reporter) = ctx.interrupt_reporter() {
        return reporter.report(signal).await;
    }
    let landed = match (ctx.journal.update_in_flight(), ctx.built_clients()) {
        (Some((cluster, service, known)), Some(clients)) => {
            // The request may still be on its way: look again until a deployment that was not
            // there before shows, or time is up.
            let check = async {
                loop {
                    if let Ok(Some(s)) =
                        crate::ecs::describe_service(clients, &cluster, &service).await
                        && s.deployments()
                            .iter()
                            .any(|d| d.id().is_some_and(|id| !known.iter().any(|k| k == id)))
                    {
                        return true;
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            };
            tokio::time::timeout(CHECK, check).await.ok()
        }
        _ => None,
    };
    error(ctx, signal, landed)
}

/// The same without any check (a second signal arrived).
pub fn error(ctx: &Context, signal: &str, landed: Option<bool>) -> Error {
    let mut error = Error::with_kind(Kind::Interrupted, format!("interrupted ({signal})"));
    for line in ctx.journal.describe(landed) {
        error = error.detail(line);
    }
    match ctx.interrupt_hint() {
        Some(hint) => error.hint(hint),
        None if landed == Some(true) => error.hint(format!(
            "`shipper wait{}` follows the deployment, `shipper rollback{}` stops it",
            ctx.config_flag(),
            ctx.config_flag()
        )),
        None => error,
    }
}
