//! The transport: sends a request to a target and returns the exchange as it crossed the wire;
//! it never judges. One transport, HTTP: the embedded simulator listens on 127.0.0.1, the
//! sandbox is reached over HTTPS.

mod error;
mod http;

pub use error::TargetError;
pub use http::{HttpTarget, Limits, Proxy, client_builder};

/// A request ready to send: the path is the one that was signed. Its `Debug` goes through the
/// redaction point.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
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
