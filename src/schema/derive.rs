//! Turns the contract's shapes and rules into draft 2020-12 JSON Schema.

use super::Rules;
use crate::contract::rules::{Cond, Demand, Rule};
use crate::contract::types::{Object, Origin, Ty};
use crate::contract::{Endpoint, Side};
use serde_json::{Map, Value, json};

/// Derives the schema of one message.
pub fn derive(endpoint: Endpoint, side: Side, rules: Rules) -> Value {
    let shape = endpoint.shape(side);
    let mut defs = Map::new();
    let mut root = object_schema(shape, &mut defs);
    let root_map = root.as_object_mut().expect("object schemas are objects");
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert(
        "$id".into(),
        json!(format!(
            "urn:vaultcheck:{}",
            super::file_name(endpoint, side)
        )),
    );
    schema.insert(
        "title".into(),
        json!(format!(
            "{} {}",
            endpoint.name(),
            endpoint.message_word(side)
        )),
    );
    schema.insert(
        "description".into(),
        json!("Derived by vaultcheck from its contract (`vaultcheck schemas --write`). Every non-array value is a JSON string."),
    );
    schema.append(root_map);
    if rules == Rules::With && !endpoint.rules(side).is_empty() {
        let all_of: Vec<Value> = endpoint.rules(side).iter().map(rule_schema).collect();
        schema.insert("allOf".into(), Value::Array(all_of));
    }
    if !defs.is_empty() {
        schema.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(schema)
}

fn object_schema(object: &'static Object, defs: &mut Map<String, Value>) -> Value {
    let mut properties = Map::new();
    for field in object.fields {
        let mut schema = type_schema(field.ty, defs);
        // A required string that is empty is as good as missing.
        if let Some(map) = schema.as_object_mut() {
            if field.required && matches!(field.ty, Ty::Text { .. } | Ty::Url { .. }) {
                map.insert("minLength".into(), json!(1));
            }
            if field.origin == Origin::Sdk {
                map.insert(
                    "description".into(),
                    json!("Known only to the official SDKs, not to the API reference."),
                );
            }
        }
        properties.insert(field.name.into(), schema);
    }
    let required: Vec<&str> = object
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    Value::Object(schema)
}

fn type_schema(ty: Ty, defs: &mut Map<String, Value>) -> Value {
    match ty {
        Ty::Text { max: Some(max) } => json!({"type": "string", "maxLength": max}),
        Ty::Text { max: None } => json!({"type": "string"}),
        Ty::Url { max } => json!({"type": "string", "format": "uri", "maxLength": max}),
        Ty::Enum(values) => json!({"type": "string", "enum": values}),
        Ty::Pattern { pattern, max, what } => {
            json!({"type": "string", "pattern": pattern, "maxLength": max, "description": what})
        }
        Ty::DateTime => json!({"type": "string", "format": "date-time"}),
        Ty::BoolLike => json!({
            "enum": ["true", "false", true, false],
            "description": "The string \"true\" or \"false\"; the official SDKs send a JSON boolean, which is accepted."
        }),
        Ty::IntLike { min, max } => json!({
            "anyOf": [
                {"type": "string", "pattern": int_range_pattern(min, max)},
                {"type": "integer", "minimum": min, "maximum": max}
            ],
            "description": format!("An integer from {min} to {max}, as a string; the Java SDK sends a JSON integer, which is accepted.")
        }),
        Ty::Object(object) => {
            if !defs.contains_key(object.name) {
                // Insert a placeholder first so recursive shapes terminate.
                defs.insert(object.name.into(), Value::Null);
                let schema = object_schema(object, defs);
                defs.insert(object.name.into(), schema);
            }
            json!({"$ref": format!("#/$defs/{}", object.name)})
        }
        Ty::OpaqueObject => json!({"type": "object"}),
        Ty::StringArray => json!({"type": "array", "items": {"type": "string"}}),
    }
}

/// An anchored regular expression matching exactly the decimal integers from `min` to `max`
/// (no `+`, no leading zeros, no `-0`), so a string-typed integer keeps the same limits as the
/// JSON integer beside it.
fn int_range_pattern(min: i64, max: i64) -> String {
    let mut alternatives = Vec::new();
    if min < 0 {
        // The magnitudes of the negatives in range: from |min(max, -1)| up to |min|.
        let negatives = naturals(max.min(-1).unsigned_abs(), min.unsigned_abs());
        alternatives.push(format!("-{}", group(&negatives)));
    }
    if max >= 0 {
        alternatives.extend(naturals(min.max(0).unsigned_abs(), max.unsigned_abs()));
    }
    format!("^{}$", group(&alternatives))
}

/// Alternatives matching the naturals `lo..=hi`, one run of alternatives per digit count.
fn naturals(lo: u64, hi: u64) -> Vec<String> {
    let mut out = Vec::new();
    let width = |n: u64| n.to_string().len();
    for digits in width(lo)..=width(hi) {
        let floor = if digits == 1 {
            0
        } else {
            10u64.pow(digits as u32 - 1)
        };
        let ceiling = 10u64.pow(digits as u32) - 1;
        let (from, to) = (lo.max(floor), hi.min(ceiling));
        if from <= to {
            out.extend(same_width(&from.to_string(), &to.to_string()));
        }
    }
    out
}

/// Alternatives matching the digit strings from `lo` to `hi`, both of one width.
fn same_width(lo: &str, hi: &str) -> Vec<String> {
    if lo == hi {
        return vec![lo.to_owned()];
    }
    let (l, lo_rest) = (lo.as_bytes()[0], &lo[1..]);
    let (h, hi_rest) = (hi.as_bytes()[0], &hi[1..]);
    let rest = lo_rest.len();
    let any = |n: usize| match n {
        0 => String::new(),
        1 => "[0-9]".to_owned(),
        n => format!("[0-9]{{{n}}}"),
    };
    let class = |a: u8, b: u8| {
        if a == b {
            (a as char).to_string()
        } else {
            format!("[{}-{}]", a as char, b as char)
        }
    };
    if l == h {
        return vec![format!(
            "{}{}",
            l as char,
            group(&same_width(lo_rest, hi_rest))
        )];
    }
    let mut out = Vec::new();
    let mut first_full = l;
    if lo_rest.bytes().any(|c| c != b'0') {
        let tail = same_width(lo_rest, &"9".repeat(rest));
        out.push(format!("{}{}", l as char, group(&tail)));
        first_full += 1;
    }
    let mut last_full = h;
    let mut upper = None;
    if hi_rest.bytes().any(|c| c != b'9') {
        let tail = same_width(&"0".repeat(rest), hi_rest);
        upper = Some(format!("{}{}", h as char, group(&tail)));
        last_full -= 1;
    }
    if first_full <= last_full {
        out.push(format!("{}{}", class(first_full, last_full), any(rest)));
    }
    out.extend(upper);
    out
}

/// One alternative as it is; several as a non-capturing group.
fn group(alternatives: &[String]) -> String {
    match alternatives {
        [one] => one.clone(),
        many => format!("(?:{})", many.join("|")),
    }
}

/// `{"properties": {"a": {"properties": {"b": LEAF}, "required": ["b"]}}, "required": ["a"]}`.
fn nest_required(path: &[&str], leaf: Value) -> Value {
    match path {
        [] => leaf,
        [head, rest @ ..] => json!({
            "properties": { *head: nest_required(rest, leaf) },
            "required": [head],
        }),
    }
}

fn cond_schema(cond: &Cond) -> Value {
    match *cond {
        Cond::Is(path, values) => nest_required(path, json!({"type": "string", "enum": values})),
        Cond::IsNot(path, values) => {
            nest_required(path, json!({"type": "string", "not": {"enum": values}}))
        }
    }
}

fn demand_schema(path: &[&str], demand: Demand) -> Value {
    let (parents, last) = path.split_at(path.len() - 1);
    let leaf = match demand {
        Demand::Present => json!({"required": [last[0]]}),
        Demand::Absent => json!({"not": {"required": [last[0]]}}),
    };
    parents
        .iter()
        .rev()
        .fold(leaf, |inner, parent| match demand {
            Demand::Present => json!({"properties": {*parent: inner}, "required": [parent]}),
            Demand::Absent => json!({"properties": {*parent: inner}}),
        })
}

fn rule_schema(rule: &Rule) -> Value {
    json!({
        "description": format!("{} ({}): when {}, {} is {}", rule.spec, rule.check, rule.when.describe(), rule.field.join("."), match rule.demand { Demand::Present => "required", Demand::Absent => "absent" }),
        "if": cond_schema(&rule.when),
        "then": demand_schema(rule.field, rule.demand),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        crate::schema::compile(&json!({"type": "string", "pattern": pattern}))
            .expect("the pattern compiles")
            .is_valid(&json!(text))
    }

    #[test]
    fn integer_range_patterns_match_exactly_the_range() {
        for (min, max) in [
            (-720, 720),
            (0, 9),
            (5, 1234),
            (-99, -10),
            (-1, 0),
            (100, 100),
        ] {
            let pattern = int_range_pattern(min, max);
            let validator = crate::schema::compile(&json!({"type": "string", "pattern": pattern}))
                .expect("the pattern compiles");
            for n in -1500..=1500 {
                assert_eq!(
                    validator.is_valid(&json!(n.to_string())),
                    (min..=max).contains(&n),
                    "{n} against {min}..={max}: {pattern}"
                );
            }
        }
        let pattern = int_range_pattern(-720, 720);
        for bad in ["", "-", "-0", "+5", "007", "7a", " 7", "9999"] {
            assert!(!matches(&pattern, bad), "{bad:?}: {pattern}");
        }
    }

    #[test]
    fn a_string_integer_keeps_the_limits_of_the_integer() {
        let schema = type_schema(
            Ty::IntLike {
                min: -720,
                max: 720,
            },
            &mut Map::new(),
        );
        let validator = crate::schema::compile(&schema).expect("compiles");
        for good in [
            json!("720"),
            json!("-720"),
            json!("0"),
            json!(720),
            json!(-480),
        ] {
            assert!(validator.is_valid(&good), "{good}");
        }
        for bad in [
            json!("9999"),
            json!("721"),
            json!("-721"),
            json!(9999),
            json!("ten"),
        ] {
            assert!(!validator.is_valid(&bad), "{bad}");
        }
    }
}
