//! `content_type_conformance`: Antom's message says it is JSON in UTF-8.

use super::{Context, Findings, Severity};
use crate::protocol::CONTENT_TYPE;
use crate::protocol::headers::{JSON_MEDIA_TYPE, pointer, title};

const SPEC: &str = "response header Content-Type: application/json; charset=UTF-8";

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let message = ctx.message(ctx.endpoint().antom_side());
    if message.headers.is_none() {
        return;
    }
    let Some(value) = message.header(title::CONTENT_TYPE) else {
        out.add(
            Severity::Notice,
            pointer(title::CONTENT_TYPE),
            CONTENT_TYPE,
            "no Content-Type header",
            SPEC,
        );
        return;
    };
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case(JSON_MEDIA_TYPE) {
        out.violation(pointer(title::CONTENT_TYPE), JSON_MEDIA_TYPE, value, SPEC);
        return;
    }
    for parameter in parts {
        if let Some((name, charset)) = parameter.split_once('=') {
            let charset = charset.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset")
                && !charset.eq_ignore_ascii_case("utf-8")
                && !charset.eq_ignore_ascii_case("utf8")
            {
                out.violation(pointer(title::CONTENT_TYPE), "charset=UTF-8", value, SPEC);
            }
        }
    }
}
