//! The conformance suite as a test harness (libtest-mimic): one trial per fixed case
//! (`[fixed]`), per flow (`[flow]`), per property group (`[prop]`), and per schema file
//! (`[schema]`). Filters, `--list`, `--ignored` and nextest work as with any test.
//!
//! Target from the environment: the embedded simulator by default; `VAULTCHECK_TARGET=URL` or
//! `sandbox` (with `VAULTCHECK_REGION`, `VAULTCHECK_CLIENT_ID`, `VAULTCHECK_PRIVATE_KEY`,
//! `VAULTCHECK_ANTOM_PUBLIC_KEY`) for a live run, where a case runs as far as the target
//! allows (partial, passing) and one that cannot start there is ignored with the reason. `VAULTCHECK_CASES` sets the generated cases per group
//! and `VAULTCHECK_SEED` the seed. Response shapes are insta snapshots in `tests/snapshots/`.

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use vaultcheck::protocol::{PrivateKey, PublicKey};
use vaultcheck::runner::{self, Credentials, Destination, Setup, Unit, Verdict};
use vaultcheck::sim::Simulator;
use vaultcheck::transport::Limits;

struct Target {
    setup: Arc<Setup>,
    _simulator: Option<Simulator>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn seed() -> u64 {
    env("VAULTCHECK_SEED")
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261124)
}

fn cases_per_group() -> usize {
    env("VAULTCHECK_CASES")
        .and_then(|s| s.parse().ok())
        .unwrap_or(96)
}

fn start(runtime: &tokio::runtime::Runtime) -> Result<Target, String> {
    let target = env("VAULTCHECK_TARGET").unwrap_or_else(|| "mock".into());
    if target == "mock" {
        let (setup, simulator) = runtime
            .block_on(Setup::embedded(&[], seed(), Limits::default()))
            .map_err(|e| e.to_string())?;
        return Ok(Target {
            setup: Arc::new(setup),
            _simulator: Some(simulator),
        });
    }
    let destination = if target == "sandbox" {
        Destination::Sandbox(env("VAULTCHECK_REGION").unwrap_or_else(|| "na".into()))
    } else {
        Destination::Url(target)
    };
    let credentials = Credentials {
        client_id: env("VAULTCHECK_CLIENT_ID")
            .ok_or("set VAULTCHECK_CLIENT_ID for a live target")?,
        private_key: PrivateKey::from_env("VAULTCHECK_PRIVATE_KEY")
            .map_err(|e| format!("{e} (a live target needs the merchant key or a path to it)"))?,
        antom_public_key: match env("VAULTCHECK_ANTOM_PUBLIC_KEY") {
            Some(_) => Some(
                PublicKey::from_env("VAULTCHECK_ANTOM_PUBLIC_KEY").map_err(|e| e.to_string())?,
            ),
            None => None,
        },
    };
    let mut setup = runtime
        .block_on(Setup::live(
            &destination,
            credentials,
            seed(),
            Limits::default(),
        ))
        .map_err(|e| e.to_string())?;
    // The library reads no variable: the harness hands it the card overrides, as `run` does.
    setup
        .override_cards(|name| std::env::var_os(name))
        .map_err(|e| e.to_string())?;
    Ok(Target {
        setup: Arc::new(setup),
        _simulator: None,
    })
}

fn snapshot_shapes(run: &runner::CaseRun) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(run.description.clone());
    settings.bind(|| {
        for (index, step) in run.history.steps.iter().enumerate() {
            let name = format!(
                "{}-{:02}-{}",
                run.name,
                index + 1,
                step.exchange.endpoint.name()
            );
            insta::assert_json_snapshot!(
                name,
                vaultcheck::report::shape::of_response(&step.exchange)
            );
        }
    });
}

fn trial_for(
    unit: Unit,
    runtime: Arc<tokio::runtime::Runtime>,
    target: Arc<OnceLock<Result<Target, String>>>,
) -> Trial {
    let kind = unit.kind();
    let name = unit.name().to_owned();
    Trial::ignorable_test(name, move || {
        let target = target
            .get_or_init(|| start(&runtime))
            .as_ref()
            .map_err(|e| Failed::from(format!("harness error: {e}")))?;
        let run = runtime.block_on(unit.run(&target.setup, seed(), cases_per_group()));
        // The embedded simulator serves every step: a skip or a stop there (a misspelt card
        // name, `VAULTCHECK_CASES=0`) means nothing was tested, never a pass.
        if target._simulator.is_some()
            && matches!(run.verdict(), Verdict::Skipped | Verdict::Partial)
        {
            return Err(Failed::from(format!(
                "{} on the embedded simulator, which serves every step: {}",
                run.verdict().word(),
                run.skipped
                    .clone()
                    .or_else(|| run.partial.clone())
                    .unwrap_or_default()
            )));
        }
        match run.verdict() {
            Verdict::Skipped => {
                return Ok(Completion::ignored_with(
                    run.skipped.clone().unwrap_or_default(),
                ));
            }
            Verdict::XFailed => return Ok(Completion::Completed),
            verdict if verdict.is_failure() => return Err(Failed::from(run.failure_text())),
            _ => {}
        }
        // Generated cases vary with the seed; fixed cases and flows have stable shapes. On a
        // live target a differing shape is drift to review (`.snap.new` with INSTA_UPDATE=new).
        // The coverage phase's 140-odd answers are the fixed cases' shapes again, not snapshotted.
        if !matches!(unit, Unit::Group(_) | Unit::CoveragePhase) {
            snapshot_shapes(&run);
        }
        Ok(Completion::Completed)
    })
    .with_kind(kind.as_str())
}

fn schema_trials(root: PathBuf) -> Vec<Trial> {
    let cases = root.join("cases");
    let schemas = root.join("schemas");
    vec![
        Trial::test("case-files-follow-case-schema", move || {
            runner::load_dir(&cases).map(|_| ()).map_err(Failed::from)
        })
        .with_kind("schema"),
        Trial::test("committed-schemas-match-contract", move || {
            let drift = vaultcheck::published::check_dir(&schemas);
            if drift.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{drift:?} differ from the contract: run `cargo run -- schemas --write`"
                )
                .into())
            }
        })
        .with_kind("schema"),
    ]
}

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let runtime = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime starts"),
    );
    let target = Arc::new(OnceLock::new());
    let mut trials = schema_trials(root.clone());
    match runner::suite(None) {
        Ok(units) => trials.extend(
            units
                .into_iter()
                .map(|u| trial_for(u, runtime.clone(), target.clone())),
        ),
        Err(error) => trials.push(Trial::test("load-cases", move || {
            Err(Failed::from(error.clone()))
        })),
    }
    libtest_mimic::run(&args, trials).exit();
}
