//! `vaultcheck run`: the whole suite (fixed cases, flows, property groups) against the embedded
//! simulator, a URL or Antom's sandbox, with a summary table, JUnit/JSON reports and a
//! reproduction directory for every failure.

use super::options::{CasesDir, Credentials, Output, ProxyOption, Target, WarningPolicy};
use super::{CANNOT_RUN, OK, VIOLATIONS, out};
use crate::report::{junit, repro, run as report};
use crate::runner::{self, CaseRun, Destination, Setup, Strictness, Verdict};
use crate::transport::Limits;
use clap::Args;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ENVIRONMENT: &str = "\
Test cards: the named cards are Antom's sandbox cards on every target (flaky: simulator only);
VAULTCHECK_CARD_<NAME> (VAULTCHECK_CARD_SUCCESS, VAULTCHECK_CARD_SUCCESS2, VAULTCHECK_CARD_EXEMPT,
...) overrides one (12 to 19 digits, nothing else).

The suite is built in; --cases-dir DIR adds the cases of DIR, and a file named like a built-in
case replaces it. --list shows every unit and what it needs.";

/// `vaultcheck run`'s options.
#[derive(Args, Debug)]
#[command(after_help = ENVIRONMENT)]
pub(super) struct RunArgs {
    #[command(flatten)]
    pub target: Target,
    #[command(flatten)]
    pub credentials: Credentials,
    /// The seed of the generated cases (printed by every run; default: from the clock)
    #[arg(long, value_name = "N", env = "VAULTCHECK_SEED")]
    pub seed: Option<u64>,
    /// Generated cases per property group
    #[arg(long, value_name = "N", env = "VAULTCHECK_CASES", default_value_t = 32)]
    pub cases: usize,
    /// Units run at once
    #[arg(
        long,
        value_name = "N",
        env = "VAULTCHECK_CONCURRENCY",
        default_value_t = 4
    )]
    pub concurrency: usize,
    /// Runs only the units whose name contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    #[command(flatten)]
    pub cases_dir: CasesDir,
    /// Prints the units (kind, name, what each needs, where it comes from) and sends nothing
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub proxy: ProxyOption,
    /// Counts flaky units (passed only after a retry) as failures
    #[arg(long = "fail-flaky")]
    pub fail_flaky: bool,
    /// Counts skipped units as failures
    #[arg(long = "fail-on-skip")]
    pub fail_on_skip: bool,
    /// Writes the contract coverage (every rule: covered, not covered, or unreachable on this
    /// target and why) as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub coverage: Option<std::path::PathBuf>,
    /// Fails the run (exit 1) when fewer than PCT percent of the contract's rule sides are
    /// covered, naming the rules not covered
    #[arg(long = "coverage-min", value_name = "PCT", value_parser = percent)]
    pub coverage_min: Option<f64>,
    #[command(flatten)]
    pub output: Output,
    /// Writes every exchange of the run (passing ones too) to FILE as redacted NDJSON, which
    /// `vaultcheck check --exchanges FILE` re-judges offline
    #[arg(long, value_name = "FILE.ndjson")]
    pub record: Option<PathBuf>,
    /// Writes the run as one self-contained HTML page to FILE
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub warnings: WarningPolicy,
}

/// A percentage from 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

pub(super) fn credentials(credentials: &Credentials) -> Result<crate::runner::Credentials, String> {
    let client_id = credentials
        .client_id
        .client_id
        .clone()
        .ok_or("a live target needs --client-id or VAULTCHECK_CLIENT_ID")?;
    let private_key = credentials
        .merchant_key
        .required()
        .map_err(|e| format!("{e} (a live target signs every request)"))?;
    let antom_public_key = credentials.antom_key.read()?;
    Ok(crate::runner::Credentials {
        client_id,
        private_key,
        antom_public_key,
    })
}

/// Prints the units of the suite and what each needs; sends nothing.
fn list(args: &RunArgs) -> Result<i32, String> {
    let cases = crate::cases::load(args.cases_dir.path())?;
    let wanted = |name: &str| args.filter.as_deref().is_none_or(|f| name.contains(f));
    let mut rows: Vec<[String; 4]> = cases
        .iter()
        .filter(|c| wanted(&c.case.name))
        .map(|loaded| {
            let needs: Vec<String> = loaded.case.needs().iter().map(|n| n.to_string()).collect();
            [
                loaded.case.kind().to_string(),
                loaded.case.name.clone(),
                if needs.is_empty() {
                    "-".to_owned()
                } else {
                    needs.join(", ")
                },
                loaded.origin.to_string(),
            ]
        })
        .collect();
    if wanted(runner::coverage_phase_name()) {
        rows.push([
            runner::UnitKind::Phase.to_string(),
            runner::coverage_phase_name().into(),
            "-".into(),
            "generated".into(),
        ]);
    }
    rows.extend(
        runner::Group::ALL
            .into_iter()
            .filter(|g| wanted(g.name()))
            .map(|g| {
                [
                    runner::UnitKind::Prop.to_string(),
                    g.name().into(),
                    "-".into(),
                    "generated".into(),
                ]
            }),
    );
    if rows.is_empty() {
        return Err(format!(
            "--filter `{}` matches no unit",
            args.filter.as_deref().unwrap_or_default()
        ));
    }
    let name_width = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
    let needs_width = rows.iter().map(|r| r[2].chars().count()).max().unwrap_or(0);
    out::line(&format!(
        "{:<5}  {:<name_width$}  {:<needs_width$}  from",
        "kind", "name", "needs"
    ));
    for [kind, name, needs, from] in &rows {
        out::line(&format!(
            "{kind:<5}  {name:<name_width$}  {needs:<needs_width$}  {from}"
        ));
    }
    out::line(&format!("{} units", rows.len()));
    Ok(OK)
}

/// Checks, before anything is sent, that every report can be written: a night of requests must
/// not end in "cannot write --junit". Nothing is left behind: a probe file is removed again.
fn preflight_reports(args: &RunArgs) -> Result<(), String> {
    let output = &args.output;
    for (option, file) in [
        ("--junit", output.junit.as_deref()),
        ("--json", output.json.as_deref()),
        ("--coverage", args.coverage.as_deref()),
        ("--record", args.record.as_deref()),
        ("--html", args.html.as_deref()),
    ] {
        if let Some(file) = file {
            writable_file(file).map_err(|e| {
                format!(
                    "{option} {}: {e}; choose a path in a writable directory",
                    file.display()
                )
            })?;
        }
    }
    let dir = &output.failures;
    writable_dir(dir).map_err(|e| {
        format!(
            "--failures {}: {e}; choose a writable directory",
            dir.display()
        )
    })
}

/// Whether `file` can be written: opened for writing (an existing file is not truncated), or
/// created and removed again.
fn writable_file(file: &Path) -> std::io::Result<()> {
    if file.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    let existed = file.exists();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(file)?;
    if !existed {
        std::fs::remove_file(file)?;
    }
    Ok(())
}

/// Whether files can be made in `dir`, or in the nearest existing folder above it (a directory
/// the run will create).
fn writable_dir(dir: &Path) -> std::io::Result<()> {
    let mut existing = dir;
    while !existing.exists() {
        existing = match existing.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
    }
    if !existing.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a directory",
            existing.display()
        )));
    }
    let probe = existing.join(format!(".vaultcheck-probe-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

/// Resolves when the process is asked to stop (SIGINT, SIGTERM).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub(super) fn run(args: RunArgs) -> Result<i32, String> {
    if args.list {
        return list(&args);
    }
    let seed = args
        .seed
        .unwrap_or_else(|| crate::protocol::time::now_millis() as u64 % 1_000_000);
    let destination = args.target.destination(seed)?;
    let mut units = runner::suite(args.cases_dir.path()).map_err(|e| e.to_string())?;
    if let Some(filter) = &args.filter {
        units.retain(|u| u.name().contains(filter.as_str()));
        if units.is_empty() {
            return Err(format!(
                "--filter `{filter}` matches no unit, so nothing would be tested; `vaultcheck run --list` shows the unit names"
            ));
        }
    }
    if args.cases == 0 && units.iter().any(|u| matches!(u, runner::Unit::Group(_))) {
        return Err("--cases 0 generates no case, so every property group would pass without sending a request; give --cases 1 or more (default 32), or --filter the fixed cases".into());
    }
    let live_credentials = match destination {
        Destination::Embedded { .. } => None,
        _ => Some(credentials(&args.credentials)?),
    };
    let proxy = args.proxy.proxy();
    preflight_reports(&args)?;
    let strictness = Strictness {
        fail_flaky: args.fail_flaky,
        fail_on_skip: args.fail_on_skip,
    };
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let progress = !args.output.no_progress && std::io::stderr().is_terminal();
    let started = Instant::now();
    let limits = Limits {
        timeout: args.target.timeout(),
        ..Limits::default()
    };
    let (runs, target_name, origin, scenario, reach) = runtime.block_on(async {
        let (mut setup, sim, name) = match &destination {
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
                let mut setup =
                    Setup::live_through(destination, credentials, seed, limits, &proxy)
                        .await
                        .map_err(|e| e.to_string())?;
                if setup.listener.is_none() {
                    setup.notify_url = args.target.notify_url.clone();
                }
                let mut name = crate::redact::url_credentials(setup.client.target.base_url());
                if setup.controls {
                    name.push_str(" (a vaultcheck mock: its controls are used)");
                }
                (setup, None, name)
            }
        };
        setup
            .override_cards(super::options::env_var)
            .map_err(|e| e.to_string())?;
        if let Some(rate) = args.target.rate_limit.filter(|r| *r > 0.0) {
            setup.min_interval = Some(Duration::from_secs_f64(1.0 / rate));
        }
        out::err(&format!(
            "vaultcheck run: {} units against {name} (seed {seed}, {} generated cases per group)",
            units.len(),
            args.cases
        ));
        if setup.antom_key.is_none() {
            out::err("notice: response signatures are NOT verified (no --antom-public-key or VAULTCHECK_ANTOM_PUBLIC_KEY): the signature checks cannot fail on this run");
        }
        let origin = repro::Origin::of(
            &setup,
            match &destination {
                Destination::Embedded { faults, .. } => Some(faults),
                _ => None,
            },
        );
        let setup = Arc::new(setup);
        let stopper = {
            let setup = setup.clone();
            tokio::spawn(async move {
                stop_requested().await;
                out::err("\nvaultcheck run: interrupted; no more requests, writing the reports");
                setup.stop.stop();
            })
        };
        let runs = runner::execute(
            setup.clone(),
            units,
            seed,
            args.cases,
            args.concurrency,
            |done, total, run| {
                if progress {
                    let width = 30;
                    let filled = done * width / total.max(1);
                    out::progress(&format!(
                        "[{}{}] {done}/{total} {:<50}",
                        "#".repeat(filled),
                        ".".repeat(width - filled),
                        run.title().chars().take(50).collect::<String>()
                    ));
                }
            },
        )
        .await;
        stopper.abort();
        if progress {
            out::err("");
        }
        drop(sim);
        let scenario = setup.watch.tripped().map(|e| e.to_string());
        let reach = crate::coverage::Reach {
            controls: setup.controls,
            notifications: setup.listener.is_some(),
            recorded: false,
        };
        Ok::<_, String>((runs, name, origin, scenario, reach))
    })?;
    let mut runs = runs;
    for run in &mut runs {
        args.warnings.apply(&mut run.findings);
    }
    let coverage = runner::coverage_of(&runs);
    let code = finish(
        &args.output,
        &runs,
        &CoverageOutput {
            coverage: &coverage,
            reach,
            file: args.coverage.as_deref(),
            min: args.coverage_min,
        },
        &target_name,
        &origin,
        seed,
        started.elapsed(),
        strictness,
    )?;
    write_record_and_html(
        &args,
        &runs,
        &target_name,
        seed,
        started.elapsed(),
        strictness,
    )?;
    if let Some(scenario) = scenario {
        return Err(scenario);
    }
    if runs.iter().all(|r| r.verdict() == Verdict::Skipped) {
        return Err("no unit ran: every unit was skipped (the reasons are in the table); on a live target set the VAULTCHECK_CARD_* variables the reasons name, point --target at a `vaultcheck mock`, or change --filter".into());
    }
    Ok(code)
}

/// The contract coverage of a run and what to do with it.
struct CoverageOutput<'a> {
    coverage: &'a crate::coverage::Coverage,
    reach: crate::coverage::Reach,
    /// `--coverage FILE`.
    file: Option<&'a Path>,
    /// `--coverage-min PCT`.
    min: Option<f64>,
}

#[allow(clippy::too_many_arguments)]
fn finish(
    output: &Output,
    runs: &[CaseRun],
    coverage: &CoverageOutput<'_>,
    target: &str,
    origin: &repro::Origin,
    seed: u64,
    elapsed: Duration,
    strictness: Strictness,
) -> Result<i32, String> {
    out::text(&report::summary_table(runs));
    let exchanges: usize = runs.iter().map(CaseRun::exchanges).sum();
    out::line(&format!(
        "{exchanges} exchanges in {:.2} s ({:.0} per second); seed {seed}",
        elapsed.as_secs_f64(),
        exchanges as f64 / elapsed.as_secs_f64().max(1e-9)
    ));
    let figures = coverage.coverage.figures(coverage.reach);
    out::line(&figures.line());
    let below = coverage.min.filter(|min| figures.percent() < *min);
    if let Some(min) = below {
        let missing = coverage.coverage.missing(coverage.reach);
        out::line(&format!(
            "contract coverage {:.1}% is below --coverage-min {min}; not covered ({}):\n{}",
            figures.percent(),
            missing.len(),
            indent(&missing.join("\n"))
        ));
    }
    if let Some(file) = coverage.file {
        let text = serde_json::to_string_pretty(&coverage.coverage.json(coverage.reach))
            .expect("a Value serializes");
        std::fs::write(file, text)
            .map_err(|e| format!("cannot write --coverage {}: {e}", file.display()))?;
    }
    let properties: Vec<(String, String)> = figures
        .json()
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (format!("coverage.{k}"), v.to_string()))
        .collect();
    let failures_dir: &Path = &output.failures;
    repro::clear(failures_dir)
        .map_err(|e| format!("--failures {}: {e}", failures_dir.display()))?;
    for run in runs.iter().filter(|r| r.verdict().fails(strictness)) {
        let text = match run.verdict() {
            Verdict::Flaky | Verdict::Skipped => run.note(),
            _ => run.failure_text(),
        };
        out::line(&format!(
            "\n{} {}: {}\n{}",
            run.title(),
            run.verdict().word(),
            run.description,
            indent(&text)
        ));
        if matches!(run.verdict(), Verdict::Failed) {
            match repro::save(failures_dir, run, origin) {
                Ok(dirs) => dirs.iter().for_each(|d| {
                    out::line(&format!(
                        "  saved: {} (replay: vaultcheck replay {})",
                        d.display(),
                        d.display()
                    ))
                }),
                Err(error) => out::err(&format!("vaultcheck run: {error}")),
            }
        }
    }
    if let Some(file) = &output.junit {
        std::fs::write(
            file,
            junit::render(runs, target, elapsed.as_secs_f64(), strictness, &properties),
        )
        .map_err(|e| format!("cannot write --junit {}: {e}", file.display()))?;
    }
    if let Some(file) = &output.json {
        let mut report = report::json_report(runs, target, seed, strictness);
        report["coverage"] = figures.json();
        let text = serde_json::to_string_pretty(&report).expect("a Value serializes");
        std::fs::write(file, text)
            .map_err(|e| format!("cannot write --json {}: {e}", file.display()))?;
    }
    Ok(if runs.iter().any(|r| r.verdict() == Verdict::Error) {
        CANNOT_RUN
    } else if runs.iter().any(|r| r.verdict().fails(strictness)) || below.is_some() {
        VIOLATIONS
    } else {
        OK
    })
}

/// `--record` and `--html`: the recording of every exchange and the page of the run.
fn write_record_and_html(
    args: &RunArgs,
    runs: &[CaseRun],
    target: &str,
    seed: u64,
    elapsed: Duration,
    strictness: Strictness,
) -> Result<(), String> {
    if let Some(file) = &args.record {
        let count = crate::report::record::write(runs, file)
            .map_err(|e| format!("cannot write --record {}: {e}", file.display()))?;
        out::line(&format!(
            "recorded {count} exchanges to {} (redacted; vaultcheck check --exchanges {} re-judges them)",
            file.display(),
            file.display()
        ));
    }
    if let Some(file) = &args.html {
        let facts = crate::report::html::RunFacts {
            target,
            seed,
            strictness,
            seconds: elapsed.as_secs_f64(),
        };
        std::fs::write(file, crate::report::html::run_page(runs, &facts))
            .map_err(|e| format!("cannot write --html {}: {e}", file.display()))?;
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
