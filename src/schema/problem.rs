//! What a schema error says, in the contract's terms: the field at fault and what is wrong with
//! it. The checks word it as expected/found, the simulator as a `PARAM_ILLEGAL` message.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub(crate) enum Problem {
    Missing,
    /// Of another JSON type than `expected` (lower case, e.g. `string`).
    WrongType {
        expected: String,
    },
    TooLong {
        limit: u64,
    },
    Empty,
    NotInEnum {
        options: serde_json::Value,
    },
    Pattern {
        pattern: String,
    },
    /// Not the `format` (`uri`, `date-time`).
    Format {
        format: String,
    },
    /// Anything else; the message is masked (it quotes no value).
    Other {
        masked: String,
    },
}

/// One schema error: the JSON pointer of the field at fault and its problem.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SchemaProblem {
    pub pointer: String,
    pub problem: Problem,
}

/// Reads a validation error. A missing field is pointed at itself, not at its parent.
pub(crate) fn describe(error: &ValidationError) -> SchemaProblem {
    let at = error.instance_path().as_str().to_owned();
    let (pointer, problem) = match error.kind() {
        ValidationErrorKind::Required { property } => (
            format!("{at}/{}", property.as_str().unwrap_or_default()),
            Problem::Missing,
        ),
        ValidationErrorKind::Type { kind } => (
            at,
            Problem::WrongType {
                expected: match kind {
                    TypeKind::Single(single) => single.to_string(),
                    TypeKind::Multiple(set) => format!("{set:?}").to_lowercase(),
                },
            },
        ),
        ValidationErrorKind::MaxLength { limit } => (at, Problem::TooLong { limit: *limit }),
        ValidationErrorKind::MinLength { .. } => (at, Problem::Empty),
        ValidationErrorKind::Enum { options } => (
            at,
            Problem::NotInEnum {
                options: (**options).clone(),
            },
        ),
        ValidationErrorKind::Pattern { pattern } => (
            at,
            Problem::Pattern {
                pattern: pattern.clone(),
            },
        ),
        ValidationErrorKind::Format { format } => (
            at,
            Problem::Format {
                format: format.clone(),
            },
        ),
        _ => (
            at,
            Problem::Other {
                masked: error.masked().to_string(),
            },
        ),
    };
    SchemaProblem { pointer, problem }
}
