//! `masked_card_number`: a `maskedCardNo` shows at most the last four digits of the card, in
//! every answer and every notification (DESIGN: what a response must never carry, basis
//! security). Every `maskedCardNo` anywhere in Antom's message is judged, wherever it sits; the
//! digits it shows are counted (ASCII digits; a JSON number counts by its decimal digits), so a
//! full number and the first six plus the last four are both caught, and so is a number that
//! shows its first four and hides the rest. Which four digits it ends in (the vaulted card's or
//! another's) is `card_detail_consistency`'s question, not this check's.

use super::support::walk;
use super::{Context, Findings};

const SPEC: &str = "maskedCardNo shows at most the last four digits of the card (a response never carries a card number)";

/// The largest number of digits a masked card number may show.
const SHOWN_MAX: usize = 4;

/// Why a masked number shows too much of the card, or `None` when it shows at most its last
/// four digits. The reason names counts only, never the digits.
pub(super) fn too_revealing(masked: &str) -> Option<String> {
    let digits = masked.chars().filter(char::is_ascii_digit).count();
    if digits > SHOWN_MAX {
        return Some(format!("{} shown", count(digits)));
    }
    let tail = masked
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    (digits > tail).then(|| format!("{} shown before the masked part", count(digits - tail)))
}

fn count(digits: usize) -> String {
    if digits == 1 {
        "1 digit".to_owned()
    } else {
        format!("{digits} digits")
    }
}

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    let Some(message) = ctx.antom_object() else {
        return;
    };
    walk(message, &mut |pointer, key, value| {
        if key != Some("maskedCardNo") {
            return true;
        }
        let text = match value {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(number) => number.to_string(),
            _ => return false,
        };
        if let Some(reason) = too_revealing(&text) {
            out.violation(
                pointer,
                format!("at most the last {SHOWN_MAX} digits of the card"),
                reason,
                SPEC,
            );
        }
        false
    });
}

#[cfg(test)]
mod tests {
    use super::too_revealing;

    #[test]
    fn counts_the_digits_shown_and_where() {
        for fine in [
            "************0768",
            "**** **** **** 0768",
            "0768",
            "",
            "************",
        ] {
            assert_eq!(too_revealing(fine), None, "{fine}");
        }
        assert_eq!(
            too_revealing("4054695723100768").as_deref(),
            Some("16 digits shown")
        );
        assert_eq!(
            too_revealing("405469******0768").as_deref(),
            Some("10 digits shown")
        );
        assert_eq!(
            too_revealing("4054************").as_deref(),
            Some("4 digits shown before the masked part")
        );
        assert_eq!(
            too_revealing("1*************768").as_deref(),
            Some("1 digit shown before the masked part")
        );
    }
}
