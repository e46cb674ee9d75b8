//! Valid inquireVaulting answers of every documented kind, built from the contract's enums.

use crate::contract::enums::{CARD_BRANDS, FUNDING};
use crate::contract::{VaultingStatus, result_codes};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// A merchant's `vaultingRequestId`: 1 to 64 characters.
pub fn request_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{1,64}",
        "[0-9]{12}",
        // Multibyte characters count as one each.
        "[a-zé✓]{1,64}",
    ]
}

fn card() -> impl Strategy<Value = Value> {
    (
        select(CARD_BRANDS),
        "[A-Za-z0-9+/]{8,120}={0,2}",
        "[0-9]{4}",
        proptest::option::of(select(FUNDING)),
    )
        .prop_map(|(brand, token, last4, funding)| {
            let mut card = json!({
                "cardToken": format!("ALIPAY{token}"),
                "brand": brand,
                "maskedCardNo": format!("************{last4}"),
            });
            if let Some(funding) = funding {
                card["funding"] = json!(funding);
            }
            card
        })
}

fn https_url() -> impl Strategy<Value = String> {
    "[a-z]{1,20}(/[a-zA-Z0-9_-]{1,30}){0,4}".prop_map(|tail| format!("https://{tail}.example"))
}

fn result(code: &str) -> Value {
    result_codes::result_object(code, None)
}

/// A conforming inquireVaulting answer to a request that carried `id`.
pub fn inquire_vaulting_answer(id: String) -> impl Strategy<Value = Value> {
    let success = {
        let id = id.clone();
        card().prop_map(move |card| {
            json!({
                "result": result("SUCCESS"),
                "vaultingRequestId": id,
                "vaultingStatus": VaultingStatus::Success.as_str(),
                "paymentMethodDetail": {"paymentMethodType": "CARD", "card": card},
            })
        })
    };
    let processing = {
        let id = id.clone();
        (
            proptest::option::of(https_url()),
            proptest::option::of("[a-z]{3,10}://[a-z]{1,20}".prop_map(String::from)),
            proptest::option::of(https_url()),
        )
            .prop_map(move |(normal, scheme, applink)| {
                let mut answer = json!({
                    "result": result("SUCCESS"),
                    "vaultingRequestId": id,
                    "vaultingStatus": VaultingStatus::Processing.as_str(),
                });
                for (name, url) in [
                    ("normalUrl", normal),
                    ("schemeUrl", scheme),
                    ("applinkUrl", applink),
                ] {
                    if let Some(url) = url {
                        answer[name] = json!(url);
                    }
                }
                answer
            })
    };
    let failed = json!({
        "result": result("SUCCESS"),
        "vaultingRequestId": id,
        "vaultingStatus": VaultingStatus::Fail.as_str(),
    });
    let not_exist = json!({
        "result": result("VAULTING_NOT_EXIST"),
        "vaultingRequestId": id,
    });
    let unknown = json!({
        "result": result("UNKNOWN_EXCEPTION"),
        "vaultingRequestId": id,
    });
    let refused = select(result_codes::AUTHENTICATION_REFUSALS)
        .prop_map(|code| json!({"result": result(code)}));
    prop_oneof![
        success,
        processing,
        Just(failed),
        Just(not_exist),
        Just(unknown),
        refused,
    ]
}
