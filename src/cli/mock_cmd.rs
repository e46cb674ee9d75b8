//! `vaultcheck mock`: serve the simulator for offline development until stopped.

use super::{OK, out};
use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::sim::{Fault, Simulator};
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
    /// The merchant's public key that verifies requests (default: a generated pair, its
    /// private key written to --keys-dir)
    #[arg(long = "merchant-public-key", value_name = "FILE")]
    pub merchant_public_key: Option<PathBuf>,
    /// The key the simulator signs answers with, as Antom (default: generated)
    #[arg(long = "antom-private-key", value_name = "FILE")]
    pub antom_private_key: Option<PathBuf>,
    /// Switches on a fault for every request (repeatable)
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Makes generated keys and tokens deterministic
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Where generated keys are written
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

pub(super) fn run(args: MockArgs) -> Result<i32, String> {
    let addr = args.addr;
    let seed = args.seed;
    let faults =
        Fault::parse_all(args.faults.iter().map(String::as_str)).map_err(|e| e.to_string())?;
    let client_id = args.client_id.clone();
    let keys_dir: &Path = &args.keys_dir;
    let mut notes = Vec::new();

    let antom_key = match &args.antom_private_key {
        Some(file) => PrivateKey::from_file(file).map_err(|e| e.to_string())?,
        None => PrivateKey::generate(seed.map(|s| s ^ 0xA5A5)),
    };
    let merchant_key = match &args.merchant_public_key {
        Some(file) => PublicKey::from_file(file).map_err(|e| e.to_string())?,
        None => {
            let merchant = PrivateKey::generate(seed);
            std::fs::create_dir_all(keys_dir)
                .map_err(|e| format!("cannot create {}: {e}", keys_dir.display()))?;
            let path = keys_dir.join("merchant-private-key.pem");
            super::write_secret(&path, &merchant.to_pem_pkcs8())?;
            notes.push(format!(
                "merchant private key (sign your requests with it): {}",
                path.display()
            ));
            merchant.public_key()
        }
    };
    std::fs::create_dir_all(keys_dir)
        .map_err(|e| format!("cannot create {}: {e}", keys_dir.display()))?;
    let antom_public = keys_dir.join("antom-public-key.pem");
    std::fs::write(&antom_public, antom_key.public_key().to_pem())
        .map_err(|e| format!("cannot write {}: {e}", antom_public.display()))?;

    let builder = Simulator::builder()
        .client_id(client_id.clone())
        .merchant_public_key(merchant_key)
        .antom_key(antom_key.clone())
        .faults(faults.clone())
        .seed(seed.unwrap_or(0))
        .notify_any_host(args.notify_any_host)
        .bind(addr);

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
