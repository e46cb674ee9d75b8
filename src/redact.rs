//! The one redaction point. Everything that leaves the harness as text (findings, reports,
//! snapshots, errors that quote input) passes through here, so card numbers, CVVs, tokens,
//! signatures and keys never reach a log.

use serde_json::Value;
use std::borrow::Cow;

/// Field names whose values are secret wherever they appear.
const SECRET_FIELDS: &[&str] = &[
    "cardNo",
    "cardToken",
    "cardPasswordDigest",
    "cpf",
    "dateOfBirth",
    "businessNo",
    "signature",
    "Signature",
    "vaultingSessionData",
    "acquirerCardToken",
    "token",
    "privateKey",
];

/// Longest value quoted in a message; longer ones are cut.
const QUOTE_LIMIT: usize = 80;

/// Field names that hold a card security code, lower case without `_` and `-`.
const CVV_NAMES: &[&str] = &[
    "cvv",
    "cvv2",
    "cvc",
    "cvc2",
    "cvn",
    "securitycode",
    "cardsecuritycode",
];

/// Whether a field name is a card security code's (`CVV`, `cvc2`, `security_code`).
pub(crate) fn names_a_cvv(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    CVV_NAMES.contains(&folded.as_str())
}

/// Whether a field name (the last step of a JSON pointer, or a header name) holds a secret.
pub(crate) fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(name)) || names_a_cvv(name)
}

/// Masks a card number, keeping only the last four digits.
pub(crate) fn mask_pan(pan: &str) -> String {
    let count = pan.chars().count();
    if count <= 4 {
        return "*".repeat(count);
    }
    let tail: String = pan.chars().skip(count - 4).collect();
    format!("{}{}", "*".repeat(count - 4), tail)
}

/// A URL with the password of its `user:password@` part starred, for messages about proxies
/// and targets. Text that is not a URL comes back unchanged.
pub(crate) fn url_credentials(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| scheme_end + i);
    // The last `@` of the authority ends the user information, even in a URL that does not parse.
    match url[scheme_end..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &url[scheme_end..scheme_end + at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!(
                "{}{user}:****{}",
                &url[..scheme_end],
                &url[scheme_end + at..]
            )
        }
        None => url.to_owned(),
    }
}

/// Whether a digit string passes the Luhn check every card number passes.
pub(crate) fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Masks every run of 12 to 19 digits that passes the Luhn check (what a card number looks
/// like) in free text, and refuses text holding a PEM block.
pub(crate) fn text(input: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    if input.contains("-----BEGIN") {
        return Cow::Owned("[redacted: text containing key material]".into());
    }
    let bytes = input.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = i - start;
            if (12..=19).contains(&run) && luhn(&input[start..i]) {
                let buf = out.get_or_insert_with(String::new);
                buf.push_str(&input[last..start]);
                buf.push_str(&mask_pan(&input[start..i]));
                last = i;
            }
        } else {
            i += 1;
        }
    }
    match out {
        None => Cow::Borrowed(input),
        Some(mut buf) => {
            buf.push_str(&input[last..]);
            Cow::Owned(buf)
        }
    }
}

/// Describes a value for a finding: secrets by kind only, long strings cut, numbers masked.
pub(crate) fn value(pointer: &str, value: &Value) -> String {
    let field = pointer.rsplit('/').next().unwrap_or("");
    if is_secret_field(field) {
        return match value {
            Value::String(s) => format!("[redacted string of {} characters]", s.chars().count()),
            other => format!("[redacted {}]", kind(other)),
        };
    }
    let quoted = match value {
        Value::String(s) if s.chars().count() > QUOTE_LIMIT => {
            let head: String = s.chars().take(QUOTE_LIMIT / 2).collect();
            format!("\"{head}…\" ({} characters)", s.chars().count())
        }
        Value::Object(map) => format!("an object with {} fields", map.len()),
        Value::Array(items) => format!("an array of {} items", items.len()),
        other => other.to_string(),
    };
    text(&quoted).into_owned()
}

/// The JSON kind of a value, in words.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A message (headers and body) as it may be shown in a `Debug` or a panic: secret headers
/// replaced, a JSON body redacted as a document, any other body masked as text.
pub(crate) fn message(headers: Option<&[(String, String)]>, body: &[u8]) -> String {
    let headers: Vec<String> = headers
        .unwrap_or_default()
        .iter()
        .map(|(name, value)| {
            if is_secret_field(name) {
                format!("{name}: [redacted]")
            } else {
                format!("{name}: {}", text(value))
            }
        })
        .collect();
    let body = match serde_json::from_slice::<Value>(body) {
        Ok(value) => document(&value).to_string(),
        Err(_) => text(&String::from_utf8_lossy(body)).into_owned(),
    };
    format!("headers [{}], body {body}", headers.join("; "))
}

/// A copy of a JSON document with every secret field replaced and card-like numbers masked.
pub(crate) fn document(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_field(k) && !v.is_object() {
                        Value::String("[redacted]".into())
                    } else {
                        document(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(document).collect()),
        Value::String(s) => Value::String(text(s).into_owned()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cvv_spelling_is_a_secret_field() {
        for name in [
            "cvv",
            "CVV2",
            "cvc",
            "security_code",
            "cardSecurityCode",
            "cvn",
        ] {
            assert!(is_secret_field(name), "{name}");
        }
        let doc = document(&serde_json::json!({"card": {"cvc2": "123"}}));
        assert!(!doc.to_string().contains("123"), "{doc}");
    }

    #[test]
    fn url_credentials_star_the_password_even_in_a_broken_url() {
        assert_eq!(
            url_credentials("http://u:pw@proxy:3128"),
            "http://u:****@proxy:3128"
        );
        assert_eq!(url_credentials("http://u:pw@[bad"), "http://u:****@[bad");
        assert_eq!(
            url_credentials("http://proxy:3128/a@b"),
            "http://proxy:3128/a@b"
        );
        assert_eq!(url_credentials("no url"), "no url");
    }
    use serde_json::json;

    #[test]
    fn masks_card_numbers_in_free_text() {
        assert_eq!(
            text("card 4242424242424242 declined"),
            "card ************4242 declined"
        );
        assert_eq!(text("5555555555554444"), "************4444");
        // A request id that is not a card number stays readable.
        assert_eq!(text("id 123456789207"), "id 123456789207");
        assert_eq!(text("short 12345 stays"), "short 12345 stays");
    }

    #[test]
    fn secret_fields_are_described_not_quoted() {
        let out = value(
            "/paymentMethodDetail/card/cardToken",
            &json!("ALIPAYsecret"),
        );
        assert!(!out.contains("ALIPAYsecret"));
        assert!(out.contains("12 characters"));
    }

    #[test]
    fn documents_lose_their_secrets() {
        let doc = document(
            &json!({"card": {"cardNo": "4242424242424242", "cvv": "123", "brand": "VISA"}}),
        );
        assert_eq!(
            doc,
            json!({"card": {"cardNo": "[redacted]", "cvv": "[redacted]", "brand": "VISA"}})
        );
    }

    #[test]
    fn messages_shown_in_debug_lose_their_secrets() {
        let headers = vec![(
            "Signature".to_owned(),
            "algorithm=RSA256,signature=abc".to_owned(),
        )];
        let shown = message(
            Some(&headers),
            br#"{"card":{"cardNo":"4242424242424242","cvv":"123"}}"#,
        );
        assert!(
            !shown.contains("abc") && !shown.contains("4242424242424242") && !shown.contains("123"),
            "{shown}"
        );
        assert!(message(None, b"raw 4242424242424242").contains("************4242"));
    }

    #[test]
    fn pem_blocks_never_pass() {
        assert!(!text("-----BEGIN PRIVATE KEY-----\nMIIE").contains("MIIE"));
    }
}
