//! `string_typed_values`: every non-array value in Antom's message is a JSON string.

use super::support::walk;
use super::{Context, Findings};
use crate::redact;

const SPEC: &str = "Structure note: set the data type of each field (except array) as String";

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    if let Some(value) = ctx.antom_object() {
        walk(value, &mut |at, _, value| {
            if value.is_number() || value.is_boolean() {
                let found = format!("{} {}", redact::kind(value), redact::value(at, value));
                out.violation(at, "a JSON string", found, SPEC);
            }
            true
        });
    }
}
