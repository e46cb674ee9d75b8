//! Noticing a target in Antom's "Error scenario simulation" (a Dashboard switch that makes the
//! sandbox answer one chosen result code to everything): when every answer of an operation to a
//! valid request carries the same non-success code, after enough answers, the run stops with an
//! error that says so, instead of a page of violations that are not the API's.

use crate::Error;
use crate::contract::Endpoint;
use crate::exchange::Exchange;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Answers of one operation needed before the same code everywhere counts as a scenario.
pub(crate) const ENOUGH_ANSWERS: usize = 5;

/// The answers so far of one operation.
#[derive(Debug, Default)]
struct Tally {
    answers: usize,
    /// The code every answer so far carried; `None` once two differ or one succeeded.
    same: Option<(String, String)>,
    mixed: bool,
}

/// Watches the final answers to valid requests of a run.
#[derive(Debug, Default)]
pub struct ScenarioWatch {
    tallies: Mutex<HashMap<Endpoint, Tally>>,
    tripped: OnceLock<Error>,
}

impl ScenarioWatch {
    /// The error, once the target looks scripted; every later send should stop with it.
    pub fn tripped(&self) -> Option<&Error> {
        self.tripped.get()
    }

    /// Takes in the final answer to a valid request (retries already done); returns the error
    /// once every answer of the operation, `ENOUGH_ANSWERS` or more, carried the same
    /// non-success code.
    pub fn observe(&self, endpoint: Endpoint, exchange: &Exchange) -> Option<&Error> {
        let answer: serde_json::Value =
            serde_json::from_slice(&exchange.response.body).unwrap_or_default();
        let status = answer["result"]["resultStatus"].as_str().unwrap_or("");
        let code = answer["result"]["resultCode"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let mut tallies = self.tallies.lock().unwrap_or_else(|p| p.into_inner());
        let tally = tallies.entry(endpoint).or_default();
        tally.answers += 1;
        let succeeded = status == "S" || code == "SUCCESS" || code.is_empty();
        match (&tally.same, succeeded) {
            _ if tally.mixed => {}
            (_, true) => {
                tally.mixed = true;
                tally.same = None;
            }
            (None, false) => tally.same = Some((status.to_owned(), code)),
            (Some((_, seen)), false) if *seen != code => {
                tally.mixed = true;
                tally.same = None;
            }
            (Some(_), false) => {}
        }
        if !tally.mixed
            && tally.answers >= ENOUGH_ANSWERS
            && let Some((status, code)) = &tally.same
        {
            let _ = self.tripped.set(Error::ErrorScenario {
                operation: endpoint.name().to_owned(),
                answers: tally.answers,
                status: status.clone(),
                code: code.clone(),
            });
        }
        drop(tallies);
        self.tripped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: &str, code: &str) -> Exchange {
        let body = format!(r#"{{"result":{{"resultStatus":"{status}","resultCode":"{code}"}}}}"#);
        Exchange::from_bodies(Endpoint::InquireVaulting, b"{}", body.as_bytes())
    }

    #[test]
    fn one_code_for_every_answer_trips_after_enough_answers() {
        let watch = ScenarioWatch::default();
        for _ in 1..ENOUGH_ANSWERS {
            assert!(
                watch
                    .observe(Endpoint::InquireVaulting, &answer("F", "RISK_REJECT"))
                    .is_none()
            );
        }
        let error = watch
            .observe(Endpoint::InquireVaulting, &answer("F", "RISK_REJECT"))
            .expect("five of five alike");
        let text = error.to_string();
        assert!(
            text.contains("inquireVaulting") && text.contains("F/RISK_REJECT"),
            "{text}"
        );
        assert!(text.contains("Error scenario simulation"), "{text}");
    }

    #[test]
    fn a_success_or_a_second_code_keeps_the_run_going() {
        let watch = ScenarioWatch::default();
        watch.observe(Endpoint::VaultPaymentMethod, &answer("S", "SUCCESS"));
        for _ in 0..10 {
            assert!(
                watch
                    .observe(Endpoint::VaultPaymentMethod, &answer("F", "CARD_DECLINED"))
                    .is_none()
            );
        }
        let watch = ScenarioWatch::default();
        watch.observe(Endpoint::InquireVaulting, &answer("F", "A"));
        for _ in 0..10 {
            assert!(
                watch
                    .observe(Endpoint::InquireVaulting, &answer("F", "B"))
                    .is_none()
            );
        }
    }
}
