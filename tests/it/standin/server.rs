//! The HTTP side: the axum router, the journal entry of every request, and the signed answer
//! (`Content-Type`, `Client-Id`, `Response-Time`, `Signature`) in the configured spelling.

use super::config::StandinConfig;
use super::crypto::{CheckKey, SignKey, signature_header, signed_text};
use super::gateway::{self, Refusal};
use super::ledger::{Ledger, Received};
use super::operations::{self, Context};
use super::throttle::Throttle;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Everything the handlers share.
pub(crate) struct Shared {
    pub config: StandinConfig,
    pub merchant_key: CheckKey,
    pub antom_key: SignKey,
    pub base_url: String,
    pub salt: Vec<u8>,
    pub ledger: Mutex<Ledger>,
    pub journal: Mutex<Vec<Received>>,
    pub throttle: Option<Mutex<Throttle>>,
}

pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route("/standin/3ds/{token}", axum::routing::get(challenge_page))
        .fallback(api)
        .with_state(shared)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

async fn challenge_page(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    uri: Uri,
) -> Response {
    lock(&shared.journal).push(Received {
        method: "GET".into(),
        path: uri.to_string(),
        http_status: 200,
        result_status: None,
        result_code: None,
    });
    let page = "<!doctype html><title>3-D Secure</title><p>Stand-in 3DS page: complete the \
                challenge in Antom's client SDK.</p>";
    (
        [("content-type", "text/html; charset=utf-8")],
        page.to_owned(),
    )
        .into_response()
}

async fn api(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let answer = decide(&shared, &method, &path, &headers, &body);
    let parsed: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    lock(&shared.journal).push(Received {
        method: method.to_string(),
        path: path.clone(),
        http_status: 200,
        result_status: parsed["result"]["resultStatus"].as_str().map(str::to_owned),
        result_code: parsed["result"]["resultCode"].as_str().map(str::to_owned),
    });
    signed(&shared, &path, &headers, answer)
}

/// The body of the answer to one API request.
fn decide(
    shared: &Shared,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Vec<u8> {
    let Some(operation) = gateway::operation_of(path.split('?').next().unwrap_or(path)) else {
        return refusal_body(&Refusal {
            status: "F",
            code: "NO_INTERFACE_DEF",
            message: "The API is not defined.".into(),
            echo_id: None,
        });
    };
    if let Some(throttle) = &shared.throttle
        && !lock(throttle).admit(Instant::now())
    {
        return refusal_body(&Refusal {
            status: "U",
            code: "REQUEST_TRAFFIC_EXCEED_LIMIT",
            message: "The request traffic exceeds the limit. Call again later.".into(),
            echo_id: None,
        });
    }
    match gateway::admit(
        &shared.config,
        &shared.merchant_key,
        method,
        path,
        operation,
        headers,
        body,
    ) {
        Err(refusal) => refusal_body(&refusal),
        Ok(request) => {
            let cx = Context {
                config: &shared.config,
                base_url: &shared.base_url,
                salt: &shared.salt,
            };
            operations::answer(operation, &request, &mut lock(&shared.ledger), &cx)
        }
    }
}

fn refusal_body(refusal: &Refusal) -> Vec<u8> {
    let message: String = refusal.message.chars().take(256).collect();
    let mut body = json!({"result": operations::result(refusal.status, refusal.code, &message)});
    if let Some(id) = &refusal.echo_id {
        body["vaultingRequestId"] = json!(id);
    }
    serde_json::to_vec(&body).expect("JSON values serialise")
}

/// `2026-11-25T20:01:02.345+08:00` with the variation, else `2026-11-25T12:01:02Z`.
fn response_time(millis_and_offset: bool) -> String {
    let now = jiff::Timestamp::now();
    if millis_and_offset {
        now.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
            .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    } else {
        now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// The answer with its headers, signed over `POST <path>\n<client-id>.<response-time>.<body>`.
/// The client id echoed is the request's (the stand-in's own when the request had none).
fn signed(shared: &Shared, path: &str, headers: &HeaderMap, body: Vec<u8>) -> Response {
    let variations = &shared.config.variations;
    let client_id = headers
        .get("client-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .map_or_else(|| shared.config.client_id.clone(), |v| v.trim().to_owned());
    let time = response_time(variations.millis_and_offset);
    let signature = shared
        .antom_key
        .sign(&signed_text(path, &client_id, &time, &body));
    let mut response = (StatusCode::OK, body).into_response();
    let out = response.headers_mut();
    let value = |text: String| HeaderValue::from_str(&text).expect("ASCII header values");
    out.insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    out.insert("client-id", value(client_id));
    out.insert("response-time", value(time));
    out.insert(
        "signature",
        value(signature_header(&signature, variations.spaced_signature)),
    );
    response
}
