//! `vaultcheck run`: the whole suite (fixed cases, flows, property groups) against the embedded
//! simulator, a URL or Antom's sandbox, with a summary table, JUnit/JSON reports and a
//! reproduction directory for every failure.

use super::{Args, CANNOT_RUN, OK, Spec, VIOLATIONS};
use crate::protocol::PublicKey;
use crate::report::{junit, repro, run as report};
use crate::runner::{self, CaseRun, Credentials, Destination, Setup, Verdict};
use crate::sim::Fault;
use crate::transport::Limits;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SPEC: Spec = Spec {
    values: &[
        "target",
        "region",
        "client-id",
        "private-key",
        "antom-public-key",
        "seed",
        "cases",
        "rate-limit",
        "junit",
        "json",
        "failures",
        "fault",
        "cases-dir",
        "timeout-ms",
        "concurrency",
        "filter",
    ],
    switches: &["no-progress"],
};

/// Everything `run` was told, resolved.
pub struct RunOptions {
    pub destination: Destination,
    pub seed: u64,
    pub cases: usize,
    pub rate_limit: Option<f64>,
    pub concurrency: usize,
    pub timeout: Duration,
    pub filter: Option<String>,
}

fn number<T: std::str::FromStr>(args: &Args, name: &str, var: &str) -> Result<Option<T>, String> {
    match args.value_or_env(name, var) {
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| format!("--{name} (or {var}) `{text}` is not a number")),
        None => Ok(None),
    }
}

fn credentials(args: &Args) -> Result<Credentials, String> {
    let client_id = args
        .value_or_env("client-id", "VAULTCHECK_CLIENT_ID")
        .ok_or("a live target needs --client-id or VAULTCHECK_CLIENT_ID")?;
    let private_key = super::sign_cmd::merchant_private_key(args)
        .map_err(|e| format!("{e} (a live target signs every request)"))?;
    let antom_public_key = super::check_cmd::antom_public_key(args)?;
    Ok(Credentials {
        client_id,
        private_key,
        antom_public_key,
    })
}

/// Reads the options shared with `replay`.
pub fn options(args: &Args) -> Result<RunOptions, String> {
    let seed = number::<u64>(args, "seed", "VAULTCHECK_SEED")?
        .unwrap_or_else(|| crate::protocol::time::now_millis() as u64 % 1_000_000);
    let faults = Fault::parse_all(args.all("fault")).map_err(|e| e.to_string())?;
    let target = args
        .value_or_env("target", "VAULTCHECK_TARGET")
        .unwrap_or_else(|| "mock".into());
    let destination = match target.as_str() {
        "mock" | "embedded" => Destination::Embedded {
            faults: faults.clone(),
            seed,
        },
        "sandbox" => Destination::Sandbox(
            args.value_or_env("region", "VAULTCHECK_REGION")
                .unwrap_or_else(|| "na".into()),
        ),
        url if url.starts_with("http://") || url.starts_with("https://") => {
            Destination::Url(url.to_owned())
        }
        other => {
            return Err(format!(
                "--target `{other}` is not mock, sandbox or an http(s) URL"
            ));
        }
    };
    if !faults.is_empty() && !matches!(destination, Destination::Embedded { .. }) {
        return Err("--fault switches the embedded simulator's faults; with a live target, start `vaultcheck mock --fault NAME` and point --target at it".into());
    }
    Ok(RunOptions {
        destination,
        seed,
        cases: number(args, "cases", "VAULTCHECK_CASES")?.unwrap_or(32),
        rate_limit: number(args, "rate-limit", "VAULTCHECK_RATE_LIMIT")?,
        concurrency: number(args, "concurrency", "VAULTCHECK_CONCURRENCY")?.unwrap_or(4),
        timeout: Duration::from_millis(
            number(args, "timeout-ms", "VAULTCHECK_TIMEOUT_MS")?.unwrap_or(10_000),
        ),
        filter: args.value("filter").map(str::to_owned),
    })
}

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(args, &SPEC)?;
    let options = options(&args)?;
    let cases_dir = args.value("cases-dir").unwrap_or("cases");
    let mut units = runner::suite(Path::new(cases_dir))
        .map_err(|e| format!("{e}; run from the repository root or pass --cases-dir DIR"))?;
    if let Some(filter) = &options.filter {
        units.retain(|u| u.name().contains(filter.as_str()));
    }
    let live_credentials = match options.destination {
        Destination::Embedded { .. } => None,
        _ => Some(credentials(&args)?),
    };
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let progress = !args.switch("no-progress") && std::io::stderr().is_terminal();
    let started = Instant::now();
    let limits = Limits {
        timeout: options.timeout,
        ..Limits::default()
    };
    let (runs, target_name, origin, antom_key) = runtime.block_on(async {
        let (mut setup, sim, name) = match &options.destination {
            Destination::Embedded { faults, seed } => {
                let (setup, sim) = Setup::embedded(faults, *seed, limits)
                    .await
                    .map_err(|e| e.to_string())?;
                let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
                let name = if names.is_empty() {
                    "embedded simulator".to_owned()
                } else {
                    format!("embedded simulator with faults {}", names.join(", "))
                };
                (setup, Some(sim), name)
            }
            destination => {
                let credentials = live_credentials
                    .clone()
                    .expect("live targets have credentials");
                let setup = Setup::live(destination, credentials, options.seed, limits)
                    .await
                    .map_err(|e| e.to_string())?;
                let name = setup.client.target.base_url().to_owned();
                (setup, None, name)
            }
        };
        if let Some(rate) = options.rate_limit.filter(|r| *r > 0.0) {
            setup.min_interval = Some(Duration::from_secs_f64(1.0 / rate));
        }
        eprintln!(
            "vaultcheck run: {} units against {name} (seed {}, {} generated cases per group)",
            units.len(),
            options.seed,
            options.cases
        );
        let origin = repro::Origin {
            base_url: setup.client.target.base_url().to_owned(),
            client_id: setup
                .client
                .signer
                .as_ref()
                .map(|s| s.client_id.clone())
                .unwrap_or_default(),
            embedded_faults: match &options.destination {
                Destination::Embedded { faults, .. } => {
                    Some(faults.iter().map(|f| f.name().to_owned()).collect())
                }
                _ => None,
            },
        };
        let antom_key = setup.antom_key.clone();
        let runs = runner::execute(
            Arc::new(setup),
            units,
            options.seed,
            options.cases,
            options.concurrency,
            |done, total, run| {
                if progress {
                    let width = 30;
                    let filled = done * width / total.max(1);
                    eprint!(
                        "\r[{}{}] {done}/{total} {:<50}",
                        "#".repeat(filled),
                        ".".repeat(width - filled),
                        run.title().chars().take(50).collect::<String>()
                    );
                    let _ = std::io::stderr().flush();
                }
            },
        )
        .await;
        if progress {
            eprintln!();
        }
        drop(sim);
        Ok::<_, String>((runs, name, origin, antom_key))
    })?;
    finish(
        &args,
        &runs,
        &target_name,
        &origin,
        antom_key.as_ref(),
        options.seed,
        started.elapsed(),
    )
}

fn finish(
    args: &Args,
    runs: &[CaseRun],
    target: &str,
    origin: &repro::Origin,
    antom_key: Option<&PublicKey>,
    seed: u64,
    elapsed: Duration,
) -> Result<i32, String> {
    print!("{}", report::summary_table(runs));
    let exchanges: usize = runs.iter().map(|r| r.history.steps.len()).sum();
    println!(
        "{exchanges} exchanges in {:.2} s ({:.0} per second); seed {seed}",
        elapsed.as_secs_f64(),
        exchanges as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    let failures_dir = Path::new(args.value("failures").unwrap_or("vaultcheck-failures"));
    repro::clear(failures_dir)
        .map_err(|e| format!("--failures {}: {e}", failures_dir.display()))?;
    for run in runs.iter().filter(|r| r.verdict().is_failure()) {
        println!(
            "\n{} {}: {}\n{}",
            run.title(),
            run.verdict().word(),
            run.description,
            indent(&run.failure_text())
        );
        if matches!(run.verdict(), Verdict::Failed) {
            match repro::save(failures_dir, run, origin, antom_key) {
                Ok(dirs) => dirs.iter().for_each(|d| {
                    println!(
                        "  saved: {} (replay: vaultcheck replay {})",
                        d.display(),
                        d.display()
                    )
                }),
                Err(error) => eprintln!("vaultcheck run: {error}"),
            }
        }
    }
    if let Some(file) = args.value("junit") {
        std::fs::write(file, junit::render(runs, target, elapsed.as_secs_f64()))
            .map_err(|e| format!("cannot write --junit {file}: {e}"))?;
    }
    if let Some(file) = args.value("json") {
        let text = serde_json::to_string_pretty(&report::json_report(runs, target, seed))
            .expect("a Value serializes");
        std::fs::write(file, text).map_err(|e| format!("cannot write --json {file}: {e}"))?;
    }
    Ok(if runs.iter().any(|r| r.verdict() == Verdict::Error) {
        CANNOT_RUN
    } else if runs.iter().any(|r| r.verdict().is_failure()) {
        VIOLATIONS
    } else {
        OK
    })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
