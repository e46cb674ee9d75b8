//! `vaultcheck keys generate --out DIR`: a test key pair in both formats the Antom dashboard and
//! SDKs use (PEM and bare base64). For tests and the simulator only.

use super::{OK, out};
use crate::protocol::keys::PrivateKey;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `vaultcheck keys`'s subcommands.
#[derive(Args, Debug)]
pub(super) struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Subcommand, Debug)]
pub(super) enum KeysCommand {
    /// Writes a 2048-bit RSA test key pair in PEM and bare base64 (for tests and the simulator)
    Generate(GenerateArgs),
}

/// `vaultcheck keys generate`'s options.
#[derive(Args, Debug)]
pub(super) struct GenerateArgs {
    /// The folder to write the key files into (created when missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Makes the pair deterministic (the same seed gives the same keys)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Overwrites key files that exist
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(args: KeysArgs) -> Result<i32, String> {
    let KeysCommand::Generate(args) = args.command;
    let dir = args.out.as_path();
    let seed = args.seed;
    let key = PrivateKey::generate(seed);
    let public = key.public_key();
    let files = [
        ("private-key.pem", key.to_pem_pkcs8()),
        ("private-key.pkcs1.pem", key.to_pem_pkcs1()),
        ("private-key.b64", key.to_base64_pkcs8() + "\n"),
        ("public-key.pem", public.to_pem()),
        ("public-key.b64", public.to_base64_spki() + "\n"),
    ];
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() && !args.force {
            return Err(format!(
                "{} exists; pass --force to overwrite it",
                path.display()
            ));
        }
    }
    for (name, content) in &files {
        let path = dir.join(name);
        if name.starts_with("private") {
            super::write_secret(&path, content)?;
        } else {
            std::fs::write(&path, content)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        out::line(&format!("wrote {}", path.display()));
    }
    out::line(
        "a 2048-bit RSA test pair: sign with private-key.*, verify with public-key.*; never use it in production",
    );
    Ok(OK)
}
