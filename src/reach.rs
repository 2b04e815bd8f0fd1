//! Where AWS calls go and how long each may take: decided where the clients are built
//! ([`crate::aws`]) and read where AWS errors are worded ([`crate::error`]) and where a call is
//! made without an SDK client ([`crate::s3`]). A leaf, so the error type depends on nothing
//! that makes AWS calls.

use std::sync::OnceLock;
use std::time::Duration;

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

/// Records where AWS calls go, once the clients are built (the first set wins: one process
/// reaches one endpoint per run, and a run over several services shares its settings).
pub fn set(reached: Reached) {
    let _ = REACHED.set(reached);
}

/// Where AWS calls go, once the clients are built.
pub fn reached() -> Option<&'static Reached> {
    REACHED.get()
}
