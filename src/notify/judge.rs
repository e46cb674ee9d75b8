//! The receiver rules, from the answers to findings: one check per rule, and a root cause
//! reported once. The F notification and the repeat are judged only once the genuine success
//! notification was acknowledged (a receiver that acknowledges nothing breaks
//! `notification_acknowledged`, not three rules); an unsigned or wrong-path notification
//! accepted is its own rule only when the receiver refuses forged signatures (a receiver that
//! verifies nothing breaks `forged_notification_refused`).

use super::answer::Answer;
use super::suite::Probe;
use crate::check::{CheckId, Finding, Findings};

const ACK: &str = "HTTP 200 with result resultStatus S, resultCode SUCCESS (any resultMessage)";
const SPEC_ACK: &str = "notifyVaulting: the merchant acknowledges receipt with the fixed result (resultStatus S, resultCode SUCCESS); without it Antom resends, up to 8 times within 24 hours";
const REFUSED: &str = "refused (not HTTP 200 with resultStatus S or resultCode SUCCESS)";
const SPEC_FORGED: &str = "a notification is verified with Antom's public key over the receiver's own path, its client-id, request-time and raw body (Antom's digital signature docs); one that does not verify must never be acknowledged";

/// Judges the answers of one run of the suite.
pub(crate) fn judge(answers: &[Answer]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let of = |probe: &Probe| answers.iter().find(|a| &a.probe == probe);
    let first = of(&Probe::GenuineSuccess);
    let first_acknowledged = first.is_some_and(Answer::acknowledged);
    if let Some(first) = first
        && let Some(problem) = &first.problem
    {
        Findings::new(CheckId::NotificationAcknowledged, &mut findings).violation(
            "",
            format!("{ACK} to {}", first.probe.name()),
            problem.as_str(),
            SPEC_ACK,
        );
    }
    for (probe, check, owed) in [
        (
            Probe::GenuineFail,
            CheckId::FailNotificationAcknowledged,
            "as the success notification was",
        ),
        (
            Probe::Repeat,
            CheckId::RepeatNotificationAcknowledged,
            "as the first time",
        ),
    ] {
        if let Some(answer) = of(&probe)
            && let Some(problem) = &answer.problem
            && first_acknowledged
        {
            Findings::new(check, &mut findings).violation(
                "",
                format!("{ACK} to {}, {owed}", probe.name()),
                problem.as_str(),
                SPEC_ACK,
            );
        }
    }
    let accepted = |answer: &&Answer| answer.accepted;
    let forged: Vec<&Answer> = answers
        .iter()
        .filter(|a| matches!(a.probe, Probe::WrongSignature | Probe::TamperedBody))
        .filter(accepted)
        .collect();
    for answer in &forged {
        Findings::new(CheckId::ForgedNotificationRefused, &mut findings).violation(
            "header:Signature",
            format!("{REFUSED} to {}", answer.probe.name()),
            format!(
                "accepted as SUCCESS (HTTP {})",
                answer.status.unwrap_or_default()
            ),
            SPEC_FORGED,
        );
    }
    if forged.is_empty() {
        for answer in answers.iter().filter(accepted) {
            let check = match answer.probe {
                Probe::Unsigned => CheckId::UnsignedNotificationRefused,
                Probe::WrongPath(_) => CheckId::WrongPathNotificationRefused,
                _ => continue,
            };
            Findings::new(check, &mut findings).violation(
                "header:Signature",
                format!("{REFUSED} to {}", answer.probe.name()),
                format!(
                    "accepted as SUCCESS (HTTP {})",
                    answer.status.unwrap_or_default()
                ),
                SPEC_FORGED,
            );
        }
    }
    findings
}
