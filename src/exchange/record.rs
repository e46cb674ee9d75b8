//! A recording of traffic (`vaultcheck proxy --record`, `vaultcheck run --record`): every
//! exchange as one NDJSON line in exactly the format `vaultcheck check --exchanges` reads (`endpoint`, `path`, `status`, `requestHeaders`,
//! `responseHeaders`, `request`, `response`), redacted so that it keeps the shape the checks
//! judge. A secret (a field or header the redaction point calls secret: card number, CVV, card
//! token, signature, ...) keeps its kind and length but not its characters (digits become `0`,
//! letters `x` or `X`), so `cardNo` still has 12 to 19 digits and the `Signature` header still
//! parses; card-like numbers anywhere else are masked by the redaction point. A recording
//! re-judged offline therefore gives the same single-exchange findings, except
//! `response_signature`, which needs the real signature (re-judge without the Antom key).

use crate::exchange::{Exchange, Headers};
use crate::protocol::headers::title;
use crate::redact;
use serde_json::value::RawValue;

/// One exchange as one NDJSON line (no trailing newline).
pub(crate) fn line(exchange: &Exchange) -> String {
    line_with(exchange, &[])
}

/// One exchange as one NDJSON line with more string fields after the exchange's own (a run
/// adds the unit's name and the step's intent; `check --exchanges` reads `intent`). The extra
/// values go through the redaction point.
pub(crate) fn line_with(exchange: &Exchange, extra: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    let field = |out: &mut String, name: &str, value: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).expect("a string serialises"));
        out.push(':');
        out.push_str(value);
    };
    let quoted = |text: &str| serde_json::to_string(text).expect("a string serialises");
    field(&mut out, "endpoint", &quoted(exchange.endpoint.name()));
    field(&mut out, "path", &quoted(&redact::text(&exchange.path)));
    if let Some(status) = exchange.status {
        field(&mut out, "status", &status.to_string());
    }
    if let Some(headers) = &exchange.request.headers {
        field(&mut out, "requestHeaders", &quoted(&header_lines(headers)));
    }
    if let Some(headers) = &exchange.response.headers {
        field(&mut out, "responseHeaders", &quoted(&header_lines(headers)));
    }
    field(&mut out, "request", &body(&exchange.request.body));
    field(&mut out, "response", &body(&exchange.response.body));
    for (name, value) in extra {
        field(&mut out, name, &quoted(&redact::text(value)));
    }
    out.push('}');
    out
}

/// Whether a `Signature` header's `signature=` part is a recording's stand-in (only `0`, `x`,
/// `X` and base64/URL punctuation), not a real signature: a real RSA signature in base64 never
/// looks like that, so `check --exchanges` cannot mistake one for the other. Such a signature
/// was verified (or not) when it was recorded; offline it cannot be.
pub(crate) fn is_redacted_signature(header: &str) -> bool {
    header.split(',').any(|part| {
        part.split_once('=').is_some_and(|(key, value)| {
            let value = value.trim();
            key.trim().eq_ignore_ascii_case("signature")
                && !value.is_empty()
                && value
                    .chars()
                    .all(|c| matches!(c, '0' | 'x' | 'X' | '%' | '+' | '/' | '=' | '-' | '_'))
        })
    })
}

/// Header lines (`Name: value`, one a line): order and repeated names kept, as the reader of
/// `check --exchanges` takes them.
fn header_lines(headers: &Headers) -> String {
    headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", header_value(name, value)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A header value, redacted: a secret header keeps its shape; in `Signature` only the
/// `signature=` part is secret, so the header still reads as one.
fn header_value(name: &str, value: &str) -> String {
    let value = value.replace(['\r', '\n'], " ");
    if name.eq_ignore_ascii_case(title::SIGNATURE) {
        let parts: Vec<String> = value
            .split(',')
            .map(|part| match part.split_once('=') {
                Some((key, secret)) if key.trim().eq_ignore_ascii_case("signature") => {
                    format!("{key}={}", keep_shape(secret))
                }
                _ => redact::text(part).into_owned(),
            })
            .collect();
        return parts.join(",");
    }
    if redact::is_secret_field(name) {
        return keep_shape(&value);
    }
    redact::text(&value).into_owned()
}

/// A body as the reader takes it: JSON (other than a bare string) as JSON text on the line,
/// anything else as a JSON string of its text; empty as `null`.
fn body(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "null".into();
    }
    let as_string = || {
        let text = String::from_utf8_lossy(bytes);
        serde_json::to_string(&redact::text(&text)).expect("a string serialises")
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return as_string();
    };
    let json_text = text.trim_start_matches('\u{feff}');
    let is_json = serde_json::from_str::<&RawValue>(json_text).is_ok();
    if !is_json || json_text.trim_start().starts_with('"') {
        return as_string();
    }
    let redacted = redact_json(json_text);
    match serde_json::from_str::<&RawValue>(&redacted) {
        Ok(_) => redacted,
        // Never expected (the scan keeps JSON valid); a string is still readable.
        Err(_) => as_string(),
    }
}

/// A secret's stand-in of the same kind and length: digits `0`, letters `x`/`X`, other
/// characters (and each JSON escape) one `x`; ASCII punctuation stays, so a date keeps its
/// dashes and a URL-encoded signature its `%`.
fn keep_shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                // One escaped character, one `x`: `\u00e9` is six characters of text.
                if chars.next() == Some('u') {
                    for _ in 0..4 {
                        chars.next();
                    }
                }
                out.push('x');
            }
            '0'..='9' => out.push('0'),
            'a'..='z' => out.push('x'),
            'A'..='Z' => out.push('X'),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            _ => out.push('x'),
        }
    }
    out
}

/// A number token with its card-like digits zeroed but the last four, when the redaction point
/// sees a card number in it; digits all zeroed when it is a secret. The token stays a JSON
/// number (a zeroed leading digit becomes `1`: JSON has no leading zeros).
fn number(token: &str, secret: bool) -> String {
    if !secret && redact::text(token) == token {
        return token.to_owned();
    }
    let digits = token.chars().filter(char::is_ascii_digit).count();
    let keep = if secret { 0 } else { 4 };
    let mut seen = 0;
    let mut out: Vec<u8> = token
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c as u8;
            }
            seen += 1;
            if seen + keep > digits { c as u8 } else { b'0' }
        })
        .collect();
    let first = usize::from(out.first() == Some(&b'-'));
    if out.get(first) == Some(&b'0') && out.get(first + 1).is_some_and(u8::is_ascii_digit) {
        out[first] = b'1';
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// An open object or array, and whether its values are secret (an array under a secret key).
struct Container {
    object: bool,
    secret: bool,
}

/// Redacts JSON text without re-serialising it: keys, order, repeated keys, numbers as
/// written and every byte outside secrets stay; line breaks between tokens become spaces (one
/// exchange, one line). `text` must be valid JSON.
pub(crate) fn redact_json(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut stack: Vec<Container> = Vec::new();
    // After a key: whether that key names a secret.
    let mut after_key: Option<bool> = None;
    let mut at = 0;
    while at < bytes.len() {
        let secret =
            after_key.unwrap_or_else(|| stack.last().is_some_and(|c| !c.object && c.secret));
        match bytes[at] {
            b'"' => {
                let end = string_end(bytes, at);
                let content = &text[at + 1..end - 1];
                let is_key = stack.last().is_some_and(|c| c.object)
                    && after_key.is_none()
                    && text[end..].trim_start().starts_with(':');
                out.push('"');
                if is_key {
                    out.push_str(&redact::text(content));
                    after_key = Some(redact::is_secret_field(content));
                } else {
                    if secret {
                        out.push_str(&keep_shape(content));
                    } else {
                        out.push_str(&redact::text(content));
                    }
                    after_key = None;
                }
                out.push('"');
                at = end;
            }
            b'{' | b'[' => {
                let object = bytes[at] == b'{';
                stack.push(Container {
                    object,
                    // An object under a secret key is judged field by field, as the
                    // redaction point does.
                    secret: !object && secret,
                });
                after_key = None;
                out.push(bytes[at] as char);
                at += 1;
            }
            b'}' | b']' => {
                stack.pop();
                out.push(bytes[at] as char);
                at += 1;
            }
            b'\n' | b'\r' => {
                out.push(' ');
                at += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = at
                    + bytes[at..]
                        .iter()
                        .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                        .count();
                out.push_str(&number(&text[at..end], secret));
                after_key = None;
                at = end;
            }
            b't' | b'f' | b'n' => {
                let end = at
                    + bytes[at..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                out.push_str(&text[at..end]);
                after_key = None;
                at = end;
            }
            _ => {
                // `,`, `:`, spaces, tabs: ASCII, copied. Anything else cannot occur outside a
                // string of valid JSON; copy the character whole.
                let c = text[at..].chars().next().expect("inside the text");
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
    out
}

/// The index just past the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Endpoint;
    use crate::exchange::Message;

    const CARD: &str = "4054695723100768";

    #[test]
    fn secrets_keep_their_shape_and_nothing_else_changes() {
        let body = format!(
            "{{\"vaultingRequestId\": \"vr-1\",\n \"paymentMethodDetail\": {{\"card\": {{\"cardNo\": \"{CARD}\", \"cvv\": \"123\", \"dateOfBirth\": \"1990-01-31\", \"note\": \"card {CARD}\", \"n\": {CARD}, \"cardToken\": \"AB\\u00e9c\"}}}}, \"flag\": true, \"x\": null, \"a\": [1, 2.5e3]}}"
        );
        let out = redact_json(&body);
        assert!(
            !out.contains(CARD) && !out.contains("123\"") && !out.contains("1990"),
            "{out}"
        );
        assert!(!out.contains('\n'), "{out}");
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let card = &value["paymentMethodDetail"]["card"];
        assert_eq!(card["cardNo"], "0000000000000000");
        assert_eq!(card["cvv"], "000");
        assert_eq!(card["dateOfBirth"], "0000-00-00");
        assert_eq!(card["cardToken"], "XXxx");
        assert_eq!(card["note"], "card ************0768");
        assert_eq!(card["n"], serde_json::json!(1_000_000_000_000_768u64));
        assert_eq!(value["vaultingRequestId"], "vr-1");
        assert_eq!(value["a"], serde_json::json!([1, 2500.0]));
        // Key order as written (sorting would put `a` first).
        assert!(out.starts_with("{\"vaultingRequestId\""), "{out}");
    }

    #[test]
    fn an_array_under_a_secret_key_is_secret_an_object_is_judged_by_field() {
        let out = redact_json(
            r#"{"token":["abc",12],"signature":{"cardNo":"1234567890123","kept":"yes"}}"#,
        );
        assert_eq!(
            out,
            r#"{"token":["xxx",10],"signature":{"cardNo":"0000000000000","kept":"yes"}}"#
        );
    }

    #[test]
    fn the_signature_header_still_parses_and_hides_its_value() {
        let value = "algorithm=RSA256, keyVersion=1, signature=Ab%2Bc9";
        let shown = header_value("Signature", value);
        assert_eq!(shown, "algorithm=RSA256, keyVersion=1, signature=Xx%0Xx0");
        assert!(crate::protocol::SignatureHeader::parse(&shown).is_ok());
        assert!(is_redacted_signature(&shown));
        assert!(!is_redacted_signature(value));
        assert!(!is_redacted_signature("algorithm=RSA256"));
    }

    #[test]
    fn a_line_holds_every_field_the_reader_takes() {
        let exchange = Exchange {
            endpoint: Endpoint::InquireVaulting,
            path: "/ams/sandbox/api/v1/vaults/inquireVaulting".into(),
            method: "POST".into(),
            request: Message {
                headers: Some(vec![(
                    "signature".into(),
                    "algorithm=RSA256,signature=abc".into(),
                )]),
                body: br#"{"vaultingRequestId":"vr-1"}"#.to_vec(),
            },
            status: Some(200),
            response: Message {
                headers: Some(vec![("content-type".into(), "application/json".into())]),
                body: b"not json \"".to_vec(),
            },
            elapsed: None,
        };
        let line = line(&exchange);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["endpoint"], "inquireVaulting");
        assert_eq!(value["status"], 200);
        assert_eq!(value["request"]["vaultingRequestId"], "vr-1");
        assert_eq!(value["response"], "not json \"");
        assert_eq!(
            value["requestHeaders"],
            "signature: algorithm=RSA256,signature=xxx"
        );
        assert_eq!(value["responseHeaders"], "content-type: application/json");
    }
}
