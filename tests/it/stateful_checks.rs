//! The request-kind and stateful checks, both ways, on hand-made histories: a conforming history
//! passes, and a history that breaks exactly one rule is caught by exactly that check.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use vaultcheck::check::{self, CheckId, History, Intent, Severity, Step};
use vaultcheck::contract::{Basis, Endpoint};
use vaultcheck::exchange::Exchange;

const ID: &str = "vr-stateful-1";

fn step(endpoint: Endpoint, request: Value, response: Value, intent: Intent) -> Step {
    Step {
        exchange: Exchange::from_bodies(
            endpoint,
            request.to_string().as_bytes(),
            response.to_string().as_bytes(),
        ),
        intent,
    }
}

fn vault(card_no: &str, response: Value) -> Step {
    let request = json!({
        "vaultingRequestId": ID,
        "vaultingNotificationUrl": "https://merchant.example/n",
        "redirectUrl": "https://merchant.example/r",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": card_no}},
        "env": {"terminalType": "WEB"}
    });
    step(
        Endpoint::VaultPaymentMethod,
        request,
        response,
        Intent::Valid,
    )
}

fn inquire(response: Value) -> Step {
    step(
        Endpoint::InquireVaulting,
        json!({"vaultingRequestId": ID}),
        response,
        Intent::Valid,
    )
}

fn card(masked: &str, brand: &str, token: &str) -> Value {
    json!({"paymentMethodType": "CARD", "card": {"cardToken": token, "brand": brand, "maskedCardNo": masked}})
}

fn success(detail: Value) -> Value {
    json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."}, "vaultingRequestId": ID, "vaultingStatus": "SUCCESS", "paymentMethodDetail": detail})
}

fn processing() -> Value {
    json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": ID, "vaultingStatus": "PROCESSING", "normalUrl": "https://x.example/3ds"})
}

fn in_process() -> Value {
    json!({"result": {"resultCode": "VERIFICATION_IN_PROCESS", "resultStatus": "U"}, "vaultingRequestId": ID, "normalUrl": "https://x.example/3ds"})
}

fn judged(steps: Vec<Step>) -> BTreeSet<CheckId> {
    let history = History {
        steps,
        ..History::default()
    };
    let mut findings = check::judge_history(&history);
    for step in &history.steps {
        findings.extend(check::judge_step(step, None));
    }
    findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| f.check)
        .collect()
}

#[track_caller]
fn caught_only(steps: Vec<Step>, expected: &[CheckId]) {
    assert_eq!(
        judged(steps),
        expected.iter().copied().collect::<BTreeSet<_>>()
    );
}

#[test]
fn a_3ds_vaulting_that_ends_well_conforms() {
    let visa = card("************3220", "VISA", "ALIPAYtoken");
    caught_only(
        vec![
            vault("4000000000003220", in_process()),
            inquire(processing()),
            inquire(success(visa.clone())),
            inquire(success(visa)),
        ],
        &[],
    );
}

#[test]
fn idempotent_final_result_catches_a_changed_repeat() {
    let visa = card("************4242", "VISA", "ALIPAYtoken");
    let mut changed = success(visa.clone());
    changed["result"]["resultMessage"] = json!("success, again");
    caught_only(
        vec![
            vault("4242424242424242", success(visa.clone())),
            inquire(success(visa)),
            inquire(changed),
        ],
        &[CheckId::IdempotentFinalResult],
    );
}

#[test]
fn status_monotonic_catches_a_return_to_processing() {
    let visa = card("************3220", "VISA", "ALIPAYtoken");
    let mut back = processing();
    back.as_object_mut().unwrap().remove("normalUrl");
    caught_only(
        vec![
            vault("4000000000003220", in_process()),
            inquire(success(visa)),
            inquire(back),
        ],
        &[CheckId::StatusMonotonic],
    );
}

/// A named test card's number (the suite's table, whatever numbers it holds).
fn named(name: &str) -> &'static str {
    vaultcheck::contract::test_cards::TEST_CARDS
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.number)
        .expect("a named test card")
}

/// The brand the contract gives a number, and one it does not.
fn brands(number: &str) -> (&'static str, &'static str) {
    let brand = vaultcheck::contract::cards::brand_for_number(number);
    (
        brand,
        if brand == "VISA" {
            "MASTERCARD"
        } else {
            "VISA"
        },
    )
}

#[test]
fn card_detail_consistency_catches_another_card() {
    let number = named("success");
    let masked = vaultcheck::contract::cards::masked(number);
    let (brand, other_brand) = brands(number);
    let answer = |masked: &str, brand: &str, token: &str| success(card(masked, brand, token));
    caught_only(
        vec![
            vault(number, answer(&masked, brand, "ALIPAYt")),
            inquire(answer(&masked, brand, "ALIPAYt")),
        ],
        &[],
    );
    caught_only(
        vec![vault(number, answer("************1111", brand, "ALIPAYt"))],
        &[CheckId::CardDetailConsistency],
    );
    // The brand of a named test card is documented: another brand is a violation.
    caught_only(
        vec![vault(number, answer(&masked, other_brand, "ALIPAYt"))],
        &[CheckId::CardDetailConsistency],
    );
    caught_only(
        vec![
            vault(number, answer(&masked, brand, "ALIPAYt")),
            inquire(answer(&masked, brand, "ALIPAYother")),
        ],
        // Vault and inquiry answers are compared for the card, not for idempotency.
        &[CheckId::CardDetailConsistency],
    );
}

/// Every finding of a history, stateful and per step.
fn all_findings(steps: Vec<Step>) -> Vec<check::Finding> {
    let history = History {
        steps,
        ..History::default()
    };
    let mut findings = check::judge_history(&history);
    for step in &history.steps {
        findings.extend(check::judge_step(step, None));
    }
    findings
}

#[track_caller]
fn only_an_inferred_warning(findings: &[check::Finding], check: CheckId) {
    let violations: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .collect();
    assert!(violations.is_empty(), "{violations:#?}");
    let warned: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.basis == Basis::Inferred)
        .map(|f| f.check)
        .collect();
    assert_eq!(warned, [check], "{findings:#?}");
}

#[test]
fn inferred_rules_give_warnings_and_documented_ones_violations() {
    // A number no named test card holds: its brand is the harness's BIN-table guess (62... is
    // CUP there), so a server that says DISCOVER is warned about, not failed.
    let unnamed = "6200000000000005";
    assert!(
        vaultcheck::contract::test_cards::TEST_CARDS
            .iter()
            .all(|c| c.number != unnamed)
    );
    let masked = vaultcheck::contract::cards::masked(unnamed);
    let findings = all_findings(vec![vault(
        unnamed,
        success(card(&masked, "DISCOVER", "ALIPAYt")),
    )]);
    only_an_inferred_warning(&findings, CheckId::CardDetailConsistency);
    // The masked number of the same card is documented: a violation.
    let findings = all_findings(vec![vault(
        unnamed,
        success(card("************1111", "CUP", "ALIPAYt")),
    )]);
    assert!(
        findings
            .iter()
            .any(|f| f.check == CheckId::CardDetailConsistency
                && f.severity == Severity::Violation
                && f.basis == Basis::Documented),
        "{findings:#?}"
    );

    // A request that breaks only the inferred URL syntax and is served: a warning.
    let session = |body: Value, intent: Intent, code: &str, status: &str| {
        let mut answer = json!({"result": {"resultCode": code, "resultStatus": status}});
        if status == "S" {
            answer["vaultingSessionData"] = json!("data");
            answer["vaultingSessionId"] = json!("session-1");
            answer["vaultingSessionExpiryTime"] = json!("2026-11-24T12:01:01+08:00");
        }
        step(Endpoint::CreateVaultingSession, body, answer, intent)
    };
    let not_a_url = json!({"paymentMethodType": "CARD", "vaultingRequestId": ID, "vaultingNotificationUrl": "not a url"});
    let findings = all_findings(vec![session(
        not_a_url.clone(),
        Intent::Invalid,
        "SUCCESS",
        "S",
    )]);
    only_an_inferred_warning(&findings, CheckId::NegativeDataRejection);
    // Refused as the harness expects: nothing at all.
    let findings = all_findings(vec![session(
        not_a_url,
        Intent::Invalid,
        "PARAM_ILLEGAL",
        "F",
    )]);
    assert!(
        findings.iter().all(|f| f.severity == Severity::Notice),
        "{findings:#?}"
    );
    // A request over a documented length that is served: a documented violation.
    let long_id = json!({"paymentMethodType": "CARD", "vaultingRequestId": "x".repeat(65), "vaultingNotificationUrl": "https://m.example/n"});
    let findings = all_findings(vec![session(long_id, Intent::Invalid, "SUCCESS", "S")]);
    assert!(
        findings
            .iter()
            .any(|f| f.check == CheckId::NegativeDataRejection
                && f.severity == Severity::Violation
                && f.basis == Basis::Documented),
        "{findings:#?}"
    );

    // A stale Request-Time accepted: Antom documents no window, so a warning.
    let stale = step(
        Endpoint::InquireVaulting,
        json!({"vaultingRequestId": ID}),
        json!({"result": {"resultCode": "VAULTING_NOT_EXIST", "resultStatus": "F"}, "vaultingRequestId": ID}),
        Intent::Stale,
    );
    only_an_inferred_warning(&all_findings(vec![stale]), CheckId::IgnoredAuth);
}

#[test]
fn request_kind_checks_demand_the_answer_the_intent_calls_for() {
    let refusal = |code: &str| json!({"result": {"resultCode": code, "resultStatus": "F"}});
    let not_exist = json!({"result": {"resultCode": "VAULTING_NOT_EXIST", "resultStatus": "F"}, "vaultingRequestId": ID});
    let request = json!({"vaultingRequestId": ID});
    let one = |intent: Intent, response: Value| {
        step(Endpoint::InquireVaulting, request.clone(), response, intent)
    };

    caught_only(
        vec![one(Intent::Unsigned, refusal("INVALID_SIGNATURE"))],
        &[],
    );
    caught_only(
        vec![one(Intent::Unsigned, not_exist.clone())],
        &[CheckId::IgnoredAuth],
    );
    caught_only(
        vec![one(Intent::WrongSignature, not_exist.clone())],
        &[CheckId::IgnoredAuth],
    );
    caught_only(
        vec![one(Intent::UnknownClient, refusal("KEY_NOT_FOUND"))],
        &[],
    );
    caught_only(vec![one(Intent::Stale, not_exist.clone())], &[]);

    caught_only(vec![one(Intent::UnknownId, not_exist.clone())], &[]);
    caught_only(
        vec![one(
            Intent::UnknownId,
            success(card("************4242", "VISA", "t")),
        )],
        &[CheckId::UnknownIdNotFound],
    );

    // A refused inquiry of an unknown id broke the acceptance rule, not the not-found one.
    caught_only(
        vec![one(Intent::UnknownId, refusal("PARAM_ILLEGAL"))],
        &[CheckId::PositiveDataAcceptance],
    );
    caught_only(vec![one(Intent::Valid, not_exist.clone())], &[]);
    caught_only(
        vec![one(Intent::Valid, refusal("PARAM_ILLEGAL"))],
        &[CheckId::PositiveDataAcceptance],
    );
    // A refusal the request forced with a vaultcheck simulator's control header was asked
    // for (the coverage phase forces every code), so it is not held against the API.
    let mut forced = one(Intent::Valid, refusal("PARAM_ILLEGAL"));
    forced.exchange.request.headers = Some(vec![(
        vaultcheck::protocol::headers::FORCE_RESULT.to_owned(),
        "PARAM_ILLEGAL".to_owned(),
    )]);
    caught_only(vec![forced], &[]);

    let invalid = |response: Value| {
        step(
            Endpoint::InquireVaulting,
            json!({"vaultingRequestId": 5}),
            response,
            Intent::Invalid,
        )
    };
    caught_only(vec![invalid(refusal("PARAM_ILLEGAL"))], &[]);
    caught_only(vec![invalid(not_exist)], &[CheckId::NegativeDataRejection]);

    let mut get = step(
        Endpoint::InquireVaulting,
        Value::Null,
        refusal("METHOD_NOT_SUPPORTED"),
        Intent::UnsupportedMethod,
    );
    get.exchange.method = "GET".into();
    get.exchange.request.body.clear();
    caught_only(vec![get.clone()], &[]);
    get.exchange.status = Some(405);
    get.exchange.response.body = b"Method Not Allowed".to_vec();
    assert!(!judged(vec![get.clone()]).contains(&CheckId::UnsupportedMethod));
    get.exchange.status = Some(200);
    get.exchange.response.body = refusal("PARAM_ILLEGAL").to_string().into_bytes();
    caught_only(vec![get], &[CheckId::UnsupportedMethod]);
}

#[test]
fn notification_conformance_judges_what_arrived() {
    let visa = card("************4242", "VISA", "ALIPAYt");
    let notification = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": ID, "vaultingStatus": "SUCCESS", "paymentMethodDetail": visa});
    let ack = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
    let history = |notification: &Value| History {
        steps: vec![
            vault("4242424242424242", success(visa.clone())),
            inquire(success(visa.clone())),
        ],
        notifications: vec![Exchange::from_bodies(
            Endpoint::NotifyVaulting,
            notification.to_string().as_bytes(),
            ack,
        )],
        missed_notifications: Vec::new(),
        antom_key: None,
    };
    let violated = |h: History| -> BTreeSet<CheckId> {
        check::judge_history(&h)
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .map(|f| f.check)
            .collect()
    };
    assert!(violated(history(&notification)).is_empty());
    let mut disagrees = notification.clone();
    disagrees["vaultingStatus"] = json!("FAIL");
    disagrees
        .as_object_mut()
        .unwrap()
        .remove("paymentMethodDetail");
    disagrees["result"] = json!({"resultCode": "VERIFICATION_FAIL", "resultStatus": "F"});
    assert_eq!(
        violated(history(&disagrees)),
        BTreeSet::from([CheckId::NotificationConformance])
    );
    let mut other_card = notification.clone();
    other_card["paymentMethodDetail"]["card"]["cardToken"] = json!("ALIPAYsomething-else");
    assert_eq!(
        violated(history(&other_card)),
        BTreeSet::from([CheckId::CardDetailConsistency])
    );
    let mut numeric = notification;
    numeric["vaultingRequestId"] = json!(42);
    assert_eq!(
        violated(history(&numeric)),
        BTreeSet::from([CheckId::NotificationConformance])
    );
}

#[test]
fn a_notification_awaited_in_vain_is_notification_conformance_s_finding() {
    let awaited = History {
        steps: vec![inquire(success(card(
            "************4242",
            "VISA",
            "ALIPAYt",
        )))],
        ..History::default()
    };
    assert!(judged(awaited.steps.clone()).is_empty());
    let missed = History {
        missed_notifications: vec![vaultcheck::check::MissedNotification {
            vaulting_request_id: ID.to_owned(),
            waited: std::time::Duration::from_secs(5),
        }],
        ..awaited
    };
    let findings = check::judge_history(&missed);
    let violated: BTreeSet<CheckId> = findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| f.check)
        .collect();
    assert_eq!(violated, BTreeSet::from([CheckId::NotificationConformance]));
    assert!(findings[0].expected.contains(ID), "{findings:#?}");
}

mod never_carried {
    //! What a response must never carry, across steps and cases: one `cardToken` for two
    //! different card numbers (`card_token_unique`); a card number or CVV in a notification is
    //! reported by its own check, not by `notification_conformance`.
    use super::*;

    fn vault_as(id: &str, card_no: &str, token: &str) -> Step {
        let masked = vaultcheck::contract::cards::masked(card_no);
        let brand = vaultcheck::contract::cards::brand_for_number(card_no);
        let request = json!({
            "vaultingRequestId": id,
            "vaultingNotificationUrl": "https://merchant.example/n",
            "redirectUrl": "https://merchant.example/r",
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": card_no}},
            "env": {"terminalType": "WEB"}
        });
        let answer = json!({
            "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
            "vaultingRequestId": id,
            "paymentMethodDetail": card(&masked, brand, token),
        });
        step(Endpoint::VaultPaymentMethod, request, answer, Intent::Valid)
    }

    fn history(steps: Vec<Step>) -> History {
        History {
            steps,
            ..History::default()
        }
    }

    #[test]
    fn card_token_unique_passes_one_token_per_card() {
        caught_only(
            vec![
                vault_as("vr-a", named("success"), "ALIPAYa"),
                vault_as("vr-b", named("success2"), "ALIPAYb"),
                // The same card vaulted again may keep its token.
                vault_as("vr-c", named("success"), "ALIPAYa"),
            ],
            &[],
        );
    }

    #[test]
    fn card_token_unique_catches_one_token_for_two_cards_in_a_case() {
        let steps = vec![
            vault_as("vr-a", named("success"), "ALIPAYshared"),
            vault_as("vr-b", named("success2"), "ALIPAYshared"),
        ];
        let findings = all_findings(steps.clone());
        caught_only(steps, &[CheckId::CardTokenUnique]);
        let finding = findings
            .iter()
            .find(|f| f.check == CheckId::CardTokenUnique)
            .unwrap();
        assert_eq!(finding.basis, Basis::Security);
        assert!(!finding.to_string().contains("ALIPAYshared"), "{finding}");
        assert!(!finding.to_string().contains(named("success")), "{finding}");
    }

    #[test]
    fn card_token_unique_judges_a_run_across_cases_without_repeating_a_case() {
        let first = history(vec![vault_as("vr-a", named("success"), "ALIPAYshared")]);
        let second = history(vec![vault_as("vr-b", named("success2"), "ALIPAYshared")]);
        // Each case alone is fine; together they share a token.
        assert!(check::judge_history(&first).is_empty());
        assert!(check::judge_history(&second).is_empty());
        let across = check::judge_across_cases([(&first, &[][..]), (&second, &[][..])]);
        assert_eq!(across.len(), 1, "{across:#?}");
        assert_eq!(across[0].0, 1);
        assert_eq!(across[0].1.check, CheckId::CardTokenUnique);
        // A clash inside one case is its own history's finding, not repeated across the run.
        let both = history(vec![
            vault_as("vr-a", named("success"), "ALIPAYshared"),
            vault_as("vr-b", named("success2"), "ALIPAYshared"),
        ]);
        let own = check::judge_history(&both);
        assert_eq!(own.len(), 1, "{own:#?}");
        assert!(check::judge_across_cases([(&both, own.as_slice())]).is_empty());
        let clean = history(vec![vault_as("vr-c", named("success2"), "ALIPAYother")]);
        assert!(check::judge_across_cases([(&first, &[][..]), (&clean, &[][..])]).is_empty());
    }

    #[test]
    fn a_notification_carrying_a_card_number_or_cvv_is_reported_by_its_own_check() {
        let number = named("success");
        let masked = vaultcheck::contract::cards::masked(number);
        let brand = vaultcheck::contract::cards::brand_for_number(number);
        let detail = card(&masked, brand, "ALIPAYt");
        let notification = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": ID, "vaultingStatus": "SUCCESS", "paymentMethodDetail": detail});
        let ack = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
        let judged = |notification: &Value| -> BTreeSet<CheckId> {
            let history = History {
                steps: vec![vault(number, success(detail.clone()))],
                notifications: vec![Exchange::from_bodies(
                    Endpoint::NotifyVaulting,
                    notification.to_string().as_bytes(),
                    ack,
                )],
                ..History::default()
            };
            check::judge_history(&history)
                .iter()
                .filter(|f| f.severity == Severity::Violation)
                .map(|f| f.check)
                .collect()
        };
        assert!(judged(&notification).is_empty());
        let mut full = notification.clone();
        full["paymentMethodDetail"]["card"]["maskedCardNo"] = json!(number);
        assert_eq!(judged(&full), BTreeSet::from([CheckId::MaskedCardNumber]));
        let mut cvv = notification;
        cvv["paymentMethodDetail"]["card"]["cvv"] = json!("123");
        assert_eq!(judged(&cvv), BTreeSet::from([CheckId::NoCvvInResponse]));
    }
}
