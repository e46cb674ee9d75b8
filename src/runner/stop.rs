//! Stopping a run on request (SIGINT, SIGTERM): once stopped, nothing more is sent, waits end
//! at once, and the units in flight end as errors ("interrupted") so the reports still name
//! them.

use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

/// A one-way switch every unit of a run looks at before (and while) it sends.
#[derive(Debug, Default)]
pub struct Stop {
    stopped: AtomicBool,
    notify: Notify,
}

impl Stop {
    /// Stops the run: every waiter wakes, and no request is sent after this.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether the run was stopped.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Resolves once the run is stopped (at once if it already is).
    pub async fn stopped(&self) {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            // Registered before the flag is read, so a stop in between is not missed.
            notified.as_mut().enable();
            if self.is_stopped() {
                return;
            }
            notified.await;
        }
    }

    /// Runs `work` unless the run stops first; `None` when it stopped.
    pub async fn unless_stopped<T>(&self, work: impl std::future::Future<Output = T>) -> Option<T> {
        if self.is_stopped() {
            return None;
        }
        tokio::select! {
            biased;
            () = self.stopped() => None,
            value = work => Some(value),
        }
    }
}

/// The error of a unit the run stopped before it finished.
pub(crate) fn interrupted() -> crate::Error {
    crate::Error::Interrupted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_ends_a_wait_and_every_later_one() {
        let stop = std::sync::Arc::new(Stop::default());
        let waiting = {
            let stop = stop.clone();
            tokio::spawn(async move { stop.unless_stopped(std::future::pending::<()>()).await })
        };
        tokio::task::yield_now().await;
        stop.stop();
        assert_eq!(waiting.await.unwrap(), None);
        assert_eq!(stop.unless_stopped(async { 1 }).await, None);
        assert!(Stop::default().unless_stopped(async { 1 }).await == Some(1));
    }
}
