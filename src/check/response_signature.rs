//! `response_signature`: the signature on Antom's message verifies with Antom's public key over
//! `POST <request path>\n<Client-Id>.<time>.<raw body>`. Runs only when a key is given; a missing
//! or unreadable header is `response_headers_conformance`'s finding.

use super::response_headers_conformance::time_header;
use super::{Context, Findings};
use crate::protocol::headers::{pointer, title};
use crate::protocol::{SignatureHeader, sign_content, verify};

const SPEC: &str = "digital_signature: verify the response signature with Antom's public key";

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let Some(key) = ctx.antom_key else { return };
    let side = ctx.endpoint().antom_side();
    let message = ctx.message(side);
    let Some(value) = message.header(title::SIGNATURE) else {
        return;
    };
    let Ok(header) = SignatureHeader::parse(value) else {
        return;
    };
    let client_id = message
        .header(title::CLIENT_ID)
        .or_else(|| ctx.exchange.request.header(title::CLIENT_ID))
        .unwrap_or("");
    let time = message.header(time_header(side)).unwrap_or("");
    let content = sign_content(&ctx.exchange.path, client_id, time, &message.body);
    if let Err(problem) = verify(key, &content, &header.signature) {
        out.violation(
            pointer(title::SIGNATURE),
            format!("a signature of POST {} by Antom's key", ctx.exchange.path),
            problem.to_string(),
            SPEC,
        );
    }
}
