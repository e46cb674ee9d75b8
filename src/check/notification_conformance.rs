//! `notification_conformance`: every notifyVaulting the case awaits arrives; every one that
//! arrives is signed (verified against
//! the listener's own path), conforms to the contract, and reports the outcome inquireVaulting
//! reports. Findings of the single-exchange checks on a notification are reported under this
//! id, naming the check they come from, except what a notification must never carry (a card
//! number, a CVV), which those checks report under their own ids. (Whether the notified card is the vaulted card is
//! `card_detail_consistency`'s question.)

use super::history::{History, json};
use super::{CheckId, Context, Findings, Severity};
use crate::contract::{Endpoint, VaultingStatus};

pub(super) fn check(history: &History, out: &mut Findings) {
    for missed in &history.missed_notifications {
        out.violation(
            "",
            format!("a notifyVaulting about {}", missed.vaulting_request_id),
            format!("none within {} s", missed.waited.as_secs()),
            "notifyVaulting is sent when a vaulting reaches a final status",
        );
    }
    for notification in &history.notifications {
        let ctx = Context::new(notification, history.antom_key.as_ref());
        for finding in super::judge(&ctx) {
            if finding.severity != Severity::Notice
                && finding.check != CheckId::RequestSchemaConformance
                && !super::OWN_ID_ON_NOTIFICATIONS.contains(&finding.check)
            {
                out.push(
                    finding.severity,
                    finding.basis,
                    finding.pointer,
                    finding.expected,
                    finding.found,
                    format!("{} (notification, {})", finding.spec, finding.check),
                );
            }
        }
        let Some(body) = json(&notification.request.body) else {
            continue;
        };
        let Some(id) = body["vaultingRequestId"].as_str() else {
            continue;
        };
        let final_inquiry = history
            .steps
            .iter()
            .filter(|s| s.exchange.endpoint == Endpoint::InquireVaulting)
            .filter_map(|s| json(&s.exchange.response.body))
            .rfind(|a| {
                a["vaultingRequestId"] == id
                    && a["vaultingStatus"]
                        .as_str()
                        .and_then(VaultingStatus::parse)
                        .is_some_and(VaultingStatus::is_final)
            });
        let Some(inquiry) = final_inquiry else {
            continue;
        };
        if let Some(status) = body["vaultingStatus"].as_str()
            && inquiry["vaultingStatus"] != status
        {
            out.violation(
                "/vaultingStatus",
                format!(
                    "{} (what inquireVaulting answers)",
                    inquiry["vaultingStatus"]
                ),
                status,
                "notifyVaulting and inquireVaulting report the same outcome",
            );
        }
    }
}
