//! How every unit sends a call: after the run's stop switch and the Error-scenario watch, at
//! the rate limit's pace, through the client's one retry loop (inquiries answered `U`, throttled
//! calls), counting the retries in the unit's run. A cases file's `retry_unknown` is the case's
//! own business; every other retry makes a passing unit flaky.

use super::outcome::CaseRun;
use super::setup::Setup;
use crate::Error;
use crate::check::Intent;
use crate::client::{Retry, RetryPolicy};
use crate::contract::Endpoint;
use crate::exchange::Exchange;

/// What one call produced.
#[derive(Debug)]
pub(crate) struct Sent {
    /// Inquiries answered `U` and asked again, in order: part of the case's history.
    pub unknown: Vec<Exchange>,
    /// The answer that counts.
    pub last: Exchange,
}

/// One call a unit makes: what to send and how the answer may be asked for again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call<'a> {
    /// The operation.
    pub endpoint: Endpoint,
    /// The request body, exactly as sent.
    pub body: &'a [u8],
    /// How the request is signed and what answer it is owed.
    pub intent: Intent,
    /// A method other than the intent's own, when the step names one.
    pub method: Option<&'a str>,
    /// At least this many retries after `U` (a case's own `retry_unknown`).
    pub declared_unknown: usize,
    /// A result the simulator is asked to give (its control header): the answer is the one
    /// asked for, so it is neither retried nor shown to the Error-scenario watch.
    pub forced: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// A call of `endpoint` with `body` as `intent` says, with the setup's retries.
    pub(crate) fn new(endpoint: Endpoint, body: &'a [u8], intent: Intent) -> Self {
        Call {
            endpoint,
            body,
            intent,
            method: None,
            declared_unknown: 0,
            forced: None,
        }
    }
}

/// Sends `body` to `endpoint` as `intent` says, retrying as the setup's policy says (at least
/// `declared_unknown` retries after `U`, the case's own), and files the retries in `run`.
pub(crate) async fn send(
    setup: &Setup,
    run: &mut CaseRun,
    endpoint: Endpoint,
    body: &[u8],
    intent: Intent,
    method: Option<&str>,
    declared_unknown: usize,
) -> Result<Sent, Error> {
    let call = Call {
        method,
        declared_unknown,
        ..Call::new(endpoint, body, intent)
    };
    send_call(setup, run, call).await
}

/// The one way every unit sends: the stop switch, the watch, pacing, retries counted in `run`.
pub(crate) async fn send_call(
    setup: &Setup,
    run: &mut CaseRun,
    call: Call<'_>,
) -> Result<Sent, Error> {
    if let Some(error) = setup.watch.tripped() {
        return Err(error.clone());
    }
    let Call {
        endpoint,
        body,
        intent,
        method,
        declared_unknown,
        forced,
    } = call;
    let policy = match forced {
        // The answer asked for is the answer: asking again would only ask for it again.
        Some(_) => RetryPolicy {
            unknown: 0,
            throttled: 0,
            ..setup.retry
        },
        None => RetryPolicy {
            unknown: setup.retry.unknown.max(declared_unknown),
            ..setup.retry
        },
    };
    let attempts = setup
        .stop
        .unless_stopped(setup.client.send_retrying(
            endpoint,
            || {
                let mut request = super::intent::outgoing(setup, endpoint, body, intent, method);
                if let Some(code) = forced {
                    request
                        .headers
                        .push((crate::sim::RESULT_HEADER.to_owned(), code.to_owned()));
                }
                request
            },
            &policy,
            || setup.pace(),
        ))
        .await
        .ok_or_else(super::stop::interrupted)??;
    run.retries.unknown += attempts.unknown;
    run.retries.throttled += attempts.throttled;
    run.retries.unplanned += attempts.throttled + attempts.unknown.saturating_sub(declared_unknown);
    let mut exchanges = attempts.exchanges;
    let last = exchanges
        .pop()
        .expect("the retry loop returns at least one exchange");
    // Answers a request was owed (valid requests, and inquiries of never-vaulted ids, whose
    // VAULTING_NOT_EXIST is the answer owed) tell whether the target answers from a script.
    let watched = match intent {
        _ if forced.is_some() => None,
        Intent::Valid => Some(&last),
        Intent::UnknownId if !answered_not_exist(&last) => Some(&last),
        _ => None,
    };
    if let Some(answer) = watched
        && let Some(error) = setup.watch.observe(endpoint, answer)
    {
        return Err(error.clone());
    }
    // Throttled answers say only "slow down": counted, not judged as answers to the request.
    let unknown = exchanges
        .into_iter()
        .filter(|e| Retry::of(endpoint, e) == Some(Retry::Unknown))
        .collect();
    Ok(Sent { unknown, last })
}

/// Whether the answer is `VAULTING_NOT_EXIST`: what an inquiry of a never-vaulted id is owed.
fn answered_not_exist(exchange: &Exchange) -> bool {
    serde_json::from_slice::<serde_json::Value>(&exchange.response.body)
        .is_ok_and(|v| v["result"]["resultCode"] == "VAULTING_NOT_EXIST")
}
