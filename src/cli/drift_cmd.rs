//! `vaultcheck drift`: the same cases and seed on the embedded simulator and on a target, and
//! the differences of shape between their answers (the `drift` room does the work; this file
//! reads the options and prints). Exit 0 when there is none, 1 otherwise, 2 when it cannot run.

use super::options::{CasesDir, Credentials, ProxyOption, Target};
use super::run_cmd::credentials;
use super::{OK, VIOLATIONS, out};
use crate::drift::{DriftPlan, drift};
use crate::runner::{self, Destination, Setup};
use crate::transport::Limits;
use clap::Args;
use std::time::Duration;

/// `vaultcheck drift`'s options.
#[derive(Args, Debug)]
#[command(after_help = "\
The simulator side gets the target's limits (its test cards; whether the simulator's controls
work there), so both sides take the same steps. Differences: fields on one side only, kinds
that differ, result codes and statuses that differ, HTTP status, response headers (names
compared case-insensitively; a difference in case is reported as such over plain HTTP).

Examples:
  vaultcheck drift --target sandbox --region sea --client-id ID --merchant-private-key K.pem
  vaultcheck drift --target http://127.0.0.1:8080 --json")]
pub(super) struct DriftArgs {
    #[command(flatten)]
    pub target: Target,
    #[command(flatten)]
    pub credentials: Credentials,
    /// The seed of the generated cases, the same on both sides (default: from the clock)
    #[arg(long, value_name = "N", env = "VAULTCHECK_SEED")]
    pub seed: Option<u64>,
    /// Generated cases per property group
    #[arg(long, value_name = "N", env = "VAULTCHECK_CASES", default_value_t = 8)]
    pub cases: usize,
    /// Units run at once on each side
    #[arg(
        long,
        value_name = "N",
        env = "VAULTCHECK_CONCURRENCY",
        default_value_t = 2
    )]
    pub concurrency: usize,
    /// Compares only the units whose name contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    #[command(flatten)]
    pub cases_dir: CasesDir,
    #[command(flatten)]
    pub proxy: ProxyOption,
    /// Prints the report as JSON
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: DriftArgs) -> Result<i32, String> {
    let seed = args
        .seed
        .unwrap_or_else(|| crate::protocol::time::now_millis() as u64 % 1_000_000);
    let destination = args.target.destination(seed)?;
    let mut units = runner::suite(args.cases_dir.path()).map_err(|e| e.to_string())?;
    if let Some(filter) = &args.filter {
        units.retain(|u| u.name().contains(filter.as_str()));
        if units.is_empty() {
            return Err(format!(
                "--filter `{filter}` matches no unit; `vaultcheck run --list` shows the unit names"
            ));
        }
    }
    if args.cases == 0 && units.iter().any(|u| matches!(u, runner::Unit::Group(_))) {
        return Err("--cases 0 generates no case, so the property groups would compare nothing; give --cases 1 or more, or --filter the fixed cases".into());
    }
    let timeout = args.target.timeout();
    let limits = Limits {
        timeout,
        ..Limits::default()
    };
    let proxy = args.proxy.proxy();
    let live = match destination {
        Destination::Embedded { .. } => None,
        _ => Some(credentials(&args.credentials)?),
    };
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let report = runtime.block_on(async {
        let (mut setup, embedded, name) = match (&destination, live) {
            (Destination::Embedded { faults, seed }, _) => {
                let (setup, sim) = Setup::embedded(faults, *seed, limits)
                    .await
                    .map_err(|e| e.to_string())?;
                let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
                let name = if names.is_empty() {
                    "the embedded simulator".to_owned()
                } else {
                    format!("the embedded simulator with faults {}", names.join(", "))
                };
                (setup, Some(sim), name)
            }
            (destination, Some(credentials)) => {
                let mut setup = Setup::live_through(destination, credentials, seed, limits, &proxy)
                    .await
                    .map_err(|e| e.to_string())?;
                if setup.listener.is_none() {
                    setup.notify_url = args.target.notify_url.clone();
                }
                let name = crate::redact::url_credentials(setup.client.target.base_url());
                (setup, None, name)
            }
            (_, None) => unreachable!("live targets have credentials"),
        };
        setup
            .override_cards(super::options::env_var)
            .map_err(|e| e.to_string())?;
        if let Some(rate) = args.target.rate_limit.filter(|r| *r > 0.0) {
            setup.min_interval = Some(Duration::from_secs_f64(1.0 / rate));
        }
        out::err(&format!(
            "vaultcheck drift: {} units on the embedded simulator and on {name} (seed {seed}, {} generated cases per group)",
            units.len(),
            args.cases
        ));
        let plan = DriftPlan {
            units,
            seed,
            cases: args.cases,
            concurrency: args.concurrency,
            timeout,
        };
        let report = drift(setup, &name, plan).await.map_err(|e| e.to_string());
        drop(embedded);
        report
    })?;
    if args.json {
        out::line(&serde_json::to_string_pretty(&report).expect("a report serialises"));
    } else {
        out::text(&report.text());
    }
    if report.steps_compared == 0 {
        // No answer was set beside another: "no difference" would be green by accident.
        return Err(
            "nothing was compared: no unit ran on both sides (the reasons are listed above); point --target at a server that answers, or change --filter".into(),
        );
    }
    Ok(if report.none() { OK } else { VIOLATIONS })
}
