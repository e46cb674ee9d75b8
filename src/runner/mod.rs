//! The conformance runner: fixed cases from `cases/`, property groups generated from the
//! contract, run against the embedded simulator, a URL, or Antom's sandbox, judged by every
//! check. `vaultcheck run` and `tests/conformance.rs` both drive it.

pub mod engine;
pub mod generated;
pub mod listener;
pub mod outcome;

pub mod setup;

pub use crate::cases::{Case, NamedCase, load_dir};
pub use generated::Group;
pub use outcome::{CaseRun, Verdict};
pub use setup::{Credentials, Destination, Setup};

/// One unit of the suite: a case file or a property group.
#[derive(Debug, Clone)]
pub enum Unit {
    Case(NamedCase),
    Group(Group),
}

impl Unit {
    pub fn kind(&self) -> &'static str {
        match self {
            Unit::Case(case) => case.kind(),
            Unit::Group(_) => "prop",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Unit::Case(case) => &case.name,
            Unit::Group(group) => group.name(),
        }
    }

    /// Runs the unit; `cases` is how many generated cases a property group makes.
    pub async fn run(&self, setup: &Setup, seed: u64, cases: usize) -> CaseRun {
        match self {
            Unit::Case(case) => engine::run_case(setup, case).await,
            Unit::Group(group) => generated::run_group(setup, *group, seed, cases).await,
        }
    }
}

/// Every unit: the built-in cases (those of `extra_dir` added, or replacing the built-in case
/// of the same name), then the property groups.
pub fn suite(extra_dir: Option<&std::path::Path>) -> Result<Vec<Unit>, String> {
    let mut units: Vec<Unit> = crate::cases::load(extra_dir)?
        .into_iter()
        .map(|loaded| Unit::Case(loaded.case))
        .collect();
    units.extend(Group::ALL.into_iter().map(Unit::Group));
    Ok(units)
}

/// Runs every unit, `concurrency` at a time, calling `progress` after each; the runs come back
/// in the order of `units`.
pub async fn execute(
    setup: std::sync::Arc<Setup>,
    units: Vec<Unit>,
    seed: u64,
    cases: usize,
    concurrency: usize,
    mut progress: impl FnMut(usize, usize, &CaseRun),
) -> Vec<CaseRun> {
    let total = units.len();
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, unit) in units.into_iter().enumerate() {
        let setup = setup.clone();
        let semaphore = semaphore.clone();
        tasks.spawn(async move {
            let _permit = semaphore
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            (index, unit.run(&setup, seed, cases).await)
        });
    }
    let mut runs: Vec<Option<CaseRun>> = (0..total).map(|_| None).collect();
    let mut done = 0;
    while let Some(joined) = tasks.join_next().await {
        done += 1;
        match joined {
            Ok((index, run)) => {
                progress(done, total, &run);
                runs[index] = Some(run);
            }
            Err(error) => {
                let mut run = CaseRun::new("unknown", "?", "", None);
                run.error = Some(format!("the unit panicked: {error}"));
                progress(done, total, &run);
                if let Some(slot) = runs.iter_mut().find(|r| r.is_none()) {
                    *slot = Some(run);
                }
            }
        }
    }
    runs.into_iter().flatten().collect()
}
