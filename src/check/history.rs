//! What the stateful and request-kind checks read: the steps of a case in order, each with the
//! intent it was sent with, and the notifications that arrived meanwhile.

use crate::exchange::Exchange;
use crate::protocol::keys::PublicKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

/// Why a request was sent, which decides the answer the contract demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Intent {
    /// A valid, signed request: it must be accepted (`positive_data_acceptance`).
    #[default]
    Valid,
    /// A request that breaks the contract: it must get `PARAM_ILLEGAL` (`negative_data_rejection`).
    Invalid,
    /// No signature: it must be refused (`ignored_auth`).
    Unsigned,
    /// Signed with a key that is not the client's: it must be refused (`ignored_auth`).
    WrongSignature,
    /// A client id nobody registered: it must be refused (`ignored_auth`).
    UnknownClient,
    /// A `Request-Time` far in the past: refusal expected, acceptance only a notice.
    Stale,
    /// Not POST: `METHOD_NOT_SUPPORTED` or HTTP 405 (`unsupported_method`).
    UnsupportedMethod,
    /// An id never used: `VAULTING_NOT_EXIST` (`unknown_id_not_found`).
    UnknownId,
}

impl Intent {
    /// Whether the request is meant to follow the contract (so `request_schema_conformance`
    /// judges it).
    pub fn request_is_valid(self) -> bool {
        !matches!(self, Intent::Invalid | Intent::UnsupportedMethod)
    }
}

/// One step of a case.
#[derive(Debug, Clone)]
pub struct Step {
    /// What crossed the wire.
    pub exchange: Exchange,
    /// Why the request was sent, which decides the answer it demands.
    pub intent: Intent,
}

/// A case's exchanges in order, and the notifications it received.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The case's steps, in the order they were sent.
    pub steps: Vec<Step>,
    /// notifyVaulting exchanges: the notification as the request, our acknowledgement as the
    /// response, `path` the listener's path.
    pub notifications: Vec<Exchange>,
    /// The notifications the case awaited and did not get.
    pub missed_notifications: Vec<MissedNotification>,
    /// Antom's public key, when notification signatures are to be verified.
    pub antom_key: Option<PublicKey>,
}

/// A notification the case awaited in vain: `notification_conformance` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedNotification {
    /// The `vaultingRequestId` the notification was to be about.
    pub vaulting_request_id: String,
    /// How long the runner waited for it.
    pub waited: Duration,
}

/// A body as JSON, when it is.
pub fn json(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice(bytes).ok()
}

/// The `vaultingRequestId` a request carried.
pub fn request_id(exchange: &Exchange) -> Option<String> {
    json(&exchange.request.body)?["vaultingRequestId"]
        .as_str()
        .map(str::to_owned)
}
