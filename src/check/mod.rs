//! Checks: pure functions from an exchange to findings. One file per check, the file name is
//! the check id. This module holds the catalogue of single-exchange checks and runs them.
//!
//! Checks judge raw JSON (`serde_json::Value` plus the raw bytes), never typed models: a
//! response that breaks the contract must be reported, not fail to parse.

mod context;
mod finding;
pub mod history;
mod request_kind;
mod support;

mod card_detail_consistency;
mod idempotent_final_result;
mod ignored_auth;
mod negative_data_rejection;
mod notification_conformance;
mod positive_data_acceptance;
mod status_monotonic;
mod unknown_id_not_found;
mod unsupported_method;

mod content_type_conformance;
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

pub use context::Context;
pub use finding::{Finding, Findings, Severity};
pub use history::{History, Intent, Step};
mod judgement;
pub use judgement::{Judgement, assert_conforms};

use crate::exchange::Exchange;
use crate::protocol::keys::PublicKey;

/// A check that judges one exchange on its own.
pub struct Check {
    pub id: &'static str,
    /// One line on what it guards.
    pub guards: &'static str,
    pub run: fn(&Context, &mut Findings),
}

/// Every single-exchange check, in the order reports list them.
pub const CATALOGUE: &[Check] = &[
    Check {
        id: "not_a_server_error",
        guards: "the response is not an HTTP 5xx",
        run: not_a_server_error::check,
    },
    Check {
        id: "status_code_conformance",
        guards: "business and gateway results come with HTTP 200",
        run: status_code_conformance::check,
    },
    Check {
        id: "content_type_conformance",
        guards: "Antom's message is application/json in UTF-8",
        run: content_type_conformance::check,
    },
    Check {
        id: "response_headers_conformance",
        guards: "Client-Id, Response-Time (ISO 8601) and a well-formed Signature header are present",
        run: response_headers_conformance::check,
    },
    Check {
        id: "response_signature",
        guards: "the response signature verifies with Antom's public key over path, client id, time and raw body",
        run: response_signature::check,
    },
    Check {
        id: "response_schema_conformance",
        guards: "Antom's message is a JSON object with the documented fields, lengths, enums and formats",
        run: response_schema_conformance::check,
    },
    Check {
        id: "string_typed_values",
        guards: "every non-array value in Antom's message is a JSON string, never a number or boolean",
        run: string_typed_values::check,
    },
    Check {
        id: "result_code_table",
        guards: "each result code comes with its documented status; unknown codes are warnings",
        run: result_code_table::check,
    },
    Check {
        id: "vaulting_status_coupling",
        guards: "vaultingStatus is present exactly when resultStatus is S",
        run: vaulting_status_coupling::check,
    },
    Check {
        id: "redirect_url_coupling",
        guards: "normalUrl/schemeUrl/applinkUrl only with S and PROCESSING (vaultPaymentMethod: VERIFICATION_IN_PROCESS)",
        run: redirect_url_coupling::check,
    },
    Check {
        id: "payment_method_detail_coupling",
        guards: "paymentMethodDetail exactly with a successful vaulting; a CARD detail carries card",
        run: payment_method_detail_coupling::check,
    },
    Check {
        id: "request_id_echo",
        guards: "vaultingRequestId comes back with S answers and always equals the request's",
        run: request_id_echo::check,
    },
    Check {
        id: "request_schema_conformance",
        guards: "the merchant's message (request or acknowledgement) follows the contract",
        run: request_schema_conformance::check,
    },
];

/// A check that judges one exchange against the intent it was sent with.
pub struct RequestKindCheck {
    pub id: &'static str,
    pub guards: &'static str,
    pub run: fn(Intent, &Context, &mut Findings),
}

/// Every request-kind check.
pub const REQUEST_KIND: &[RequestKindCheck] = &[
    RequestKindCheck {
        id: "negative_data_rejection",
        guards: "a request that breaks the contract gets F/PARAM_ILLEGAL, never S",
        run: negative_data_rejection::check,
    },
    RequestKindCheck {
        id: "positive_data_acceptance",
        guards: "a valid, signed request is served, not refused",
        run: positive_data_acceptance::check,
    },
    RequestKindCheck {
        id: "ignored_auth",
        guards: "unsigned, wrongly signed and unknown-client requests are refused (a stale time accepted is a notice)",
        run: ignored_auth::check,
    },
    RequestKindCheck {
        id: "unsupported_method",
        guards: "anything but POST gets F/METHOD_NOT_SUPPORTED or HTTP 405",
        run: unsupported_method::check,
    },
    RequestKindCheck {
        id: "unknown_id_not_found",
        guards: "inquiring an id never used answers F/VAULTING_NOT_EXIST",
        run: unknown_id_not_found::check,
    },
];

/// A check that judges the steps of a case together.
pub struct StatefulCheck {
    pub id: &'static str,
    pub guards: &'static str,
    pub run: fn(&History, &mut Findings),
}

/// Every stateful check.
pub const STATEFUL: &[StatefulCheck] = &[
    StatefulCheck {
        id: "idempotent_final_result",
        guards: "a final S/F result is repeated exactly for the same vaultingRequestId",
        run: idempotent_final_result::check,
    },
    StatefulCheck {
        id: "status_monotonic",
        guards: "PROCESSING may become SUCCESS or FAIL, never back",
        run: status_monotonic::check,
    },
    StatefulCheck {
        id: "card_detail_consistency",
        guards: "masked number, brand and token agree with the card that was vaulted",
        run: card_detail_consistency::check,
    },
    StatefulCheck {
        id: "notification_conformance",
        guards: "notifyVaulting is signed, conforming and agrees with inquireVaulting",
        run: notification_conformance::check,
    },
];

/// Every check id with what it guards, in catalogue order.
pub fn all_ids() -> Vec<(&'static str, &'static str)> {
    CATALOGUE
        .iter()
        .map(|c| (c.id, c.guards))
        .chain(REQUEST_KIND.iter().map(|c| (c.id, c.guards)))
        .chain(STATEFUL.iter().map(|c| (c.id, c.guards)))
        .collect()
}

/// Judges one step: the single-exchange checks (the request's own conformance only when it is
/// meant to be valid) and the request-kind checks for its intent.
pub fn judge_step(step: &Step, antom_key: Option<&PublicKey>) -> Vec<Finding> {
    let ctx = Context::new(&step.exchange, antom_key);
    let mut findings: Vec<Finding> = judge(&ctx)
        .into_iter()
        .filter(|f| step.intent.request_is_valid() || f.check != "request_schema_conformance")
        .collect();
    for check in REQUEST_KIND {
        (check.run)(
            step.intent,
            &ctx,
            &mut Findings::new(check.id, &mut findings),
        );
    }
    findings
}

/// Runs the stateful checks over a case's history.
pub fn judge_history(history: &History) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in STATEFUL {
        (check.run)(history, &mut Findings::new(check.id, &mut findings));
    }
    findings
}

/// Runs every single-exchange check on a prepared exchange.
pub fn judge(ctx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in CATALOGUE {
        (check.run)(ctx, &mut Findings::new(check.id, &mut findings));
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
