//! Result codes and the one status each carries: the table of every endpoint, and the
//! gateway codes any AMS endpoint may answer with (reference §5).

use super::status::ResultStatus::{self, F, S, U};

/// The gateway's answer to a caller over its rate limit: slow down and call again.
pub const THROTTLED: &str = "REQUEST_TRAFFIC_EXCEED_LIMIT";

/// A result code, the `resultStatus` that must come with it, and the `resultMessage` the
/// simulator and the generators write with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCode {
    /// `result.resultCode` (`SUCCESS`, `PARAM_ILLEGAL`).
    pub code: &'static str,
    /// The `result.resultStatus` that must come with the code.
    pub status: ResultStatus,
    /// What the code means, paraphrased from the API reference.
    pub meaning: &'static str,
    /// The `resultMessage` that goes with the code (one per code across all tables).
    pub message: &'static str,
}

const fn rc(
    code: &'static str,
    status: ResultStatus,
    meaning: &'static str,
    message: &'static str,
) -> ResultCode {
    ResultCode {
        code,
        status,
        meaning,
        message,
    }
}

/// inquireVaulting's own codes.
pub const INQUIRE_VAULTING: &[ResultCode] = &[
    rc("SUCCESS", S, "Success", "success."),
    rc(
        "VAULTING_NOT_EXIST",
        F,
        "The vaulting request ID does not exist",
        "The vaulting request ID does not exist.",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        U,
        "Call failed for an unknown reason; retry with the same ID",
        "An API call has failed, which is caused by unknown reasons.",
    ),
];

/// vaultPaymentMethod's own codes.
pub const VAULT_PAYMENT_METHOD: &[ResultCode] = &[
    rc("SUCCESS", S, "Success", "success."),
    rc(
        "PARAM_ILLEGAL",
        F,
        "Required parameters missing or illegal",
        "Illegal parameters. For example, non-numeric input, invalid date.",
    ),
    rc(
        "PROCESS_FAIL",
        F,
        "General business failure; do not retry",
        "The request could not be processed.",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        U,
        "Unknown failure; call again with a new ID",
        "An API call has failed, which is caused by unknown reasons.",
    ),
    rc(
        "VERIFICATION_IN_PROCESS",
        U,
        "Verification still running; open the returned URL",
        "The verification is still under process.",
    ),
    rc(
        "VERIFICATION_FAIL",
        F,
        "Payment method verification failed",
        "The payment method verification failed.",
    ),
];

/// createVaultingSession's own codes.
pub const CREATE_VAULTING_SESSION: &[ResultCode] = &[
    rc("SUCCESS", S, "Vaulting session created", "success."),
    rc(
        "PARAM_ILLEGAL",
        F,
        "Required parameters missing or illegal",
        "Illegal parameters. For example, non-numeric input, invalid date.",
    ),
    rc(
        "PROCESS_FAIL",
        F,
        "General business failure; do not retry",
        "The request could not be processed.",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        U,
        "Unknown failure; call again",
        "An API call has failed, which is caused by unknown reasons.",
    ),
];

/// The codes a notifyVaulting notification may carry (the vaulting's outcome).
pub const NOTIFY_VAULTING: &[ResultCode] = &[
    rc("SUCCESS", S, "The vaulting succeeded", "success."),
    rc(
        "VERIFICATION_FAIL",
        F,
        "Payment method verification failed",
        "The payment method verification failed.",
    ),
    rc(
        "PROCESS_FAIL",
        F,
        "The vaulting failed",
        "The request could not be processed.",
    ),
];

/// Codes the AMS gateway answers on any endpoint, before the endpoint itself runs.
pub const GATEWAY: &[ResultCode] = &[
    rc("ACCESS_DENIED", F, "Access denied", "Access is denied."),
    rc(
        "CLIENT_FORBIDDEN_ACCESS_API",
        F,
        "The client may not use this API",
        "The client is not authorized to use this API.",
    ),
    rc(
        "INVALID_ACCESS_TOKEN",
        F,
        "Access token expired, revoked or missing",
        "The access token is expired, revoked, or does not exist.",
    ),
    rc(
        "INVALID_API",
        F,
        "The called API is invalid or inactive",
        "The called API is invalid or not active.",
    ),
    rc(
        "INVALID_CLIENT_STATUS",
        F,
        "The client status is invalid",
        "The client status is invalid.",
    ),
    rc(
        "INVALID_SIGNATURE",
        F,
        "The request signature does not verify",
        "The signature does not verify.",
    ),
    rc(
        "KEY_NOT_FOUND",
        F,
        "No key found for the client",
        "No key is registered for this client.",
    ),
    rc(
        "MEDIA_TYPE_NOT_ACCEPTABLE",
        F,
        "The media type is not accepted",
        "The media type is not acceptable; send application/json; charset=UTF-8.",
    ),
    rc(
        "MERCHANT_NOT_REGISTERED",
        F,
        "The merchant is not registered",
        "The merchant is not registered.",
    ),
    rc(
        "METHOD_NOT_SUPPORTED",
        F,
        "Only POST is supported",
        "The HTTP method is not supported; use POST.",
    ),
    rc("NO_INTERFACE_DEF", F, "No such API", "No such API."),
    rc(
        "PARAM_ILLEGAL",
        F,
        "Missing or illegal parameters in the header or body",
        "Illegal parameters. For example, non-numeric input, invalid date.",
    ),
    rc(
        "PROCESS_FAIL",
        F,
        "General business failure",
        "The request could not be processed.",
    ),
    rc(
        "RISK_REJECT",
        F,
        "Rejected by risk control",
        "The request is rejected by risk control.",
    ),
    rc(
        "SYSTEM_ERROR",
        F,
        "System error; do not retry",
        "A system error occurred.",
    ),
    rc(
        "UNKNOWN_CLIENT",
        F,
        "The client is unknown",
        "The client is unknown.",
    ),
    rc(
        THROTTLED,
        U,
        "Too many requests; call again",
        "The request traffic exceeds the limit.",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        U,
        "Unknown failure; call again",
        "An API call has failed, which is caused by unknown reasons.",
    ),
];

/// Every table: the four operations', then the gateway's.
pub const ALL_TABLES: [&[ResultCode]; 5] = [
    INQUIRE_VAULTING,
    VAULT_PAYMENT_METHOD,
    CREATE_VAULTING_SESSION,
    NOTIFY_VAULTING,
    GATEWAY,
];

/// Codes a gateway refuses a request with before any operation runs: a valid, signed request
/// must never get one (`positive_data_acceptance`), and the simulator refuses only with these.
pub const REQUEST_REFUSALS: &[&str] = &[
    "PARAM_ILLEGAL",
    "INVALID_SIGNATURE",
    "KEY_NOT_FOUND",
    "METHOD_NOT_SUPPORTED",
    "MEDIA_TYPE_NOT_ACCEPTABLE",
    "NO_INTERFACE_DEF",
];

/// Codes that refuse a request which is unsigned, wrongly signed or from an unknown client
/// (`ignored_auth`); the first three name the usual ones.
pub const AUTHENTICATION_REFUSALS: &[&str] = &[
    "INVALID_SIGNATURE",
    "KEY_NOT_FOUND",
    "UNKNOWN_CLIENT",
    "ACCESS_DENIED",
    "INVALID_CLIENT_STATUS",
    "CLIENT_FORBIDDEN_ACCESS_API",
    "PARAM_ILLEGAL",
];

/// Finds a code in any table (a code has one status and one message everywhere, tested).
pub fn find(code: &str) -> Option<&'static ResultCode> {
    ALL_TABLES
        .into_iter()
        .flat_map(|table| table.iter())
        .find(|entry| entry.code == code)
}

/// A `result` object for a code: its status from the tables, `message` or else the code's own
/// message. A code in no table (a harness bug, caught by the tests) gets `U`, which asks the
/// caller to retry rather than claiming an outcome.
pub fn result_object(code: &str, message: Option<&str>) -> serde_json::Value {
    let entry = find(code);
    debug_assert!(entry.is_some(), "{code} is in no result-code table");
    serde_json::json!({
        "resultCode": code,
        "resultStatus": entry.map_or(ResultStatus::U, |e| e.status).as_str(),
        "resultMessage": message.or(entry.map(|e| e.message)).unwrap_or_default(),
    })
}

/// Looks a code up in an endpoint's table, then in the gateway table.
pub fn lookup(table: &'static [ResultCode], code: &str) -> Option<&'static ResultCode> {
    table
        .iter()
        .chain(GATEWAY.iter())
        .find(|entry| entry.code == code)
}

/// Whether a code is one the gateway answers with (so the response may carry only `result`).
pub fn is_gateway_only(table: &'static [ResultCode], code: &str) -> bool {
    !table.iter().any(|entry| entry.code == code) && GATEWAY.iter().any(|entry| entry.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_status_and_one_message_across_all_tables() {
        let mut seen = std::collections::HashMap::new();
        for entry in ALL_TABLES.iter().flat_map(|t| t.iter()) {
            let first = seen.entry(entry.code).or_insert(entry);
            assert_eq!(
                first.status, entry.status,
                "{} has two statuses",
                entry.code
            );
            assert_eq!(
                first.message, entry.message,
                "{} has two messages",
                entry.code
            );
            assert!(
                entry.message.chars().count()
                    <= crate::contract::shapes::RESULT_MESSAGE_MAX as usize,
                "{}",
                entry.code
            );
        }
    }

    #[test]
    fn the_refusal_lists_are_documented_failures() {
        for code in REQUEST_REFUSALS.iter().chain(AUTHENTICATION_REFUSALS) {
            assert_eq!(lookup(GATEWAY, code).map(|e| e.status), Some(F), "{code}");
        }
    }
}
