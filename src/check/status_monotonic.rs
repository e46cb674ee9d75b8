//! `status_monotonic`: a vaulting goes from PROCESSING to SUCCESS or FAIL, never back.

use super::Findings;
use super::history::{History, Intent, json, request_id};
use crate::contract::{Endpoint, ResultStatus, VaultingStatus};
use serde_json::Value;
use std::collections::HashMap;

/// The vaulting status an answer reports, when it reports one (an undocumented status is the
/// schema check's finding, not this one's).
fn status_of(endpoint: Endpoint, answer: &Value) -> Option<VaultingStatus> {
    let code = answer["result"]["resultCode"].as_str()?;
    let status = ResultStatus::parse(answer["result"]["resultStatus"].as_str()?)?;
    match (endpoint, status, code) {
        (Endpoint::InquireVaulting, ResultStatus::S, _) => {
            VaultingStatus::parse(answer["vaultingStatus"].as_str()?)
        }
        (Endpoint::VaultPaymentMethod, ResultStatus::S, _) => Some(VaultingStatus::Success),
        (Endpoint::VaultPaymentMethod, ResultStatus::F, "VERIFICATION_FAIL") => {
            Some(VaultingStatus::Fail)
        }
        (Endpoint::VaultPaymentMethod, ResultStatus::U, "VERIFICATION_IN_PROCESS") => {
            Some(VaultingStatus::Processing)
        }
        _ => None,
    }
}

pub(super) fn check(history: &History, out: &mut Findings) {
    let mut reached: HashMap<String, VaultingStatus> = HashMap::new();
    for step in history.steps.iter().filter(|s| s.intent == Intent::Valid) {
        let (Some(id), Some(answer)) = (
            request_id(&step.exchange),
            json(&step.exchange.response.body),
        ) else {
            continue;
        };
        let Some(status) = status_of(step.exchange.endpoint, &answer) else {
            continue;
        };
        match reached.get(&id) {
            Some(final_status) if !status.is_final() => out.violation(
                "/vaultingStatus",
                format!("{final_status} (the vaulting already reached it)"),
                status.as_str(),
                "a vaulting moves from PROCESSING to SUCCESS or FAIL, never back",
            ),
            _ if status.is_final() => {
                reached.entry(id).or_insert(status);
            }
            _ => {}
        }
    }
}
