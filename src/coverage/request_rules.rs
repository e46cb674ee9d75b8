//! Which request rules a request keeps and which it breaks, field by field and facet by facet,
//! and the values that keep a rule at its limit or break exactly it. The same facts the schema
//! holds (the schema stays the oracle of a whole request); this side says *which* rule.

use super::rule::{CoverageRule, Facet, Subject};
use crate::contract::Endpoint;
use crate::contract::types::{Field, Ty};
use serde_json::{Value, json};

/// How a request stands to one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stand {
    /// It keeps the rule (for a length: at the limit).
    Kept,
    /// It breaks the rule.
    Broken,
}

/// How `request` stands to a request rule; `None` when the rule does not apply (the field's
/// parent is missing, the field is absent, or a length is below the limit).
pub(crate) fn stand(rule: &CoverageRule, request: &Value) -> Option<Stand> {
    let Subject::RequestField {
        pointer,
        field,
        facet,
        ..
    } = rule.subject
    else {
        return None;
    };
    let (parent, _) = pointer.rsplit_once('/')?;
    if !parent.is_empty() && !request.pointer(parent).is_some_and(Value::is_object) {
        return None;
    }
    if !request.is_object() {
        return None;
    }
    let value = request.pointer(pointer);
    if facet == Facet::Presence {
        return Some(if value.is_some() {
            Stand::Kept
        } else {
            Stand::Broken
        });
    }
    let value = value?;
    if facet == Facet::Type {
        return Some(if kind_fits(field.ty, value) {
            Stand::Kept
        } else {
            Stand::Broken
        });
    }
    let text = value.as_str()?;
    let keep = |ok: bool| Some(if ok { Stand::Kept } else { Stand::Broken });
    match (facet, field.ty) {
        (Facet::Length, Ty::Text { max: Some(max) } | Ty::Url { max }) => {
            let count = text.chars().count();
            if count > max as usize || (field.required && count == 0) {
                Some(Stand::Broken)
            } else if count == max as usize {
                Some(Stand::Kept)
            } else {
                None
            }
        }
        (Facet::Enum, Ty::Enum(values)) => keep(values.contains(&text)),
        (Facet::Format, Ty::Pattern { pattern, .. }) => keep(matches_pattern(pattern, text)),
        (Facet::Format, Ty::Url { .. }) => keep(is_absolute_url(text)),
        (Facet::Format, Ty::DateTime) => keep(crate::protocol::time::parse_iso8601(text).is_some()),
        _ => None,
    }
}

/// Whether a value is of the JSON kind the field's type asks for.
fn kind_fits(ty: Ty, value: &Value) -> bool {
    match ty {
        Ty::Object(_) | Ty::OpaqueObject => value.is_object(),
        Ty::StringArray => value.is_array(),
        Ty::BoolLike => {
            value.is_boolean() || matches!(value.as_str(), Some("true") | Some("false"))
        }
        Ty::IntLike { min, max } => {
            let number = value
                .as_i64()
                .or_else(|| value.as_str().and_then(|s| s.parse().ok()));
            number.is_some_and(|n| (min..=max).contains(&n))
        }
        _ => value.is_string(),
    }
}

/// Whether `text` matches an anchored pattern of the contract (compiled once per pattern by
/// the schema library, the same engine the schema oracle uses).
fn matches_pattern(pattern: &'static str, text: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static COMPILED: OnceLock<Mutex<HashMap<&'static str, &'static jsonschema::Validator>>> =
        OnceLock::new();
    let mut map = COMPILED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let validator = *map.entry(pattern).or_insert_with(|| {
        let schema = json!({"type": "string", "pattern": pattern});
        Box::leak(Box::new(
            jsonschema::validator_for(&schema).expect("the contract's patterns compile"),
        ))
    });
    validator.is_valid(&json!(text))
}

/// An absolute URL: a scheme, `:`, something after it, and no blank anywhere.
fn is_absolute_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

/// A value of `field` at its length limit, made of multibyte characters where the field is free
/// text (a character count at the limit must pass, whatever its byte count).
pub(crate) fn at_limit(field: &Field) -> Option<Value> {
    match field.ty {
        Ty::Text { max: Some(max) } => Some(json!("é".repeat(max as usize))),
        Ty::Url { max } => Some(json!(pad_url(max as usize))),
        _ => None,
    }
}

/// `https://merchant.example/` padded to `len` characters.
fn pad_url(len: usize) -> String {
    let mut url = "https://merchant.example/".to_owned();
    while url.chars().count() < len {
        url.push('a');
    }
    url
}

/// The value that breaks exactly `facet` of `field` whose valid value is `valid` (`None`:
/// remove the field). A digit string gets a letter at its end and keeps its length (`"7a"` for
/// `"77"`), an enum value is written in another case, a length is one ASCII character over.
pub(crate) fn breaking(field: &Field, facet: Facet, valid: &Value) -> Option<Option<Value>> {
    let text = valid.as_str().unwrap_or_default();
    Some(match (facet, field.ty) {
        (Facet::Presence, _) => None,
        (Facet::Type, Ty::Object(_)) => Some(json!("x")),
        (Facet::Type, Ty::BoolLike) => Some(json!("yes")),
        (Facet::Type, Ty::IntLike { .. }) => Some(json!("ten")),
        (Facet::Type, _) => Some(json!(7)),
        (Facet::Length, Ty::Text { max: Some(max) }) => Some(json!("a".repeat(max as usize + 1))),
        (Facet::Length, Ty::Url { max }) => Some(json!(pad_url(max as usize + 1))),
        (Facet::Enum, Ty::Enum(values)) => {
            let other = text.to_lowercase();
            if values.contains(&other.as_str()) || other == text {
                Some(json!("NOT_DOCUMENTED"))
            } else {
                Some(json!(other))
            }
        }
        (Facet::Format, Ty::Pattern { .. }) => {
            let mut chars: Vec<char> = text.chars().collect();
            let last = chars.pop()?;
            chars.push(if last.is_ascii_digit() { 'a' } else { '1' });
            Some(json!(chars.into_iter().collect::<String>()))
        }
        (Facet::Format, Ty::Url { .. }) => Some(json!("merchant.example/no-scheme")),
        (Facet::Format, Ty::DateTime) => Some(json!("tomorrow")),
        _ => return None,
    })
}

/// The request rules of an operation, with their index in the full list.
pub(crate) fn rules_of(
    all: &[CoverageRule],
    endpoint: Endpoint,
) -> impl Iterator<Item = (usize, &CoverageRule)> {
    all.iter().enumerate().filter(move |(_, r)| {
        matches!(r.subject, Subject::RequestField { endpoint: e, .. } if e == endpoint)
    })
}

/// How a request to `endpoint` stands to every request rule of the operation that applies.
pub(crate) fn stands(
    all: &[CoverageRule],
    endpoint: Endpoint,
    request: &Value,
) -> Vec<(usize, Stand)> {
    rules_of(all, endpoint)
        .filter_map(|(index, rule)| stand(rule, request).map(|s| (index, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::all_rules;

    fn rule(id: &str) -> &'static CoverageRule {
        all_rules().iter().find(|r| r.id == id).expect(id)
    }

    #[test]
    fn a_letter_in_the_cvv_breaks_its_format_and_nothing_else() {
        let request = json!({
            "vaultingRequestId": "vr-1",
            "vaultingNotificationUrl": "https://m.example/n",
            "redirectUrl": "https://m.example/r",
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4054695723100768", "cvv": "7a7"}},
            "env": {"terminalType": "WEB"}
        });
        let broken: Vec<&str> = stands(all_rules(), Endpoint::VaultPaymentMethod, &request)
            .into_iter()
            .filter(|(_, s)| *s == Stand::Broken)
            .map(|(i, _)| all_rules()[i].id.as_str())
            .collect();
        assert_eq!(
            broken,
            ["vaultPaymentMethod.request./paymentMethodDetail/card/cvv.format"]
        );
    }

    #[test]
    fn a_multibyte_value_at_the_limit_keeps_the_length_and_one_more_breaks_it() {
        let length = rule("inquireVaulting.request./vaultingRequestId.length");
        let Subject::RequestField { field, .. } = length.subject else {
            unreachable!()
        };
        let at = at_limit(field).unwrap();
        assert!(at.as_str().unwrap().len() > 64);
        assert_eq!(
            stand(length, &json!({"vaultingRequestId": at})),
            Some(Stand::Kept)
        );
        let over = breaking(field, Facet::Length, &at).unwrap().unwrap();
        assert_eq!(
            stand(length, &json!({"vaultingRequestId": over})),
            Some(Stand::Broken)
        );
        assert_eq!(stand(length, &json!({"vaultingRequestId": "short"})), None);
    }

    #[test]
    fn enum_values_in_another_case_break_the_enum() {
        let rule = rule("createVaultingSession.request./paymentMethodType.enum");
        let Subject::RequestField { field, .. } = rule.subject else {
            unreachable!()
        };
        let other = breaking(field, Facet::Enum, &json!("CARD"))
            .unwrap()
            .unwrap();
        assert_eq!(other, json!("card"));
        assert_eq!(
            stand(rule, &json!({"paymentMethodType": other})),
            Some(Stand::Broken)
        );
    }
}
