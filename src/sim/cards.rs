//! The simulator's test cards (DESIGN.md) and how any other card number is classified.

/// What a card number does in the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Vaulted at once: `S`/`SUCCESS`.
    Success,
    /// Needs 3DS: `U`/`VERIFICATION_IN_PROCESS` with `normalUrl` to the challenge page.
    Challenge,
    /// Declined: `F`/`VERIFICATION_FAIL`.
    Declined,
    /// Vaulted at once, but the first inquiry answers `U`/`UNKNOWN_EXCEPTION`.
    FlakyInquiry,
}

/// The documented test cards.
pub const TEST_CARDS: &[(&str, &str, Behaviour)] = &[
    ("4242424242424242", "VISA", Behaviour::Success),
    ("5555555555554444", "MASTERCARD", Behaviour::Success),
    ("4000000000003220", "VISA", Behaviour::Challenge),
    ("4000000000000002", "VISA", Behaviour::Declined),
    ("4000000000000119", "VISA", Behaviour::FlakyInquiry),
];

/// The brand of a card number, from the test table or the number's prefix.
pub fn brand(card_no: &str) -> &'static str {
    TEST_CARDS.iter().find(|c| c.0 == card_no).map_or_else(
        || crate::contract::cards::brand_for_number(card_no),
        |c| c.1,
    )
}

/// What the card does (any card not in the table is vaulted at once).
pub fn behaviour(card_no: &str) -> Behaviour {
    TEST_CARDS
        .iter()
        .find(|c| c.0 == card_no)
        .map_or(Behaviour::Success, |c| c.2)
}

/// The masked number Antom shows: every digit but the last four starred.
pub fn masked(card_no: &str) -> String {
    crate::report::redact::mask_pan(card_no)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_test_cards_and_prefixes() {
        assert_eq!(brand("5555555555554444"), "MASTERCARD");
        assert_eq!(behaviour("4000000000003220"), Behaviour::Challenge);
        assert_eq!(brand("378282246310005"), "AMEX");
        assert_eq!(brand("6011111111111117"), "DISCOVER");
        assert_eq!(behaviour("6011111111111117"), Behaviour::Success);
        assert_eq!(masked("4242424242424242"), "************4242");
    }
}
