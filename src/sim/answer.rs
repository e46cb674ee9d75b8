//! What the simulator answers: a status, a JSON body, and whether Antom would sign it.

use serde_json::{Value, json};

/// One answer before faults, serialization and signing.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    /// Antom signs every answer except refusals of requests it could not authenticate.
    pub signed: bool,
}

impl Answer {
    pub fn signed(body: Value) -> Self {
        Answer {
            status: 200,
            body,
            signed: true,
        }
    }

    /// A gateway refusal: only `result`, unsigned when the request was not authenticated.
    pub fn refusal(code: &str, message: &str, signed: bool) -> Self {
        Answer {
            status: 200,
            body: json!({"result": result(code, "F", message)}),
            signed,
        }
    }
}

/// A `result` object; the status comes from the contract's code tables.
pub fn result(code: &str, status: &str, message: &str) -> Value {
    json!({"resultCode": code, "resultStatus": status, "resultMessage": message})
}
