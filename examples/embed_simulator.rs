//! Embeds the vaultcheck simulator in a program (or a test), sends it a signed
//! vaultPaymentMethod and inquireVaulting with a plain reqwest client, judges both exchanges
//! with vaultcheck's checks, reads the journal of received requests, and resets.
//!
//! Run it with `cargo run --example embed_simulator`; `tests/example.rs` runs it in `cargo test`
//! and keeps the README's copy identical.

use vaultcheck::check::assert_conforms;
use vaultcheck::contract::Endpoint;
use vaultcheck::exchange::{Exchange, Message};
use vaultcheck::protocol::Signer;
use vaultcheck::sim::{Route, Simulator};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Signs `body` as the merchant, POSTs it to the simulator and returns what crossed the wire.
async fn send(
    http: &reqwest::Client,
    sim: &Simulator,
    signer: &Signer,
    endpoint: Endpoint,
    body: serde_json::Value,
) -> Result<Exchange, Error> {
    let path = endpoint
        .path()
        .ok_or("a notification has no request path")?;
    let body = serde_json::to_vec(&body)?;
    let request_time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis()
        .to_string();
    let headers = signer.headers(path, &request_time, &body);
    let mut request = http.post(sim.url(path)).body(body.clone());
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let response_headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let response_body = response.bytes().await?.to_vec();
    Ok(Exchange {
        endpoint,
        path: path.to_owned(),
        method: "POST".to_owned(),
        request: Message {
            headers: Some(headers),
            body,
        },
        status: Some(status),
        response: Message {
            headers: Some(response_headers),
            body: response_body,
        },
        elapsed: None,
    })
}

fn result_code(exchange: &Exchange) -> Result<String, Error> {
    let body: serde_json::Value = serde_json::from_slice(&exchange.response.body)?;
    Ok(body["result"]["resultCode"]
        .as_str()
        .unwrap_or("")
        .to_owned())
}

pub(crate) async fn run() -> Result<(), Error> {
    // 127.0.0.1 on a free port; keys of its own, deterministic for the seed.
    let sim = Simulator::builder().seed(7).start().await?;
    let signer = sim.signer().ok_or("the simulator holds the merchant key")?;
    let antom_key = sim.antom_public_key();
    let http = reqwest::Client::new();

    // Vault Antom's documented success test card.
    let vault = send(
        &http,
        &sim,
        &signer,
        Endpoint::VaultPaymentMethod,
        serde_json::json!({
            "vaultingRequestId": "example-vault-1",
            "vaultingNotificationUrl": "https://merchant.example/notify",
            "redirectUrl": "https://merchant.example/vaulted",
            "env": {"terminalType": "WEB"},
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
                "cardNo": "4054695723100768", "expiryMonth": "12", "expiryYear": "30",
                "cvv": "123"
            }}
        }),
    )
    .await?;
    // Panics with the findings (redacted) if the answer breaks the contract.
    assert_conforms(&vault, Some(&antom_key));
    assert_eq!(result_code(&vault)?, "SUCCESS");

    let inquiry = serde_json::json!({"vaultingRequestId": "example-vault-1"});
    let inquire = send(
        &http,
        &sim,
        &signer,
        Endpoint::InquireVaulting,
        inquiry.clone(),
    )
    .await?;
    let judgement = assert_conforms(&inquire, Some(&antom_key));
    println!("inquireVaulting: {judgement}");

    // The journal: what the simulator received, in order, as the merchant sent it.
    let journal = sim.journal();
    assert_eq!(journal.len(), 2);
    let first = &journal.entries()[0];
    assert_eq!(
        first.route(),
        Route::Operation(Endpoint::VaultPaymentMethod)
    );
    assert_eq!(first.header("client-id"), Some(sim.client_id()));
    let sent = first.body_json().ok_or("the body was JSON")?;
    assert_eq!(sent["paymentMethodDetail"]["card"]["cvv"], "123");
    assert_eq!(journal.entries()[1].result_code(), Some("SUCCESS"));
    // Printing it is safe: card numbers, CVVs and signatures are redacted.
    println!("{journal}");

    // reset() forgets the vaulting and the journal; the address and keys stay.
    let base_url = sim.base_url().to_owned();
    sim.reset();
    assert_eq!(sim.base_url(), base_url);
    assert!(sim.journal().is_empty());
    let after = send(&http, &sim, &signer, Endpoint::InquireVaulting, inquiry).await?;
    assert_conforms(&after, Some(&antom_key));
    assert_eq!(result_code(&after)?, "VAULTING_NOT_EXIST");

    sim.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    run().await
}
