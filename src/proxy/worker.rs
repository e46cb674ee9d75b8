//! The judging side of the proxy, off the path of the traffic: handlers queue what crossed
//! (bounded: a full queue forwards unjudged rather than hold a client), and one worker judges
//! each exchange with every single-exchange check, writes the recording line, counts it and
//! hands the event to the proxy's owner.

use super::event::Event;
use super::tally::Tally;
use crate::check;
use crate::exchange::Exchange;
use crate::exchange::record;
use crate::protocol::keys::PublicKey;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// How many exchanges may wait for judging before new ones pass unjudged.
pub(crate) const QUEUE_DEPTH: usize = 4096;

/// One piece of work for the worker.
pub(crate) enum Job {
    /// An exchange to judge and record.
    Judge { number: u64, exchange: Exchange },
    /// An event to count and report as it is.
    Note(Event),
}

/// The handlers' end of the queue. Never waits.
#[derive(Clone)]
pub(crate) struct Queue(mpsc::Sender<Job>);

impl Queue {
    /// Queues an exchange; when the queue is full the exchange passes unjudged (and says so).
    pub(crate) fn judge(&self, job: Job) {
        if let Err(mpsc::error::TrySendError::Full(Job::Judge { number, .. })) =
            self.0.try_send(job)
        {
            // The note may be lost too when the queue stays full; the client is not held.
            let _ = self.0.try_send(Job::Note(Event::Backlogged { number }));
        }
    }

    /// Queues an event.
    pub(crate) fn note(&self, event: Event) {
        let _ = self.0.try_send(Job::Note(event));
    }
}

/// Where the worker hands each event (the command line prints it).
pub(crate) type Sink = Box<dyn FnMut(&Event) + Send>;

/// A queue and its receiving end.
pub(crate) fn queue() -> (Queue, mpsc::Receiver<Job>) {
    let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
    (Queue(sender), receiver)
}

/// Judges, records and counts until every sender is gone and the queue is empty.
pub(crate) fn run(
    mut jobs: mpsc::Receiver<Job>,
    antom_key: Option<PublicKey>,
    mut recording: Option<(std::path::PathBuf, std::io::BufWriter<std::fs::File>)>,
    tally: Arc<Mutex<Tally>>,
    mut sink: Sink,
) {
    while let Some(job) = jobs.blocking_recv() {
        let event = match job {
            Job::Note(event) => event,
            Job::Judge { number, exchange } => {
                let findings = check::judge_exchange(&exchange, antom_key.as_ref());
                if let Some((path, file)) = &mut recording {
                    let written =
                        writeln!(file, "{}", record::line(&exchange)).and_then(|()| file.flush());
                    if let Err(error) = written {
                        let problem = format!("cannot write {}: {error}", path.display());
                        recording = None;
                        let failed = Event::RecordFailed { problem };
                        sink(&failed);
                    }
                }
                Event::Judged {
                    number,
                    endpoint: exchange.endpoint,
                    status: exchange.status.unwrap_or(0),
                    result: result_of(&exchange.response.body),
                    findings,
                }
            }
        };
        tally
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .count(&event);
        sink(&event);
    }
}

/// `S SUCCESS` from an answer's `result`, when it has one.
fn result_of(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let result = value.get("result")?;
    Some(format!(
        "{} {}",
        result["resultStatus"].as_str().unwrap_or("?"),
        result["resultCode"].as_str().unwrap_or("?")
    ))
}
