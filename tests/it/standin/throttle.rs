//! Throttling: at most N requests in any one-second window; the rest are answered
//! `REQUEST_TRAFFIC_EXCEED_LIMIT`, as a rate-limited sandbox does.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub(crate) struct Throttle {
    per_second: u32,
    /// When the requests of the last second that were let through arrived.
    admitted: VecDeque<Instant>,
}

impl Throttle {
    pub(crate) fn new(per_second: u32) -> Self {
        Throttle {
            per_second,
            admitted: VecDeque::new(),
        }
    }

    /// Whether a request arriving at `now` may pass; a refused one does not count.
    pub(crate) fn admit(&mut self, now: Instant) -> bool {
        while let Some(&first) = self.admitted.front() {
            if now.duration_since(first) >= Duration::from_secs(1) {
                self.admitted.pop_front();
            } else {
                break;
            }
        }
        if self.admitted.len() < self.per_second as usize {
            self.admitted.push_back(now);
            true
        } else {
            false
        }
    }
}
