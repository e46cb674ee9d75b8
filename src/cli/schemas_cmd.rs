//! `vaultcheck schemas`: show drift between `schemas/` and the contract, or rewrite the files.

use super::{Args, CANNOT_RUN, OK, Spec, VIOLATIONS};
use std::path::Path;

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(
        args,
        &Spec {
            values: &["dir"],
            switches: &["write"],
        },
    )?;
    let dir = Path::new(args.value("dir").unwrap_or("schemas"));
    if args.switch("write") {
        let written = crate::schema::write_dir(dir)
            .map_err(|e| format!("cannot write schemas into {}: {e}", dir.display()))?;
        for path in written {
            println!("wrote {}", path.display());
        }
        return Ok(OK);
    }
    let drift = crate::schema::check_dir(dir);
    if drift.is_empty() {
        println!("schemas in {} match the contract", dir.display());
        return Ok(OK);
    }
    for d in &drift {
        let state = if d.missing {
            "missing"
        } else {
            "differs from the contract"
        };
        println!("{}: {state}", d.path.display());
    }
    println!(
        "run `vaultcheck schemas --write` (or `cargo run -- schemas --write`) to regenerate them"
    );
    Ok(if drift.iter().all(|d| d.missing) && !dir.exists() {
        CANNOT_RUN
    } else {
        VIOLATIONS
    })
}
