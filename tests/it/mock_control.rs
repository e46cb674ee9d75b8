//! The simulator as a mock that shows what it received: the request log (one redacted line
//! per request, the expected signed text when asked, undelivered notifications), the control
//! endpoints (`/sim/health`, `/sim/requests`, `/sim/reset`, `/sim/codes`), half-closing
//! clients, and the strict gateway.

use crate::support;

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use support::*;
use vaultcheck::contract::Endpoint;
use vaultcheck::protocol::time;
use vaultcheck::sim::{LogSink, Simulator, SimulatorBuilder};

const CARD: &str = "4054695723100768";

fn vault_body(id: &str, notify: &str) -> Value {
    json!({
        "vaultingRequestId": id,
        "vaultingNotificationUrl": notify,
        "redirectUrl": "https://merchant.example/vaulted",
        "env": {"terminalType": "WEB"},
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
            "cardNo": CARD, "expiryMonth": "12", "expiryYear": "30", "cvv": "987"
        }}
    })
}

/// Signed headers for `body` at `path`, with `request_time`.
fn signed_headers(path: &str, request_time: &str, body: &[u8]) -> Vec<(String, String)> {
    vaultcheck::protocol::Signer::new(CLIENT_ID, merchant_private())
        .headers(path, request_time, body)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

async fn post(sim: &Simulator, path: &str, headers: &[(String, String)], body: &[u8]) -> Value {
    let mut request = reqwest::Client::new()
        .post(sim.url(path))
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

async fn call(sim: &Simulator, endpoint: Endpoint, body: &Value) -> Value {
    let path = endpoint.path().unwrap();
    let bytes = serde_json::to_vec(body).unwrap();
    let headers = signed_headers(path, &time::now_millis().to_string(), &bytes);
    post(sim, path, &headers, &bytes).await
}

/// A builder whose log lines land in the returned vector.
fn logged(builder: SimulatorBuilder) -> (SimulatorBuilder, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let builder = builder.log(LogSink::new(move |line| {
        sink.lock().unwrap().push(line.to_owned())
    }));
    (builder, lines)
}

async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    let response = http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

fn code(answer: &Value) -> &str {
    answer["result"]["resultCode"].as_str().unwrap_or("")
}

#[tokio::test]
async fn every_request_gets_one_redacted_log_line_and_a_refused_signature_its_expected_text() {
    let (builder, lines) = logged(config(&[]).log_signed_text(true));
    let sim = builder.start().await.unwrap();
    call(
        &sim,
        Endpoint::VaultPaymentMethod,
        &vault_body("log-1", "https://merchant.example/notify"),
    )
    .await;
    // Signed over another path: refused, and the log shows what should have been signed.
    let body = serde_json::to_vec(&vault_body("log-2", "https://merchant.example/n")).unwrap();
    let headers = signed_headers("/elsewhere", &time::now_millis().to_string(), &body);
    let refused = post(
        &sim,
        Endpoint::VaultPaymentMethod.path().unwrap(),
        &headers,
        &body,
    )
    .await;
    assert_eq!(code(&refused), "INVALID_SIGNATURE");

    let lines = lines.lock().unwrap().clone();
    let all = lines.join("\n");
    assert!(
        lines[0].contains("vaultPaymentMethod")
            && lines[0].contains("id=log-1")
            && lines[0].contains("S/SUCCESS")
            && lines[0].contains("signature verified"),
        "{all}"
    );
    assert!(
        all.contains("id=log-2") && all.contains("F/INVALID_SIGNATURE"),
        "{all}"
    );
    assert!(all.contains("signature does-not-verify"), "{all}");
    assert!(
        all.contains("expected signed text: POST /ams/api/v1/vaults/vaultPaymentMethod\\n")
            && all.contains("\\nSANDBOX_5X"),
        "{all}"
    );
    assert!(!all.contains(CARD) && !all.contains("987"), "{all}");
}

#[tokio::test]
async fn a_skipped_notification_is_logged() {
    let (builder, lines) = logged(config(&[]));
    let sim = builder.start().await.unwrap();
    call(
        &sim,
        Endpoint::VaultPaymentMethod,
        &vault_body("skip-1", "https://merchant.example/notify"),
    )
    .await;
    let mut found = String::new();
    for _ in 0..500 {
        if let Some(line) = lines
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.contains("notifyVaulting"))
        {
            found = line.clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        found.contains("id=skip-1") && found.contains("not loopback"),
        "{found:?}"
    );
}

#[tokio::test]
async fn health_requests_reset_and_codes_over_http() {
    let sim = simulator(&[]).await;
    let http = reqwest::Client::new();
    let health = get_json(&http, &sim.url("/sim/health")).await;
    assert_eq!(
        health,
        json!({"simulator": "vaultcheck", "version": env!("CARGO_PKG_VERSION"), "clientId": CLIENT_ID})
    );

    call(
        &sim,
        Endpoint::VaultPaymentMethod,
        &vault_body("http-1", "https://merchant.example/notify"),
    )
    .await;
    let response = http.get(sim.url("/sim/requests")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains(CARD) && !text.contains("\"987\""), "{text}");
    let journal: Value = serde_json::from_str(&text).unwrap();
    let requests = journal["requests"].as_array().unwrap();
    assert_eq!(
        requests.len(),
        1,
        "control calls are not journaled: {journal}"
    );
    assert_eq!(requests[0]["resultCode"], "SUCCESS");
    assert_eq!(requests[0]["signature"], "verified");
    assert_eq!(requests[0]["route"], "vaultPaymentMethod");
    assert_eq!(requests[0]["body"]["vaultingRequestId"], "http-1");
    assert_eq!(requests[0]["headers"]["signature"], "[redacted]");

    let codes = get_json(&http, &sim.url("/sim/codes")).await;
    assert!(
        codes["inquireVaulting"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "REQUEST_TRAFFIC_EXCEED_LIMIT" && c["status"] == "U"),
        "{codes}"
    );

    // GET is not a reset.
    let wrong = http.get(sim.url("/sim/reset")).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    assert_eq!(sim.records(), 1);
    let reset = http.post(sim.url("/sim/reset")).send().await.unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(sim.records(), 0);
    assert!(sim.journal().is_empty());
    let again = call(
        &sim,
        Endpoint::InquireVaulting,
        &json!({"vaultingRequestId": "http-1"}),
    )
    .await;
    assert_eq!(code(&again), "VAULTING_NOT_EXIST");
}

#[test]
fn a_client_that_half_closes_after_sending_still_gets_its_answer() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(simulator(&[]));
    let path = Endpoint::InquireVaulting.path().unwrap();
    for n in 0..20 {
        let body = serde_json::to_vec(&json!({"vaultingRequestId": format!("half-{n}")})).unwrap();
        let mut request = format!("POST {path} HTTP/1.1\r\nHost: {}\r\n", sim.addr());
        for (name, value) in signed_headers(path, &time::now_millis().to_string(), &body) {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        let mut stream = std::net::TcpStream::connect(sim.addr()).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "request {n}: {answer:?}"
        );
        assert!(
            answer.contains("VAULTING_NOT_EXIST"),
            "request {n}: {answer}"
        );
    }
    runtime.block_on(sim.stop());
}

#[tokio::test]
async fn strict_refuses_what_the_default_accepts_and_says_what_to_fix() {
    let lenient = simulator(&[]).await;
    let strict = config(&[]).strict(true).start().await.unwrap();
    let inquire = Endpoint::InquireVaulting;
    let sandbox_path = "/ams/sandbox/api/v1/vaults/inquireVaulting";
    let body = br#"{"vaultingRequestId":"strict-1"}"#;

    // ISO 8601 Request-Time.
    let iso = time::iso8601_seconds(time::now_millis() / 1000);
    let headers = signed_headers(sandbox_path, &iso, body);
    assert_eq!(
        code(&post(&lenient, sandbox_path, &headers, body).await),
        "VAULTING_NOT_EXIST"
    );
    let refused = post(&strict, sandbox_path, &headers, body).await;
    assert_eq!(code(&refused), "PARAM_ILLEGAL");
    assert!(
        refused["result"]["resultMessage"]
            .as_str()
            .unwrap()
            .contains("Request-Time must be epoch milliseconds"),
        "{refused}"
    );

    // A signature that is not URL-encoded.
    let now = time::now_millis().to_string();
    let headers: Vec<(String, String)> = signed_headers(sandbox_path, &now, body)
        .into_iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case("signature") {
                let decoded = percent_encoding::percent_decode_str(&value)
                    .decode_utf8()
                    .unwrap()
                    .into_owned();
                (name, decoded)
            } else {
                (name, value)
            }
        })
        .collect();
    assert_eq!(
        code(&post(&lenient, sandbox_path, &headers, body).await),
        "VAULTING_NOT_EXIST"
    );
    let refused = post(&strict, sandbox_path, &headers, body).await;
    assert_eq!(code(&refused), "INVALID_SIGNATURE");
    assert!(
        refused["result"]["resultMessage"]
            .as_str()
            .unwrap()
            .contains("URL-encoded"),
        "{refused}"
    );

    // A SANDBOX_ client on the production path.
    let path = inquire.path().unwrap();
    let headers = signed_headers(path, &time::now_millis().to_string(), body);
    assert_eq!(
        code(&post(&lenient, path, &headers, body).await),
        "VAULTING_NOT_EXIST"
    );
    let refused = post(&strict, path, &headers, body).await;
    assert_eq!(code(&refused), "KEY_NOT_FOUND");
    assert!(
        refused["result"]["resultMessage"]
            .as_str()
            .unwrap()
            .contains("/ams/sandbox/api/v1/vaults/inquireVaulting"),
        "{refused}"
    );

    // What the strict mock accepts: the sandbox path, epoch milliseconds, URL-encoded.
    let headers = signed_headers(sandbox_path, &time::now_millis().to_string(), body);
    assert_eq!(
        code(&post(&strict, sandbox_path, &headers, body).await),
        "VAULTING_NOT_EXIST"
    );
}
