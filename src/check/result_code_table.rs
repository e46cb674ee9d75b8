//! `result_code_table`: each result code comes with its one documented status; a code no
//! table lists is a warning.

use super::{Context, Findings, Severity};
use crate::contract::{Basis, result_codes};
use crate::redact;

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let Some(message) = ctx.antom_object() else {
        return;
    };
    let result = &message["result"];
    let (Some(code), Some(status)) = (
        result["resultCode"].as_str(),
        result["resultStatus"].as_str(),
    ) else {
        return;
    };
    let endpoint = ctx.endpoint();
    match result_codes::lookup(endpoint.result_codes(), code) {
        Some(entry) if entry.status.as_str() != status => out.violation(
            "/result/resultStatus",
            format!("{} (the status of {})", entry.status, entry.code),
            status,
            format!(
                "{endpoint} result codes: {} is {}",
                entry.code, entry.status
            ),
        ),
        Some(_) => {}
        // DESIGN's policy: a code in no table is a warning, not a violation.
        None => out.push(
            Severity::Warning,
            Basis::Policy,
            "/result/resultCode",
            format!("a result code documented for {endpoint} or the AMS gateway"),
            redact::value("/result/resultCode", &result["resultCode"]),
            format!("{endpoint} result codes"),
        ),
    }
}
