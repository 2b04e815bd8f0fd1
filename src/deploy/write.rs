//! Writes that are safe to retry: the SDK's own retries are off for them, because it would
//! resend a request whose answer was lost although it succeeded (two revisions, two
//! deployments). shipper retries itself, and after a failure that may have landed (no answer, a
//! 5xx) it first looks whether the write happened; a refusal before any work (throttling) is
//! simply sent again.

use std::future::Future;

use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::ecs::Retry;
use crate::error::{Error, Result};

/// Attempts of one write (as many as the SDK gets for a read: see `aws::DEFAULT_MAX_ATTEMPTS`).
const ATTEMPTS: u32 = 8;

/// The SDK configuration for a write: no automatic retry.
pub fn no_retry() -> aws_sdk_ecs::config::Builder {
    aws_sdk_ecs::config::Builder::default()
        .retry_config(aws_sdk_ecs::config::retry::RetryConfig::disabled())
}

/// Waits before attempt `n + 1` of a write: 0.4 s, 0.8 s, 1.6 s, … up to 6.4 s.
async fn backoff(n: u32) {
    tokio::time::sleep(std::time::Duration::from_millis(200 << n.min(5))).await;
}

/// Sends a write until it succeeds (`Ok(Ok(answer))`), or a failed attempt turns out to have
/// landed (`Ok(Err(what landed))`, as `landed` finds it), or it is refused or out of attempts.
pub async fn idempotent<T, L, E, S, SF, C, CF>(
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
    let mut attempt = 1;
    loop {
        let error = match send().await {
            Ok(answer) => return Ok(Ok(answer)),
            Err(e) => e,
        };
        let retry = crate::ecs::retryable(&error);
        if retry == Retry::No || attempt >= ATTEMPTS {
            return Err(Error::aws(operation, resource, error));
        }
        tracing::debug!(
            "{operation} attempt {attempt} failed ({retry:?}); checking before retrying"
        );
        backoff(attempt).await;
        if retry == Retry::MayHaveLanded
            && let Some(found) = landed().await
        {
            tracing::debug!(
                "{operation}: the attempt whose answer was lost had landed; not sending it again"
            );
            return Ok(Err(found));
        }
        attempt += 1;
    }
}
