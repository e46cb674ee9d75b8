//! Checks: pure functions from an exchange to findings. One file per check, the file name is
//! the check id ([`CheckId`]). This module holds the table from id to check and runs them.
//!
//! Checks judge raw JSON (`serde_json::Value` plus the raw bytes), never typed models: a
//! response that breaks the contract must be reported, not fail to parse.

mod context;
mod finding;
pub mod history;

mod request_kind;
mod support;

mod card_detail_consistency;
mod card_token_unique;
mod idempotent_final_result;
mod ignored_auth;
mod negative_data_rejection;
mod notification_conformance;
mod positive_data_acceptance;
mod status_monotonic;
mod unknown_id_not_found;
mod unsupported_method;

mod content_type_conformance;
mod masked_card_number;
mod no_cvv_in_response;
mod not_a_server_error;
mod payment_method_detail_coupling;
mod redirect_url_coupling;
mod request_id_echo;
mod request_schema_conformance;
mod response_headers_conformance;
mod response_schema_conformance;
mod response_signature;
mod result_code_table;
mod status_code_conformance;
mod string_typed_values;
mod vaulting_status_coupling;

pub use crate::contract::check_id::{CheckId, CheckKind, UnknownCheckId};
pub use context::Context;
pub use finding::{Finding, Findings, Severity, count_warnings_as_violations};
pub use history::{History, Intent, MissedNotification, Step};
mod judgement;
pub use judgement::{Judgement, assert_conforms};

use crate::contract::Basis;
use crate::exchange::Exchange;
use crate::protocol::keys::PublicKey;

/// How a check runs: what it reads, and the function that judges it.
#[derive(Clone, Copy)]
pub(crate) enum Procedure {
    /// Judges one exchange on its own.
    Exchange(fn(&Context, &mut Findings)),
    /// Judges one exchange against the intent it was sent with.
    RequestKind(fn(Intent, &Context, &mut Findings)),
    /// Judges the steps of a case together.
    Stateful(fn(&History, &mut Findings)),
    /// Judges the merchant's notification receiver: `crate::notify` runs its suite and rules.
    Receiver,
}

/// The one table from check id to the function that judges it. The match is exhaustive, so a
/// new id without a check does not compile.
pub(crate) fn procedure(id: CheckId) -> Procedure {
    use CheckId as C;
    use Procedure::{Exchange as E, RequestKind as R, Stateful as S};
    match id {
        C::NotAServerError => E(not_a_server_error::check),
        C::StatusCodeConformance => E(status_code_conformance::check),
        C::ContentTypeConformance => E(content_type_conformance::check),
        C::ResponseHeadersConformance => E(response_headers_conformance::check),
        C::ResponseSignature => E(response_signature::check),
        C::ResponseSchemaConformance => E(response_schema_conformance::check),
        C::StringTypedValues => E(string_typed_values::check),
        C::ResultCodeTable => E(result_code_table::check),
        C::VaultingStatusCoupling => E(vaulting_status_coupling::check),
        C::RedirectUrlCoupling => E(redirect_url_coupling::check),
        C::PaymentMethodDetailCoupling => E(payment_method_detail_coupling::check),
        C::RequestIdEcho => E(request_id_echo::check),
        C::MaskedCardNumber => E(masked_card_number::check),
        C::NoCvvInResponse => E(no_cvv_in_response::check),
        C::RequestSchemaConformance => E(request_schema_conformance::check),
        C::NegativeDataRejection => R(negative_data_rejection::check),
        C::PositiveDataAcceptance => R(positive_data_acceptance::check),
        C::IgnoredAuth => R(ignored_auth::check),
        C::UnsupportedMethod => R(unsupported_method::check),
        C::UnknownIdNotFound => R(unknown_id_not_found::check),
        C::IdempotentFinalResult => S(idempotent_final_result::check),
        C::StatusMonotonic => S(status_monotonic::check),
        C::CardDetailConsistency => S(card_detail_consistency::check),
        C::CardTokenUnique => S(card_token_unique::check),
        C::NotificationConformance => S(notification_conformance::check),
        C::NotificationAcknowledged
        | C::FailNotificationAcknowledged
        | C::RepeatNotificationAcknowledged
        | C::ForgedNotificationRefused
        | C::UnsignedNotificationRefused
        | C::WrongPathNotificationRefused => Procedure::Receiver,
    }
}

/// What each check rests on (DESIGN.md, "The basis of a rule decides its severity"): the
/// basis of its findings unless a finding names its own (a coupling rule's, a request rule's,
/// a card that is not a named test card). The match is exhaustive, so a new check declares
/// its basis or does not compile.
pub fn basis(id: CheckId) -> Basis {
    use Basis::{Documented, Policy, Protocol, Security};
    use CheckId as C;
    match id {
        // No AMS source states the HTTP status; DESIGN's policy: results come with HTTP 200
        // and any other status is reported.
        C::NotAServerError | C::StatusCodeConformance => Policy,
        // [DOC-FUND]: Content-Type application/json; charset=UTF-8.
        C::ContentTypeConformance => Documented,
        // The message protocol: Client-Id, Response-Time, Signature; the signature itself.
        C::ResponseHeadersConformance | C::ResponseSignature => Protocol,
        // The API pages' field tables (a response URL's syntax is a policy, a request URL's an
        // inference: support::schema_findings says so per finding).
        C::ResponseSchemaConformance | C::RequestSchemaConformance => Documented,
        // The seed's structure note: every non-array value is a String.
        C::StringTypedValues => Documented,
        // The result-code tables (an unknown code is a warning by policy).
        C::ResultCodeTable => Documented,
        // Each coupling rule carries its own basis (contract::rules).
        C::VaultingStatusCoupling | C::RedirectUrlCoupling | C::PaymentMethodDetailCoupling => {
            Documented
        }
        // [DOC-IV]: vaultingRequestId is returned (required) in the response; that F/U
        // answers echo it is DESIGN's policy (request_id_echo says so per finding).
        C::RequestIdEcho => Documented,
        // PARAM_ILLEGAL for illegal parameters (a request that breaks only an inferred rule
        // makes this a warning: negative_data_rejection decides per request).
        C::NegativeDataRejection | C::PositiveDataAcceptance => Documented,
        // digital_signature: every request signature is verified (a stale time: inferred).
        C::IgnoredAuth => Protocol,
        // The result-code tables: METHOD_NOT_SUPPORTED, VAULTING_NOT_EXIST.
        C::UnsupportedMethod | C::UnknownIdNotFound => Documented,
        // [DOC-IDEM]: the same id with a final S/F status returns the same result; the same
        // final outcome cannot move back to PROCESSING.
        C::IdempotentFinalResult | C::StatusMonotonic => Documented,
        // The masked number and token describe the vaulted card ([DOC-IV] sample, [DOC-NV]);
        // a brand from a BIN table for a card that is no named test card is inferred.
        C::CardDetailConsistency => Documented,
        // [DOC-NV]: notifyVaulting is signed, conforming, and reports the vaulting's outcome.
        C::NotificationConformance => Documented,
        // What a response must never carry, whatever the docs say (DESIGN.md).
        C::MaskedCardNumber | C::NoCvvInResponse | C::CardTokenUnique => Security,
        // [DOC-NV]: the receiver answers with the fixed `result`; without it Antom resends
        // (up to 8 times), so a repeat is answered as the first one, an F as an S.
        C::NotificationAcknowledged
        | C::FailNotificationAcknowledged
        | C::RepeatNotificationAcknowledged => Documented,
        // DESIGN's merchant's side: a forged, unsigned or wrong-path notification is never
        // acknowledged as SUCCESS, whatever the docs say.
        C::ForgedNotificationRefused
        | C::UnsignedNotificationRefused
        | C::WrongPathNotificationRefused => Security,
    }
}

/// The single-exchange checks that judge notifications under their own id: what a message
/// must never carry is their question wherever it appears, so `notification_conformance`
/// leaves their findings to them (a full card number in a notification is reported by
/// `masked_card_number` alone).
pub(crate) const OWN_ID_ON_NOTIFICATIONS: [CheckId; 2] =
    [CheckId::MaskedCardNumber, CheckId::NoCvvInResponse];

/// Every check id with what it guards, in catalogue order (what `check --list` prints).
pub fn all_ids() -> Vec<(CheckId, &'static str)> {
    CheckId::ALL.iter().map(|&id| (id, id.guards())).collect()
}

/// Judges one step: the single-exchange checks (the request's own conformance only when it is
/// meant to be valid) and the request-kind checks for its intent.
pub fn judge_step(step: &Step, antom_key: Option<&PublicKey>) -> Vec<Finding> {
    let ctx = Context::new(&step.exchange, antom_key);
    let mut findings: Vec<Finding> = judge(&ctx)
        .into_iter()
        .filter(|f| step.intent.request_is_valid() || f.check != CheckId::RequestSchemaConformance)
        .collect();
    for &id in CheckId::ALL {
        if let Procedure::RequestKind(run) = procedure(id) {
            run(step.intent, &ctx, &mut Findings::new(id, &mut findings));
        }
    }
    findings
}

/// Runs the stateful checks over a case's history, and on its notifications the checks that
/// judge them under their own id (`masked_card_number`, `no_cvv_in_response`).
pub fn judge_history(history: &History) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &id in CheckId::ALL {
        if let Procedure::Stateful(run) = procedure(id) {
            run(history, &mut Findings::new(id, &mut findings));
        }
    }
    for notification in &history.notifications {
        let ctx = Context::new(notification, history.antom_key.as_ref());
        for id in OWN_ID_ON_NOTIFICATIONS {
            if let Procedure::Exchange(run) = procedure(id) {
                run(&ctx, &mut Findings::new(id, &mut findings));
            }
        }
    }
    findings
}

/// Judges the cases of a whole run together, for the rules that span cases
/// (`card_token_unique`: one token for two cards vaulted in different cases). Give each case's
/// history with the findings it already has, in run order; each new finding comes back with
/// the index of the case it belongs to. A finding the case already holds is not repeated.
pub fn judge_across_cases<'a>(
    runs: impl IntoIterator<Item = (&'a History, &'a [Finding])>,
) -> Vec<(usize, Finding)> {
    card_token_unique::judge_across(runs)
}

/// Runs every single-exchange check on a prepared exchange.
pub fn judge(ctx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &id in CheckId::ALL {
        if let Procedure::Exchange(run) = procedure(id) {
            run(ctx, &mut Findings::new(id, &mut findings));
        }
    }
    findings
}

/// Prepares and judges one exchange.
pub fn judge_exchange(exchange: &Exchange, antom_key: Option<&PublicKey>) -> Vec<Finding> {
    judge(&Context::new(exchange, antom_key))
}

/// Whether findings hold any violation.
pub fn has_violation(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Violation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_runs_as_the_kind_it_declares() {
        for &id in CheckId::ALL {
            let kind = match procedure(id) {
                Procedure::Exchange(_) => CheckKind::Exchange,
                Procedure::RequestKind(_) => CheckKind::RequestKind,
                Procedure::Stateful(_) => CheckKind::Stateful,
                Procedure::Receiver => CheckKind::Receiver,
            };
            assert_eq!(kind, id.kind(), "{id}");
        }
    }
}
