//! The notifications of one simulator: those still being delivered (background tasks) and the
//! record of those delivered or given up on. `reset` cancels the pending ones and forgets the
//! record; a delivery that finishes after a reset is not recorded.

use super::notifier::Delivery;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::task::AbortHandle;

#[derive(Default)]
struct State {
    /// Bumped by every reset; a task records its delivery only in the generation it began.
    generation: u64,
    pending: Vec<AbortHandle>,
    deliveries: Vec<Delivery>,
}

/// Notifications in flight and done. Cloning shares it.
#[derive(Clone, Default)]
pub(crate) struct Outbox {
    state: Arc<Mutex<State>>,
}

impl Outbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update is complete before the guard drops; a poisoned lock is consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs a delivery in the background of the current tokio runtime and records its
    /// outcome, unless the simulator is reset first.
    pub(super) fn spawn(&self, delivery: impl Future<Output = Delivery> + Send + 'static) {
        let mut state = self.lock();
        let generation = state.generation;
        let shared = self.state.clone();
        let task = tokio::spawn(async move {
            let done = delivery.await;
            let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
            if state.generation == generation {
                state.deliveries.push(done);
            }
        });
        state.pending.retain(|t| !t.is_finished());
        state.pending.push(task.abort_handle());
    }

    /// Every delivery recorded so far.
    pub(super) fn deliveries(&self) -> Vec<Delivery> {
        self.lock().deliveries.clone()
    }

    /// Cancels every pending delivery and forgets those recorded.
    pub(super) fn reset(&self) {
        let mut state = self.lock();
        state.generation += 1;
        for task in state.pending.drain(..) {
            task.abort();
        }
        state.deliveries.clear();
    }
}
