//! Building a signed AMS request: the headers that go with a body to a path.

use super::headers::{KEY_VERSION, title};
use super::keys::PrivateKey;
use super::{CONTENT_TYPE, SignatureHeader, sign, sign_content};

/// Who signs requests: the client id, the merchant's key and its version.
#[derive(Clone, Debug)]
pub struct Signer {
    /// Sent as `Client-Id` and part of the signed content.
    pub client_id: String,
    /// The merchant's private key.
    pub key: PrivateKey,
    /// The `keyVersion` written into the `Signature` header.
    pub key_version: String,
}

impl Signer {
    /// A signer for `client_id` with `key`, at [`KEY_VERSION`].
    pub fn new(client_id: impl Into<String>, key: PrivateKey) -> Self {
        Signer {
            client_id: client_id.into(),
            key,
            key_version: KEY_VERSION.into(),
        }
    }

    /// The headers of a signed POST of `body` to `path` at `request_time`.
    pub fn headers(&self, path: &str, request_time: &str, body: &[u8]) -> Vec<(String, String)> {
        let content = sign_content(path, &self.client_id, request_time, body);
        let signature = SignatureHeader::new(&self.key_version, sign(&self.key, &content));
        vec![
            (title::CONTENT_TYPE.into(), CONTENT_TYPE.into()),
            (title::CLIENT_ID.into(), self.client_id.clone()),
            (title::REQUEST_TIME.into(), request_time.into()),
            (title::SIGNATURE.into(), signature.to_string()),
        ]
    }
}
