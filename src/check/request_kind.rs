//! Shared wording of the request-kind checks: what an answer's result is.

use super::Context;

/// `(resultStatus, resultCode)` of Antom's answer, when readable.
pub(super) fn result_of<'c>(ctx: &'c Context) -> Option<(&'c str, &'c str)> {
    let answer = ctx.antom_object()?;
    Some((
        answer["result"]["resultStatus"].as_str()?,
        answer["result"]["resultCode"].as_str()?,
    ))
}

/// `S/SUCCESS`, or `absent` when the answer has no readable result.
pub(super) fn describe(ctx: &Context) -> String {
    match result_of(ctx) {
        Some((status, code)) => format!("{status}/{code}"),
        None => "no readable result".to_owned(),
    }
}
