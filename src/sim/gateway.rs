//! The gateway, first, as Antom's: path, method, media type, client, time and signature, then
//! the body's size and syntax and the contract's request validation. Each refusal carries its
//! documented code as HTTP 200 with a `result`.

use super::SimConfig;
use super::answer::Answer;
use super::faults::{Fault, FaultSet};
use super::request_log::{Inspection, expected_text};
use super::verdict::SignatureVerdict;
use crate::contract::{API_PREFIX, Endpoint, SANDBOX_PREFIX, Side};
use crate::protocol::headers as protocol_headers;
use crate::protocol::{SignatureHeader, sign_content, time, verify};
use axum::http::HeaderMap;
use serde_json::Value;

/// A request the gateway let through.
pub(super) struct Admitted {
    pub endpoint: Endpoint,
    pub client_id: String,
    pub body: Value,
    /// Whether answers are signed (the request authenticated).
    pub signed: bool,
    /// The request breaks the contract but the accept-invalid fault let it through.
    pub invalid: bool,
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The endpoint of a Vault path under `/ams/api` or `/ams/sandbox/api`.
pub(super) fn endpoint_of(path: &str) -> Option<Endpoint> {
    let tail = path
        .strip_prefix(crate::contract::API_PREFIX)
        .or_else(|| path.strip_prefix(SANDBOX_PREFIX))?
        .strip_prefix("/v1/vaults/")?;
    Endpoint::ALL
        .into_iter()
        .find(|e| e.path().is_some() && e.name() == tail)
}

pub(super) fn admit(
    config: &SimConfig,
    faults: &FaultSet,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
    inspection: &mut Inspection,
) -> Result<Admitted, Answer> {
    let Some(endpoint) = endpoint_of(path) else {
        return Err(Answer::refusal("NO_INTERFACE_DEF", "No such API.", false));
    };
    if method != "POST" && !faults.has(Fault::AcceptGet) {
        return Err(Answer::refusal(
            "METHOD_NOT_SUPPORTED",
            "The HTTP method is not supported; use POST.",
            false,
        ));
    }
    if let Some(media) = header(headers, protocol_headers::CONTENT_TYPE.as_str()) {
        let mut parts = media.split(';');
        let is_json = parts.next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case(protocol_headers::JSON_MEDIA_TYPE)
        });
        let charset_ok = parts.all(|p| match p.split_once('=') {
            Some((n, v)) if n.trim().eq_ignore_ascii_case("charset") => {
                matches!(
                    v.trim().trim_matches('"').to_ascii_lowercase().as_str(),
                    "utf-8" | "utf8"
                )
            }
            _ => true,
        });
        if !is_json || !charset_ok {
            return Err(Answer::refusal(
                "MEDIA_TYPE_NOT_ACCEPTABLE",
                "The media type is not acceptable; send application/json; charset=UTF-8.",
                false,
            ));
        }
    }
    let lax = faults.has(Fault::AcceptUnsigned);
    let client_id = match header(headers, protocol_headers::CLIENT_ID.as_str()) {
        Some(id) if !id.trim().is_empty() => id.to_owned(),
        _ if lax => config.client_id.clone(),
        _ => {
            return Err(Answer::refusal(
                "PARAM_ILLEGAL",
                "The Client-Id header is missing.",
                false,
            ));
        }
    };
    if client_id != config.client_id && !lax {
        return Err(Answer::refusal(
            "KEY_NOT_FOUND",
            "No key is registered for this client.",
            false,
        ));
    }
    if config.strict
        && path.starts_with(API_PREFIX)
        && client_id.starts_with(SANDBOX_CLIENT_PREFIX)
        && !lax
    {
        let message = format!(
            "A SANDBOX_ client id must call the sandbox path: POST {SANDBOX_PREFIX}/v1/vaults/{} (strict mock).",
            endpoint.name()
        );
        return Err(Answer::refusal("KEY_NOT_FOUND", &message, false));
    }
    let signed = authenticate(config, path, &client_id, headers, body, inspection);
    if let Err(refusal) = &signed
        && !lax
    {
        return Err(refusal.clone());
    }
    if body.len() > config.max_body {
        return Err(Answer::refusal(
            "PARAM_ILLEGAL",
            "The body is too large.",
            true,
        ));
    }
    let parsed = crate::json::parse(body);
    let value = match parsed {
        Ok(parsed) if parsed.value.is_object() && parsed.duplicate_keys.is_empty() => parsed.value,
        Ok(_) | Err(_) if faults.has(Fault::AcceptInvalid) => Value::Object(Default::default()),
        Ok(parsed) if !parsed.duplicate_keys.is_empty() => {
            return Err(Answer::refusal(
                "PARAM_ILLEGAL",
                &format!("Duplicate key {}.", parsed.duplicate_keys[0]),
                true,
            ));
        }
        Ok(_) => {
            return Err(Answer::refusal(
                "PARAM_ILLEGAL",
                "The body is not a JSON object.",
                true,
            ));
        }
        Err(problem) => {
            return Err(Answer::refusal(
                "PARAM_ILLEGAL",
                &format!("Malformed body: {problem}."),
                true,
            ));
        }
    };
    let problem = first_problem(endpoint, &value);
    let invalid = problem.is_some();
    if let Some(problem) = problem
        && !faults.has(Fault::AcceptInvalid)
    {
        return Err(echo_id(
            endpoint,
            &value,
            Answer::refusal("PARAM_ILLEGAL", &problem, true),
        ));
    }
    if faults.has(Fault::RejectValid)
        && value["vaultingRequestId"]
            .as_str()
            .is_some_and(|id| !id.is_ascii())
    {
        let refusal = Answer::refusal(
            "PARAM_ILLEGAL",
            "Illegal parameter: /vaultingRequestId.",
            true,
        );
        return Err(echo_id(endpoint, &value, refusal));
    }
    Ok(Admitted {
        endpoint,
        client_id,
        body: value,
        signed: signed.is_ok(),
        invalid,
    })
}

/// A business refusal echoes a usable `vaultingRequestId` where the answer has one.
fn echo_id(endpoint: Endpoint, request: &Value, mut refusal: Answer) -> Answer {
    let usable = crate::contract::usable_request_id(request);
    if let Some(id) = usable
        && endpoint
            .shape(Side::Response)
            .field("vaultingRequestId")
            .is_some()
    {
        refusal.body["vaultingRequestId"] = Value::String(id.to_owned());
    }
    refusal
}

/// Client ids of Antom's sandbox start with this.
const SANDBOX_CLIENT_PREFIX: &str = "SANDBOX_";

/// Checks `Request-Time` and the signature; a refusal when either is wrong. Notes the verdict
/// (and, when asked, the text that should have been signed) in `inspection`.
fn authenticate(
    config: &SimConfig,
    path: &str,
    client_id: &str,
    headers: &HeaderMap,
    body: &[u8],
    inspection: &mut Inspection,
) -> Result<(), Answer> {
    inspection.verdict = SignatureVerdict::BadRequestTime;
    let Some(request_time) = header(headers, protocol_headers::REQUEST_TIME.as_str()) else {
        return Err(Answer::refusal(
            "PARAM_ILLEGAL",
            "The Request-Time header is missing.",
            false,
        ));
    };
    if config.strict && !is_epoch_millis(request_time) {
        return Err(Answer::refusal(
            "PARAM_ILLEGAL",
            "Request-Time must be epoch milliseconds (for example 1700000000000); the strict mock refuses ISO 8601.",
            false,
        ));
    }
    let Some(millis) = time::parse_request_time(request_time) else {
        return Err(Answer::refusal(
            "PARAM_ILLEGAL",
            "The Request-Time header is neither epoch milliseconds nor ISO 8601.",
            false,
        ));
    };
    let skew = (time::now_millis() - millis).unsigned_abs();
    if skew > config.request_time_window.as_millis() as u64 {
        return Err(Answer::refusal(
            "INVALID_SIGNATURE",
            "The Request-Time is outside the accepted window.",
            false,
        ));
    }
    inspection.verdict = SignatureVerdict::Missing;
    let Some(value) = header(headers, protocol_headers::SIGNATURE.as_str()) else {
        return Err(Answer::refusal(
            "INVALID_SIGNATURE",
            "The Signature header is missing.",
            false,
        ));
    };
    inspection.verdict = SignatureVerdict::Unreadable;
    let Ok(signature) = SignatureHeader::parse(value) else {
        return Err(Answer::refusal(
            "INVALID_SIGNATURE",
            "The Signature header cannot be read.",
            false,
        ));
    };
    if config.strict && !is_url_encoded(&signature.signature) {
        return Err(Answer::refusal(
            "INVALID_SIGNATURE",
            "The signature must be URL-encoded: percent-encode the +, / and = of its base64 text (strict mock).",
            false,
        ));
    }
    let content = sign_content(path, client_id, request_time, body);
    match verify(&config.merchant_key, &content, &signature.signature) {
        Ok(()) => {
            inspection.verdict = SignatureVerdict::Verified;
            Ok(())
        }
        Err(_) => {
            inspection.verdict = SignatureVerdict::DoesNotVerify;
            if config.log_signed_text {
                inspection.expected_text = Some(expected_text(path, client_id, request_time, body));
            }
            Err(Answer::refusal(
                "INVALID_SIGNATURE",
                "The signature does not verify.",
                false,
            ))
        }
    }
}

/// Whether a `Request-Time` is epoch milliseconds (digits only), as Antom documents it.
fn is_epoch_millis(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a signature, as it stood in the header, is URL-encoded: none of the base64
/// characters that URL-encoding rewrites is left bare.
fn is_url_encoded(signature: &str) -> bool {
    !signature.contains(['+', '/', '='])
}

/// The first way a request breaks the contract, naming the field (never quoting its value).
pub(super) fn first_problem(endpoint: Endpoint, value: &Value) -> Option<String> {
    use crate::schema::problem::{Problem, describe};
    let validator = crate::schema::structural_validator(endpoint, Side::Request);
    let error = validator.iter_errors(value).next()?;
    let found = describe(&error);
    let what = match found.problem {
        Problem::Missing => "is missing".to_owned(),
        Problem::WrongType { expected } => format!("must be of type {expected}"),
        Problem::TooLong { limit } => format!("is longer than {limit} characters"),
        Problem::Empty => "is empty".to_owned(),
        Problem::NotInEnum { .. } => "is not an allowed value".to_owned(),
        Problem::Pattern { .. } => "has an illegal format".to_owned(),
        Problem::Format { format } => format!("is not a valid {format}"),
        Problem::Other { .. } => "is illegal".to_owned(),
    };
    Some(format!("Illegal parameter: {} {what}.", found.pointer))
}
