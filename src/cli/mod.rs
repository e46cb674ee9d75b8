//! The command line. Exit codes everywhere: 0 conforming (or done), 1 violations found (or a
//! signature that does not verify), 2 the command could not run.

mod args;
mod bench_cmd;
mod bench_sim;
mod check_cmd;
mod keys_cmd;
mod mock_cmd;
mod replay_cmd;
mod run_cmd;
mod schemas_cmd;
mod sign_cmd;
mod verify_cmd;

pub use args::{Args, Spec};

/// Exit code: conforming, or done.
pub const OK: i32 = 0;
/// Exit code: the contract was broken (or a signature failed).
pub const VIOLATIONS: i32 = 1;
/// Exit code: the command could not run.
pub const CANNOT_RUN: i32 = 2;

const USAGE: &str = "\
vaultcheck: contract and conformance harness for Antom's Vault API

usage:
  vaultcheck run [--target mock|sandbox|URL] [--region na|sea|de] [--client-id ID] [--private-key F]
                 [--antom-public-key F] [--seed N] [--cases N] [--rate-limit R] [--junit F] [--json F]
                 [--failures DIR] [--fault NAME]... [--cases-dir DIR] [--filter TEXT] [--concurrency N]
  vaultcheck replay DIR|FILE [--client-id ID] [--private-key F] [--antom-public-key F]
  vaultcheck check --endpoint NAME --request FILE --response FILE [--response-headers FILE]
                   [--request-headers FILE] [--antom-public-key FILE] [--path PATH] [--status N]
                   [--format text|json]
  vaultcheck check --exchanges FILE.ndjson [--antom-public-key FILE] [--format text|json]
  vaultcheck check --list
  vaultcheck schemas [--write] [--dir DIR]
  vaultcheck sign --private-key FILE --client-id ID --path PATH --body FILE [--request-time T]
                  [--key-version N] [--content]
  vaultcheck verify --public-key FILE --path PATH --body FILE (--headers FILE | --client-id ID --time T --signature VALUE)
  vaultcheck keys generate --out DIR [--seed N]
  vaultcheck mock [--addr 127.0.0.1:PORT] [--client-id ID] [--merchant-public-key F] [--antom-private-key F]
                  [--fault NAME]... [--seed N] [--keys-dir DIR] [--notify-any-host]
  vaultcheck bench [--only crypto|judge|sim] [--seconds S]     (build with --release)

exit codes: 0 conforming, 1 violations found, 2 could not run
";

/// Runs the command line; returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return CANNOT_RUN;
    };
    let result = match command.as_str() {
        "check" => check_cmd::run(rest),
        "schemas" => schemas_cmd::run(rest),
        "sign" => sign_cmd::run(rest),
        "verify" => verify_cmd::run(rest),
        "keys" => keys_cmd::run(rest),
        "bench" => bench_cmd::run(rest),
        "mock" => mock_cmd::run(rest),
        "run" => run_cmd::run(rest),
        "replay" => replay_cmd::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return OK;
        }
        "--version" | "-V" => {
            println!("vaultcheck {}", env!("CARGO_PKG_VERSION"));
            return OK;
        }
        other => Err(format!(
            "unknown command `{other}`; run `vaultcheck --help`"
        )),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!(
                "vaultcheck {command}: error: {}",
                crate::redact::text(&message)
            );
            CANNOT_RUN
        }
    }
}

/// Writes key material readable by its owner only.
pub fn write_secret(path: &std::path::Path, content: &str) -> Result<(), String> {
    std::fs::write(path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot restrict {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Reads a file, naming it in the error.
pub fn read_file(path: &str, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {what} {path}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} {path}: {e}"))?;
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "{what} {path} is larger than {} MiB; Vault messages are a few KiB",
            MAX_INPUT >> 20
        ));
    }
    Ok(bytes)
}

/// Reads a file of HTTP header lines; returns the headers and the status of a leading
/// `HTTP/1.1 200 OK` line, if any.
pub fn read_header_file(
    path: &str,
    what: &str,
) -> Result<(crate::exchange::Headers, Option<u16>), String> {
    let text = String::from_utf8_lossy(&read_file(path, what)?).into_owned();
    let status = text
        .lines()
        .next()
        .and_then(|first| first.strip_prefix("HTTP/"))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok());
    let headers =
        crate::exchange::parse_header_lines(&text).map_err(|e| format!("{what} {path}: {e}"))?;
    Ok((headers, status))
}

/// The largest file (or NDJSON line) read as one message.
pub const MAX_INPUT: usize = 16 << 20;
