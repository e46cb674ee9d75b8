//! The simulator's own endpoints under `/sim/` (besides the 3DS page): `GET /sim/health` (who
//! is serving: a vaultcheck simulator, its version and client id; the live runner recognises a
//! vaultcheck mock by exactly this shape), `GET /sim/requests` (the journal, redacted JSON),
//! `POST /sim/reset` (the library's `reset()`), `GET /sim/codes` (every result code each
//! operation can be forced to answer). They are not Vault operations: the journal does not
//! record them.

use super::Shared;
use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

/// The path prefix of the control endpoints.
pub(crate) const PREFIX: &str = "/sim/";

/// The control endpoint's answer, or `None` when `path` is not one (the 3DS page, or unknown).
pub(crate) fn handle(shared: &Shared, method: &Method, path: &str) -> Option<Response> {
    let (allowed, answer) = match path {
        "/sim/health" => (Method::GET, health(shared)),
        "/sim/requests" => (Method::GET, shared.journal.snapshot().to_redacted_json()),
        "/sim/codes" => (Method::GET, super::forced::catalogue()),
        "/sim/reset" => (Method::POST, json!({"reset": true})),
        _ => return None,
    };
    if *method != allowed {
        let error = json!({"error": format!("{path} answers {allowed} only")});
        let mut response = json_response(StatusCode::METHOD_NOT_ALLOWED, &error);
        response.headers_mut().insert(
            axum::http::header::ALLOW,
            HeaderValue::from_str(allowed.as_str()).unwrap_or(HeaderValue::from_static("GET")),
        );
        return Some(response);
    }
    if path == "/sim/reset" {
        shared.reset();
        if let Some(log) = &shared.config.log {
            log.line("reset by POST /sim/reset: vaultings, journal and notifications forgotten");
        }
    }
    Some(json_response(StatusCode::OK, &answer))
}

/// `{"simulator":"vaultcheck","version":"<crate version>","clientId":...}`.
fn health(shared: &Shared) -> Value {
    json!({
        "simulator": "vaultcheck",
        "version": env!("CARGO_PKG_VERSION"),
        "clientId": shared.config.client_id,
    })
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
