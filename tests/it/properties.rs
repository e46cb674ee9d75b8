//! Properties: answers built from the contract pass every check, and each single-rule
//! mutation is caught by the check for that rule and by no unrelated one.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::json;
use std::collections::BTreeSet;
use vaultcheck::check::{self, CheckId, Severity};
use vaultcheck::contract::Endpoint;
use vaultcheck::exchange::Exchange;
use vaultcheck::generate::mutation::Mutation;
use vaultcheck::generate::responses::{inquire_vaulting_answer, request_id};

fn judge(id: &str, answer: &serde_json::Value) -> Vec<check::Finding> {
    let exchange = Exchange::from_bodies(
        Endpoint::InquireVaulting,
        json!({"vaultingRequestId": id}).to_string().as_bytes(),
        answer.to_string().as_bytes(),
    );
    check::judge_exchange(&exchange, None)
}

fn answer_for_id() -> impl Strategy<Value = (String, serde_json::Value)> {
    request_id().prop_flat_map(|id| (Just(id.clone()), inquire_vaulting_answer(id)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 1_000_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn answers_built_from_the_contract_pass_every_check((id, answer) in answer_for_id()) {
        let findings = judge(&id, &answer);
        prop_assert!(findings.is_empty(), "{answer}: {findings:#?}");
    }

    #[test]
    fn each_mutation_is_caught_by_its_check_alone(
        (id, answer) in answer_for_id(),
        mutation in proptest::sample::select(&Mutation::ALL[..]),
        pick in 0usize..64,
    ) {
        let mut mutated = answer.clone();
        prop_assume!(mutation.apply(&mut mutated, pick));
        let findings = judge(&id, &mutated);
        let violated: BTreeSet<CheckId> = findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .map(|f| f.check)
            .collect();
        prop_assert_eq!(violated, BTreeSet::from([mutation.caught_by()]), "{:?} on {} gave {:#?}", mutation, mutated, findings);
    }
}

#[test]
fn every_mutation_applies_to_some_answer() {
    // Guards the property above against mutations that never fit and so never run.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut applied = BTreeSet::new();
    for _ in 0..400 {
        let (_, answer) = answer_for_id().new_tree(&mut runner).unwrap().current();
        for (index, mutation) in Mutation::ALL.iter().enumerate() {
            if mutation.apply(&mut answer.clone(), index) {
                applied.insert(format!("{mutation:?}"));
            }
        }
    }
    assert_eq!(applied.len(), Mutation::ALL.len(), "applied: {applied:?}");
}

/// What a response must never carry, as single-rule mutations of answers built from the
/// contract: a `maskedCardNo` showing more than its last four digits is caught by
/// `masked_card_number` alone, a field named like a CVV by `no_cvv_in_response` alone.
mod never_carried {
    use super::*;

    fn violated(findings: &[check::Finding]) -> BTreeSet<CheckId> {
        findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .map(|f| f.check)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn a_revealing_masked_number_is_caught_by_masked_card_number_alone(
            (id, answer) in answer_for_id().prop_filter("an answer that carries a card", |(_, a)| {
                a.pointer("/paymentMethodDetail/card/maskedCardNo").is_some()
            }),
            shown in 5usize..=19,
            digits in "[0-9]{19}",
        ) {
            let mut mutated = answer.clone();
            let masked = mutated
                .pointer_mut("/paymentMethodDetail/card/maskedCardNo")
                .expect("the strategy draws answers that carry a card");
            // `shown` digits in all: the full number at 12 to 19, first six + last four at 10.
            let hidden = 16usize.saturating_sub(shown);
            *masked = json!(format!("{}{}", &digits[..shown - 4], "*".repeat(hidden)) + &digits[15..]);
            let findings = judge(&id, &mutated);
            prop_assert_eq!(violated(&findings), BTreeSet::from([CheckId::MaskedCardNumber]), "{} gave {:#?}", mutated, findings);
        }

        #[test]
        fn a_cvv_field_is_caught_by_no_cvv_in_response_alone(
            (id, answer) in answer_for_id(),
            name in proptest::sample::select(&["cvv", "CVV2", "cvc", "securityCode", "security_code"][..]),
            cvv in "[0-9]{3,4}",
            at_top in any::<bool>(),
        ) {
            let mut mutated = answer.clone();
            let parent = if at_top { Some(&mut mutated) } else { mutated.pointer_mut("/paymentMethodDetail/card") };
            // An answer without a card has no card to put a CVV in: proptest counts it as
            // rejected (and fails when too many are), never as a pass.
            let parent = parent.and_then(|p| p.as_object_mut());
            prop_assume!(parent.is_some());
            let parent = parent.expect("assumed above");
            parent.insert(name.to_owned(), json!(cvv));
            let findings = judge(&id, &mutated);
            prop_assert_eq!(violated(&findings), BTreeSet::from([CheckId::NoCvvInResponse]), "{} gave {:#?}", mutated, findings);
        }
    }
}
