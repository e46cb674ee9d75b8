//! The proxy's running totals, printed as the summary when it stops: exchanges seen, judged,
//! conforming, the proxy's own answers, and violations by check.

use super::event::Event;
use crate::check::{CheckId, Severity};
use std::collections::BTreeMap;

/// What the proxy saw so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Exchanges with a Vault operation, forwarded and judged.
    pub judged: u64,
    /// Judged exchanges without a violation.
    pub conforming: u64,
    /// Requests forwarded without judging (no Vault operation, or a full judging queue).
    pub unjudged: u64,
    /// Requests the proxy answered itself: upstream failures and requests too large.
    pub own_answers: u64,
    /// Violations by check.
    pub violations: BTreeMap<CheckId, u64>,
}

impl Tally {
    /// Counts one event.
    pub(crate) fn count(&mut self, event: &Event) {
        match event {
            Event::Judged { findings, .. } => {
                self.judged += 1;
                let mut violated = false;
                for finding in findings
                    .iter()
                    .filter(|f| f.severity == Severity::Violation)
                {
                    *self.violations.entry(finding.check).or_default() += 1;
                    violated = true;
                }
                self.conforming += u64::from(!violated);
            }
            Event::Unjudged { .. } | Event::Backlogged { .. } => self.unjudged += 1,
            Event::UpstreamFailed { .. } | Event::RequestTooLarge { .. } => self.own_answers += 1,
            Event::RecordFailed { .. } => {}
        }
    }

    /// Whether any judged exchange broke the contract.
    pub(crate) fn has_violations(&self) -> bool {
        !self.violations.is_empty()
    }

    /// The summary, one line per fact, violations by check in catalogue order.
    pub(crate) fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} exchanges judged: {} conform, {} do not; {} forwarded unjudged; {} answered by the proxy (upstream failed or request too large)",
            self.judged,
            self.conforming,
            self.judged - self.conforming,
            self.unjudged,
            self.own_answers
        )];
        if self.violations.is_empty() {
            lines.push("violations by check: none".into());
        } else {
            lines.push("violations by check:".into());
            for (check, count) in &self.violations {
                lines.push(format!("  {check:<32} {count}"));
            }
        }
        lines
    }
}
