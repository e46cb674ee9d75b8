//! `response_schema_conformance`: Antom's message is a JSON object with the documented
//! structure: required fields, lengths, enums, formats; undocumented fields are notices.

use super::support::{Leave, broken_rules, readable_object, schema_findings, undocumented_fields};
use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let side = ctx.endpoint().antom_side();
    let spec = format!("{}: the body is a JSON object", ctx.endpoint());
    let Some(value) = readable_object(ctx, side, out, &spec) else {
        return;
    };
    schema_findings(ctx, side, value, Leave::NonStrings, out);
    undocumented_fields(ctx.endpoint().shape(side), value, "", out);
    broken_rules(ctx, out);
}
