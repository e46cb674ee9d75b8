//! What a case run produced and the verdict on it. Violations (the API broke the contract) and
//! errors (the harness could not run) stay apart.

use crate::Error;
use crate::cases::UnitKind;
use crate::check::{CheckId, Finding, History, Severity};
use crate::redact;

/// The verdict on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every step conformed and every expectation held.
    Passed,
    /// A violation, or an expectation of the case that did not hold.
    Failed,
    /// Failed as its `xfail` said it would.
    XFailed,
    /// Passed although marked `xfail`: a failure ("remove xfail").
    XPassed,
    /// Not run on this target (the reason is in [`CaseRun::skipped`]).
    Skipped,
    /// The harness could not run the case.
    Error,
    /// Passed as far as the target allowed: the case stopped before a step that needs the
    /// simulator's controls, and every step reached was judged. Passing, counted apart.
    Partial,
    /// Passed, but only after a retry the case did not ask for (an inquiry answered `U`, a
    /// throttled call). Passing, named and counted; `--fail-flaky` makes it fail.
    Flaky,
}

/// Which passing-but-not-clean verdicts a run counts as failures (`--fail-flaky`,
/// `--fail-on-skip`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Strictness {
    /// `--fail-flaky`: a flaky unit fails the run.
    pub fail_flaky: bool,
    /// `--fail-on-skip`: a skipped unit fails the run.
    pub fail_on_skip: bool,
}

impl Verdict {
    /// Whether the verdict fails the run whatever the switches: failed, xpassed or error.
    pub fn is_failure(self) -> bool {
        matches!(self, Verdict::Failed | Verdict::XPassed | Verdict::Error)
    }

    /// Whether the verdict fails the run under `strictness`.
    pub fn fails(self, strictness: Strictness) -> bool {
        self.is_failure()
            || (strictness.fail_flaky && self == Verdict::Flaky)
            || (strictness.fail_on_skip && self == Verdict::Skipped)
    }

    /// The verdict as reports print it (`passed`, `failed`, ...).
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "FAILED",
            Verdict::XFailed => "xfailed",
            Verdict::XPassed => "XPASSED",
            Verdict::Skipped => "skipped",
            Verdict::Error => "ERROR",
            Verdict::Partial => "partial",
            Verdict::Flaky => "flaky",
        }
    }
}

/// Everything one case (or property group) produced.
#[derive(Debug, Clone)]
pub struct CaseRun {
    /// The case file's stem or the property group's name.
    pub name: String,
    /// What kind of unit it was.
    pub kind: UnitKind,
    /// What the case checks, from its file (or the group's own description).
    pub description: String,
    /// Why the case is expected to fail, when its file says `xfail`.
    pub xfail: Option<String>,
    /// Every exchange of the case, in order, with its intent.
    pub history: History,
    /// What the checks found (violations, warnings, notices), redacted.
    pub findings: Vec<Finding>,
    /// Expectations of the case file that were not met.
    pub unmet: Vec<String>,
    /// Why the harness could not run the case (a verdict of its own, never a violation).
    pub error: Option<Error>,
    /// Why the case did not run on this target, when it did not.
    pub skipped: Option<String>,
    /// Where and why the case stopped before its end (a step that needs the simulator).
    pub partial: Option<String>,
    /// The retries made for the unit.
    pub retries: Retries,
    /// For generated cases: the seed that reproduces them.
    pub seed: Option<u64>,
    /// The steps of the case that were not requests (3DS page, notification), in order,
    /// each with its place among the requests: what a replay of a later request cannot redo.
    pub actions: Vec<Action>,
}

/// A step of a case that sends no request to the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// How many exchanges of the history came before it.
    pub after: usize,
    /// What it did.
    pub kind: ActionKind,
}

/// The steps that are not requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Approved the 3DS page.
    Approve3ds,
    /// Declined the 3DS page.
    Decline3ds,
    /// Waited for the notification.
    AwaitNotification,
}

/// The retries of a unit's calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retries {
    /// Inquiries answered `U` and asked again with the same id.
    pub unknown: usize,
    /// Calls answered `REQUEST_TRAFFIC_EXCEED_LIMIT`, made again after a backoff.
    pub throttled: usize,
    /// Retries the case did not ask for (`retry_unknown`): any makes a passing unit flaky.
    pub unplanned: usize,
}

impl CaseRun {
    /// A run that has not sent anything yet.
    pub fn new(name: &str, kind: UnitKind, description: &str, xfail: Option<String>) -> Self {
        CaseRun {
            name: name.to_owned(),
            kind,
            description: description.to_owned(),
            xfail,
            history: History::default(),
            findings: Vec::new(),
            unmet: Vec::new(),
            error: None,
            skipped: None,
            partial: None,
            retries: Retries::default(),
            seed: None,
            actions: Vec::new(),
        }
    }

    /// The exchanges of the run: every request sent (retries included) and every notification
    /// received. The table, the JSON report and JUnit all count this way.
    pub fn exchanges(&self) -> usize {
        self.history.steps.len() + self.history.notifications.len()
    }

    /// `[flow] three-ds-approve`.
    pub fn title(&self) -> String {
        format!("[{}] {}", self.kind, self.name)
    }

    /// The findings that break the contract (not warnings or notices).
    pub fn violations(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
    }

    /// The ids of the checks that reported a violation.
    pub fn violated_checks(&self) -> std::collections::BTreeSet<CheckId> {
        self.violations().map(|f| f.check).collect()
    }

    /// The verdict: skipped first, then error, failed (violations or unmet expectations, turned
    /// around by `xfail`), flaky, partial, xpassed, passed.
    pub fn verdict(&self) -> Verdict {
        if self.skipped.is_some() {
            return Verdict::Skipped;
        }
        if self.error.is_some() {
            return Verdict::Error;
        }
        let failed = self.violations().next().is_some() || !self.unmet.is_empty();
        match (failed, self.xfail.is_some()) {
            (true, true) => Verdict::XFailed,
            (true, false) => Verdict::Failed,
            _ if self.retries.unplanned > 0 => Verdict::Flaky,
            // A case that stopped early did not show what its xfail is about.
            _ if self.partial.is_some() => Verdict::Partial,
            (false, true) => Verdict::XPassed,
            (false, false) => Verdict::Passed,
        }
    }

    /// The table's last column: the checks it violated, then [`CaseRun::note`].
    pub fn summary_note(&self) -> String {
        let mut notes: Vec<String> = self
            .violated_checks()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        let note = self.note();
        if !note.is_empty() {
            notes.push(note);
        }
        notes.join("; ")
    }

    /// Why the unit did not simply pass, for the table: the skip reason, where it stopped, its
    /// retries.
    pub fn note(&self) -> String {
        let mut notes = Vec::new();
        if let Some(reason) = &self.skipped {
            notes.push(reason.clone());
        }
        if let Some(reason) = &self.partial {
            notes.push(reason.clone());
        }
        let Retries {
            unknown, throttled, ..
        } = self.retries;
        if unknown > 0 {
            notes.push(format!("{unknown} U answer(s) asked again"));
        }
        if throttled > 0 {
            notes.push(format!("{throttled} throttled call(s) made again"));
        }
        notes.join("; ")
    }

    /// What went wrong, for people: redacted, one item per line.
    pub fn failure_text(&self) -> String {
        let mut lines = Vec::new();
        if let Some(error) = &self.error {
            lines.push(format!("harness error: {error}"));
        }
        if self.verdict() == Verdict::XPassed {
            lines.push(format!(
                "the case passed but is marked xfail ({}): remove xfail",
                self.xfail.as_deref().unwrap_or("")
            ));
        }
        for finding in self.violations() {
            lines.push(format!("contract violation: {finding}"));
        }
        for unmet in &self.unmet {
            lines.push(format!("expectation not met: {unmet}"));
        }
        if let Some(seed) = self.seed {
            lines.push(format!("reproduce with --seed {seed}"));
        }
        redact::text(&lines.join("\n")).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Finding;

    fn violation() -> Finding {
        Finding {
            check: CheckId::RedirectUrlCoupling,
            severity: Severity::Violation,
            basis: crate::contract::Basis::Documented,
            pointer: "/normalUrl".into(),
            expected: "absent".into(),
            found: "a URL".into(),
            spec: "spec".into(),
            step: None,
        }
    }

    #[test]
    fn verdicts_keep_failures_and_errors_apart_and_xfail_honest() {
        let clean = CaseRun::new("c", UnitKind::Fixed, "d", None);
        assert_eq!(clean.verdict(), Verdict::Passed);
        let mut failed = clean.clone();
        failed.findings.push(violation());
        assert_eq!(failed.verdict(), Verdict::Failed);
        assert!(
            failed
                .failure_text()
                .starts_with("contract violation: redirect_url_coupling")
        );
        let mut errored = clean.clone();
        errored.error = Some(Error::from(crate::transport::TargetError::Refused {
            url: "http://127.0.0.1:9".into(),
        }));
        assert_eq!(errored.verdict(), Verdict::Error);
        assert!(errored.failure_text().starts_with("harness error:"));
        let mut xfailed = failed.clone();
        xfailed.xfail = Some("known".into());
        assert_eq!(xfailed.verdict(), Verdict::XFailed);
        assert!(!xfailed.verdict().is_failure());
        let mut xpassed = clean.clone();
        xpassed.xfail = Some("known".into());
        assert_eq!(xpassed.verdict(), Verdict::XPassed);
        assert!(xpassed.verdict().is_failure());
        assert!(xpassed.failure_text().contains("remove xfail"));
        let mut unmet = clean;
        unmet
            .unmet
            .push("step 1: /vaultingStatus: expected \"SUCCESS\"".into());
        assert_eq!(unmet.verdict(), Verdict::Failed);
    }
}
