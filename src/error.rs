//! shipper's one error type, and the exit-code contract.
//!
//! Every failure a user can meet becomes an [`Error`]: a short message that names the file, line,
//! field or AWS call involved, optional context lines, and a hint saying what to do. `main`
//! renders it through the output layer (so secrets are masked) and maps its [`Kind`] to an exit
//! code. Raw SDK errors never reach the user: [`Error::aws`] distils them to the service's error
//! code and message.

use std::fmt;

use aws_sdk_ecs::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// The process exit codes, part of the CLI contract (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// Anything went wrong that is not one of the cases below.
    Failure = 1,
    /// `diff --exit-code` found differences.
    Differences = 2,
    /// A deployment failed and was rolled back (by ECS, CodeDeploy or shipper).
    RolledBack = 3,
    /// Waiting gave up at the timeout; the deployment may still be running.
    TimedOut = 4,
    /// The user interrupted shipper (Ctrl-C).
    Interrupted = 130,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// What a command ends with: one of the contract's codes, or (for `shipper run`) the exit code
/// of the task's container, passed through as `docker run` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exit(Exit),
    Container(u8),
}

impl From<Exit> for Status {
    fn from(exit: Exit) -> Self {
        Self::Exit(exit)
    }
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Self::Exit(exit) => exit.code(),
            Self::Container(code) => code,
        }
    }
}

/// What kind of failure an [`Error`] is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input or a failed AWS call: exit 1.
    Failure,
    /// The deployment failed and the service is back on its previous state: exit 3.
    RolledBack,
    /// Gave up waiting: exit 4.
    TimedOut,
    /// Ctrl-C: exit 130.
    Interrupted,
}

/// A user-facing failure.
#[derive(Debug, Clone)]
pub struct Error {
    kind: Kind,
    message: String,
    details: Vec<String>,
    hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A plain failure (exit 1).
    pub fn new(message: impl Into<String>) -> Self {
        Self { kind: Kind::Failure, message: message.into(), details: Vec::new(), hint: None }
    }

    pub fn with_kind(kind: Kind, message: impl Into<String>) -> Self {
        Self { kind, ..Self::new(message) }
    }

    /// Adds a line of detail shown under the message.
    #[must_use]
    pub fn detail(mut self, line: impl Into<String>) -> Self {
        self.details.push(line.into());
        self
    }

    /// Sets the hint: what the user can do about it.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with where it happened, e.g. a file name.
    #[must_use]
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// Distils an AWS SDK error into one line naming the call, the resource and the service's own
    /// error code and message, with a hint for the failures that have a usual cause.
    pub fn aws<E>(
        operation: &str,
        resource: &str,
        err: aws_sdk_ecs::error::SdkError<E, HttpResponse>,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        use aws_sdk_ecs::error::SdkError;
        let on = if resource.is_empty() { String::new() } else { format!(" ({resource})") };
        match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                let status = service.raw().status().as_u16();
                let code = e.code().map_or_else(|| format!("HTTP {status}"), ToString::to_string);
                Self::aws_service(operation, resource, &code, e.message().unwrap_or("no message"))
            }
            SdkError::TimeoutError(_) => transport(operation, &on, &err, true),
            SdkError::DispatchFailure(failure) => {
                transport(operation, &on, &err, failure.is_timeout())
            }
            SdkError::ResponseError(response) => Self::new(format!(
                "{operation}{on}: the endpoint answered HTTP {} with a body that is not an AWS response",
                response.raw().status().as_u16()
            ))
            .hint("check AWS_ENDPOINT_URL / --endpoint-url: is it an AWS (or AWS-compatible) endpoint?"),
            _ => transport(operation, &on, &err, false),
        }
    }

    /// An AWS error answer to `operation` on `resource`: its code and message, and a hint
    /// where the code has a usual cause.
    pub fn aws_service(operation: &str, resource: &str, code: &str, message: &str) -> Self {
        let on = if resource.is_empty() { String::new() } else { format!(" ({resource})") };
        let error = Self::new(format!("{operation}{on} failed: {code}: {message}"));
        match hint_for_code(code) {
            Some(hint) => error.hint(hint),
            None => error,
        }
    }

    /// An AWS call that got no answer (see [`transport`]).
    pub fn transport(
        operation: &str,
        resource: &str,
        err: &(dyn std::error::Error + 'static),
        timed_out: bool,
    ) -> Self {
        let on = if resource.is_empty() { String::new() } else { format!(" ({resource})") };
        transport(operation, &on, err, timed_out)
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn details(&self) -> &[String] {
        &self.details
    }

    pub fn hint_text(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn exit(&self) -> Exit {
        match self.kind {
            Kind::Failure => Exit::Failure,
            Kind::RolledBack => Exit::RolledBack,
            Kind::TimedOut => Exit::TimedOut,
            Kind::Interrupted => Exit::Interrupted,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// An AWS call that got no usable answer, told from the error's own structure: which kind of
/// failure it is (no credentials, a timeout, nothing listening, anything else) and where shipper
/// was talking to. Each link of the chain is asked for its type, never parsed from text.
fn transport(
    operation: &str,
    on: &str,
    err: &(dyn std::error::Error + 'static),
    timed_out: bool,
) -> Error {
    use aws_credential_types::provider::error::CredentialsError;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    let chain: Vec<&(dyn std::error::Error + 'static)> =
        std::iter::successors(Some(err), |e| e.source()).collect();
    let reached = crate::reach::reached();
    let endpoint = match reached {
        Some(r) => r.endpoint.clone().unwrap_or_else(|| format!("AWS in {}", r.region)),
        None => "AWS".to_string(),
    };
    // The innermost cause is the part a person can act on ("Connection refused").
    let cause = chain.last().map(ToString::to_string).unwrap_or_default();

    if let Some(credentials) = chain.iter().find_map(|e| e.downcast_ref::<CredentialsError>()) {
        let why = match credentials {
            CredentialsError::CredentialsNotLoaded(_) => "none were found".to_string(),
            _ => cause.clone(),
        };
        return Error::new(format!("{operation}{on}: no usable AWS credentials: {why}")).hint(
            "shipper looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the profile (--profile / \
             AWS_PROFILE) in ~/.aws/config and ~/.aws/credentials, web identity (AWS_ROLE_ARN) \
             and the container credentials endpoint; set one of them",
        );
    }
    let connector = chain.iter().find_map(|e| e.downcast_ref::<ConnectorError>());
    let timed_out = timed_out
        || connector.is_some_and(ConnectorError::is_timeout)
        || chain.iter().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        });
    if timed_out {
        let within = reached.map_or(String::new(), |r| {
            format!(
                " (each attempt waits {}, a call with its retries at most {}; --timeout sets both)",
                humantime::format_duration(r.timeouts.attempt),
                humantime::format_duration(r.timeouts.operation)
            )
        });
        return Error::with_kind(
            Kind::TimedOut,
            format!("{operation}{on}: no answer from {endpoint}{within}"),
        )
        .hint("the endpoint accepted the request but did not answer in time; check the network, AWS's status, and AWS_ENDPOINT_URL / --endpoint-url");
    }
    let refused = chain.iter().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
    });
    if refused {
        return Error::new(format!(
            "{operation}{on}: could not connect to {endpoint}: connection refused"
        ))
        .hint("nothing listens there: check AWS_ENDPOINT_URL / --endpoint-url, or the network");
    }
    Error::new(format!("{operation}{on}: could not reach {endpoint}: {cause}")).hint(
        "check the network, the region, and AWS_ENDPOINT_URL / --endpoint-url if you point shipper at another endpoint",
    )
}

fn hint_for_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "ThrottlingException" | "Throttling" | "TooManyRequestsException" => {
            "AWS is throttling requests; retry later or lower the number of parallel runs"
        }
        "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation" => {
            "the credentials in use lack this permission; check the IAM policy of the role shipper runs as"
        }
        "ExpiredTokenException" | "ExpiredToken" => "the AWS session expired; log in again",
        "UnrecognizedClientException" | "InvalidClientTokenId" => {
            "the AWS access key is not valid for this account/region"
        }
        "ClusterNotFoundException" => "check `cluster` in the config (and the region)",
        "ServiceNotFoundException" | "ServiceNotActiveException" => {
            "check `service` in the config; `shipper deploy` creates a missing service"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(Exit::Success.code(), 0);
        assert_eq!(Exit::Failure.code(), 1);
        assert_eq!(Exit::Differences.code(), 2);
        assert_eq!(Exit::RolledBack.code(), 3);
        assert_eq!(Exit::TimedOut.code(), 4);
        assert_eq!(Exit::Interrupted.code(), 130);
        assert_eq!(Error::with_kind(Kind::TimedOut, "x").exit(), Exit::TimedOut);
    }
}
