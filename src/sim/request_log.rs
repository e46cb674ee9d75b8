//! The simulator's request log: one redacted line per request (operation, `vaultingRequestId`,
//! result, signature verdict), the text it expected to be signed when it refuses a signature
//! (when asked), and the notifications it could not deliver. The simulator never prints: it
//! hands each line to the sink it was given (`vaultcheck mock` prints them on stderr).

use super::journal::{Handling, ReceivedRequest};
use super::verdict::SignatureVerdict;
use crate::contract::result_codes;
use std::fmt;
use std::sync::Arc;

/// Where log lines go: a function given each line, already redacted.
#[derive(Clone)]
pub struct LogSink(Arc<dyn Fn(&str) + Send + Sync>);

impl LogSink {
    /// A sink that calls `write` with each line (from the simulator's tasks, so it must be
    /// `Send + Sync`).
    pub fn new(write: impl Fn(&str) + Send + Sync + 'static) -> Self {
        LogSink(Arc::new(write))
    }

    /// Hands `text` to the sink through the redaction point.
    pub(crate) fn line(&self, text: &str) {
        (self.0)(&crate::redact::text(text));
    }
}

impl fmt::Debug for LogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogSink")
    }
}

/// What the server learns about a request while answering it, beyond the answer.
#[derive(Debug, Default)]
pub(crate) struct Inspection {
    pub verdict: SignatureVerdict,
    /// The text the signature should have covered (redacted), when it did not verify and the
    /// simulator was asked to show it.
    pub expected_text: Option<String>,
    pub handling: Handling,
}

/// At most `limit` characters of `text`, redacted.
fn cut(text: &str, limit: usize) -> String {
    let mut shown: String = text.chars().take(limit).collect();
    if text.chars().count() > limit {
        shown.push('…');
    }
    crate::redact::text(&shown).into_owned()
}

/// The one line that says what a request was and what it got.
pub(crate) fn request_line(entry: &ReceivedRequest) -> String {
    let mut line = format!("#{} {} ", entry.sequence(), entry.method());
    match entry.operation() {
        Some(endpoint) => line.push_str(endpoint.name()),
        None => line.push_str(&cut(entry.path(), 80)),
    }
    if let Some(id) = entry
        .body_json()
        .as_ref()
        .and_then(|b| b.get("vaultingRequestId"))
        .and_then(|v| v.as_str())
    {
        line.push_str(&format!(" id={}", cut(id, 64)));
    }
    line.push_str(" -> ");
    match entry.result_code() {
        Some(code) => {
            let status = result_codes::find(code).map_or("?", |c| c.status.as_str());
            line.push_str(&format!("{status}/{}", cut(code, 64)));
        }
        None => line.push_str(&format!("HTTP {}", entry.http_status())),
    }
    match entry.handling() {
        Handling::Served => {}
        Handling::Forced => line.push_str(" (forced)"),
        Handling::Throttled => line.push_str(" (throttled)"),
    }
    if entry.operation().is_some() {
        line.push_str(&format!(", signature {}", entry.signature()));
    }
    line
}

/// The signed text a request should have carried, for `--verbose`: `POST path`, a newline,
/// `clientId.requestTime.body`, written on one line with `\n`; secret fields of the body are
/// shown as `[redacted]`.
pub(crate) fn expected_text(
    path: &str,
    client_id: &str,
    request_time: &str,
    body: &[u8],
) -> String {
    let body = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => crate::redact::document(&value).to_string(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    format!(
        "POST {}\\n{}.{}.{}",
        cut(path, 200),
        cut(client_id, 64),
        cut(request_time, 40),
        cut(&body, 4096)
    )
}
