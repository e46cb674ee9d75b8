//! Forwarding one request: everything the client sent goes upstream unchanged (method, path and
//! query, body bytes, every end-to-end header, so the signature still verifies), and everything
//! the upstream answered goes back unchanged (status, end-to-end headers, body bytes). Only the
//! hop-by-hop headers of RFC 9110 §7.6.1 are dropped; `Host` and `Content-Length` are set for the
//! new hop. The exchange is then queued for judging; the client never waits for the checks.

use super::event::Event;
use super::own_answer;
use super::worker::{Job, Queue};
use crate::contract::Endpoint;
use crate::exchange::{Exchange, Headers, Message};
use crate::transport::Limits;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// What every request handler shares.
pub(crate) struct Shared {
    /// The upstream base URL, without a trailing `/`.
    pub upstream: String,
    pub client: reqwest::Client,
    pub limits: Limits,
    pub queue: Queue,
    pub counter: AtomicU64,
}

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), and the ones the
/// next hop sets itself.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
];

/// The end-to-end headers of a message: every header but the hop-by-hop ones and those the
/// `Connection` header names.
pub(crate) fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if HOP_BY_HOP.contains(&name.as_str()) || named.iter().any(|n| n == name.as_str()) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

fn header_lines(headers: &HeaderMap) -> Headers {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Why the upstream gave no usable answer.
enum Failure {
    Timeout,
    TooLarge,
    Unreachable(String),
}

/// The one handler: forwards whatever arrives.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let number = shared.counter.fetch_add(1, Ordering::Relaxed) + 1;
    let (parts, body) = request.into_parts();
    let method = parts.method.to_string();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let cap = shared.limits.max_body;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = match declared {
        Some(length) if length > cap as u64 => None,
        _ => axum::body::to_bytes(body, cap).await.ok(),
    };
    let Some(body) = body else {
        shared.queue.note(Event::RequestTooLarge {
            number,
            method,
            path,
            limit: cap,
        });
        return own_answer::too_large(cap);
    };

    let forwarded = end_to_end(&parts.headers);
    let url = format!("{}{path}", shared.upstream);
    let started = Instant::now();
    let answer = send(&shared, parts.method.clone(), &url, forwarded, body.clone()).await;
    let (status, headers, answer_body) = match answer {
        Ok(answer) => answer,
        Err(failure) => {
            let upstream = crate::redact::url_credentials(&shared.upstream);
            let (response, problem) = match failure {
                Failure::Timeout => {
                    let problem = format!(
                        "upstream {upstream} did not answer within {} ms",
                        shared.limits.timeout.as_millis()
                    );
                    (own_answer::gateway_timeout(&problem), problem)
                }
                Failure::TooLarge => {
                    let problem = format!("upstream {upstream} answered more than {cap} bytes");
                    (own_answer::bad_gateway(&problem), problem)
                }
                Failure::Unreachable(detail) => {
                    let problem = format!("upstream {upstream} unreachable ({detail})");
                    (own_answer::bad_gateway(&problem), problem)
                }
            };
            shared.queue.note(Event::UpstreamFailed {
                number,
                method,
                path,
                problem,
                status: response.status().as_u16(),
            });
            return response;
        }
    };
    let elapsed = started.elapsed();

    let mut response = Response::new(Body::from(answer_body.clone()));
    *response.status_mut() = status;
    *response.headers_mut() = end_to_end(&headers);

    let operation = path.split('?').next().and_then(Endpoint::parse);
    match operation {
        Some(endpoint) if endpoint != Endpoint::NotifyVaulting => {
            let exchange = Exchange {
                endpoint,
                path,
                method,
                request: Message {
                    headers: Some(header_lines(&parts.headers)),
                    body: body.to_vec(),
                },
                status: Some(status.as_u16()),
                response: Message {
                    headers: Some(header_lines(&headers)),
                    body: answer_body.to_vec(),
                },
                elapsed: Some(elapsed),
            };
            shared.queue.judge(Job::Judge { number, exchange });
        }
        _ => shared.queue.note(Event::Unjudged {
            number,
            method,
            path,
            status: status.as_u16(),
        }),
    }
    response
}

async fn send(
    shared: &Shared,
    method: axum::http::Method,
    url: &str,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(axum::http::StatusCode, HeaderMap, Bytes), Failure> {
    let classify = |e: reqwest::Error| {
        if e.is_timeout() {
            return Failure::Timeout;
        }
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            detail = format!("{detail}: {inner}");
            source = inner.source();
        }
        Failure::Unreachable(detail)
    };
    let mut response = shared
        .client
        .request(method, url)
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(classify)?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut answer = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if answer.len() + chunk.len() > shared.limits.max_body {
            return Err(Failure::TooLarge);
        }
        answer.extend_from_slice(&chunk);
    }
    Ok((status, headers, Bytes::from(answer)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    #[test]
    fn only_end_to_end_headers_pass() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("connection", "keep-alive, x-private"),
            ("x-private", "1"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("host", "127.0.0.1:1"),
            ("content-length", "12"),
            ("signature", "algorithm=RSA256,signature=abc"),
            ("client-id", "SANDBOX_1"),
            ("x-repeated", "a"),
            ("x-repeated", "b"),
        ] {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let kept = end_to_end(&headers);
        let names: Vec<&str> = kept.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["signature", "client-id", "x-repeated"]);
        assert_eq!(kept.get_all("x-repeated").iter().count(), 2);
    }
}
