//! The simulator under hostile input: arbitrary bytes, arbitrary JSON, arbitrary headers and
//! methods. Every answer is well-formed (a JSON object with a result), signed exactly when the
//! request authenticated, never a panic, and the state stays intact.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use support::*;
use vaultcheck::contract::Endpoint;
use vaultcheck::protocol::{SignatureHeader, sign_content, verify};
use vaultcheck::transport::{HttpTarget, Limits, OutgoingRequest};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,80}".prop_map(Value::String),
        Just(json!("4242424242424242")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::hash_map(
                prop_oneof![
                    Just("vaultingRequestId".to_owned()),
                    Just("paymentMethodDetail".to_owned()),
                    Just("card".to_owned()),
                    "[a-zA-Z]{1,12}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
struct Hostile {
    method: &'static str,
    path: &'static str,
    body: Vec<u8>,
    extra_headers: Vec<(String, String)>,
    sign: bool,
}

fn hostile() -> impl Strategy<Value = Hostile> {
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        arbitrary_json().prop_map(|v| v.to_string().into_bytes()),
        "[ -~]{0,200}".prop_map(String::into_bytes),
    ];
    let header =
        ("[A-Za-z][A-Za-z0-9-]{0,15}", "[ -~]{0,60}").prop_map(|(n, v)| (n, v.trim().to_owned()));
    (
        prop::sample::select(&["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"][..]),
        prop::sample::select(
            &[
                "/ams/api/v1/vaults/inquireVaulting",
                "/ams/sandbox/api/v1/vaults/vaultPaymentMethod",
                "/ams/sandbox/api/v1/vaults/createVaultingSession",
                "/ams/api/v1/vaults/notifyVaulting",
                "/ams/api/v1/payments/pay",
                "/",
            ][..],
        ),
        body,
        prop::collection::vec(header, 0..4),
        any::<bool>(),
    )
        .prop_map(|(method, path, body, extra_headers, sign)| Hostile {
            method,
            path,
            body,
            extra_headers,
            sign,
        })
}

#[test]
fn every_hostile_request_gets_a_well_formed_answer_and_state_survives() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sim = runtime.block_on(simulator(&[]));
    let client = client(&sim);
    let target = HttpTarget::new(sim.base_url(), Limits::default()).unwrap();
    let vault = json!({
        "vaultingRequestId": "vr-survivor",
        "vaultingNotificationUrl": "https://merchant.example/n",
        "redirectUrl": "https://merchant.example/r",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4242424242424242"}},
        "env": {"terminalType": "APP"}
    });
    runtime
        .block_on(client.call(Endpoint::VaultPaymentMethod, vault.to_string().as_bytes()))
        .unwrap();
    let inquiry = br#"{"vaultingRequestId":"vr-survivor"}"#;
    let before = runtime
        .block_on(client.call(Endpoint::InquireVaulting, inquiry))
        .unwrap()
        .response
        .body;
    let antom = antom_public();

    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&hostile(), |case| {
            let mut headers = if case.sign {
                client.signer.as_ref().unwrap().headers(
                    case.path,
                    &vaultcheck::protocol::time::now_millis().to_string(),
                    &case.body,
                )
            } else {
                Vec::new()
            };
            headers.extend(
                case.extra_headers
                    .iter()
                    .filter(|(n, _)| !n.eq_ignore_ascii_case("x-vaultcheck-fault"))
                    .cloned(),
            );
            let request = OutgoingRequest {
                method: case.method.into(),
                path: case.path.into(),
                headers,
                body: case.body.clone(),
            };
            let exchange = runtime
                .block_on(target.send(Endpoint::InquireVaulting, &request))
                .map_err(|e| TestCaseError::fail(format!("transport: {e}")))?;
            prop_assert_eq!(exchange.status, Some(200));
            let answer: Value = serde_json::from_slice(&exchange.response.body)
                .map_err(|e| TestCaseError::fail(format!("answer is not JSON: {e}")))?;
            prop_assert!(answer["result"]["resultCode"].is_string(), "{}", answer);
            prop_assert!(
                ["S", "F", "U"].contains(&answer["result"]["resultStatus"].as_str().unwrap_or(""))
            );
            if let Some(value) = exchange.response.header("signature") {
                let signature = SignatureHeader::parse(value).unwrap();
                let content = sign_content(
                    case.path,
                    CLIENT_ID,
                    exchange.response.header("response-time").unwrap(),
                    &exchange.response.body,
                );
                prop_assert_eq!(verify(&antom, &content, &signature.signature), Ok(()));
            } else {
                let code = answer["result"]["resultCode"].as_str().unwrap();
                prop_assert!(
                    vaultcheck::contract::result_codes::REQUEST_REFUSALS.contains(&code),
                    "only refusals are unsigned: {}",
                    answer
                );
            }
            Ok(())
        })
        .unwrap();

    let after = runtime
        .block_on(client.call(Endpoint::InquireVaulting, inquiry))
        .unwrap()
        .response
        .body;
    assert_eq!(before, after, "the existing vaulting answers as before");
    assert_eq!(sim.records(), 1, "no record appears from hostile input");
    let survivor: Value = serde_json::from_slice(&after).unwrap();
    assert_eq!(survivor["vaultingStatus"], "SUCCESS");
    drop(sim);
}
