//! What the simulator answers: a status, a JSON body, and whether Antom would sign it.

use crate::contract::result_codes;
use serde_json::{Value, json};

/// One answer before faults, serialization and signing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Value,
    /// Antom signs every answer except refusals of requests it could not authenticate.
    pub signed: bool,
}

impl Answer {
    pub(super) fn signed(body: Value) -> Self {
        Answer {
            status: 200,
            body,
            signed: true,
        }
    }

    /// A gateway refusal: only `result`, unsigned when the request was not authenticated.
    /// The status comes from the contract's tables; `message` says what was wrong.
    pub(super) fn refusal(code: &str, message: &str, signed: bool) -> Self {
        Answer {
            status: 200,
            body: json!({"result": result_with(code, message)}),
            signed,
        }
    }
}

/// A `result` object with the status and message the contract's tables give the code.
pub(super) fn result(code: &str) -> Value {
    result_codes::result_object(code, None)
}

/// A `result` object with the code's status from the contract's tables and its own message.
pub(super) fn result_with(code: &str, message: &str) -> Value {
    result_codes::result_object(code, Some(message))
}
