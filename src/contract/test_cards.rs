//! The suite's named test cards (DESIGN.md, "Test cards") and what each does; any other card
//! number vaults at once. Cases, generators and the simulator all read this table.

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

impl Behaviour {
    /// What the card does, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Behaviour::Success => "vaults at once",
            Behaviour::Challenge => "asks for 3DS",
            Behaviour::Declined => "is declined",
            Behaviour::FlakyInquiry => "vaults, then answers U once at inquiry",
        }
    }
}

/// A documented test card. Cases name it (`${card.success}`); its brand follows from its
/// number (`contract::cards::brand_for_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestCard {
    pub name: &'static str,
    pub number: &'static str,
    pub behaviour: Behaviour,
}

const fn card(name: &'static str, number: &'static str, behaviour: Behaviour) -> TestCard {
    TestCard {
        name,
        number,
        behaviour,
    }
}

/// The documented test cards (DESIGN.md, "Simulator test cards").
pub const TEST_CARDS: &[TestCard] = &[
    card("success", "4242424242424242", Behaviour::Success),
    card("success2", "5555555555554444", Behaviour::Success),
    card("challenge", "4000000000003220", Behaviour::Challenge),
    card("declined", "4000000000000002", Behaviour::Declined),
    card("flaky", "4000000000000119", Behaviour::FlakyInquiry),
];

/// What the card does (any card not in the table is vaulted at once).
pub fn behaviour(card_no: &str) -> Behaviour {
    TEST_CARDS
        .iter()
        .find(|c| c.number == card_no)
        .map_or(Behaviour::Success, |c| c.behaviour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_test_cards_and_prefixes() {
        assert_eq!(behaviour("4000000000003220"), Behaviour::Challenge);
        assert_eq!(behaviour("6011111111111117"), Behaviour::Success);
        // The brands DESIGN.md gives the test cards follow from their numbers.
        let brand = crate::contract::cards::brand_for_number;
        let brands: Vec<_> = TEST_CARDS.iter().map(|c| brand(c.number)).collect();
        assert_eq!(brands, ["VISA", "MASTERCARD", "VISA", "VISA", "VISA"]);
    }
}
