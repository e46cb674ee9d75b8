//! What a card number says about the card: its brand (from the number's prefix) and how Antom
//! masks it. The simulator vaults by these rules and `card_detail_consistency` judges by them.

/// The brand a card number belongs to, from its leading digits.
pub fn brand_for_number(card_no: &str) -> &'static str {
    let prefix = |n: usize| {
        card_no
            .get(..n)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    match (prefix(1), prefix(2), prefix(4)) {
        (4, _, _) => "VISA",
        (_, 51..=55, _) | (_, _, 2221..=2720) => "MASTERCARD",
        (_, 34 | 37, _) => "AMEX",
        (_, 62, _) => "CUP",
        (_, 35, _) => "JCB",
        (_, 36 | 38, _) => "DINERS",
        (_, 65, _) | (_, _, 6011) => "DISCOVER",
        _ => "VISA",
    }
}

/// The last four digits a masked number must end in.
pub fn last_four(card_no: &str) -> &str {
    &card_no[card_no.len().saturating_sub(4)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_follow_prefixes() {
        assert_eq!(brand_for_number("4242424242424242"), "VISA");
        assert_eq!(brand_for_number("5555555555554444"), "MASTERCARD");
        assert_eq!(brand_for_number("2223003122003222"), "MASTERCARD");
        assert_eq!(brand_for_number("378282246310005"), "AMEX");
        assert_eq!(brand_for_number("6011111111111117"), "DISCOVER");
        assert_eq!(last_four("4242424242424242"), "4242");
    }
}
