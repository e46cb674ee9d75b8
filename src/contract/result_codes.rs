//! Result codes and the one status each carries: the table of every endpoint, and the
//! gateway codes any AMS endpoint may answer with (reference §5).

/// A result code and the `resultStatus` that must come with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCode {
    pub code: &'static str,
    pub status: &'static str,
    /// What the code means, paraphrased from the API reference.
    pub meaning: &'static str,
}

const fn rc(code: &'static str, status: &'static str, meaning: &'static str) -> ResultCode {
    ResultCode {
        code,
        status,
        meaning,
    }
}

pub const INQUIRE_VAULTING: &[ResultCode] = &[
    rc("SUCCESS", "S", "Success"),
    rc(
        "VAULTING_NOT_EXIST",
        "F",
        "The vaulting request ID does not exist",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        "U",
        "Call failed for an unknown reason; retry with the same ID",
    ),
];

pub const VAULT_PAYMENT_METHOD: &[ResultCode] = &[
    rc("SUCCESS", "S", "Success"),
    rc(
        "PARAM_ILLEGAL",
        "F",
        "Required parameters missing or illegal",
    ),
    rc(
        "PROCESS_FAIL",
        "F",
        "General business failure; do not retry",
    ),
    rc(
        "UNKNOWN_EXCEPTION",
        "U",
        "Unknown failure; call again with a new ID",
    ),
    rc(
        "VERIFICATION_IN_PROCESS",
        "U",
        "Verification still running; open the returned URL",
    ),
    rc(
        "VERIFICATION_FAIL",
        "F",
        "Payment method verification failed",
    ),
];

pub const CREATE_VAULTING_SESSION: &[ResultCode] = &[
    rc("SUCCESS", "S", "Vaulting session created"),
    rc(
        "PARAM_ILLEGAL",
        "F",
        "Required parameters missing or illegal",
    ),
    rc(
        "PROCESS_FAIL",
        "F",
        "General business failure; do not retry",
    ),
    rc("UNKNOWN_EXCEPTION", "U", "Unknown failure; call again"),
];

pub const NOTIFY_VAULTING: &[ResultCode] = &[
    rc("SUCCESS", "S", "The vaulting succeeded"),
    rc(
        "VERIFICATION_FAIL",
        "F",
        "Payment method verification failed",
    ),
    rc("PROCESS_FAIL", "F", "The vaulting failed"),
];

/// Codes the AMS gateway answers on any endpoint, before the endpoint itself runs.
pub const GATEWAY: &[ResultCode] = &[
    rc("ACCESS_DENIED", "F", "Access denied"),
    rc(
        "CLIENT_FORBIDDEN_ACCESS_API",
        "F",
        "The client may not use this API",
    ),
    rc(
        "INVALID_ACCESS_TOKEN",
        "F",
        "Access token expired, revoked or missing",
    ),
    rc("INVALID_API", "F", "The called API is invalid or inactive"),
    rc("INVALID_CLIENT_STATUS", "F", "The client status is invalid"),
    rc(
        "INVALID_SIGNATURE",
        "F",
        "The request signature does not verify",
    ),
    rc("KEY_NOT_FOUND", "F", "No key found for the client"),
    rc(
        "MEDIA_TYPE_NOT_ACCEPTABLE",
        "F",
        "The media type is not accepted",
    ),
    rc(
        "MERCHANT_NOT_REGISTERED",
        "F",
        "The merchant is not registered",
    ),
    rc("METHOD_NOT_SUPPORTED", "F", "Only POST is supported"),
    rc("NO_INTERFACE_DEF", "F", "No such API"),
    rc(
        "PARAM_ILLEGAL",
        "F",
        "Missing or illegal parameters in the header or body",
    ),
    rc("PROCESS_FAIL", "F", "General business failure"),
    rc("RISK_REJECT", "F", "Rejected by risk control"),
    rc("SYSTEM_ERROR", "F", "System error; do not retry"),
    rc("UNKNOWN_CLIENT", "F", "The client is unknown"),
    rc(
        "REQUEST_TRAFFIC_EXCEED_LIMIT",
        "U",
        "Too many requests; call again",
    ),
    rc("UNKNOWN_EXCEPTION", "U", "Unknown failure; call again"),
];

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
    fn every_code_has_one_status_across_all_tables() {
        let tables = [
            INQUIRE_VAULTING,
            VAULT_PAYMENT_METHOD,
            CREATE_VAULTING_SESSION,
            NOTIFY_VAULTING,
            GATEWAY,
        ];
        let mut seen = std::collections::HashMap::new();
        for entry in tables.iter().flat_map(|t| t.iter()) {
            let status = seen.entry(entry.code).or_insert(entry.status);
            assert_eq!(*status, entry.status, "{} has two statuses", entry.code);
        }
    }
}
