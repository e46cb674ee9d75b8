//! `vaultcheck schemas`: the contract's JSON Schemas, which are built into the binary. Shows
//! drift between a folder of schema files and the contract, rewrites the folder, prints one
//! schema, or writes the whole contract as one OpenAPI 3.1 document (`--openapi`); outside the
//! repository (no `schemas/` here) it says what it holds and how to write it.

use super::{OK, VIOLATIONS, out};
use clap::Args;
use std::path::{Path, PathBuf};

/// The folder `schemas` reads and writes when `--dir` is not given.
const DEFAULT_DIR: &str = "schemas";

/// `vaultcheck schemas`'s options.
#[derive(Args, Debug)]
#[command(after_help = "\
The schemas are derived from the contract built into vaultcheck; they need no files. Without
--dir and outside the repository (no ./schemas folder), the command lists them and says how to
write or print them. `--openapi [FILE]` writes the whole contract as one OpenAPI 3.1 document
(see the README for Prism and Schemathesis).")]
pub(super) struct SchemasArgs {
    /// Writes every schema into the folder (creating it) instead of comparing
    #[arg(long)]
    pub write: bool,
    /// The folder of schema files
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
    /// Prints one schema (a file name such as inquire-vaulting.response.json) on stdout
    #[arg(long, value_name = "FILE", conflicts_with = "write")]
    pub print: Option<String>,
    /// Writes the contract as one OpenAPI 3.1 document to FILE (or stdout without FILE or
    /// with `-`), for Prism, Schemathesis and code generators
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        default_missing_value = "-",
        conflicts_with_all = ["write", "print"]
    )]
    pub openapi: Option<PathBuf>,
}

pub(super) fn run(args: SchemasArgs) -> Result<i32, String> {
    if let Some(file) = &args.openapi {
        let text = crate::openapi::rendered();
        if file == Path::new("-") {
            out::text(&text);
        } else {
            std::fs::write(file, text).map_err(|e| {
                format!(
                    "cannot write the OpenAPI document to {}: {e}",
                    file.display()
                )
            })?;
            out::line(&format!("wrote {}", file.display()));
        }
        return Ok(OK);
    }
    let schemas = crate::published::expected_files();
    if let Some(name) = &args.print {
        let Some((_, text)) = schemas.iter().find(|(file, _)| file == name) else {
            let names: Vec<&str> = schemas.iter().map(|(f, _)| f.as_str()).collect();
            return Err(format!(
                "--print `{name}` is not a schema; the schemas are {}",
                names.join(", ")
            ));
        };
        out::text(text);
        return Ok(OK);
    }
    let dir: &Path = &args.dir;
    if args.write {
        let written = crate::published::write_dir(dir)
            .map_err(|e| format!("cannot write schemas into {}: {e}", dir.display()))?;
        for path in written {
            out::line(&format!("wrote {}", path.display()));
        }
        return Ok(OK);
    }
    if !dir.exists() {
        if dir == Path::new(DEFAULT_DIR) {
            out::line(&format!(
                "no {DEFAULT_DIR}/ folder here to compare; the contract's {} schemas are built in:",
                schemas.len()
            ));
            for (name, _) in &schemas {
                out::line(&format!("  {name}"));
            }
            out::line(
                "write them with `vaultcheck schemas --write --dir DIR`, print one with `vaultcheck schemas --print FILE`",
            );
            return Ok(OK);
        }
        return Err(format!(
            "--dir {} does not exist; `vaultcheck schemas --write --dir {}` writes the schemas there",
            dir.display(),
            dir.display()
        ));
    }
    let drift = crate::published::check_dir(dir);
    if drift.is_empty() {
        out::line(&format!("schemas in {} match the contract", dir.display()));
        return Ok(OK);
    }
    for d in &drift {
        let state = if d.missing {
            "missing"
        } else {
            "differs from the contract"
        };
        out::line(&format!("{}: {state}", d.path.display()));
    }
    out::line(&format!(
        "run `vaultcheck schemas --write --dir {}` to regenerate them",
        dir.display()
    ));
    Ok(VIOLATIONS)
}
