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
//! at most once per interval between sends, never below a tenth of the seed; successes let it
//! grow back to the seed (see [`super::bucket`]). This is the AWS SDKs' "adaptive" retry mode,
//! per account and group across the run's clients instead of per client.
//!
//! [`super::pace`] hooks this into every SDK call; writes, whose queue can outlast an SDK
//! call's timeout, wait with [`Limits::acquire`] before they are sent.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::bucket::{Bucket, Notice, RECHECK};
use super::rates::{self, Group};
use crate::error::{Error, Result};
use crate::output::Output;

/// A wait this long is worth telling the user about (once per group and run)…
const NOTICE: Duration = Duration::from_secs(2);
/// …this long after it began: services of a run reach their writes over a moment, and the
/// notice should count the queue they make, not its first few.
const SETTLE: Duration = Duration::from_secs(1);

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

/// How long a caller waits for its turn.
#[derive(Debug, Clone, Copy)]
enum Patience {
    /// Until this moment, then it fails (a write: see [`Limits::acquire`]).
    Until(Instant),
    /// This long, then it goes anyway (an SDK attempt, inside its own timeout).
    AtMost(Duration),
}

/// A turn in a group's queue; dropped before its call went (the caller gave up, or was
/// cancelled), it leaves the queue so the turns behind it move up.
struct Turn<'a> {
    limits: &'a Limits,
    group: usize,
    turn: u64,
    done: bool,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.limits.lock()[self.group].leave(self.turn, false, Instant::now());
        }
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

    /// Waits for a token of `operation` (`ecs:RegisterTaskDefinition`): for calls sent outside
    /// the SDK's pacing (see [`super::pace::Prepaid`]). A turn that cannot come before
    /// `deadline` is an error.
    pub async fn acquire(&self, operation: &str, deadline: Instant) -> Result<()> {
        let (service, action) = operation.split_once(':').unwrap_or(("", operation));
        let Some(group) = self.group(service, action) else { return Ok(()) };
        self.queue(group, action, Patience::Until(deadline)).await.map_err(|wait| {
            Error::new(format!(
                "{operation} would wait {} s more for the account's rate limit, past the timeout",
                wait.as_secs()
            ))
            .hint("allow more time (--timeout), deploy fewer services at once, or give the account's raised limit (--rate-limit)")
        })
    }

    /// Waits for a token of `group` for one SDK attempt of `action`, at most `most`: then the
    /// attempt goes anyway (its call counts; a throttle, if it comes, is learnt from).
    pub async fn pace(&self, group: usize, action: &str, most: Duration) {
        let _ = self.queue(group, action, Patience::AtMost(most)).await;
    }

    /// Takes a turn and waits for it (see [`super::bucket`]); says so once per group if the
    /// wait is long. `Err(wait)`: the turn would come past the deadline.
    async fn queue(
        &self,
        group: usize,
        action: &str,
        patience: Patience,
    ) -> std::result::Result<(), Duration> {
        let started = Instant::now();
        let (mut turn, mut wait) = {
            let mut buckets = self.lock();
            let bucket = &mut buckets[group];
            let turn = bucket.turn();
            let Some(wait) = bucket.take(turn, started) else { return Ok(()) };
            if wait >= NOTICE && bucket.notice == Notice::Quiet {
                bucket.notice = Notice::Due(started + SETTLE);
            }
            (Turn { limits: self, group, turn, done: false }, wait)
        };
        loop {
            let now = Instant::now();
            let nap = match patience {
                Patience::Until(deadline) if now + wait > deadline => return Err(wait),
                Patience::Until(_) => wait.min(RECHECK),
                Patience::AtMost(most) => {
                    let left = most.saturating_sub(now - started);
                    if left.is_zero() {
                        self.lock()[group].leave(turn.turn, true, now);
                        turn.done = true;
                        return Ok(());
                    }
                    wait.min(RECHECK).min(left)
                }
            };
            tokio::time::sleep(nap).await;
            self.tell(group, action);
            match self.lock()[group].take(turn.turn, Instant::now()) {
                None => {
                    turn.done = true;
                    return Ok(());
                }
                Some(next) => wait = next,
            }
        }
    }

    /// Says once that `group` is rate-limited, when the notice is due: how many calls wait and
    /// how long the last of them will.
    fn tell(&self, group: usize, action: &str) {
        let now = Instant::now();
        let told = {
            let mut buckets = self.lock();
            let bucket = &mut buckets[group];
            match bucket.notice {
                Notice::Due(at) if at <= now => {
                    bucket.notice = Notice::Told;
                    Some((bucket.queued(), bucket.last_wait(now)))
                }
                _ => None,
            }
        };
        if let (Some((queued, wait)), Some(out)) = (told, &self.out) {
            out.info(&self.notice(group, action, queued.max(1), wait));
        }
    }

    /// AWS answered a call of `group`: throttled, or not.
    pub fn answered(&self, group: usize, action: &str, throttled: bool) {
        let now = Instant::now();
        let mut buckets = self.lock();
        let bucket = &mut buckets[group];
        if throttled {
            bucket.throttled(now, jitter());
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

    /// How long the writes already queued still wait (the longest of any write group): polls
    /// make way for them (see `wait::watcher`).
    pub fn writes_waiting(&self) -> Duration {
        let now = Instant::now();
        let mut buckets = self.lock();
        let waits = self
            .table
            .iter()
            .zip(buckets.iter_mut())
            .filter(|(g, b)| g.write && b.queued() > 0)
            .map(|(_, bucket)| bucket.last_wait(now));
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

/// A random share of one, [0, 1): spreads calls that would otherwise go together.
pub fn jitter() -> f64 {
    getrandom::u64().map_or(0.5, |r| (r >> 11) as f64 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const TD: &str = "ecs:RegisterTaskDefinition";

    fn limits(overrides: &[&str]) -> Arc<Limits> {
        let overrides: Vec<_> = overrides.iter().map(|o| o.parse().unwrap()).collect();
        Arc::new(Limits::new(&overrides, None).unwrap())
    }

    fn secs(d: Duration) -> f64 {
        (d.as_secs_f64() * 100.0).round() / 100.0
    }

    /// `n` callers asking at once: when each one's turn came, in the order they asked.
    async fn turns(limits: &Arc<Limits>, n: usize) -> Vec<f64> {
        let start = Instant::now();
        let deadline = start + Duration::from_secs(3600);
        let calls = (0..n).map(|_| async {
            limits.acquire(TD, deadline).await.unwrap();
            secs(start.elapsed())
        });
        futures_util::future::join_all(calls).await
    }

    /// What two hundred services registering at once wait: the burst (less the margin) at
    /// once, then one a second, in the order they asked.
    #[tokio::test(start_paused = true)]
    async fn a_burst_goes_at_once_and_the_rest_one_per_refill_in_order() {
        let limits = limits(&[]);
        let at = turns(&limits, 200).await;
        assert!(at[..19].iter().all(|t| *t == 0.0), "{:?}", &at[..20]);
        assert_eq!((at[19], at[20], at[199]), (1.0, 2.0, 181.0));
        assert!(at.windows(2).all(|w| w[0] <= w[1]), "first come, first served");
    }

    #[tokio::test(start_paused = true)]
    async fn queued_writes_make_polls_wait_as_long_as_the_last_of_them() {
        let limits = limits(&[]);
        let queue = tokio::spawn({
            let limits = Arc::clone(&limits);
            async move { turns(&limits, 50).await }
        });
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        assert_eq!(secs(limits.writes_waiting()), 31.0);
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert_eq!(secs(limits.writes_waiting()), 11.0);
        queue.await.unwrap();
        assert_eq!(limits.writes_waiting(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn groups_are_separate_buckets() {
        let limits = limits(&[]);
        let start = Instant::now();
        let deadline = start + Duration::from_secs(60);
        for _ in 0..30 {
            let _ = tokio::time::timeout(Duration::ZERO, limits.acquire(TD, deadline)).await;
        }
        limits.acquire("ecs:UpdateService", deadline).await.unwrap();
        limits.acquire("ecs:DescribeServices", deadline).await.unwrap();
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    /// A turn that cannot come in time is refused at once and leaves the queue: the turns
    /// behind it do not wait for it.
    #[tokio::test(start_paused = true)]
    async fn a_turn_past_the_deadline_is_refused_and_gives_its_place_up() {
        let limits = limits(&["RegisterTaskDefinition=3/1"]);
        let start = Instant::now();
        let far = start + Duration::from_secs(60);
        limits.acquire(TD, far).await.unwrap();
        limits.acquire(TD, far).await.unwrap();
        let err = limits.acquire(TD, start + Duration::from_millis(500)).await.unwrap_err();
        assert!(err.message().contains("past the timeout"), "{}", err.message());
        limits.acquire(TD, far).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(1), "two at once, then the next second");
        limits.acquire("ecr:DescribeImages", start).await.unwrap();
    }

    /// An SDK attempt waits inside its own timeout: at most `most`, then it goes and counts.
    #[tokio::test(start_paused = true)]
    async fn an_attempt_waits_at_most_its_share_then_goes() {
        let limits = limits(&["RegisterTaskDefinition=2/0.1"]);
        let group = limits.group("ecs", "RegisterTaskDefinition").unwrap();
        let start = Instant::now();
        limits.pace(group, "RegisterTaskDefinition", Duration::from_secs(2)).await;
        limits.pace(group, "RegisterTaskDefinition", Duration::from_secs(2)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        assert!(limits.lock()[group].take(99, Instant::now()).is_some(), "the early call counted");
    }

    /// Other processes drained the real bucket: a throttle empties the copy and slows the
    /// group, once per interval however many calls were refused together; successes bring it
    /// back to the documented rate, never beyond, and it never falls below a tenth.
    #[tokio::test(start_paused = true)]
    async fn a_throttle_slows_the_group_and_successes_bring_it_back() {
        let limits = limits(&[]);
        let group = limits.group("ecs", "RegisterTaskDefinition").unwrap();
        let rate = || limits.lock()[group].rate;
        for _ in 0..5 {
            limits.answered(group, "RegisterTaskDefinition", true);
        }
        assert!((rate() - 0.7).abs() < 1e-9, "one cut for one collision");
        tokio::time::advance(Duration::from_secs(2)).await;
        limits.answered(group, "RegisterTaskDefinition", true);
        assert!((rate() - 0.49).abs() < 1e-9);
        for _ in 0..20 {
            tokio::time::advance(Duration::from_secs(1)).await;
            limits.answered(group, "RegisterTaskDefinition", false);
        }
        assert_eq!(rate(), 1.0, "back to the seed and no further");
        for _ in 0..50 {
            tokio::time::advance(Duration::from_secs(60)).await;
            limits.answered(group, "RegisterTaskDefinition", true);
        }
        assert!((rate() - 0.1).abs() < 1e-9);
    }

    /// A queue that waits long is said once, a moment after it began; a short one never.
    #[tokio::test(start_paused = true)]
    async fn only_a_long_wait_is_told_and_only_once() {
        let limits = limits(&[]);
        let group = limits.group("ecs", "RegisterTaskDefinition").unwrap();
        turns(&limits, 20).await;
        assert_eq!(limits.lock()[group].notice, Notice::Quiet, "one wait of a second");
        turns(&limits, 30).await;
        assert_eq!(limits.lock()[group].notice, Notice::Told);
    }

    #[test]
    fn the_notice_counts_what_is_queued() {
        let limits = limits(&[]);
        let td = limits.group("ecs", "RegisterTaskDefinition").unwrap();
        let text = limits.notice(td, "RegisterTaskDefinition", 37, Duration::from_millis(34_200));
        assert_eq!(text, "ECS RegisterTaskDefinition is rate-limited: 37 revisions queued, ~35 s");
        let reads = limits.group("ecs", "DescribeServices").unwrap();
        assert_eq!(
            limits.notice(reads, "DescribeServices", 1, Duration::from_secs(3)),
            "ECS DescribeServices is rate-limited: 1 call queued, ~3 s"
        );
    }
}
