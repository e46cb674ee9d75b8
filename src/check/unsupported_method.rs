//! `unsupported_method`: anything but POST gets `F`/`METHOD_NOT_SUPPORTED` or HTTP 405.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::{Context, Findings};

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    if intent != Intent::UnsupportedMethod || ctx.exchange.status == Some(405) {
        return;
    }
    // An unreadable answer is response_schema_conformance's finding.
    let Some(result) = result_of(ctx) else { return };
    if result != ("F", "METHOD_NOT_SUPPORTED") {
        out.violation(
            "/result",
            format!(
                "F/METHOD_NOT_SUPPORTED or HTTP 405 for {}",
                ctx.exchange.method
            ),
            describe(ctx),
            "METHOD_NOT_SUPPORTED: only POST is allowed",
        );
    }
}
