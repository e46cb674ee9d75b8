//! The AMS protocol's header names and the key version, written once. The `HeaderName`s are
//! the wire form (lowercase: the official Python SDK compares response header names
//! case-sensitively); the `title` forms are how requests, findings and messages write them.
//! Readers compare names case-insensitively, as HTTP says.

use http::HeaderName;

/// `Client-Id`: the merchant's client id.
pub const CLIENT_ID: HeaderName = HeaderName::from_static("client-id");
/// `Request-Time`: when a request (or notification) was signed.
pub const REQUEST_TIME: HeaderName = HeaderName::from_static("request-time");
/// `Response-Time`: when a response was signed.
pub const RESPONSE_TIME: HeaderName = HeaderName::from_static("response-time");
/// `Signature`: `algorithm=RSA256,keyVersion=1,signature=...`.
pub const SIGNATURE: HeaderName = HeaderName::from_static("signature");
/// `Content-Type`.
pub const CONTENT_TYPE: HeaderName = http::header::CONTENT_TYPE;

/// vaultcheck's own control header: a vaultcheck simulator answers the result code it names
/// (Antom's Error scenario simulation, one call at a time); any other server ignores it. An
/// answer to a request that carries it was asked for, so no check holds it against the API.
pub const FORCE_RESULT: &str = "x-vaultcheck-result";

/// The header names as requests, findings and messages write them.
pub mod title {
    /// [`CLIENT_ID`](super::CLIENT_ID) in title case.
    pub const CLIENT_ID: &str = "Client-Id";
    /// [`REQUEST_TIME`](super::REQUEST_TIME) in title case.
    pub const REQUEST_TIME: &str = "Request-Time";
    /// [`RESPONSE_TIME`](super::RESPONSE_TIME) in title case.
    pub const RESPONSE_TIME: &str = "Response-Time";
    /// [`SIGNATURE`](super::SIGNATURE) in title case.
    pub const SIGNATURE: &str = "Signature";
    /// [`CONTENT_TYPE`](super::CONTENT_TYPE) in title case.
    pub const CONTENT_TYPE: &str = "Content-Type";
}

/// The `keyVersion` of the `Signature` header this harness and the simulator sign with.
pub const KEY_VERSION: &str = "1";

/// The media type of every Vault message, without parameters.
pub const JSON_MEDIA_TYPE: &str = "application/json";

/// A finding's pointer at a header (`header:Signature`).
pub fn pointer(title: &str) -> String {
    format!("header:{title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_wire_names_in_title_case() {
        for (wire, shown) in [
            (CLIENT_ID, title::CLIENT_ID),
            (REQUEST_TIME, title::REQUEST_TIME),
            (RESPONSE_TIME, title::RESPONSE_TIME),
            (SIGNATURE, title::SIGNATURE),
            (CONTENT_TYPE, title::CONTENT_TYPE),
        ] {
            assert_eq!(wire.as_str(), shown.to_ascii_lowercase());
        }
        assert!(super::super::CONTENT_TYPE.starts_with(JSON_MEDIA_TYPE));
    }
}
