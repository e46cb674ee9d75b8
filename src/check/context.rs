//! What every check reads: the exchange, both bodies parsed once, and the keys to verify with.

use crate::contract::{Endpoint, Side};
use crate::exchange::{Exchange, Message};
use crate::json::{self, BodyProblem, ParsedBody};
use crate::protocol::keys::PublicKey;
use serde_json::Value;

/// An exchange prepared for judging.
pub struct Context<'a> {
    /// The exchange being judged, raw bytes and headers as they crossed the wire.
    pub exchange: &'a Exchange,
    /// The request body parsed once, or why it could not be read as JSON.
    pub request: Result<ParsedBody, BodyProblem>,
    /// The response body parsed once, or why it could not be read as JSON.
    pub response: Result<ParsedBody, BodyProblem>,
    /// Antom's public key, when signatures are to be verified.
    pub antom_key: Option<&'a PublicKey>,
}

impl<'a> Context<'a> {
    /// Prepares `exchange` for judging: parses both bodies; `antom_key` verifies signatures
    /// when given.
    pub fn new(exchange: &'a Exchange, antom_key: Option<&'a PublicKey>) -> Self {
        Context {
            exchange,
            request: json::parse(&exchange.request.body),
            response: json::parse(&exchange.response.body),
            antom_key,
        }
    }

    /// The operation the exchange belongs to.
    pub fn endpoint(&self) -> Endpoint {
        self.exchange.endpoint
    }

    /// The parsed body of one side.
    pub fn parsed(&self, side: Side) -> &Result<ParsedBody, BodyProblem> {
        match side {
            Side::Request => &self.request,
            Side::Response => &self.response,
        }
    }

    /// The raw message of one side.
    pub fn message(&self, side: Side) -> &Message {
        match side {
            Side::Request => &self.exchange.request,
            Side::Response => &self.exchange.response,
        }
    }

    /// The message Antom wrote (the response; for notifyVaulting the notification), when it is
    /// a JSON object.
    pub fn antom_object(&self) -> Option<&Value> {
        self.object(self.endpoint().antom_side())
    }

    /// A side's body when it parsed to a JSON object.
    pub fn object(&self, side: Side) -> Option<&Value> {
        self.parsed(side)
            .as_ref()
            .ok()
            .map(|p| &p.value)
            .filter(|v| v.is_object())
    }
}
