//! `vaultcheck run --html FILE`: the run as one self-contained HTML page (inline style, no
//! script, no external asset, so it opens from a CI artifact): the counts of every verdict, a
//! row per unit with its verdict, and for every unit that did not simply pass its findings,
//! unmet expectations, error and the exchanges it sent (redacted, as `--record` writes them).
//! Every text goes through the redaction point and is HTML-escaped.

use super::run::{retries, tally};
use crate::exchange::record::line_with;
use crate::redact;
use crate::runner::{CaseRun, Strictness, Verdict};
use std::fmt::Write;

/// At most this many exchanges of one unit are shown (a property group sends hundreds).
const EXCHANGES_SHOWN: usize = 12;

/// What the page says about the run besides its units.
pub(crate) struct RunFacts<'a> {
    /// The target as the run names it.
    pub target: &'a str,
    /// The seed of the generated cases.
    pub seed: u64,
    /// Which verdicts fail the run.
    pub strictness: Strictness,
    /// How long the run took, in seconds.
    pub seconds: f64,
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Redacted, then escaped: the only way text reaches the page.
fn safe(text: &str) -> String {
    escape(&redact::text(text))
}

/// The CSS class of a verdict (its colour).
fn class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Passed | Verdict::XFailed => "ok",
        Verdict::Partial | Verdict::Flaky | Verdict::Skipped => "meh",
        Verdict::Failed | Verdict::XPassed | Verdict::Error => "bad",
    }
}

const STYLE: &str = "\
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.5rem;margin:0 0 .25rem}
.facts{color:#5b6475;margin:0 0 1.25rem}
.verdict{font-size:1.15rem;font-weight:600;padding:.6rem 1rem;border-radius:.4rem;margin:0 0 1.25rem}
.verdict.ok{background:#e3f6e8;color:#17612f}.verdict.bad{background:#fde7e7;color:#8a1c1c}
.counts{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1.5rem;padding:0;list-style:none}
.counts li{background:#fff;border:1px solid #dde1e8;border-radius:.4rem;padding:.5rem .9rem;min-width:6rem}
.counts .n{display:block;font-size:1.6rem;font-weight:700}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #eef0f4;vertical-align:top}
th{background:#f1f3f7;font-weight:600}
.tag{display:inline-block;border-radius:.25rem;padding:0 .4rem;font-size:.85rem;font-weight:600}
.tag.ok{background:#e3f6e8;color:#17612f}.tag.meh{background:#fff4d6;color:#7a5a00}.tag.bad{background:#fde7e7;color:#8a1c1c}
details{margin:.25rem 0}summary{cursor:pointer;color:#2a5bd7}
.unit{background:#fff;border:1px solid #dde1e8;border-radius:.4rem;padding:.75rem 1rem;margin:1rem 0}
.unit h3{margin:0 0 .5rem;font-size:1.05rem}
.finding{margin:.4rem 0;padding:.4rem .6rem;border-left:3px solid #c9ced8;background:#f7f8fa}
.finding.violation{border-color:#d33}.finding.warning{border-color:#e0a800}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-all;background:#f4f5f8;padding:.5rem;border-radius:.3rem;margin:.3rem 0}
.muted{color:#5b6475}";

/// The page of a run.
pub(crate) fn run_page(runs: &[CaseRun], facts: &RunFacts<'_>) -> String {
    let conforms = !runs.iter().any(|r| r.verdict().fails(facts.strictness));
    let exchanges: usize = runs.iter().map(CaseRun::exchanges).sum();
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>vaultcheck run: {verdict}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
         <h1>vaultcheck run</h1>\n<p class=\"facts\">{target} · seed {seed} · {units} units · \
         {exchanges} exchanges · {seconds:.2} s</p>\n",
        verdict = if conforms {
            "conforms"
        } else {
            "does not conform"
        },
        target = safe(facts.target),
        seed = facts.seed,
        units = runs.len(),
        seconds = facts.seconds,
    );
    let _ = writeln!(
        page,
        "<p class=\"verdict {}\" id=\"verdict\">{}</p>",
        if conforms { "ok" } else { "bad" },
        if conforms {
            "The target conforms: no unit failed."
        } else {
            "The target does not conform: see the failing units below."
        }
    );
    page.push_str("<ul class=\"counts\" id=\"counts\">\n");
    for (verdict, count) in tally(runs) {
        let name = verdict.word().to_lowercase();
        let _ = writeln!(
            page,
            "<li class=\"{}\"><span class=\"n\" id=\"count-{name}\">{count}</span>{name}</li>",
            class(verdict)
        );
    }
    page.push_str("</ul>\n");
    let total = retries(runs);
    if total.unknown + total.throttled > 0 {
        let _ = writeln!(
            page,
            "<p class=\"muted\">Retries: {} inquiries answered U asked again, {} throttled calls made again.</p>",
            total.unknown, total.throttled
        );
    }
    page.push_str(
        "<table id=\"units\">\n<thead><tr><th>unit</th><th>verdict</th><th>exchanges</th>\
         <th>checks violated / note</th></tr></thead>\n<tbody>\n",
    );
    for (index, run) in runs.iter().enumerate() {
        let verdict = run.verdict();
        let name = if has_details(run) {
            format!("<a href=\"#unit-{index}\">{}</a>", safe(&run.title()))
        } else {
            safe(&run.title())
        };
        let _ = writeln!(
            page,
            "<tr><td>{name}</td><td><span class=\"tag {}\">{}</span></td><td>{}</td><td>{}</td></tr>",
            class(verdict),
            escape(verdict.word()),
            run.exchanges(),
            safe(&run.summary_note())
        );
    }
    page.push_str("</tbody>\n</table>\n");
    for (index, run) in runs.iter().enumerate().filter(|(_, r)| has_details(r)) {
        unit_section(&mut page, index, run);
    }
    page.push_str("</body>\n</html>\n");
    page
}

/// Whether a unit has more to show than its row.
fn has_details(run: &CaseRun) -> bool {
    !run.findings.is_empty() || !run.unmet.is_empty() || run.error.is_some()
}

/// A unit's findings, unmet expectations, error and exchanges.
fn unit_section(page: &mut String, index: usize, run: &CaseRun) {
    let verdict = run.verdict();
    let _ = writeln!(
        page,
        "<section class=\"unit\" id=\"unit-{index}\">\n<h3>{} <span class=\"tag {}\">{}</span></h3>\n<p class=\"muted\">{}</p>",
        safe(&run.title()),
        class(verdict),
        escape(verdict.word()),
        safe(&run.description)
    );
    if let Some(error) = &run.error {
        let _ = writeln!(
            page,
            "<p class=\"finding violation\">harness error: {}</p>",
            safe(&error.to_string())
        );
    }
    for finding in &run.findings {
        let _ = writeln!(
            page,
            "<div class=\"finding {severity}\"><code>{check}</code> {severity} ({basis}) at \
             <code>{pointer}</code><br>expected {expected}, found {found}<br>\
             <span class=\"muted\">{spec}</span></div>",
            severity = escape(&finding.severity.to_string()),
            check = escape(finding.check.as_str()),
            basis = safe(&finding.basis.to_string()),
            pointer = safe(if finding.pointer.is_empty() {
                "body"
            } else {
                &finding.pointer
            }),
            expected = safe(&finding.expected),
            found = safe(&finding.found),
            spec = safe(&finding.spec),
        );
    }
    for unmet in &run.unmet {
        let _ = writeln!(
            page,
            "<div class=\"finding violation\">expectation not met: {}</div>",
            safe(unmet)
        );
    }
    if let Some(seed) = run.seed {
        let _ = writeln!(page, "<p class=\"muted\">reproduce with --seed {seed}</p>");
    }
    let exchanges: Vec<String> = run
        .history
        .steps
        .iter()
        .map(|s| &s.exchange)
        .chain(&run.history.notifications)
        .take(EXCHANGES_SHOWN)
        .map(|e| pretty(&line_with(e, &[])))
        .collect();
    if !exchanges.is_empty() {
        let more = run.exchanges().saturating_sub(EXCHANGES_SHOWN);
        let _ = writeln!(
            page,
            "<details><summary>{} exchange(s), redacted{}</summary>",
            exchanges.len(),
            if more > 0 {
                format!(" (and {more} more: `--record` keeps them all)")
            } else {
                String::new()
            }
        );
        for exchange in exchanges {
            let _ = writeln!(page, "<pre>{}</pre>", escape(&exchange));
        }
        page.push_str("</details>\n");
    }
    page.push_str("</section>\n");
}

/// A recorded line (already redacted), indented for people.
fn pretty(line: &str) -> String {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckId, Finding, Severity};
    use crate::contract::Basis;

    #[test]
    fn a_finding_is_shown_escaped_and_redacted_and_the_counts_are_there() {
        let mut failed = CaseRun::new(
            "evil <b>name</b>",
            crate::runner::UnitKind::Fixed,
            "d <i>",
            None,
        );
        failed.findings.push(Finding {
            check: CheckId::RequestIdEcho,
            severity: Severity::Violation,
            basis: Basis::Documented,
            pointer: "/vaultingRequestId".into(),
            expected: "vr-1".into(),
            found: "<script>alert('card 4054695723100768')</script>".into(),
            spec: "echo".into(),
            step: None,
        });
        let runs = [
            CaseRun::new("fine", crate::runner::UnitKind::Flow, "d", None),
            failed,
        ];
        let facts = RunFacts {
            target: "embedded simulator",
            seed: 3,
            strictness: Strictness::default(),
            seconds: 1.0,
        };
        let page = run_page(&runs, &facts);
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<b>") && !page.contains("<i>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert("), "{page}");
        assert!(!page.contains("4054695723100768"), "{page}");
        assert!(page.contains("id=\"count-passed\">1<"), "{page}");
        assert!(page.contains("id=\"count-failed\">1<"), "{page}");
        assert!(page.contains("does not conform"), "{page}");
        assert!(page.contains("<code>request_id_echo</code>"), "{page}");
    }

    #[test]
    fn markup_in_any_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
