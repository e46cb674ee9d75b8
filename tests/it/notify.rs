//! `vaultcheck notify` and `vaultcheck::notify`: the merchant's notification receiver under
//! test. Our own axum receiver (`receiver/`) conforms, and each of its flaws breaks one
//! receiver rule, caught by that rule's check and no other — through the library (an in-process
//! router and a URL) and through the binary (exit 0, 1 naming the rule, 2 when it cannot run).
//! The simulator's notifier judges a merchant's acknowledgement by the same rule.

use crate::receiver::{Flaw, PATH, Running, router};
use crate::support::cli::{self, Scratch, both, stdout};
use crate::support::{antom_private, antom_public};
use std::collections::BTreeSet;
use std::time::Duration;
use vaultcheck::check::{self, CheckId, CheckKind};
use vaultcheck::contract::Basis;
use vaultcheck::notify::{Probe, ReceiverTest, rules};

/// The rule each flaw breaks.
fn broken_by(flaw: Flaw) -> CheckId {
    match flaw {
        Flaw::None => unreachable!("the conforming receiver breaks nothing"),
        Flaw::AcceptsForged => CheckId::ForgedNotificationRefused,
        Flaw::AcceptsUnsigned => CheckId::UnsignedNotificationRefused,
        Flaw::VerifiesOverWrongPath => CheckId::WrongPathNotificationRefused,
        Flaw::AnswersAnotherBody => CheckId::NotificationAcknowledged,
        Flaw::FailsOnRepeat => CheckId::RepeatNotificationAcknowledged,
        Flaw::FailsOnFail => CheckId::FailNotificationAcknowledged,
    }
}

fn test() -> ReceiverTest {
    ReceiverTest::new(antom_private()).timeout(Duration::from_secs(5))
}

#[test]
fn the_receiver_rules_are_in_the_catalogue_with_their_basis() {
    let ids: Vec<CheckId> = rules();
    assert_eq!(ids.len(), 6, "{ids:?}");
    for id in &ids {
        assert_eq!(id.kind(), CheckKind::Receiver);
        let expected = match id {
            CheckId::NotificationAcknowledged
            | CheckId::FailNotificationAcknowledged
            | CheckId::RepeatNotificationAcknowledged => Basis::Documented,
            _ => Basis::Security,
        };
        assert_eq!(check::basis(*id), expected, "{id}");
        assert!(check::all_ids().iter().any(|(c, _)| c == id));
    }
    let broken: BTreeSet<CheckId> = Flaw::BROKEN.iter().map(|f| broken_by(*f)).collect();
    assert_eq!(
        broken,
        ids.into_iter().collect(),
        "one flaw per receiver rule"
    );
}

#[tokio::test]
async fn a_conforming_receiver_acknowledges_the_genuine_and_refuses_the_forged() {
    let report = test()
        .router(router(Flaw::None, antom_public()), PATH)
        .await
        .unwrap();
    report.assert_conforms();
    assert!(report.findings.is_empty(), "{}", report.text());
    let probes: Vec<&Probe> = report.answers.iter().map(|a| &a.probe).collect();
    for probe in [
        Probe::GenuineSuccess,
        Probe::Repeat,
        Probe::GenuineFail,
        Probe::WrongSignature,
        Probe::TamperedBody,
        Probe::Unsigned,
        Probe::WrongPath("/notify".into()),
        Probe::WrongPath("/".into()),
    ] {
        assert!(probes.contains(&&probe), "{probe:?} not sent: {probes:?}");
    }
    for answer in &report.answers {
        assert_eq!(
            answer.acknowledged(),
            answer.probe.is_genuine(),
            "{}",
            answer.line()
        );
        assert_eq!(
            answer.accepted,
            answer.probe.is_genuine(),
            "{}",
            answer.line()
        );
    }
    assert!(
        report.text().contains("receiver conforms"),
        "{}",
        report.text()
    );
}

#[tokio::test]
async fn each_flaw_is_caught_by_its_own_rule_and_no_other() {
    for flaw in Flaw::BROKEN {
        let report = test()
            .router(router(flaw, antom_public()), PATH)
            .await
            .unwrap();
        assert!(!report.conforms(), "{flaw:?}");
        assert_eq!(
            report.violated(),
            BTreeSet::from([broken_by(flaw)]),
            "{flaw:?}:\n{}",
            report.text()
        );
        for finding in &report.findings {
            assert_eq!(finding.basis, check::basis(finding.check), "{finding}");
            assert_eq!(finding.severity, check::Severity::Violation, "{finding}");
        }
    }
}

#[tokio::test]
async fn a_receiver_that_verifies_nothing_is_reported_once_as_forged_acceptance() {
    // A receiver that checks for a Signature header and verifies nothing accepts the altered
    // signature, the tampered body and the wrong paths: one root cause, one rule.
    let report = test()
        .router(router(Flaw::AcceptsForged, antom_public()), PATH)
        .await
        .unwrap();
    let forged: Vec<_> = report
        .by_check()
        .into_iter()
        .flat_map(|(_, found)| found)
        .map(|f| f.expected.clone())
        .collect();
    assert!(
        forged.iter().any(|e| e.contains("wrong-signature")),
        "{forged:?}"
    );
    assert!(
        forged.iter().any(|e| e.contains("tampered-body")),
        "{forged:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_at_a_url_is_judged_the_same() {
    let conforming = Running::start(Flaw::None, antom_public()).await;
    let report = test().url(&conforming.url()).await.unwrap();
    assert!(report.conforms(), "{}", report.text());
    let broken = Running::start(Flaw::FailsOnRepeat, antom_public()).await;
    let report = test().url(&broken.url()).await.unwrap();
    assert_eq!(
        report.violated(),
        BTreeSet::from([CheckId::RepeatNotificationAcknowledged])
    );
    // Nothing listening: an error, not findings.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{PATH}", closed.local_addr().unwrap());
    drop(closed);
    let error = test().url(&url).await.unwrap_err();
    assert!(error.to_string().contains("refused"), "{error}");
    let error = test().url("ftp://example.invalid/x").await.unwrap_err();
    assert!(error.to_string().contains("--to"), "{error}");
}

/// Runs `vaultcheck ARGS` off the runtime's threads (the receiver keeps serving meanwhile).
async fn vaultcheck(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli::run(&args)
    })
    .await
    .unwrap()
}

fn key_file() -> String {
    cli::fixture("keys/test-antom-private.pem")
        .display()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_exits_0_on_a_conforming_receiver_and_writes_its_reports() {
    let receiver = Running::start(Flaw::None, antom_public()).await;
    let dir = Scratch::new();
    let (json, junit) = (dir.join("notify.json"), dir.join("notify.xml"));
    let out = vaultcheck(vec![
        "notify".into(),
        "--to".into(),
        receiver.url(),
        "--antom-private-key".into(),
        key_file(),
        "--json".into(),
        json.clone(),
        "--junit".into(),
        junit.clone(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        stdout(&out).contains("genuine-success: HTTP 200, acknowledged"),
        "{}",
        both(&out)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["conforms"], true, "{report:#}");
    assert_eq!(report["answers"].as_array().unwrap().len(), 8, "{report:#}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("tests=\"6\"") && xml.contains("failures=\"0\""),
        "{xml}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_exits_1_naming_the_rule_each_flaw_breaks() {
    for flaw in Flaw::BROKEN {
        let receiver = Running::start(flaw, antom_public()).await;
        let dir = Scratch::new();
        let (json, junit) = (dir.join("notify.json"), dir.join("notify.xml"));
        let out = vaultcheck(vec![
            "notify".into(),
            "--to".into(),
            receiver.url(),
            "--antom-private-key".into(),
            key_file(),
            "--json".into(),
            json.clone(),
            "--junit".into(),
            junit.clone(),
        ])
        .await;
        let rule = broken_by(flaw);
        assert_eq!(out.status.code(), Some(1), "{flaw:?}: {}", both(&out));
        let text = stdout(&out);
        let named = |id: CheckId| text.lines().any(|l| l.starts_with(&format!("{id} [")));
        assert!(named(rule), "{flaw:?}: {text}");
        for other in rules().into_iter().filter(|r| *r != rule) {
            assert!(!named(other), "{flaw:?} also {other}: {text}");
        }
        // Nothing secret leaves: no card token, no signature, no full card number.
        let json_text = std::fs::read_to_string(&json).unwrap();
        let xml = std::fs::read_to_string(&junit).unwrap();
        for output in [&text, &json_text, &xml] {
            assert!(!output.contains("ALIPAY"), "{flaw:?}: {output}");
            assert!(!output.contains("signature="), "{flaw:?}: {output}");
            assert!(!output.contains("4054695723100768"), "{flaw:?}: {output}");
        }
        let report: serde_json::Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(report["checks"][0]["check"], rule.as_str(), "{report:#}");
        assert!(
            xml.contains(&format!("<failure message=\"{rule}\"")),
            "{xml}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_exits_2_naming_the_setting_when_it_cannot_run() {
    let dir = Scratch::new();
    let (json, junit) = (dir.join("notify.json"), dir.join("notify.xml"));
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{PATH}", closed.local_addr().unwrap());
    drop(closed);
    let out = vaultcheck(vec![
        "notify".into(),
        "--to".into(),
        url.clone(),
        "--antom-private-key".into(),
        key_file(),
        "--json".into(),
        json.clone(),
        "--junit".into(),
        junit.clone(),
    ])
    .await;
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<error message=\"harness error\""), "{xml}");
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let stderr = cli::stderr(&out);
    assert!(
        stderr.contains("--to") && stderr.contains("refused"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(
        report["error"].as_str().unwrap().contains("refused"),
        "{report:#}"
    );

    let receiver = Running::start(Flaw::None, antom_public()).await;
    for key in [
        dir.join("missing.pem"),
        cli::fixture("keys/test-antom-public.pem")
            .display()
            .to_string(),
    ] {
        let out = vaultcheck(vec![
            "notify".into(),
            "--to".into(),
            receiver.url(),
            "--antom-private-key".into(),
            key,
        ])
        .await;
        assert_eq!(out.status.code(), Some(2), "{}", both(&out));
        let stderr = cli::stderr(&out);
        assert!(stderr.contains("--antom-private-key"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    }
    let out = vaultcheck(vec!["notify".into(), "--to".into(), receiver.url()]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        cli::stderr(&out).contains("--antom-private-key"),
        "{}",
        both(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_reads_its_settings_from_the_environment() {
    let receiver = Running::start(Flaw::None, antom_public()).await;
    let key = std::fs::read_to_string(key_file()).unwrap();
    let url = receiver.url();
    let out = tokio::task::spawn_blocking(move || {
        cli::command()
            .arg("notify")
            .env("VAULTCHECK_NOTIFY_TO", url)
            .env("VAULTCHECK_ANTOM_PRIVATE_KEY", key)
            .env("VAULTCHECK_CLIENT_ID", "SANDBOX_5X00000000000001")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(!both(&out).contains("PRIVATE KEY"), "{}", both(&out));
}

#[tokio::test]
async fn the_simulator_judges_a_merchant_acknowledgement_by_the_same_rule() {
    use vaultcheck::contract::Endpoint;
    for (flaw, acknowledged) in [(Flaw::None, true), (Flaw::AnswersAnotherBody, false)] {
        let receiver = Running::start(flaw, antom_public()).await;
        let sim = crate::support::simulator(&[]).await;
        let client = crate::support::client(&sim);
        let body = serde_json::json!({
            "vaultingRequestId": format!("vr-ack-{flaw:?}"),
            "vaultingNotificationUrl": receiver.url(),
            "redirectUrl": "https://merchant.example/back",
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4054695723100768", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}},
            "env": {"terminalType": "WEB"}
        });
        client
            .call(Endpoint::VaultPaymentMethod, body.to_string().as_bytes())
            .await
            .unwrap();
        let mut deliveries = Vec::new();
        for _ in 0..500 {
            deliveries = sim.deliveries();
            if !deliveries.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(deliveries.len(), 1, "{flaw:?}");
        assert_eq!(
            deliveries[0].acknowledged, acknowledged,
            "{:?}",
            deliveries[0]
        );
        if !acknowledged {
            let problem = deliveries[0].last_problem.as_deref().unwrap();
            assert!(
                problem.contains(CheckId::NotificationAcknowledged.as_str())
                    && problem.contains("`success`"),
                "{problem}"
            );
            assert_eq!(deliveries[0].attempts, 3, "resent until given up");
        }
    }
}

#[test]
fn the_readme_shows_the_receiver_test_as_it_is() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("tests/it/receiver_example.rs")).unwrap();
    let heading = "## Test your notification receiver";
    let section = &readme[readme
        .find(heading)
        .expect("README.md has the notify section")..];
    let start = section.find("```rust\n").expect("a ```rust block") + "```rust\n".len();
    let end = section[start..].find("\n```").unwrap() + start + 1;
    assert!(
        section[start..end] == example,
        "the README's receiver test differs from tests/it/receiver_example.rs; copy the file \
         into the ```rust block of `{heading}`"
    );
}
