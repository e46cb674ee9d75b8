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
            run.exchanges(),
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
                "exchanges": run.exchanges(),
                "findings": run.findings.iter().map(|f| json!({
                    "check": f.check,
                    "severity": f.severity,
                    "basis": f.basis,
                    "pointer": f.pointer,
                    "message": redact::text(&f.message()),
                    "spec": f.spec,
                })).collect::<Vec<_>>(),
                "unmet": run.unmet.iter().map(|u| redact::text(u).into_owned()).collect::<Vec<_>>(),
                "error": run.error.as_ref().map(|e| redact::text(&e.to_string()).into_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Intent, Step};
    use crate::contract::Endpoint;
    use crate::exchange::Exchange;

    #[test]
    fn the_table_and_the_json_report_count_the_same_exchanges() {
        // notify-on-success: a vault call, an inquiry, and the notification that arrived.
        let exchange = Exchange::from_bodies(Endpoint::InquireVaulting, b"{}", b"{}");
        let mut run = CaseRun::new("notify-on-success", "flow", "d", None);
        for _ in 0..2 {
            run.history.steps.push(Step {
                exchange: exchange.clone(),
                intent: Intent::Valid,
            });
        }
        run.history.notifications.push(exchange);
        let table = summary_table(std::slice::from_ref(&run));
        let row = table
            .lines()
            .find(|l| l.starts_with("[flow] notify-on-success"))
            .expect("a row for the unit");
        let in_table: usize = row
            .split_whitespace()
            .nth(3)
            .and_then(|n| n.parse().ok())
            .expect("the exchange column");
        let report = json_report(&[run], "embedded", 1);
        assert_eq!(report["units"][0]["exchanges"], in_table);
        assert_eq!(in_table, 3);
    }
}
