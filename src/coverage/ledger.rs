//! The coverage ledger: credits rule sides from exchanges (a request keeping or breaking a
//! request rule, an answer where a coupling applies, a code, a status transition of one
//! vaulting), then says of every rule `covered`, `not covered` or `unreachable on this target`
//! (with the reason), as a summary line, JSON and the figures of a threshold.

use super::request_rules::{Stand, stands};
use super::rule::{BROKEN, CoverageRule, KEPT, REQUEST_ENDPOINTS, SEEN, Subject, all_rules};
use crate::check::History;
use crate::contract::{Endpoint, ResultStatus, Side, VaultingStatus};
use crate::exchange::Exchange;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// What the target lets a run reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    /// The simulator's controls answer (forced results, the 3DS page): the embedded simulator
    /// or a `vaultcheck mock`.
    pub(crate) controls: bool,
    /// Notifications reach vaultcheck's local listener.
    pub(crate) notifications: bool,
    /// Recorded traffic (`check --exchanges`): whatever Antom sent may be in it, so nothing is
    /// called unreachable.
    pub(crate) recorded: bool,
}

impl Reach {
    /// Recorded traffic: nothing is unreachable.
    pub(crate) const RECORDED: Reach = Reach {
        controls: true,
        notifications: true,
        recorded: true,
    };
}

/// Codes a target answers without being told to: success, a refusal of bad input, an unknown
/// id, a 3DS challenge, and the gateway's answers to what the fixed cases send.
const NATURAL_CODES: &[(Option<Endpoint>, &str)] = &[
    (Some(Endpoint::InquireVaulting), "SUCCESS"),
    (Some(Endpoint::InquireVaulting), "VAULTING_NOT_EXIST"),
    (Some(Endpoint::VaultPaymentMethod), "SUCCESS"),
    (Some(Endpoint::VaultPaymentMethod), "PARAM_ILLEGAL"),
    (
        Some(Endpoint::VaultPaymentMethod),
        "VERIFICATION_IN_PROCESS",
    ),
    (Some(Endpoint::CreateVaultingSession), "SUCCESS"),
    (Some(Endpoint::CreateVaultingSession), "PARAM_ILLEGAL"),
    (None, "INVALID_SIGNATURE"),
    (None, "METHOD_NOT_SUPPORTED"),
    (None, "PARAM_ILLEGAL"),
];

/// Why a rule cannot be reached on a target with `reach`, if it cannot.
pub(crate) fn unreachable_because(rule: &CoverageRule, reach: Reach) -> Option<&'static str> {
    let notify = match rule.subject {
        Subject::Coupling { endpoint, .. } => endpoint == Endpoint::NotifyVaulting,
        Subject::Code {
            endpoint: Some(endpoint),
            ..
        } => endpoint == Endpoint::NotifyVaulting,
        _ => false,
    };
    if let Subject::Code {
        endpoint: Some(Endpoint::NotifyVaulting),
        code,
    } = rule.subject
        && code.code == "PROCESS_FAIL"
        && !reach.recorded
    {
        return Some(
            "Antom notifies PROCESS_FAIL when its own processing fails; no request leads a vaulting there",
        );
    }
    if notify && !reach.notifications {
        return Some(
            "notifications reach only vaultcheck's local listener (the embedded simulator or a vaultcheck mock)",
        );
    }
    if reach.controls {
        return None;
    }
    match rule.subject {
        Subject::Code { endpoint, code }
            if endpoint != Some(Endpoint::NotifyVaulting)
                && !NATURAL_CODES.contains(&(endpoint, code.code)) =>
        {
            Some(
                "the target answers this code only when it decides to; a vaultcheck simulator forces it (header x-vaultcheck-result)",
            )
        }
        Subject::Transition { from, to }
            if (from, to) != (VaultingStatus::Success, VaultingStatus::Success) =>
        {
            Some(
                "a vaulting leaves PROCESSING or ends in FAIL only through the 3DS page, which only the simulator's controls can approve or decline",
            )
        }
        _ => None,
    }
}

/// The sides reached so far, per rule, and the requests that reached them.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    reached: Vec<BTreeSet<&'static str>>,
    /// Requests judged (every exchange credited, notifications included).
    pub(crate) exchanges: usize,
    /// Requests the deterministic coverage phase sent.
    pub(crate) phase_requests: usize,
}

/// A rule's standing at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    Covered,
    NotCovered,
    Unreachable(&'static str),
}

impl Default for Coverage {
    fn default() -> Self {
        Coverage {
            reached: vec![BTreeSet::new(); all_rules().len()],
            exchanges: 0,
            phase_requests: 0,
        }
    }
}

fn answer_of(exchange: &Exchange) -> Option<Value> {
    let message = match exchange.endpoint.antom_side() {
        Side::Request => &exchange.request,
        Side::Response => &exchange.response,
    };
    serde_json::from_slice(&message.body).ok()
}

fn code_rule(endpoint: Option<Endpoint>, code: &str) -> Option<usize> {
    all_rules().iter().position(|r| {
        matches!(r.subject, Subject::Code { endpoint: e, code: c } if e == endpoint && c.code == code)
    })
}

impl Coverage {
    fn credit(&mut self, index: usize, side: &'static str) {
        self.reached[index].insert(side);
    }

    /// Credits what one exchange reached: the request rules it kept (all of them, when it
    /// broke none) or the one it broke (when it broke exactly one), the couplings that applied
    /// to Antom's message, and its code. A request no answer came back to reaches nothing.
    pub(crate) fn credit_exchange(&mut self, exchange: &Exchange) {
        if exchange.status.is_none() && exchange.response.body.is_empty() {
            return;
        }
        self.exchanges += 1;
        let all = all_rules();
        let endpoint = exchange.endpoint;
        if REQUEST_ENDPOINTS.contains(&endpoint)
            && exchange.method.eq_ignore_ascii_case("POST")
            && let Ok(request) = serde_json::from_slice::<Value>(&exchange.request.body)
        {
            let stands = stands(all, endpoint, &request);
            let broken: Vec<usize> = stands
                .iter()
                .filter(|(_, s)| *s == Stand::Broken)
                .map(|(i, _)| *i)
                .collect();
            match broken.as_slice() {
                [] => stands.iter().for_each(|(i, _)| self.credit(*i, KEPT)),
                [only] => self.credit(*only, BROKEN),
                _ => {}
            }
        }
        let Some(answer) = answer_of(exchange) else {
            return;
        };
        for (index, rule) in all.iter().enumerate() {
            if let Subject::Coupling {
                endpoint: e, rule, ..
            } = rule.subject
                && e == endpoint
                && rule.when.holds(&answer)
            {
                self.credit(index, SEEN);
            }
        }
        // A code in the operation's table and in the gateway's is seen in both.
        if let Some(code) = answer["result"]["resultCode"].as_str() {
            for table in [Some(endpoint), None] {
                if let Some(index) = code_rule(table, code) {
                    self.credit(index, SEEN);
                }
            }
        }
    }

    /// Credits every exchange of a case's history, and the status transitions of each of its
    /// vaultings (in the order seen: answers to inquiries and vault requests, notifications).
    pub(crate) fn credit_history(&mut self, history: &History) {
        for step in &history.steps {
            self.credit_exchange(&step.exchange);
        }
        for notification in &history.notifications {
            self.credit_exchange(notification);
        }
        let mut seen: BTreeMap<String, Vec<VaultingStatus>> = BTreeMap::new();
        let exchanges = history
            .steps
            .iter()
            .map(|s| &s.exchange)
            .chain(&history.notifications);
        for exchange in exchanges {
            if let Some((id, status)) = vaulting_status(exchange) {
                seen.entry(id).or_default().push(status);
            }
        }
        for statuses in seen.values() {
            for pair in statuses.windows(2) {
                if let Some(index) = all_rules().iter().position(|r| {
                    matches!(r.subject, Subject::Transition { from, to } if from == pair[0] && to == pair[1])
                }) {
                    self.credit(index, SEEN);
                }
            }
        }
    }

    /// Each rule's standing on a target with `reach`.
    pub(crate) fn statuses(&self, reach: Reach) -> Vec<(&'static CoverageRule, Status)> {
        all_rules()
            .iter()
            .zip(&self.reached)
            .map(|(rule, reached)| {
                let status = if rule.sides.iter().all(|s| reached.contains(s)) {
                    Status::Covered
                } else if let Some(reason) = unreachable_because(rule, reach) {
                    Status::Unreachable(reason)
                } else {
                    Status::NotCovered
                };
                (rule, status)
            })
            .collect()
    }

    /// The figures: (rule sides, covered sides, unreachable sides).
    pub(crate) fn figures(&self, reach: Reach) -> Figures {
        let mut figures = Figures::default();
        for ((rule, status), reached) in self.statuses(reach).iter().zip(&self.reached) {
            figures.sides += rule.sides.len();
            let covered = rule.sides.iter().filter(|s| reached.contains(*s)).count();
            figures.covered += covered;
            if matches!(status, Status::Unreachable(_)) {
                figures.unreachable += rule.sides.len() - covered;
            }
        }
        figures.phase_requests = self.phase_requests;
        figures.exchanges = self.exchanges;
        figures
    }

    /// The rules this target can reach that the run did not cover, by id.
    pub(crate) fn missing(&self, reach: Reach) -> Vec<String> {
        self.statuses(reach)
            .into_iter()
            .filter(|(_, s)| *s == Status::NotCovered)
            .map(|(r, _)| r.id.clone())
            .collect()
    }

    /// The coverage report: the figures and every rule with its standing and sides.
    pub(crate) fn json(&self, reach: Reach) -> Value {
        let rules: Vec<Value> = self
            .statuses(reach)
            .into_iter()
            .zip(&self.reached)
            .map(|((rule, status), reached)| {
                let mut entry = json!({
                    "id": rule.id,
                    "basis": rule.basis,
                    "check": rule.check,
                    "status": match status {
                        Status::Covered => "covered",
                        Status::NotCovered => "not covered",
                        Status::Unreachable(_) => "unreachable on this target",
                    },
                    "sides": rule.sides.iter().map(|s| (s.to_string(), json!(reached.contains(s)))).collect::<serde_json::Map<_, _>>(),
                });
                if let Status::Unreachable(reason) = status {
                    entry["reason"] = json!(reason);
                }
                entry
            })
            .collect();
        json!({"summary": self.figures(reach).json(), "rules": rules})
    }
}

/// The figures of a run's coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Figures {
    /// Rule sides in the contract.
    pub(crate) sides: usize,
    /// Rule sides the run reached.
    pub(crate) covered: usize,
    /// Rule sides not reached that this target cannot reach.
    pub(crate) unreachable: usize,
    /// Requests the coverage phase sent.
    pub(crate) phase_requests: usize,
    /// Exchanges credited (the phase's, the cases', the groups').
    pub(crate) exchanges: usize,
}

impl Figures {
    /// Covered sides in percent of the sides this target can reach.
    pub(crate) fn percent(&self) -> f64 {
        let reachable = self.sides - self.unreachable;
        if reachable == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / reachable as f64
        }
    }

    /// Phase requests per covered side.
    pub(crate) fn requests_per_covered_side(&self) -> f64 {
        self.phase_requests as f64 / self.covered.max(1) as f64
    }

    /// `contract coverage: 212/220 rule sides (100.0% of the reachable), 8 unreachable on
    /// this target; the coverage phase sent 130 requests (0.61 per covered side)`.
    pub(crate) fn line(&self) -> String {
        let mut line = format!(
            "contract coverage: {}/{} rule sides ({:.1}% of the reachable), {} unreachable on this target",
            self.covered,
            self.sides,
            self.percent(),
            self.unreachable
        );
        if self.phase_requests > 0 {
            line.push_str(&format!(
                "; the coverage phase sent {} requests ({:.2} per covered side)",
                self.phase_requests,
                self.requests_per_covered_side()
            ));
        }
        line
    }

    /// The figures as JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "rule_sides": self.sides,
            "covered": self.covered,
            "unreachable": self.unreachable,
            "not_covered": self.sides - self.covered - self.unreachable,
            "percent": (self.percent() * 10.0).round() / 10.0,
            "phase_requests": self.phase_requests,
            "exchanges": self.exchanges,
            "requests_per_covered_side": (self.requests_per_covered_side() * 100.0).round() / 100.0,
        })
    }
}

/// The vaulting an exchange speaks of and the status it shows, if it shows one.
fn vaulting_status(exchange: &Exchange) -> Option<(String, VaultingStatus)> {
    let request: Value = serde_json::from_slice(&exchange.request.body).ok()?;
    let answer = answer_of(exchange)?;
    let result = ResultStatus::parse(answer["result"]["resultStatus"].as_str()?)?;
    let id = request["vaultingRequestId"].as_str()?.to_owned();
    let status = match exchange.endpoint {
        Endpoint::InquireVaulting if result == ResultStatus::S => {
            VaultingStatus::parse(answer["vaultingStatus"].as_str()?)?
        }
        Endpoint::NotifyVaulting => match answer["vaultingStatus"].as_str() {
            Some(status) => VaultingStatus::parse(status)?,
            None if result == ResultStatus::S => VaultingStatus::Success,
            None => VaultingStatus::Fail,
        },
        Endpoint::VaultPaymentMethod => match answer["result"]["resultCode"].as_str()? {
            "SUCCESS" => VaultingStatus::Success,
            "VERIFICATION_IN_PROCESS" => VaultingStatus::Processing,
            _ => return None,
        },
        _ => return None,
    };
    Some((id, status))
}
