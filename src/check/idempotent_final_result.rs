//! `idempotent_final_result`: once a vaulting request id has a final `S`/`F` result, asking
//! again with the same id gets the identical result.

use super::history::{History, json, request_id};
use super::{Findings, history::Intent};
use crate::contract::{Endpoint, ResultStatus, VaultingStatus};
use crate::redact;
use serde_json::Value;
use std::collections::HashMap;

/// Whether an answer is final: `F`, or `S` (for inquireVaulting, `S` with a final vaulting).
fn is_final(endpoint: Endpoint, answer: &Value) -> bool {
    let status = answer["result"]["resultStatus"]
        .as_str()
        .and_then(ResultStatus::parse);
    match (endpoint, status) {
        (Endpoint::InquireVaulting, Some(ResultStatus::S)) => answer["vaultingStatus"]
            .as_str()
            .and_then(VaultingStatus::parse)
            .is_some_and(VaultingStatus::is_final),
        (_, Some(status)) => status != ResultStatus::U,
        (_, None) => false,
    }
}

/// The first JSON pointer where two values differ.
pub(super) fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .keys()
            .chain(y.keys().filter(|k| !x.contains_key(*k)))
            .find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(p, q, &format!("{at}/{k}")),
                _ => Some(format!("{at}/{k}")),
            }),
        _ if a == b => None,
        _ => Some(at.to_owned()),
    }
}

pub(super) fn check(history: &History, out: &mut Findings) {
    let mut first: HashMap<(Endpoint, String), Value> = HashMap::new();
    for step in history.steps.iter().filter(|s| s.intent == Intent::Valid) {
        let endpoint = step.exchange.endpoint;
        if !matches!(
            endpoint,
            Endpoint::InquireVaulting | Endpoint::VaultPaymentMethod
        ) {
            continue;
        }
        let (Some(id), Some(answer)) = (
            request_id(&step.exchange),
            json(&step.exchange.response.body),
        ) else {
            continue;
        };
        if !is_final(endpoint, &answer) {
            continue;
        }
        match first.get(&(endpoint, id.clone())) {
            None => {
                first.insert((endpoint, id), answer);
            }
            Some(earlier) => {
                if let Some(at) = first_difference(earlier, &answer, "") {
                    let describe = |v: &Value| {
                        v.pointer(&at)
                            .map_or_else(|| "absent".to_owned(), |x| redact::value(&at, x))
                    };
                    out.violation(
                        at.clone(),
                        format!("{} (as the first final {endpoint} answer)", describe(earlier)),
                        describe(&answer),
                        "vaultingRequestId is an idempotency key: a final S/F result is returned again",
                    );
                }
            }
        }
    }
}
