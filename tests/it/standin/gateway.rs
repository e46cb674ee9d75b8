//! The gateway in front of the operations: which path, method, client, time and signature a
//! request must have, and the body it must carry. A refusal is a result code with HTTP 200,
//! as Antom answers.

use super::config::StandinConfig;
use super::crypto::{CheckKey, signature_of_header, signed_text};
use super::validate::{self, Operation, Strictness};
use axum::http::{HeaderMap, Method};
use serde_json::Value;

/// Why the gateway refused a request: the result code and status, a message, and the
/// `vaultingRequestId` to echo when the request carried a usable one.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub status: &'static str,
    pub code: &'static str,
    pub message: String,
    pub echo_id: Option<String>,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    let status = if code == "REQUEST_TRAFFIC_EXCEED_LIMIT" {
        "U"
    } else {
        "F"
    };
    Refusal {
        status,
        code,
        message: message.into(),
        echo_id: None,
    }
}

/// The operation a path names: `/ams/sandbox/api/v1/vaults/<name>` or `/ams/api/v1/vaults/<name>`.
pub(crate) fn operation_of(path: &str) -> Option<Operation> {
    let name = path
        .strip_prefix("/ams/sandbox/api/v1/vaults/")
        .or_else(|| path.strip_prefix("/ams/api/v1/vaults/"))?;
    Operation::from_name(name)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `Request-Time` as epoch milliseconds (the docs) or ISO 8601 (what some SDKs send).
fn request_time_millis(value: &str) -> Option<i64> {
    if let Ok(millis) = value.parse::<i64>() {
        return Some(millis);
    }
    value
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

/// Lets a request through to `operation` with its parsed body, or refuses it.
pub(crate) fn admit(
    config: &StandinConfig,
    merchant_key: &CheckKey,
    method: &Method,
    path_and_query: &str,
    operation: Operation,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, Refusal> {
    if method != Method::POST {
        return Err(refuse(
            "METHOD_NOT_SUPPORTED",
            format!("The HTTP method {method} is not supported; use POST."),
        ));
    }
    let client_id = header(headers, "client-id")
        .ok_or_else(|| refuse("PARAM_ILLEGAL", "The Client-Id header is required."))?;
    if client_id != config.client_id {
        return Err(refuse(
            "KEY_NOT_FOUND",
            "No key is registered for this client.",
        ));
    }
    let time = header(headers, "request-time")
        .ok_or_else(|| refuse("PARAM_ILLEGAL", "The Request-Time header is required."))?;
    let millis = request_time_millis(time).ok_or_else(|| {
        refuse(
            "PARAM_ILLEGAL",
            "Request-Time is neither epoch milliseconds nor ISO 8601.",
        )
    })?;
    let signature = header(headers, "signature")
        .and_then(signature_of_header)
        .ok_or_else(|| {
            refuse(
                "INVALID_SIGNATURE",
                "The Signature header is missing or malformed.",
            )
        })?;
    let text = signed_text(path_and_query, client_id, time, body);
    if !merchant_key.verifies(&text, signature) {
        return Err(refuse("INVALID_SIGNATURE", "The signature is invalid."));
    }
    if !config.variations.accept_stale_request_time {
        let now = jiff::Timestamp::now().as_millisecond();
        if (now - millis).abs() > 5 * 60 * 1000 {
            return Err(refuse(
                "PARAM_ILLEGAL",
                "Request-Time is more than five minutes away from now.",
            ));
        }
    }
    if let Some(kind) = header(headers, "content-type")
        && !kind.to_ascii_lowercase().starts_with("application/json")
    {
        return Err(refuse(
            "MEDIA_TYPE_NOT_ACCEPTABLE",
            "The request must be application/json.",
        ));
    }
    let parsed: Value = serde_json::from_slice(body)
        .map_err(|_| refuse("PARAM_ILLEGAL", "The body is not valid JSON."))?;
    let strict = Strictness {
        url_syntax: !config.variations.no_url_syntax_check,
    };
    validate::request(operation, &parsed, strict).map_err(|reason| {
        let mut refusal = refuse("PARAM_ILLEGAL", format!("Illegal parameter: {reason}."));
        refusal.echo_id = parsed
            .get("vaultingRequestId")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty() && id.chars().count() <= 64)
            .map(str::to_owned);
        refusal
    })?;
    Ok(parsed)
}
