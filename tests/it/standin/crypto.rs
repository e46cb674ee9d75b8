//! The stand-in's own AMS signing, written from Antom's digital-signature page with the `rsa`
//! and `sha2` crates alone (never vaultcheck's `protocol`), so a bug shared with vaultcheck's
//! signing would show: the signed text, RSA256 (PKCS#1 v1.5, SHA-256), URL-encoded standard
//! base64, and the `Signature` header.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer, Verifier};

/// `POST <path>\n<client-id>.<time>.<body>`.
pub(crate) fn signed_text(path: &str, client_id: &str, time: &str, body: &[u8]) -> Vec<u8> {
    let mut text = format!("POST {path}\n{client_id}.{time}.").into_bytes();
    text.extend_from_slice(body);
    text
}

/// A private key that signs (PKCS#8 PEM).
pub(crate) struct SignKey {
    key: SigningKey<Sha256>,
    public_pem: String,
}

/// A public key that verifies (SPKI PEM).
pub(crate) struct CheckKey(VerifyingKey<Sha256>);

impl SignKey {
    pub(crate) fn from_pem(pem: &str) -> Result<Self, String> {
        let key = rsa::PrivateKey::from_pkcs8_pem(pem)
            .map_err(|e| format!("not a PKCS#8 RSA private key: {e}"))?;
        let public_pem = key
            .to_public_key()
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .map_err(|e| format!("cannot encode the public key: {e}"))?;
        Ok(SignKey {
            key: SigningKey::new(key),
            public_pem,
        })
    }

    /// The matching public key as SPKI PEM.
    pub(crate) fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The signature as the header carries it: URL-encoded standard base64.
    pub(crate) fn sign(&self, text: &[u8]) -> String {
        let raw = self.key.sign(text).to_bytes();
        url_encode(&STANDARD.encode(raw))
    }
}

impl CheckKey {
    pub(crate) fn from_pem(pem: &str) -> Result<Self, String> {
        rsa::PublicKey::from_public_key_pem(pem)
            .map(|key| CheckKey(VerifyingKey::new(key)))
            .map_err(|e| format!("not an SPKI RSA public key: {e}"))
    }

    /// Whether `signature` (as found in the header: URL-encoded or not, either hex case) signs
    /// `text`.
    pub(crate) fn verifies(&self, text: &[u8], signature: &str) -> bool {
        let Some(b64) = url_decode(signature) else {
            return false;
        };
        let Ok(raw) = STANDARD.decode(b64.trim()) else {
            return false;
        };
        let Ok(signature) = Signature::try_from(raw.as_slice()) else {
            return false;
        };
        self.0.verify(text, &signature).is_ok()
    }
}

/// Form-style percent-encoding, as Java's `URLEncoder`: letters, digits and `-_.*` stay.
pub(crate) fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Undoes [`url_encode`] (either hex case); `None` on a broken escape or non-UTF-8.
pub(crate) fn url_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `algorithm=RSA256,keyVersion=1,signature=<sig>`, with a space after each comma if `spaced`.
pub(crate) fn signature_header(signature: &str, spaced: bool) -> String {
    let sep = if spaced { ", " } else { "," };
    format!("algorithm=RSA256{sep}keyVersion=1{sep}signature={signature}")
}

/// The `signature` value of a `Signature` header whose `algorithm` is RSA256 (any case),
/// with or without spaces after the commas.
pub(crate) fn signature_of_header(header: &str) -> Option<&str> {
    let mut algorithm = None;
    let mut signature = None;
    for part in header.split(',') {
        let (key, value) = part.trim().split_once('=')?;
        match key.trim() {
            "algorithm" => algorithm = Some(value.trim()),
            "signature" => signature = Some(value.trim()),
            _ => {}
        }
    }
    match algorithm {
        Some(a) if a.eq_ignore_ascii_case("RSA256") => signature.filter(|s| !s.is_empty()),
        _ => None,
    }
}
