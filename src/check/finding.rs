//! A finding: what a check saw in an exchange, how bad it is, and where.

use super::CheckId;
use serde::Serialize;
use std::fmt;

/// How much a finding matters. Only violations make an exchange non-conforming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API broke its contract.
    Violation,
    /// Suspicious but allowed (an undocumented result code, an accepted stale request).
    Warning,
    /// Worth knowing (an undocumented extra field).
    Notice,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Violation => "violation",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}

/// One thing a check found. `found` is already redacted (built with `redact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: CheckId,
    pub severity: Severity,
    /// JSON pointer into the judged message (`/result/resultStatus`), or a header as
    /// `header:Signature`, or empty for the whole message.
    pub pointer: String,
    pub expected: String,
    pub found: String,
    /// The API reference statement that was broken.
    pub spec: String,
}

impl Finding {
    /// One line: `check [severity] pointer: expected X, found Y (spec)`.
    pub fn message(&self) -> String {
        let at = if self.pointer.is_empty() {
            "body"
        } else {
            &self.pointer
        };
        format!("{at}: expected {}, found {}", self.expected, self.found)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {} ({})",
            self.check,
            self.severity,
            self.message(),
            self.spec
        )
    }
}

/// Collects the findings of one check.
pub struct Findings<'a> {
    check: CheckId,
    out: &'a mut Vec<Finding>,
}

impl<'a> Findings<'a> {
    pub fn new(check: CheckId, out: &'a mut Vec<Finding>) -> Self {
        Findings { check, out }
    }

    /// The check these findings belong to.
    pub fn check(&self) -> CheckId {
        self.check
    }

    pub fn add(
        &mut self,
        severity: Severity,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.out.push(Finding {
            check: self.check,
            severity,
            pointer: pointer.into(),
            expected: expected.into(),
            found: crate::redact::text(&found.into()).into_owned(),
            spec: spec.into(),
        });
    }

    pub fn violation(
        &mut self,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.add(Severity::Violation, pointer, expected, found, spec);
    }
}
