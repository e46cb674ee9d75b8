//! `vaultcheck run --record FILE`: every exchange of a run, redacted, in the format
//! `vaultcheck check --exchanges` reads; re-judged offline it gives the run's per-exchange
//! findings (check ids and pointers), and a redacted signature is skipped with a notice.

use crate::support::cli;

use cli::{Scratch, both, command, fixture, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;
use vaultcheck::check::{CheckId, CheckKind};

/// `(check, pointer)` → how many times, for the checks that judge one exchange (alone or with
/// its intent); the stateful checks need the whole case and are not re-judged offline.
type Tally = BTreeMap<(String, String), usize>;

fn per_exchange(check: &str) -> bool {
    let id: CheckId = check.parse().expect("a known check id");
    id.kind() != CheckKind::Stateful
}

fn count(tally: &mut Tally, finding: &Value) {
    let check = finding["check"].as_str().unwrap().to_owned();
    if per_exchange(&check) {
        let pointer = finding["pointer"].as_str().unwrap().to_owned();
        *tally.entry((check, pointer)).or_default() += 1;
    }
}

#[test]
fn a_recorded_run_with_planted_faults_rejudges_to_the_same_findings() {
    let dir = Scratch::new();
    let record = dir.join("run.ndjson");
    let report = dir.join("report.json");
    let run = command()
        .args(["run", "--cases", "2", "--seed", "12", "--no-progress"])
        .args(["--fault", "url-with-fail", "--fault", "accept-unsigned"])
        .args(["--fault", "wrong-id-echo", "--fault", "bad-signature"])
        .args(["--record", &record, "--json", &report])
        .args(["--failures", &dir.join("failures")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", both(&run));
    assert!(stdout(&run).contains("recorded "), "{}", both(&run));

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let mut in_run = Tally::new();
    let mut exchanges = 0;
    for unit in report["units"].as_array().unwrap() {
        exchanges += unit["exchanges"].as_u64().unwrap() as usize;
        for finding in unit["findings"].as_array().unwrap() {
            count(&mut in_run, finding);
        }
    }
    // The run verified signatures (the embedded simulator's key); offline they are redacted.
    let signature = (
        CheckId::ResponseSignature.as_str().to_owned(),
        "header:Signature".into(),
    );
    assert!(in_run.remove(&signature).is_some(), "{in_run:?}");
    for planted in [
        CheckId::RedirectUrlCoupling,
        CheckId::IgnoredAuth,
        CheckId::RequestIdEcho,
    ] {
        assert!(
            in_run.keys().any(|(check, _)| check == planted.as_str()),
            "{planted} missing from the run: {in_run:?}"
        );
    }

    let text = std::fs::read_to_string(&record).unwrap();
    assert_eq!(text.lines().count(), exchanges, "one line per exchange");
    for card in vaultcheck::contract::test_cards::TEST_CARDS {
        assert!(
            !text.contains(card.number),
            "a card number in the recording"
        );
    }
    assert!(!text.contains("\"cvv\":\"123\""), "a CVV in the recording");

    let check = command()
        .args(["check", "--exchanges", &record, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", both(&check));
    let mut offline = Tally::new();
    let mut judged = 0;
    for line in stdout(&check).lines() {
        let verdict: Value = serde_json::from_str(line).unwrap();
        judged += 1;
        for finding in verdict["findings"].as_array().unwrap() {
            count(&mut offline, finding);
        }
    }
    assert_eq!(judged, exchanges);
    assert_eq!(offline, in_run, "re-judged offline vs. in the run");

    // With a key, the redacted signatures are not judged (they cannot verify) and it says so.
    let keyed = command()
        .args(["check", "--exchanges", &record, "--format", "json"])
        .arg("--antom-public-key")
        .arg(fixture("keys/test-antom-public.pem"))
        .output()
        .unwrap();
    assert!(
        stderr(&keyed).contains("redacted signature")
            && !stdout(&keyed).contains("response_signature"),
        "{}",
        both(&keyed)
    );
}
