//! `status_code_conformance`: business and gateway results come with HTTP 200.

use super::{Context, Findings};
use crate::contract::Side;

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    if ctx.endpoint().antom_side() != Side::Response {
        return;
    }
    let Some(status) = ctx.exchange.status else {
        return;
    };
    // 5xx belongs to not_a_server_error; 405 is how a refused method may be answered.
    let method_refused = status == 405 && !ctx.exchange.method.eq_ignore_ascii_case("POST");
    if status != 200 && status < 500 && !method_refused {
        out.violation(
            "status",
            "HTTP 200",
            format!("HTTP {status}"),
            "AMS answers business and gateway results with HTTP 200 and a result object",
        );
    }
}
