//! Fixed cases: one self-describing JSON file each in `cases/`, validated against
//! `schemas/case.schema.json` before it runs.

use crate::check::Intent;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// A fixed case or flow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// One line: what the case proves.
    pub description: String,
    /// Steps that control the simulator (3DS approval, notifications) cannot run on a live
    /// sandbox; such cases say so and are skipped there.
    #[serde(default)]
    pub needs_simulator: bool,
    pub steps: Vec<StepSpec>,
    /// Expected to fail, with the reason; a case that passes anyway fails with "remove xfail".
    #[serde(default)]
    pub xfail: Option<String>,
}

/// One step of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "do", rename_all = "kebab-case", deny_unknown_fields)]
pub enum StepSpec {
    /// Calls an operation. Strings in `body` may use `${id}`, `${notify}` and saved values.
    Call {
        endpoint: String,
        body: Box<Value>,
        #[serde(default)]
        intent: Intent,
        #[serde(default)]
        method: Option<String>,
        #[serde(default)]
        expect: Box<Expect>,
        /// Values to keep for later steps: name → JSON pointer into the answer.
        #[serde(default)]
        save: BTreeMap<String, String>,
        /// Call again while the answer is `U`, with the same body, at most this many times.
        #[serde(default)]
        retry_unknown: usize,
    },
    /// Approves the 3DS challenge at `url` (the simulator's page).
    #[serde(rename = "approve-3ds")]
    Approve3ds { url: String },
    /// Declines the 3DS challenge at `url`.
    #[serde(rename = "decline-3ds")]
    Decline3ds { url: String },
    /// Waits for notifyVaulting about `id` at the local listener.
    AwaitNotification { id: String },
}

/// What an answer must show, beyond what every check demands.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub result_status: Option<String>,
    #[serde(default)]
    pub result_code: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
    /// JSON pointer → value the answer must hold there.
    #[serde(default)]
    pub equals: BTreeMap<String, Value>,
    /// JSON pointer → suffix the string there must end with.
    #[serde(default)]
    pub ends_with: BTreeMap<String, String>,
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
}

/// A case as loaded, with its name (the file stem).
#[derive(Debug, Clone)]
pub struct NamedCase {
    pub name: String,
    pub case: Case,
    /// The test cards the case names (`${card.success}`, ...), found in its text.
    pub cards: Vec<String>,
}

/// The names of the test cards a case's text refers to as `${card.NAME...}`.
pub fn cards_named(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("${card.")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

impl NamedCase {
    /// `flow` for cases of more than one step, else `fixed`.
    pub fn kind(&self) -> &'static str {
        if self.case.steps.len() > 1 {
            "flow"
        } else {
            "fixed"
        }
    }
}

/// The JSON Schema every case file must satisfy.
pub fn case_schema() -> Value {
    let pointer_map = json!({"type": "object", "additionalProperties": {"type": "string", "pattern": "^(/.*)?$"}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:vaultcheck:case.schema.json",
        "title": "vaultcheck case",
        "description": "One fixed case or flow of the conformance suite (cases/*.json).",
        "type": "object",
        "required": ["description", "steps"],
        "additionalProperties": false,
        "properties": {
            "description": {"type": "string", "minLength": 1, "pattern": "^[^\\n]+$"},
            "needs_simulator": {"type": "boolean"},
            "xfail": {"type": "string", "minLength": 1},
            "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}}
        },
        "$defs": {
            "step": {
                "type": "object",
                "required": ["do"],
                "oneOf": [
                    {
                        "properties": {
                            "do": {"const": "call"},
                            "endpoint": {"enum": ["inquireVaulting", "vaultPaymentMethod", "createVaultingSession"]},
                            "body": {},
                            "intent": {"enum": ["valid", "invalid", "unsigned", "wrong-signature", "unknown-client", "stale", "unsupported-method", "unknown-id"]},
                            "method": {"enum": ["GET", "PUT", "DELETE", "PATCH", "POST"]},
                            "expect": {"$ref": "#/$defs/expect"},
                            "save": pointer_map,
                            "retry_unknown": {"type": "integer", "minimum": 0, "maximum": 5}
                        },
                        "required": ["endpoint", "body"],
                        "additionalProperties": false
                    },
                    {
                        "properties": {"do": {"enum": ["approve-3ds", "decline-3ds"]}, "url": {"type": "string"}},
                        "required": ["url"],
                        "additionalProperties": false
                    },
                    {
                        "properties": {"do": {"const": "await-notification"}, "id": {"type": "string"}},
                        "required": ["id"],
                        "additionalProperties": false
                    }
                ]
            },
            "expect": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "result_status": {"enum": ["S", "F", "U"]},
                    "result_code": {"type": "string"},
                    "http_status": {"type": "integer"},
                    "equals": {"type": "object"},
                    "ends_with": {"type": "object", "additionalProperties": {"type": "string"}},
                    "present": {"type": "array", "items": {"type": "string", "pattern": "^/"}},
                    "absent": {"type": "array", "items": {"type": "string", "pattern": "^/"}}
                }
            }
        }
    })
}

/// Loads every `*.json` case in `dir`, sorted by name. Each error names the file and what is
/// wrong with it.
pub fn load_dir(dir: &Path) -> Result<Vec<NamedCase>, String> {
    let validator = crate::schema::compile(&case_schema()).expect("the case schema compiles");
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read cases from {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read case {}: {e}", path.display()))?;
            let value: Value = serde_json::from_str(&text)
                .map_err(|e| format!("case {} is not JSON: {e}", path.display()))?;
            if let Some(error) = validator.iter_errors(&value).next() {
                return Err(format!(
                    "case {} does not follow schemas/case.schema.json at `{}`: {}",
                    path.display(),
                    error.instance_path(),
                    error.masked()
                ));
            }
            let case: Case = serde_json::from_value(value)
                .map_err(|e| format!("case {}: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(NamedCase {
                name,
                case,
                cards: cards_named(&text),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cards_a_case_names() {
        let text = r#"{"cardNo": "${card.success}", "x": "${card.success.last4}", "y": "${card.declined}", "z": "${id}"}"#;
        assert_eq!(cards_named(text), vec!["declined", "success"]);
        assert!(cards_named("{}").is_empty());
    }
}
