//! `content_type_conformance`: Antom's message says it is JSON in UTF-8.

use super::{Context, Findings, Severity};

const SPEC: &str = "response header Content-Type: application/json; charset=UTF-8";

pub fn check(ctx: &Context, out: &mut Findings) {
    let message = ctx.message(ctx.endpoint().antom_side());
    if message.headers.is_none() {
        return;
    }
    let Some(value) = message.header("Content-Type") else {
        out.add(
            Severity::Notice,
            "header:Content-Type",
            "application/json; charset=UTF-8",
            "no Content-Type header",
            SPEC,
        );
        return;
    };
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        out.violation("header:Content-Type", "application/json", value, SPEC);
        return;
    }
    for parameter in parts {
        if let Some((name, charset)) = parameter.split_once('=') {
            let charset = charset.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset")
                && !charset.eq_ignore_ascii_case("utf-8")
                && !charset.eq_ignore_ascii_case("utf8")
            {
                out.violation("header:Content-Type", "charset=UTF-8", value, SPEC);
            }
        }
    }
}
