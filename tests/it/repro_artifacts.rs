//! What a failing run writes holds no secret, and replays: a run against the embedded
//! simulator with a fault saves its failures; no file there holds a card number, CVV, card
//! token or signature value that was sent or received; a property group's failure brings only
//! its own case's requests; `vaultcheck replay` and `reproduce.sh` reproduce the failure.

use crate::support::cli;

use cli::{Scratch, both, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vaultcheck::report::repro::{self, Meta, Origin};
use vaultcheck::runner::{self, CaseRun, Setup};
use vaultcheck::sim::Fault;
use vaultcheck::transport::Limits;

const FAULT: &str = "mask-mismatch";

/// Every value under `field` anywhere in a JSON body.
fn values_of(body: &[u8], field: &str, out: &mut BTreeSet<String>) {
    fn walk(value: &Value, field: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if key == field {
                        match child {
                            Value::String(s) => {
                                out.insert(s.clone());
                            }
                            Value::Number(n) => {
                                out.insert(n.to_string());
                            }
                            _ => {}
                        }
                    }
                    walk(child, field, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, field, out)),
            _ => {}
        }
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        walk(&value, field, out);
    }
}

/// The signature values of a message's `Signature` header.
fn signature_of(headers: Option<&[(String, String)]>, out: &mut BTreeSet<String>) {
    for (name, value) in headers.into_iter().flatten() {
        if name.eq_ignore_ascii_case("signature")
            && let Some(signature) = value.split("signature=").nth(1)
        {
            out.insert(signature.trim().to_owned());
        }
    }
}

/// Every secret the runs sent or received: card numbers, CVVs, card tokens, signatures.
fn secrets(runs: &[CaseRun]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for run in runs {
        let exchanges = run.history.steps.iter().map(|s| &s.exchange);
        for exchange in exchanges.chain(&run.history.notifications) {
            for body in [&exchange.request.body, &exchange.response.body] {
                values_of(body, "cardNo", &mut found);
                values_of(body, "cvv", &mut found);
                values_of(body, "cardToken", &mut found);
            }
            signature_of(exchange.request.headers.as_deref(), &mut found);
            signature_of(exchange.response.headers.as_deref(), &mut found);
        }
    }
    // Short values (a mutant's `7`, a three-digit CVV) are checked where they stood: as the
    // value of their field, below.
    found
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Whether `text` holds a run of 12 to 19 digits passing the Luhn check.
fn holds_a_card_number(text: &str) -> Option<String> {
    let digits: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| (12..=19).contains(&run.len()))
        .collect();
    digits.into_iter().find(|run| luhn(run)).map(str::to_owned)
}

#[track_caller]
fn assert_no_secret_in(dir: &Path, secrets: &BTreeSet<String>) -> usize {
    let files = files_under(dir);
    assert!(!files.is_empty(), "nothing saved under {}", dir.display());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for secret in secrets.iter().filter(|s| s.len() >= 8) {
            assert!(
                !text.contains(secret.as_str()),
                "{} holds a secret",
                file.display()
            );
        }
        assert_eq!(holds_a_card_number(&text), None, "{}", file.display());
        if serde_json::from_str::<Value>(&text).is_ok() {
            // A CVV or card number is never saved as itself, only as a placeholder.
            let mut saved = BTreeSet::new();
            values_of(text.as_bytes(), "cvv", &mut saved);
            values_of(text.as_bytes(), "cardNo", &mut saved);
            for value in &saved {
                assert!(
                    value.starts_with("${") || value == "[redacted]",
                    "{}: a saved value {value}",
                    file.display()
                );
            }
        }
    }
    files.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_runs_artifacts_hold_no_secret_and_a_group_saves_only_its_case() {
    let faults = Fault::parse_all([FAULT]).unwrap();
    let (setup, _sim) = Setup::embedded(&faults, 11, Limits::default())
        .await
        .unwrap();
    let origin = Origin::of(&setup, Some(&faults));
    let units = runner::suite(None).unwrap();
    let runs = runner::execute(Arc::new(setup), units, 11, 8, 2, |_, _, _| {}).await;
    let failed: Vec<&CaseRun> = runs.iter().filter(|r| r.verdict().is_failure()).collect();
    assert!(!failed.is_empty(), "the fault is caught");
    let secrets = secrets(&runs);
    assert!(secrets.len() > 10, "{}", secrets.len());

    let dir = Scratch::new();
    for run in &failed {
        repro::save(dir.path(), run, &origin).unwrap();
    }
    let files = assert_no_secret_in(dir.path(), &secrets);
    assert!(files > 6, "{files}");

    // A property group's failure brings only its own case's earlier requests.
    for meta_file in files_under(dir.path())
        .into_iter()
        .filter(|f| f.ends_with("meta.json"))
    {
        let meta: Meta =
            serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap()).unwrap();
        if meta.case.starts_with("[prop]") {
            assert!(
                meta.before.len() <= 1,
                "{}: {:?}",
                meta_file.display(),
                meta.before
            );
        }
    }
}

#[test]
fn the_cli_failures_folder_holds_no_card_and_replays() {
    let dir = Scratch::new();
    let failures = dir.join("failures");
    let out = cli::run(&[
        "run",
        "--fault",
        FAULT,
        "--seed",
        "5",
        "--cases",
        "4",
        "--failures",
        &failures,
        "--no-progress",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let named: BTreeSet<String> = vaultcheck::contract::test_cards::TEST_CARDS
        .iter()
        .map(|c| c.number.to_owned())
        .collect();
    assert_no_secret_in(Path::new(&failures), &named);
    let folders: Vec<PathBuf> = files_under(Path::new(&failures))
        .into_iter()
        .filter(|f| f.ends_with("meta.json"))
        .map(|f| f.parent().unwrap().to_path_buf())
        .collect();
    let with_card = folders
        .iter()
        .find(|d| {
            files_under(d)
                .iter()
                .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("\"${card.")))
        })
        .expect("a saved request naming its card");

    // Replay of the whole folder reproduces the failures and closes with a summary.
    let replay = cli::run(&["replay", &failures]);
    assert_eq!(replay.status.code(), Some(1), "{}", both(&replay));
    let text = stdout(&replay);
    assert!(text.contains("still violate the contract"), "{text}");
    assert!(text.contains("card_detail_consistency"), "{text}");
    assert!(text.contains(", 0 could not be replayed"), "{text}");
    assert_no_secret_in(Path::new(&failures), &named);

    // reproduce.sh, run from elsewhere, does the same for its folder.
    let script = with_card.join("reproduce.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .current_dir(dir.path())
        .env("VAULTCHECK", env!("CARGO_BIN_EXE_vaultcheck"))
        .env_remove("VAULTCHECK_BASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let replayed = std::fs::read_to_string(with_card.join("replayed.json")).unwrap();
    assert!(replayed.contains("maskedCardNo"), "{replayed}");
    assert_eq!(holds_a_card_number(&replayed), None);
}

/// The Luhn check every card number passes, written here on its own so the test does not lean
/// on the redaction code it is testing.
fn luhn(digits: &str) -> bool {
    // Doubling every second digit from the right, as a table: 0→0, 1→2, ..., 5→1 (10-9), ...
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let (sum, _) = digits.bytes().rev().fold((0, false), |(sum, double), b| {
        let d = u32::from(b - b'0');
        (sum + if double { DOUBLED[d as usize] } else { d }, !double)
    });
    digits.len() >= 12 && sum.is_multiple_of(10)
}
