//! `no_cvv_in_response`: no answer and no notification carries a CVV (DESIGN: what a response
//! must never carry, basis security). Two ways to carry one, both judged anywhere in Antom's
//! message:
//! - a field named like a card security code, whatever its value: `cvv`, `cvv2`, `cvc`, `cvc2`,
//!   `cvn`, `securityCode`, `cardSecurityCode` (case, `_` and `-` ignored);
//! - the `cvv` the merchant's own message sent (`paymentMethodDetail.card.cvv`, in a
//!   vaultPaymentMethod request), as a string value under any name. Only whole string values
//!   count, compared after trimming surrounding spaces, never substrings: a 3-digit CVV occurs
//!   by chance inside ids, tokens and timestamps, and flagging those would be noise.
//!
//! A CVV sent to vaultPaymentMethod that comes back in a later inquiry or notification under
//! another name is out of reach here (this check sees one exchange); a field named like a CVV
//! is caught wherever it appears. Findings never quote the value.

use super::support::walk;
use super::{Context, Findings};
use serde_json::Value;

const SPEC: &str = "a response or notification never carries the card's CVV";

/// Whether a field name is a card security code's: the redaction point's list, so whatever
/// this check flags is also kept out of every file and message.
pub(super) fn names_a_cvv(name: &str) -> bool {
    crate::redact::names_a_cvv(name)
}

/// The `cvv` the merchant's message sent, when it sent one that is not blank.
fn sent_cvv(ctx: &Context) -> Option<String> {
    let merchant = ctx.object(ctx.endpoint().merchant_side())?;
    let cvv = match merchant.pointer("/paymentMethodDetail/card/cvv")? {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!cvv.is_empty()).then_some(cvv)
}

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let Some(message) = ctx.antom_object() else {
        return;
    };
    let sent = sent_cvv(ctx);
    walk(message, &mut |pointer, key, value| {
        if key.is_some_and(names_a_cvv) {
            out.violation(
                pointer,
                "no card security code",
                format!("a field named `{}`", key.unwrap_or_default()),
                SPEC,
            );
            return false;
        }
        if let (Some(cvv), Value::String(text)) = (&sent, value)
            && text.trim() == cvv
        {
            out.violation(pointer, "no card security code", "the request's cvv", SPEC);
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::names_a_cvv;

    #[test]
    fn security_code_names_in_any_spelling() {
        for name in [
            "cvv",
            "CVV",
            "Cvv2",
            "cvc",
            "CVC2",
            "securityCode",
            "security_code",
            "card-security-code",
        ] {
            assert!(names_a_cvv(name), "{name}");
        }
        for name in ["cardNo", "cvvResult", "brand", "maskedCardNo", "cv"] {
            assert!(!names_a_cvv(name), "{name}");
        }
    }
}
