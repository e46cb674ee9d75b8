//! `negative_data_rejection`: a request that breaks the contract gets `F`/`PARAM_ILLEGAL`,
//! never `S`.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::{Context, Findings};

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    if intent != Intent::Invalid {
        return;
    }
    // An unreadable answer is response_schema_conformance's finding.
    let Some(result) = result_of(ctx) else { return };
    if result != ("F", "PARAM_ILLEGAL") {
        out.violation(
            "/result",
            "F/PARAM_ILLEGAL for a request that breaks the contract",
            describe(ctx),
            "PARAM_ILLEGAL: required parameters missing or illegal (non-numeric, wrong length or type)",
        );
    }
}
