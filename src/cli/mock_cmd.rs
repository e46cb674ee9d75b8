//! `vaultcheck mock`: serve the simulator for offline development until stopped.

use super::{OK, out};
use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::sim::key_files::{self, Origin};
use crate::sim::{Fault, ForcedResult, LogSink, Simulator};
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The client id the simulator knows when none is given.
pub(super) const DEFAULT_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_MOCK";

/// `vaultcheck mock`'s options.
#[derive(Args, Debug)]
pub(super) struct MockArgs {
    /// The address to listen on (port 0: a free port)
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The merchant client id the simulator knows
    #[arg(long = "client-id", value_name = "ID", default_value = DEFAULT_CLIENT_ID)]
    pub client_id: String,
    /// The merchant's public key that verifies requests (default: the pair in --keys-dir,
    /// made there when missing)
    #[arg(long = "merchant-public-key", value_name = "FILE")]
    pub merchant_public_key: Option<PathBuf>,
    /// The key the simulator signs answers with, as Antom (default: the one in --keys-dir,
    /// made there when missing)
    #[arg(long = "antom-private-key", value_name = "FILE")]
    pub antom_private_key: Option<PathBuf>,
    /// Switches on a fault for every request (repeatable)
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Every call of OPERATION answers CODE, a code of its result-code table or the gateway
    /// table (repeatable; e.g. inquireVaulting=UNKNOWN_EXCEPTION)
    #[arg(long = "force", value_name = "OPERATION=CODE")]
    pub force: Vec<String>,
    /// Answers REQUEST_TRAFFIC_EXCEED_LIMIT beyond N requests per second (default: no limit)
    #[arg(long = "rate-limit", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Refuses an ISO 8601 Request-Time, a signature that is not URL-encoded and a SANDBOX_
    /// client id on the /ams/api path, as a strict sandbox may
    #[arg(long)]
    pub strict: bool,
    /// Also logs the text it expected to be signed when it refuses a signature
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Makes keys it has to make, and tokens, deterministic
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Where its keys are kept: reused when there, made and written when not
    #[arg(
        long = "keys-dir",
        value_name = "DIR",
        default_value = "vaultcheck-mock-keys"
    )]
    pub keys_dir: PathBuf,
    /// Sends notifications to any host (default: loopback hosts only)
    #[arg(long = "notify-any-host")]
    pub notify_any_host: bool,
}

/// Where a key came from, for the start banner.
fn said(origin: Origin) -> &'static str {
    match origin {
        Origin::Reused => "reused",
        Origin::Made => "made new",
    }
}

pub(super) fn run(args: MockArgs) -> Result<i32, String> {
    let addr = args.addr;
    let seed = args.seed;
    let faults =
        Fault::parse_all(args.faults.iter().map(String::as_str)).map_err(|e| e.to_string())?;
    let forced = args
        .force
        .iter()
        .map(|spec| ForcedResult::parse(spec).map_err(|e| format!("--force: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let client_id = args.client_id.clone();
    let keys_dir: &Path = &args.keys_dir;
    let mut notes = Vec::new();

    let antom_key = match &args.antom_private_key {
        Some(file) => {
            let key = PrivateKey::from_file(file).map_err(|e| e.to_string())?;
            key_files::write_public(keys_dir, key_files::ANTOM_PUBLIC, &key.public_key())
                .map_err(|e| e.to_string())?;
            key
        }
        None => {
            let kept = key_files::private_key(
                keys_dir,
                key_files::ANTOM_PRIVATE,
                key_files::ANTOM_PUBLIC,
                seed.map(|s| s ^ 0xA5A5),
            )
            .map_err(|e| e.to_string())?;
            notes.push(format!(
                "antom private key ({}): {}",
                said(kept.origin),
                kept.path.display()
            ));
            kept.key
        }
    };
    let antom_public = keys_dir.join(key_files::ANTOM_PUBLIC);
    let merchant_key = match &args.merchant_public_key {
        Some(file) => PublicKey::from_file(file).map_err(|e| e.to_string())?,
        None => {
            let kept = key_files::private_key(
                keys_dir,
                key_files::MERCHANT_PRIVATE,
                key_files::MERCHANT_PUBLIC,
                seed,
            )
            .map_err(|e| e.to_string())?;
            notes.push(format!(
                "merchant private key ({}; sign your requests with it): {}",
                said(kept.origin),
                kept.path.display()
            ));
            kept.key.public_key()
        }
    };

    let mut builder = Simulator::builder()
        .client_id(client_id.clone())
        .merchant_public_key(merchant_key)
        .antom_key(antom_key.clone())
        .faults(faults.clone())
        .seed(seed.unwrap_or(0))
        .notify_any_host(args.notify_any_host)
        .strict(args.strict)
        .log(LogSink::new(out::err))
        .log_signed_text(args.verbose)
        .bind(addr);
    for one in &forced {
        builder = builder.forced(*one);
    }
    if let Some(limit) = args.rate_limit {
        builder = builder.rate_limit(limit);
    }
    let strict = args.strict;
    let rate_limit = args.rate_limit;

    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let sim = builder
            .start()
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}; pick another with --addr IP:PORT"))?;
        out::line(&format!("vaultcheck mock listening on {}", sim.base_url()));
        out::line(&format!("client id: {client_id}"));
        out::line("paths: /ams/api/v1/vaults/{vaultPaymentMethod,inquireVaulting,createVaultingSession} (and /ams/sandbox/api/...)");
        out::line(&format!("antom public key (verifies every answer and notification): {}", antom_public.display()));
        for note in &notes {
            out::line(note);
        }
        if !faults.is_empty() {
            let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
            out::line(&format!("faults on: {}", names.join(", ")));
        }
        if !forced.is_empty() {
            let shown: Vec<String> = forced.iter().map(ToString::to_string).collect();
            out::line(&format!("forced results: {}", shown.join(", ")));
        }
        if let Some(limit) = rate_limit {
            out::line(&format!("rate limit: {limit} requests per second, then REQUEST_TRAFFIC_EXCEED_LIMIT"));
        }
        if strict {
            out::line("strict: ISO 8601 Request-Time, signatures not URL-encoded and SANDBOX_ clients on /ams/api are refused");
        }
        out::line("control: GET /sim/health, GET /sim/requests, POST /sim/reset, GET /sim/codes; one line per request on stderr");
        out::public_key(&antom_key.public_key());
        out::line("test cards (any other 12 to 19 digits vault at once):");
        for card in crate::contract::test_cards::TEST_CARDS {
            out::test_card(card);
        }
        out::line("press Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        sim.stop().await;
        Ok::<_, String>(())
    })?;
    Ok(OK)
}
