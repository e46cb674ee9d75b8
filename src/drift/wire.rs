//! Header names as written on the wire. The HTTP client library lowercases the names it
//! receives, so the case a server writes them in (`Client-Id` or `client-id`) is read here
//! from the raw response head of one signed inquiry (an id nobody used, so nothing changes on
//! the target), over plain HTTP. Over HTTPS the case cannot be seen this way; the report says
//! so.

use crate::client::Client;
use crate::contract::Endpoint;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The most a response head may take.
const HEAD_CAP: usize = 64 * 1024;

/// Why the header names could not be read.
pub(crate) enum Unseen {
    /// The target is not plain HTTP.
    NotPlainHttp,
    /// The probe failed (what went wrong).
    Failed(String),
}

/// The response header names of one signed inquiry, as written, in order.
pub(crate) async fn header_names(
    client: &Client,
    nonce: &str,
    timeout: Duration,
) -> Result<Vec<String>, Unseen> {
    let base = client.target.base_url();
    let Some(rest) = base.strip_prefix("http://") else {
        return Err(Unseen::NotPlainHttp);
    };
    let (authority, prefix) = match rest.find('/') {
        Some(at) => (&rest[..at], rest[at..].trim_end_matches('/')),
        None => (rest, ""),
    };
    let body =
        serde_json::json!({"vaultingRequestId": format!("vc-drift-probe-{nonce}")}).to_string();
    let request = client.prepare(Endpoint::InquireVaulting, body.as_bytes());
    let mut head = format!(
        "POST {prefix}{} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        request.path,
        request.body.len()
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(authority).await?;
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&request.body).await?;
        let mut read = Vec::new();
        let mut buffer = [0u8; 4096];
        while !read.windows(4).any(|w| w == b"\r\n\r\n") && read.len() < HEAD_CAP {
            let n = stream.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            read.extend_from_slice(&buffer[..n]);
        }
        Ok::<_, std::io::Error>(read)
    };
    let read = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| Unseen::Failed(format!("no answer within {} ms", timeout.as_millis())))?
        .map_err(|e| Unseen::Failed(e.to_string()))?;
    let text = String::from_utf8_lossy(&read);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.split("\r\n");
    if !lines.next().is_some_and(|l| l.starts_with("HTTP/1.")) {
        return Err(Unseen::Failed("the answer is not HTTP/1.x".into()));
    }
    Ok(lines
        .filter_map(|line| line.split_once(':').map(|(name, _)| name.trim().to_owned()))
        .filter(|name| !name.is_empty())
        .collect())
}
