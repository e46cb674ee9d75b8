//! JSON Schemas (draft 2020-12) derived from the contract: one file per message in `schemas/`,
//! with the coupling rules as `if`/`then` for other tools, and the compiled structural
//! validators the checks use (compiled once, shared by everyone).

mod derive;
mod names;
pub(crate) mod problem;

pub use derive::derive;
pub use names::{all_messages, file_name};

use crate::contract::{Endpoint, Side};
use jsonschema::Validator;
use std::sync::OnceLock;

/// Whether a derived schema carries the coupling rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Structure only: the checks judge the rules themselves, each under its own id.
    Without,
    /// Structure and coupling rules: what `schemas/` publishes.
    With,
}

static VALIDATORS: [OnceLock<Validator>; 8] = [const { OnceLock::new() }; 8];

/// The structural validator of a message, compiled on first use.
pub fn structural_validator(endpoint: Endpoint, side: Side) -> &'static Validator {
    let index = endpoint as usize * 2 + side as usize;
    VALIDATORS[index].get_or_init(|| {
        compile(&derive(endpoint, side, Rules::Without))
            .expect("the derived schemas compile (tested by schema::tests)")
    })
}

/// A schema that does not compile: a vaultcheck bug when the schema is derived, a broken
/// document when it came from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error(
    "the JSON Schema does not compile: {reason} (at {pointer}); a derived schema that fails here is a vaultcheck bug"
)]
pub struct SchemaError {
    /// What the compiler refused.
    pub reason: String,
    /// Where in the schema (a JSON pointer).
    pub pointer: String,
}

/// Compiles a schema with format assertions on (URLs and date-times are part of the contract).
pub fn compile(schema: &serde_json::Value) -> Result<Validator, SchemaError> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| SchemaError {
            reason: e.to_string(),
            pointer: e.schema_path().as_str().to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derived_schema_compiles_with_and_without_rules() {
        for (endpoint, side) in all_messages() {
            for rules in [Rules::With, Rules::Without] {
                let schema = derive(endpoint, side, rules);
                compile(&schema).unwrap_or_else(|e| panic!("{endpoint} {side:?}: {e}"));
            }
        }
    }
}
