//! Helpers several checks share: judging a body against the derived structural schema,
//! finding fields nobody documents, and judging coupling rules by check id.

use super::context::Context;
use super::finding::{Findings, Severity};
use crate::contract::rules::{Demand, lookup, pointer};
use crate::contract::types::{Object, Ty};
use crate::contract::{Basis, Endpoint, Side};
use crate::json::ParsedBody;
use crate::redact;
use crate::schema::problem::{Problem, SchemaProblem, describe};
use serde_json::Value;
use std::fmt::Write as _;

/// Reports a body that is not JSON, not an object, or repeats keys. Returns the object when
/// there is one to judge further.
pub(super) fn readable_object<'c>(
    ctx: &'c Context,
    side: Side,
    out: &mut Findings,
    spec: &str,
) -> Option<&'c Value> {
    match ctx.parsed(side) {
        Err(problem) => {
            out.violation("", "a JSON object", problem.to_string(), spec);
            None
        }
        Ok(ParsedBody {
            value,
            duplicate_keys,
        }) => {
            for key in duplicate_keys {
                out.violation(
                    key.as_str(),
                    "each key once in its object",
                    "the key repeated",
                    spec,
                );
            }
            if value.is_object() {
                Some(value)
            } else {
                out.violation("", "a JSON object", redact::kind(value), spec);
                None
            }
        }
    }
}

/// Which schema errors a check leaves to others.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Leave {
    /// Leave numbers and booleans to `string_typed_values`.
    NonStrings,
    Nothing,
}

/// What a schema problem rests on. The field tables (presence, type, length, enum, pattern,
/// date-time) are documented. URL syntax is not: the docs give a URL field's type and length
/// only. For Antom's URLs (`normalUrl`, ...) DESIGN's policy says absolute URL; for the URLs a
/// merchant sends (`vaultingNotificationUrl`, `redirectUrl`) the syntax is the harness's
/// inference.
pub(super) fn problem_basis(endpoint: Endpoint, side: Side, problem: &Problem) -> Basis {
    match problem {
        Problem::Format { format } if format == "uri" => {
            if side == endpoint.antom_side() {
                Basis::Policy
            } else {
                Basis::Inferred
            }
        }
        Problem::Pattern { pattern }
            if side == endpoint.merchant_side()
                && crate::contract::shapes::INFERRED_REQUEST_PATTERNS
                    .contains(&pattern.as_str()) =>
        {
            Basis::Inferred
        }
        _ => Basis::Documented,
    }
}

/// What the rules a message breaks rest on: the strongest basis among its schema problems, or
/// `None` when the structural schema finds none.
pub(super) fn broken_request_basis(ctx: &Context, side: Side, value: &Value) -> Option<Basis> {
    let validator = crate::schema::structural_validator(ctx.endpoint(), side);
    validator
        .iter_errors(value)
        .map(|error| problem_basis(ctx.endpoint(), side, &describe(&error).problem))
        .reduce(Basis::stronger)
}

/// Judges a message with the structural schema of its contract shape.
pub(super) fn schema_findings(
    ctx: &Context,
    side: Side,
    value: &Value,
    leave: Leave,
    out: &mut Findings,
) {
    let validator = crate::schema::structural_validator(ctx.endpoint(), side);
    let spec = format!(
        "{} {} schema (schemas/{})",
        ctx.endpoint(),
        ctx.endpoint().message_word(side),
        crate::schema::file_name(ctx.endpoint(), side)
    );
    for error in validator.iter_errors(value) {
        let instance: &Value = error.instance();
        if leave == Leave::NonStrings && (instance.is_number() || instance.is_boolean()) {
            continue;
        }
        let SchemaProblem { pointer, problem } = describe(&error);
        let basis = problem_basis(ctx.endpoint(), side, &problem);
        let quoted = || redact::value(&pointer, instance);
        let (expected, found) = match problem {
            Problem::Missing => ("present (required)".to_owned(), "absent".to_owned()),
            Problem::TooLong { limit } => {
                let count = instance.as_str().map_or(0, |s| s.chars().count());
                (
                    format!("at most {limit} characters"),
                    format!("{count} characters"),
                )
            }
            Problem::Empty => (
                "a non-empty string".to_owned(),
                "an empty string".to_owned(),
            ),
            Problem::NotInEnum { options } => {
                let count = options.as_array().map_or(0, Vec::len);
                let expected = if count <= 8 {
                    format!("one of {options}")
                } else {
                    format!("one of the {count} documented values")
                };
                (expected, quoted())
            }
            Problem::Pattern { pattern } => (format!("a string matching {pattern}"), quoted()),
            Problem::Format { format } => {
                let expected = match format.as_str() {
                    "uri" => "an absolute URL".to_owned(),
                    "date-time" => "an ISO 8601 date-time".to_owned(),
                    other => format!("format {other}"),
                };
                (expected, quoted())
            }
            Problem::WrongType { expected } => (
                format!("type {expected}"),
                redact::kind(instance).to_owned(),
            ),
            Problem::Other { masked } => ("a value the schema allows".to_owned(), masked),
        };
        out.breach(basis, pointer, expected, found, spec.as_str());
    }
}

/// Reports, as notices, fields that neither the API reference nor the SDKs know.
pub(super) fn undocumented_fields(
    object: &'static Object,
    value: &Value,
    at: &str,
    out: &mut Findings,
) {
    let Some(map) = value.as_object() else { return };
    for (key, child) in map {
        let pointer = format!("{at}/{key}");
        match object.field(key) {
            None => out.add(
                Severity::Notice,
                pointer,
                format!("a field of {}", object.name),
                "a field nobody documents",
                "undocumented fields are allowed (DESIGN.md, policies)",
            ),
            Some(field) => {
                if let Ty::Object(inner) = field.ty {
                    undocumented_fields(inner, child, &pointer, out);
                }
            }
        }
    }
}

/// Reports every coupling rule of the judged message that belongs to the reporting check and
/// is broken.
pub(super) fn broken_rules(ctx: &Context, out: &mut Findings) {
    let check = out.check();
    let side = ctx.endpoint().antom_side();
    let Some(message) = ctx.object(side) else {
        return;
    };
    for rule in ctx
        .endpoint()
        .rules(side)
        .iter()
        .filter(|r| r.check == check)
    {
        if !rule.is_broken_by(message) {
            continue;
        }
        let at = pointer(rule.field);
        let (expected, found) = match rule.demand {
            Demand::Present => (
                format!("present when {}", rule.when.describe()),
                "absent".to_owned(),
            ),
            Demand::Absent => (
                format!("absent when {}", rule.when.describe()),
                lookup(message, rule.field).map_or_else(String::new, |v| redact::value(&at, v)),
            ),
        };
        out.breach(rule.basis, at, expected, found, rule.spec);
    }
}

/// Appends `name` to a JSON pointer, escaping `~` and `/` (RFC 6901), without allocating on the
/// common path: walks run over every answer, so they stay cheap.
fn push_escaped(pointer: &mut String, name: &str) {
    if !name.contains(['~', '/']) {
        pointer.push_str(name);
        return;
    }
    for c in name.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Visits every value under `value` (itself included), depth first, with its JSON pointer and
/// the object key it sits under (`None` for the root and array items). `visit` returns whether
/// to descend into the value's children.
pub(super) fn walk(value: &Value, visit: &mut impl FnMut(&str, Option<&str>, &Value) -> bool) {
    fn go(
        value: &Value,
        pointer: &mut String,
        key: Option<&str>,
        visit: &mut impl FnMut(&str, Option<&str>, &Value) -> bool,
    ) {
        if !visit(pointer, key, value) {
            return;
        }
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                for (name, child) in map {
                    pointer.push('/');
                    push_escaped(pointer, name);
                    go(child, pointer, Some(name), visit);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pointer.push('/');
                    let _ = write!(pointer, "{index}");
                    go(child, pointer, None, visit);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    go(value, &mut String::new(), None, visit);
}
