//! Valid requests for each operation, built from the contract's enums and limits, with the
//! boundaries (lengths 1, max-1, max; multibyte characters; string-typed numbers) in the mix.

use super::responses::request_id;
use crate::contract::enums::{OS_TYPES, TERMINAL_TYPES};
use crate::contract::shapes::{CARD_NO_MAX, CARD_NO_MIN, REQUEST_ID_MAX};
use crate::contract::test_cards::TEST_CARDS;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Ids at the length boundaries: 1, 2, max-1 and max characters, ASCII or multibyte.
pub fn boundary_id() -> impl Strategy<Value = String> {
    let max = REQUEST_ID_MAX as usize;
    (
        select(vec![1usize, 2, max - 1, max]),
        select(&['a', 'Z', '7', '-', 'é', '✓', '中'][..]),
        "[a-z0-9]{0,8}",
    )
        .prop_map(|(len, fill, head)| {
            let mut id: String = head.chars().take(len).collect();
            while id.chars().count() < len {
                id.push(fill);
            }
            id
        })
}

/// Any valid id: the common kinds and the boundaries.
pub fn any_id() -> impl Strategy<Value = String> {
    prop_oneof![3 => request_id(), 1 => boundary_id()]
}

/// A Luhn-valid card number of `len` digits starting with `prefix`.
fn luhn_number(prefix: &str, body: &str, len: usize) -> String {
    let mut digits: Vec<u32> = prefix
        .chars()
        .chain(body.chars())
        .filter_map(|c| c.to_digit(10))
        .take(len - 1)
        .collect();
    while digits.len() < len - 1 {
        digits.push(0);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

/// A card number the simulator vaults at once (without `is3DSAuthentication`): a named card
/// that does, or a Luhn-valid number of 12 to 19 digits with a known brand prefix.
pub fn vaultable_card() -> impl Strategy<Value = String> {
    let at_once: Vec<&str> = TEST_CARDS
        .iter()
        .filter(|c| c.vaults_at_once())
        .map(|c| c.number)
        .collect();
    prop_oneof![
        select(at_once).prop_map(str::to_owned),
        (
            select(&["4", "51", "55", "2221", "34", "37", "62", "35", "6011"][..]),
            "[0-9]{18}",
            CARD_NO_MIN as usize..=CARD_NO_MAX as usize
        )
            .prop_map(|(prefix, body, len)| luhn_number(prefix, &body, len)),
    ]
}

/// A year and month (`month` 1 to 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    /// The month `months` after this one.
    pub fn plus(self, months: u32) -> YearMonth {
        let index = self.year * 12 + (self.month as i32 - 1) + months as i32;
        YearMonth {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// The card's `expiryMonth` and `expiryYear`: two digits each.
    pub fn expiry_fields(self) -> (String, String) {
        (
            format!("{:02}", self.month),
            format!("{:02}", self.year.rem_euclid(100)),
        )
    }
}

/// How far ahead a live-safe expiry date lies: 1 to this many months after this month.
pub const LIVE_EXPIRY_MONTHS_AHEAD: u32 = 60;

/// The cards a live target is known to vault at once (DESIGN.md, "Test cards"): the named
/// success cards as this run has them (Antom's, or `VAULTCHECK_CARD_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCards {
    /// Vault at once when `is3DSAuthentication` is absent or false (`success`, `success2`).
    pub success: Vec<String>,
    /// Vaults at once even with `is3DSAuthentication` true (`exempt`).
    pub exempt: String,
    /// This month: every expiry date is after it.
    pub today: YearMonth,
}

impl LiveCards {
    /// The live-safe cards from a run's named cards (name → number); a name the run lacks
    /// falls back to the built-in card.
    pub fn from_named(
        cards: &std::collections::BTreeMap<String, String>,
        today: YearMonth,
    ) -> LiveCards {
        use crate::contract::test_cards::Behaviour;
        let number = |card: &crate::contract::test_cards::TestCard| {
            cards
                .get(card.name)
                .cloned()
                .unwrap_or_else(|| card.number.to_owned())
        };
        let of = |behaviour: Behaviour| -> Vec<String> {
            TEST_CARDS
                .iter()
                .filter(|c| c.behaviour == behaviour)
                .map(number)
                .collect()
        };
        LiveCards {
            success: of(Behaviour::Success),
            exempt: of(Behaviour::Exempt).remove(0),
            today,
        }
    }

    /// Every number a live-safe request may carry.
    pub fn numbers(&self) -> impl Iterator<Item = &str> {
        self.success
            .iter()
            .chain(std::iter::once(&self.exempt))
            .map(String::as_str)
    }
}

/// The card data generated vault requests may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardData {
    /// Anything valid: named cards, Luhn-valid numbers of every brand prefix and length, any
    /// two-digit expiry, any `is3DSAuthentication` (the embedded simulator).
    Full,
    /// What a live target is known to vault at once: only the named success cards, expiry
    /// dates in the next few years, 3-digit CVVs, and `is3DSAuthentication` absent or false
    /// (true only with the exempt card). Everything else still varies.
    LiveSafe(LiveCards),
}

fn name() -> impl Strategy<Value = Value> {
    (
        "[A-Za-z]{1,32}",
        "[A-Za-z]{1,32}",
        proptest::option::of("[A-Za-z ]{1,20}"),
    )
        .prop_map(|(first, last, middle)| {
            let mut name = json!({"firstName": first, "lastName": last});
            if let Some(middle) = middle {
                name["middleName"] = json!(
                    middle
                        .trim()
                        .chars()
                        .next()
                        .map_or("M".to_owned(), |c| c.to_string())
                );
            }
            name
        })
}

/// `is3DSAuthentication`: the documented strings and the SDKs' booleans.
fn three_ds_flag(allow_true: bool) -> impl Strategy<Value = Option<Value>> {
    let mut flags = vec![json!("false"), json!(false)];
    if allow_true {
        flags.extend([json!("true"), json!(true)]);
    }
    proptest::option::of(select(flags))
}

/// The `card` object of a vault request, without the holder.
fn card_fields(data: &CardData) -> BoxedStrategy<Value> {
    let build = |card_no: String, (month, year): (String, String), cvv, flag| {
        let mut card = json!({"cardNo": card_no, "expiryMonth": month, "expiryYear": year});
        if let Some(cvv) = cvv {
            card["cvv"] = json!(cvv);
        }
        if let Some(flag) = flag {
            card["is3DSAuthentication"] = flag;
        }
        card
    };
    match data {
        CardData::Full => (
            vaultable_card(),
            ("(0[1-9]|1[0-2])", "[0-9]{2}"),
            proptest::option::of("[0-9]{3}"),
            three_ds_flag(true),
        )
            .prop_map(move |(card_no, expiry, cvv, flag)| build(card_no, expiry, cvv, flag))
            .boxed(),
        CardData::LiveSafe(live) => {
            let today = live.today;
            let card_and_flag = prop_oneof![
                3 => (select(live.success.clone()), three_ds_flag(false)),
                1 => (Just(live.exempt.clone()), three_ds_flag(true)),
            ];
            (card_and_flag, 1..=LIVE_EXPIRY_MONTHS_AHEAD, "[0-9]{3}")
                .prop_map(move |((card_no, flag), ahead, cvv)| {
                    build(card_no, today.plus(ahead).expiry_fields(), Some(cvv), flag)
                })
                .boxed()
        }
    }
}

/// A valid vaultPaymentMethod request for `id`, notifying `notify`, with the card data `data`
/// allows.
pub fn vault_request(
    id: String,
    notify: String,
    data: &CardData,
) -> impl Strategy<Value = Value> + use<> {
    (
        card_fields(data),
        select(TERMINAL_TYPES),
        proptest::option::of(select(OS_TYPES)),
        proptest::option::of(name()),
        proptest::option::of("[A-Z]{2}"),
    )
        .prop_map(move |(mut card, terminal, os, holder, region)| {
            if let Some(holder) = holder {
                card["cardholderName"] = holder;
            }
            let mut env = json!({"terminalType": terminal});
            if let Some(os) = os {
                env["osType"] = json!(os);
            }
            let mut request = json!({
                "vaultingRequestId": id,
                "vaultingNotificationUrl": notify,
                "redirectUrl": "https://merchant.example/vaulted",
                "paymentMethodDetail": {"paymentMethodType": "CARD", "card": card},
                "env": env,
            });
            if let Some(region) = region {
                request["merchantRegion"] = json!(region);
            }
            request
        })
}

/// A valid inquireVaulting request for `id`.
pub fn inquire_request(id: String) -> impl Strategy<Value = Value> {
    proptest::option::of("[A-Za-z0-9]{1,64}").prop_map(move |account| {
        let mut request = json!({"vaultingRequestId": id});
        if let Some(account) = account {
            request["merchantAccountId"] = json!(account);
        }
        request
    })
}

/// A valid createVaultingSession request for `id`.
pub fn session_request(id: String, notify: String) -> impl Strategy<Value = Value> {
    (proptest::option::of(any::<bool>()), proptest::option::of("[A-Z]{2}")).prop_map(move |(three_ds, region)| {
        let mut request = json!({"paymentMethodType": "CARD", "vaultingRequestId": id, "vaultingNotificationUrl": notify});
        if let Some(flag) = three_ds {
            request["is3DSAuthentication"] = json!(flag.to_string());
        }
        if let Some(region) = region {
            request["merchantRegion"] = json!(region);
        }
        request
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};

    const TODAY: YearMonth = YearMonth {
        year: 2026,
        month: 11,
    };

    fn live() -> CardData {
        let named = TEST_CARDS
            .iter()
            .map(|c| (c.name.to_owned(), c.number.to_owned()))
            .collect();
        CardData::LiveSafe(LiveCards::from_named(&named, TODAY))
    }

    fn card(request: &Value) -> &Value {
        &request["paymentMethodDetail"]["card"]
    }

    #[test]
    fn months_ahead_roll_over_years_and_print_two_digits() {
        assert_eq!(
            TODAY.plus(1),
            YearMonth {
                year: 2026,
                month: 12
            }
        );
        assert_eq!(
            TODAY.plus(2),
            YearMonth {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(TODAY.plus(2).expiry_fields(), ("01".into(), "27".into()));
        let far = YearMonth {
            year: 2099,
            month: 12,
        }
        .plus(1);
        assert_eq!(far.expiry_fields(), ("01".into(), "00".into()));
    }

    #[test]
    fn live_cards_follow_the_runs_named_cards() {
        let mut named: std::collections::BTreeMap<String, String> = Default::default();
        named.insert("success".into(), "4111111111111111".into());
        let cards = LiveCards::from_named(&named, TODAY);
        assert_eq!(cards.success, ["4111111111111111", "5162774114974622"]);
        assert_eq!(cards.exempt, "4035501000000008");
    }

    proptest::proptest! {
        #![proptest_config(Config::with_cases(512))]

        /// On a live target: only the named success cards, a future expiry within the next
        /// few years, a 3-digit CVV, and the 3DS flag true only with the exempt card.
        #[test]
        fn live_safe_requests_hold_only_what_a_sandbox_accepts(
            request in vault_request("vc-1".into(), "https://m.example/n".into(), &live())
        ) {
            let card = card(&request);
            let number = card["cardNo"].as_str().unwrap();
            let CardData::LiveSafe(cards) = live() else { unreachable!() };
            proptest::prop_assert!(cards.numbers().any(|n| n == number), "{number}");
            let month: u32 = card["expiryMonth"].as_str().unwrap().parse().unwrap();
            let year = card["expiryYear"].as_str().unwrap();
            proptest::prop_assert_eq!(year.len(), 2);
            proptest::prop_assert_eq!(card["expiryMonth"].as_str().unwrap().len(), 2);
            let expiry = YearMonth { year: 2000 + year.parse::<i32>().unwrap(), month };
            proptest::prop_assert!(expiry > TODAY && expiry <= TODAY.plus(LIVE_EXPIRY_MONTHS_AHEAD), "{expiry:?}");
            let cvv = card["cvv"].as_str().unwrap_or("");
            proptest::prop_assert!(cvv.len() == 3 && cvv.bytes().all(|b| b.is_ascii_digit()), "cvv {cvv:?}");
            let three_ds = crate::contract::test_cards::asks_for_three_ds(card.get("is3DSAuthentication"));
            proptest::prop_assert!(!three_ds || number == cards.exempt, "3DS with {number}");
            // The simulator vaults every one of them at once.
            proptest::prop_assert_eq!(
                crate::contract::test_cards::vault_outcome(number, three_ds),
                crate::contract::test_cards::VaultOutcome::Vaulted
            );
        }
    }

    #[test]
    fn live_safe_still_varies_everything_else() {
        let mut runner = TestRunner::deterministic();
        let strategy = vault_request("vc-1".into(), "https://m.example/n".into(), &live());
        let requests: Vec<Value> = (0..300)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        let distinct = |pointer: &str| {
            requests
                .iter()
                .map(|r| r.pointer(pointer).cloned().unwrap_or(Value::Null))
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        assert_eq!(distinct("/paymentMethodDetail/card/cardNo"), 3);
        assert!(distinct("/paymentMethodDetail/card/expiryYear") >= 5);
        assert!(distinct("/paymentMethodDetail/card/cvv") > 100);
        assert!(distinct("/paymentMethodDetail/card/cardholderName") > 100);
        assert!(distinct("/paymentMethodDetail/card/is3DSAuthentication") == 5);
        assert!(distinct("/env/terminalType") > 1 && distinct("/merchantRegion") > 1);
    }

    #[test]
    fn the_embedded_simulator_keeps_the_full_generator() {
        let mut runner = TestRunner::deterministic();
        let strategy = vault_request("vc-1".into(), "https://m.example/n".into(), &CardData::Full);
        let requests: Vec<Value> = (0..300)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        let numbers: Vec<&str> = requests
            .iter()
            .map(|r| card(r)["cardNo"].as_str().unwrap())
            .collect();
        let unnamed = numbers
            .iter()
            .filter(|n| crate::contract::test_cards::named(n).is_none())
            .count();
        assert!(
            unnamed > 100,
            "{unnamed} of 300 numbers are not named cards"
        );
        assert!(numbers.iter().any(|n| n.len() != 16));
        // Success cards with the flag true: the simulator's 3DS pages are reached too.
        assert!(requests.iter().any(|r| {
            let card = card(r);
            crate::contract::test_cards::named(card["cardNo"].as_str().unwrap())
                .is_some_and(|c| c.behaviour == crate::contract::test_cards::Behaviour::Success)
                && crate::contract::test_cards::asks_for_three_ds(card.get("is3DSAuthentication"))
        }));
        assert!(requests.iter().any(|r| card(r).get("cvv").is_none()));
    }
}
