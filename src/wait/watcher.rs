//! The poll loop: which read comes next, feeding each read to the verdict, and the pause
//! between polls.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{Service, ServiceDeployment, ServiceDeploymentStatus};

use super::schedule::Schedule;
use super::verdict::{
    self, Judged, finished, nearly_done, nearly_done_deployment, settled_on, turned_back,
};
use super::view::{self, rows, status_line};
use super::{Outcome, Poll, Watch};
use crate::aws::Clients;
use crate::aws::read::Read;
use crate::ecs;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::output::progress::Progress;

/// Consecutive failed polls tolerated (throttling that outlasts the SDK's retries, a network
/// blip) before waiting itself fails: a deployment must not be reported broken because one
/// status read was.
const MAX_POLL_ERRORS: u32 = 5;

/// Reads one poll may make: the one it starts with, and confirmations at once (a finished
/// deployment against a fresh service read, a settled service against the deployment).
const MAX_READS_PER_POLL: usize = 3;

/// How the deployment is read: its service deployment (followed by ARN once known), or only
/// the service where that API is not offered.
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

    /// The pause before the next poll (see [`schedule`]), longer while the run's writes wait
    /// for their turn under the account's rate limits.
    pub fn next_delay(&self) -> Duration {
        let delay = self.schedule.delay(self.milestone.elapsed());
        self.schedule.yield_to(delay, self.clients.limits.writes_waiting())
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
            (Mode::Legacy, _) => verdict::judge_legacy(&service, &self.watch.task_definition)
                .map_or(Next::Wait, Next::Done),
            // The deployment finished at its last read; this read came after it.
            (Mode::ServiceDeployments { .. }, Some(sd)) if finished(sd) => {
                let sd = sd.clone();
                self.show_status(&sd, Some(&service), progress);
                match verdict::judge(
                    &service,
                    &sd,
                    &self.watch.task_definition,
                    self.watch.expect_rollback,
                    self.stale_stop,
                ) {
                    Judged::Ended(outcome) => Next::Done(outcome),
                    Judged::NotYet => Next::Wait,
                    Judged::LookAgain => {
                        self.stale_stop = true;
                        Next::Wait
                    }
                }
            }
            // ECS lists no service deployment since the update (yet): judge as without the API.
            (Mode::ServiceDeployments { .. }, None) if self.deployment_missing => {
                verdict::judge_legacy(&service, &self.watch.task_definition)
                    .map_or(Next::Wait, Next::Done)
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
            *arn = super::find::deployment_of(
                &self.clients.ecs,
                &self.watch.cluster,
                &self.watch.service,
                self.watch.since,
                &self.watch.task_definition,
            )
            .await?;
            if let Some(arn) = arn {
                tracing::debug!(
                    "decision: following service deployment {arn} (created since the update, of {})",
                    ecs::short_name(&self.watch.task_definition)
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

    fn print_events(&mut self, service: &Service, progress: &Progress) {
        for event in view::new_events(service, self.watch.since.secs(), &self.seen_events) {
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
