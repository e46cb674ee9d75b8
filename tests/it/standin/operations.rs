//! The business answers of the three operations, once the gateway let a request through:
//! vaultPaymentMethod (test cards, 3DS, the exemption card), inquireVaulting (SUCCESS, FAIL,
//! PROCESSING, an unknown id, the occasional `U`), createVaultingSession (a session whose
//! vaulting stays PROCESSING). Final results repeat byte for byte.

use super::cards::{self, Outcome};
use super::config::StandinConfig;
use super::ledger::{Ledger, Origin, State};
use super::validate::{Operation, wants_3ds};
use serde_json::{Value, json};

/// What an operation needs besides the request.
pub(crate) struct Context<'a> {
    pub config: &'a StandinConfig,
    /// `http://127.0.0.1:PORT`, for the 3DS page.
    pub base_url: &'a str,
    /// Makes card tokens and session data this stand-in's own.
    pub salt: &'a [u8],
}

pub(crate) fn result(status: &str, code: &str, message: &str) -> Value {
    json!({"resultCode": code, "resultStatus": status, "resultMessage": message})
}

fn success() -> Value {
    result("S", "SUCCESS", "success.")
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("JSON values serialise")
}

/// Answers a valid request of `operation`.
pub(crate) fn answer(
    operation: Operation,
    body: &Value,
    ledger: &mut Ledger,
    cx: &Context,
) -> Vec<u8> {
    let id = body["vaultingRequestId"].as_str().unwrap_or_default();
    match operation {
        Operation::VaultPaymentMethod => vault(id, body, ledger, cx),
        Operation::InquireVaulting => inquire(id, ledger, cx),
        Operation::CreateVaultingSession => session(id, ledger, cx),
    }
}

fn used_elsewhere(id: &str) -> Vec<u8> {
    bytes(&json!({
        "result": result("F", "PROCESS_FAIL", "The vaultingRequestId is used by another operation."),
        "vaultingRequestId": id,
    }))
}

fn vault(id: &str, body: &Value, ledger: &mut Ledger, cx: &Context) -> Vec<u8> {
    if let Some(existing) = ledger.get(id) {
        return match existing.origin {
            Origin::VaultPaymentMethod => existing.first_answer.clone(),
            Origin::CreateVaultingSession => used_elsewhere(id),
        };
    }
    let card = &body["paymentMethodDetail"]["card"];
    let number = card["cardNo"].as_str().unwrap_or_default();
    let metadata = body["metadata"].as_str().map(str::to_owned);
    let breaks = &cx.config.breaks;
    let detail = json!({
        "paymentMethodType": "CARD",
        "card": {
            "cardToken": cards::token(number, cx.salt),
            "brand": cards::brand(number, cx.config.variations.own_brand_table),
            "maskedCardNo": cards::masked(number, breaks.unmasked_card_no),
        }
    });
    let (answer, state) = match cards::outcome(number) {
        Outcome::Declined => (
            json!({
                "result": result("F", "VERIFICATION_FAIL", "The payment method verification failed."),
                "vaultingRequestId": id,
            }),
            State::Fail,
        ),
        Outcome::Success if wants_3ds(card.get("is3DSAuthentication")) => {
            let url = challenge_url(id, cx);
            (
                json!({
                    "result": result("U", "VERIFICATION_IN_PROCESS", "The verification is still under process."),
                    "vaultingRequestId": id,
                    "normalUrl": url,
                }),
                State::Processing {
                    normal_url: Some(url),
                },
            )
        }
        Outcome::Success | Outcome::Exempt => (
            json!({
                "result": success(),
                "vaultingRequestId": id,
                "paymentMethodDetail": detail.clone(),
            }),
            State::Success { detail },
        ),
    };
    let answer = bytes(&answer);
    ledger.begin(
        id,
        Origin::VaultPaymentMethod,
        state,
        answer.clone(),
        metadata,
    );
    answer
}

/// The 3DS page of a vaulting (served by the stand-in; nothing on it can be approved).
fn challenge_url(id: &str, cx: &Context) -> String {
    let token = cards::token(id, cx.salt);
    let token: String = token.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("{}/standin/3ds/{token}", cx.base_url)
}

fn inquire(id: &str, ledger: &mut Ledger, cx: &Context) -> Vec<u8> {
    let variations = &cx.config.variations;
    let breaks = &cx.config.breaks;
    let Some(vaulting) = ledger.get_mut(id) else {
        return bytes(&json!({
            "result": result("F", "VAULTING_NOT_EXIST", "The vaulting request ID does not exist."),
            "vaultingRequestId": id,
        }));
    };
    vaulting.inquiries += 1;
    if variations.unknown_on_first_inquiry && vaulting.index % 5 == 4 && vaulting.inquiries == 1 {
        return bytes(&json!({
            "result": result("U", "UNKNOWN_EXCEPTION", "An unknown exception occurred. Call again."),
            "vaultingRequestId": id,
        }));
    }
    let mut answer = json!({"result": success(), "vaultingRequestId": id});
    let (status, code, message) = match &vaulting.state {
        State::Success { detail } => {
            answer["paymentMethodDetail"] = detail.clone();
            ("SUCCESS", "SUCCESS", "success.")
        }
        State::Fail => ("FAIL", "PROCESS_FAIL", "The vaulting failed."),
        State::Processing { normal_url } => {
            if let Some(url) = normal_url {
                answer["normalUrl"] = if breaks.long_normal_url {
                    json!(format!("{url}?pad={}", "p".repeat(2048)))
                } else {
                    json!(url)
                };
            }
            if breaks.detail_under_processing {
                answer["paymentMethodDetail"] = json!({
                    "paymentMethodType": "CARD",
                    "card": {"cardToken": "ALIPAYpending", "brand": "VISA", "maskedCardNo": "************0000"}
                });
            }
            (
                "PROCESSING",
                "VERIFICATION_IN_PROCESS",
                "The verification is still under process.",
            )
        }
    };
    answer["vaultingStatus"] = json!(status);
    if variations.sdk_extra_fields {
        answer["vaultingResultCode"] = json!(code);
        answer["vaultingResultMessage"] = json!(message);
        if let Some(metadata) = &vaulting.metadata {
            answer["metadata"] = json!(metadata);
        }
    }
    bytes(&answer)
}

fn session(id: &str, ledger: &mut Ledger, cx: &Context) -> Vec<u8> {
    if let Some(existing) = ledger.get(id) {
        return match existing.origin {
            Origin::CreateVaultingSession => existing.first_answer.clone(),
            Origin::VaultPaymentMethod => used_elsewhere(id),
        };
    }
    let expiry = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(30);
    let expiry = expiry
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let data = cards::token(&format!("session:{id}"), cx.salt);
    let answer = bytes(&json!({
        "result": success(),
        "vaultingSessionData": data,
        "vaultingSessionId": format!("VS{:08}", ledger.len() + 1),
        "vaultingSessionExpiryTime": expiry,
    }));
    ledger.begin(
        id,
        Origin::CreateVaultingSession,
        State::Processing { normal_url: None },
        answer.clone(),
        None,
    );
    answer
}
