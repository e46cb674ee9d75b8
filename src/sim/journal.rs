//! The journal of received requests: every request the simulator received, in order, as the
//! merchant's code sent it (method, path, headers, raw body), with the operation it was routed
//! to, the result code it was answered and when it came. A test asserts on it the way
//! `wiremock`'s `received_requests()` is used.
//!
//! The journal keeps what was sent, secrets included (a test may need to assert on the card
//! number it sent), but its `Debug` and `Display` pass the redaction point, so a failing
//! assertion prints no card number, CVV, token or signature. It is bounded: past its capacity
//! the oldest entries are dropped and counted.

use super::verdict::SignatureVerdict;
use crate::contract::Endpoint;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

/// How many requests a journal keeps unless told otherwise.
pub(crate) const DEFAULT_CAPACITY: usize = 1000;

/// Where the simulator sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Route {
    /// A Vault operation's path (`/ams/api/v1/vaults/...` or the sandbox's), whatever the
    /// gateway then decided.
    Operation(Endpoint),
    /// The 3DS challenge page (`/sim/3ds/...`).
    ThreeDsPage,
    /// A path the simulator does not serve (answered `NO_INTERFACE_DEF`).
    Unknown,
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Operation(endpoint) => f.write_str(endpoint.name()),
            Route::ThreeDsPage => f.write_str("3DS page"),
            Route::Unknown => f.write_str("no operation"),
        }
    }
}

/// How the simulator answered a request it routed to an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Handling {
    /// Served as the gateway and the operation decided.
    #[default]
    Served,
    /// Answered a forced result (header or run-wide), touching no state.
    Forced,
    /// Refused `REQUEST_TRAFFIC_EXCEED_LIMIT` by the rate limit.
    Throttled,
}

impl Handling {
    /// `served`, `forced` or `throttled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Handling::Served => "served",
            Handling::Forced => "forced",
            Handling::Throttled => "throttled",
        }
    }
}

/// One request as the simulator received it. The accessors give what was sent, byte for
/// byte; `Debug` and `Display` are redacted.
#[derive(Clone)]
pub struct ReceivedRequest {
    sequence: u64,
    received_at: SystemTime,
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    body_complete: bool,
    route: Route,
    http_status: u16,
    result_code: Option<String>,
    signature: SignatureVerdict,
    handling: Handling,
}

impl ReceivedRequest {
    /// Its place in the journal: 0 for the first request since the simulator started or was
    /// reset. A gap at the start means older entries were dropped.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// When the request arrived (its head; the body was read after).
    pub fn received_at(&self) -> SystemTime {
        self.received_at
    }

    /// The HTTP method as received.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string (after `?`), when there was one.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The headers as received. HTTP/1 header names reach the server in lowercase.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first header of that name (any case) when its value is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body, byte for byte. Empty when it could not be read (larger than the simulator's
    /// limit): see [`ReceivedRequest::body_complete`].
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the whole body was read.
    pub fn body_complete(&self) -> bool {
        self.body_complete
    }

    /// The body as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Where the request was routed.
    pub fn route(&self) -> Route {
        self.route
    }

    /// The operation the request was routed to, when it was one.
    pub fn operation(&self) -> Option<Endpoint> {
        match self.route {
            Route::Operation(endpoint) => Some(endpoint),
            _ => None,
        }
    }

    /// The HTTP status answered.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// `result.resultCode` of the answer (`SUCCESS`, `INVALID_SIGNATURE`, ...); `None` for the
    /// 3DS page.
    pub fn result_code(&self) -> Option<&str> {
        self.result_code.as_deref()
    }

    /// What the gateway made of the request's signature.
    pub fn signature(&self) -> SignatureVerdict {
        self.signature
    }

    /// Whether it was served, forced or throttled.
    pub fn handling(&self) -> Handling {
        self.handling
    }

    /// The entry as JSON for `GET /sim/requests`: what was sent and answered, with secret
    /// headers and body fields replaced and card-like numbers masked.
    pub fn to_redacted_json(&self) -> serde_json::Value {
        use crate::redact;
        let headers: serde_json::Map<String, serde_json::Value> = self
            .header_lines()
            .into_iter()
            .map(|(name, value)| {
                let shown = if redact::is_secret_field(&name) {
                    "[redacted]".to_owned()
                } else {
                    redact::text(&value).into_owned()
                };
                (name, serde_json::Value::String(shown))
            })
            .collect();
        let body = match self.body_json() {
            Some(value) => redact::document(&value),
            None => serde_json::Value::String(
                redact::text(&String::from_utf8_lossy(&self.body)).into_owned(),
            ),
        };
        let received_ms = self
            .received_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        serde_json::json!({
            "sequence": self.sequence,
            "receivedAt": received_ms,
            "method": self.method.as_str(),
            "path": redact::text(&self.path),
            "query": self.query.as_deref().map(|q| redact::text(q).into_owned()),
            "route": self.route.to_string(),
            "httpStatus": self.http_status,
            "resultCode": self.result_code,
            "signature": self.signature.as_str(),
            "handling": self.handling.as_str(),
            "bodyComplete": self.body_complete,
            "headers": headers,
            "body": body,
        })
    }

    fn header_lines(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect()
    }

    fn redacted_message(&self) -> String {
        crate::redact::message(Some(&self.header_lines()), &self.body)
    }
}

impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("sequence", &self.sequence)
            .field("method", &self.method.as_str())
            .field("path", &crate::redact::text(&self.path))
            .field("route", &self.route)
            .field("http_status", &self.http_status)
            .field("result_code", &self.result_code)
            .field("message", &self.redacted_message())
            .finish()
    }
}

impl fmt::Display for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} {} {} ({}) answered HTTP {}",
            self.sequence,
            self.method,
            crate::redact::text(&self.path),
            self.route,
            self.http_status
        )?;
        if let Some(code) = &self.result_code {
            write!(f, " {}", crate::redact::text(code))?;
        }
        write!(f, ": {}", self.redacted_message())
    }
}

/// A copy of the journal at one moment: the entries kept, oldest first, and how many older
/// ones were dropped to stay within the capacity.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    entries: Vec<ReceivedRequest>,
    dropped: u64,
}

impl Journal {
    /// The requests kept, in the order they arrived.
    pub fn entries(&self) -> &[ReceivedRequest] {
        &self.entries
    }

    /// How many requests were dropped (the oldest first) because the journal was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// How many requests it holds (dropped ones not counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no request.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The requests, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, ReceivedRequest> {
        self.entries.iter()
    }

    /// The requests routed to one operation, in order.
    pub fn to(&self, endpoint: Endpoint) -> impl Iterator<Item = &ReceivedRequest> {
        self.entries
            .iter()
            .filter(move |e| e.operation() == Some(endpoint))
    }
}

impl<'a> IntoIterator for &'a Journal {
    type Item = &'a ReceivedRequest;
    type IntoIter = std::slice::Iter<'a, ReceivedRequest>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl IntoIterator for Journal {
    type Item = ReceivedRequest;
    type IntoIter = std::vec::IntoIter<ReceivedRequest>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Journal {
    /// The journal as JSON for `GET /sim/requests`: `{"dropped": N, "requests": [...]}`, each
    /// entry redacted ([`ReceivedRequest::to_redacted_json`]).
    pub fn to_redacted_json(&self) -> serde_json::Value {
        serde_json::json!({
            "dropped": self.dropped,
            "requests": self.entries.iter().map(ReceivedRequest::to_redacted_json).collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} request(s) received", self.entries.len())?;
        if self.dropped > 0 {
            write!(f, " ({} older dropped)", self.dropped)?;
        }
        for entry in &self.entries {
            write!(f, "\n  {entry}")?;
        }
        Ok(())
    }
}

/// What the server knows of a request once it has answered it.
pub(crate) struct Arrival {
    pub received_at: SystemTime,
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub body_complete: bool,
    pub route: Route,
    pub http_status: u16,
    pub result_code: Option<String>,
    pub signature: SignatureVerdict,
    pub handling: Handling,
}

#[derive(Default)]
struct Kept {
    entries: VecDeque<ReceivedRequest>,
    dropped: u64,
    next_sequence: u64,
}

/// The simulator's journal: appended by the server, read and cleared by the tests.
pub(crate) struct Recorder {
    capacity: usize,
    kept: Mutex<Kept>,
}

impl Recorder {
    pub(crate) fn new(capacity: usize) -> Self {
        Recorder {
            capacity,
            kept: Mutex::new(Kept::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Every update is complete before the guard drops; a poisoned lock is consistent.
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends a request, dropping the oldest when full; returns a copy of the entry when
    /// `copy` (for the request log).
    pub(crate) fn record(&self, arrival: Arrival, copy: bool) -> Option<ReceivedRequest> {
        let mut kept = self.lock();
        let sequence = kept.next_sequence;
        kept.next_sequence += 1;
        let entry = ReceivedRequest {
            sequence,
            received_at: arrival.received_at,
            method: arrival.method,
            path: arrival.path,
            query: arrival.query,
            headers: arrival.headers,
            body: arrival.body,
            body_complete: arrival.body_complete,
            route: arrival.route,
            http_status: arrival.http_status,
            result_code: arrival.result_code,
            signature: arrival.signature,
            handling: arrival.handling,
        };
        let copied = copy.then(|| entry.clone());
        kept.entries.push_back(entry);
        while kept.entries.len() > self.capacity {
            kept.entries.pop_front();
            kept.dropped += 1;
        }
        copied
    }

    pub(crate) fn snapshot(&self) -> Journal {
        let kept = self.lock();
        Journal {
            entries: kept.entries.iter().cloned().collect(),
            dropped: kept.dropped,
        }
    }

    /// Forgets every entry and the dropped count; numbering starts again at 0.
    pub(crate) fn clear(&self) {
        *self.lock() = Kept::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival(path: &str, body: &str) -> Arrival {
        let mut headers = HeaderMap::new();
        headers.insert("client-id", "SANDBOX_1".parse().unwrap());
        headers.insert(
            "signature",
            "algorithm=RSA256,keyVersion=1,signature=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D"
                .parse()
                .unwrap(),
        );
        Arrival {
            received_at: SystemTime::UNIX_EPOCH,
            method: Method::POST,
            path: path.to_owned(),
            query: None,
            headers,
            body: Bytes::from(body.to_owned()),
            body_complete: true,
            route: Route::Operation(Endpoint::VaultPaymentMethod),
            http_status: 200,
            result_code: Some("SUCCESS".into()),
            signature: SignatureVerdict::Verified,
            handling: Handling::Served,
        }
    }

    #[test]
    fn keeps_order_and_numbers_entries() {
        let recorder = Recorder::new(10);
        for n in 0..3 {
            recorder.record(arrival(&format!("/p{n}"), "{}"), false);
        }
        let journal = recorder.snapshot();
        let paths: Vec<&str> = journal.iter().map(|e| e.path()).collect();
        assert_eq!(paths, ["/p0", "/p1", "/p2"]);
        let sequences: Vec<u64> = journal.iter().map(|e| e.sequence()).collect();
        assert_eq!(sequences, [0, 1, 2]);
        assert_eq!(journal.dropped(), 0);
    }

    #[test]
    fn a_full_journal_drops_the_oldest_and_counts_them() {
        let recorder = Recorder::new(2);
        for n in 0..5 {
            recorder.record(arrival(&format!("/p{n}"), "{}"), false);
        }
        let journal = recorder.snapshot();
        assert_eq!(journal.len(), 2);
        assert_eq!(journal.dropped(), 3);
        assert_eq!(journal.entries()[0].path(), "/p3");
        assert_eq!(journal.entries()[1].sequence(), 4);
        assert!(journal.to_string().contains("3 older dropped"));
    }

    #[test]
    fn a_zero_capacity_keeps_nothing_and_counts_everything() {
        let recorder = Recorder::new(0);
        recorder.record(arrival("/p", "{}"), false);
        assert!(recorder.snapshot().is_empty());
        assert_eq!(recorder.snapshot().dropped(), 1);
    }

    #[test]
    fn clear_forgets_entries_and_the_count() {
        let recorder = Recorder::new(1);
        recorder.record(arrival("/a", "{}"), false);
        recorder.record(arrival("/b", "{}"), false);
        recorder.clear();
        assert!(recorder.snapshot().is_empty());
        assert_eq!(recorder.snapshot().dropped(), 0);
        recorder.record(arrival("/c", "{}"), false);
        assert_eq!(recorder.snapshot().entries()[0].sequence(), 0);
    }

    #[test]
    fn accessors_give_what_was_sent_and_debug_and_display_redact_it() {
        let body =
            r#"{"card":{"cardNo":"4054695723100768","cvv":"123"},"note":"card 4054695723100768"}"#;
        let recorder = Recorder::new(4);
        recorder.record(
            arrival("/ams/api/v1/vaults/vaultPaymentMethod", body),
            false,
        );
        let entry = recorder.snapshot().entries()[0].clone();
        assert_eq!(entry.body(), body.as_bytes());
        assert_eq!(entry.header("Client-Id"), Some("SANDBOX_1"));
        assert!(entry.header("signature").unwrap().contains("c2VjcmV0"));
        for shown in [format!("{entry:?}"), entry.to_string()] {
            assert!(!shown.contains("4054695723100768"), "{shown}");
            assert!(!shown.contains("c2VjcmV0"), "{shown}");
            assert!(!shown.contains("\"123\""), "{shown}");
            assert!(shown.contains("vaultPaymentMethod"), "{shown}");
        }
        let journal = format!("{:?}", recorder.snapshot());
        assert!(!journal.contains("4054695723100768"), "{journal}");
        let json = recorder.snapshot().to_redacted_json().to_string();
        assert!(!json.contains("4054695723100768"), "{json}");
        assert!(!json.contains("c2VjcmV0"), "{json}");
        assert!(!json.contains("\"123\""), "{json}");
        assert!(json.contains("\"signature\":\"verified\""), "{json}");
    }
}
