//! Following a deployment to its end, and telling the truth about how it ended.
//!
//! shipper polls itself (not the SDK waiter, whose 15 s minimum delay is too slow and whose
//! "stable" ignores rollbacks). It watches the ECS service deployment created by the update
//! (`ListServiceDeployments` after the update time → `DescribeServiceDeployments`); where that
//! API is unavailable it falls back to the service's `deployments`. Success needs both: the
//! deployment `SUCCESSFUL` *and* the service back to a single PRIMARY deployment on the target
//! task definition with every desired task running. A deployment ECS rolled back is a failure,
//! always — the bug every peer tool has shipped at least once.
//!
//! Each poll is one ECS call ([`Watcher::next_look`]): the service deployment, which says
//! whether it is done; the service itself (events, task counts) once per `--poll-interval` in its
//! place. A read that shows the end is confirmed at once by a read of the other half, never
//! judged against an older read (which cost a whole interval's sleep per deploy). The service as
//! UpdateService (or CreateService) answered is the first service read ([`Watch::start`]): it is
//! as fresh as a read, so it is not asked for again. The pause between polls adapts
//! ([`schedule`]). The per-read logic ([`Watcher::feed_service`], [`Watcher::feed_deployment`])
//! is separate from the reading, so a poller that reads many services in one DescribeServices
//! can feed each watcher its part.
//!
//! The poll loop is [`watcher`], the verdict on what a read shows is [`verdict`] (pure
//! functions of ECS's answers), what a person sees meanwhile is [`view`], and what a failure
//! report adds is [`report`].

pub mod daemon;
mod find;
pub mod report;
pub mod schedule;
mod verdict;
mod view;
mod watcher;

use std::collections::HashSet;
use std::time::Duration;

use aws_sdk_ecs::types::{Service, ServiceDeployment};
use aws_smithy_types::DateTime;

use crate::aws::Clients;
use crate::ecs;
use crate::error::{Error, Result};
pub use view::rows;
pub use watcher::{Look, Next, Watcher};

/// What to wait for.
#[derive(Debug, Clone)]
pub struct Watch {
    pub cluster: String,
    pub service: String,
    /// The task definition ARN the service must end up running.
    pub task_definition: String,
    /// Deployments (and events) from before this moment belong to someone else.
    pub since: DateTime,
    pub poll: Duration,
    pub timeout: Duration,
    /// Follow this service deployment instead of the newest one created since `since`.
    pub deployment: Option<String>,
    /// The deployment is being rolled back on purpose (`shipper rollback`): its rollback
    /// succeeding is the success.
    pub expect_rollback: bool,
    /// Service events that existed before the change, so only new ones are printed.
    pub known_events: HashSet<String>,
    /// The service as the change left it (CreateService's or UpdateService's answer): the first
    /// look takes it as a service read instead of asking again. Taken by the watcher.
    pub start: Option<Box<Service>>,
}

impl Watch {
    /// Treats the events `service` already shows as old news.
    #[must_use]
    pub fn after_events_of(mut self, service: &Service) -> Self {
        self.known_events
            .extend(service.events().iter().filter_map(|e| e.id().map(ToString::to_string)));
        self
    }

    /// Starts from the service as the change left it (see [`Watch::start`]).
    #[must_use]
    pub fn starting_from(mut self, service: Option<&Service>) -> Self {
        self.start = service.cloned().map(Box::new);
        self
    }
}

/// How a deployment ended.
#[derive(Debug)]
pub enum Outcome {
    Succeeded(Box<Service>),
    /// The deployment failed. `rolled_back`: the service is back on an earlier task definition.
    Failed {
        rolled_back: bool,
        summary: String,
        deployment: Option<Box<ServiceDeployment>>,
    },
    TimedOut {
        pending: String,
    },
    /// Someone else's update (another shipper, the console, Terraform) started a newer
    /// deployment, which stopped this one: `by` describes it.
    Superseded {
        by: String,
    },
}

/// What one poll found.
pub enum Poll {
    Done(Outcome),
    /// Still going: the service as last read and (where the API answers) the service deployment
    /// followed, as last read. `fresh`: this poll read the service deployment (a poll that read
    /// only the service for display leaves it as it was).
    Running {
        service: Box<Service>,
        deployment: Option<Box<ServiceDeployment>>,
        fresh: bool,
    },
}

/// Follows a deployment to its end and turns the outcome into shipper's result: the service on
/// success; an error with exit code 3 (failed, rolled back) or 4 (timed out) otherwise.
pub async fn follow(
    ctx: &crate::context::Context,
    clients: &Clients,
    watch: Watch,
    config: &std::path::Path,
) -> Result<Service> {
    let config = config.display();
    ctx.set_interrupt_hint(format!(
        "the deployment goes on in ECS: `shipper wait --config {config}` follows it again, `shipper rollback --config {config}` rolls it back"
    ));
    let target = watch.task_definition.clone();
    let (cluster, service) = (watch.cluster.clone(), watch.service.clone());
    let outcome = Watcher::new(clients, watch).run(&ctx.out).await?;
    conclude(clients, outcome, &target, &cluster, &service, &config.to_string()).await
}

/// Turns an outcome into shipper's result (see [`follow`]).
pub async fn conclude(
    clients: &Clients,
    outcome: Outcome,
    target: &str,
    cluster: &str,
    service: &str,
    config: &str,
) -> Result<Service> {
    let (target, cluster, service) = (target.to_string(), cluster.to_string(), service.to_string());
    match outcome {
        Outcome::Succeeded(service) => Ok(*service),
        Outcome::Failed { rolled_back, summary, deployment } => {
            let now = ecs::describe_service(clients, &cluster, &service).await.ok().flatten();
            let running = now.as_ref().and_then(|s| s.task_definition()).map(ecs::short_name).unwrap_or("?");
            let mut error = Error::with_kind(
                crate::error::Kind::RolledBack,
                format!("deployment of {} to {service} failed: {summary}; the service runs {running}", ecs::short_name(&target)),
            );
            for line in report::failure_details(clients, &cluster, &service, now.as_ref(), &target, deployment.as_deref()).await {
                error = error.detail(line);
            }
            Err(match rolled_back {
                true => error.hint(format!("fix the cause above and deploy again; `shipper status --config {config}` shows the service")),
                false => error.hint(format!("the service is not on a working revision: `shipper rollback --config {config}` returns it to the previous one")),
            })
        }
        Outcome::Superseded { by } => Err(Error::new(format!(
            "the deployment of {} to {service} was superseded: another update started {by}, which stopped this one",
            ecs::short_name(&target)
        ))
        .hint("two deploys of one service raced; in CI, serialise them with a GitHub Actions `concurrency:` group per service. `shipper status` shows what runs now")),
        Outcome::TimedOut { pending } => Err(Error::with_kind(
            crate::error::Kind::TimedOut,
            format!("gave up waiting for {service} after the timeout; still pending: {pending}"),
        )
        .hint(format!(
            "the deployment goes on in ECS: `shipper wait --config {config}` resumes waiting, `shipper rollback --config {config}` stops it"
        ))),
    }
}
