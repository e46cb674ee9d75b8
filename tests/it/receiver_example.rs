//! A merchant's test of its notifyVaulting receiver, written with axum: vaultcheck plays
//! Antom, sends genuine, repeated and forged notifications, and the test fails on any broken
//! rule. (The README shows this file as it is; `tests/it/notify.rs` keeps the two identical.)

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use vaultcheck::notify::ReceiverTest;
use vaultcheck::protocol::keys::{PrivateKey, PublicKey};
use vaultcheck::protocol::{SignatureHeader, sign_content, verify};

const ACK: &str =
    r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

/// The receiver: verifies the signature over its own path, the client id, the request time
/// and the raw body with Antom's public key, then acknowledges.
async fn receive(
    State(antom): State<PublicKey>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = header("client-id").zip(header("request-time"));
    let verified = match (signed, header("signature").map(SignatureHeader::parse)) {
        (Some((client_id, time)), Some(Ok(signature))) => {
            let content = sign_content(uri.path(), client_id, time, &body);
            verify(&antom, &content, &signature.signature).is_ok()
        }
        _ => false,
    };
    if !verified {
        return (StatusCode::UNAUTHORIZED, "");
    }
    // Store the vaulting's outcome here, idempotently: Antom resends until acknowledged.
    (StatusCode::OK, ACK)
}

#[tokio::test]
async fn the_notification_receiver_conforms() {
    // Antom's key pair for the test; in production the receiver holds Antom's public key.
    let antom = PrivateKey::generate(Some(19));
    let app = axum::Router::new()
        .route("/antom/notify", post(receive))
        .with_state(antom.public_key());
    let report = ReceiverTest::new(antom)
        .router(app, "/antom/notify")
        .await
        .expect("the receiver answers");
    report.assert_conforms();
}
