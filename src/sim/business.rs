//! The three Vault operations, served from the store: each answer is derived from the record,
//! so a final result repeats exactly (idempotency) and cards follow what was vaulted.

use super::Shared;
use super::answer::{Answer, result, result_with};
use super::faults::{Fault, FaultSet};
use super::store::{CardNumber, Key, Record, Session, Start, Status};
use crate::contract::Endpoint;
use crate::contract::cards;
use crate::contract::test_cards::{self, VaultOutcome};
use crate::protocol::time;
use base64::Engine;
use rsa::sha2::{Digest, Sha256};
use serde_json::{Value, json};

/// What a vaultPaymentMethod call did: the answer, and the record when it reached a final
/// status now (so a notification is due).
pub(super) struct Outcome {
    pub answer: Answer,
    pub finished: Option<(Key, Record)>,
}

/// A deterministic value for a vaulting (same seed, client and id: same value).
fn derive(shared: &Shared, purpose: &str, key: &Key) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(shared.config.seed.to_le_bytes());
    for part in [purpose, &key.0, &key.1] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

fn card_token(shared: &Shared, key: &Key) -> String {
    let bytes = derive(shared, "card-token", key);
    format!(
        "ALIPAY{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn challenge_token(shared: &Shared, key: &Key) -> String {
    derive(shared, "3ds", key)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the accept-invalid fault answers to a request that breaks the contract: a plausible
/// success that touches no state (so only `negative_data_rejection` has something to say).
pub(super) fn served_invalid(shared: &Shared, endpoint: Endpoint, body: &Value) -> Answer {
    let Some(id) = usable_id(body) else {
        return Answer::signed(json!({"result": result("PROCESS_FAIL")}));
    };
    let key: Key = (String::new(), id.clone());
    match endpoint {
        Endpoint::VaultPaymentMethod => {
            let card_no = body["paymentMethodDetail"]["card"]["cardNo"]
                .as_str()
                .filter(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or(test_cards::TEST_CARDS[0].number);
            Answer::signed(json!({
                "result": result("SUCCESS"),
                "vaultingRequestId": id,
                "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
                    "cardToken": card_token(shared, &key),
                    "brand": crate::contract::cards::brand_for_number(card_no),
                    "maskedCardNo": cards::masked(card_no),
                }},
            }))
        }
        Endpoint::CreateVaultingSession => session_answer(&new_session(shared, &key)),
        _ => Answer::signed(json!({
            "result": result("VAULTING_NOT_EXIST"),
            "vaultingRequestId": id,
        })),
    }
}

/// The request's `vaultingRequestId` when it is one an answer may echo (1 to 64 characters).
fn usable_id(body: &Value) -> Option<String> {
    crate::contract::usable_request_id(body).map(str::to_owned)
}

/// The 3DS page of a challenge.
pub(super) fn challenge_url(shared: &Shared, token: &str) -> String {
    format!("{}/sim/3ds/{token}", shared.base_url)
}

/// The one token the shared-token fault gives every card.
const SHARED_TOKEN: &str = "ALIPAYsharedByEveryCard";

fn payment_method_detail(record: &Record, faults: &FaultSet) -> Option<Value> {
    let Start::Card {
        brand,
        masked,
        card_token,
        number,
    } = &record.start
    else {
        return None;
    };
    let mut masked = masked.clone();
    if faults.has(Fault::FullMaskedNumber) {
        masked = number.0.clone();
    }
    if faults.has(Fault::MaskMismatch) {
        let keep = masked.len().saturating_sub(4);
        let other = if masked.ends_with("0000") {
            "1111"
        } else {
            "0000"
        };
        masked = format!("{}{other}", &masked[..keep]);
    }
    let card_token = if faults.has(Fault::SharedToken) {
        SHARED_TOKEN
    } else {
        card_token.as_str()
    };
    let brand = if faults.has(Fault::UnknownBrand) {
        "VISA_CLASSIC"
    } else {
        brand
    };
    Some(json!({
        "paymentMethodType": "CARD",
        "card": {"cardToken": card_token, "brand": brand, "maskedCardNo": masked},
    }))
}

/// What the echo-cvv fault does to a vaultPaymentMethod answer's card detail: echo the
/// request's `cvv`.
fn echo_cvv(answer: &mut Value, input: &Value, faults: &FaultSet) {
    if !faults.has(Fault::EchoCvv) {
        return;
    }
    if let (Some(card), Some(cvv)) = (
        answer
            .pointer_mut("/paymentMethodDetail/card")
            .and_then(Value::as_object_mut),
        input.get("cvv"),
    ) {
        card.insert("cvv".into(), cvv.clone());
    }
}

pub(super) fn vault(shared: &Shared, client_id: &str, body: &Value, faults: &FaultSet) -> Outcome {
    // Requests reach here valid, unless the accept-invalid fault let another one through.
    let text = |pointer: &str| body.pointer(pointer).and_then(Value::as_str);
    let (Some(id), Some(card_no), Some(notification_url), Some(redirect_url)) = (
        text("/vaultingRequestId"),
        text("/paymentMethodDetail/card/cardNo"),
        text("/vaultingNotificationUrl"),
        text("/redirectUrl"),
    ) else {
        return Outcome {
            answer: served_invalid(shared, Endpoint::VaultPaymentMethod, body),
            finished: None,
        };
    };
    let key: Key = (client_id.to_owned(), id.to_owned());
    let card_no = card_no.to_owned();
    // The table decides: a success card with `is3DSAuthentication` true asks for 3DS.
    let three_ds = test_cards::asks_for_three_ds(
        body.pointer("/paymentMethodDetail/card/is3DSAuthentication"),
    );
    let outcome = test_cards::vault_outcome(&card_no, three_ds);
    let (record, inserted) = shared.store.get_or_insert_with(&key, || Record {
        status: match outcome {
            VaultOutcome::Vaulted | VaultOutcome::VaultedFlaky => Status::Success,
            VaultOutcome::Declined => Status::Fail,
            VaultOutcome::ThreeDs => Status::Processing,
        },
        start: Start::Card {
            brand: crate::contract::cards::brand_for_number(&card_no),
            masked: cards::masked(&card_no),
            card_token: card_token(shared, &key),
            number: CardNumber(card_no.clone()),
        },
        challenge: (outcome == VaultOutcome::ThreeDs).then(|| challenge_token(shared, &key)),
        flaky_pending: outcome == VaultOutcome::VaultedFlaky,
        notification_url: Some(notification_url.to_owned()),
        redirect_url: Some(redirect_url.to_owned()),
        created: time::now_millis() / 1000,
        inquiries: 0,
    });
    let mut answer = vault_answer(shared, &key, &record, faults);
    if let Some(input) = body.pointer("/paymentMethodDetail/card") {
        echo_cvv(&mut answer.body, input, faults);
    }
    let finished = (inserted && record.status.is_final()).then_some((key, record));
    Outcome { answer, finished }
}

fn vault_answer(shared: &Shared, key: &Key, record: &Record, faults: &FaultSet) -> Answer {
    let id = &key.1;
    let body = match record.status {
        Status::Success => {
            let mut body = json!({"result": result("SUCCESS"), "vaultingRequestId": id});
            if let Some(detail) = payment_method_detail(record, faults) {
                body["paymentMethodDetail"] = detail;
            }
            body
        }
        Status::Fail => json!({
            "result": result("VERIFICATION_FAIL"),
            "vaultingRequestId": id,
        }),
        Status::Processing => {
            let mut body = json!({
                "result": result("VERIFICATION_IN_PROCESS"),
                "vaultingRequestId": id,
            });
            if let Some(token) = &record.challenge {
                body["normalUrl"] = json!(challenge_url(shared, token));
            }
            body
        }
    };
    Answer::signed(body)
}

pub(super) fn inquire(shared: &Shared, client_id: &str, body: &Value, faults: &FaultSet) -> Answer {
    let id = body["vaultingRequestId"].as_str().unwrap_or("").to_owned();
    let key: Key = (client_id.to_owned(), id.clone());
    let Some(before) = shared.store.get(&key) else {
        let mut answer = json!({"result": result("VAULTING_NOT_EXIST")});
        // Requests reach here valid, unless the accept-invalid fault let another one through.
        if let Some(id) = usable_id(body) {
            answer["vaultingRequestId"] = json!(id);
        }
        return Answer::signed(answer);
    };
    if before.flaky_pending {
        shared.store.update(&key, |r| r.flaky_pending = false);
        return Answer::signed(json!({
            "result": result("UNKNOWN_EXCEPTION"),
            "vaultingRequestId": id,
        }));
    }
    let record = shared
        .store
        .update(&key, |r| r.inquiries += 1)
        .unwrap_or(before);
    let repeat = record.inquiries > 1;
    let mut status = record.status;
    if faults.has(Fault::StatusRegression) && repeat && status.is_final() {
        status = Status::Processing;
    }
    let mut success = result("SUCCESS");
    if faults.has(Fault::ChangedResultOnRepeat) && repeat && status.is_final() {
        success["resultMessage"] = json!(format!("success (inquiry {})", record.inquiries));
    }
    let mut answer = json!({
        "result": success,
        "vaultingRequestId": id,
        "vaultingStatus": status.as_str(),
    });
    match status {
        Status::Success => {
            if let Some(detail) = payment_method_detail(&record, faults) {
                answer["paymentMethodDetail"] = detail;
            }
        }
        Status::Processing => {
            if let (Some(token), false) = (&record.challenge, record.status.is_final()) {
                answer["normalUrl"] = json!(challenge_url(shared, token));
            }
            if faults.has(Fault::DetailWithProcessing) {
                answer["paymentMethodDetail"] = payment_method_detail(&record, faults).unwrap_or_else(|| {
                    json!({"paymentMethodType": "CARD", "card": {"cardToken": "ALIPAYpending", "brand": "VISA", "maskedCardNo": "************0000"}})
                });
            }
        }
        Status::Fail => {}
    }
    Answer::signed(answer)
}

pub(super) fn session(shared: &Shared, client_id: &str, body: &Value) -> Answer {
    let id = body["vaultingRequestId"].as_str().unwrap_or("").to_owned();
    let key: Key = (client_id.to_owned(), id);
    let notification_url = body["vaultingNotificationUrl"].as_str().map(str::to_owned);
    let (record, _) = shared.store.get_or_insert_with(&key, || Record {
        status: Status::Processing,
        start: Start::Session(new_session(shared, &key)),
        challenge: None,
        flaky_pending: false,
        notification_url,
        redirect_url: body["redirectUrl"].as_str().map(str::to_owned),
        created: time::now_millis() / 1000,
        inquiries: 0,
    });
    match &record.start {
        Start::Session(session) => session_answer(session),
        // The id was used for vaultPaymentMethod first: the session cannot be created again.
        Start::Card { .. } => Answer::signed(json!({
            "result": result_with("PROCESS_FAIL", "The vaulting request ID is already used."),
        })),
    }
}

/// A session for a vaulting: a deterministic id and data, valid for 30 minutes.
fn new_session(shared: &Shared, key: &Key) -> Session {
    let bytes = derive(shared, "session", key);
    Session {
        id: bytes[..8].iter().map(|b| format!("{b:02x}")).collect(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        expires: time::now_millis() / 1000 + 30 * 60,
    }
}

/// The createVaultingSession answer for a session.
fn session_answer(session: &Session) -> Answer {
    Answer::signed(json!({
        "result": result("SUCCESS"),
        "vaultingSessionData": session.data,
        "vaultingSessionId": session.id,
        "vaultingSessionExpiryTime": time::iso8601_seconds(session.expires),
    }))
}

/// Completes a 3DS challenge: approved → SUCCESS, declined → FAIL. Returns the record when
/// this call made it final.
pub(super) fn complete_challenge(
    shared: &Shared,
    token: &str,
    approve: bool,
) -> Option<(Key, Record, bool)> {
    let (key, _) = shared.store.challenge(token)?;
    let mut changed = false;
    let record = shared.store.update(&key, |r| {
        if r.status == Status::Processing {
            r.status = if approve {
                Status::Success
            } else {
                Status::Fail
            };
            changed = true;
        }
    })?;
    Some((key, record, changed))
}

/// The notifyVaulting body for a final record (the card as the faults in force show it).
pub(super) fn notification(record: &Record, key: &Key, faults: &FaultSet) -> Value {
    let mut body = match record.status {
        Status::Success => json!({
            "result": result("SUCCESS"),
            "vaultingStatus": Status::Success.as_str(),
        }),
        _ => json!({
            "result": result("VERIFICATION_FAIL"),
            "vaultingStatus": Status::Fail.as_str(),
        }),
    };
    body["vaultingRequestId"] = json!(key.1);
    body["vaultingCreateTime"] = json!(time::iso8601_seconds(record.created));
    if record.status == Status::Success
        && let Some(detail) = payment_method_detail(record, faults)
    {
        body["paymentMethodDetail"] = detail;
    }
    body
}
