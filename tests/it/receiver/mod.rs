//! A notifyVaulting receiver of our own, written with axum the way a merchant writes one: it
//! verifies each notification with Antom's public key over its own path (`/antom/notify`, as
//! the request reaches it), acknowledges genuine ones and refuses the rest. Each [`Flaw`] breaks exactly one receiver rule. [`Running`] serves it on 127.0.0.1,
//! port 0, and stops when dropped.

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use vaultcheck::protocol::keys::PublicKey;
use vaultcheck::protocol::{SignatureHeader, sign_content, verify};

/// Where the receiver takes notifications.
pub(crate) const PATH: &str = "/antom/notify";

const ACK: &str =
    r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
const REFUSED: &str = r#"{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F","resultMessage":"invalid signature"}}"#;

/// What is wrong with the receiver: nothing, or one rule broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// Conforming.
    None,
    /// Checks only that a well-formed Signature header is there, never verifies it.
    AcceptsForged,
    /// Verifies a signature when one is sent, and lets a notification without one through.
    AcceptsUnsigned,
    /// Also accepts a signature over its path without the `/antom` prefix (`/notify`), as a
    /// receiver does that verifies over the path its application sees behind a proxy.
    VerifiesOverWrongPath,
    /// Acknowledges with the plain text `success` (the legacy Alipay answer).
    AnswersAnotherBody,
    /// Answers a notification it has seen before with HTTP 409.
    FailsOnRepeat,
    /// Answers HTTP 500 to a notification of a failed vaulting.
    FailsOnFail,
}

impl Flaw {
    /// Every flaw but `None`.
    pub(crate) const BROKEN: [Flaw; 6] = [
        Flaw::AcceptsForged,
        Flaw::AcceptsUnsigned,
        Flaw::VerifiesOverWrongPath,
        Flaw::AnswersAnotherBody,
        Flaw::FailsOnRepeat,
        Flaw::FailsOnFail,
    ];
}

struct Receiver {
    flaw: Flaw,
    antom_key: PublicKey,
    seen: Mutex<HashSet<String>>,
}

fn json(status: StatusCode, body: &'static str) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

async fn notify(
    State(receiver): State<Arc<Receiver>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let flaw = receiver.flaw;
    let (Some(client_id), Some(time)) = (header("client-id"), header("request-time")) else {
        return json(StatusCode::BAD_REQUEST, REFUSED);
    };
    match header("signature").map(SignatureHeader::parse) {
        None if flaw == Flaw::AcceptsUnsigned => {}
        None | Some(Err(_)) => return json(StatusCode::UNAUTHORIZED, REFUSED),
        Some(Ok(_)) if flaw == Flaw::AcceptsForged => {}
        Some(Ok(signature)) => {
            let verifies = |path: &str| {
                let content = sign_content(path, client_id, time, &body);
                verify(&receiver.antom_key, &content, &signature.signature).is_ok()
            };
            let own = uri.path_and_query().map_or("/", |p| p.as_str());
            // Behind a proxy that strips `/antom`: the path the application knows.
            let behind_proxy = own.strip_prefix("/antom").unwrap_or(own);
            let verified =
                verifies(own) || (flaw == Flaw::VerifiesOverWrongPath && verifies(behind_proxy));
            if !verified {
                return json(StatusCode::UNAUTHORIZED, REFUSED);
            }
        }
    }
    let Ok(notification) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return json(StatusCode::BAD_REQUEST, REFUSED);
    };
    if flaw == Flaw::FailsOnFail && notification["result"]["resultStatus"] == "F" {
        return (StatusCode::INTERNAL_SERVER_ERROR, "no card to store").into_response();
    }
    let id = notification["vaultingRequestId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let first_time = receiver.seen.lock().unwrap().insert(id);
    if flaw == Flaw::FailsOnRepeat && !first_time {
        return json(
            StatusCode::CONFLICT,
            r#"{"result":{"resultCode":"REPEATED","resultStatus":"F"}}"#,
        );
    }
    if flaw == Flaw::AnswersAnotherBody {
        return (StatusCode::OK, "success").into_response();
    }
    json(StatusCode::OK, ACK)
}

/// The receiver's router, taking notifications at [`PATH`].
pub(crate) fn router(flaw: Flaw, antom_key: PublicKey) -> axum::Router {
    let receiver = Arc::new(Receiver {
        flaw,
        antom_key,
        seen: Mutex::new(HashSet::new()),
    });
    axum::Router::new()
        .route(PATH, post(notify))
        .with_state(receiver)
}

/// The receiver served on 127.0.0.1, port 0; it stops when dropped.
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Running {
    pub(crate) async fn start(flaw: Flaw, antom_key: PublicKey) -> Running {
        let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(flaw, antom_key);
        tokio::spawn(async move {
            let _ = axum::serve(socket, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Running {
            addr,
            _shutdown: shutdown,
        }
    }

    /// The URL notifications go to.
    pub(crate) fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }
}
