//! A client-side rate limiter per group of AWS actions, shared by every service of a run.
//!
//! AWS throttles an account per Region with token buckets, one per group of actions (see
//! [`super::rates`]). Two hundred services that each send RegisterTaskDefinition at once get
//! twenty through and a hundred and eighty "Rate exceeded"; retrying them on one schedule only
//! repeats the collision. So a run keeps its own copy of each bucket, seeded from the documented
//! numbers, and books every call a token before it goes: calls past the burst wait in order,
//! one per refill, and the run moves at the pace AWS allows without being refused.
//!
//! The copy can be wrong: other processes (a CI matrix) draw on the same account-wide buckets,
//! which no process can see (limiting across processes is impossible without a shared store;
//! the bed's shared buckets show the effect of several). A throttle says the real bucket is
//! empty: the copy empties too, and the group's rate drops by the SDKs' adaptive factor (0.7),
//! at most once per interval between sends; every success after it lets the rate grow back
//! (5% a second) to the seed. This is the AWS SDKs' "adaptive" retry mode, per account and
//! group across the run's clients instead of per client.
//!
//! [`super::pace`] hooks this into every SDK call; writes, whose queue can outlast an SDK
//! call's timeout, wait with [`Limits::acquire`] before they are sent.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::rates::{self, Group};
use crate::error::{Error, Result};
use crate::output::Output;

/// Tokens kept below AWS's burst: calls reach AWS a little early or late, and a copy that
/// matched the real bucket to the token would be refused whenever one arrived early.
const MARGIN: f64 = 1.0;
/// The rate after a throttle, as a share of the rate before (the AWS SDKs' adaptive beta).
const BETA: f64 = 0.7;
/// How fast a throttled group's rate grows back, per second without a throttle.
const GROWTH: f64 = 0.05;
/// The lowest rate a group falls to, as a share of its seed.
const FLOOR: f64 = 0.02;
/// A wait this long is worth telling the user about (once per group and run).
const NOTICE: Duration = Duration::from_secs(2);

/// The limits of one account and Region, for one run.
pub struct Limits {
    table: Vec<Group>,
    buckets: Mutex<Vec<Bucket>>,
    /// Where "… is rate-limited" goes: the run's output (none in unit tests of other code).
    out: Option<Output>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limits")
    }
}

/// The run's copy of one group's bucket.
#[derive(Debug)]
struct Bucket {
    capacity: f64,
    /// The documented (or `--rate-limit`) rate: the most this group is sent.
    seed: f64,
    rate: f64,
    /// At `at`; below zero, tokens already promised to calls still waiting.
    tokens: f64,
    at: Instant,
    cut_at: Option<Instant>,
    grown_at: Instant,
    noticed: bool,
}

impl Bucket {
    fn new(group: &Group, now: Instant) -> Self {
        let capacity = (group.burst - MARGIN).max(1.0);
        Self {
            capacity,
            seed: group.rate,
            rate: group.rate,
            tokens: capacity,
            at: now,
            cut_at: None,
            grown_at: now,
            noticed: false,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.at = now;
    }

    /// Books a token: how long until it is due.
    fn reserve(&mut self, now: Instant) -> Duration {
        self.refill(now);
        self.tokens -= 1.0;
        self.due()
    }

    /// How long the last booked call waits (zero when tokens are left).
    fn due(&self) -> Duration {
        Duration::from_secs_f64((-self.tokens).max(0.0) / self.rate)
    }

    fn throttled(&mut self, now: Instant) {
        self.refill(now);
        self.tokens = self.tokens.min(0.0);
        let interval = Duration::from_secs_f64(1.0 / self.rate).max(Duration::from_secs(1));
        if self.cut_at.is_none_or(|at| now.saturating_duration_since(at) >= interval) {
            self.rate = (self.rate * BETA).max(self.seed * FLOOR);
            self.cut_at = Some(now);
            self.grown_at = now;
        }
    }

    fn succeeded(&mut self, now: Instant) {
        if self.rate < self.seed {
            self.refill(now);
            let elapsed = now.saturating_duration_since(self.grown_at).as_secs_f64();
            self.rate = (self.rate * (1.0 + GROWTH * elapsed)).min(self.seed);
        }
        self.grown_at = now;
    }
}

impl Limits {
    /// The documented limits with the account's own (`--rate-limit`) in their place.
    pub fn new(overrides: &[crate::cli::RateLimit], out: Option<Output>) -> Result<Self> {
        let table = rates::with_overrides(overrides)?;
        let now = Instant::now();
        let buckets = table.iter().map(|g| Bucket::new(g, now)).collect();
        Ok(Self { table, buckets: Mutex::new(buckets), out })
    }

    /// The group of `action` of `service` (a signing name), if AWS limits it.
    pub fn group(&self, service: &str, action: &str) -> Option<usize> {
        rates::group_of(&self.table, service, action)
    }

    /// Books a token of `group` for a call of `action` about to be sent; answers how long the
    /// call waits for it. Says so once, if the wait is long (see [`NOTICE`]).
    pub fn reserve(&self, group: usize, action: &str) -> Duration {
        let (wait, queued, notice) = {
            let mut buckets = self.lock();
            let bucket = &mut buckets[group];
            let wait = bucket.reserve(Instant::now());
            let notice = wait >= NOTICE && !bucket.noticed;
            bucket.noticed |= notice;
            (wait, (-bucket.tokens).ceil().max(1.0) as u64, notice)
        };
        if notice && let Some(out) = &self.out {
            out.info(&self.notice(group, action, queued, wait));
        }
        wait
    }

    /// Waits for a token of `operation` (`ecs:RegisterTaskDefinition`): for calls sent outside
    /// the SDK's pacing (see [`super::pace::Prepaid`]). A wait that would pass `deadline` is an
    /// error at once.
    pub async fn acquire(&self, operation: &str, deadline: Instant) -> Result<()> {
        let (service, action) = operation.split_once(':').unwrap_or(("", operation));
        let Some(group) = self.group(service, action) else { return Ok(()) };
        let wait = self.reserve(group, action);
        if Instant::now() + wait > deadline {
            self.lock()[group].tokens += 1.0;
            return Err(Error::new(format!(
                "{operation} would wait {} s for the account's rate limit, past the timeout",
                wait.as_secs()
            ))
            .hint("allow more time (--timeout), deploy fewer services at once, or give the account's raised limit (--rate-limit)"));
        }
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// AWS answered a call of `group`: throttled, or not.
    pub fn answered(&self, group: usize, action: &str, throttled: bool) {
        let now = Instant::now();
        let mut buckets = self.lock();
        let bucket = &mut buckets[group];
        if throttled {
            bucket.throttled(now);
            tracing::debug!(
                "aws: {}:{action} throttled; {} now goes at {:.2}/s",
                self.table[group].service,
                self.table[group].name,
                bucket.rate
            );
        } else {
            bucket.succeeded(now);
        }
    }

    /// How long the writes already booked still wait (the longest of any write group): polls
    /// make way for them (see `wait::watcher`).
    pub fn writes_waiting(&self) -> Duration {
        let now = Instant::now();
        let mut buckets = self.lock();
        let waits = self.table.iter().zip(buckets.iter_mut()).filter(|(g, _)| g.write).map(
            |(_, bucket)| {
                bucket.refill(now);
                bucket.due()
            },
        );
        waits.max().unwrap_or_default()
    }

    /// "ECS RegisterTaskDefinition is rate-limited: 37 revisions queued, ~35 s".
    fn notice(&self, group: usize, action: &str, queued: u64, wait: Duration) -> String {
        let service = match self.table[group].service {
            "ecs" => "ECS",
            "ssm" => "SSM",
            "elasticloadbalancing" => "Elastic Load Balancing",
            "codedeploy" => "CodeDeploy",
            "monitoring" => "CloudWatch",
            other => other,
        };
        let (one, many) = match action {
            "RegisterTaskDefinition" => ("revision", "revisions"),
            "CreateService" | "UpdateService" => ("service update", "service updates"),
            _ => ("call", "calls"),
        };
        let noun = if queued == 1 { one } else { many };
        format!(
            "{service} {action} is rate-limited: {queued} {noun} queued, ~{} s",
            wait.as_secs_f64().ceil()
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Bucket>> {
        self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD: &str = "RegisterTaskDefinition";

    fn limits() -> (Limits, usize) {
        let limits = Limits::new(&[], None).unwrap();
        let td = limits.group("ecs", TD).unwrap();
        (limits, td)
    }

    /// What two hundred services registering at once wait: the burst (less the margin) at
    /// once, then one a second, in the order they asked.
    #[tokio::test(start_paused = true)]
    async fn a_burst_goes_at_once_and_the_rest_one_per_refill_in_order() {
        let (limits, td) = limits();
        let waits: Vec<Duration> = (0..200).map(|_| limits.reserve(td, TD)).collect();
        assert!(waits[..19].iter().all(Duration::is_zero), "{:?}", &waits[..20]);
        assert_eq!(waits[19], Duration::from_secs(1));
        assert_eq!(waits[199], Duration::from_secs(181));
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "first come, first served");
        assert_eq!(limits.writes_waiting(), Duration::from_secs(181));
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(limits.writes_waiting(), Duration::from_secs(81));
    }

    #[tokio::test(start_paused = true)]
    async fn groups_are_separate_buckets() {
        let (limits, td) = limits();
        for _ in 0..30 {
            limits.reserve(td, TD);
        }
        let update = limits.group("ecs", "UpdateService").unwrap();
        assert_eq!(limits.reserve(update, "UpdateService"), Duration::ZERO);
        let reads = limits.group("ecs", "DescribeServices").unwrap();
        assert_eq!(limits.reserve(reads, "DescribeServices"), Duration::ZERO);
    }

    /// Other processes drained the real bucket: a throttle empties the copy and slows the
    /// group, once per interval however many calls were refused together; successes bring it
    /// back to the documented rate, never beyond.
    #[tokio::test(start_paused = true)]
    async fn a_throttle_slows_the_group_and_successes_bring_it_back() {
        let (limits, td) = limits();
        for _ in 0..5 {
            limits.answered(td, TD, true);
        }
        let rate = |l: &Limits| l.lock()[td].rate;
        assert!((rate(&limits) - 0.7).abs() < 1e-9, "one cut for one collision");
        assert_eq!(limits.reserve(td, TD), Duration::from_secs_f64(1.0 / 0.7));
        tokio::time::advance(Duration::from_secs(2)).await;
        limits.answered(td, TD, true);
        assert!((rate(&limits) - 0.49).abs() < 1e-9);
        for _ in 0..40 {
            tokio::time::advance(Duration::from_secs(1)).await;
            limits.answered(td, TD, false);
        }
        assert_eq!(rate(&limits), 1.0, "back to the seed and no further");
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_never_falls_to_nothing() {
        let (limits, td) = limits();
        for _ in 0..200 {
            tokio::time::advance(Duration::from_secs(60)).await;
            limits.answered(td, TD, true);
        }
        assert!((limits.lock()[td].rate - 0.02).abs() < 1e-9);
    }

    #[tokio::test(start_paused = true)]
    async fn acquire_waits_its_turn_and_refuses_a_wait_past_the_deadline() {
        let limits = Limits::new(&["RegisterTaskDefinition=3/1".parse().unwrap()], None).unwrap();
        let start = Instant::now();
        let deadline = start + Duration::from_secs(10);
        for _ in 0..4 {
            limits.acquire("ecs:RegisterTaskDefinition", deadline).await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2), "two at once, then one a second");
        let err = limits.acquire("ecs:RegisterTaskDefinition", start).await.unwrap_err();
        assert!(err.message().contains("past the timeout"), "{}", err.message());
        // The refused call gave its token back.
        assert_eq!(limits.writes_waiting(), Duration::ZERO);
        limits.acquire("ecr:DescribeImages", start).await.unwrap();
    }

    #[test]
    fn the_notice_counts_what_is_queued() {
        let (limits, td) = limits();
        let text = limits.notice(td, TD, 37, Duration::from_millis(34_200));
        assert_eq!(text, "ECS RegisterTaskDefinition is rate-limited: 37 revisions queued, ~35 s");
        let reads = limits.group("ecs", "DescribeServices").unwrap();
        assert_eq!(
            limits.notice(reads, "DescribeServices", 1, Duration::from_secs(3)),
            "ECS DescribeServices is rate-limited: 1 call queued, ~3 s"
        );
    }
}
