//! The signed text and RSA256 (SHA256withRSA, PKCS#1 v1.5) signatures over it.

use super::keys::{PrivateKey, PublicKey};
use super::percent;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// `POST <path>\n<client-id>.<time>.<body>`: the text every AMS signature covers. `time` is
/// `Request-Time` for requests and notifications, `Response-Time` for responses; `path` is the
/// request path (for notifications, the merchant's notification path).
pub fn sign_content(path: &str, client_id: &str, time: &str, body: &[u8]) -> Vec<u8> {
    let mut content =
        Vec::with_capacity(path.len() + client_id.len() + time.len() + body.len() + 8);
    content.extend_from_slice(b"POST ");
    content.extend_from_slice(path.as_bytes());
    content.push(b'\n');
    content.extend_from_slice(client_id.as_bytes());
    content.push(b'.');
    content.extend_from_slice(time.as_bytes());
    content.push(b'.');
    content.extend_from_slice(body);
    content
}

/// Time spent signing in this process, for benches (signing bounds every exchange).
static SIGNING_NANOS: AtomicU64 = AtomicU64::new(0);
static SIGNATURES: AtomicU64 = AtomicU64::new(0);

/// `(signatures made, total time spent making them)` in this process so far.
pub(crate) fn signing_spent() -> (u64, Duration) {
    (
        SIGNATURES.load(Ordering::Relaxed),
        Duration::from_nanos(SIGNING_NANOS.load(Ordering::Relaxed)),
    )
}

/// Signs the content; returns the URL-encoded standard base64 signature, as the header
/// carries it.
pub fn sign(key: &PrivateKey, content: &[u8]) -> String {
    let started = Instant::now();
    let raw = key.sign_raw(content);
    SIGNING_NANOS.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    SIGNATURES.fetch_add(1, Ordering::Relaxed);
    percent::encode(&STANDARD.encode(raw))
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature is not URL-encoded standard base64.
    NotBase64,
    /// The signature is well-formed but does not match the content and key.
    Mismatch,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            VerifyError::NotBase64 => "the signature is not URL-encoded standard base64",
            VerifyError::Mismatch => {
                "the signature does not match the signed text and the public key"
            }
        })
    }
}

/// Verifies a signature as found in the header (URL-encoded or not, either hex case).
pub fn verify(key: &PublicKey, content: &[u8], signature: &str) -> Result<(), VerifyError> {
    let decoded = percent::decode(signature).ok_or(VerifyError::NotBase64)?;
    let raw = STANDARD
        .decode(decoded.trim())
        .map_err(|_| VerifyError::NotBase64)?;
    if key.verify_raw(content, &raw) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}
