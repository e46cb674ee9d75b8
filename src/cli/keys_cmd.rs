//! `vaultcheck keys generate --out DIR`: a test key pair in both formats the Antom dashboard and
//! SDKs use (PEM and bare base64). For tests and the simulator only.

use super::{Args, OK, Spec};
use crate::protocol::keys::PrivateKey;
use std::path::Path;

pub fn run(args: &[String]) -> Result<i32, String> {
    let (sub, rest) = args
        .split_first()
        .ok_or("usage: vaultcheck keys generate --out DIR [--seed N]")?;
    if sub != "generate" {
        return Err(format!(
            "unknown keys command `{sub}`; use `vaultcheck keys generate --out DIR`"
        ));
    }
    let args = Args::parse(
        rest,
        &Spec {
            values: &["out", "seed"],
            switches: &["force"],
        },
    )?;
    let dir = Path::new(args.required("out")?);
    let seed = match args.value("seed") {
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| format!("--seed `{text}` is not a whole number"))?,
        ),
        None => None,
    };
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
        if path.exists() && !args.switch("force") {
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
        println!("wrote {}", path.display());
    }
    println!(
        "a 2048-bit RSA test pair: sign with private-key.*, verify with public-key.*; never use it in production"
    );
    Ok(OK)
}
