//! JUnit XML, one testcase per unit, for CI dashboards. The XML is quick-junit's (the writer
//! cargo-nextest uses): escaping, and the removal of characters XML 1.0 forbids (a control
//! byte quoted from a server's body), are its job.

use crate::runner::{CaseRun, Strictness, Verdict};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::time::Duration;

/// The JUnit document of a run: failures (violations, unmet expectations, a passing `xfail`)
/// as `<failure>`, harness errors as `<error>`, skipped and expected failures as `<skipped>`;
/// partial and flaky units pass with a note in `<system-out>`. Under `strictness` a flaky or
/// skipped unit is a `<failure>`, as it fails the run. `properties` (the contract coverage
/// figures) become the suite's `<properties>`.
pub(crate) fn render(
    runs: &[CaseRun],
    target: &str,
    seconds: f64,
    strictness: Strictness,
    properties: &[(String, String)],
) -> String {
    let mut suite = TestSuite::new(format!("vaultcheck {target}"));
    for (name, value) in properties {
        suite.add_property(quick_junit::Property::new(name.as_str(), value.as_str()));
    }
    suite.add_test_cases(runs.iter().map(|run| test_case(run, strictness)));
    let mut report = Report::new("vaultcheck");
    report.set_time(Duration::try_from_secs_f64(seconds).unwrap_or_default());
    report.add_test_suite(suite);
    report
        .to_string()
        .expect("quick-junit writes into memory, which cannot fail")
}

fn test_case(run: &CaseRun, strictness: Strictness) -> TestCase {
    let verdict = run.verdict();
    let status = match verdict {
        Verdict::Flaky | Verdict::Skipped if verdict.fails(strictness) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(format!("{} (fails this run)", verdict.word()))
                .set_description(run.note());
            status
        }
        Verdict::Passed | Verdict::Partial | Verdict::Flaky => TestCaseStatus::success(),
        Verdict::Failed | Verdict::XPassed => {
            let checks: Vec<&str> = run.violated_checks().iter().map(|c| c.as_str()).collect();
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(checks.join(", "))
                .set_description(run.failure_text());
            status
        }
        Verdict::Error => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message("harness error")
                .set_description(run.failure_text());
            status
        }
        Verdict::Skipped => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(run.skipped.as_deref().unwrap_or(""));
            status
        }
        Verdict::XFailed => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!("xfail: {}", run.xfail.as_deref().unwrap_or("")));
            status
        }
    };
    let mut case = TestCase::new(run.name.as_str(), status);
    case.set_classname(format!("vaultcheck.{}", run.kind));
    if matches!(verdict, Verdict::Partial | Verdict::Flaky) {
        case.set_system_out(format!("{}: {}", verdict.word(), run.note()));
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Finding, Severity};

    fn runs() -> Vec<CaseRun> {
        let passed = CaseRun::new("passes", crate::runner::UnitKind::Fixed, "d", None);
        let mut failed = CaseRun::new("fails", crate::runner::UnitKind::Flow, "d", None);
        failed.findings.push(Finding {
            check: crate::check::CheckId::RequestIdEcho,
            severity: Severity::Violation,
            basis: crate::contract::Basis::Documented,
            pointer: "/vaultingRequestId".into(),
            expected: "the request's id".into(),
            // A server may quote anything back, control bytes and markup included.
            found: "\"a\u{1}b\u{1b}[31m<x>&\"".into(),
            spec: "spec".into(),
            step: None,
        });
        let mut errored = CaseRun::new("errs", crate::runner::UnitKind::Fixed, "d", None);
        errored.error = Some(crate::Error::Harness {
            reason: "bell \u{7} here".into(),
        });
        let mut skipped = CaseRun::new("skips", crate::runner::UnitKind::Flow, "d", None);
        skipped.skipped = Some("needs the simulator".into());
        let mut xfailed = failed.clone();
        xfailed.name = "xfails".into();
        xfailed.xfail = Some("known drift".into());
        vec![passed, failed, errored, skipped, xfailed]
    }

    #[test]
    fn maps_verdicts_and_counts() {
        let xml = render(
            &runs(),
            "embedded",
            1.5,
            Strictness::default(),
            &[("coverage.percent".into(), "97.5".into())],
        );
        assert!(xml.starts_with("<?xml"), "{xml}");
        assert!(xml.contains("tests=\"5\""), "{xml}");
        assert!(xml.contains("failures=\"1\""), "{xml}");
        assert!(xml.contains("errors=\"1\""), "{xml}");
        assert!(xml.contains("skipped=\"2\""), "{xml}");
        assert!(
            xml.contains("<failure message=\"request_id_echo\""),
            "{xml}"
        );
        assert!(xml.contains("<error message=\"harness error\""), "{xml}");
        assert!(
            xml.contains("<skipped message=\"needs the simulator\""),
            "{xml}"
        );
        assert!(
            xml.contains("<skipped message=\"xfail: known drift\""),
            "{xml}"
        );
        assert!(
            xml.contains("classname=\"vaultcheck.flow\" name=\"fails\"")
                || xml.contains("name=\"fails\" classname=\"vaultcheck.flow\""),
            "{xml}"
        );
    }

    #[test]
    fn partial_and_flaky_pass_with_a_note_and_fail_only_when_asked() {
        let mut partial = CaseRun::new("stops", crate::runner::UnitKind::Flow, "d", None);
        partial.partial = Some("partial: stopped before approve-3ds".into());
        let mut flaky = CaseRun::new("retried", crate::runner::UnitKind::Flow, "d", None);
        flaky.retries.unknown = 1;
        flaky.retries.unplanned = 1;
        let mut skipped = CaseRun::new("skips", crate::runner::UnitKind::Flow, "d", None);
        skipped.skipped = Some("needs the simulator".into());
        let runs = vec![partial, flaky, skipped];
        let xml = render(&runs, "live", 1.0, Strictness::default(), &[]);
        assert!(xml.contains("failures=\"0\""), "{xml}");
        assert!(
            xml.contains("partial: partial: stopped before approve-3ds"),
            "{xml}"
        );
        assert!(xml.contains("flaky: 1 U answer(s) asked again"), "{xml}");
        let strict = Strictness {
            fail_flaky: true,
            fail_on_skip: true,
        };
        let xml = render(&runs, "live", 1.0, strict, &[]);
        assert!(xml.contains("failures=\"2\""), "{xml}");
        assert!(xml.contains("flaky (fails this run)"), "{xml}");
        assert!(xml.contains("skipped (fails this run)"), "{xml}");
    }

    #[test]
    fn control_characters_in_a_finding_do_not_break_the_document() {
        let xml = render(
            &runs(),
            "embedded <local> & \u{2}",
            0.0,
            Strictness::default(),
            &[],
        );
        let forbidden =
            |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}');
        assert!(!xml.chars().any(forbidden), "{xml:?}");
        assert!(xml.contains("&lt;x&gt;&amp;"), "{xml}");
        assert!(xml.contains("embedded &lt;local&gt; &amp;"), "{xml}");
        assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
    }
}
