//! `string_typed_values`: every non-array value in Antom's message is a JSON string.

use super::{Context, Findings};
use crate::redact;
use serde_json::Value;

const SPEC: &str = "Structure note: set the data type of each field (except array) as String";

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    if let Some(value) = ctx.antom_object() {
        walk(value, &mut String::new(), out);
    }
}

fn walk(value: &Value, at: &mut String, out: &mut Findings) {
    match value {
        Value::Number(_) | Value::Bool(_) => {
            let found = format!("{} {}", redact::kind(value), redact::value(at, value));
            out.violation(at.clone(), "a JSON string", found, SPEC);
        }
        Value::Object(map) => {
            for (key, child) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&index.to_string());
                walk(child, at, out);
                at.truncate(len);
            }
        }
        Value::String(_) | Value::Null => {}
    }
}
