//! The simulator as a merchant meets it: every test card through every operation, 3DS by plain
//! HTTP, notifications with retries, every gateway refusal, idempotency and concurrency. Every
//! answer it gives is judged by every check and must conform.

use crate::support;

use serde_json::{Value, json};
use std::time::Duration;
use support::*;
use vaultcheck::check;
use vaultcheck::client::Client;
use vaultcheck::contract::Endpoint;
use vaultcheck::exchange::Exchange;

fn body(exchange: &Exchange) -> Value {
    serde_json::from_slice(&exchange.response.body).unwrap()
}

#[track_caller]
fn assert_conforms(exchange: &Exchange) {
    let findings = check::judge_exchange(exchange, Some(&antom_public()));
    assert!(
        !check::has_violation(&findings),
        "{} answered {}\n{findings:#?}",
        exchange.endpoint,
        String::from_utf8_lossy(&exchange.response.body)
    );
}

fn vault_body(id: &str, card_no: &str, notify: &str) -> Vec<u8> {
    json!({
        "vaultingRequestId": id,
        "vaultingNotificationUrl": notify,
        "redirectUrl": "https://merchant.example/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": card_no, "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}},
        "env": {"terminalType": "WEB"}
    })
    .to_string()
    .into_bytes()
}

/// Antom's sandbox test cards (docs.antom.com/ac/ref/card), written out here so the test holds
/// the contract's table to the documented numbers.
const SUCCESS: &str = "4054695723100768";
const SUCCESS2: &str = "5162774114974622";
const DECLINED: &str = "4054692760174822";
const DECLINED2: &str = "5162770472561357";
const EXEMPT: &str = "4035501000000008";
/// The simulator's own card: the first inquiry answers `U`.
const FLAKY: &str = "4000000000000119";

/// A vault request with `is3DSAuthentication` set to `flag` (a string or the SDKs' boolean).
fn vault_body_with_flag(id: &str, card_no: &str, flag: Value) -> Vec<u8> {
    let mut request: Value = serde_json::from_slice(&vault_body(id, card_no, NOWHERE)).unwrap();
    request["paymentMethodDetail"]["card"]["is3DSAuthentication"] = flag;
    request.to_string().into_bytes()
}

fn inquire_body(id: &str) -> Vec<u8> {
    json!({"vaultingRequestId": id}).to_string().into_bytes()
}

/// For requests that are invalid on purpose: the answer must still conform.
#[track_caller]
fn assert_answer_conforms(exchange: &Exchange) {
    let findings: Vec<_> = check::judge_exchange(exchange, Some(&antom_public()))
        .into_iter()
        .filter(|f| f.check.as_str() != "request_schema_conformance")
        .collect();
    assert!(!check::has_violation(&findings), "{findings:#?}");
}

async fn call(client: &Client, endpoint: Endpoint, body: &[u8]) -> Exchange {
    let exchange = client.call(endpoint, body).await.unwrap();
    assert_conforms(&exchange);
    exchange
}

const NOWHERE: &str = "https://merchant.example/notify";

#[tokio::test]
async fn cards_that_vault_at_once_are_success_with_their_own_card() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    // The success cards without the flag or with it false; the exempt card and any other
    // number even with it true.
    for (card, brand, flag) in [
        (SUCCESS, "VISA", None),
        (SUCCESS2, "MASTERCARD", Some(json!("false"))),
        (SUCCESS, "VISA", Some(json!(false))),
        (EXEMPT, "VISA", Some(json!("true"))),
        (EXEMPT, "VISA", Some(json!(true))),
        ("4242424242424242", "VISA", Some(json!("true"))),
        ("378282246310005", "AMEX", None),
    ] {
        let id = format!("vr-{card}-{flag:?}");
        let request = match &flag {
            Some(flag) => vault_body_with_flag(&id, card, flag.clone()),
            None => vault_body(&id, card, NOWHERE),
        };
        let vaulted = body(&call(&client, Endpoint::VaultPaymentMethod, &request).await);
        assert!(
            vaulted.get("normalUrl").is_none(),
            "{card} {flag:?}: {vaulted}"
        );
        assert_eq!(vaulted["result"]["resultStatus"], "S");
        let inquired = body(&call(&client, Endpoint::InquireVaulting, &inquire_body(&id)).await);
        assert_eq!(inquired["vaultingStatus"], "SUCCESS");
        let card_detail = &inquired["paymentMethodDetail"]["card"];
        assert_eq!(card_detail["brand"], brand);
        assert!(
            card_detail["maskedCardNo"]
                .as_str()
                .unwrap()
                .ends_with(&card[card.len() - 4..])
        );
        assert_eq!(card_detail, &vaulted["paymentMethodDetail"]["card"]);
    }
}

#[tokio::test]
async fn the_declined_cards_fail_and_an_unknown_id_does_not_exist() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    // Declined, with or without the 3DS flag.
    for (id, card, flag) in [
        ("vr-declined", DECLINED, None),
        ("vr-declined2", DECLINED2, None),
        ("vr-declined-3ds", DECLINED, Some(json!("true"))),
    ] {
        let request = match flag {
            Some(flag) => vault_body_with_flag(id, card, flag),
            None => vault_body(id, card, NOWHERE),
        };
        let vaulted = body(&call(&client, Endpoint::VaultPaymentMethod, &request).await);
        assert_eq!(vaulted["result"]["resultCode"], "VERIFICATION_FAIL", "{id}");
        assert_eq!(vaulted["result"]["resultStatus"], "F", "{id}");
        let inquired = body(&call(&client, Endpoint::InquireVaulting, &inquire_body(id)).await);
        assert_eq!(inquired["vaultingStatus"], "FAIL", "{id}");
    }
    let unknown = body(
        &call(
            &client,
            Endpoint::InquireVaulting,
            &inquire_body("vr-never"),
        )
        .await,
    );
    assert_eq!(unknown["result"]["resultCode"], "VAULTING_NOT_EXIST");
    assert_eq!(unknown["vaultingRequestId"], "vr-never");
}

#[tokio::test]
async fn three_ds_by_the_flag_on_a_success_card_approve_and_decline_by_plain_http() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let http = vaultcheck::transport::client_builder().build().unwrap();
    // The documented string and the SDKs' boolean both start 3DS.
    for (id, card, flag, action, outcome) in [
        ("vr-3ds-ok", SUCCESS, json!("true"), "approve", "SUCCESS"),
        ("vr-3ds-no", SUCCESS2, json!(true), "decline", "FAIL"),
    ] {
        let vaulted = body(
            &call(
                &client,
                Endpoint::VaultPaymentMethod,
                &vault_body_with_flag(id, card, flag),
            )
            .await,
        );
        assert_eq!(vaulted["result"]["resultStatus"], "U");
        assert!(vaulted.get("paymentMethodDetail").is_none());
        assert_eq!(vaulted["result"]["resultCode"], "VERIFICATION_IN_PROCESS");
        let url = vaulted["normalUrl"].as_str().unwrap().to_owned();
        let pending = body(&call(&client, Endpoint::InquireVaulting, &inquire_body(id)).await);
        assert_eq!(pending["vaultingStatus"], "PROCESSING");
        assert_eq!(pending["normalUrl"], url.as_str());

        let page = http.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(
            page.contains("<button id=\"approve\"") && page.contains("<button id=\"decline\""),
            "{page}"
        );
        let last4 = &card[card.len() - 4..];
        assert!(page.contains(&format!("************{last4}")) && !page.contains(card));
        let done = http
            .post(format!("{url}/{action}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(done.contains(outcome), "{done}");

        let finished = body(&call(&client, Endpoint::InquireVaulting, &inquire_body(id)).await);
        assert_eq!(finished["vaultingStatus"], outcome);
        assert!(finished.get("normalUrl").is_none());
        if outcome == "SUCCESS" {
            let masked = finished["paymentMethodDetail"]["card"]["maskedCardNo"].as_str();
            assert!(masked.unwrap().ends_with(last4), "{finished}");
        }
        // Completing again changes nothing.
        http.post(format!("{url}/approve")).send().await.unwrap();
        let again = body(&call(&client, Endpoint::InquireVaulting, &inquire_body(id)).await);
        assert_eq!(again, finished);
    }
    let missing = http
        .get(format!("{}/sim/3ds/nope", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_flaky_card_answers_u_once_then_success_to_the_same_id() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-flaky", FLAKY, NOWHERE),
    )
    .await;
    let exchanges = client
        .call_retrying(Endpoint::InquireVaulting, &inquire_body("vr-flaky"), 3)
        .await
        .unwrap();
    assert_eq!(exchanges.len(), 2);
    assert_eq!(
        body(&exchanges[0])["result"]["resultCode"],
        "UNKNOWN_EXCEPTION"
    );
    assert_eq!(body(&exchanges[1])["vaultingStatus"], "SUCCESS");
    exchanges.iter().for_each(assert_conforms);
}

#[tokio::test]
async fn final_results_repeat_exactly() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let first = call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-idem", SUCCESS, NOWHERE),
    )
    .await;
    // A repeat with another card is still the first vaulting.
    let second = call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-idem", SUCCESS2, NOWHERE),
    )
    .await;
    assert_eq!(first.response.body, second.response.body);
    let a = call(&client, Endpoint::InquireVaulting, &inquire_body("vr-idem")).await;
    let b = call(&client, Endpoint::InquireVaulting, &inquire_body("vr-idem")).await;
    assert_eq!(a.response.body, b.response.body);
    assert_eq!(sim.records(), 1);
}

#[tokio::test]
async fn a_session_vaulting_stays_processing_without_urls() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let request = json!({"paymentMethodType": "CARD", "vaultingRequestId": "vr-session", "vaultingNotificationUrl": NOWHERE, "is3DSAuthentication": true});
    let created = body(
        &call(
            &client,
            Endpoint::CreateVaultingSession,
            request.to_string().as_bytes(),
        )
        .await,
    );
    assert_eq!(created["result"]["resultStatus"], "S");
    assert!(created["vaultingSessionId"].is_string() && created["vaultingSessionData"].is_string());
    let inquired = body(
        &call(
            &client,
            Endpoint::InquireVaulting,
            &inquire_body("vr-session"),
        )
        .await,
    );
    assert_eq!(inquired["vaultingStatus"], "PROCESSING");
    assert!(inquired.get("normalUrl").is_none());
}

#[tokio::test]
async fn production_and_sandbox_paths_are_both_served() {
    let sim = simulator(&[]).await;
    let mut production = client(&sim);
    production.sandbox = false;
    let answer = call(
        &production,
        Endpoint::InquireVaulting,
        &inquire_body("vr-prod"),
    )
    .await;
    assert_eq!(answer.path, "/ams/api/v1/vaults/inquireVaulting");
    assert_eq!(body(&answer)["result"]["resultCode"], "VAULTING_NOT_EXIST");
}

type Headers = Vec<(String, String)>;

/// Sends a raw request, returning the exchange (status, headers, body).
async fn raw(
    sim: &vaultcheck::sim::Simulator,
    method: &str,
    path: &str,
    headers: &Headers,
    body: &[u8],
) -> Exchange {
    let target =
        vaultcheck::transport::HttpTarget::new(sim.base_url(), Default::default()).unwrap();
    let request = vaultcheck::transport::OutgoingRequest {
        method: method.into(),
        path: path.into(),
        headers: headers.clone(),
        body: body.to_vec(),
    };
    target
        .send(Endpoint::InquireVaulting, &request)
        .await
        .unwrap()
}

struct GatewayCase {
    method: &'static str,
    path: &'static str,
    headers: Headers,
    body: Vec<u8>,
    code: &'static str,
}

#[tokio::test]
async fn the_gateway_refuses_with_the_documented_codes() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let path = "/ams/sandbox/api/v1/vaults/inquireVaulting";
    let good_body = inquire_body("vr-gw");
    let signed = client
        .prepare(Endpoint::InquireVaulting, &good_body)
        .headers;
    let without =
        |name: &str| -> Headers { signed.iter().filter(|(n, _)| n != name).cloned().collect() };
    let replace = |name: &str, value: &str| -> Headers {
        signed
            .iter()
            .map(|(n, v)| {
                (
                    n.clone(),
                    if n == name {
                        value.to_owned()
                    } else {
                        v.clone()
                    },
                )
            })
            .collect()
    };
    let stale = client
        .signer
        .as_ref()
        .unwrap()
        .headers(path, "1000000000000", &good_body);
    let case = |method, path, headers, body: &Vec<u8>, code| GatewayCase {
        method,
        path,
        headers,
        body: body.clone(),
        code,
    };
    let cases = vec![
        case("GET", path, without(""), &good_body, "METHOD_NOT_SUPPORTED"),
        case(
            "POST",
            "/ams/api/v1/vaults/payVaulting",
            without(""),
            &good_body,
            "NO_INTERFACE_DEF",
        ),
        case(
            "POST",
            path,
            replace("Content-Type", "text/plain"),
            &good_body,
            "MEDIA_TYPE_NOT_ACCEPTABLE",
        ),
        case(
            "POST",
            path,
            without("Client-Id"),
            &good_body,
            "PARAM_ILLEGAL",
        ),
        case(
            "POST",
            path,
            replace("Client-Id", "SANDBOX_SOMEONE_ELSE"),
            &good_body,
            "KEY_NOT_FOUND",
        ),
        case(
            "POST",
            path,
            without("Request-Time"),
            &good_body,
            "PARAM_ILLEGAL",
        ),
        case(
            "POST",
            path,
            replace("Request-Time", "yesterday"),
            &good_body,
            "PARAM_ILLEGAL",
        ),
        case("POST", path, stale, &good_body, "INVALID_SIGNATURE"),
        case(
            "POST",
            path,
            without("Signature"),
            &good_body,
            "INVALID_SIGNATURE",
        ),
        case(
            "POST",
            path,
            replace("Signature", "garbage"),
            &good_body,
            "INVALID_SIGNATURE",
        ),
        case(
            "POST",
            path,
            without(""),
            &inquire_body("vr-other"),
            "INVALID_SIGNATURE",
        ),
    ];
    for c in cases {
        let exchange = raw(&sim, c.method, c.path, &c.headers, &c.body).await;
        assert_eq!(exchange.status, Some(200));
        assert_eq!(
            body(&exchange)["result"]["resultCode"],
            c.code,
            "{} {} {:?}",
            c.method,
            c.path,
            c.headers
        );
        assert_eq!(body(&exchange)["result"]["resultStatus"], "F");
        assert!(
            exchange.response.header("signature").is_none(),
            "refusals of unauthenticated requests are unsigned"
        );
        assert_conforms(&exchange);
    }
}

#[tokio::test]
async fn invalid_bodies_are_param_illegal_naming_the_field() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let cases: Vec<(Endpoint, Vec<u8>, &str)> = vec![
        (
            Endpoint::InquireVaulting,
            b"{\"vaultingRequestId\":".to_vec(),
            "Malformed body",
        ),
        (Endpoint::InquireVaulting, b"\xff\xfe".to_vec(), "not UTF-8"),
        (
            Endpoint::InquireVaulting,
            b"[]".to_vec(),
            "not a JSON object",
        ),
        (
            Endpoint::InquireVaulting,
            br#"{"vaultingRequestId":"a","vaultingRequestId":"b"}"#.to_vec(),
            "Duplicate key /vaultingRequestId",
        ),
        (
            Endpoint::InquireVaulting,
            b"{}".to_vec(),
            "/vaultingRequestId is missing",
        ),
        (
            Endpoint::InquireVaulting,
            br#"{"vaultingRequestId": 12}"#.to_vec(),
            "/vaultingRequestId must be of type",
        ),
        (
            Endpoint::InquireVaulting,
            json!({"vaultingRequestId": "x".repeat(65)})
                .to_string()
                .into_bytes(),
            "longer than 64",
        ),
        (
            Endpoint::VaultPaymentMethod,
            vault_body("vr-bad", "4242", NOWHERE),
            "/paymentMethodDetail/card/cardNo has an illegal format",
        ),
        (
            Endpoint::InquireVaulting,
            vec![b' '; 70 * 1024],
            "too large",
        ),
    ];
    for (endpoint, body_bytes, words) in cases {
        let exchange = client.call(endpoint, &body_bytes).await.unwrap();
        let answer = body(&exchange);
        assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL", "{words}");
        let message = answer["result"]["resultMessage"].as_str().unwrap();
        assert!(message.contains(words), "{message} should contain {words}");
        assert!(!message.contains("4242"), "no card data echoed: {message}");
        assert_answer_conforms(&exchange);
    }
    assert_eq!(sim.records(), 0);
}

#[tokio::test]
async fn the_sdks_non_string_values_are_accepted() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let mut request: Value =
        serde_json::from_slice(&vault_body("vr-sdk", SUCCESS, NOWHERE)).unwrap();
    request["paymentMethodDetail"]["card"]["is3DSAuthentication"] = json!(false);
    request["env"]["timeZoneOffset"] = json!(-480);
    let answer = body(
        &call(
            &client,
            Endpoint::VaultPaymentMethod,
            request.to_string().as_bytes(),
        )
        .await,
    );
    assert_eq!(answer["result"]["resultStatus"], "S");
}

/// A notification listener on 127.0.0.1:0 that fails the first `failures` deliveries.
async fn listener(
    failures: usize,
) -> (
    String,
    tokio::task::JoinHandle<Vec<(axum::http::HeaderMap, Vec<u8>)>>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/merchant/notify", socket.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let mut received = Vec::new();
        for index in 0..=failures {
            let Ok(Ok((mut stream, _))) =
                tokio::time::timeout(Duration::from_secs(10), socket.accept()).await
            else {
                break;
            };
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 4096];
            let (head, body) = loop {
                let n = stream.read(&mut chunk).await.unwrap();
                buffer.extend_from_slice(&chunk[..n]);
                if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                    let length: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if buffer.len() >= end + 4 + length || n == 0 {
                        break (head, buffer[end + 4..].to_vec());
                    }
                }
            };
            let mut headers = axum::http::HeaderMap::new();
            for line in head.lines().skip(1) {
                if let Some((n, v)) = line.split_once(':') {
                    headers.insert(
                        axum::http::HeaderName::from_bytes(n.trim().as_bytes()).unwrap(),
                        v.trim().parse().unwrap(),
                    );
                }
            }
            received.push((headers, body));
            let reply = if index < failures {
                "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
            } else {
                let ack = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ack}",
                    ack.len()
                )
            };
            stream.write_all(reply.as_bytes()).await.unwrap();
        }
        received
    });
    (url, handle)
}

#[tokio::test]
async fn notifications_are_signed_and_retried_until_acknowledged() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let (url, received) = listener(2).await;
    call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-notify", SUCCESS, &url),
    )
    .await;
    let received = received.await.unwrap();
    assert_eq!(
        received.len(),
        3,
        "two failures, then the acknowledged third attempt"
    );
    for (headers, body_bytes) in &received {
        let header = |n: &str| headers.get(n).unwrap().to_str().unwrap().to_owned();
        let signature = vaultcheck::protocol::SignatureHeader::parse(&header("signature")).unwrap();
        let content = vaultcheck::protocol::sign_content(
            "/merchant/notify",
            &header("client-id"),
            &header("request-time"),
            body_bytes,
        );
        assert_eq!(
            vaultcheck::protocol::verify(&antom_public(), &content, &signature.signature),
            Ok(())
        );
        let notification: Value = serde_json::from_slice(body_bytes).unwrap();
        assert_eq!(notification["vaultingStatus"], "SUCCESS");
        assert_eq!(
            notification["paymentMethodDetail"]["card"]["maskedCardNo"],
            "************0768"
        );
        let exchange = Exchange::from_bodies(
            Endpoint::NotifyVaulting,
            body_bytes,
            br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#,
        );
        let findings = check::judge_exchange(&exchange, None);
        assert!(!check::has_violation(&findings), "{findings:#?}");
    }
    for _ in 0..500 {
        if !sim.deliveries().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let deliveries = sim.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert!(deliveries[0].acknowledged);
    assert_eq!(deliveries[0].attempts, 3);
}

#[tokio::test]
async fn notifications_to_other_hosts_are_not_sent() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-remote", SUCCESS, "https://merchant.example/notify"),
    )
    .await;
    for _ in 0..500 {
        if !sim.deliveries().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let delivery = &sim.deliveries()[0];
    assert_eq!(delivery.attempts, 0);
    assert!(
        delivery
            .last_problem
            .as_deref()
            .unwrap()
            .contains("not loopback")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_make_one_record_and_nothing_is_lost() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let mut tasks = Vec::new();
    for index in 0..64 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let id = format!("vr-conc-{}", index % 8);
            let card = if index % 2 == 0 { SUCCESS } else { SUCCESS2 };
            client
                .call(
                    Endpoint::VaultPaymentMethod,
                    &vault_body(&id, card, NOWHERE),
                )
                .await
                .unwrap()
        }));
    }
    let mut by_id: std::collections::HashMap<String, Vec<u8>> = Default::default();
    for task in tasks {
        let exchange = task.await.unwrap();
        assert_conforms(&exchange);
        let answer = body(&exchange);
        let id = answer["vaultingRequestId"].as_str().unwrap().to_owned();
        let previous = by_id
            .entry(id)
            .or_insert_with(|| exchange.response.body.clone());
        assert_eq!(
            previous, &exchange.response.body,
            "every duplicate gets the one record's answer"
        );
    }
    assert_eq!(by_id.len(), 8);
    assert_eq!(sim.records(), 8);
}

#[tokio::test]
async fn a_fault_can_be_switched_on_for_one_request() {
    let sim = simulator(&[]).await;
    let client = client(&sim);
    call(
        &client,
        Endpoint::VaultPaymentMethod,
        &vault_body("vr-fault", DECLINED, NOWHERE),
    )
    .await;
    let mut request = client.prepare(Endpoint::InquireVaulting, &inquire_body("vr-fault"));
    request
        .headers
        .push((vaultcheck::sim::FAULT_HEADER.into(), "url-with-fail".into()));
    let broken = client
        .target
        .send(Endpoint::InquireVaulting, &request)
        .await
        .unwrap();
    let findings = check::judge_exchange(&broken, Some(&antom_public()));
    let violated: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == check::Severity::Violation)
        .map(|f| f.check.as_str())
        .collect();
    assert_eq!(violated, ["redirect_url_coupling"]);
    // The next request, without the header, conforms again.
    call(
        &client,
        Endpoint::InquireVaulting,
        &inquire_body("vr-fault"),
    )
    .await;
    // An unknown fault name is refused, naming the faults there are.
    request.headers.last_mut().unwrap().1 = "gremlins".into();
    let refused = client
        .target
        .send(Endpoint::InquireVaulting, &request)
        .await
        .unwrap();
    assert!(
        body(&refused)["result"]["resultMessage"]
            .as_str()
            .unwrap()
            .contains("url-with-fail")
    );
}
