//! Severity by basis through `vaultcheck run`: a run whose only finding rests on an inference
//! (a served request that breaks only the URL syntax the harness infers) exits 0 with a
//! warning, and 1 with `--strict`; a run that breaks a documented rule exits 1 either way.

use crate::support::cli;

use cli::{Scratch, both};

/// A case sending createVaultingSession a request marked invalid, with `field` set to `value`.
fn case(field: &str, value: &str) -> String {
    format!(
        r#"{{"description": "an invalid session request", "steps": [{{"do": "call", "endpoint": "createVaultingSession", "intent": "invalid", "body": {{"paymentMethodType": "CARD", "vaultingRequestId": "${{id}}", "vaultingNotificationUrl": "https://merchant.example/n", "{field}": "{value}"}}}}]}}"#
    )
}

/// Runs the one case named `name` from `dir` against the embedded simulator serving invalid
/// requests as if valid.
fn run(dir: &Scratch, name: &str, extra: &[&str]) -> std::process::Output {
    let failures = dir.join("failures");
    let mut args = vec![
        "run",
        "--fault",
        "accept-invalid",
        "--cases-dir",
        dir.path().to_str().unwrap(),
        "--filter",
        name,
        "--seed",
        "7",
        "--failures",
        &failures,
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    cli::run(&args)
}

#[test]
fn an_inferred_finding_warns_and_strict_fails_it() {
    let dir = Scratch::new();
    dir.file(
        "basis-inferred-url.json",
        &case("vaultingNotificationUrl", "not a url"),
    );
    let out = run(&dir, "basis-inferred-url", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let json = dir.join("report.json");
    let strict = run(&dir, "basis-inferred-url", &["--strict", "--json", &json]);
    assert_eq!(strict.status.code(), Some(1), "{}", both(&strict));
    assert!(
        both(&strict).contains("negative_data_rejection"),
        "{}",
        both(&strict)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let finding = &report["units"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "negative_data_rejection")
        .cloned()
        .expect("the served request is reported");
    assert_eq!(finding["basis"], "inferred", "{report}");
}

#[test]
fn a_documented_finding_fails_without_strict() {
    let dir = Scratch::new();
    let long = "x".repeat(65);
    dir.file(
        "basis-documented-id.json",
        &case("vaultingRequestId", &long).replace(r#""vaultingRequestId": "${id}", "#, ""),
    );
    let out = run(&dir, "basis-documented-id", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("negative_data_rejection"),
        "{}",
        both(&out)
    );
    assert!(both(&out).contains("basis: documented"), "{}", both(&out));
}
