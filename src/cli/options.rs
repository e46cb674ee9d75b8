//! Option groups that several commands share (credentials, target, output), each a
//! `#[derive(Args)]` struct flattened into the commands that take it, with the readers that turn
//! them into keys and destinations. Commands read their options here, never from each other.

use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::runner::Destination;
use crate::sim::Fault;
use crate::transport::Proxy;
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The variable that holds the merchant's private key (the key itself, or a path to it).
pub(super) const PRIVATE_KEY_VAR: &str = "VAULTCHECK_PRIVATE_KEY";
/// The variable that holds Antom's public key (the key itself, or a path to it).
pub(super) const ANTOM_PUBLIC_KEY_VAR: &str = "VAULTCHECK_ANTOM_PUBLIC_KEY";

/// Reads a key given as `--option VALUE` or by its variable. A value from the variable may be
/// the key text itself or a path; a value on the command line is a path.
fn key_source(value: Option<&str>, var: &str) -> Option<KeyFrom> {
    let value = value?;
    if std::env::var(var).is_ok_and(|v| v == value) {
        Some(KeyFrom::Env(var.to_owned()))
    } else {
        Some(KeyFrom::File(PathBuf::from(value)))
    }
}

enum KeyFrom {
    Env(String),
    File(PathBuf),
}

/// The client id the merchant signs as.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct ClientId {
    /// The merchant's client id; one starting with `SANDBOX_` sends to `/ams/sandbox/api/...`
    #[arg(long = "client-id", value_name = "ID", env = "VAULTCHECK_CLIENT_ID")]
    pub client_id: Option<String>,
}

/// The merchant's private key, which signs requests.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct MerchantKey {
    /// The merchant's private key file, PEM or bare base64 (the variable may hold the key
    /// itself or a path)
    #[arg(
        long = "private-key",
        value_name = "FILE",
        env = PRIVATE_KEY_VAR,
        hide_env_values = true
    )]
    pub private_key: Option<String>,
}

impl MerchantKey {
    /// The key, or `None` when neither the option nor the variable is given.
    pub(super) fn read(&self) -> Result<Option<PrivateKey>, String> {
        match key_source(self.private_key.as_deref(), PRIVATE_KEY_VAR) {
            None => Ok(None),
            Some(KeyFrom::Env(var)) => PrivateKey::from_env(&var)
                .map(Some)
                .map_err(|e| e.to_string()),
            Some(KeyFrom::File(path)) => PrivateKey::from_file(&path)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }

    /// The key; an error naming the option and the variable when neither is given.
    pub(super) fn required(&self) -> Result<PrivateKey, String> {
        self.read()?
            .ok_or_else(|| format!("--private-key FILE (or {PRIVATE_KEY_VAR}) is required"))
    }
}

/// Antom's public key, which verifies answers and notifications.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct AntomKey {
    /// Antom's public key file, PEM or bare base64 (the variable may hold the key itself or a
    /// path); without it response signatures are not verified
    #[arg(
        long = "antom-public-key",
        value_name = "FILE",
        env = ANTOM_PUBLIC_KEY_VAR,
        hide_env_values = true
    )]
    pub antom_public_key: Option<String>,
}

impl AntomKey {
    /// The key, or `None` when neither the option nor the variable is given.
    pub(super) fn read(&self) -> Result<Option<PublicKey>, String> {
        match key_source(self.antom_public_key.as_deref(), ANTOM_PUBLIC_KEY_VAR) {
            None => Ok(None),
            Some(KeyFrom::Env(var)) => PublicKey::from_env(&var)
                .map(Some)
                .map_err(|e| e.to_string()),
            Some(KeyFrom::File(path)) => PublicKey::from_file(&path)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }
}

/// What a live target needs: who signs, with which key, and how answers are verified.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct Credentials {
    #[command(flatten)]
    pub client_id: ClientId,
    #[command(flatten)]
    pub merchant_key: MerchantKey,
    #[command(flatten)]
    pub antom_key: AntomKey,
}

/// Where a run sends its requests.
#[derive(Args, Debug, Clone)]
pub(super) struct Target {
    /// `mock` (the embedded simulator), `sandbox` (Antom's sandbox), or a base URL (a
    /// `vaultcheck mock`, a staging proxy)
    #[arg(
        long,
        value_name = "mock|sandbox|URL",
        env = "VAULTCHECK_TARGET",
        default_value = "mock"
    )]
    pub target: String,
    /// The sandbox host: `na`, `sea`, `de` (open-*-global.alipay.com) or a full base URL
    #[arg(
        long,
        value_name = "na|sea|de|URL",
        env = "VAULTCHECK_REGION",
        default_value = "na"
    )]
    pub region: String,
    /// Switches on a simulator fault for the whole run (repeatable; embedded simulator only)
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    #[command(flatten)]
    pub timeout: ExchangeTimeout,
    /// At most R requests per second
    #[arg(long = "rate-limit", value_name = "R", env = "VAULTCHECK_RATE_LIMIT")]
    pub rate_limit: Option<f64>,
    /// `vaultingNotificationUrl` on a live target (the embedded simulator uses a local
    /// listener)
    #[arg(
        long = "notify-url",
        value_name = "URL",
        env = "VAULTCHECK_NOTIFY_URL",
        default_value = "https://merchant.invalid/vaultcheck/notify"
    )]
    pub notify_url: String,
}

impl Target {
    /// The destination these options name; the embedded simulator gets `seed`.
    pub(super) fn destination(&self, seed: u64) -> Result<Destination, String> {
        let faults =
            Fault::parse_all(self.faults.iter().map(String::as_str)).map_err(|e| e.to_string())?;
        let destination = match self.target.as_str() {
            "mock" | "embedded" => Destination::Embedded {
                faults: faults.clone(),
                seed,
            },
            "sandbox" => Destination::Sandbox(self.region.clone()),
            url if url.starts_with("http://") || url.starts_with("https://") => {
                Destination::Url(url.to_owned())
            }
            other => {
                return Err(format!(
                    "--target `{other}` is not mock, sandbox or an http(s) URL"
                ));
            }
        };
        if !faults.is_empty() && !matches!(destination, Destination::Embedded { .. }) {
            return Err("--fault switches the embedded simulator's faults; with a live target, start `vaultcheck mock --fault NAME` and point --target at it".into());
        }
        Ok(destination)
    }

    pub(super) fn timeout(&self) -> Duration {
        self.timeout.duration()
    }
}

/// The bound on one exchange (`run`, `drift`, `proxy`).
#[derive(Args, Debug, Clone, Copy)]
pub(super) struct ExchangeTimeout {
    /// The bound on one exchange, in milliseconds
    #[arg(
        long = "timeout-ms",
        value_name = "N",
        env = "VAULTCHECK_TIMEOUT_MS",
        default_value_t = 10_000
    )]
    pub timeout_ms: u64,
}

impl ExchangeTimeout {
    /// The bound as a duration.
    pub(super) fn duration(self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

/// Where a run writes what it found.
#[derive(Args, Debug, Clone)]
pub(super) struct Output {
    /// Writes a JUnit XML report to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Writes a JSON report to FILE
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Saves a reproduction of every failure under DIR (cleared of earlier reproductions first)
    #[arg(long, value_name = "DIR", default_value = "vaultcheck-failures")]
    pub failures: PathBuf,
    /// No progress bar, even on a terminal
    #[arg(long = "no-progress")]
    pub no_progress: bool,
}

/// A directory of case files added to the built-in suite.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct CasesDir {
    /// Adds the `*.json` cases of DIR to the built-in suite; a file named like a built-in case
    /// (for example `refuse-get.json`) replaces it
    #[arg(long = "cases-dir", value_name = "DIR", env = "VAULTCHECK_CASES_DIR")]
    pub cases_dir: Option<PathBuf>,
}

impl CasesDir {
    pub(super) fn path(&self) -> Option<&Path> {
        self.cases_dir.as_deref()
    }
}

/// How warnings count (`run` and `check`).
#[derive(Args, Debug, Clone, Copy, Default)]
pub(super) struct WarningPolicy {
    /// Counts warnings (broken inferred rules, undocumented result codes, an accepted stale
    /// request) as violations: exit 1 on any of them
    #[arg(
        long,
        env = "VAULTCHECK_STRICT",
        value_parser = clap::builder::FalseyValueParser::new(),
        default_value_t = false
    )]
    pub strict: bool,
}

impl WarningPolicy {
    /// Applies `--strict` to findings: warnings become violations (their basis stays).
    pub(super) fn apply(self, findings: &mut [crate::check::Finding]) {
        if self.strict {
            crate::check::count_warnings_as_violations(findings);
        }
    }
}

/// How requests reach a live target (`run`, `drift`, `replay`).
#[derive(Args, Debug, Clone, Default)]
pub(super) struct ProxyOption {
    /// Sends every request to a live target through this HTTP(S) proxy (default: HTTPS_PROXY,
    /// HTTP_PROXY and ALL_PROXY, honouring NO_PROXY; loopback targets are reached directly)
    #[arg(long, value_name = "URL", env = "VAULTCHECK_PROXY")]
    pub proxy: Option<String>,
}

impl ProxyOption {
    /// The proxy to use: the one given, or the environment's.
    pub(super) fn proxy(&self) -> Proxy {
        match self.proxy.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => Proxy::Url(url.to_owned()),
            _ => Proxy::FromEnvironment,
        }
    }
}

/// The environment as the command line reads it, for the library's override lookups
/// (`VAULTCHECK_CARD_<NAME>`): the only place below `main` that reads variables by name.
pub(crate) fn env_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}
