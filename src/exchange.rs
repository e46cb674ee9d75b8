//! An exchange: one request and its response as they crossed the wire (raw bytes, headers,
//! status, timing). Targets produce exchanges; checks judge them.

use crate::contract::Endpoint;
use std::time::Duration;

pub(crate) mod record;

/// Header lines in the order they came, names as written.
pub type Headers = Vec<(String, String)>;

/// One HTTP message as sent or received. Its `Debug` goes through the redaction point.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// Header lines in the order they came; `None` when they were not recorded.
    pub headers: Option<Headers>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::redact::message(self.headers.as_deref(), &self.body))
    }
}

impl Message {
    /// A message of which only the body is known.
    pub fn body_only(body: impl Into<Vec<u8>>) -> Self {
        Message {
            headers: None,
            body: body.into(),
        }
    }

    /// The first header of that name, compared case-insensitively as HTTP says.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .as_ref()?
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request and the response it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The operation (notifyVaulting for a notification the harness received).
    pub endpoint: Endpoint,
    /// The request path as sent and signed (`/ams/sandbox/api/v1/vaults/inquireVaulting`).
    pub path: String,
    /// The HTTP method as sent (or received, for a notification).
    pub method: String,
    /// The request as sent (for notifyVaulting, Antom's notification).
    pub request: Message,
    /// The HTTP status, when known.
    pub status: Option<u16>,
    /// The response as received (for notifyVaulting, the merchant's acknowledgement).
    pub response: Message,
    /// From sending the request to the last body byte; `None` when not measured (recorded
    /// traffic, notifications).
    pub elapsed: Option<Duration>,
}

impl Exchange {
    /// A POST exchange of which only the bodies are known (recorded traffic).
    pub fn from_bodies(endpoint: Endpoint, request: &[u8], response: &[u8]) -> Self {
        Exchange {
            endpoint,
            path: endpoint.path().unwrap_or("/").to_owned(),
            method: "POST".into(),
            request: Message::body_only(request),
            status: None,
            response: Message::body_only(response),
            elapsed: None,
        }
    }
}

impl Exchange {
    /// Whether the answer's `result.resultStatus` is `U` (call again with the same id).
    pub fn answered_unknown(&self) -> bool {
        serde_json::from_slice::<serde_json::Value>(&self.response.body)
            .is_ok_and(|v| v["result"]["resultStatus"] == "U")
    }
}

/// Parses header lines (`Name: value`, one per line; a leading status line is skipped).
pub fn parse_header_lines(text: &str) -> Result<Headers, String> {
    let mut headers = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || (index == 0 && line.starts_with("HTTP/")) {
            continue;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| {
            format!(
                "line {}: expected `Name: value`, found `{}`",
                index + 1,
                crate::redact::text(line)
            )
        })?;
        if name.trim().is_empty() || name.contains(char::is_whitespace) {
            return Err(format!(
                "line {}: `{}` is not a header name",
                index + 1,
                name.trim()
            ));
        }
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(headers)
}
