//! What the gateway made of a request's authentication: the signature verdict the journal
//! keeps, the request log prints and `GET /sim/requests` shows.

use std::fmt;

/// How the gateway judged a request's `Request-Time` and `Signature`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SignatureVerdict {
    /// The signature verifies with the merchant's key.
    Verified,
    /// No `Signature` header.
    Missing,
    /// A `Signature` header that cannot be read (or, with `--strict`, is not URL-encoded).
    Unreadable,
    /// A readable signature over another text than the one expected.
    DoesNotVerify,
    /// `Request-Time` missing, unreadable, or outside the accepted window: the signature was
    /// not checked.
    BadRequestTime,
    /// Refused before authentication (path, method, media type, client), or not a Vault
    /// operation at all.
    #[default]
    NotChecked,
}

impl SignatureVerdict {
    /// A short word for logs and JSON (`verified`, `missing`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVerdict::Verified => "verified",
            SignatureVerdict::Missing => "missing",
            SignatureVerdict::Unreadable => "unreadable",
            SignatureVerdict::DoesNotVerify => "does-not-verify",
            SignatureVerdict::BadRequestTime => "bad-request-time",
            SignatureVerdict::NotChecked => "not-checked",
        }
    }
}

impl fmt::Display for SignatureVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
