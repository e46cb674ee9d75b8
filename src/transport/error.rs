//! Why a request could not be exchanged: the harness could not run, the API broke nothing.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A transport failure, with the address at fault and what to do.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TargetError {
    InvalidUrl {
        url: String,
        reason: String,
    },
    Refused {
        url: String,
    },
    Timeout {
        url: String,
        after: Duration,
    },
    /// The exchange broke off; `detail` is the chain of causes as text, `cause` the error itself
    /// (when there is one), for [`std::error::Error::source`].
    Connection {
        url: String,
        detail: String,
        cause: Option<Arc<dyn std::error::Error + Send + Sync>>,
    },
    TooLarge {
        url: String,
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
