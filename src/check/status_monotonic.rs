//! `status_monotonic`: a vaulting goes from PROCESSING to SUCCESS or FAIL, never back.

use super::Findings;
use super::history::{History, Intent, json, request_id};
use crate::contract::Endpoint;
use serde_json::Value;
use std::collections::HashMap;

/// The vaulting status an answer reports, when it reports one.
fn status_of(endpoint: Endpoint, answer: &Value) -> Option<&'static str> {
    let code = answer["result"]["resultCode"].as_str()?;
    let status = answer["result"]["resultStatus"].as_str()?;
    match (endpoint, status, code) {
        (Endpoint::InquireVaulting, "S", _) => match answer["vaultingStatus"].as_str()? {
            "SUCCESS" => Some("SUCCESS"),
            "FAIL" => Some("FAIL"),
            "PROCESSING" => Some("PROCESSING"),
            _ => None,
        },
        (Endpoint::VaultPaymentMethod, "S", _) => Some("SUCCESS"),
        (Endpoint::VaultPaymentMethod, "F", "VERIFICATION_FAIL") => Some("FAIL"),
        (Endpoint::VaultPaymentMethod, "U", "VERIFICATION_IN_PROCESS") => Some("PROCESSING"),
        _ => None,
    }
}

pub fn check(history: &History, out: &mut Findings) {
    let mut reached: HashMap<String, &'static str> = HashMap::new();
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
            Some(final_status) if status == "PROCESSING" => out.violation(
                "/vaultingStatus",
                format!("{final_status} (the vaulting already reached it)"),
                "PROCESSING",
                "a vaulting moves from PROCESSING to SUCCESS or FAIL, never back",
            ),
            _ if status != "PROCESSING" => {
                reached.entry(id).or_insert(status);
            }
            _ => {}
        }
    }
}
