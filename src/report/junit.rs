//! JUnit XML, one testcase per unit, for CI dashboards.

use crate::runner::{CaseRun, Verdict};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn render(runs: &[CaseRun], target: &str, seconds: f64) -> String {
    let failures = runs
        .iter()
        .filter(|r| matches!(r.verdict(), Verdict::Failed | Verdict::XPassed))
        .count();
    let errors = runs
        .iter()
        .filter(|r| r.verdict() == Verdict::Error)
        .count();
    let skipped = runs
        .iter()
        .filter(|r| matches!(r.verdict(), Verdict::Skipped | Verdict::XFailed))
        .count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vaultcheck\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{seconds:.3}\">\n  <testsuite name=\"vaultcheck {}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n",
        runs.len(),
        escape(target),
        runs.len()
    );
    for run in runs {
        out.push_str(&format!(
            "    <testcase classname=\"vaultcheck.{}\" name=\"{}\">",
            escape(&run.kind),
            escape(&run.name)
        ));
        let text = escape(&run.failure_text());
        match run.verdict() {
            Verdict::Failed | Verdict::XPassed => {
                let checks: Vec<&str> = run.violated_checks().iter().map(|c| c.as_str()).collect();
                out.push_str(&format!(
                    "\n      <failure message=\"{}\">{text}</failure>\n    ",
                    escape(&checks.join(", "))
                ));
            }
            Verdict::Error => out.push_str(&format!(
                "\n      <error message=\"harness error\">{text}</error>\n    "
            )),
            Verdict::Skipped => out.push_str(&format!(
                "\n      <skipped message=\"{}\"/>\n    ",
                escape(run.skipped.as_deref().unwrap_or(""))
            )),
            Verdict::XFailed => out.push_str(&format!(
                "\n      <skipped message=\"xfail: {}\"/>\n    ",
                escape(run.xfail.as_deref().unwrap_or(""))
            )),
            Verdict::Passed => {}
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
