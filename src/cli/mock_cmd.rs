//! `vaultcheck mock`: serve the simulator for offline development until stopped.

use super::{Args, OK, Spec};
use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::sim::{Fault, Simulator};
use std::path::Path;

const SPEC: Spec = Spec {
    values: &[
        "addr",
        "client-id",
        "merchant-public-key",
        "antom-private-key",
        "fault",
        "seed",
        "keys-dir",
    ],
    switches: &["notify-any-host"],
};

/// The client id the simulator knows when none is given.
pub const DEFAULT_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_MOCK";

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(args, &SPEC)?;
    let addr: std::net::SocketAddr = args
        .value("addr")
        .unwrap_or("127.0.0.1:8080")
        .parse()
        .map_err(|_| {
            format!(
                "--addr `{}` is not IP:PORT (for example 127.0.0.1:8080)",
                args.value("addr").unwrap_or("")
            )
        })?;
    let seed = match args.value("seed") {
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| format!("--seed `{text}` is not a whole number"))?,
        ),
        None => None,
    };
    let faults = Fault::parse_all(args.all("fault")).map_err(|e| e.to_string())?;
    let client_id = args
        .value("client-id")
        .unwrap_or(DEFAULT_CLIENT_ID)
        .to_owned();
    let keys_dir = Path::new(args.value("keys-dir").unwrap_or("vaultcheck-mock-keys"));
    let mut notes = Vec::new();

    let antom_key = match args.value("antom-private-key") {
        Some(file) => PrivateKey::from_file(Path::new(file)).map_err(|e| e.to_string())?,
        None => PrivateKey::generate(seed.map(|s| s ^ 0xA5A5)),
    };
    let merchant_key = match args.value("merchant-public-key") {
        Some(file) => PublicKey::from_file(Path::new(file)).map_err(|e| e.to_string())?,
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
        .notify_any_host(args.switch("notify-any-host"))
        .bind(addr);

    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let sim = builder
            .start()
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        println!("vaultcheck mock listening on {}", sim.base_url());
        println!("client id: {client_id}");
        println!("paths: /ams/api/v1/vaults/{{vaultPaymentMethod,inquireVaulting,createVaultingSession}} (and /ams/sandbox/api/...)");
        println!("antom public key (verifies every answer and notification): {}", antom_public.display());
        for note in &notes {
            println!("{note}");
        }
        if !faults.is_empty() {
            let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
            println!("faults on: {}", names.join(", "));
        }
        println!("{}", antom_key.public_key().to_pem().trim_end());
        println!("test cards (any other 12 to 19 digits vault at once):");
        for card in crate::contract::test_cards::TEST_CARDS {
            println!("  {} {}", card.number, card.behaviour.describe());
        }
        println!("press Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        sim.stop().await;
        Ok::<_, String>(())
    })?;
    Ok(OK)
}
