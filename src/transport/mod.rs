//! The transport: sends a request to a target and returns the exchange as it crossed the wire;
//! it never judges. One transport, HTTP: the embedded simulator listens on 127.0.0.1, the
//! sandbox is reached over HTTPS.

mod error;
mod http;

pub use error::TargetError;
pub(crate) use http::bounded_client;
pub use http::{HttpTarget, Limits, Proxy, client_builder};

/// A request ready to send: the path is the one that was signed. Its `Debug` goes through the
/// redaction point.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    /// The HTTP method (`POST`; another only in cases that test refusal).
    pub method: String,
    /// The path appended to the target's base URL, exactly as signed.
    pub path: String,
    /// Header lines, sent in this order with these names.
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte as signed.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.method,
            self.path,
            crate::redact::message(Some(&self.headers), &self.body)
        )
    }
}
