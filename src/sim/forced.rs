//! Forced results, as the Dashboard's Error scenario simulation of Antom's sandbox: one call
//! (header [`RESULT_HEADER`]) or every call of an operation ([`super::SimulatorBuilder::force`],
//! `vaultcheck mock --force OPERATION=CODE`) answers a chosen code of that operation's
//! result-code table or of the gateway table. The answer is a conforming one: the code's
//! documented status and message, the request's `vaultingRequestId` echoed where the operation's
//! answer has that field, signed like every answer to an authenticated request. A forced answer
//! touches no state. An `S` code (`SUCCESS`) is the normal answer: the call is served as usual.
//!
//! The gateway runs first: a request it refuses (signature, validation) gets that refusal
//! whatever is forced.

use super::answer::Answer;
use crate::contract::result_codes::{self, ResultCode};
use crate::contract::{Endpoint, ResultStatus, Side};
use serde_json::{Value, json};
use std::fmt;

/// Request header that forces the result of that one call: `x-vaultcheck-result: CODE`.
pub const RESULT_HEADER: &str = crate::protocol::headers::FORCE_RESULT;

/// The operations a result can be forced on: those the simulator serves.
pub(crate) fn operations() -> impl Iterator<Item = Endpoint> {
    Endpoint::ALL
        .into_iter()
        .filter(|e| e.path().is_some() && *e != Endpoint::NotifyVaulting)
}

/// The codes that can be forced on an operation: its own table, then the gateway's codes that
/// are not in it.
pub fn codes(endpoint: Endpoint) -> Vec<&'static ResultCode> {
    let own = endpoint.result_codes();
    own.iter()
        .chain(
            result_codes::GATEWAY
                .iter()
                .filter(|g| !own.iter().any(|o| o.code == g.code)),
        )
        .collect()
}

fn names(codes: &[&ResultCode]) -> String {
    codes.iter().map(|c| c.code).collect::<Vec<_>>().join(", ")
}

/// At most 64 characters of what a user wrote, for a message about it.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    crate::redact::text(&cut).into_owned()
}

/// Why a forced result could not be set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ForceError {
    /// Not `OPERATION=CODE`.
    NotAPair(String),
    /// An operation the simulator does not serve.
    UnknownOperation(String),
    /// A code in neither the operation's table nor the gateway's.
    UnknownCode {
        /// The operation asked for.
        endpoint: Endpoint,
        /// The code given.
        code: String,
    },
}

impl fmt::Display for ForceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForceError::NotAPair(text) => write!(
                f,
                "`{}` is not OPERATION=CODE; write for example inquireVaulting=UNKNOWN_EXCEPTION",
                shown(text)
            ),
            ForceError::UnknownOperation(text) => {
                let valid: Vec<&str> = operations().map(Endpoint::name).collect();
                write!(
                    f,
                    "`{}` is not an operation the simulator serves; use one of: {}",
                    shown(text),
                    valid.join(", ")
                )
            }
            ForceError::UnknownCode { endpoint, code } => write!(
                f,
                "`{}` is not a result code of {} or of the gateway; use one of: {}",
                shown(code),
                endpoint.name(),
                names(&codes(*endpoint))
            ),
        }
    }
}

impl std::error::Error for ForceError {}

/// One operation answering one chosen code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForcedResult {
    endpoint: Endpoint,
    code: &'static ResultCode,
}

impl ForcedResult {
    /// `code` (exact spelling) for `endpoint`, when the operation may answer it.
    pub fn new(endpoint: Endpoint, code: &str) -> Result<Self, ForceError> {
        if !operations().any(|e| e == endpoint) {
            return Err(ForceError::UnknownOperation(endpoint.name().to_owned()));
        }
        let code = code.trim();
        codes(endpoint)
            .into_iter()
            .find(|c| c.code == code)
            .map(|code| ForcedResult { endpoint, code })
            .ok_or_else(|| ForceError::UnknownCode {
                endpoint,
                code: code.to_owned(),
            })
    }

    /// Reads `OPERATION=CODE` (`inquireVaulting=UNKNOWN_EXCEPTION`); the operation by its name
    /// in any case, or its path.
    pub fn parse(spec: &str) -> Result<Self, ForceError> {
        let (operation, code) = spec
            .split_once('=')
            .ok_or_else(|| ForceError::NotAPair(spec.to_owned()))?;
        let endpoint = Endpoint::parse(operation)
            .filter(|e| operations().any(|o| o == *e))
            .ok_or_else(|| ForceError::UnknownOperation(operation.trim().to_owned()))?;
        ForcedResult::new(endpoint, code)
    }

    /// The operation whose calls answer the code.
    pub fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    /// The code, its status and its message.
    pub fn code(&self) -> &'static ResultCode {
        self.code
    }

    /// The forced answer to `request`; `None` for an `S` code (the call is served as usual).
    pub(crate) fn answer(&self, request: &Value) -> Option<Answer> {
        answer(self.endpoint, self.code, request)
    }
}

impl fmt::Display for ForcedResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.endpoint.name(), self.code.code)
    }
}

/// The conforming answer of `code` to `request`; `None` when the code is `S`.
pub(crate) fn answer(endpoint: Endpoint, code: &ResultCode, request: &Value) -> Option<Answer> {
    if code.status == ResultStatus::S {
        return None;
    }
    let mut body = json!({"result": result_codes::result_object(code.code, None)});
    echo_request_id(endpoint, request, &mut body);
    Some(Answer::signed(body))
}

/// Echoes the request's usable `vaultingRequestId` where the operation's answer has that field.
fn echo_request_id(endpoint: Endpoint, request: &Value, body: &mut Value) {
    if let Some(id) = crate::contract::usable_request_id(request)
        && endpoint
            .shape(Side::Response)
            .field("vaultingRequestId")
            .is_some()
    {
        body["vaultingRequestId"] = Value::String(id.to_owned());
    }
}

/// What the per-request header asks for.
pub(crate) enum HeaderAsks {
    /// No header: nothing forced by it.
    Nothing,
    Force(ForcedResult),
    /// A code the operation cannot answer: the refusal that says so.
    Refuse(Answer),
}

/// Reads [`RESULT_HEADER`] of a request to `endpoint`.
pub(crate) fn from_header(endpoint: Endpoint, value: Option<&str>, request: &Value) -> HeaderAsks {
    let Some(value) = value else {
        return HeaderAsks::Nothing;
    };
    match ForcedResult::new(endpoint, value) {
        Ok(forced) => HeaderAsks::Force(forced),
        Err(_) => {
            let own: Vec<&ResultCode> = endpoint.result_codes().iter().collect();
            let mut message = format!(
                "Illegal parameter: header {RESULT_HEADER} `{}` is not a code of {}; use {} or a gateway code (GET /sim/codes lists them).",
                value.chars().take(40).collect::<String>(),
                endpoint.name(),
                names(&own)
            );
            let limit = crate::contract::shapes::RESULT_MESSAGE_MAX as usize;
            if message.chars().count() > limit {
                message = message.chars().take(limit).collect();
            }
            let mut body =
                json!({"result": result_codes::result_object("PARAM_ILLEGAL", Some(&message))});
            echo_request_id(endpoint, request, &mut body);
            HeaderAsks::Refuse(Answer::signed(body))
        }
    }
}

/// Every forceable code of every operation, for `GET /sim/codes`.
pub(crate) fn catalogue() -> Value {
    let mut all = serde_json::Map::new();
    for endpoint in operations() {
        let list: Vec<Value> = codes(endpoint)
            .into_iter()
            .map(|c| json!({"code": c.code, "status": c.status.as_str(), "message": c.message}))
            .collect();
        all.insert(endpoint.name().to_owned(), Value::Array(list));
    }
    Value::Object(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operation_and_code() {
        let forced = ForcedResult::parse("inquireVaulting=UNKNOWN_EXCEPTION").unwrap();
        assert_eq!(forced.endpoint(), Endpoint::InquireVaulting);
        assert_eq!(forced.code().status, ResultStatus::U);
        assert_eq!(forced.to_string(), "inquireVaulting=UNKNOWN_EXCEPTION");
        let gateway = ForcedResult::parse("vaultPaymentMethod=REQUEST_TRAFFIC_EXCEED_LIMIT");
        assert!(gateway.is_ok());
    }

    #[test]
    fn refuses_what_no_table_holds_naming_the_valid_choices() {
        let error = ForcedResult::parse("inquireVaulting=VERIFICATION_FAIL").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("VERIFICATION_FAIL") && text.contains("VAULTING_NOT_EXIST"));
        assert!(text.contains("REQUEST_TRAFFIC_EXCEED_LIMIT"), "{text}");
        let error = ForcedResult::parse("notifyVaulting=SUCCESS").unwrap_err();
        assert!(error.to_string().contains("inquireVaulting"), "{error}");
        assert!(matches!(
            ForcedResult::parse("UNKNOWN_EXCEPTION"),
            Err(ForceError::NotAPair(_))
        ));
    }

    #[test]
    fn an_s_code_is_served_as_usual_and_others_echo_the_id() {
        let request = json!({"vaultingRequestId": "abc"});
        assert!(answer(Endpoint::InquireVaulting, &INQ_SUCCESS, &request).is_none());
        let forced = ForcedResult::parse("inquireVaulting=UNKNOWN_EXCEPTION").unwrap();
        let answer = forced.answer(&request).unwrap();
        assert_eq!(answer.body["vaultingRequestId"], "abc");
        assert_eq!(answer.body["result"]["resultStatus"], "U");
        assert!(answer.signed);
    }

    const INQ_SUCCESS: ResultCode = result_codes::INQUIRE_VAULTING[0];

    #[test]
    fn a_bad_header_code_is_refused_within_the_message_limit() {
        let asks = from_header(
            Endpoint::VaultPaymentMethod,
            Some(&"X".repeat(500)),
            &json!({"vaultingRequestId": "a"}),
        );
        let HeaderAsks::Refuse(answer) = asks else {
            panic!("not refused")
        };
        let message = answer.body["result"]["resultMessage"].as_str().unwrap();
        assert!(message.contains(RESULT_HEADER), "{message}");
        assert!(message.chars().count() <= 256);
        assert_eq!(answer.body["result"]["resultCode"], "PARAM_ILLEGAL");
    }
}
