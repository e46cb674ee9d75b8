//! What the stand-in does with a card number: Antom's documented sandbox test cards
//! (docs.antom.com/ac/ref/card), its own brand table for every other number, the masked number
//! and the token.

use base64::Engine;
use rsa::sha2::{Digest, Sha256};

/// What vaulting a card leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Vaulted at once (`S`/`SUCCESS`), or a 3DS challenge when `is3DSAuthentication` is true.
    Success,
    /// Vaulted at once whatever `is3DSAuthentication` says (Antom's 3DS-exemption card).
    Exempt,
    /// `F`/`VERIFICATION_FAIL`.
    Declined,
}

/// Antom's documented test cards: number, brand, outcome.
pub(crate) const TEST_CARDS: &[(&str, &str, Outcome)] = &[
    ("4054695723100768", "VISA", Outcome::Success),
    ("5162774114974622", "MASTERCARD", Outcome::Success),
    ("4054692760174822", "VISA", Outcome::Declined),
    ("5162770472561357", "MASTERCARD", Outcome::Declined),
    ("4035501000000008", "VISA", Outcome::Exempt),
    ("9490220011669217", "HYUNDAI", Outcome::Success),
];

pub(crate) fn outcome(number: &str) -> Outcome {
    TEST_CARDS
        .iter()
        .find(|(n, _, _)| *n == number)
        .map_or(Outcome::Success, |(_, _, o)| *o)
}

/// The brand of a number: the test card's, else by prefix. `own_table` is the stand-in's table
/// (62... DISCOVER); without it 62... is CUP.
pub(crate) fn brand(number: &str, own_table: bool) -> &'static str {
    if let Some((_, brand, _)) = TEST_CARDS.iter().find(|(n, _, _)| *n == number) {
        return brand;
    }
    let prefix = |len: usize| number.get(..len).and_then(|p| p.parse::<u32>().ok());
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    match (p1, p2, p3, p4) {
        (_, Some(62), _, _) if !own_table => "CUP",
        (_, Some(62), _, _) => "DISCOVER",
        (Some(4), ..) => "VISA",
        (_, Some(51..=55), _, _) | (_, _, _, Some(2221..=2720)) => "MASTERCARD",
        (_, Some(34 | 37), _, _) => "AMEX",
        (_, _, _, Some(6011)) | (_, _, Some(644..=649), _) | (_, Some(65), _, _) => "DISCOVER",
        (_, Some(35), _, _) => "JCB",
        (_, Some(36 | 38), _, _) | (_, _, Some(300..=305), _) => "DINERS",
        (_, Some(50 | 56..=69), _, _) => "MAESTRO",
        _ => "VISA",
    }
}

/// Stars for every character but the last four; the full number when `unmasked` (a break).
pub(crate) fn masked(number: &str, unmasked: bool) -> String {
    if unmasked {
        return number.to_owned();
    }
    let count = number.chars().count();
    let keep = count.min(4);
    let stars = "*".repeat(count - keep);
    let last: String = number.chars().skip(count - keep).collect();
    format!("{stars}{last}")
}

/// A token for a card: a salted hash, stable for the stand-in's life, different for
/// different numbers, revealing nothing of the number.
pub(crate) fn token(number: &str, salt: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(number.as_bytes());
    let digest = hasher.finalize();
    format!(
        "ALIPAY{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}
