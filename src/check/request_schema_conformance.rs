//! `request_schema_conformance`: the merchant's message (the request; for notifyVaulting the
//! acknowledgement) follows the contract. The simulator refuses what this check reports.

use super::support::{Leave, readable_object, schema_findings, undocumented_fields};
use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    if !ctx.exchange.method.eq_ignore_ascii_case("POST") {
        return;
    }
    let side = ctx.endpoint().merchant_side();
    let spec = format!("{}: the body is a JSON object", ctx.endpoint());
    let Some(value) = readable_object(ctx, side, out, &spec) else {
        return;
    };
    schema_findings(ctx, side, value, Leave::Nothing, out);
    undocumented_fields(ctx.endpoint().shape(side), value, "", out);
}
