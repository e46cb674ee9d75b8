//! Single-rule mutations of a conforming inquireVaulting answer. Each breaks exactly one rule
//! of the contract and names the check that must catch it.

use crate::contract::CheckId;
use crate::contract::shapes::{RESULT_MESSAGE_MAX, URL_MAX};
use serde_json::{Value, json};

/// One way to break one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    DropVaultingStatus,
    AddVaultingStatus,
    AddRedirectUrl,
    AddPaymentMethodDetail,
    DropPaymentMethodDetail,
    DropCard,
    StatusNotMatchingCode,
    NumberForString,
    BooleanForString,
    MessageTooLong,
    UrlTooLong,
    UnknownBrand,
    UnknownVaultingStatus,
    DropResultCode,
    WrongRequestIdEcho,
    DropRequestIdEcho,
}

impl Mutation {
    pub const ALL: [Mutation; 16] = [
        Mutation::DropVaultingStatus,
        Mutation::AddVaultingStatus,
        Mutation::AddRedirectUrl,
        Mutation::AddPaymentMethodDetail,
        Mutation::DropPaymentMethodDetail,
        Mutation::DropCard,
        Mutation::StatusNotMatchingCode,
        Mutation::NumberForString,
        Mutation::BooleanForString,
        Mutation::MessageTooLong,
        Mutation::UrlTooLong,
        Mutation::UnknownBrand,
        Mutation::UnknownVaultingStatus,
        Mutation::DropResultCode,
        Mutation::WrongRequestIdEcho,
        Mutation::DropRequestIdEcho,
    ];

    /// The check that must catch this mutation (and no other check may).
    pub fn caught_by(self) -> CheckId {
        match self {
            Mutation::DropVaultingStatus | Mutation::AddVaultingStatus => {
                CheckId::VaultingStatusCoupling
            }
            Mutation::AddRedirectUrl => CheckId::RedirectUrlCoupling,
            Mutation::AddPaymentMethodDetail
            | Mutation::DropPaymentMethodDetail
            | Mutation::DropCard => CheckId::PaymentMethodDetailCoupling,
            Mutation::StatusNotMatchingCode => CheckId::ResultCodeTable,
            Mutation::NumberForString | Mutation::BooleanForString => CheckId::StringTypedValues,
            Mutation::MessageTooLong
            | Mutation::UrlTooLong
            | Mutation::UnknownBrand
            | Mutation::UnknownVaultingStatus
            | Mutation::DropResultCode => CheckId::ResponseSchemaConformance,
            Mutation::WrongRequestIdEcho | Mutation::DropRequestIdEcho => CheckId::RequestIdEcho,
        }
    }

    /// Applies the mutation when it fits the answer; returns whether it did. `pick` chooses
    /// among candidate fields deterministically (from the generator).
    pub fn apply(self, answer: &mut Value, pick: usize) -> bool {
        let status = answer["result"]["resultStatus"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let code = answer["result"]["resultCode"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let vaulting = answer["vaultingStatus"].as_str().map(str::to_owned);
        let has_id = answer.get("vaultingRequestId").is_some();
        let map = answer.as_object_mut().expect("answers are objects");
        match self {
            Mutation::DropVaultingStatus => map.remove("vaultingStatus").is_some(),
            Mutation::AddVaultingStatus if status != "S" => {
                // SUCCESS would also demand a paymentMethodDetail: two rules, not one.
                map.insert(
                    "vaultingStatus".into(),
                    json!(["FAIL", "PROCESSING"][pick % 2]),
                );
                true
            }
            Mutation::AddRedirectUrl if vaulting.as_deref() != Some("PROCESSING") => {
                let name = ["normalUrl", "schemeUrl", "applinkUrl"][pick % 3];
                map.insert(name.into(), json!("https://challenge.example/3ds"));
                true
            }
            Mutation::AddPaymentMethodDetail
                if vaulting.as_deref() != Some("SUCCESS") && (status == "S" || has_id) =>
            {
                map.insert(
                    "paymentMethodDetail".into(),
                    json!({"paymentMethodType": "CARD", "card": {"cardToken": "ALIPAYt", "brand": "VISA", "maskedCardNo": "************4242"}}),
                );
                true
            }
            Mutation::DropPaymentMethodDetail => map.remove("paymentMethodDetail").is_some(),
            Mutation::DropCard => map
                .get_mut("paymentMethodDetail")
                .and_then(Value::as_object_mut)
                .is_some_and(|d| d.remove("card").is_some()),
            Mutation::StatusNotMatchingCode if status != "S" => {
                let other = if status == "F" { "U" } else { "F" };
                if code == "UNKNOWN_EXCEPTION" && other == "F" || status == "F" {
                    map["result"]["resultStatus"] = json!(other);
                    return true;
                }
                false
            }
            Mutation::NumberForString | Mutation::BooleanForString => {
                let mut leaves = Vec::new();
                for (key, child) in map.iter() {
                    string_leaves(child, format!("/{key}"), &mut leaves);
                }
                let Some(target) = leaves.get(pick % leaves.len().max(1)) else {
                    return false;
                };
                let (first, rest) = target[1..]
                    .split_once('/')
                    .map_or((&target[1..], ""), |(f, r)| (f, r));
                let replacement = if self == Mutation::NumberForString {
                    json!(7)
                } else {
                    json!(true)
                };
                let slot = map.get_mut(first).expect("the leaf exists");
                let slot = if rest.is_empty() {
                    slot
                } else {
                    slot.pointer_mut(&format!("/{rest}"))
                        .expect("the leaf exists")
                };
                *slot = replacement;
                true
            }
            Mutation::MessageTooLong => {
                map["result"]["resultMessage"] = json!("m".repeat(RESULT_MESSAGE_MAX as usize + 1));
                true
            }
            Mutation::UrlTooLong if vaulting.as_deref() == Some("PROCESSING") => {
                map.insert(
                    "normalUrl".into(),
                    json!(format!(
                        "https://challenge.example/{}",
                        "a".repeat(URL_MAX as usize)
                    )),
                );
                true
            }
            Mutation::UnknownBrand => match map
                .get_mut("paymentMethodDetail")
                .and_then(|d| d.get_mut("card"))
            {
                Some(card) => {
                    card["brand"] = json!("NOT_A_BRAND");
                    true
                }
                None => false,
            },
            Mutation::UnknownVaultingStatus if vaulting.as_deref() == Some("FAIL") => {
                map.insert("vaultingStatus".into(), json!("DONE"));
                true
            }
            Mutation::DropResultCode => map
                .get_mut("result")
                .and_then(Value::as_object_mut)
                .is_some_and(|r| r.remove("resultCode").is_some()),
            Mutation::WrongRequestIdEcho if has_id => {
                map.insert("vaultingRequestId".into(), json!("not-the-request-id"));
                true
            }
            Mutation::DropRequestIdEcho
                if has_id
                    && (status == "S"
                        || code == "VAULTING_NOT_EXIST"
                        || code == "UNKNOWN_EXCEPTION") =>
            {
                map.remove("vaultingRequestId");
                true
            }
            _ => false,
        }
    }
}

fn string_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Object(map) => {
            for (key, child) in map {
                string_leaves(child, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}
