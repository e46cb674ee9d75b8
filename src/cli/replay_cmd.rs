//! `vaultcheck replay DIR|FILE`: re-sends saved failures (directories written by `vaultcheck
//! run`, or their `meta.json`): the case's own earlier requests first, then the saved one, each
//! with its secrets put back (named cards from the card table or `VAULTCHECK_CARD_<NAME>`,
//! other values made from their saved shape) and a fresh signature. It judges the answer again
//! (on its own, and with the case's earlier exchanges for the stateful checks),
//! writes it redacted beside the saved one (`replayed.json`, `replayed.headers`), says which
//! steps of the case it cannot repeat (a 3DS approval), and closes with a summary.

use super::options::{Credentials, ProxyOption};
use super::{CANNOT_RUN, OK, VIOLATIONS, out};
use crate::check::{self, Finding, Step};
use crate::contract::Endpoint;
use crate::report::render;
use crate::report::repro::{self, CardTable, Meta};
use crate::runner::{Destination, Setup, intent};
use crate::sim::{Fault, Simulator};
use crate::transport::Limits;
use clap::Args;
use std::path::{Path, PathBuf};

/// `vaultcheck replay`'s options.
#[derive(Args, Debug)]
pub(super) struct ReplayArgs {
    /// A failure directory written by `vaultcheck run` (or its meta.json), or the whole
    /// failures directory
    #[arg(value_name = "DIR|FILE")]
    pub path: PathBuf,
    /// Where to replay: `mock` (a fresh embedded simulator with the run's faults) or a base URL
    /// (a `vaultcheck mock`, Antom's sandbox host); default: where the run sent it
    #[arg(long, value_name = "mock|URL", env = "VAULTCHECK_BASE_URL")]
    pub target: Option<String>,
    /// Credentials for a live target (the client id defaults to the saved one)
    #[command(flatten)]
    pub credentials: Credentials,
    #[command(flatten)]
    pub proxy: ProxyOption,
}

/// The failure directories under `path` (itself, or each child holding a `meta.json`).
fn failure_dirs(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.parent().unwrap_or(Path::new(".")).to_path_buf()]);
    }
    if path.join("meta.json").is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("meta.json").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(format!(
            "{} holds no saved failure (no meta.json); give a folder written by `vaultcheck run --failures`",
            path.display()
        ));
    }
    Ok(dirs)
}

fn read_meta(dir: &Path) -> Result<Meta, String> {
    let meta_path = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta_path)
        .map_err(|e| format!("cannot read {}: {e}", meta_path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a vaultcheck meta.json ({}); replay folders written by `vaultcheck run`",
            meta_path.display(),
            out::serde_problem(&e)
        )
    })
}

/// Where one replay goes.
enum Where {
    Embedded(Vec<Fault>),
    Url(String),
}

fn destination(args: &ReplayArgs, meta: &Meta) -> Result<Where, String> {
    let faults = || match &meta.origin.embedded_faults {
        Some(names) => {
            Fault::parse_all(names.iter().map(String::as_str)).map_err(|e| e.to_string())
        }
        None => Ok(Vec::new()),
    };
    match args.target.as_deref().map(str::trim) {
        Some("mock" | "embedded") => Ok(Where::Embedded(faults()?)),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Ok(Where::Url(url.trim_end_matches('/').to_owned()))
        }
        Some(other) => Err(format!(
            "--target `{other}` is not mock or an http(s) base URL"
        )),
        None if meta.origin.is_embedded() => Ok(Where::Embedded(faults()?)),
        None => Ok(Where::Url(meta.origin.base_url.clone())),
    }
}

/// A saved request with its secrets put back.
fn request_body(dir: &Path, file: &str, meta: &Meta, cards: &CardTable) -> Result<Vec<u8>, String> {
    let path = dir.join(file);
    let saved = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    repro::put_back(file, &saved, &meta.placeholders, cards).map_err(|e| e.to_string())
}

/// What became of one saved failure.
enum Outcome {
    Reproduced,
    Conforms,
    CouldNotRun,
}

async fn replay_one(args: &ReplayArgs, dir: &Path, meta: &Meta) -> Result<Vec<Finding>, String> {
    let endpoint = Endpoint::parse(&meta.endpoint)
        .ok_or_else(|| format!("{}: unknown endpoint {}", dir.display(), meta.endpoint))?;
    let target = destination(args, meta)?;
    let (setup, _sim): (Setup, Option<Simulator>) = match &target {
        Where::Embedded(faults) => {
            let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
            out::line(&format!(
                "{}: replaying against a fresh embedded simulator (faults: {}), after the case's {} earlier request(s)",
                dir.display(),
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                },
                meta.before.len()
            ));
            let (setup, sim) = Setup::embedded(faults, 0, Limits::default())
                .await
                .map_err(|e| e.to_string())?;
            (setup, Some(sim))
        }
        Where::Url(url) => {
            out::line(&format!(
                "{}: replaying against {}, after the case's {} earlier request(s)",
                dir.display(),
                crate::redact::url_credentials(url),
                meta.before.len()
            ));
            let client_id = args
                .credentials
                .client_id
                .client_id
                .clone()
                .unwrap_or_else(|| meta.origin.client_id.clone());
            let private_key = args
                .credentials
                .merchant_key
                .required()
                .map_err(|e| format!("{e} (a live target signs every request)"))?;
            let antom_public_key = args.credentials.antom_key.read()?;
            let credentials = crate::runner::Credentials {
                client_id,
                private_key,
                antom_public_key,
            };
            let setup = Setup::live_through(
                &Destination::Url(url.clone()),
                credentials,
                0,
                Limits::default(),
                &args.proxy.proxy(),
            )
            .await
            .map_err(|e| e.to_string())?;
            (setup, None)
        }
    };
    for step in &meta.unreplayable {
        out::line(&format!("  cannot replay: {step}"));
    }
    let cards = crate::runner::setup::cards_from(
        matches!(target, Where::Embedded(_)),
        super::options::env_var,
    )
    .map_err(|e| e.to_string())?;
    // Rebuild the state the exchange met: the case's earlier requests go first.
    let mut history = crate::check::History {
        antom_key: setup.antom_key.clone(),
        ..Default::default()
    };
    for earlier in &meta.before {
        let earlier_endpoint = Endpoint::parse(&earlier.endpoint)
            .ok_or_else(|| format!("{}: unknown endpoint {}", dir.display(), earlier.endpoint))?;
        let body = request_body(dir, &earlier.file, meta, &cards)?;
        let request = intent::outgoing(
            &setup,
            earlier_endpoint,
            &body,
            earlier.intent,
            Some(&earlier.method),
        );
        let exchange = setup
            .client
            .target
            .send(earlier_endpoint, &request)
            .await
            .map_err(|e| e.to_string())?;
        history.steps.push(Step {
            exchange,
            intent: earlier.intent,
        });
    }
    let body = request_body(dir, "request.json", meta, &cards)?;
    let mut request = intent::outgoing(&setup, endpoint, &body, meta.intent, Some(&meta.method));
    // The saved path, unless the target is another kind (a sandbox path to a simulator).
    if matches!(target, Where::Url(_)) && args.target.is_none() {
        request.path = meta.path.clone();
    }
    let exchange = setup
        .client
        .target
        .send(endpoint, &request)
        .await
        .map_err(|e| e.to_string())?;
    let answer = dir.join("replayed.json");
    std::fs::write(&answer, repro::redacted_body(&exchange.response.body))
        .map_err(|e| format!("cannot write {}: {e}", answer.display()))?;
    let headers = dir.join("replayed.headers");
    std::fs::write(
        &headers,
        repro::redacted_headers(exchange.response.headers.as_deref()),
    )
    .map_err(|e| format!("cannot write {}: {e}", headers.display()))?;
    // The saved exchange on its own, and the case's requests together (the stateful checks).
    let step = Step {
        exchange,
        intent: meta.intent,
    };
    let mut findings = check::judge_step(&step, setup.antom_key.as_ref());
    history.steps.push(step);
    findings.extend(check::judge_history(&history));
    Ok(findings)
}

pub(super) fn run(args: ReplayArgs) -> Result<i32, String> {
    let dirs = failure_dirs(&args.path)?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let mut outcomes = Vec::new();
    for dir in dirs {
        let result = read_meta(&dir).and_then(|meta| {
            runtime
                .block_on(replay_one(&args, &dir, &meta))
                .map(|f| (meta, f))
        });
        let outcome = match result {
            Ok((meta, findings)) => {
                out::text(&render::text(
                    &format!("{} ({})", meta.case, dir.display()),
                    &findings,
                ));
                out::line(&format!(
                    "  answer (redacted) in {}",
                    dir.join("replayed.json").display()
                ));
                if check::has_violation(&findings) {
                    Outcome::Reproduced
                } else {
                    Outcome::Conforms
                }
            }
            Err(error) => {
                out::err(&format!("vaultcheck replay: {}: {error}", dir.display()));
                Outcome::CouldNotRun
            }
        };
        outcomes.push(outcome);
    }
    let count = |wanted: fn(&Outcome) -> bool| outcomes.iter().filter(|o| wanted(o)).count();
    let reproduced = count(|o| matches!(o, Outcome::Reproduced));
    let conforms = count(|o| matches!(o, Outcome::Conforms));
    let errors = count(|o| matches!(o, Outcome::CouldNotRun));
    out::line(&format!(
        "replayed {} saved failure(s): {reproduced} still violate the contract, {conforms} conform now, {errors} could not be replayed",
        outcomes.len()
    ));
    Ok(if errors > 0 {
        CANNOT_RUN
    } else if reproduced > 0 {
        VIOLATIONS
    } else {
        OK
    })
}
