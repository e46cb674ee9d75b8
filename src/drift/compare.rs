//! Comparing the two runs step by step: units paired by name, each unit's steps in order
//! (an attempt answered `U` and then made again is folded into its retry, since either side
//! may answer `U` at any time), and each pair of answers by shape (`report::shape`): fields,
//! kinds, vocabulary values, HTTP status, response header names.

use super::difference::{ABSENT, Difference, DriftReport, Kind, NotCompared, STEPS_KEPT};
use crate::check::Step;
use crate::exchange::Exchange;
use crate::report::shape;
use crate::runner::{CaseRun, Verdict};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Headers that describe the connection or the moment, not the API.
pub(super) const TRANSPORT_HEADERS: &[&str] = &[
    "date",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "server",
    "vary",
];

/// A difference seen at one step, before equal ones are merged.
type Seen = (Kind, String, String, String, String);

/// The steps of a unit worth comparing: every step but an attempt answered `U` that was made
/// again at once (same operation, same body).
fn final_attempts(run: &CaseRun) -> Vec<&Step> {
    let steps = &run.history.steps;
    steps
        .iter()
        .enumerate()
        .filter(|(i, step)| {
            let retried = steps.get(i + 1).is_some_and(|next| {
                next.exchange.endpoint == step.exchange.endpoint
                    && next.exchange.request.body == step.exchange.request.body
            });
            !(retried && step.exchange.answered_unknown())
        })
        .map(|(_, step)| step)
        .collect()
}

/// The names of a response's headers that belong to the API, lowercased.
fn header_names(exchange: &Exchange) -> BTreeSet<String> {
    exchange
        .response
        .headers
        .iter()
        .flatten()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| !TRANSPORT_HEADERS.contains(&name.as_str()))
        .collect()
}

/// The differences between two answers to the same step.
fn compare_step(simulator: &Exchange, target: &Exchange, out: &mut Vec<Seen>) {
    let endpoint = simulator.endpoint.name().to_owned();
    let (a, b) = (shape::of_response(simulator), shape::of_response(target));
    if a["status"] != b["status"] {
        out.push((
            Kind::Status,
            endpoint.clone(),
            "status".into(),
            a["status"].to_string(),
            b["status"].to_string(),
        ));
    }
    let empty = serde_json::Map::new();
    let fields = |v: &Value| v["fields"].as_object().cloned().unwrap_or(empty.clone());
    let (fa, fb) = (fields(&a), fields(&b));
    let pointers: BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    for pointer in pointers {
        let text = |v: Option<&Value>| {
            v.map_or(ABSENT.to_owned(), |v| {
                v.as_str().map_or_else(|| v.to_string(), str::to_owned)
            })
        };
        let (x, y) = (fa.get(pointer), fb.get(pointer));
        if x == y {
            continue;
        }
        let kind = match (x, y) {
            (Some(x), Some(y)) if is_kind(x) && is_kind(y) => Kind::Type,
            (Some(_), Some(_)) => Kind::Value,
            _ => Kind::Field,
        };
        out.push((kind, endpoint.clone(), pointer.clone(), text(x), text(y)));
    }
    let (ha, hb) = (header_names(simulator), header_names(target));
    for name in ha.symmetric_difference(&hb) {
        let side = |set: &BTreeSet<String>| {
            if set.contains(name) {
                "present".to_owned()
            } else {
                ABSENT.to_owned()
            }
        };
        out.push((
            Kind::Header,
            endpoint.clone(),
            format!("header:{name}"),
            side(&ha),
            side(&hb),
        ));
    }
}

/// Whether a shape value is a kind (`<string>`), not a kept vocabulary value.
fn is_kind(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.starts_with('<') && s.ends_with('>'))
}

/// Why a unit cannot be compared at all, if it cannot.
fn not_comparable(run: &CaseRun) -> Option<String> {
    match run.verdict() {
        Verdict::Skipped => Some(format!("skipped: {}", run.skipped.as_deref().unwrap_or(""))),
        Verdict::Error => Some(format!(
            "harness error: {}",
            run.error
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        )),
        _ => None,
    }
}

/// Compares the runs of the same units on the simulator and on the target.
pub(crate) fn compare(simulator: &[CaseRun], target: &[CaseRun], report: &mut DriftReport) {
    let targets: BTreeMap<&str, &CaseRun> = target.iter().map(|r| (r.name.as_str(), r)).collect();
    let mut merged: BTreeMap<Seen, (usize, Vec<String>)> = BTreeMap::new();
    let mut note = |seen: Seen, step: String| {
        let entry = merged.entry(seen).or_default();
        entry.0 += 1;
        if entry.1.len() < STEPS_KEPT {
            entry.1.push(step);
        }
    };
    for sim in simulator {
        let Some(other) = targets.get(sim.name.as_str()) else {
            report.not_compared.push(NotCompared {
                unit: sim.name.clone(),
                why: "not run on the target".into(),
            });
            continue;
        };
        let why = [("simulator", sim), ("target", *other)]
            .into_iter()
            .find_map(|(side, run)| not_comparable(run).map(|why| format!("on the {side}: {why}")));
        if let Some(why) = why {
            report.not_compared.push(NotCompared {
                unit: sim.name.clone(),
                why,
            });
            continue;
        }
        let (a, b) = (final_attempts(sim), final_attempts(other));
        if a.len() != b.len() {
            note(
                (
                    Kind::Steps,
                    sim.name.clone(),
                    "steps".into(),
                    a.len().to_string(),
                    b.len().to_string(),
                ),
                sim.name.clone(),
            );
        }
        for (index, (x, y)) in a.iter().zip(&b).enumerate() {
            report.steps_compared += 1;
            let mut seen = Vec::new();
            if x.exchange.endpoint != y.exchange.endpoint {
                seen.push((
                    Kind::Steps,
                    sim.name.clone(),
                    format!("step {}", index + 1),
                    x.exchange.endpoint.name().to_owned(),
                    y.exchange.endpoint.name().to_owned(),
                ));
            } else {
                compare_step(&x.exchange, &y.exchange, &mut seen);
            }
            for s in seen {
                note(s, format!("{}#{}", sim.name, index + 1));
            }
        }
    }
    let mut differences: Vec<Difference> = merged
        .into_iter()
        .map(
            |((kind, endpoint, at, simulator, target), (occurrences, steps))| Difference {
                kind,
                endpoint,
                at,
                simulator,
                target,
                occurrences,
                steps,
            },
        )
        .collect();
    differences.sort_by(|a, b| (a.kind, &a.endpoint, &a.at).cmp(&(b.kind, &b.endpoint, &b.at)));
    report.differences.extend(differences);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Intent;
    use crate::contract::Endpoint;

    /// An answer's body and its header lines.
    type Answer<'a> = (&'a [u8], &'a [(&'a str, &'a str)]);

    fn run(name: &str, answers: &[Answer<'_>]) -> CaseRun {
        let mut run = CaseRun::new(name, crate::runner::UnitKind::Fixed, "d", None);
        for (body, headers) in answers {
            let mut exchange = Exchange::from_bodies(Endpoint::InquireVaulting, b"{}", body);
            exchange.status = Some(200);
            exchange.response.headers = Some(
                headers
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
            );
            run.history.steps.push(Step {
                exchange,
                intent: Intent::Valid,
            });
        }
        run
    }

    #[test]
    fn equal_answers_differ_in_nothing_and_each_kind_of_difference_is_named() {
        let answer: &[u8] = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"vaultingStatus":"SUCCESS","n":1}"#;
        let headers: &[(&str, &str)] = &[("client-id", "c"), ("date", "now")];
        let same = run("u", &[(answer, headers)]);
        let mut report = DriftReport::default();
        compare(
            std::slice::from_ref(&same),
            std::slice::from_ref(&same),
            &mut report,
        );
        assert!(report.none(), "{report:?}");
        assert_eq!(report.steps_compared, 1);

        let other: &[u8] = br#"{"result":{"resultStatus":"F","resultCode":"SUCCESS"},"vaultingStatus":"SUCCESS","n":"1","extra":true}"#;
        let target = run("u", &[(other, &[("date", "later"), ("signature", "s")])]);
        let mut report = DriftReport::default();
        compare(&[same], &[target], &mut report);
        let kinds: Vec<(Kind, &str, &str, &str)> = report
            .differences
            .iter()
            .map(|d| {
                (
                    d.kind,
                    d.at.as_str(),
                    d.simulator.as_str(),
                    d.target.as_str(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Field, "/extra", "absent", "<boolean>"),
                (Kind::Type, "/n", "<number>", "<string>"),
                (Kind::Value, "/result/resultStatus", "S", "F"),
                (Kind::Header, "header:client-id", "present", "absent"),
                (Kind::Header, "header:signature", "absent", "present"),
            ]
        );
    }

    #[test]
    fn an_attempt_answered_u_and_made_again_is_folded_into_its_retry() {
        let fine: &[u8] = br#"{"result":{"resultStatus":"S"}}"#;
        let unknown: &[u8] = br#"{"result":{"resultStatus":"U"}}"#;
        let simulator = run("u", &[(fine, &[])]);
        let target = run("u", &[(unknown, &[]), (fine, &[])]);
        let mut report = DriftReport::default();
        compare(&[simulator], &[target], &mut report);
        assert!(report.none(), "{report:?}");
    }
}
