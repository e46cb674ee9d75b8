//! The suite's named test cards: Antom's own sandbox cards (docs.antom.com/ac/ref/card;
//! DESIGN.md, "Test cards") plus the simulator's flaky card, and what vaulting each leads to.
//! 3DS is not a card: `is3DSAuthentication` true on a success card starts it. Any other
//! number vaults at once in the simulator. Cases, generators, the runner and the simulator all
//! read this table.

/// What vaulting a named card leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Vaulted at once (`S`/`SUCCESS`); with `is3DSAuthentication` true, a 3DS page first.
    Success,
    /// Vaulted at once even with `is3DSAuthentication` true (a 3DS exemption).
    Exempt,
    /// Declined: `F`/`VERIFICATION_FAIL`, then `FAIL`.
    Declined,
    /// Vaulted at once, but the first inquiry answers `U`/`UNKNOWN_EXCEPTION` (simulator only).
    FlakyInquiry,
}

impl Behaviour {
    /// What the card does, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Behaviour::Success => "vaults at once; 3DS page first with is3DSAuthentication true",
            Behaviour::Exempt => "vaults at once, even with is3DSAuthentication true (exemption)",
            Behaviour::Declined => "is declined (VERIFICATION_FAIL, then FAIL)",
            Behaviour::FlakyInquiry => "vaults, then answers U once at inquiry (simulator only)",
        }
    }
}

/// A named test card. Cases name it (`${card.success}`); its brand follows from its number
/// (`contract::cards::brand_for_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestCard {
    /// The name cases use (`success`, `declined2`, ...).
    pub name: &'static str,
    /// The card number (Antom's documented sandbox card, or the simulator's own).
    pub number: &'static str,
    /// What vaulting it leads to.
    pub behaviour: Behaviour,
}

impl TestCard {
    /// Whether the card is Antom's, so a live target knows it (every card but `flaky`).
    pub fn on_live_targets(&self) -> bool {
        self.behaviour != Behaviour::FlakyInquiry
    }

    /// Whether vaulting the card ends `SUCCESS` without a 3DS page when `is3DSAuthentication`
    /// is absent or false: the cards a live run may generate requests with.
    pub fn vaults_at_once(&self) -> bool {
        matches!(self.behaviour, Behaviour::Success | Behaviour::Exempt)
    }
}

const fn card(name: &'static str, number: &'static str, behaviour: Behaviour) -> TestCard {
    TestCard {
        name,
        number,
        behaviour,
    }
}

/// The named test cards (DESIGN.md, "Test cards"): Antom's sandbox cards, then the simulator's
/// flaky card.
pub const TEST_CARDS: &[TestCard] = &[
    card("success", "4054695723100768", Behaviour::Success),
    card("success2", "5162774114974622", Behaviour::Success),
    card("declined", "4054692760174822", Behaviour::Declined),
    card("declined2", "5162770472561357", Behaviour::Declined),
    card("exempt", "4035501000000008", Behaviour::Exempt),
    card("flaky", "4000000000000119", Behaviour::FlakyInquiry),
];

/// The named card with this number, if any.
pub fn named(card_no: &str) -> Option<&'static TestCard> {
    TEST_CARDS.iter().find(|c| c.number == card_no)
}

/// The named card called `name`, if any.
pub fn by_name(name: &str) -> Option<&'static TestCard> {
    TEST_CARDS.iter().find(|c| c.name == name)
}

/// What a vaultPaymentMethod request leads to in the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultOutcome {
    /// `S`/`SUCCESS` with `paymentMethodDetail`; inquiries answer `SUCCESS`.
    Vaulted,
    /// `U`/`VERIFICATION_IN_PROCESS` with `normalUrl` (the 3DS page); inquiries answer
    /// `PROCESSING` with `normalUrl` until the page is approved or declined.
    ThreeDs,
    /// `F`/`VERIFICATION_FAIL`; inquiries answer `FAIL`.
    Declined,
    /// Vaulted, but the first inquiry answers `U`/`UNKNOWN_EXCEPTION`.
    VaultedFlaky,
}

/// What vaulting `card_no` leads to, with `is3DSAuthentication` as sent (`three_ds`): a success
/// card with the flag true asks for 3DS; the exempt card, and any number not in the table,
/// vault at once.
pub fn vault_outcome(card_no: &str, three_ds: bool) -> VaultOutcome {
    match named(card_no).map(|c| c.behaviour) {
        Some(Behaviour::Success) if three_ds => VaultOutcome::ThreeDs,
        Some(Behaviour::Declined) => VaultOutcome::Declined,
        Some(Behaviour::FlakyInquiry) => VaultOutcome::VaultedFlaky,
        Some(Behaviour::Success | Behaviour::Exempt) | None => VaultOutcome::Vaulted,
    }
}

/// Whether an `is3DSAuthentication` value asks for 3DS: the string `"true"` (the documented
/// form) or the JSON boolean `true` (what the official SDKs send).
pub fn asks_for_three_ds(flag: Option<&serde_json::Value>) -> bool {
    matches!(flag, Some(serde_json::Value::Bool(true)))
        || flag.and_then(serde_json::Value::as_str) == Some("true")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_named_cards_are_antoms_with_their_brands() {
        let numbers: Vec<_> = TEST_CARDS.iter().map(|c| (c.name, c.number)).collect();
        assert_eq!(
            numbers,
            [
                ("success", "4054695723100768"),
                ("success2", "5162774114974622"),
                ("declined", "4054692760174822"),
                ("declined2", "5162770472561357"),
                ("exempt", "4035501000000008"),
                ("flaky", "4000000000000119"),
            ]
        );
        // The brands DESIGN.md gives the test cards follow from their numbers.
        let brand = crate::contract::cards::brand_for_number;
        let brands: Vec<_> = TEST_CARDS.iter().map(|c| brand(c.number)).collect();
        assert_eq!(
            brands,
            ["VISA", "MASTERCARD", "VISA", "MASTERCARD", "VISA", "VISA"]
        );
        let live: Vec<_> = TEST_CARDS
            .iter()
            .filter(|c| !c.on_live_targets())
            .map(|c| c.name)
            .collect();
        assert_eq!(live, ["flaky"]);
        let at_once: Vec<_> = TEST_CARDS
            .iter()
            .filter(|c| c.vaults_at_once())
            .map(|c| c.name)
            .collect();
        assert_eq!(at_once, ["success", "success2", "exempt"]);
    }

    #[test]
    fn three_ds_is_the_flag_on_a_success_card() {
        use VaultOutcome::*;
        let number = |name| by_name(name).unwrap().number;
        for (name, without, with) in [
            ("success", Vaulted, ThreeDs),
            ("success2", Vaulted, ThreeDs),
            ("declined", Declined, Declined),
            ("declined2", Declined, Declined),
            ("exempt", Vaulted, Vaulted),
            ("flaky", VaultedFlaky, VaultedFlaky),
        ] {
            assert_eq!(vault_outcome(number(name), false), without, "{name}");
            assert_eq!(
                vault_outcome(number(name), true),
                with,
                "{name} with the flag"
            );
        }
        // Any other number vaults at once, flag or not.
        assert_eq!(vault_outcome("6011111111111117", true), Vaulted);
        assert_eq!(vault_outcome("4242424242424242", false), Vaulted);
    }

    #[test]
    fn the_flag_is_the_string_or_the_sdks_boolean() {
        assert!(asks_for_three_ds(Some(&json!("true"))));
        assert!(asks_for_three_ds(Some(&json!(true))));
        for no in [
            json!("false"),
            json!(false),
            json!("TRUE"),
            json!(1),
            json!(null),
        ] {
            assert!(!asks_for_three_ds(Some(&no)), "{no}");
        }
        assert!(!asks_for_three_ds(None));
    }
}
