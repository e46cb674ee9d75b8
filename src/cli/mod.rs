//! The command line, on clap. Exit codes everywhere: 0 conforming (or done), 1 violations found
//! (or a signature that does not verify), 2 the command could not run (a usage error included).
//! Every line it prints goes through `out`, the redacting sink.

mod bench_cmd;
mod bench_sim;
mod check_cmd;
mod drift_cmd;
mod keys_cmd;
mod mock_cmd;
mod notify_cmd;
mod options;
mod out;
mod proxy_cmd;
mod replay_cmd;
mod run_cmd;
mod schemas_cmd;
mod sign_cmd;
mod verify_cmd;

use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;

/// Exit code: conforming, or done.
pub const OK: i32 = 0;
/// Exit code: the contract was broken (or a signature failed).
pub const VIOLATIONS: i32 = 1;
/// Exit code: the command could not run.
pub const CANNOT_RUN: i32 = 2;

const EXIT_CODES: &str = "Exit codes: 0 conforming (or done), 1 violations found (or a signature that does not verify), 2 could not run (unreadable file, bad key, unreachable target, unknown argument).";

/// Contract and conformance harness for Antom's (Alipay AMS) Vault API.
#[derive(Parser, Debug)]
#[command(
    name = "vaultcheck",
    version,
    arg_required_else_help = true,
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand, Debug)]
enum Commands {
    /// Runs the suite (fixed cases, flows, generated cases) against the embedded simulator, a
    /// URL or Antom's sandbox
    Run(run_cmd::RunArgs),
    /// Re-sends failures saved by `run`, freshly signed, and judges the answers again
    Replay(replay_cmd::ReplayArgs),
    /// Judges recorded traffic: one exchange from files, or many from NDJSON
    Check(check_cmd::CheckArgs),
    /// Shows drift between a schemas folder and the contract, writes or prints the schemas
    Schemas(schemas_cmd::SchemasArgs),
    /// Prints the Signature header value for a request
    Sign(sign_cmd::SignArgs),
    /// Verifies a response's (or notification's) signature
    Verify(verify_cmd::VerifyArgs),
    /// Test keys
    Keys(keys_cmd::KeysArgs),
    /// Serves the simulator on a local port until stopped
    Mock(mock_cmd::MockArgs),
    /// Prints throughput and latency figures (build with --release)
    Bench(bench_cmd::BenchArgs),
    /// Forwards an integration's traffic to the sandbox unchanged and judges every exchange
    Proxy(proxy_cmd::ProxyArgs),
    /// Runs the same cases on the embedded simulator and on a target and reports where their
    /// answers differ in shape
    Drift(drift_cmd::DriftArgs),
    /// Plays Antom towards a merchant's notification receiver: sends genuine, repeated and
    /// forged notifyVaulting requests and judges how it answers
    Notify(notify_cmd::NotifyArgs),
    /// Prints a shell completion script
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

impl Commands {
    fn name(&self) -> &'static str {
        match self {
            Commands::Run(_) => "run",
            Commands::Replay(_) => "replay",
            Commands::Check(_) => "check",
            Commands::Schemas(_) => "schemas",
            Commands::Sign(_) => "sign",
            Commands::Verify(_) => "verify",
            Commands::Keys(_) => "keys",
            Commands::Mock(_) => "mock",
            Commands::Bench(_) => "bench",
            Commands::Proxy(_) => "proxy",
            Commands::Drift(_) => "drift",
            Commands::Notify(_) => "notify",
            Commands::Completions { .. } => "completions",
        }
    }

    fn run(self) -> Result<i32, String> {
        match self {
            Commands::Run(args) => run_cmd::run(args),
            Commands::Replay(args) => replay_cmd::run(args),
            Commands::Check(args) => check_cmd::run(args),
            Commands::Schemas(args) => schemas_cmd::run(args),
            Commands::Sign(args) => sign_cmd::run(args),
            Commands::Verify(args) => verify_cmd::run(args),
            Commands::Keys(args) => keys_cmd::run(args),
            Commands::Mock(args) => mock_cmd::run(args),
            Commands::Bench(args) => bench_cmd::run(args),
            Commands::Proxy(args) => proxy_cmd::run(args),
            Commands::Drift(args) => drift_cmd::run(args),
            Commands::Notify(args) => notify_cmd::run(args),
            Commands::Completions { shell } => {
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut command(), "vaultcheck", &mut script);
                out::text(&String::from_utf8_lossy(&script));
                Ok(OK)
            }
        }
    }
}

/// The command line's definition (for tests that compare it with the README, and for
/// completions).
#[doc(hidden)]
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs the command line on the process's arguments; returns the exit code.
pub fn main() -> i32 {
    main_with(std::env::args_os())
}

/// Runs the command line on `args` (the program name first); returns the exit code.
pub fn main_with(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let text = error.render().to_string();
            if error.use_stderr() {
                out::err(text.trim_end());
            } else {
                out::text(&text);
            }
            return error.exit_code();
        }
    };
    let name = cli.command.name();
    match cli.command.run() {
        Ok(code) => code,
        Err(message) => {
            out::err(&format!("vaultcheck {name}: error: {message}"));
            CANNOT_RUN
        }
    }
}

/// Writes key material readable by its owner only.
pub(crate) fn write_secret(path: &std::path::Path, content: &str) -> Result<(), String> {
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
pub(crate) fn read_file(path: &std::path::Path, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "{what} {shown} is larger than {} MiB; Vault messages are a few KiB",
            MAX_INPUT >> 20
        ));
    }
    Ok(bytes)
}

/// Reads a file of HTTP header lines; returns the headers and the status of a leading
/// `HTTP/1.1 200 OK` line, if any.
pub(crate) fn read_header_file(
    path: &std::path::Path,
    what: &str,
) -> Result<(crate::exchange::Headers, Option<u16>), String> {
    let text = String::from_utf8_lossy(&read_file(path, what)?).into_owned();
    let status = text
        .lines()
        .next()
        .and_then(|first| first.strip_prefix("HTTP/"))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok());
    let headers = crate::exchange::parse_header_lines(&text)
        .map_err(|e| format!("{what} {}: {e}", path.display()))?;
    Ok((headers, status))
}

/// The largest file (or NDJSON line) read as one message.
pub const MAX_INPUT: usize = 16 << 20;
