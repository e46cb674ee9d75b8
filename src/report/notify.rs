//! The reports of `vaultcheck notify`: JSON and JUnit XML (quick-junit), one JUnit testcase per
//! receiver rule, written also when the suite could not run (the error as an `<error>`).

use crate::notify::{ReceiverReport, rules};
use crate::redact;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::json;

/// The run as JSON: the receiver, the verdict, every answer, the findings, the broken rules
/// with their counts; or the error that stopped it.
pub(crate) fn json_report(
    target: &str,
    outcome: Result<&ReceiverReport, &str>,
) -> serde_json::Value {
    let report = match outcome {
        Err(error) => {
            return json!({
                "target": redact::text(target),
                "conforms": false,
                "error": redact::text(error),
                "answers": [],
                "findings": [],
                "checks": [],
            });
        }
        Ok(report) => report,
    };
    let answers: Vec<_> = report
        .answers
        .iter()
        .map(|a| {
            json!({
                "notification": a.probe.name(),
                "genuine": a.probe.is_genuine(),
                "status": a.status,
                "acknowledged": a.acknowledged(),
                "accepted": a.accepted,
                "problem": a.problem.as_deref().map(|p| redact::text(p).into_owned()),
            })
        })
        .collect();
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "check": f.check,
                "severity": f.severity,
                "basis": f.basis,
                "pointer": f.pointer,
                "message": redact::text(&f.message()),
                "spec": f.spec,
            })
        })
        .collect();
    let checks: Vec<_> = report
        .by_check()
        .iter()
        .map(|(check, found)| {
            json!({"check": check, "basis": found[0].basis, "violations": found.len()})
        })
        .collect();
    json!({
        "target": redact::text(&report.target),
        "conforms": report.conforms(),
        "error": null,
        "answers": answers,
        "findings": findings,
        "checks": checks,
    })
}

/// The run as JUnit XML: a testcase per receiver rule (a `<failure>` naming the rule when it
/// was broken), or one `<error>` testcase when the suite could not run.
pub(crate) fn junit(target: &str, outcome: Result<&ReceiverReport, &str>) -> String {
    let mut suite = TestSuite::new(format!("vaultcheck notify {}", redact::text(target)));
    match outcome {
        Err(error) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message("harness error")
                .set_description(redact::text(error).into_owned());
            let mut case = TestCase::new("notify", status);
            case.set_classname("vaultcheck.notify");
            suite.add_test_case(case);
        }
        Ok(report) => {
            let groups = report.by_check();
            for rule in rules() {
                let status = match groups.iter().find(|(check, _)| *check == rule) {
                    None => TestCaseStatus::success(),
                    Some((_, found)) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        let text: Vec<String> = found
                            .iter()
                            .map(|f| redact::text(&f.to_string()).into_owned())
                            .collect();
                        status
                            .set_message(rule.as_str())
                            .set_description(text.join("\n"));
                        status
                    }
                };
                let mut case = TestCase::new(rule.as_str(), status);
                case.set_classname("vaultcheck.notify");
                suite.add_test_case(case);
            }
            let answers: Vec<String> = report.answers.iter().map(|a| a.line()).collect();
            suite.set_system_out(answers.join("\n"));
        }
    }
    let mut report = Report::new("vaultcheck");
    report.add_test_suite(suite);
    report
        .to_string()
        .expect("quick-junit writes into memory, which cannot fail")
}
