//! `ignored_auth`: unsigned, wrongly signed and unknown-client requests are refused (the
//! signing scheme). An old `Request-Time` that is accepted is a warning: Antom documents no
//! window, so refusing it is the harness's inference.

use super::history::Intent;
use super::request_kind::{describe, result_of};
use super::{Context, Findings};
use crate::contract::{Basis, ResultStatus, result_codes};
use crate::protocol::headers::{pointer, title};

const REFUSALS: &[&str] = result_codes::AUTHENTICATION_REFUSALS;
const SPEC: &str =
    "digital_signature: Antom verifies every request signature and refuses what fails";

pub(super) fn check(intent: Intent, ctx: &Context, out: &mut Findings) {
    // An unreadable answer is response_schema_conformance's finding.
    let Some(result) = result_of(ctx) else { return };
    let refused =
        ResultStatus::parse(result.0) == Some(ResultStatus::F) && REFUSALS.contains(&result.1);
    match intent {
        Intent::Unsigned | Intent::WrongSignature | Intent::UnknownClient if !refused => out
            .violation(
                "/result",
                format!(
                    "a refusal (F with {}) of a request that is {}",
                    REFUSALS[..3].join(" or "),
                    match intent {
                        Intent::Unsigned => "unsigned",
                        Intent::WrongSignature => "signed with the wrong key",
                        _ => "from an unknown client",
                    }
                ),
                describe(ctx),
                SPEC,
            ),
        Intent::Stale if !refused => out.breach(
            Basis::Inferred,
            pointer(title::REQUEST_TIME),
            "a refusal of a request signed long ago",
            format!("accepted ({})", describe(ctx)),
            "Antom documents no Request-Time window",
        ),
        _ => {}
    }
}
