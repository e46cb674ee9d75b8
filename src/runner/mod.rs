//! The conformance runner: fixed cases from `cases/`, property groups generated from the
//! contract, run against the embedded simulator, a URL, or Antom's sandbox, judged by every
//! check. `vaultcheck run` and `tests/conformance.rs` both drive it.

pub(crate) mod coverage_phase;
pub(crate) mod engine;
pub(crate) mod generated;
pub(crate) mod intent;
pub(crate) mod listener;
pub(crate) mod outcome;
pub(crate) mod probe;
pub(crate) mod scenario;
pub(crate) mod send;
pub(crate) mod setup;
pub(crate) mod stop;
pub(crate) mod vars;

pub use crate::cases::{Case, NamedCase, UnitKind, load_dir};
pub use generated::Group;
pub use outcome::{Action, ActionKind, CaseRun, Retries, Strictness, Verdict};
pub use setup::{Credentials, Destination, Setup};

/// The name of the coverage phase's unit.
pub(crate) fn coverage_phase_name() -> &'static str {
    coverage_phase::NAME
}

/// The contract coverage of a run's units: every exchange of every unit credited, the coverage
/// phase's requests counted apart.
pub(crate) fn coverage_of(runs: &[CaseRun]) -> crate::coverage::Coverage {
    let mut coverage = crate::coverage::Coverage::default();
    for run in runs {
        coverage.credit_history(&run.history);
        if run.kind == UnitKind::Phase {
            coverage.phase_requests += run.history.steps.len();
        }
    }
    coverage
}

/// One unit of the suite: a case file, the coverage phase or a property group.
#[derive(Debug, Clone)]
pub enum Unit {
    /// A fixed case or flow from a case file.
    Case(NamedCase),
    /// A property group of generated cases.
    Group(Group),
    /// The deterministic coverage phase (one per run, before the property groups).
    CoveragePhase,
}

impl Unit {
    /// What kind of unit it is.
    pub fn kind(&self) -> UnitKind {
        match self {
            Unit::Case(case) => case.kind(),
            Unit::Group(_) => UnitKind::Prop,
            Unit::CoveragePhase => UnitKind::Phase,
        }
    }

    /// The unit's name in the run table.
    pub fn name(&self) -> &str {
        match self {
            Unit::Case(case) => &case.name,
            Unit::Group(group) => group.name(),
            Unit::CoveragePhase => coverage_phase::NAME,
        }
    }

    /// Runs the unit; `cases` is how many generated cases a property group makes.
    pub async fn run(&self, setup: &Setup, seed: u64, cases: usize) -> CaseRun {
        match self {
            Unit::Case(case) => engine::run_case(setup, case).await,
            Unit::Group(group) => generated::run_group(setup, *group, seed, cases).await,
            Unit::CoveragePhase => coverage_phase::run_phase(setup).await,
        }
    }
}

/// Every unit: the built-in cases (those of `extra_dir` added, or replacing the built-in case
/// of the same name), the coverage phase, then the property groups.
pub fn suite(extra_dir: Option<&std::path::Path>) -> Result<Vec<Unit>, String> {
    let mut units: Vec<Unit> = crate::cases::load(extra_dir)?
        .into_iter()
        .map(|loaded| Unit::Case(loaded.case))
        .collect();
    units.push(Unit::CoveragePhase);
    units.extend(Group::ALL.into_iter().map(Unit::Group));
    Ok(units)
}

/// Runs every unit, `concurrency` at a time, calling `progress` after each; the runs come back
/// in the order of `units`, one per unit. A unit that panics comes back as a run of its own
/// with a harness error (a vaultcheck bug), so it can never vanish from the results. After the
/// last unit, the rules that span cases are judged over the whole run ([`judge_across_cases`]).
pub async fn execute(
    setup: std::sync::Arc<Setup>,
    units: Vec<Unit>,
    seed: u64,
    cases: usize,
    concurrency: usize,
    progress: impl FnMut(usize, usize, &CaseRun),
) -> Vec<CaseRun> {
    let mut runs = execute_with(units, concurrency, progress, |unit| {
        let setup = setup.clone();
        async move { unit.run(&setup, seed, cases).await }
    })
    .await;
    judge_across_cases(&mut runs);
    runs
}

/// Judges the rules that span cases (`card_token_unique`: one token for two cards vaulted in
/// different units) over every unit's history, and files each finding in its unit's run.
pub fn judge_across_cases(runs: &mut [CaseRun]) {
    let found = crate::check::judge_across_cases(
        runs.iter()
            .map(|run| (&run.history, run.findings.as_slice())),
    );
    for (index, finding) in found {
        runs[index].findings.push(finding);
    }
}

/// The scheduling of [`execute`]: `run` for every unit, `concurrency` at a time, each on its
/// own task, results in order; a panic becomes that unit's error.
async fn execute_with<F>(
    units: Vec<Unit>,
    concurrency: usize,
    mut progress: impl FnMut(usize, usize, &CaseRun),
    run: impl Fn(Unit) -> F,
) -> Vec<CaseRun>
where
    F: std::future::Future<Output = CaseRun> + Send + 'static,
{
    use futures_util::{FutureExt, StreamExt};
    let total = units.len();
    let mut done = 0;
    futures_util::stream::iter(units)
        .map(|unit| {
            let (name, kind) = (unit.name().to_owned(), unit.kind());
            // A task of its own, so units run on every worker thread; the panic is caught
            // inside it, where the unit's name is known.
            let task = tokio::spawn(std::panic::AssertUnwindSafe(run(unit)).catch_unwind());
            async move {
                match task.await {
                    Ok(Ok(run)) => run,
                    Ok(Err(panic)) => panicked(&name, kind, panic_message(&*panic)),
                    Err(join) => panicked(&name, kind, join.to_string()),
                }
            }
        })
        .buffered(concurrency.max(1))
        .inspect(|run| {
            done += 1;
            progress(done, total, run);
        })
        .collect()
        .await
}

fn panicked(name: &str, kind: UnitKind, message: String) -> CaseRun {
    let mut run = CaseRun::new(name, kind, "", None);
    run.error = Some(crate::Error::Harness {
        reason: format!("the unit panicked: {}", crate::redact::text(&message)),
    });
    run
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::NamedCase;

    fn unit(name: &str) -> Unit {
        Unit::Case(NamedCase {
            name: name.to_owned(),
            case: serde_json::from_value(serde_json::json!({"description": "d", "steps": []}))
                .expect("a case"),
            cards: Vec::new(),
        })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_unit_is_an_error_under_its_own_name_and_order_is_kept() {
        let units: Vec<Unit> = ["first", "boom", "third", "fourth"]
            .into_iter()
            .map(unit)
            .collect();
        let mut seen = 0;
        let runs = execute_with(
            units,
            2,
            |_, _, _| seen += 1,
            |unit| async move {
                let name = unit.name().to_owned();
                if name == "boom" {
                    panic!("index out of range");
                }
                if name == "first" {
                    // Finishes after the panicking unit: the old code filed the panic here.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                CaseRun::new(&name, UnitKind::Fixed, "d", None)
            },
        )
        .await;
        assert_eq!(seen, 4);
        let names: Vec<&str> = runs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["first", "boom", "third", "fourth"]);
        assert_eq!(runs[1].verdict(), Verdict::Error);
        let error = runs[1].error.as_ref().unwrap();
        assert!(error.is_harness_bug());
        assert!(error.to_string().contains("index out of range"), "{error}");
        assert!(
            runs.iter()
                .filter(|r| r.verdict() == Verdict::Error)
                .count()
                == 1
        );
    }
}
