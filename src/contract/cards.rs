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

/// The last four characters of a card number: what a masked number must end in. Counts
/// characters, so a number pasted with a stray non-ASCII character cannot split one.
pub fn last_four(card_no: &str) -> &str {
    let start = card_no
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(index, _)| index);
    &card_no[start..]
}

/// The masked number Antom shows: every character but the last four starred. This is the
/// contract's masking rule (what `maskedCardNo` looks like), kept apart from the harness's own
/// redaction on purpose.
pub fn masked(card_no: &str) -> String {
    let tail = last_four(card_no);
    let hidden = card_no.chars().count() - tail.chars().count();
    format!("{}{tail}", "*".repeat(hidden))
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
        assert_eq!(masked("4242424242424242"), "************4242");
        assert_eq!(masked("424"), "424");
    }

    #[test]
    fn last_four_counts_characters_not_bytes() {
        // A number pasted with a zero-width space (U+200B) or other multibyte characters.
        assert_eq!(last_four("42424242\u{200b}4242"), "4242");
        assert_eq!(last_four("4242\u{200b}"), "242\u{200b}");
        assert_eq!(last_four("é"), "é");
        assert_eq!(masked("ééééé"), "*éééé");
    }
}
