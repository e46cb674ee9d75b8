//! Reports of a run: the summary table, JUnit XML and JSON for CI, and a directory per failure
//! with the exact request, the (redacted) response and a script that replays it.

use crate::redact;
use crate::runner::{CaseRun, Verdict};
use serde_json::json;

/// Counts by verdict.
pub fn tally(runs: &[CaseRun]) -> Vec<(Verdict, usize)> {
    [
        Verdict::Passed,
        Verdict::Failed,
        Verdict::XFailed,
        Verdict::XPassed,
        Verdict::Skipped,
        Verdict::Error,
    ]
    .into_iter()
    .map(|v| (v, runs.iter().filter(|r| r.verdict() == v).count()))
    .filter(|(_, n)| *n > 0)
    .collect()
}

/// The table printed at the end of a run.
pub fn summary_table(runs: &[CaseRun]) -> String {
    let width = runs
        .iter()
        .map(|r| r.title().len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{:<width$}  {:<8}  {:>9}  checks violated\n",
        "case", "verdict", "exchanges"
    );
    for run in runs {
        let checks: Vec<&str> = run.violated_checks().iter().map(|c| c.as_str()).collect();
        out.push_str(&format!(
            "{:<width$}  {:<8}  {:>9}  {}\n",
            run.title(),
            run.verdict().word(),
            run.history.steps.len() + run.history.notifications.len(),
            checks.join(", ")
        ));
    }
    let counts: Vec<String> = tally(runs)
        .iter()
        .map(|(v, n)| format!("{n} {}", v.word().to_lowercase()))
        .collect();
    out.push_str(&format!("{} units: {}\n", runs.len(), counts.join(", ")));
    out
}

/// The run as JSON: every unit, its verdict and findings (redacted).
pub fn json_report(runs: &[CaseRun], target: &str, seed: u64) -> serde_json::Value {
    let units: Vec<_> = runs
        .iter()
        .map(|run| {
            json!({
                "name": run.name,
                "kind": run.kind,
                "description": run.description,
                "verdict": run.verdict().word().to_lowercase(),
                "exchanges": run.history.steps.len(),
                "findings": run.findings.iter().map(|f| json!({
                    "check": f.check,
                    "severity": f.severity,
                    "pointer": f.pointer,
                    "message": redact::text(&f.message()),
                    "spec": f.spec,
                })).collect::<Vec<_>>(),
                "unmet": run.unmet.iter().map(|u| redact::text(u).into_owned()).collect::<Vec<_>>(),
                "error": run.error,
                "skipped": run.skipped,
            })
        })
        .collect();
    json!({
        "target": target,
        "seed": seed,
        "conforms": !runs.iter().any(|r| r.verdict().is_failure()),
        "units": units,
    })
}
