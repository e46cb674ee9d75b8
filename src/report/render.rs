//! Renders findings for people (text) and for machines (JSON). Every string passes the
//! redaction point on its way out.

use crate::check::{Finding, Severity};
use crate::redact;
use serde_json::json;

/// Counts of findings by severity.
pub(crate) fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (
        count(Severity::Violation),
        count(Severity::Warning),
        count(Severity::Notice),
    )
}

/// One line per finding, then a summary line.
pub(crate) fn text(label: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&redact::text(&format!("{label}: {finding}")));
        out.push('\n');
    }
    let (violations, warnings, notices) = counts(findings);
    let verdict = if violations == 0 {
        "conforms"
    } else {
        "does not conform"
    };
    out.push_str(&format!(
        "{label}: {verdict} ({violations} violations, {warnings} warnings, {notices} notices)\n"
    ));
    out
}

/// The findings as a JSON value: check id, severity, basis, pointer, message, expected, found,
/// spec.
pub(crate) fn json(label: &str, findings: &[Finding]) -> serde_json::Value {
    let (violations, warnings, notices) = counts(findings);
    let list: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "check": f.check,
                "severity": f.severity,
                "basis": f.basis,
                "pointer": f.pointer,
                "message": redact::text(&f.message()),
                "expected": redact::text(&f.expected),
                "found": redact::text(&f.found),
                "spec": f.spec,
            })
        })
        .collect();
    json!({
        "exchange": label,
        "conforms": violations == 0,
        "violations": violations,
        "warnings": warnings,
        "notices": notices,
        "findings": list,
    })
}
