//! `vaultcheck notify`: plays Antom towards a merchant's notification receiver and judges its
//! answers (the work is `crate::notify`'s); prints the answers and the findings by rule, writes
//! `--json` and `--junit` (also when it cannot run).

use super::options::ExchangeTimeout;
use super::{OK, VIOLATIONS, out};
use crate::notify::{ReceiverReport, ReceiverTest};
use crate::protocol::keys::PrivateKey;
use crate::transport::TargetError;
use clap::Args;
use std::path::{Path, PathBuf};

/// The variable that holds Antom's private key for `notify` (the key itself, or a path to it).
const ANTOM_PRIVATE_KEY_VAR: &str = "VAULTCHECK_ANTOM_PRIVATE_KEY";

/// `vaultcheck notify`'s options.
#[derive(Args, Debug)]
#[command(after_help = "\
Sends, signed as Antom over the receiver's own path: a genuine S notification (with
paymentMethodDetail), the same notification again, a genuine F notification, one with an
altered signature, one with a tampered body, one without a Signature header, and some signed
over another path. Each genuine one must get HTTP 200 with result resultStatus S, resultCode
SUCCESS; no forged one may be acknowledged as SUCCESS (refusing in any way will do). The
receiver verifies with the public half of --antom-private-key (`vaultcheck keys` makes a pair).

Exit codes: 0 the receiver conforms, 1 rules broken (listed by rule), 2 it could not run.

Examples:
  vaultcheck notify --to http://127.0.0.1:3000/antom/notify --antom-private-key antom.pem
  VAULTCHECK_ANTOM_PRIVATE_KEY=\"$(cat antom.pem)\" vaultcheck notify --to https://staging.example/notify --junit notify.xml")]
pub(super) struct NotifyArgs {
    /// The receiver's URL (its path and query are what notifications are signed over)
    #[arg(long, value_name = "URL", env = "VAULTCHECK_NOTIFY_TO")]
    pub to: String,
    /// Antom's private key file, PEM or bare base64, that signs the notifications (the variable
    /// may hold the key itself or a path); the receiver verifies with its public half
    #[arg(
        long = "antom-private-key",
        value_name = "FILE",
        env = ANTOM_PRIVATE_KEY_VAR,
        hide_env_values = true
    )]
    pub antom_private_key: String,
    /// The client id the notifications carry
    #[arg(
        long = "client-id",
        value_name = "ID",
        env = "VAULTCHECK_CLIENT_ID",
        default_value = crate::notify::DEFAULT_CLIENT_ID
    )]
    pub client_id: String,
    #[command(flatten)]
    pub timeout: ExchangeTimeout,
    /// Writes a JSON report to FILE
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Writes a JUnit XML report to FILE (a testcase per receiver rule)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

pub(super) fn run(args: NotifyArgs) -> Result<i32, String> {
    let target = crate::redact::url_credentials(args.to.trim());
    let outcome = suite(&args);
    let written = write_reports(&args, &target, outcome.as_ref().map_err(String::as_str));
    match (outcome, written) {
        (Err(message), _) => Err(message),
        (Ok(_), Err(message)) => Err(message),
        (Ok(report), Ok(())) => {
            out::text(&report.text());
            Ok(if report.conforms() { OK } else { VIOLATIONS })
        }
    }
}

/// The key, the runtime and the suite; every error names the setting at fault.
fn suite(args: &NotifyArgs) -> Result<ReceiverReport, String> {
    let key = antom_key(&args.antom_private_key)?;
    let test = ReceiverTest::new(key)
        .client_id(args.client_id.clone())
        .timeout(args.timeout.duration());
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime
        .block_on(test.url(args.to.trim()))
        .map_err(|error| match error {
            crate::Error::Target(TargetError::Refused { url }) => format!(
                "--to {url}: the receiver refused the connection; is it running there?"
            ),
            crate::Error::Target(TargetError::Timeout { url, after }) => format!(
                "--to {url}: no answer within {} ms (--timeout-ms); is the receiver running there?",
                after.as_millis()
            ),
            crate::Error::Target(TargetError::Connection { url, detail, .. }) => format!(
                "--to {url}: the exchange broke off before any answer ({detail}); check the URL's scheme (http or https) and the receiver's TLS certificate"
            ),
            crate::Error::Target(other) => format!("--to: {other}"),
            other => other.to_string(),
        })
}

/// Antom's private key from the option (a path) or the variable (the key or a path).
fn antom_key(value: &str) -> Result<PrivateKey, String> {
    let from_env = std::env::var(ANTOM_PRIVATE_KEY_VAR).is_ok_and(|v| v == value);
    let read = if from_env {
        PrivateKey::from_env(ANTOM_PRIVATE_KEY_VAR)
    } else {
        PrivateKey::from_file(Path::new(value))
    };
    read.map_err(|e| format!("--antom-private-key (or {ANTOM_PRIVATE_KEY_VAR}): {e}"))
}

fn write_reports(
    args: &NotifyArgs,
    target: &str,
    outcome: Result<&ReceiverReport, &str>,
) -> Result<(), String> {
    if let Some(file) = &args.json {
        let report = crate::report::notify::json_report(target, outcome);
        let text = serde_json::to_string_pretty(&report).expect("a Value serializes");
        std::fs::write(file, text)
            .map_err(|e| format!("cannot write --json {}: {e}", file.display()))?;
    }
    if let Some(file) = &args.junit {
        std::fs::write(file, crate::report::notify::junit(target, outcome))
            .map_err(|e| format!("cannot write --junit {}: {e}", file.display()))?;
    }
    Ok(())
}
