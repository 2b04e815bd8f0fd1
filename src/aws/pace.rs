//! Every AWS call through the run's limiter ([`super::limit`]), whichever client sends it.
//!
//! Two seams of the SDK, because its retry strategy cannot be replaced: the [`Pace`]
//! interceptor (on every client) names each attempt's group on its request and tells the
//! limiter how AWS answered (throttled, as the SDK's own retry classifiers judge it, or not);
//! the HTTP connector ([`PacedClient`]) makes each attempt wait for its token before it is
//! sent. That wait happens inside the attempt's timeout, so it is cut short at half of it (a
//! call sent early may be throttled, and the limiter learns from it): reads queue for moments.
//! Writes can queue for minutes (RegisterTaskDefinition refills once a second): they wait with
//! [`Limits::acquire`] before the SDK call starts, and carry [`Prepaid`] so the connector does
//! not charge them twice.

use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, Metadata};
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryReason,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::ErrorKind;

use super::limit::Limits;
use super::rates;

/// The longest an attempt waits in the connector (less when the attempt's timeout is shorter).
const MAX_WAIT: Duration = Duration::from_secs(5);

/// The group and action of a request, for the connector.
#[derive(Debug, Clone)]
struct Call {
    group: usize,
    action: String,
}

/// A request whose token was taken before the call ([`Limits::acquire`]).
#[derive(Debug, Clone, Copy)]
struct Paid;

/// On every client: labels requests for [`PacedClient`], reports answers to the limiter.
#[derive(Debug)]
pub struct Pace(pub Arc<Limits>);

impl Pace {
    fn call(&self, cfg: &ConfigBag) -> Option<Call> {
        let metadata = cfg.load::<Metadata>()?;
        let service = rates::signing_name(metadata.service())?;
        let group = self.0.group(service, metadata.name())?;
        Some(Call { group, action: metadata.name().to_string() })
    }
}

impl Intercept for Pace {
    fn name(&self) -> &'static str {
        "shipper::Pace"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(call) = self.call(cfg) {
            context.request_mut().add_extension(call);
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(call) = self.call(cfg) else { return Ok(()) };
        let throttled = match context.output_or_error() {
            Some(Ok(_)) => false,
            // An answer that is not a throttle (a refusal, a 5xx) got through the bucket too.
            Some(Err(_)) if context.response().is_some() => {
                components.retry_classifiers().any(|c| {
                    matches!(
                        c.classify_retry(context.inner()),
                        RetryAction::RetryIndicated(RetryReason::RetryableError {
                            kind: ErrorKind::ThrottlingError,
                            ..
                        })
                    )
                })
            }
            // No answer: nothing learnt.
            _ => return Ok(()),
        };
        self.0.answered(call.group, &call.action, throttled);
        Ok(())
    }
}

/// On a write's own call: its token was taken already (see the module doc).
#[derive(Debug)]
pub struct Prepaid;

impl Intercept for Prepaid {
    fn name(&self) -> &'static str {
        "shipper::Prepaid"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context.request_mut().add_extension(Paid);
        Ok(())
    }
}

/// The HTTP client of every AWS client: each attempt waits for its token, then goes out.
#[derive(Debug)]
pub struct PacedClient {
    inner: SharedHttpClient,
    limits: Arc<Limits>,
}

impl PacedClient {
    pub fn shared(inner: SharedHttpClient, limits: Arc<Limits>) -> SharedHttpClient {
        SharedHttpClient::new(Self { inner, limits })
    }
}

impl HttpClient for PacedClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        let inner = self.inner.http_connector(settings, components);
        let most = settings.read_timeout().map_or(MAX_WAIT, |t| (t / 2).min(MAX_WAIT));
        SharedHttpConnector::new(PacedConnector { inner, limits: Arc::clone(&self.limits), most })
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

#[derive(Debug)]
struct PacedConnector {
    inner: SharedHttpConnector,
    limits: Arc<Limits>,
    /// The longest wait for a token before the attempt goes anyway.
    most: Duration,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let call = match (request.extension::<Call>(), request.extension::<Paid>()) {
            (Some(call), None) => Some(call.clone()),
            _ => None,
        };
        let (inner, limits, most) = (self.inner.clone(), Arc::clone(&self.limits), self.most);
        HttpConnectorFuture::new(async move {
            if let Some(call) = call {
                limits.pace(call.group, &call.action, most).await;
            }
            inner.call(request).await
        })
    }
}
