//! Contract coverage as a user meets it: `vaultcheck run --coverage FILE --coverage-min PCT`
//! on the embedded simulator (every reachable rule covered, whatever the seed), the gate
//! failing and naming the rules a run did not reach, the coverage phase catching a target that
//! serves a request it must refuse with every seed, and `check --exchanges` measuring recorded
//! traffic.

use crate::support::cli;

use cli::{Scratch, both, stdout};
use serde_json::Value;

fn coverage_report(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_reachable_rule_is_covered_on_the_embedded_simulator_with_any_seed() {
    for seed in ["7", "40961"] {
        let dir = Scratch::new();
        let file = dir.join("coverage.json");
        let junit = dir.join("junit.xml");
        let json = dir.join("run.json");
        let out = cli::run_in(
            dir.path(),
            &[
                "run",
                "--seed",
                seed,
                "--cases",
                "4",
                "--coverage",
                &file,
                "--coverage-min",
                "100",
                "--junit",
                &junit,
                "--json",
                &json,
                "--no-progress",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "seed {seed}: {}", both(&out));
        assert!(
            stdout(&out).contains("contract coverage: "),
            "{}",
            stdout(&out)
        );
        let report = coverage_report(&file);
        let rules = report["rules"].as_array().unwrap();
        assert!(rules.len() > 100, "{}", rules.len());
        for rule in rules {
            let status = rule["status"].as_str().unwrap();
            assert!(
                status == "covered" || status == "unreachable on this target",
                "seed {seed}: {} is {status}",
                rule["id"]
            );
            if status != "covered" {
                assert!(rule["reason"].as_str().is_some_and(|r| !r.is_empty()));
            }
        }
        let summary = &report["summary"];
        assert_eq!(summary["percent"], 100.0);
        let phase = summary["phase_requests"].as_u64().unwrap();
        assert!((50..400).contains(&phase), "{phase} phase requests");
        let run: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(run["coverage"]["covered"], summary["covered"]);
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(xml.contains("coverage.percent"), "{xml}");
    }
}

#[test]
fn the_gate_fails_and_names_the_rules_a_run_did_not_reach() {
    let dir = Scratch::new();
    let file = dir.join("coverage.json");
    // The phase alone: no flow approves a 3DS challenge, none awaits a notification.
    let out = cli::run_in(
        dir.path(),
        &[
            "run",
            "--seed",
            "3",
            "--filter",
            "coverage-phase",
            "--coverage",
            &file,
            "--coverage-min",
            "100",
            "--no-progress",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let text = stdout(&out);
    assert!(text.contains("is below --coverage-min 100"), "{text}");
    assert!(
        text.contains("vaultingStatus.PROCESSING->SUCCESS"),
        "{text}"
    );
    assert!(text.contains("notifyVaulting.resultCode.SUCCESS"), "{text}");
    let report = coverage_report(&file);
    let transition = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "vaultingStatus.PROCESSING->SUCCESS")
        .unwrap();
    assert_eq!(transition["status"], "not covered");
    // A lower threshold passes the same run.
    let out = cli::run_in(
        dir.path(),
        &[
            "run",
            "--seed",
            "3",
            "--filter",
            "coverage-phase",
            "--coverage-min",
            "90",
            "--no-progress",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
}

#[test]
fn a_target_serving_a_letter_in_the_cvv_is_caught_with_every_seed() {
    for seed in ["1", "99"] {
        let dir = Scratch::new();
        let out = cli::run_in(
            dir.path(),
            &[
                "run",
                "--seed",
                seed,
                "--filter",
                "coverage-phase",
                "--fault",
                "accept-invalid",
                "--no-progress",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{}", both(&out));
        let text = stdout(&out);
        assert!(text.contains("negative_data_rejection"), "{text}");
        assert!(
            text.contains("breaks vaultPaymentMethod.request./paymentMethodDetail/card/cvv.format"),
            "{text}"
        );
        assert!(
            !text.contains("4054695723100768"),
            "a card number leaked: {text}"
        );
    }
}

#[test]
fn check_exchanges_prints_the_coverage_of_the_traffic_it_judged() {
    let dir = Scratch::new();
    let line = r#"{"endpoint":"inquireVaulting","request":{"vaultingRequestId":"a"},"response":{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}}"#;
    let file = dir.file("traffic.ndjson", &format!("{line}\n{line}\n"));
    let out = cli::run(&["check", "--exchanges", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert!(text.contains("contract coverage: "), "{text}");
    assert!(text.contains(", 0 unreachable on this target"), "{text}");
}
