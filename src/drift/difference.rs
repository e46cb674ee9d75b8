//! A difference between the simulator's answer and the target's to the same step, and the
//! drift report: each distinct difference once, with how often and at which steps it showed.

use serde::Serialize;

/// What differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// A body field one side has and the other has not.
    Field,
    /// A body field both have, with values of different types (string, number, object, ...).
    Type,
    /// `result.resultCode`, `result.resultStatus`, `vaultingStatus` or another value of the
    /// contract's vocabulary (brand, funding, ...).
    Value,
    /// The HTTP status.
    Status,
    /// A response header one side sends and the other does not (names compared
    /// case-insensitively).
    Header,
    /// The same header name written in another case.
    HeaderCase,
    /// A unit took a different number of steps (after retries are folded away).
    Steps,
}

impl Kind {
    /// How the text report names it.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Field => "field",
            Kind::Type => "type",
            Kind::Value => "value",
            Kind::Status => "status",
            Kind::Header => "header",
            Kind::HeaderCase => "header case",
            Kind::Steps => "steps",
        }
    }
}

/// One distinct difference: what, where, each side's view (`absent` when a side lacks it),
/// and the steps (`unit#n`, counted from 1) where it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Difference {
    /// What differs.
    pub kind: Kind,
    /// The operation answered (`inquireVaulting`), or the unit for a `steps` difference.
    pub endpoint: String,
    /// A JSON pointer into the answer, a header name (`header:client-id`), `status` or
    /// `steps`.
    pub at: String,
    /// The simulator's side.
    pub simulator: String,
    /// The target's side.
    pub target: String,
    /// How many steps showed it.
    pub occurrences: usize,
    /// The first steps that showed it (at most [`STEPS_KEPT`]).
    pub steps: Vec<String>,
}

/// At most this many steps are named per difference.
pub(crate) const STEPS_KEPT: usize = 5;

/// A side's view of something it does not have.
pub(crate) const ABSENT: &str = "absent";

/// A unit whose steps were not (all) compared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct NotCompared {
    /// The unit.
    pub unit: String,
    /// Why (skipped on one side, a harness error).
    pub why: String,
}

/// Everything `vaultcheck drift` found.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DriftReport {
    /// The target, as named on the command line (credentials removed).
    pub target: String,
    /// The seed both sides ran with.
    pub seed: u64,
    /// Steps compared (pairs of answers).
    pub steps_compared: usize,
    /// The distinct differences, most frequent first.
    pub differences: Vec<Difference>,
    /// Units not compared and why.
    pub not_compared: Vec<NotCompared>,
    /// What the report could not see (header name case over HTTPS).
    pub notes: Vec<String>,
}

impl DriftReport {
    /// Whether the target answered like the simulator.
    pub(crate) fn none(&self) -> bool {
        self.differences.is_empty()
    }

    /// The report for people.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for d in &self.differences {
            out.push_str(&format!(
                "{:<11} {} {}: simulator {}, target {} ({} step{}: {}{})\n",
                d.kind.word(),
                d.endpoint,
                d.at,
                d.simulator,
                d.target,
                d.occurrences,
                if d.occurrences == 1 { "" } else { "s" },
                d.steps.join(", "),
                if d.occurrences > d.steps.len() {
                    ", ..."
                } else {
                    ""
                }
            ));
        }
        for n in &self.not_compared {
            out.push_str(&format!("not compared: {}: {}\n", n.unit, n.why));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out.push_str(&format!(
            "{} difference{} between the simulator and {} over {} steps (seed {})\n",
            self.differences.len(),
            if self.differences.len() == 1 { "" } else { "s" },
            self.target,
            self.steps_compared,
            self.seed
        ));
        crate::redact::text(&out).into_owned()
    }
}
