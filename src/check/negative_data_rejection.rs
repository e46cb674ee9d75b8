//! `negative_data_rejection`: a request that breaks the contract gets `F`/`PARAM_ILLEGAL`,
//! never `S`. The finding rests on the rule the request breaks: a request that breaks only an
//! inferred rule (the URL syntax of `vaultingNotificationUrl`: the docs give its length, not a
//! syntax) and is served gives a warning, not a violation.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::support::broken_request_basis;
use super::{Context, Findings};
use crate::contract::Basis;

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    if intent != Intent::Invalid {
        return;
    }
    // An unreadable answer is response_schema_conformance's finding.
    let Some(result) = result_of(ctx) else { return };
    if result != ("F", "PARAM_ILLEGAL") {
        // A body that is not a JSON object breaks the documented message format.
        let side = ctx.endpoint().merchant_side();
        let basis = ctx
            .object(side)
            .and_then(|request| broken_request_basis(ctx, side, request))
            .unwrap_or(Basis::Documented);
        out.breach(
            basis,
            "/result",
            "F/PARAM_ILLEGAL for a request that breaks the contract",
            describe(ctx),
            "PARAM_ILLEGAL: required parameters missing or illegal (non-numeric, wrong length or type)",
        );
    }
}
