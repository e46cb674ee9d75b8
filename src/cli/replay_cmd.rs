//! `vaultcheck replay DIR|FILE`: re-sends saved failures (directories written by `vaultcheck
//! run`, or their `meta.json`) with a fresh signature and judges the answers again.

use super::options::Credentials;
use super::{CANNOT_RUN, OK, VIOLATIONS, out};
use crate::check::{self, Step};
use crate::contract::Endpoint;
use crate::report::render;
use crate::report::repro::Meta;
use crate::runner::{Destination, Setup, engine};
use crate::sim::Fault;
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
    /// Credentials for failures of a live target (the client id defaults to the saved one)
    #[command(flatten)]
    pub credentials: Credentials,
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
            "{} holds no saved failure (no meta.json)",
            path.display()
        ));
    }
    Ok(dirs)
}

fn read_meta(dir: &Path) -> Result<(Meta, Vec<u8>), String> {
    let meta_path = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta_path)
        .map_err(|e| format!("cannot read {}: {e}", meta_path.display()))?;
    let meta: Meta = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a vaultcheck meta.json: {e}", meta_path.display()))?;
    let body = std::fs::read(dir.join("request.json"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("request.json").display()))?;
    Ok((meta, body))
}

pub(super) fn run(args: ReplayArgs) -> Result<i32, String> {
    let path = &args.path;
    let dirs = failure_dirs(path)?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let mut worst = OK;
    for dir in dirs {
        let (meta, body) = read_meta(&dir)?;
        let endpoint = Endpoint::parse(&meta.endpoint)
            .ok_or_else(|| format!("{}: unknown endpoint {}", dir.display(), meta.endpoint))?;
        let findings = runtime.block_on(async {
            let (setup, _sim) = match &meta.origin.embedded_faults {
                Some(names) => {
                    let faults = Fault::parse_all(names.iter().map(String::as_str))
                        .map_err(|e| e.to_string())?;
                    out::line(&format!(
                        "{}: replaying against a fresh embedded simulator (faults: {}), after the case's {} earlier requests",
                        dir.display(),
                        if names.is_empty() { "none".to_owned() } else { names.join(", ") },
                        meta.before.len()
                    ));
                    let (setup, sim) = Setup::embedded(&faults, 0, Limits::default())
                        .await
                        .map_err(|e| e.to_string())?;
                    (setup, Some(sim))
                }
                None => {
                    let client_id = args.credentials.client_id.client_id.clone().unwrap_or_else(|| meta.origin.client_id.clone());
                    let private_key = args.credentials.merchant_key.required()?;
                    let antom_public_key = args.credentials.antom_key.read()?;
                    let credentials = crate::runner::Credentials { client_id, private_key, antom_public_key };
                    let setup = Setup::live(&Destination::Url(meta.origin.base_url.clone()), credentials, 0, Limits::default())
                        .await
                        .map_err(|e| e.to_string())?;
                    (setup, None)
                }
            };
            // Rebuild the state the exchange met: the case's earlier requests go first.
            for earlier in &meta.before {
                let earlier_endpoint = Endpoint::parse(&earlier.endpoint)
                    .ok_or_else(|| format!("{}: unknown endpoint {}", dir.display(), earlier.endpoint))?;
                let earlier_body = std::fs::read(dir.join(&earlier.file))
                    .map_err(|e| format!("cannot read {}: {e}", dir.join(&earlier.file).display()))?;
                let request = engine::outgoing(&setup, earlier_endpoint, &earlier_body, earlier.intent, Some(&earlier.method));
                setup.client.target.send(earlier_endpoint, &request).await.map_err(|e| e.to_string())?;
            }
            let mut request = engine::outgoing(&setup, endpoint, &body, meta.intent, Some(&meta.method));
            request.path = meta.path.clone();
            let exchange = setup.client.target.send(endpoint, &request).await.map_err(|e| e.to_string())?;
            Ok::<_, String>(check::judge_step(&Step { exchange, intent: meta.intent }, setup.antom_key.as_ref()))
        });
        match findings {
            Ok(findings) => {
                out::text(&render::text(
                    &format!("{} ({})", meta.case, dir.display()),
                    &findings,
                ));
                if check::has_violation(&findings) {
                    worst = worst.max(VIOLATIONS);
                }
            }
            Err(error) => {
                out::err(&format!("vaultcheck replay: {}: {error}", dir.display()));
                worst = CANNOT_RUN;
            }
        }
    }
    Ok(worst)
}
