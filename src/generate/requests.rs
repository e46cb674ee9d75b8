//! Valid requests for each operation, built from the contract's enums and limits, with the
//! boundaries (lengths 1, max-1, max; multibyte characters; string-typed numbers) in the mix.

use super::responses::request_id;
use crate::contract::enums::{OS_TYPES, TERMINAL_TYPES};
use crate::contract::shapes::{CARD_NO_MAX, CARD_NO_MIN, REQUEST_ID_MAX};
use crate::contract::test_cards::TEST_CARDS;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Ids at the length boundaries: 1, 2, max-1 and max characters, ASCII or multibyte.
pub fn boundary_id() -> impl Strategy<Value = String> {
    let max = REQUEST_ID_MAX as usize;
    (
        select(vec![1usize, 2, max - 1, max]),
        select(&['a', 'Z', '7', '-', 'é', '✓', '中'][..]),
        "[a-z0-9]{0,8}",
    )
        .prop_map(|(len, fill, head)| {
            let mut id: String = head.chars().take(len).collect();
            while id.chars().count() < len {
                id.push(fill);
            }
            id
        })
}

/// Any valid id: the common kinds and the boundaries.
pub fn any_id() -> impl Strategy<Value = String> {
    prop_oneof![3 => request_id(), 1 => boundary_id()]
}

/// A Luhn-valid card number of `len` digits starting with `prefix`.
fn luhn_number(prefix: &str, body: &str, len: usize) -> String {
    let mut digits: Vec<u32> = prefix
        .chars()
        .chain(body.chars())
        .filter_map(|c| c.to_digit(10))
        .take(len - 1)
        .collect();
    while digits.len() < len - 1 {
        digits.push(0);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

/// A card number the simulator vaults at once: a success test card or a Luhn-valid number of
/// 12 to 19 digits with a known brand prefix.
pub fn vaultable_card() -> impl Strategy<Value = String> {
    let success: Vec<&str> = TEST_CARDS
        .iter()
        .filter(|c| c.behaviour == crate::contract::test_cards::Behaviour::Success)
        .map(|c| c.number)
        .collect();
    prop_oneof![
        select(success).prop_map(str::to_owned),
        (
            select(&["4", "51", "55", "2221", "34", "37", "62", "35", "6011"][..]),
            "[0-9]{18}",
            CARD_NO_MIN as usize..=CARD_NO_MAX as usize
        )
            .prop_map(|(prefix, body, len)| luhn_number(prefix, &body, len)),
    ]
}

fn name() -> impl Strategy<Value = Value> {
    (
        "[A-Za-z]{1,32}",
        "[A-Za-z]{1,32}",
        proptest::option::of("[A-Za-z ]{1,20}"),
    )
        .prop_map(|(first, last, middle)| {
            let mut name = json!({"firstName": first, "lastName": last});
            if let Some(middle) = middle {
                name["middleName"] = json!(
                    middle
                        .trim()
                        .chars()
                        .next()
                        .map_or("M".to_owned(), |c| c.to_string())
                );
            }
            name
        })
}

/// A valid vaultPaymentMethod request for `id`, notifying `notify`.
pub fn vault_request(id: String, notify: String) -> impl Strategy<Value = Value> {
    (
        vaultable_card(),
        "(0[1-9]|1[0-2])",
        "[0-9]{2}",
        proptest::option::of("[0-9]{3}"),
        select(TERMINAL_TYPES),
        proptest::option::of(select(OS_TYPES)),
        proptest::option::of(name()),
        proptest::option::of(prop_oneof![
            Just(json!(true)),
            Just(json!("false")),
            Just(json!(false))
        ]),
        proptest::option::of("[A-Z]{2}"),
    )
        .prop_map(
            move |(card_no, month, year, cvv, terminal, os, holder, three_ds, region)| {
                let mut card = json!({"cardNo": card_no, "expiryMonth": month, "expiryYear": year});
                if let Some(cvv) = cvv {
                    card["cvv"] = json!(cvv);
                }
                if let Some(holder) = holder {
                    card["cardholderName"] = holder;
                }
                if let Some(flag) = three_ds {
                    card["is3DSAuthentication"] = flag;
                }
                let mut env = json!({"terminalType": terminal});
                if let Some(os) = os {
                    env["osType"] = json!(os);
                }
                let mut request = json!({
                    "vaultingRequestId": id,
                    "vaultingNotificationUrl": notify,
                    "redirectUrl": "https://merchant.example/vaulted",
                    "paymentMethodDetail": {"paymentMethodType": "CARD", "card": card},
                    "env": env,
                });
                if let Some(region) = region {
                    request["merchantRegion"] = json!(region);
                }
                request
            },
        )
}

/// A valid inquireVaulting request for `id`.
pub fn inquire_request(id: String) -> impl Strategy<Value = Value> {
    proptest::option::of("[A-Za-z0-9]{1,64}").prop_map(move |account| {
        let mut request = json!({"vaultingRequestId": id});
        if let Some(account) = account {
            request["merchantAccountId"] = json!(account);
        }
        request
    })
}

/// A valid createVaultingSession request for `id`.
pub fn session_request(id: String, notify: String) -> impl Strategy<Value = Value> {
    (proptest::option::of(any::<bool>()), proptest::option::of("[A-Z]{2}")).prop_map(move |(three_ds, region)| {
        let mut request = json!({"paymentMethodType": "CARD", "vaultingRequestId": id, "vaultingNotificationUrl": notify});
        if let Some(flag) = three_ds {
            request["is3DSAuthentication"] = json!(flag.to_string());
        }
        if let Some(region) = region {
            request["merchantRegion"] = json!(region);
        }
        request
    })
}
