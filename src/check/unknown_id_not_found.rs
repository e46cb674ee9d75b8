//! `unknown_id_not_found`: inquiring an id that was never used answers `F`/`VAULTING_NOT_EXIST`.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::{Context, Findings};

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    if intent != Intent::UnknownId {
        return;
    }
    // An unreadable answer is response_schema_conformance's finding; the status that goes
    // with the code is result_code_table's.
    let Some((_, code)) = result_of(ctx) else {
        return;
    };
    // A refusal of the request itself (illegal, unauthenticated) is positive_data_acceptance's
    // finding: one broken rule, one check.
    if code != "VAULTING_NOT_EXIST"
        && !crate::contract::result_codes::REQUEST_REFUSALS.contains(&code)
    {
        out.violation(
            "/result/resultCode",
            "VAULTING_NOT_EXIST for an id never used",
            describe(ctx),
            "inquireVaulting: VAULTING_NOT_EXIST, the vaulting request ID does not exist",
        );
    }
}
