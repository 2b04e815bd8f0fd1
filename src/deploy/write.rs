//! Writes that are safe to retry: the SDK's own retries are off for them, because it would
//! resend a request whose answer was lost although it succeeded (two revisions, two
//! deployments). shipper retries itself, and after a failure that may have landed (no answer, a
//! 5xx) it first looks whether the write happened; a refusal before any work (throttling) is
//! simply sent again.
//!
//! Each attempt first waits for its token from the run's rate limiter (see `aws::limit`): a
//! write may queue behind the run's others for minutes (ECS refills RegisterTaskDefinition once
//! a second), longer than an SDK call may take. A throttled write is not a failure: it is sent
//! again, after a jittered pause and its next turn, for as long as the command's `--timeout`
//! allows; only failures that may have landed count against [`ATTEMPTS`].

use std::future::Future;
use std::time::Duration;

use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use tokio::time::Instant;

use aws_sdk_ecs::client::customize::CustomizableOperation;

use crate::aws::Clients;
use crate::aws::limit::jitter;
use crate::aws::pace::Prepaid;
use crate::ecs::Retry;
use crate::error::{Error, Result};
use crate::model::send::UseInput;

/// Attempts of one write that may have landed (as many as the SDK gets for a read: see
/// `aws::DEFAULT_MAX_ATTEMPTS`).
const ATTEMPTS: u32 = 8;

/// The SDK configuration for a write: no automatic retry.
pub fn no_retry() -> aws_sdk_ecs::config::Builder {
    aws_sdk_ecs::config::Builder::default()
        .retry_config(aws_sdk_ecs::config::retry::RetryConfig::disabled())
}

/// An ECS write's call as [`idempotent`] sends it: no SDK retries, the complete `input` (see
/// `model::send`), and its token already taken.
pub fn call<T, E, B, I>(
    operation: CustomizableOperation<T, E, B>,
    input: I,
) -> CustomizableOperation<T, E, B>
where
    I: std::fmt::Debug + Send + Sync + 'static,
{
    operation.config_override(no_retry()).interceptor(UseInput::new(input)).interceptor(Prepaid)
}

/// The pause before retry `n` (from 1) of a write that may have landed: "full jitter" over
/// 0.25 s · 2ⁿ⁻¹, at most 8 s, so writes that failed together do not come back together.
fn backoff(n: u32) -> Duration {
    let ceiling = Duration::from_millis(250 << (n.max(1) - 1).min(5)).min(Duration::from_secs(8));
    ceiling.mul_f64(jitter())
}

/// The pause before a throttled write asks for its turn again: up to a second, at random. No
/// longer: the limiter already spaces the retry (a throttle empties its bucket), and a write
/// sleeping out a long backoff while AWS's bucket refills is time the run loses.
fn throttle_backoff() -> Duration {
    Duration::from_secs(1).mul_f64(jitter())
}

/// Sends a write until it succeeds (`Ok(Ok(answer))`), or a failed attempt turns out to have
/// landed (`Ok(Err(what landed))`, as `landed` finds it), or it is refused, out of attempts, or
/// still throttled when the command's time is up. `send` must carry
/// [`crate::aws::pace::Prepaid`]: its token is taken here.
pub async fn idempotent<T, L, E, S, SF, C, CF>(
    clients: &Clients,
    operation: &str,
    resource: &str,
    mut send: S,
    mut landed: C,
) -> Result<std::result::Result<T, L>>
where
    S: FnMut() -> SF,
    SF: Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
    C: FnMut() -> CF,
    CF: Future<Output = Option<L>>,
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let deadline = Instant::now() + clients.timeout;
    let mut attempts = 1;
    loop {
        clients.limits.acquire(operation, deadline).await?;
        let error = match send().await {
            Ok(answer) => return Ok(Ok(answer)),
            Err(e) => e,
        };
        let retry = crate::ecs::retryable(&error);
        let pause = match retry {
            Retry::No => None,
            Retry::Safe => Some(throttle_backoff()).filter(|p| Instant::now() + *p < deadline),
            Retry::MayHaveLanded => Some(backoff(attempts)).filter(|_| attempts < ATTEMPTS),
        };
        let Some(pause) = pause else {
            return Err(Error::aws(operation, resource, error));
        };
        tracing::debug!("{operation} attempt failed ({retry:?}); retrying in {pause:?}");
        tokio::time::sleep(pause).await;
        if retry == Retry::MayHaveLanded {
            if let Some(found) = landed().await {
                tracing::debug!(
                    "{operation}: the attempt whose answer was lost had landed; not sending it again"
                );
                return Ok(Err(found));
            }
            attempts += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoffs_are_jittered_under_their_ceilings() {
        let pauses: Vec<Duration> = (0..50).map(|_| throttle_backoff()).collect();
        assert!(pauses.iter().all(|p| *p < Duration::from_secs(1)), "{pauses:?}");
        for n in 1..12 {
            let ceiling =
                Duration::from_millis(250 * (1 << (n - 1).min(5))).min(Duration::from_secs(8));
            let pauses: Vec<Duration> = (0..50).map(|_| backoff(n)).collect();
            assert!(pauses.iter().all(|p| *p <= ceiling), "{n}: {pauses:?}");
            assert!(pauses.windows(2).any(|w| w[0] != w[1]), "jittered: {pauses:?}");
        }
    }
}
