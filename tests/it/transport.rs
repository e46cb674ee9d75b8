//! The HTTP transport against a local server (127.0.0.1, port 0) that misbehaves in every way the
//! target must survive: refused, silent, reset, not JSON, oversize, 5xx. Each server handles a
//! fixed number of connections and stops by itself.

use std::path::Path;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vaultcheck::client::Client;
use vaultcheck::contract::Endpoint;
use vaultcheck::protocol::keys::{PrivateKey, PublicKey};
use vaultcheck::protocol::{SignatureHeader, Signer, sign_content, verify};
use vaultcheck::transport::{HttpTarget, Limits, Proxy, TargetError};

#[derive(Clone, Copy)]
enum Behaviour {
    Answer(&'static str, &'static str),
    Silent,
    Reset,
    Huge,
}

/// Serves `script`, one behaviour per connection, then stops. Returns the base URL and a
/// handle that yields the raw requests it read.
async fn serve(script: Vec<Behaviour>) -> (String, tokio::task::JoinHandle<Vec<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let mut seen = Vec::new();
        for behaviour in script {
            let (mut socket, _) = listener.accept().await.unwrap();
            let request = read_request(&mut socket).await;
            seen.push(request);
            match behaviour {
                Behaviour::Answer(status, body) => {
                    let reply = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nclient-id: SANDBOX_1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(reply.as_bytes()).await.unwrap();
                }
                Behaviour::Silent => tokio::time::sleep(Duration::from_secs(2)).await,
                Behaviour::Reset => drop(socket),
                Behaviour::Huge => {
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4194304\r\n\r\n";
                    let _ = socket.write_all(head.as_bytes()).await;
                    let chunk = vec![b'x'; 64 * 1024];
                    for _ in 0..64 {
                        if socket.write_all(&chunk).await.is_err() {
                            break;
                        }
                    }
                }
            }
        }
        seen
    });
    (url, handle)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            return buffer;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buffer.len() >= end + 4 + length {
                return buffer;
            }
        }
    }
}

fn keys() -> (PrivateKey, PublicKey) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys");
    (
        PrivateKey::from_file(&dir.join("test-merchant-private.pem")).unwrap(),
        PublicKey::from_file(&dir.join("test-merchant-public.pem")).unwrap(),
    )
}

fn client(url: &str, timeout_ms: u64) -> Client {
    let limits = Limits {
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(timeout_ms),
        max_body: 1 << 20,
    };
    let signer = Signer::new("SANDBOX_5X00000000000000", keys().0);
    Client::new(HttpTarget::new(url, limits).unwrap(), Some(signer), true)
}

const BODY: &[u8] = br#"{"vaultingRequestId":"vr-1"}"#;
const FAIL: &str = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"vr-1","vaultingStatus":"FAIL"}"#;

#[tokio::test]
async fn sends_exactly_the_signed_bytes_to_the_sandbox_path() {
    let (url, server) = serve(vec![Behaviour::Answer("200 OK", FAIL)]).await;
    let exchange = client(&url, 2000)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap();
    let seen = server.await.unwrap();
    let raw = &seen[0];
    let text = String::from_utf8_lossy(raw);
    assert!(
        text.starts_with("POST /ams/sandbox/api/v1/vaults/inquireVaulting HTTP/1.1\r\n"),
        "{text}"
    );
    assert!(raw.ends_with(BODY));
    let header = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    let signature = SignatureHeader::parse(&header("signature")).unwrap();
    let content = sign_content(
        "/ams/sandbox/api/v1/vaults/inquireVaulting",
        &header("client-id"),
        &header("request-time"),
        BODY,
    );
    assert_eq!(verify(&keys().1, &content, &signature.signature), Ok(()));
    assert_eq!(header("content-type"), "application/json; charset=UTF-8");
    assert_eq!(exchange.status, Some(200));
    assert_eq!(exchange.response.body, FAIL.as_bytes());
    assert_eq!(exchange.response.header("Client-Id"), Some("SANDBOX_1"));
    assert!(exchange.elapsed.is_some());
}

#[tokio::test]
async fn a_refused_connection_is_a_typed_error_naming_the_address() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&url, 2000)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap_err();
    assert!(matches!(error, TargetError::Refused { .. }), "{error:?}");
    assert!(error.to_string().contains(&url));
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let (url, _server) = serve(vec![Behaviour::Silent]).await;
    let error = client(&url, 300)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap_err();
    assert!(matches!(error, TargetError::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_reset_connection_is_a_typed_error() {
    let (url, _server) = serve(vec![Behaviour::Reset]).await;
    let error = client(&url, 2000)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap_err();
    assert!(matches!(error, TargetError::Connection { .. }), "{error:?}");
}

#[tokio::test]
async fn an_oversize_body_is_refused_without_reading_it_all() {
    let (url, _server) = serve(vec![Behaviour::Huge]).await;
    let error = client(&url, 5000)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            TargetError::TooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn server_errors_and_html_bodies_are_exchanges_for_the_checks() {
    let (url, _server) = serve(vec![Behaviour::Answer(
        "502 Bad Gateway",
        "<html>bad gateway</html>",
    )])
    .await;
    let exchange = client(&url, 2000)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap();
    assert_eq!(exchange.status, Some(502));
    let findings = vaultcheck::check::judge_exchange(&exchange, None);
    let ids: Vec<_> = findings.iter().map(|f| f.check.as_str()).collect();
    assert!(
        ids.contains(&"not_a_server_error") && ids.contains(&"response_schema_conformance"),
        "{ids:?}"
    );
}

#[tokio::test]
async fn retries_u_with_the_same_id_a_bounded_number_of_times() {
    const UNKNOWN: &str = r#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U"},"vaultingRequestId":"vr-1"}"#;
    let (url, server) = serve(vec![
        Behaviour::Answer("200 OK", UNKNOWN),
        Behaviour::Answer("200 OK", FAIL),
    ])
    .await;
    let exchanges = client(&url, 2000)
        .call_retrying(Endpoint::InquireVaulting, BODY, 3)
        .await
        .unwrap();
    assert_eq!(exchanges.len(), 2);
    let seen = server.await.unwrap();
    assert!(seen.iter().all(|raw| raw.ends_with(BODY)));

    let (url, server) = serve(vec![Behaviour::Answer("200 OK", UNKNOWN); 3]).await;
    let exchanges = client(&url, 2000)
        .call_retrying(Endpoint::InquireVaulting, BODY, 2)
        .await
        .unwrap();
    assert_eq!(
        exchanges.len(),
        3,
        "one call and two retries, then it stops"
    );
    assert_eq!(server.await.unwrap().len(), 3);
}

#[test]
fn a_base_url_must_be_http() {
    let error = HttpTarget::new("ftp://example.com", Limits::default()).unwrap_err();
    assert!(error.to_string().contains("http:// or https://"));
}

#[tokio::test]
async fn a_given_proxy_carries_the_request_with_its_signed_bytes() {
    // The loopback server plays the proxy: a plain-HTTP target is asked for in absolute form.
    let (proxy, server) = serve(vec![Behaviour::Answer("200 OK", FAIL)]).await;
    let signer = Signer::new("SANDBOX_5X00000000000000", keys().0);
    let target = HttpTarget::with_proxy(
        "http://sandbox.vaultcheck.invalid",
        Limits::default(),
        &Proxy::Url(proxy),
    )
    .unwrap();
    let exchange = Client::new(target, Some(signer), true)
        .call(Endpoint::InquireVaulting, BODY)
        .await
        .unwrap();
    let seen = server.await.unwrap();
    let text = String::from_utf8_lossy(&seen[0]);
    assert!(
        text.starts_with(
            "POST http://sandbox.vaultcheck.invalid/ams/sandbox/api/v1/vaults/inquireVaulting HTTP/1.1\r\n"
        ),
        "{text}"
    );
    assert!(seen[0].ends_with(BODY));
    assert_eq!(exchange.response.body, FAIL.as_bytes());
}

#[test]
fn a_proxy_url_that_cannot_be_used_is_refused_without_its_password() {
    let error = HttpTarget::with_proxy(
        "https://open-sea-global.alipay.com",
        Limits::default(),
        &Proxy::Url("http://user:hunter2@[bad".into()),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("proxy"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
}
