//! A finding: what a check saw in an exchange, what rule it rests on, how bad it is, and where.
//! The severity of a broken rule follows from its basis ([`Basis`]): documented, protocol and
//! policy rules give violations, inferred rules warnings; `--strict` counts warnings as
//! violations ([`count_warnings_as_violations`]).

use super::CheckId;
use crate::contract::Basis;
use serde::Serialize;
use std::fmt;

/// How much a finding matters. Only violations make an exchange non-conforming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API broke its contract.
    Violation,
    /// Suspicious but allowed: a broken inferred rule (a brand from a BIN table, an accepted
    /// stale request), an undocumented result code. `--strict` counts it as a violation.
    Warning,
    /// Worth knowing (an undocumented extra field).
    Notice,
}

impl Severity {
    /// The severity of breaking a rule of `basis`: a violation, or for an inferred rule a
    /// warning.
    pub const fn of_breach(basis: Basis) -> Severity {
        if basis.breach_is_violation() {
            Severity::Violation
        } else {
            Severity::Warning
        }
    }
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
    /// The check that found it.
    pub check: CheckId,
    /// How much it matters (a broken rule's severity follows from its basis).
    pub severity: Severity,
    /// What the broken rule rests on (the check's own basis unless the finding says otherwise).
    pub basis: Basis,
    /// JSON pointer into the judged message (`/result/resultStatus`), or a header as
    /// `header:Signature`, or empty for the whole message.
    pub pointer: String,
    /// What the rule demands at the pointer.
    pub expected: String,
    /// What the message holds there, redacted (secrets by kind, never their value).
    pub found: String,
    /// The API reference statement that was broken.
    pub spec: String,
    /// The exchange of the unit's history that drew it (from 0), when one did; `None` for
    /// findings about the history as a whole, or an exchange judged alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
}

impl Finding {
    /// The finding, tied to the `index`-th exchange of a unit's history.
    pub fn at_step(mut self, index: usize) -> Finding {
        self.step = Some(index);
        self
    }
}

impl Finding {
    /// `pointer: expected X, found Y`.
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
            "{} [{}] {} ({}; basis: {})",
            self.check,
            self.severity,
            self.message(),
            self.spec,
            self.basis
        )
    }
}

/// `--strict`: every warning among `findings` becomes a violation (its basis stays, so a report
/// still shows it rests on an inference). Notices stay notices.
pub fn count_warnings_as_violations(findings: &mut [Finding]) {
    for finding in findings {
        if finding.severity == Severity::Warning {
            finding.severity = Severity::Violation;
        }
    }
}

/// Collects the findings of one check.
pub struct Findings<'a> {
    check: CheckId,
    out: &'a mut Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// Collects the findings of `check` into `out`.
    pub fn new(check: CheckId, out: &'a mut Vec<Finding>) -> Self {
        Findings { check, out }
    }

    /// The check these findings belong to.
    pub fn check(&self) -> CheckId {
        self.check
    }

    /// A finding of the check's own basis ([`super::basis`]) with the severity given (for
    /// warnings and notices a policy names, not broken rules).
    pub fn add(
        &mut self,
        severity: Severity,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        let basis = super::basis(self.check);
        self.push(severity, basis, pointer, expected, found, spec);
    }

    /// A broken rule of the check's own basis: a violation (a warning for an inferred check).
    pub fn violation(
        &mut self,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.breach(super::basis(self.check), pointer, expected, found, spec);
    }

    /// A broken rule of `basis`: a violation, or for an inferred rule a warning.
    pub fn breach(
        &mut self,
        basis: Basis,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.push(
            Severity::of_breach(basis),
            basis,
            pointer,
            expected,
            found,
            spec,
        );
    }

    /// A finding with its severity and basis both given.
    pub fn push(
        &mut self,
        severity: Severity,
        basis: Basis,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.out.push(Finding {
            check: self.check,
            severity,
            basis,
            pointer: pointer.into(),
            expected: expected.into(),
            found: crate::redact::text(&found.into()).into_owned(),
            spec: spec.into(),
            step: None,
        });
    }
}
