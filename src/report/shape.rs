//! The shape of a response for snapshots: every field path with the kind of its value, the
//! HTTP status and the protocol headers present. Values that identify nothing volatile
//! (statuses, result codes, brands) are kept; everything else (ids, tokens, URLs, times) is
//! reduced to its kind, so secrets never reach a snapshot and only real changes make a diff.

use crate::exchange::Exchange;
use crate::protocol::headers;
use http::HeaderName;
use serde_json::{Map, Value, json};

/// Fields whose values are part of the contract's vocabulary, kept in snapshots.
const KEPT: &[&str] = &[
    "resultStatus",
    "resultCode",
    "vaultingStatus",
    "paymentMethodType",
    "brand",
    "funding",
];

/// Headers whose presence belongs to the protocol.
const HEADERS: [HeaderName; 4] = [
    headers::CONTENT_TYPE,
    headers::CLIENT_ID,
    headers::RESPONSE_TIME,
    headers::SIGNATURE,
];

fn kind(name: &str, value: &Value) -> Value {
    match value {
        Value::String(s) if KEPT.contains(&name) => {
            Value::String(crate::redact::text(s).into_owned())
        }
        Value::String(s) if s.starts_with("http://") || s.starts_with("https://") => json!("<url>"),
        Value::String(s) if crate::protocol::time::parse_iso8601(s).is_some() => {
            json!("<date-time>")
        }
        Value::String(_) => json!("<string>"),
        Value::Number(_) => json!("<number>"),
        Value::Bool(_) => json!("<boolean>"),
        Value::Null => json!("<null>"),
        Value::Array(items) => json!(format!("<array of {}>", items.len())),
        Value::Object(_) => json!("<object>"),
    }
}

fn walk(value: &Value, at: &str, out: &mut Map<String, Value>) {
    if let Value::Object(map) = value {
        for (key, child) in map {
            let pointer = format!("{at}/{key}");
            if child.is_object() {
                walk(child, &pointer, out);
            } else {
                out.insert(pointer, kind(key, child));
            }
        }
    }
}

/// The shape of an exchange's response.
pub fn of_response(exchange: &Exchange) -> Value {
    let mut fields = Map::new();
    match serde_json::from_slice::<Value>(&exchange.response.body) {
        Ok(value) => walk(&value, "", &mut fields),
        Err(_) => {
            fields.insert("<body>".into(), json!("<not JSON>"));
        }
    }
    let mut headers: Vec<String> = exchange
        .response
        .headers
        .iter()
        .flatten()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| HEADERS.iter().any(|h| h.as_str() == n))
        .collect();
    headers.sort();
    headers.dedup();
    json!({
        "endpoint": exchange.endpoint.name(),
        "status": exchange.status,
        "headers": headers,
        "fields": Value::Object(fields),
    })
}
