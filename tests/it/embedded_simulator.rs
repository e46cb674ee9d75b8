//! The embedded simulator as a library: its defaults, the journal of received requests (order,
//! what was sent, routing, result codes, redaction, the cap) and `reset()`.

use serde_json::{Value, json};
use vaultcheck::contract::Endpoint;
use vaultcheck::protocol::{PrivateKey, Signer};
use vaultcheck::sim::{Route, Simulator};

const CARD: &str = "4054695723100768";

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// POSTs `body` signed by `signer` and returns the answer's body.
async fn call(sim: &Simulator, signer: &Signer, endpoint: Endpoint, body: &Value) -> Value {
    let path = endpoint.path().unwrap();
    let body = serde_json::to_vec(body).unwrap();
    let now = vaultcheck::protocol::time::now_millis().to_string();
    let mut request = http().post(sim.url(path)).body(body.clone());
    for (name, value) in signer.headers(path, &now, &body) {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

fn vault_body(id: &str) -> Value {
    json!({
        "vaultingRequestId": id,
        "vaultingNotificationUrl": "https://merchant.example/notify",
        "redirectUrl": "https://merchant.example/vaulted",
        "env": {"terminalType": "WEB"},
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
            "cardNo": CARD, "expiryMonth": "12", "expiryYear": "30", "cvv": "123"
        }}
    })
}

fn code(answer: &Value) -> &str {
    answer["result"]["resultCode"].as_str().unwrap_or("")
}

#[tokio::test]
async fn the_journal_records_every_request_in_order_and_redacts_when_printed() {
    let sim = Simulator::start().await.unwrap();
    let signer = sim.signer().unwrap();
    call(
        &sim,
        &signer,
        Endpoint::VaultPaymentMethod,
        &vault_body("j-1"),
    )
    .await;
    call(
        &sim,
        &signer,
        Endpoint::InquireVaulting,
        &json!({"vaultingRequestId": "j-1"}),
    )
    .await;
    let unsigned = http()
        .post(sim.url(Endpoint::InquireVaulting.path().unwrap()))
        .header("content-type", "application/json")
        .body(r#"{"vaultingRequestId":"j-1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 200);
    http().get(sim.url("/nowhere?x=1")).send().await.unwrap();
    http()
        .get(sim.url("/sim/3ds/unknown"))
        .send()
        .await
        .unwrap();

    let journal = sim.journal();
    assert_eq!(journal.dropped(), 0);
    let seen: Vec<(u64, &str, Route, Option<&str>)> = journal
        .iter()
        .map(|e| {
            (
                e.sequence(),
                e.method().as_str(),
                e.route(),
                e.result_code(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                0,
                "POST",
                Route::Operation(Endpoint::VaultPaymentMethod),
                Some("SUCCESS")
            ),
            (
                1,
                "POST",
                Route::Operation(Endpoint::InquireVaulting),
                Some("SUCCESS")
            ),
            (
                2,
                "POST",
                Route::Operation(Endpoint::InquireVaulting),
                Some("PARAM_ILLEGAL")
            ),
            (3, "GET", Route::Unknown, Some("NO_INTERFACE_DEF")),
            (4, "GET", Route::ThreeDsPage, None),
        ]
    );
    assert_eq!(journal.entries()[3].path(), "/nowhere");
    assert_eq!(journal.entries()[3].query(), Some("x=1"));
    assert_eq!(journal.entries()[4].http_status(), 404);
    assert!(journal.entries()[0].received_at() <= journal.entries()[4].received_at());
    assert_eq!(journal.to(Endpoint::InquireVaulting).count(), 2);
    assert_eq!(sim.received().len(), 5);

    // What the merchant sent, byte for byte, secrets included.
    let vault = &journal.entries()[0];
    let sent = vault.body_json().unwrap();
    assert_eq!(sent["paymentMethodDetail"]["card"]["cardNo"], CARD);
    assert_eq!(vault.header("Client-Id"), Some(sim.client_id()));
    let signature = vault.header("signature").unwrap().to_owned();
    assert!(signature.starts_with("algorithm=RSA256"));
    let signed = signature.rsplit("signature=").next().unwrap();

    // Printed, none of it.
    for shown in [
        format!("{vault:?}"),
        vault.to_string(),
        format!("{journal:?}"),
        journal.to_string(),
    ] {
        assert!(!shown.contains(CARD), "{shown}");
        assert!(!shown.contains(signed), "{shown}");
        assert!(!shown.contains("\"cvv\":\"123\""), "{shown}");
        assert!(shown.contains("vaultPaymentMethod"), "{shown}");
    }
}

#[tokio::test]
async fn reset_forgets_vaultings_and_the_journal_and_keeps_address_and_keys() {
    let sim = Simulator::builder().seed(3).start().await.unwrap();
    let signer = sim.signer().unwrap();
    let (addr, antom) = (sim.addr(), sim.antom_public_key().to_base64_spki());
    let inquiry = json!({"vaultingRequestId": "r-1"});
    let answer = call(
        &sim,
        &signer,
        Endpoint::VaultPaymentMethod,
        &vault_body("r-1"),
    )
    .await;
    assert_eq!(code(&answer), "SUCCESS");
    assert_eq!(sim.records(), 1);
    let answer = call(&sim, &signer, Endpoint::InquireVaulting, &inquiry).await;
    assert_eq!(answer["vaultingStatus"], "SUCCESS");

    sim.reset();
    assert_eq!(sim.records(), 0);
    assert!(sim.journal().is_empty());
    assert!(sim.deliveries().is_empty());
    assert_eq!(sim.addr(), addr);
    assert_eq!(sim.antom_public_key().to_base64_spki(), antom);

    // The same signer is still accepted, and the vaulting is gone.
    let answer = call(&sim, &signer, Endpoint::InquireVaulting, &inquiry).await;
    assert_eq!(code(&answer), "VAULTING_NOT_EXIST", "{answer}");
    let journal = sim.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal.entries()[0].sequence(), 0);
    assert_eq!(
        journal.entries()[0].result_code(),
        Some("VAULTING_NOT_EXIST")
    );
    // The id can be vaulted again.
    let answer = call(
        &sim,
        &signer,
        Endpoint::VaultPaymentMethod,
        &vault_body("r-1"),
    )
    .await;
    assert_eq!(code(&answer), "SUCCESS");
}

#[tokio::test]
async fn a_full_journal_drops_the_oldest_and_counts_them() {
    let sim = Simulator::builder()
        .journal_capacity(2)
        .start()
        .await
        .unwrap();
    for n in 0..5 {
        http().get(sim.url(&format!("/p{n}"))).send().await.unwrap();
    }
    let journal = sim.journal();
    assert_eq!(journal.dropped(), 3);
    let kept: Vec<(u64, &str)> = journal.iter().map(|e| (e.sequence(), e.path())).collect();
    assert_eq!(kept, [(3, "/p3"), (4, "/p4")]);
    assert!(journal.to_string().contains("3 older dropped"));
}

#[tokio::test]
async fn the_builder_sets_the_client_and_keys() {
    let merchant = PrivateKey::generate(Some(11));
    let sim = Simulator::builder()
        .client_id("SANDBOX_MY_TEAM")
        .merchant_public_key(merchant.public_key())
        .start()
        .await
        .unwrap();
    assert_eq!(sim.client_id(), "SANDBOX_MY_TEAM");
    assert!(sim.signer().is_none() && sim.merchant_key().is_none());
    assert!(sim.base_url().starts_with("http://127.0.0.1:"));
    let answer = call(
        &sim,
        &Signer::new("SANDBOX_MY_TEAM", merchant),
        Endpoint::InquireVaulting,
        &json!({"vaultingRequestId": "b-1"}),
    )
    .await;
    assert_eq!(code(&answer), "VAULTING_NOT_EXIST");
    // Another key is refused: the simulator verifies with the key it was given.
    let other = Simulator::start().await.unwrap().signer().unwrap();
    let signer = Signer::new("SANDBOX_MY_TEAM", other.key);
    let answer = call(
        &sim,
        &signer,
        Endpoint::InquireVaulting,
        &json!({"vaultingRequestId": "b-1"}),
    )
    .await;
    assert_eq!(code(&answer), "INVALID_SIGNATURE");
    assert!(!format!("{sim:?}").contains("PRIVATE"));
}

#[tokio::test]
async fn reset_cancels_a_pending_notification() {
    use tokio::io::AsyncReadExt;
    // A merchant endpoint that accepts the notification's connection and never answers.
    let merchant = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let notify_url = format!("http://{}/notify", merchant.local_addr().unwrap());
    let sim = Simulator::builder()
        .notify_policy(vaultcheck::sim::NotifyPolicy {
            attempts: 1,
            first_delay: std::time::Duration::from_millis(10),
            timeout: std::time::Duration::from_secs(120),
        })
        .start()
        .await
        .unwrap();
    let signer = sim.signer().unwrap();
    let mut body = vault_body("n-1");
    body["vaultingNotificationUrl"] = json!(notify_url);
    let answer = call(&sim, &signer, Endpoint::VaultPaymentMethod, &body).await;
    assert_eq!(code(&answer), "SUCCESS");
    let (mut connection, _) = merchant.accept().await.unwrap();
    let mut request = vec![0u8; 16 * 1024];
    let read = connection.read(&mut request).await.unwrap();
    assert!(String::from_utf8_lossy(&request[..read]).starts_with("POST /notify"));

    sim.reset();
    // The delivery was cancelled: its connection closes (it would otherwise wait 120 s).
    // (A reset connection is an error, a closed one is Ok: either way it ended.)
    let _ended = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        connection.read_to_end(&mut Vec::new()),
    )
    .await
    .expect("reset() cancels the pending notification, closing its connection");
    assert!(sim.deliveries().is_empty());
}
