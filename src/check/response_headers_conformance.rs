//! `response_headers_conformance`: Antom's message carries `Client-Id`, a time header
//! (`Response-Time`, ISO 8601; for notifications `Request-Time`) and a well-formed `Signature`.
//! Gateway refusals may come unsigned; a header that is present must still be well-formed.

use super::{Context, Findings, Severity};
use crate::contract::{ResultStatus, Side, result_codes};
use crate::protocol::headers::{self, pointer, title};
use crate::protocol::{SignatureHeader, time};

const SPEC: &str = "AMS response header: Client-Id, Response-Time (ISO 8601), Signature";

/// The name of the time header on Antom's message.
pub(super) fn time_header(side: Side) -> &'static str {
    match side {
        Side::Response => title::RESPONSE_TIME,
        Side::Request => title::REQUEST_TIME,
    }
}

/// Whether Antom's message is a gateway refusal, which may come without signature headers.
pub(super) fn is_unsigned_refusal(ctx: &Context) -> bool {
    let Some(message) = ctx.antom_object() else {
        return ctx.endpoint().antom_side() == Side::Response;
    };
    let code = message["result"]["resultCode"].as_str().unwrap_or("");
    let status = message["result"]["resultStatus"]
        .as_str()
        .and_then(ResultStatus::parse);
    status != Some(ResultStatus::S)
        && result_codes::is_gateway_only(ctx.endpoint().result_codes(), code)
}

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let side = ctx.endpoint().antom_side();
    let message = ctx.message(side);
    let Some(headers) = &message.headers else {
        return;
    };
    let required = !is_unsigned_refusal(ctx);
    let time_name = time_header(side);

    for name in [title::CLIENT_ID, time_name, title::SIGNATURE] {
        if message.header(name).is_none() && required {
            out.violation(pointer(name), "present", "absent", SPEC);
        }
    }
    if let Some(value) = message.header(time_name) {
        let valid = match side {
            Side::Response => time::parse_iso8601(value).is_some(),
            Side::Request => time::parse_request_time(value).is_some(),
        };
        if !valid {
            let expected = match side {
                Side::Response => "an ISO 8601 date-time with offset, to the second",
                Side::Request => "epoch milliseconds or an ISO 8601 date-time",
            };
            out.violation(pointer(time_name), expected, value, SPEC);
        }
    }
    if let Some(value) = message.header(title::SIGNATURE)
        && let Err(problem) = SignatureHeader::parse(value)
    {
        out.violation(
            pointer(title::SIGNATURE),
            "algorithm=RSA256,keyVersion=N,signature=<URL-encoded base64>",
            problem.to_string(),
            SPEC,
        );
    }
    if side == Side::Response
        && let (Some(sent), Some(echoed)) = (
            ctx.exchange.request.header(title::CLIENT_ID),
            message.header(title::CLIENT_ID),
        )
        && sent != echoed
    {
        out.violation(
            pointer(title::CLIENT_ID),
            format!("{sent} (the request's)"),
            echoed,
            SPEC,
        );
    }
    for (name, _) in headers {
        let known = [
            headers::CLIENT_ID,
            headers::RESPONSE_TIME,
            headers::REQUEST_TIME,
            headers::SIGNATURE,
        ];
        if known.iter().any(|k| k.as_str().eq_ignore_ascii_case(name))
            && name.chars().any(|c| c.is_ascii_uppercase())
        {
            out.add(
                Severity::Notice,
                pointer(name),
                format!("the name in lowercase ({})", name.to_ascii_lowercase()),
                name.as_str(),
                "the official Python SDK reads these header names case-sensitively, in lowercase",
            );
        }
    }
}
