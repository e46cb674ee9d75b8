//! Secrets out of saved requests, and back in for a replay. A saved request never holds a card
//! number, CVV or other secret field: a named test card becomes `${card.NAME}` (replay reads
//! the number from the card table or `VAULTCHECK_CARD_<NAME>`), any other secret value
//! `${secret.N}` with a note of its shape (a card number keeps its first six and last four
//! digits, which PCI DSS allows to show; everything else only its kind of characters). Replay
//! makes a value of that shape (a Luhn-valid number for a card number that was one), so the
//! brand, the masked number and a malformed mutant all come back as they were.

use crate::redact;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The field that holds a card number.
const CARD_NO: &str = "cardNo";
/// A hidden digit in a shape.
const HIDDEN_DIGIT: char = '#';
/// A hidden letter in a shape.
const HIDDEN_LETTER: char = 'a';

/// A secret taken out of a saved request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    /// The file the placeholder stands in (`request.json`, `before-01.json`).
    pub file: String,
    /// The JSON pointer of the value.
    pub pointer: String,
    /// The variable written in its place (`card.success`, `secret.1`).
    pub name: String,
    /// What was there, in words.
    pub note: String,
    /// For `secret.N`: the value with its hidden characters as `#` (digit) or `a` (letter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// Whether the value was a Luhn-valid card number (replay makes one again).
    #[serde(default)]
    pub luhn: bool,
    /// Whether the value was a JSON number rather than a string.
    #[serde(default)]
    pub number: bool,
}

/// The named cards a saved request may name: every table the run could have used.
pub(crate) type CardTable = BTreeMap<String, String>;

fn shape_of(text: &str, card_number: bool) -> String {
    let count = text.chars().count();
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            let kept = card_number && (i < 6 || i + 4 >= count);
            match c {
                _ if kept => c,
                c if c.is_ascii_digit() => HIDDEN_DIGIT,
                c if c.is_alphabetic() => HIDDEN_LETTER,
                c => c,
            }
        })
        .collect()
}

fn is_card_number(text: &str) -> bool {
    (12..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Takes the secrets out of a request body. Returns the body to save and the placeholders;
/// `next` numbers the `secret.N` names across a folder. A body that is not JSON is saved with
/// every card-like number masked (it cannot be replayed exactly).
pub(super) fn take_out(
    file: &str,
    body: &[u8],
    cards: &CardTable,
    next: &mut usize,
) -> (Vec<u8>, Vec<Placeholder>) {
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return (
            redact::text(&String::from_utf8_lossy(body))
                .into_owned()
                .into_bytes(),
            Vec::new(),
        );
    };
    let mut placeholders = Vec::new();
    walk(
        &mut value,
        &mut String::new(),
        None,
        &mut |pointer, field, slot| {
            let (text, number) = match slot {
                Value::String(text) => (text.clone(), false),
                Value::Number(n) if n.to_string().len() >= 6 => (n.to_string(), true),
                _ => return,
            };
            let card_number = field == CARD_NO && is_card_number(&text);
            let named = cards
                .iter()
                .find(|(_, n)| card_number && **n == text && !number);
            let placeholder = match named {
                Some((name, _)) => Placeholder {
                    file: file.to_owned(),
                    pointer: pointer.to_owned(),
                    name: format!("card.{name}"),
                    note: format!("the named test card `{name}`"),
                    shape: None,
                    luhn: false,
                    number: false,
                },
                None => {
                    *next += 1;
                    Placeholder {
                        file: file.to_owned(),
                        pointer: pointer.to_owned(),
                        name: format!("secret.{next}"),
                        note: if card_number {
                            "a card number that is no named test card (first six and last four digits kept)".to_owned()
                        } else {
                            format!("a {field} value (its shape kept)")
                        },
                        shape: Some(shape_of(&text, card_number)),
                        luhn: card_number && redact::luhn(&text),
                        number,
                    }
                }
            };
            *slot = Value::String(format!("${{{}}}", placeholder.name));
            placeholders.push(placeholder);
        },
    );
    let text = serde_json::to_string_pretty(&value).expect("a Value serializes");
    (text.into_bytes(), placeholders)
}

/// Visits every value under a secret field (by its last key), with its pointer.
fn walk(
    value: &mut Value,
    at: &mut String,
    field: Option<&str>,
    visit: &mut dyn FnMut(&str, &str, &mut Value),
) {
    if let Some(name) = field
        && redact::is_secret_field(name)
        && !value.is_object()
        && !value.is_array()
    {
        visit(at, name, value);
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(child, at, Some(key.as_str()), visit);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&index.to_string());
                walk(child, at, field, visit);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// A value of a shape: hidden digits filled (a Luhn-valid number when `luhn`), hidden letters
/// as `a`.
fn fill(shape: &str, luhn: bool) -> String {
    let mut chars: Vec<char> = shape
        .chars()
        .map(|c| if c == HIDDEN_DIGIT { '0' } else { c })
        .collect();
    if luhn && let Some(first_hidden) = shape.chars().position(|c| c == HIDDEN_DIGIT) {
        for digit in '0'..='9' {
            chars[first_hidden] = digit;
            if redact::luhn(&chars.iter().collect::<String>()) {
                break;
            }
        }
    }
    chars.into_iter().collect()
}

/// Why a saved request cannot be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FillError {
    #[error(
        "{file} names the test card `{card}`, which this target has no number for: set VAULTCHECK_CARD_{upper}"
    )]
    UnknownCard {
        file: String,
        card: String,
        upper: String,
    },
    #[error("{file} is not the JSON vaultcheck saved: {reason}")]
    Unreadable { file: String, reason: String },
}

/// Puts values back into a saved request: named cards from `cards`, other secrets made from
/// their shape. A body without placeholders comes back unchanged.
pub(crate) fn put_back(
    file: &str,
    saved: &[u8],
    placeholders: &[Placeholder],
    cards: &CardTable,
) -> Result<Vec<u8>, FillError> {
    let mine: Vec<&Placeholder> = placeholders.iter().filter(|p| p.file == file).collect();
    if mine.is_empty() {
        return Ok(saved.to_vec());
    }
    let mut value: Value = serde_json::from_slice(saved).map_err(|e| FillError::Unreadable {
        file: file.to_owned(),
        reason: e.to_string(),
    })?;
    for placeholder in mine {
        let new = match placeholder.name.strip_prefix("card.") {
            Some(card) => Value::String(
                cards
                    .get(card)
                    .ok_or_else(|| FillError::UnknownCard {
                        file: file.to_owned(),
                        card: card.to_owned(),
                        upper: card.to_ascii_uppercase(),
                    })?
                    .clone(),
            ),
            None => {
                let text = fill(placeholder.shape.as_deref().unwrap_or(""), placeholder.luhn);
                match placeholder.number {
                    true => serde_json::from_str(&text).unwrap_or(Value::String(text)),
                    false => Value::String(text),
                }
            }
        };
        if let Some(slot) = value.pointer_mut(&placeholder.pointer) {
            *slot = new;
        }
    }
    Ok(serde_json::to_vec(&value).expect("a Value serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cards() -> CardTable {
        CardTable::from([("success".to_owned(), "4054695723100768".to_owned())])
    }

    #[test]
    fn named_cards_are_named_and_other_secrets_keep_only_their_shape() {
        let body = json!({
            "vaultingRequestId": "vr-1",
            "paymentMethodDetail": {"card": {"cardNo": "4054695723100768", "cvv": "123", "expiryMonth": "12"}},
            "other": {"cardNo": "6200000000000005", "cvv": "7a1", "dateOfBirth": "1990-01-31"},
            "odd": {"cardNo": 4242424242424242u64, "cvv": 7}
        });
        let mut next = 0;
        let (saved, placeholders) = take_out(
            "request.json",
            body.to_string().as_bytes(),
            &cards(),
            &mut next,
        );
        let text = String::from_utf8(saved.clone()).unwrap();
        for secret in [
            "4054695723100768",
            "6200000000000005",
            "4242424242424242",
            "\"123\"",
            "1990-01-31",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("\"${card.success}\""), "{text}");
        assert!(text.contains("\"12\""), "{text}");
        let unnamed = placeholders
            .iter()
            .find(|p| p.pointer == "/other/cardNo")
            .unwrap();
        assert_eq!(unnamed.shape.as_deref(), Some("620000######0005"));
        assert!(unnamed.luhn);

        let back: Value = serde_json::from_slice(
            &put_back("request.json", &saved, &placeholders, &cards()).unwrap(),
        )
        .unwrap();
        assert_eq!(
            back["paymentMethodDetail"]["card"]["cardNo"],
            "4054695723100768"
        );
        let number = back["other"]["cardNo"].as_str().unwrap();
        assert!(
            number.starts_with("620000") && number.ends_with("0005"),
            "{number}"
        );
        assert!(redact::luhn(number), "{number}");
        assert_eq!(
            back["paymentMethodDetail"]["card"]["cvv"]
                .as_str()
                .unwrap()
                .len(),
            3
        );
        assert_eq!(back["other"]["cvv"], "0a0");
        assert_eq!(back["other"]["dateOfBirth"], "0000-00-00");
        assert!(back["odd"]["cardNo"].is_u64());
        assert_eq!(back["odd"]["cvv"], 7);

        let missing = put_back("request.json", &saved, &placeholders, &CardTable::new());
        assert!(
            matches!(&missing, Err(FillError::UnknownCard { card, .. }) if card == "success"),
            "{missing:?}"
        );
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .contains("VAULTCHECK_CARD_SUCCESS")
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_saved_masked() {
        let mut next = 0;
        let (saved, placeholders) = take_out(
            "request.json",
            b"{\"cardNo\": 4054695723100768,",
            &cards(),
            &mut next,
        );
        assert!(placeholders.is_empty());
        assert!(
            !String::from_utf8(saved)
                .unwrap()
                .contains("4054695723100768")
        );
    }
}
