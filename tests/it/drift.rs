//! `vaultcheck drift`: against the independent stand-in of the sandbox (`tests/standin/`) set
//! to add the SDK-known inquiry fields and write Title-Case header names, it reports exactly
//! those differences (on the units where the rest of the stand-in answers as the simulator
//! does: it also signs refusals, echoes ids in refusals and has a brand table of its own, which
//! drift reports too); against the embedded simulator itself it reports none.

use crate::standin;
use crate::support::cli;

use cli::{both, command, fixture, stdout};
use serde_json::Value;
use standin::{Standin, StandinConfig, Variations};
use std::collections::BTreeSet;

/// `vaultcheck drift ARGS --json` on a thread of its own (the stand-in serves on the runtime).
async fn drift(args: Vec<String>) -> (Option<i32>, Value, String) {
    tokio::task::spawn_blocking(move || {
        let out = command()
            .arg("drift")
            .args(&args)
            .args(["--seed", "7", "--cases", "2", "--json"])
            .output()
            .unwrap();
        let report = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
        (out.status.code(), report, both(&out))
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standins_sdk_fields_and_title_case_headers_are_exactly_the_drift() {
    let mut variations = Variations::none();
    variations.sdk_extra_fields = true;
    variations.capitalised_headers = true;
    let standin = Standin::start(StandinConfig {
        variations,
        ..StandinConfig::default()
    })
    .await;
    let args = vec![
        "--target".to_owned(),
        standin.base_url().to_owned(),
        "--client-id".into(),
        standin.client_id().to_owned(),
        "--private-key".into(),
        fixture("keys/test-merchant-private.pem")
            .display()
            .to_string(),
        "--antom-public-key".into(),
        fixture("keys/test-antom-public.pem").display().to_string(),
        "--filter".into(),
        "declined".into(),
    ];
    let (code, report, output) = drift(args).await;
    assert_eq!(code, Some(1), "{output}");
    assert!(report["steps_compared"].as_u64().unwrap() >= 4, "{output}");
    let found: BTreeSet<(String, String, String, String)> = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap().to_owned();
            (text("kind"), text("at"), text("simulator"), text("target"))
        })
        .collect();
    let field = |at: &str| {
        (
            "field".to_owned(),
            at.to_owned(),
            "absent".to_owned(),
            "<string>".to_owned(),
        )
    };
    let case = |lower: &str, title: &str| {
        (
            "header-case".to_owned(),
            format!("header:{lower}"),
            lower.to_owned(),
            title.to_owned(),
        )
    };
    let expected: BTreeSet<_> = [
        field("/vaultingResultCode"),
        field("/vaultingResultMessage"),
        case("content-type", "Content-Type"),
        case("client-id", "Client-Id"),
        case("response-time", "Response-Time"),
        case("signature", "Signature"),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected, "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_does_not_drift_from_itself() {
    let (code, report, output) = drift(vec![]).await;
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(report["differences"], serde_json::json!([]), "{output}");
    assert!(report["steps_compared"].as_u64().unwrap() > 10, "{output}");
}
