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
