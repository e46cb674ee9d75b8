//! The only answers the proxy writes itself, gateway-style so an integration reads them as it
//! reads Antom's refusals: `{"result":{"resultCode":...,"resultStatus":...,"resultMessage":
//! "vaultcheck proxy: ..."}}`. An upstream that cannot be reached or answers too much is HTTP
//! 502 and one that is too slow HTTP 504, both `UNKNOWN_EXCEPTION` with status `U` (the outcome
//! is unknown: inquire or call again); a request body over the cap is HTTP 413,
//! `PARAM_ILLEGAL` with status `F` (it was not forwarded). They are never signed: an
//! integration that verifies signatures sees at once that Antom did not write them.

use crate::contract::ResultStatus;
use crate::protocol::headers;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The result code of an upstream failure.
pub(crate) const UPSTREAM_CODE: &str = "UNKNOWN_EXCEPTION";
/// The result code of a request too large to forward.
pub(crate) const TOO_LARGE_CODE: &str = "PARAM_ILLEGAL";

fn answer(status: StatusCode, code: &str, result: ResultStatus, message: &str) -> Response {
    let body = json!({"result": {
        "resultCode": code,
        "resultStatus": result.as_str(),
        "resultMessage": format!("vaultcheck proxy: {message}"),
    }});
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        headers::CONTENT_TYPE,
        HeaderValue::from_static(crate::protocol::CONTENT_TYPE),
    );
    response
}

/// The upstream could not be reached or answered too much (HTTP 502).
pub(crate) fn bad_gateway(message: &str) -> Response {
    answer(
        StatusCode::BAD_GATEWAY,
        UPSTREAM_CODE,
        ResultStatus::U,
        message,
    )
}

/// The upstream did not answer in time (HTTP 504).
pub(crate) fn gateway_timeout(message: &str) -> Response {
    answer(
        StatusCode::GATEWAY_TIMEOUT,
        UPSTREAM_CODE,
        ResultStatus::U,
        message,
    )
}

/// The request body is over the cap (HTTP 413).
pub(crate) fn too_large(limit: usize) -> Response {
    answer(
        StatusCode::PAYLOAD_TOO_LARGE,
        TOO_LARGE_CODE,
        ResultStatus::F,
        &format!("the request body is larger than {limit} bytes; it was not forwarded"),
    )
}
