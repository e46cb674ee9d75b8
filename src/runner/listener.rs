//! A local notifyVaulting listener (127.0.0.1, port 0): it keeps every notification as an
//! exchange (the notification as the request, its acknowledgement as the response) and
//! acknowledges each one.

use crate::contract::Endpoint;
use crate::exchange::{Exchange, Message};
use crate::protocol::headers;
use axum::extract::{Request, State};
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ACK: &str =
    r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

/// The path notifications are sent to (and verified against).
pub(crate) const PATH: &str = "/vaultcheck/notify";

#[derive(Default)]
struct Received {
    exchanges: Mutex<Vec<Exchange>>,
}

/// A running listener; it stops when dropped.
pub struct Listener {
    pub addr: SocketAddr,
    received: Arc<Received>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn receive(State(received): State<Arc<Received>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let exchange = Exchange {
        endpoint: Endpoint::NotifyVaulting,
        path: parts.uri.path().to_owned(),
        method: parts.method.as_str().to_owned(),
        request: Message {
            headers: Some(headers),
            body: body.to_vec(),
        },
        status: Some(200),
        response: Message {
            headers: Some(vec![(
                headers::CONTENT_TYPE.to_string(),
                headers::JSON_MEDIA_TYPE.into(),
            )]),
            body: ACK.as_bytes().to_vec(),
        },
        elapsed: None,
    };
    received
        .exchanges
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(exchange);
    let mut response = Response::new(axum::body::Body::from(ACK));
    response.headers_mut().insert(
        headers::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(headers::JSON_MEDIA_TYPE),
    );
    response
}

impl Listener {
    pub async fn start() -> std::io::Result<Listener> {
        let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = socket.local_addr()?;
        let received = Arc::new(Received::default());
        let app = axum::Router::new()
            .fallback(receive)
            .with_state(received.clone());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(socket, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Listener {
            addr,
            received,
            _shutdown: shutdown,
        })
    }

    /// The URL to give as `vaultingNotificationUrl`.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Waits up to `timeout` for a notification about `id`.
    pub async fn wait_for(&self, id: &str, timeout: Duration) -> Option<Exchange> {
        let started = Instant::now();
        loop {
            let found = self
                .received
                .exchanges
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .find(|e| {
                    serde_json::from_slice::<serde_json::Value>(&e.request.body)
                        .is_ok_and(|v| v["vaultingRequestId"] == id)
                })
                .cloned();
            if found.is_some() || started.elapsed() > timeout {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
