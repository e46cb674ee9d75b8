//! `positive_data_acceptance`: a valid, signed request is not refused as illegal or
//! unauthenticated.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::{Context, Findings};
use crate::contract::result_codes;
use crate::protocol::headers::FORCE_RESULT;

const REFUSALS: &[&str] = result_codes::REQUEST_REFUSALS;

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    if !matches!(intent, Intent::Valid | Intent::UnknownId) {
        return;
    }
    // A refusal the request forced (a vaultcheck simulator's control header) was asked for.
    if ctx.exchange.request.header(FORCE_RESULT).is_some() {
        return;
    }
    if let Some((_, code)) = result_of(ctx)
        && REFUSALS.contains(&code)
    {
        out.violation(
            "/result/resultCode",
            "an answer to the request (it follows the contract and is signed)",
            describe(ctx),
            "a request that follows the contract is served",
        );
    }
}
