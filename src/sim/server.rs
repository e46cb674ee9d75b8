//! The HTTP face of the simulator: one handler that runs the gateway, the operation, the fault
//! switches and the response signature, in that order, and writes every request it received in
//! the journal.

use super::answer::Answer;
use super::faults::{Fault, FaultSet};
use super::forced::{self, HeaderAsks, RESULT_HEADER};
use super::journal::{Arrival, Handling, Route};
use super::request_log::{Inspection, request_line};
use super::throttle::THROTTLED_CODE;
use super::{Shared, business, control, gateway, notifier, three_ds};
use crate::contract::{Endpoint, result_codes};
use crate::protocol::headers as protocol_headers;
use crate::protocol::{SignatureHeader, sign, sign_content, time};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use rsa::sha2::{Digest, Sha256};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Header that switches faults on for one request.
pub const FAULT_HEADER: &str = "x-vaultcheck-fault";

/// What `finish` tells the journal about an answer it made.
#[derive(Clone)]
struct Answered {
    result_code: Option<String>,
}

/// Serves one request and writes it in the journal (and the request log, when there is one).
pub(super) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let received_at = SystemTime::now();
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    if path.starts_with(control::PREFIX)
        && !path.starts_with(THREE_DS_PREFIX)
        && let Some(response) = control::handle(&shared, &parts.method, path)
    {
        return response;
    }
    let body = axum::body::to_bytes(body, shared.config.max_body).await;
    let mut inspection = Inspection::default();
    let response = respond(&shared, &parts, body.as_ref().ok(), &mut inspection).await;
    let route = if path.starts_with(THREE_DS_PREFIX) {
        Route::ThreeDsPage
    } else {
        gateway::endpoint_of(path).map_or(Route::Unknown, Route::Operation)
    };
    let copy = shared.journal.record(
        Arrival {
            received_at,
            method: parts.method.clone(),
            path: path.to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            body_complete: body.is_ok(),
            body: body.unwrap_or_default(),
            route,
            http_status: response.status().as_u16(),
            result_code: response
                .extensions()
                .get::<Answered>()
                .and_then(|a| a.result_code.clone()),
            signature: inspection.verdict,
            handling: inspection.handling,
        },
        shared.config.log.is_some(),
    );
    if let (Some(log), Some(entry)) = (&shared.config.log, copy) {
        log.line(&request_line(&entry));
        if let Some(text) = &inspection.expected_text {
            log.line(&format!("  expected signed text: {text}"));
        }
    }
    response
}

/// The path prefix of the 3DS challenge page.
const THREE_DS_PREFIX: &str = "/sim/3ds/";

/// The answer to a request; `bytes` is `None` when the body could not be read (too large).
async fn respond(
    shared: &Arc<Shared>,
    parts: &Parts,
    bytes: Option<&Bytes>,
    inspection: &mut Inspection,
) -> Response {
    let shared = shared.clone();
    let path = parts.uri.path().to_owned();
    let method = parts.method.as_str().to_owned();
    if let Some(rest) = path.strip_prefix(THREE_DS_PREFIX) {
        return three_ds::handle(shared, &method, rest).await;
    }
    let mut faults = shared.faults.clone();
    if let Some(names) = parts
        .headers
        .get(FAULT_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        let parsed = Fault::parse_all(names.split(','));
        match parsed {
            Ok(extra) => faults = faults.with(extra),
            Err(message) => {
                return finish(
                    &shared,
                    &path,
                    &faults,
                    None,
                    Answer::refusal("PARAM_ILLEGAL", &message.to_string(), false),
                )
                .await;
            }
        }
    }
    let Some(bytes) = bytes else {
        let refusal = Answer::refusal(
            "PARAM_ILLEGAL",
            "The body is too large or could not be read.",
            false,
        );
        return finish(&shared, &path, &faults, None, refusal).await;
    };
    let admitted = match gateway::admit(
        &shared.config,
        &faults,
        &method,
        &path,
        &parts.headers,
        bytes,
        inspection,
    ) {
        Ok(admitted) => admitted,
        Err(refusal) => return finish(&shared, &path, &faults, None, refusal).await,
    };
    let mut answer = match instead_of_serving(&shared, parts, &admitted, inspection) {
        Some(answer) => answer,
        None => serve(&shared, &admitted, &faults),
    };
    // A gateway that lets unauthenticated requests through answers them like any other.
    answer.signed &= admitted.signed || faults.has(Fault::AcceptUnsigned);
    finish(
        &shared,
        &path,
        &faults,
        Some((admitted.endpoint, admitted.client_id.as_str())),
        answer,
    )
    .await
}

/// The answer that replaces the operation, if any: the rate limit's refusal, then the
/// request's own forced result (or the refusal of an unknown one), then the run's.
fn instead_of_serving(
    shared: &Shared,
    parts: &Parts,
    admitted: &gateway::Admitted,
    inspection: &mut Inspection,
) -> Option<Answer> {
    let endpoint = admitted.endpoint;
    if let Some(throttle) = &shared.throttle
        && !throttle.admit()
    {
        inspection.handling = Handling::Throttled;
        let code = result_codes::lookup(endpoint.result_codes(), THROTTLED_CODE)?;
        return forced::answer(endpoint, code, &admitted.body);
    }
    let header = parts
        .headers
        .get(RESULT_HEADER)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    let chosen = match forced::from_header(endpoint, header, &admitted.body) {
        HeaderAsks::Refuse(refusal) => return Some(refusal),
        HeaderAsks::Force(forced) => Some(forced),
        HeaderAsks::Nothing => shared
            .config
            .forced
            .iter()
            .find(|f| f.endpoint() == endpoint)
            .copied(),
    };
    let answer = chosen?.answer(&admitted.body)?;
    inspection.handling = Handling::Forced;
    Some(answer)
}

/// The operation's own answer.
fn serve(shared: &Arc<Shared>, admitted: &gateway::Admitted, faults: &FaultSet) -> Answer {
    match admitted.endpoint {
        endpoint if admitted.invalid => business::served_invalid(shared, endpoint, &admitted.body),
        Endpoint::VaultPaymentMethod => {
            let outcome = business::vault(shared, &admitted.client_id, &admitted.body, faults);
            if let Some((key, record)) = outcome.finished {
                notifier::spawn(shared.clone(), key, record, faults.clone());
            }
            outcome.answer
        }
        Endpoint::InquireVaulting => {
            business::inquire(shared, &admitted.client_id, &admitted.body, faults)
        }
        Endpoint::CreateVaultingSession => {
            business::session(shared, &admitted.client_id, &admitted.body)
        }
        Endpoint::NotifyVaulting => Answer::refusal("NO_INTERFACE_DEF", "No such API.", false),
    }
}

/// Applies the body faults that fit this answer.
fn break_body(shared: &Shared, endpoint: Endpoint, body: &mut Value, faults: &FaultSet) {
    let inquire = endpoint == Endpoint::InquireVaulting;
    let status = body["result"]["resultStatus"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let code = body["result"]["resultCode"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let vaulting = body["vaultingStatus"].as_str().unwrap_or("").to_owned();
    let Some(map) = body.as_object_mut() else {
        return;
    };
    if faults.has(Fault::OmitVaultingStatus) && inquire {
        map.remove("vaultingStatus");
    }
    if faults.has(Fault::UrlWithFail) && inquire && matches!(vaulting.as_str(), "FAIL" | "SUCCESS")
    {
        map.insert(
            "normalUrl".into(),
            json!(format!("{}/sim/3ds/finished", shared.base_url)),
        );
    }
    if faults.has(Fault::WrongIdEcho)
        && let Some(Value::String(id)) = map.get_mut("vaultingRequestId")
    {
        // Same length, another last character: only the echo rule breaks.
        let last = id.pop().unwrap_or('x');
        id.push(if last == 'x' { 'y' } else { 'x' });
    }
    if faults.has(Fault::NumberForString) {
        map["result"]["resultMessage"] = json!(200);
    }
    if faults.has(Fault::WrongStatusForCode)
        && status != "S"
        && endpoint
            .result_codes()
            .iter()
            .any(|c| c.code == code && c.status != crate::contract::ResultStatus::S)
        && !result_codes::is_gateway_only(endpoint.result_codes(), &code)
    {
        map["result"]["resultStatus"] = json!(if status == "F" { "U" } else { "F" });
    }
}

async fn finish(
    shared: &Shared,
    path: &str,
    faults: &FaultSet,
    admitted: Option<(Endpoint, &str)>,
    mut answer: Answer,
) -> Response {
    if let Some((endpoint, _)) = admitted {
        break_body(shared, endpoint, &mut answer.body, faults);
    }
    let answered = Answered {
        result_code: answer.body["result"]["resultCode"]
            .as_str()
            .map(str::to_owned),
    };
    // Antom echoes the client id it served.
    let client_id = admitted.map_or(shared.config.client_id.as_str(), |(_, id)| id);
    let mut body = serde_json::to_vec(&answer.body).expect("a Value serializes");
    if faults.has(Fault::TruncatedBody) {
        body.truncate(body.len() / 2);
    }
    if faults.has(Fault::Slow) {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    let status = if faults.has(Fault::Http500) {
        500
    } else if faults.has(Fault::Http400) {
        400
    } else {
        answer.status
    };
    let mut response = Response::new(Body::from(body.clone()));
    response.extensions_mut().insert(answered);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    let content_type = if faults.has(Fault::WrongContentType) {
        "text/plain; charset=UTF-8"
    } else {
        crate::protocol::CONTENT_TYPE
    };
    headers.insert(
        protocol_headers::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    if answer.signed {
        let response_time = time::iso8601_seconds(time::now_millis() / 1000);
        let mut content = sign_content(path, client_id, &response_time, &body);
        if faults.has(Fault::BadSignature) {
            content.push(b'!');
        }
        let signature =
            SignatureHeader::new(protocol_headers::KEY_VERSION, shared.signature(&content));
        let header = |v: &str| {
            HeaderValue::from_str(v).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
        };
        headers.insert(protocol_headers::CLIENT_ID, header(client_id));
        headers.insert(protocol_headers::RESPONSE_TIME, header(&response_time));
        if !faults.has(Fault::MissingSignature) {
            headers.insert(protocol_headers::SIGNATURE, header(&signature.to_string()));
        }
    }
    response
}

impl Shared {
    /// Signs `content` with Antom's key, remembering recent signatures: identical answers in
    /// the same second (idempotent repeats, load tests) cost one RSA operation.
    pub(crate) fn signature(&self, content: &[u8]) -> String {
        let digest: [u8; 32] = Sha256::digest(content).into();
        if let Some(known) = self
            .signatures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&digest)
        {
            return known.clone();
        }
        let signature = sign(&self.config.antom_key, content);
        let mut memo = self.signatures.lock().unwrap_or_else(|p| p.into_inner());
        if memo.len() >= 4096 {
            memo.clear();
        }
        memo.insert(digest, signature.clone());
        signature
    }
}
