//! `card_detail_consistency`: every answer about a vaulting shows the card that was vaulted:
//! the masked number ends in its last four digits, the brand matches its number, and the card
//! token stays the same. The brand of a named test card is documented (Antom's test-card
//! page); the brand of any other number comes from the harness's BIN table, an inference, so a
//! different brand for it is a warning.

use super::Findings;
use super::history::{History, Intent, json, request_id};
use crate::contract::cards::{brand_for_number, last_four};
use crate::contract::test_cards::TEST_CARDS;
use crate::contract::{Basis, Endpoint};
use crate::redact;
use serde_json::Value;
use std::collections::HashMap;

const SPEC: &str = "paymentMethodDetail.card describes the card given to vaultPaymentMethod";

fn judge_card(
    card: &Value,
    card_no: &str,
    tokens: &mut HashMap<String, String>,
    id: &str,
    at: &str,
    out: &mut Findings,
) {
    if let Some(masked) = card["maskedCardNo"].as_str()
        && !masked.ends_with(last_four(card_no))
    {
        out.violation(
            format!("{at}/maskedCardNo"),
            format!("a masked number ending in {}", last_four(card_no)),
            redact::value("/maskedCardNo", &Value::String(masked.to_owned())),
            SPEC,
        );
    }
    let expected = brand_for_number(card_no);
    if let Some(brand) = card["brand"].as_str()
        && crate::contract::enums::CARD_BRANDS.contains(&brand)
        && brand != expected
    {
        let named = TEST_CARDS.iter().any(|c| c.number == card_no);
        let basis = if named {
            Basis::Documented
        } else {
            Basis::Inferred
        };
        let spec = if named {
            SPEC
        } else {
            "the brand of a card number that is no named test card, from the harness's BIN table"
        };
        out.breach(basis, format!("{at}/brand"), expected, brand, spec);
    }
    if let Some(token) = card["cardToken"].as_str() {
        let first = tokens
            .entry(id.to_owned())
            .or_insert_with(|| token.to_owned());
        if first != token {
            out.violation(
                format!("{at}/cardToken"),
                "the same card token in every answer about the vaulting",
                "another token",
                SPEC,
            );
        }
    }
}

pub(super) fn check(history: &History, out: &mut Findings) {
    let mut cards: HashMap<String, String> = HashMap::new();
    let mut tokens: HashMap<String, String> = HashMap::new();
    for step in &history.steps {
        if step.exchange.endpoint == Endpoint::VaultPaymentMethod
            && step.intent == Intent::Valid
            && let (Some(id), Some(request)) = (
                request_id(&step.exchange),
                json(&step.exchange.request.body),
            )
            && let Some(card_no) = request["paymentMethodDetail"]["card"]["cardNo"].as_str()
        {
            cards.entry(id).or_insert_with(|| card_no.to_owned());
        }
        let Some(id) = request_id(&step.exchange) else {
            continue;
        };
        let (Some(card_no), Some(answer)) = (cards.get(&id), json(&step.exchange.response.body))
        else {
            continue;
        };
        let card = &answer["paymentMethodDetail"]["card"];
        if card.is_object() {
            judge_card(
                card,
                card_no,
                &mut tokens,
                &id,
                "/paymentMethodDetail/card",
                out,
            );
        }
    }
    for notification in &history.notifications {
        let Some(body) = json(&notification.request.body) else {
            continue;
        };
        let Some(id) = body["vaultingRequestId"].as_str() else {
            continue;
        };
        if let Some(card_no) = cards.get(id)
            && body["paymentMethodDetail"]["card"].is_object()
        {
            judge_card(
                &body["paymentMethodDetail"]["card"],
                card_no,
                &mut tokens,
                id,
                "/paymentMethodDetail/card",
                out,
            );
        }
    }
}
