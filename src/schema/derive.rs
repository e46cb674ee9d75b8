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
                {"type": "string", "pattern": "^-?[0-9]{1,4}$"},
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
