//! Throttling, as Antom's gateway does under load: beyond N requests in any one second, a
//! request is answered `REQUEST_TRAFFIC_EXCEED_LIMIT` (its status from the gateway table)
//! instead of being served. The window slides: a request is let through when fewer than N were
//! let through in the second before it; refused requests do not count, so a client that backs
//! off gets through again. Off unless a limit is set.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The result code of a throttled request.
pub const THROTTLED_CODE: &str = crate::contract::result_codes::THROTTLED;

const WINDOW: Duration = Duration::from_secs(1);

/// A sliding one-second window of the requests let through.
pub(crate) struct Throttle {
    per_second: u32,
    let_through: Mutex<VecDeque<Instant>>,
}

impl Throttle {
    pub(super) fn new(per_second: u32) -> Self {
        Throttle {
            per_second,
            let_through: Mutex::new(VecDeque::new()),
        }
    }

    /// Whether a request arriving now may be served (and counts it when it may).
    pub(super) fn admit(&self) -> bool {
        self.admit_at(Instant::now())
    }

    /// Whether a request arriving at `now` may be served; the clock is the caller's, so the
    /// window can be tested without waiting.
    pub(super) fn admit_at(&self, now: Instant) -> bool {
        let mut recent = self.let_through.lock().unwrap_or_else(|p| p.into_inner());
        while recent
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() >= self.per_second as usize {
            return false;
        }
        recent.push_back(now);
        true
    }

    /// Forgets the window (a reset).
    pub(super) fn clear(&self) {
        self.let_through
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_n_through_per_second_then_refuses_until_the_window_moves() {
        let throttle = Throttle::new(2);
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        assert!(throttle.admit_at(at(0)));
        assert!(throttle.admit_at(at(10)));
        assert!(!throttle.admit_at(at(20)));
        assert!(!throttle.admit_at(at(999)));
        // The first left the window; refusals did not count.
        assert!(throttle.admit_at(at(1000)));
        assert!(!throttle.admit_at(at(1005)));
        assert!(throttle.admit_at(at(1010)));
    }

    #[test]
    fn zero_refuses_everything_and_clear_forgets() {
        let throttle = Throttle::new(0);
        assert!(!throttle.admit());
        let throttle = Throttle::new(1);
        let now = Instant::now();
        assert!(throttle.admit_at(now));
        assert!(!throttle.admit_at(now));
        throttle.clear();
        assert!(throttle.admit_at(now));
    }
}
