//! Reports of a run: the summary table, JUnit XML and JSON for CI, and a directory per failure
//! with the exact request, the (redacted) response and a script that replays it.

use crate::redact;
use crate::runner::{CaseRun, Retries, Strictness, Verdict};
use serde_json::json;

/// Counts by verdict: passed, failed, partial, flaky, skipped and errors always, the xfail
/// verdicts when there are any.
pub(crate) fn tally(runs: &[CaseRun]) -> Vec<(Verdict, usize)> {
    [
        Verdict::Passed,
        Verdict::Failed,
        Verdict::Partial,
        Verdict::Flaky,
        Verdict::Skipped,
        Verdict::Error,
        Verdict::XFailed,
        Verdict::XPassed,
    ]
    .into_iter()
    .map(|v| (v, runs.iter().filter(|r| r.verdict() == v).count()))
    .filter(|(v, n)| *n > 0 || !matches!(v, Verdict::XFailed | Verdict::XPassed))
    .collect()
}

/// The retries of a run: inquiries answered `U` asked again, throttled calls made again.
pub(crate) fn retries(runs: &[CaseRun]) -> Retries {
    runs.iter().fold(Retries::default(), |sum, run| Retries {
        unknown: sum.unknown + run.retries.unknown,
        throttled: sum.throttled + run.retries.throttled,
        unplanned: sum.unplanned + run.retries.unplanned,
    })
}

/// The summary line: `26 units: 20 passed, 0 failed, 4 partial, 1 flaky, 1 skipped, 0 errors`.
pub(crate) fn summary_line(runs: &[CaseRun]) -> String {
    let counts: Vec<String> = tally(runs)
        .iter()
        .map(|(v, n)| match v {
            Verdict::Error => format!("{n} errors"),
            v => format!("{n} {}", v.word().to_lowercase()),
        })
        .collect();
    format!("{} units: {}", runs.len(), counts.join(", "))
}

/// The table printed at the end of a run: one row per unit with its verdict, exchanges, the
/// checks it violated and a note (why skipped, where it stopped, its retries).
pub(crate) fn summary_table(runs: &[CaseRun]) -> String {
    let width = runs
        .iter()
        .map(|r| r.title().len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{:<width$}  {:<8}  {:>9}  checks violated / note\n",
        "case", "verdict", "exchanges"
    );
    for run in runs {
        out.push_str(
            format!(
                "{:<width$}  {:<8}  {:>9}  {}",
                run.title(),
                run.verdict().word(),
                run.exchanges(),
                redact::text(&run.summary_note())
            )
            .trim_end(),
        );
        out.push('\n');
    }
    out.push_str(&summary_line(runs));
    out.push('\n');
    let total = retries(runs);
    if total.unknown + total.throttled > 0 {
        out.push_str(&format!(
            "retries: {} inquiries answered U asked again, {} throttled calls made again\n",
            total.unknown, total.throttled
        ));
    }
    out
}

/// The run as JSON: every unit, its verdict, findings (redacted), where it stopped and its
/// retries; the counts of every verdict and of the retries.
pub(crate) fn json_report(
    runs: &[CaseRun],
    target: &str,
    seed: u64,
    strictness: Strictness,
) -> serde_json::Value {
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
                "partial": run.partial,
                "retries": {"unknown": run.retries.unknown, "throttled": run.retries.throttled},
            })
        })
        .collect();
    let counts: serde_json::Map<String, serde_json::Value> = tally(runs)
        .into_iter()
        .map(|(v, n)| (v.word().to_lowercase(), json!(n)))
        .collect();
    let total = retries(runs);
    json!({
        "target": target,
        "seed": seed,
        "conforms": !runs.iter().any(|r| r.verdict().fails(strictness)),
        "counts": counts,
        "retries": {"unknown": total.unknown, "throttled": total.throttled},
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
    fn the_summary_counts_every_verdict_and_the_table_says_why() {
        let passed = CaseRun::new("a", crate::runner::UnitKind::Fixed, "d", None);
        let mut partial = CaseRun::new("b", crate::runner::UnitKind::Flow, "d", None);
        partial.partial =
            Some("partial: stopped before approve-3ds, which needs the simulator".into());
        let mut flaky = CaseRun::new("c", crate::runner::UnitKind::Flow, "d", None);
        flaky.retries = Retries {
            unknown: 0,
            throttled: 2,
            unplanned: 2,
        };
        let mut skipped = CaseRun::new("d", crate::runner::UnitKind::Flow, "d", None);
        skipped.skipped = Some("needs the `success` test card".into());
        let runs = [passed, partial, flaky, skipped];
        let table = summary_table(&runs);
        assert!(
            table.contains("4 units: 1 passed, 0 failed, 1 partial, 1 flaky, 1 skipped, 0 errors"),
            "{table}"
        );
        assert!(table.contains("stopped before approve-3ds"), "{table}");
        assert!(table.contains("needs the `success` test card"), "{table}");
        assert!(table.contains("2 throttled call(s) made again"), "{table}");
        assert!(
            table.contains("retries: 0 inquiries answered U asked again, 2 throttled"),
            "{table}"
        );
        let report = json_report(&runs, "live", 1, Strictness::default());
        assert_eq!(report["conforms"], true);
        assert_eq!(report["counts"]["partial"], 1);
        assert_eq!(report["retries"]["throttled"], 2);
        let strict = Strictness {
            fail_flaky: true,
            fail_on_skip: false,
        };
        assert_eq!(json_report(&runs, "live", 1, strict)["conforms"], false);
    }

    #[test]
    fn the_table_and_the_json_report_count_the_same_exchanges() {
        // notify-on-success: a vault call, an inquiry, and the notification that arrived.
        let exchange = Exchange::from_bodies(Endpoint::InquireVaulting, b"{}", b"{}");
        let mut run = CaseRun::new(
            "notify-on-success",
            crate::runner::UnitKind::Flow,
            "d",
            None,
        );
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
        let report = json_report(&[run], "embedded", 1, Strictness::default());
        assert_eq!(report["units"][0]["exchanges"], in_table);
        assert_eq!(in_table, 3);
    }
}
