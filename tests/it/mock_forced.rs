//! Forced results and throttling: every code of every operation's table and of the gateway
//! table can be forced per request (header) and per run (builder), each forced answer is a
//! conforming one (judged by the checks: no violation), an unknown code is refused clearly,
//! and the rate limit answers `REQUEST_TRAFFIC_EXCEED_LIMIT` beyond its N per second.

use crate::support;

use serde_json::{Value, json};
use support::*;
use vaultcheck::check::{self, Severity};
use vaultcheck::contract::Endpoint;
use vaultcheck::exchange::Exchange;
use vaultcheck::protocol::time;
use vaultcheck::sim::{Handling, RESULT_HEADER, Simulator, THROTTLED_CODE, forced};
use vaultcheck::transport::{HttpTarget, Limits, OutgoingRequest};

/// A valid request body for an operation.
fn body(endpoint: Endpoint, id: &str) -> Value {
    match endpoint {
        Endpoint::VaultPaymentMethod => json!({
            "vaultingRequestId": id,
            "vaultingNotificationUrl": "https://merchant.example/notify",
            "redirectUrl": "https://merchant.example/vaulted",
            "env": {"terminalType": "WEB"},
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
                "cardNo": "4054695723100768", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"
            }}
        }),
        Endpoint::CreateVaultingSession => json!({
            "paymentMethodType": "CARD",
            "vaultingRequestId": id,
            "vaultingNotificationUrl": "https://merchant.example/notify",
        }),
        _ => json!({"vaultingRequestId": id}),
    }
}

/// A signed request to `endpoint`, with extra headers.
fn signed(endpoint: Endpoint, body: &Value, extra: &[(&str, &str)]) -> OutgoingRequest {
    let path = endpoint.path().unwrap().to_owned();
    let body = serde_json::to_vec(body).unwrap();
    let signer = vaultcheck::protocol::Signer::new(CLIENT_ID, merchant_private());
    let mut headers: Vec<(String, String)> = signer
        .headers(&path, &time::now_millis().to_string(), &body)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    headers.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    OutgoingRequest {
        method: "POST".into(),
        path,
        headers,
        body,
    }
}

async fn send(sim: &Simulator, endpoint: Endpoint, request: &OutgoingRequest) -> Exchange {
    let target = HttpTarget::new(sim.base_url(), Limits::default()).unwrap();
    target.send(endpoint, request).await.unwrap()
}

fn answer(exchange: &Exchange) -> Value {
    serde_json::from_slice(&exchange.response.body).unwrap()
}

fn violations(sim: &Simulator, exchange: &Exchange) -> Vec<String> {
    check::judge_exchange(exchange, Some(&sim.antom_public_key()))
        .into_iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| f.to_string())
        .collect()
}

const OPERATIONS: [Endpoint; 3] = [
    Endpoint::VaultPaymentMethod,
    Endpoint::InquireVaulting,
    Endpoint::CreateVaultingSession,
];

#[tokio::test]
async fn every_code_of_every_operation_can_be_forced_per_request_and_conforms() {
    let sim = simulator(&[]).await;
    let mut forced_count = 0;
    for endpoint in OPERATIONS {
        for (n, code) in forced::codes(endpoint).into_iter().enumerate() {
            let id = format!("force-{}-{n}", endpoint.file_stem());
            let request = signed(
                endpoint,
                &body(endpoint, &id),
                &[(RESULT_HEADER, code.code)],
            );
            let exchange = send(&sim, endpoint, &request).await;
            let got = answer(&exchange);
            let found = violations(&sim, &exchange);
            assert!(
                found.is_empty(),
                "{} forced {}: {found:?}",
                endpoint.name(),
                code.code
            );
            if code.status.as_str() == "S" {
                // Served as usual: a conforming success (or the operation's own answer).
                continue;
            }
            forced_count += 1;
            assert_eq!(exchange.status, Some(200));
            assert_eq!(got["result"]["resultCode"], code.code, "{got}");
            assert_eq!(got["result"]["resultStatus"], code.status.as_str(), "{got}");
            assert_eq!(got["result"]["resultMessage"], code.message, "{got}");
            assert!(exchange.response.header("signature").is_some(), "{got}");
            if endpoint != Endpoint::CreateVaultingSession {
                assert_eq!(got["vaultingRequestId"], id.as_str(), "{got}");
            }
        }
    }
    assert!(forced_count >= 50, "{forced_count}");
    // Forced answers touch no state: only the SUCCESS calls of vaultPaymentMethod and
    // createVaultingSession, served as usual, made records.
    assert_eq!(sim.records(), 2);
    let journal = sim.journal();
    assert_eq!(
        journal
            .iter()
            .filter(|e| e.handling() == Handling::Forced)
            .count(),
        forced_count
    );
}

#[tokio::test]
async fn a_run_wide_force_answers_every_call_of_that_operation_only() {
    let sim = config(&[])
        .force(Endpoint::InquireVaulting, "UNKNOWN_EXCEPTION")
        .force(Endpoint::VaultPaymentMethod, "RISK_REJECT")
        .start()
        .await
        .unwrap();
    for id in ["a", "b"] {
        let exchange = send(
            &sim,
            Endpoint::InquireVaulting,
            &signed(
                Endpoint::InquireVaulting,
                &body(Endpoint::InquireVaulting, id),
                &[],
            ),
        )
        .await;
        assert_eq!(
            answer(&exchange)["result"]["resultCode"],
            "UNKNOWN_EXCEPTION"
        );
        assert!(violations(&sim, &exchange).is_empty());
    }
    let vault = Endpoint::VaultPaymentMethod;
    let exchange = send(&sim, vault, &signed(vault, &body(vault, "v"), &[])).await;
    assert_eq!(answer(&exchange)["result"]["resultCode"], "RISK_REJECT");
    assert_eq!(answer(&exchange)["result"]["resultStatus"], "F");
    // The header wins over the run's choice for its one call.
    let exchange = send(
        &sim,
        vault,
        &signed(vault, &body(vault, "w"), &[(RESULT_HEADER, "SUCCESS")]),
    )
    .await;
    assert_eq!(answer(&exchange)["result"]["resultCode"], "SUCCESS");
    let session = Endpoint::CreateVaultingSession;
    let exchange = send(&sim, session, &signed(session, &body(session, "s"), &[])).await;
    assert_eq!(answer(&exchange)["result"]["resultCode"], "SUCCESS");
}

#[tokio::test]
async fn an_unknown_code_is_refused_naming_the_header_and_the_codes() {
    let sim = simulator(&[]).await;
    let inquire = Endpoint::InquireVaulting;
    let request = signed(
        inquire,
        &body(inquire, "x"),
        &[(RESULT_HEADER, "VERIFICATION_FAIL")],
    );
    let exchange = send(&sim, inquire, &request).await;
    let got = answer(&exchange);
    assert_eq!(got["result"]["resultCode"], "PARAM_ILLEGAL", "{got}");
    let message = got["result"]["resultMessage"].as_str().unwrap();
    assert!(
        message.contains(RESULT_HEADER)
            && message.contains("VAULTING_NOT_EXIST")
            && message.contains("/sim/codes"),
        "{message}"
    );
    assert!(violations(&sim, &exchange).is_empty());

    let error = config(&[])
        .force(inquire, "NOT_A_CODE")
        .start()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        error.to_string().contains("NOT_A_CODE") && error.to_string().contains("SUCCESS"),
        "{error}"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_traffic_exceeded_beyond_n_per_second() {
    let sim = config(&[]).rate_limit(2).start().await.unwrap();
    let inquire = Endpoint::InquireVaulting;
    // Signed first, sent together: the burst takes far less than the one-second window.
    let requests: Vec<OutgoingRequest> = (0..5)
        .map(|n| signed(inquire, &body(inquire, &format!("burst-{n}")), &[]))
        .collect();
    let sends = requests.iter().map(|r| send(&sim, inquire, r));
    let exchanges = futures_util::future::join_all(sends).await;
    let throttled: Vec<&Exchange> = exchanges
        .iter()
        .filter(|e| answer(e)["result"]["resultCode"] == THROTTLED_CODE)
        .collect();
    assert!(!throttled.is_empty(), "none of 5 requests was throttled");
    assert!(throttled.len() <= 3, "{}", throttled.len());
    for exchange in &throttled {
        let got = answer(exchange);
        assert_eq!(got["result"]["resultStatus"], "U", "{got}");
        assert!(violations(&sim, exchange).is_empty());
    }
    let journal = sim.journal();
    assert_eq!(
        journal
            .iter()
            .filter(|e| e.handling() == Handling::Throttled)
            .count(),
        throttled.len()
    );
    // Off by default.
    let open = simulator(&[]).await;
    for n in 0..5 {
        let request = signed(inquire, &body(inquire, &format!("open-{n}")), &[]);
        let exchange = send(&open, inquire, &request).await;
        assert_ne!(answer(&exchange)["result"]["resultCode"], THROTTLED_CODE);
    }
}
