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

pub mod report;
pub mod schedule;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{Deployment, Service, ServiceDeployment, ServiceDeploymentStatus};
use aws_smithy_types::DateTime;

use crate::aws::Clients;
use crate::ecs;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::output::progress::Progress;
use schedule::Schedule;

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

/// Consecutive failed polls tolerated (throttling that outlasts the SDK's retries, a network
/// blip) before waiting itself fails: a deployment must not be reported broken because one
/// status read was.
const MAX_POLL_ERRORS: u32 = 5;

/// Reads one poll may make: the one it starts with, and confirmations at once (a finished
/// deployment against a fresh service read, a settled service against the deployment).
const MAX_READS_PER_POLL: usize = 3;

enum Mode {
    ServiceDeployments { arn: Option<String> },
    Legacy,
}

/// What a poll reads: each is one ECS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// DescribeServices: events, task counts, and the service half of the verdict.
    Service,
    /// DescribeServiceDeployments (after one ListServiceDeployments if the ARN is not known).
    Deployment,
}

/// What to do after feeding the watcher a read.
pub enum Next {
    Done(Outcome),
    /// Read this at once: the verdict needs it.
    Read(Look),
    /// Nothing to decide yet: sleep until the next poll.
    Wait,
}

pub struct Watcher<'a> {
    clients: &'a Clients,
    watch: Watch,
    mode: Mode,
    seen_events: HashSet<String>,
    last_status: Option<String>,
    /// A STOPPED deployment was judged once against a service read that still showed it.
    stale_stop: bool,
    /// `-v` has been told which deployment is followed.
    announced: bool,
    schedule: Schedule,
    /// The last milestone (see [`schedule`]): the update, then each visible move.
    milestone: Instant,
    /// The service and the service deployment as last read.
    service: Option<Service>,
    deployment: Option<ServiceDeployment>,
    service_read_at: Option<Instant>,
    /// What the previous poll started with (so display reads never starve the deployment's).
    last_look: Option<Look>,
    /// Staged rollouts run gates on every look at the deployment: a poll that reads the
    /// service for display reads the deployment too.
    deployment_every_poll: bool,
    /// The last look at the service deployment found none since the update.
    deployment_missing: bool,
    /// The last read showed the new tasks all running (the end is near).
    near_end: bool,
    /// The service as the change left it, not yet looked at (see [`Watch::start`]).
    start: Option<Service>,
}

impl<'a> Watcher<'a> {
    pub fn new(clients: &'a Clients, mut watch: Watch) -> Self {
        let start = watch.start.take().map(|s| *s);
        let mode = Mode::ServiceDeployments { arn: watch.deployment.clone() };
        let seen_events = watch.known_events.clone();
        let schedule = Schedule::new(watch.poll);
        Self {
            clients,
            watch,
            mode,
            seen_events,
            last_status: None,
            stale_stop: false,
            announced: false,
            schedule,
            milestone: Instant::now(),
            service: None,
            deployment: None,
            service_read_at: None,
            last_look: None,
            deployment_every_poll: false,
            deployment_missing: false,
            near_end: false,
            start,
        }
    }

    /// Every poll reads the service deployment (staged rollouts: gates follow its stages).
    #[must_use]
    pub fn deployment_every_poll(mut self) -> Self {
        self.deployment_every_poll = true;
        self
    }

    /// Waits until the deployment ends or the timeout passes.
    pub async fn run(mut self, out: &Output) -> Result<Outcome> {
        let deadline = Instant::now() + self.watch.timeout;
        let mut progress = Progress::start(out);
        let mut errors = 0;
        loop {
            match self.poll_once(&mut progress, &mut errors).await? {
                Some(Poll::Done(outcome)) => return Ok(outcome),
                Some(Poll::Running { .. }) | None => {}
            }
            if Instant::now() >= deadline {
                return Ok(self.timed_out().await);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(self.next_delay().min(left)).await;
        }
    }

    /// The pause before the next poll (see [`schedule`]).
    pub fn next_delay(&self) -> Duration {
        self.schedule.delay(self.milestone.elapsed())
    }

    /// The outcome at the timeout, with what was still pending.
    pub async fn timed_out(&self) -> Outcome {
        Outcome::TimedOut { pending: self.pending().await }
    }

    pub fn watch(&self) -> &Watch {
        &self.watch
    }

    /// The watch with every event printed so far counted as known: a watch that takes over
    /// (following a rollback) prints only what is new.
    pub fn watch_after_printed(&self) -> Watch {
        let mut watch = self.watch.clone();
        watch.known_events.clone_from(&self.seen_events);
        watch
    }

    /// One poll, tolerating up to [`MAX_POLL_ERRORS`] failed reads in a row (`errors` counts
    /// them): `None` after a failed read that is still tolerated.
    pub async fn poll_once(
        &mut self,
        progress: &mut Progress,
        errors: &mut u32,
    ) -> Result<Option<Poll>> {
        match self.poll(progress).await {
            Ok(poll) => {
                *errors = 0;
                Ok(Some(poll))
            }
            Err(e) if *errors < MAX_POLL_ERRORS => {
                *errors += 1;
                progress.line(&format!(
                    "status read failed ({errors}/{MAX_POLL_ERRORS}), retrying: {}",
                    e.message()
                ));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// What the next poll starts with: one call. The deployment answers "is it done?"; the
    /// service is read for display once per `--poll-interval` (never twice in a row, so the
    /// deployment is still looked at every other poll), and whenever a finished deployment
    /// needs it for the verdict.
    pub fn next_look(&self) -> Look {
        let Mode::ServiceDeployments { .. } = self.mode else { return Look::Service };
        if self.service.is_none() {
            return Look::Service;
        }
        if self.deployment.as_ref().is_some_and(finished) {
            return Look::Service;
        }
        let display_due =
            self.service_read_at.is_none_or(|at| at.elapsed() >= self.schedule.display_every());
        match display_due && self.last_look != Some(Look::Service) {
            true => Look::Service,
            false => Look::Deployment,
        }
    }

    /// One look at the deployment: [`Self::next_look`], then whatever the verdict needs at once.
    async fn poll(&mut self, progress: &mut Progress) -> Result<Poll> {
        let first = self.next_look();
        self.last_look = Some(first);
        let mut look = first;
        let mut read_deployment = false;
        for _ in 0..MAX_READS_PER_POLL {
            let next = match look {
                Look::Service => {
                    let service = match self.start.take() {
                        Some(service) => service,
                        None => ecs::describe_service(
                            self.clients,
                            &self.watch.cluster,
                            &self.watch.service,
                        )
                        .await?
                        .ok_or_else(|| {
                            Error::new(format!(
                                "service {} disappeared while waiting",
                                self.watch.service
                            ))
                        })?,
                    };
                    match self.feed_service(service, progress) {
                        Next::Wait
                            if self.deployment_every_poll
                                && !read_deployment
                                && matches!(self.mode, Mode::ServiceDeployments { .. }) =>
                        {
                            Next::Read(Look::Deployment)
                        }
                        next => next,
                    }
                }
                Look::Deployment => {
                    read_deployment = true;
                    match self.service_deployment().await {
                        Ok(sd) => self.feed_deployment(sd, progress),
                        Err(Read::Unavailable(why)) => {
                            tracing::debug!(
                                "service deployments unavailable ({why}); using the service's deployments"
                            );
                            self.mode = Mode::Legacy;
                            Next::Read(Look::Service)
                        }
                        Err(Read::Failed(e)) => return Err(e),
                    }
                }
            };
            match next {
                Next::Done(outcome) => return Ok(Poll::Done(outcome)),
                Next::Wait => break,
                Next::Read(then) => look = then,
            }
        }
        let service = self.service.clone().ok_or_else(|| {
            Error::new(format!("service {} could not be read", self.watch.service))
        })?;
        Ok(Poll::Running {
            service: Box::new(service),
            deployment: self.deployment.clone().map(Box::new),
            fresh: read_deployment,
        })
    }

    /// Takes a service read (this watcher's own, or one from a batched DescribeServices) and
    /// says what follows: prints its new events and rows, and judges where it can.
    pub fn feed_service(&mut self, service: Service, progress: &mut Progress) -> Next {
        self.print_events(&service, progress);
        progress.rows(&rows(&service));
        self.moved(None, nearly_done(&service, &self.watch.task_definition));
        self.service_read_at = Some(Instant::now());
        let next = match (&self.mode, &self.deployment) {
            (Mode::Legacy, _) => self.judge_legacy(&service).map_or(Next::Wait, Next::Done),
            // The deployment finished at its last read; this read came after it.
            (Mode::ServiceDeployments { .. }, Some(sd)) if finished(sd) => {
                let sd = sd.clone();
                self.show_status(&sd, Some(&service), progress);
                self.judge(&service, &sd).map_or(Next::Wait, Next::Done)
            }
            // ECS lists no service deployment since the update (yet): judge as without the API.
            (Mode::ServiceDeployments { .. }, None) if self.deployment_missing => {
                self.judge_legacy(&service).map_or(Next::Wait, Next::Done)
            }
            // The service looks done or turned back: the deployment says which, at once.
            (Mode::ServiceDeployments { .. }, _) => {
                match settled_on(&service, &self.watch.task_definition)
                    || turned_back(&service, &self.watch.task_definition)
                {
                    true => Next::Read(Look::Deployment),
                    false => Next::Wait,
                }
            }
        };
        self.service = Some(service);
        next
    }

    /// Takes a read of the service deployment (`None`: none listed since the update yet).
    pub fn feed_deployment(
        &mut self,
        sd: Option<ServiceDeployment>,
        progress: &mut Progress,
    ) -> Next {
        let Some(sd) = sd else {
            self.deployment_missing = true;
            return Next::Read(Look::Service);
        };
        self.deployment_missing = false;
        let changed = self.show_status(&sd, self.service.clone().as_ref(), progress);
        self.moved(Some(changed), nearly_done_deployment(&sd));
        let done = finished(&sd);
        self.deployment = Some(sd.clone());
        if !done {
            return Next::Wait;
        }
        // Finished. A service read taken before this one must not deny it (the wasted poll:
        // judged "not yet" against the older read, then a whole interval's sleep). Where the
        // service already agrees, the verdict stands; otherwise it is read again, now.
        match &self.service {
            Some(service)
                if sd.status() == Some(&ServiceDeploymentStatus::Successful)
                    && !self.watch.expect_rollback
                    && settled_on(service, &self.watch.task_definition) =>
            {
                Next::Done(Outcome::Succeeded(Box::new(service.clone())))
            }
            _ => Next::Read(Look::Service),
        }
    }

    /// Prints the deployment's status line when it changed; says whether it changed.
    /// `deployment SUCCESSFUL` waits until the service agrees (all tasks running): printed
    /// earlier, it would sit under a row still saying `running 1/2 … IN_PROGRESS`.
    fn show_status(
        &mut self,
        sd: &ServiceDeployment,
        service: Option<&Service>,
        progress: &mut Progress,
    ) -> bool {
        let line = status_line(sd);
        let changed = self.last_status.as_deref() != Some(line.as_str());
        let premature = sd.status() == Some(&ServiceDeploymentStatus::Successful)
            && !self.watch.expect_rollback
            && !service.is_some_and(|s| settled_on(s, &self.watch.task_definition));
        if changed && !premature {
            progress.line(&line);
            self.last_status = Some(line);
        }
        changed
    }

    /// Notes a visible move for the schedule: the deployment's status line changed
    /// (`changed`), or the rollout just came near its end (`near`).
    fn moved(&mut self, changed: Option<bool>, near: bool) {
        if changed == Some(true) || (near && !self.near_end) {
            self.milestone = Instant::now();
        }
        self.near_end = near;
    }

    /// The service deployment this watch follows: the newest one created since the update.
    async fn service_deployment(&mut self) -> std::result::Result<Option<ServiceDeployment>, Read> {
        let Mode::ServiceDeployments { arn } = &mut self.mode else { return Ok(None) };
        if arn.is_none() {
            let after = DateTime::from_secs(self.watch.since.secs() - 2);
            let out = self
                .clients
                .ecs
                .list_service_deployments()
                .cluster(&self.watch.cluster)
                .service(&self.watch.service)
                .created_at(aws_sdk_ecs::types::CreatedAt::builder().after(after).build())
                .send()
                .await
                .map_err(|e| {
                    Read::from_sdk("ecs:ListServiceDeployments", &self.watch.service, e)
                })?;
            let newest = out
                .service_deployments()
                .iter()
                .max_by_key(|d| d.created_at().map(DateTime::as_nanos))
                .and_then(|d| d.service_deployment_arn());
            *arn = newest.map(ToString::to_string);
            if let Some(arn) = arn {
                tracing::debug!(
                    "decision: following service deployment {arn} (the newest of {} created since the update)",
                    out.service_deployments().len()
                );
            }
        } else if !self.announced {
            tracing::debug!(
                "decision: following service deployment {} (the one the update started)",
                arn.as_deref().unwrap_or("?")
            );
        }
        self.announced = true;
        let Some(current) = arn.clone() else { return Ok(None) };
        if let Some(batch) = &self.clients.describe_batch {
            return batch.deployment(&self.watch.cluster, &current).await;
        }
        let out = self
            .clients
            .ecs
            .describe_service_deployments()
            .service_deployment_arns(&current)
            .send()
            .await
            .map_err(|e| Read::from_sdk("ecs:DescribeServiceDeployments", &current, e))?;
        Ok(out.service_deployments.unwrap_or_default().into_iter().next())
    }

    /// The verdict on a finished deployment, from a service read taken after it finished.
    fn judge(&mut self, service: &Service, sd: &ServiceDeployment) -> Option<Outcome> {
        let status = sd.status().map_or("UNKNOWN", ServiceDeploymentStatus::as_str);
        let failed = |rolled_back: bool, what: &str| Outcome::Failed {
            rolled_back,
            summary: what.to_string(),
            deployment: Some(Box::new(sd.clone())),
        };
        let settled = settled_on(service, &self.watch.task_definition);
        match sd.status() {
            Some(ServiceDeploymentStatus::Successful) if self.watch.expect_rollback => {
                Some(failed(false, "the deployment completed before it could be rolled back"))
            }
            Some(ServiceDeploymentStatus::Successful) => {
                // SUCCESSFUL and the service agrees: one PRIMARY, on the target, all running.
                settled.then(|| Outcome::Succeeded(Box::new(service.clone())))
            }
            Some(ServiceDeploymentStatus::RollbackSuccessful) if self.watch.expect_rollback => {
                settled.then(|| Outcome::Succeeded(Box::new(service.clone())))
            }
            Some(ServiceDeploymentStatus::RollbackSuccessful) => {
                Some(failed(true, "the deployment failed and ECS rolled the service back"))
            }
            Some(ServiceDeploymentStatus::RollbackFailed) => {
                Some(failed(false, "the deployment failed and ECS could not roll it back"))
            }
            Some(ServiceDeploymentStatus::Stopped)
                if let Some(newer) = superseding(service, sd, &self.watch.task_definition) =>
            {
                Some(Outcome::Superseded { by: newer })
            }
            // The service still shows this deployment as PRIMARY although it was read after the
            // stop: ECS has not caught up yet. Look once more (the next read shows whose update
            // stopped it) before judging.
            Some(ServiceDeploymentStatus::Stopped)
                if !self.stale_stop
                    && primary(service).and_then(Deployment::task_definition)
                        == Some(self.watch.task_definition.as_str()) =>
            {
                self.stale_stop = true;
                None
            }
            Some(ServiceDeploymentStatus::Stopped) => {
                let back = primary(service).and_then(Deployment::task_definition)
                    != Some(self.watch.task_definition.as_str());
                Some(failed(
                    back,
                    match back {
                        true => {
                            "the deployment was stopped and the service returned to its previous revision"
                        }
                        false => "the deployment was stopped; the service was not rolled back",
                    },
                ))
            }
            _ => {
                tracing::trace!("deployment {status}");
                None
            }
        }
    }

    /// Without the service deployment API: judge from the service's deployments.
    fn judge_legacy(&self, service: &Service) -> Option<Outcome> {
        let target = self.watch.task_definition.as_str();
        if settled_on(service, target) {
            return Some(Outcome::Succeeded(Box::new(service.clone())));
        }
        let ours = service.deployments().iter().find(|d| d.task_definition() == Some(target));
        let failed = ours.is_some_and(|d| d.rollout_state().map(|s| s.as_str()) == Some("FAILED"));
        let primary_td = primary(service).and_then(Deployment::task_definition);
        let back = primary_td.is_some_and(|td| td != target);
        if back && service.deployments().len() == 1 {
            return Some(Outcome::Failed {
                rolled_back: true,
                summary: "the deployment failed and ECS rolled the service back".into(),
                deployment: None,
            });
        }
        if failed && !back && !circuit_breaker_rolls_back(service) {
            return Some(Outcome::Failed {
                rolled_back: false,
                summary: "the deployment failed (circuit breaker) and stays failed: rollback is not enabled".into(),
                deployment: None,
            });
        }
        None
    }

    fn print_events(&mut self, service: &Service, progress: &Progress) {
        let since = self.watch.since.secs() - 2;
        // ECS lists events newest first, and several often share a timestamp: reversed, then
        // sorted stably, they read oldest first even within one second.
        let mut events: Vec<_> = service
            .events()
            .iter()
            .rev()
            .filter(|e| e.created_at().is_some_and(|t| t.secs() >= since))
            .filter(|e| e.id().is_some_and(|id| !self.seen_events.contains(id)))
            .collect();
        events.sort_by_key(|e| e.created_at().map(DateTime::as_nanos));
        for event in events {
            if let Some(id) = event.id() {
                self.seen_events.insert(id.to_string());
            }
            progress.event(event.message().unwrap_or_default());
        }
    }

    /// What was still pending at the timeout.
    async fn pending(&self) -> String {
        match ecs::describe_service(self.clients, &self.watch.cluster, &self.watch.service).await {
            Ok(Some(service)) => rows(&service).join("; "),
            _ => "the service state could not be read".into(),
        }
    }
}

/// Why reading the service deployment failed.
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
        err: aws_sdk_ecs::error::SdkError<
            E,
            aws_smithy_runtime_api::client::orchestrator::HttpResponse,
        >,
    ) -> Self
    where
        E: aws_sdk_ecs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let unavailable = ecs::api_unavailable(&err);
        let error = Error::aws(operation, resource, err);
        match unavailable {
            true => Self::Unavailable(error.message().to_string()),
            false => Self::Failed(error),
        }
    }
}

/// A deployment of the service newer than `sd` that is not a rollback to where `sd` came from:
/// the one that superseded it.
fn superseding(service: &Service, sd: &ServiceDeployment, target: &str) -> Option<String> {
    // A rollback of this deployment (by ECS or `shipper rollback`) is not someone else's update.
    if sd.rollback().is_some() {
        return None;
    }
    // The service's PRIMARY deployment, on another revision, started no earlier than this one
    // (timestamps may have whole-second resolution, so "no earlier", not "later").
    let started = sd.created_at().or(sd.started_at())?.secs();
    let newer = primary(service).filter(|d| {
        d.task_definition() != Some(target) && d.created_at().is_some_and(|t| t.secs() >= started)
    })?;
    Some(format!(
        "deployment {} of {}",
        newer.id().unwrap_or("?"),
        newer.task_definition().map(ecs::short_name).unwrap_or("?")
    ))
}

/// The deployment reached an end state: nothing more will happen to it.
fn finished(sd: &ServiceDeployment) -> bool {
    matches!(
        sd.status(),
        Some(
            ServiceDeploymentStatus::Successful
                | ServiceDeploymentStatus::RollbackSuccessful
                | ServiceDeploymentStatus::RollbackFailed
                | ServiceDeploymentStatus::Stopped
        )
    )
}

/// The service runs something other than `target` as PRIMARY, or ECS marked the rollout to
/// `target` FAILED: the deployment has something to say.
fn turned_back(service: &Service, target: &str) -> bool {
    let primary_td = primary(service).and_then(Deployment::task_definition);
    let failed = service.deployments().iter().any(|d| {
        d.task_definition() == Some(target)
            && d.rollout_state().is_some_and(|s| s.as_str() == "FAILED")
    });
    primary_td.is_some_and(|td| td != target) || failed
}

/// The new tasks are all running while older ones still drain: the end is near.
fn nearly_done(service: &Service, target: &str) -> bool {
    primary(service).is_some_and(|d| {
        d.task_definition() == Some(target)
            && d.desired_count() > 0
            && d.running_count() >= d.desired_count()
    })
}

/// The same, from the service deployment's own counts.
fn nearly_done_deployment(sd: &ServiceDeployment) -> bool {
    sd.target_service_revision().is_some_and(|t| {
        t.requested_task_count() > 0 && t.running_task_count() >= t.requested_task_count()
    })
}

fn primary(service: &Service) -> Option<&Deployment> {
    service.deployments().iter().find(|d| d.status() == Some("PRIMARY"))
}

/// One PRIMARY deployment, on `target`, with every desired task running.
fn settled_on(service: &Service, target: &str) -> bool {
    let [only] = service.deployments() else { return false };
    only.status() == Some("PRIMARY")
        && only.task_definition() == Some(target)
        && only.running_count() == only.desired_count()
        && service.running_count() == service.desired_count()
        && only.rollout_state().is_none_or(|s| s.as_str() == "COMPLETED")
}

fn circuit_breaker_rolls_back(service: &Service) -> bool {
    service
        .deployment_configuration()
        .and_then(|c| c.deployment_circuit_breaker())
        .is_some_and(|cb| cb.enable() && cb.rollback())
}

/// One row per deployment: `PRIMARY acme-dev-app:5  running 1/2  pending 1  IN_PROGRESS`.
pub fn rows(service: &Service) -> Vec<String> {
    service
        .deployments()
        .iter()
        .map(|d| {
            let td = d.task_definition().map(ecs::short_name).unwrap_or("?");
            let state = d.rollout_state().map(|s| s.as_str().to_string()).unwrap_or_default();
            let failed = if d.failed_tasks() > 0 {
                format!("  failed {}", d.failed_tasks())
            } else {
                String::new()
            };
            format!(
                "{:<7} {td}  running {}/{}  pending {}{failed}  {state}",
                d.status().unwrap_or("?"),
                d.running_count(),
                d.desired_count(),
                d.pending_count()
            )
        })
        .collect()
}

/// `deployment IN_PROGRESS, stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%`.
fn status_line(sd: &ServiceDeployment) -> String {
    let mut line =
        format!("deployment {}", sd.status().map_or("UNKNOWN", ServiceDeploymentStatus::as_str));
    if let Some(stage) = sd.lifecycle_stage() {
        line.push_str(&format!(", stage {}", stage.as_str()));
    }
    if let Some(target) = sd.target_service_revision()
        && let (Some(prod), Some(test)) =
            (target.requested_production_traffic_weight(), target.requested_test_traffic_weight())
    {
        line.push_str(&format!(", traffic prod {prod}% test {test}%"));
    }
    if let Some(cb) = sd.deployment_circuit_breaker()
        && cb.failure_count() > 0
    {
        line.push_str(&format!(", failed tasks {}/{}", cb.failure_count(), cb.threshold()));
    }
    if let Some(reason) = sd.status_reason() {
        line.push_str(&format!(" ({reason})"));
    }
    line
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
