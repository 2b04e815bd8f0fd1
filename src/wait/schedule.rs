//! When to look at a deployment next.
//!
//! A fixed interval is either slow to notice the end (the old 5 s poll: 2.6 s median lag) or
//! costly over a long rollout. So the pause follows what was last seen: it starts at the
//! [`FLOOR`] after every *milestone* — the update itself, and each time the deployment visibly
//! moves (its status, stage or traffic changes; its new tasks are all running, so it is near its
//! end) — and grows with the time since that milestone (a tenth of it), up to `--poll-interval`
//! as the ceiling. Right after the update and near the end shipper looks twice a second; while
//! a long rollout plainly goes on (tasks draining for minutes) it backs off to the ceiling.
//!
//! The floor keeps the call rate reasonable: each look is one ECS call (see the module doc of
//! `wait`), so one service costs at most two calls a second, against account-wide ECS read
//! buckets that refill at about 20 a second — room for ten services deploying at once at full
//! speed, and far more once they back off.
//!
//! While the run's writes wait for their turn under the account's rate limits (two hundred
//! services registering at one a second), polls make way ([`Schedule::yield_to`]): a write
//! waiting for a token matters more than one more status read, and every poll of a service
//! already deployed takes bucket and local-AWS time from the reads that come before those
//! writes.

use std::time::Duration;

/// The shortest pause between two looks (unless `--poll-interval` is shorter still).
pub const FLOOR: Duration = Duration::from_millis(500);

/// The pause grows by this fraction of the time since the last milestone.
const GROWTH: u32 = 10;

#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    floor: Duration,
    ceiling: Duration,
}

impl Schedule {
    /// `ceiling` is `--poll-interval`; a ceiling under the floor lowers the floor with it.
    pub fn new(ceiling: Duration) -> Self {
        Self { floor: FLOOR.min(ceiling), ceiling }
    }

    /// The pause before the next look, `since` the last milestone.
    pub fn delay(&self, since: Duration) -> Duration {
        (since / GROWTH).clamp(self.floor, self.ceiling)
    }

    /// The pause `delay`, stretched while writes wait `writes_waiting` for their turn: up to
    /// that wait, never beyond the ceiling (a rollout that ended is still noticed within it).
    pub fn yield_to(&self, delay: Duration, writes_waiting: Duration) -> Duration {
        delay.max(writes_waiting.min(self.ceiling))
    }

    /// How often the service itself is read while the deployment is in progress (for its
    /// events and task counts): once per ceiling, in place of a look at the deployment.
    pub fn display_every(&self) -> Duration {
        self.ceiling
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;
    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn fast_right_after_a_milestone() {
        let s = Schedule::new(S(5));
        assert_eq!(s.delay(S(0)), MS(500));
        assert_eq!(s.delay(S(4)), MS(500));
        assert_eq!(s.delay(S(5)), MS(500));
    }

    #[test]
    fn backs_off_while_nothing_moves_up_to_the_ceiling() {
        let s = Schedule::new(S(5));
        assert_eq!(s.delay(S(10)), S(1));
        assert_eq!(s.delay(S(30)), S(3));
        assert_eq!(s.delay(S(50)), S(5));
        assert_eq!(s.delay(S(600)), S(5), "never beyond --poll-interval");
    }

    #[test]
    fn a_short_poll_interval_is_both_floor_and_ceiling() {
        let s = Schedule::new(MS(100));
        for since in [S(0), S(1), S(60)] {
            assert_eq!(s.delay(since), MS(100));
        }
    }

    #[test]
    fn a_long_poll_interval_still_starts_fast() {
        let s = Schedule::new(S(30));
        assert_eq!(s.delay(S(1)), MS(500));
        assert_eq!(s.delay(S(100)), S(10));
        assert_eq!(s.delay(S(1000)), S(30));
    }

    /// Over a 10-minute rollout with no milestone after the update, the looks (one call each)
    /// stay far below the old fixed 5 s poll's two calls per look.
    #[test]
    fn call_budget_of_a_long_rollout() {
        let s = Schedule::new(S(5));
        let (mut t, mut looks) = (Duration::ZERO, 0);
        while t < S(600) {
            t += s.delay(t);
            looks += 1;
        }
        assert!((130..=150).contains(&looks), "{looks} looks");
        assert!(looks < 600 / 5 * 2);
    }

    #[test]
    fn polls_make_way_for_waiting_writes_up_to_the_ceiling() {
        let s = Schedule::new(S(5));
        assert_eq!(s.yield_to(MS(500), Duration::ZERO), MS(500), "nothing waits: as scheduled");
        assert_eq!(s.yield_to(MS(500), S(2)), S(2));
        assert_eq!(s.yield_to(MS(500), S(180)), S(5), "never beyond --poll-interval");
        assert_eq!(s.yield_to(S(4), S(1)), S(4), "never shorter than scheduled");
    }

    /// Detection lag right after a milestone is at most the floor.
    #[test]
    fn near_the_end_the_lag_is_bounded_by_the_floor() {
        let s = Schedule::new(S(5));
        assert!(s.delay(MS(300)) <= FLOOR);
    }
}
