//! `request_id_echo`: `vaultingRequestId` comes back with every `S` answer, equal to the
//! request's, and every `F`/`U` business answer to a request with a usable id echoes it. The
//! first is documented ([DOC-IV] marks the field required); equality and the echo with `F`/`U`
//! are DESIGN's policies.

use super::support::broken_rules;
use super::{Context, Findings};
use crate::contract::{Basis, Side, result_codes, rules::lookup, usable_request_id};
use crate::redact;
use serde_json::Value;

const SPEC: &str = "vaultingRequestId in the response is the request's vaultingRequestId";

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let endpoint = ctx.endpoint();
    if endpoint.antom_side() != Side::Response
        || endpoint
            .shape(Side::Response)
            .field("vaultingRequestId")
            .is_none()
    {
        return;
    }
    broken_rules(ctx, out);
    let Some(response) = ctx.object(Side::Response) else {
        return;
    };
    let sent = ctx.object(Side::Request).and_then(usable_request_id);
    let Some(sent) = sent else { return };
    match lookup(response, &["vaultingRequestId"]) {
        Some(Value::String(echoed)) if echoed != sent => out.breach(
            Basis::Policy,
            "/vaultingRequestId",
            format!(
                "{} (the request's)",
                redact::value("/vaultingRequestId", &sent.into())
            ),
            redact::value("/vaultingRequestId", &Value::String(echoed.clone())),
            SPEC,
        ),
        // A number or boolean here is string_typed_values' finding.
        Some(_) => {}
        None => {
            // A code or status that is not a string is another check's finding.
            let (Some(code), Some(status)) = (
                response["result"]["resultCode"].as_str(),
                response["result"]["resultStatus"].as_str(),
            ) else {
                return;
            };
            // S is the rule above; gateway refusals may carry only `result`.
            if matches!(status, "F" | "U")
                && !result_codes::is_gateway_only(endpoint.result_codes(), code)
            {
                out.breach(
                    Basis::Policy,
                    "/vaultingRequestId",
                    format!("the request's id echoed with {code}"),
                    "absent",
                    "F/U business answers to a request with a usable id echo it (DESIGN.md)",
                );
            }
        }
    }
}
