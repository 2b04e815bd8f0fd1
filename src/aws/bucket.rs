//! The run's copy of one of AWS's token buckets ([`super::limit`]): how many calls may go now,
//! who goes next, and how the rate adapts to what AWS answers.
//!
//! Calls queue in turns, first come first served: a caller takes a turn, then asks whether it
//! may go ([`Bucket::take`]); if not, it learns how long until it may and asks again then, at
//! the latest after [`RECHECK`]. Asking again matters: the rate changes while callers wait (a
//! throttle cuts it, successes grow it back), and a wait promised at the old rate would be kept
//! long after the bucket could serve it (simulated, that left AWS's bucket idle for minutes
//! while two processes each waited for promises made at a tenth of their rate).

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::time::Instant;

use super::rates::Group;

/// Tokens kept below AWS's burst: calls reach AWS a little early or late, and a copy that
/// matched the real bucket to the token would be refused whenever one arrived early.
const MARGIN: f64 = 1.0;
/// The rate after a throttle, as a share of the rate before (the AWS SDKs' adaptive beta).
const BETA: f64 = 0.7;
/// How fast a throttled group's rate grows back: this share more per second without a throttle.
const GROWTH: f64 = 0.1;
/// The lowest rate a group falls to, as a share of its seed: ten processes sharing an account
/// at this rate still use all of it.
const FLOOR: f64 = 0.1;
/// The longest a waiting caller sleeps before it asks again.
pub const RECHECK: Duration = Duration::from_millis(500);

#[derive(Debug)]
pub struct Bucket {
    capacity: f64,
    /// The documented (or `--rate-limit`) rate: the most this group is sent.
    seed: f64,
    pub rate: f64,
    /// At `at`. Below zero after a throttle: AWS's bucket is empty, and then some (a random
    /// share of a token, so processes refused together do not come back together).
    tokens: f64,
    at: Instant,
    /// The next turn to hand out, the turn whose call goes next, and turns given up.
    next: u64,
    head: u64,
    gone: BTreeSet<u64>,
    cut_at: Option<Instant>,
    grown_at: Instant,
    /// Whether the run has been told this group is rate-limited (see `Limits::queue`).
    pub notice: Notice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Quiet,
    /// A long wait began: say so at this moment, once the queue has gathered.
    Due(Instant),
    Told,
}

impl Bucket {
    pub fn new(group: &Group, now: Instant) -> Self {
        let capacity = (group.burst - MARGIN).max(1.0);
        Self {
            capacity,
            seed: group.rate,
            rate: group.rate,
            tokens: capacity,
            at: now,
            next: 0,
            head: 0,
            gone: BTreeSet::new(),
            cut_at: None,
            grown_at: now,
            notice: Notice::Quiet,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.at = now;
    }

    /// A turn in the queue.
    pub fn turn(&mut self) -> u64 {
        self.next += 1;
        self.next - 1
    }

    /// Takes a token for `turn` (`None`: go), or says how long until it may (ask again then).
    pub fn take(&mut self, turn: u64, now: Instant) -> Option<Duration> {
        self.refill(now);
        if turn == self.head && self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.head += 1;
            self.skip_gone();
            return None;
        }
        let ahead = turn.saturating_sub(self.head) as f64;
        Some(Duration::from_secs_f64(((ahead + 1.0 - self.tokens) / self.rate).max(0.0)))
    }

    /// A caller that will not wait for its turn: goes at once, or gives up (`sent`: it went,
    /// and its call counts against the bucket).
    pub fn leave(&mut self, turn: u64, sent: bool, now: Instant) {
        if sent {
            self.refill(now);
            self.tokens -= 1.0;
        }
        if turn >= self.head {
            self.gone.insert(turn);
            self.skip_gone();
        }
    }

    /// Past the turns given up.
    fn skip_gone(&mut self) {
        while self.gone.remove(&self.head) {
            self.head += 1;
        }
    }

    /// Calls waiting for their turn.
    pub fn queued(&self) -> u64 {
        self.next - self.head - self.gone.len() as u64
    }

    /// How long the last caller in the queue still waits.
    pub fn last_wait(&mut self, now: Instant) -> Duration {
        self.refill(now);
        let queued = self.queued() as f64;
        Duration::from_secs_f64(((queued - self.tokens) / self.rate).max(0.0))
    }

    /// AWS refused a call: its bucket is empty. The copy empties too (less a random share of a
    /// token, see `tokens`), and the rate drops, at most once per interval between sends:
    /// calls refused together are one signal, not many.
    pub fn throttled(&mut self, now: Instant, jitter: f64) {
        self.refill(now);
        self.tokens = self.tokens.min(0.0) - jitter;
        let interval = Duration::from_secs_f64(1.0 / self.rate).max(Duration::from_secs(1));
        if self.cut_at.is_none_or(|at| now.saturating_duration_since(at) >= interval) {
            self.rate = (self.rate * BETA).max(self.seed * FLOOR);
            self.cut_at = Some(now);
        }
        self.grown_at = now;
    }

    /// AWS took a call: the rate grows back towards the seed, by the time since the last throttle
    /// or growth.
    pub fn succeeded(&mut self, now: Instant) {
        if self.rate < self.seed {
            self.refill(now);
            let elapsed = now.saturating_duration_since(self.grown_at).as_secs_f64();
            self.rate = (self.rate * (1.0 + GROWTH * elapsed)).min(self.seed);
        }
        self.grown_at = now;
    }
}
