//! `not_a_server_error`: the response is not an HTTP 5xx.

use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    if let Some(status) = ctx.exchange.status.filter(|s| *s >= 500) {
        out.violation(
            "status",
            "a status below 500",
            format!("HTTP {status}"),
            "a server error is never a conforming answer",
        );
    }
}
