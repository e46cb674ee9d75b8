//! Why a request could not be exchanged: the harness could not run, the API broke nothing.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A transport failure, with the address at fault and what to do.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TargetError {
    /// A base URL, proxy URL or HTTP method that cannot be used; nothing was sent.
    InvalidUrl {
        /// The URL as given (credentials redacted for a proxy).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing listens at the address: the connection was refused.
    Refused {
        /// The URL that was called.
        url: String,
    },
    /// The exchange (connecting, or the whole exchange) took longer than allowed.
    Timeout {
        /// The URL that was called.
        url: String,
        /// The whole-exchange timeout in force ([`Limits::timeout`](super::Limits::timeout)).
        after: Duration,
    },
    /// The exchange broke off (TLS, reset, malformed HTTP, ...).
    Connection {
        /// The URL that was called.
        url: String,
        /// The chain of causes as text.
        detail: String,
        /// The error itself, when there is one, for [`std::error::Error::source`].
        cause: Option<Arc<dyn std::error::Error + Send + Sync>>,
    },
    /// The response body exceeded the cap; the server is misbehaving.
    TooLarge {
        /// The URL that was called.
        url: String,
        /// The cap in bytes ([`Limits::max_body`](super::Limits::max_body)).
        limit: usize,
    },
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::InvalidUrl { url, reason } => {
                write!(f, "`{url}` is not a usable URL: {reason}")
            }
            TargetError::Refused { url } => write!(
                f,
                "{url} refused the connection: is the server running there? (`vaultcheck mock` serves one; `--target mock` embeds it)"
            ),
            TargetError::Timeout { url, after } => write!(
                f,
                "{url} did not answer within {} ms; raise the timeout or check the server",
                after.as_millis()
            ),
            TargetError::Connection { url, detail, .. } => {
                write!(f, "the exchange with {url} broke off: {detail}")
            }
            TargetError::TooLarge { url, limit } => write!(
                f,
                "{url} sent a body larger than {limit} bytes; Vault answers are a few KiB, so the server is misbehaving"
            ),
        }
    }
}

impl std::error::Error for TargetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TargetError::Connection {
                cause: Some(cause), ..
            } => Some(&**cause as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}
