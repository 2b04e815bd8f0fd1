//! How a read failed, where the caller has a fallback: an API this caller cannot use (fall back
//! for good) is told apart from a passing failure (retry).

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::error::Error;

/// Why reading the service deployment failed ([`crate::wait`], [`super::batch`]).
#[derive(Debug, Clone)]
pub enum Read {
    /// The API is not there for this caller (no permission, not offered): fall back for good.
    Unavailable(String),
    /// A passing failure (throttling, network): a failed poll, retried.
    Failed(Error),
}

impl Read {
    pub fn from_sdk<E>(
        operation: &str,
        resource: &str,
        err: aws_sdk_ecs::error::SdkError<E, HttpResponse>,
    ) -> Self
    where
        E: aws_sdk_ecs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let unavailable = api_unavailable(&err);
        let error = Error::aws(operation, resource, err);
        match unavailable {
            true => Self::Unavailable(error.message().to_string()),
            false => Self::Failed(error),
        }
    }
}

/// Whether an error says the API is not offered to this caller (no permission, an older
/// partition, an endpoint without it), as opposed to a passing failure such as throttling.
/// Callers fall back to an older way of asking only in the first case.
pub fn api_unavailable<E>(err: &aws_sdk_ecs::error::SdkError<E, HttpResponse>) -> bool
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata,
{
    use aws_sdk_ecs::error::ProvideErrorMetadata;
    matches!(
        err.code(),
        Some(
            "AccessDeniedException"
                | "UnsupportedFeatureException"
                | "UnknownOperationException"
                | "InvalidAction"
        )
    ) || matches!(err.raw_response().map(|r| r.status().as_u16()), Some(404 | 501))
}
