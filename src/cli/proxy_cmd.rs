//! `vaultcheck proxy`: serve the validating proxy until Ctrl-C or SIGTERM, printing each event
//! as it happens and the summary at the end. All the work is in `crate::proxy`.

use super::options::{AntomKey, ExchangeTimeout};
use super::{OK, VIOLATIONS, out};
use crate::proxy::{ProxyConfig, RunningProxy};
use crate::transport::Limits;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// `vaultcheck proxy`'s options.
#[derive(Args, Debug)]
#[command(after_help = "\
Point the integration at the proxy's address instead of the sandbox; requests and answers pass
unchanged (signatures stay valid). Each exchange is judged as it passes (one line each, findings
below it), and a summary is printed on Ctrl-C or SIGTERM. The proxy answers by itself only when
the upstream fails (HTTP 502, or 504 after --timeout-ms; resultCode UNKNOWN_EXCEPTION, status U)
or a request body is over --max-body (HTTP 413, PARAM_ILLEGAL, status F); those answers are not
signed.

Examples:
  vaultcheck proxy --upstream https://open-sea-global.alipay.com --listen 127.0.0.1:8088
  vaultcheck proxy --upstream http://127.0.0.1:8080 --record traffic.ndjson
  vaultcheck check --exchanges traffic.ndjson")]
pub(super) struct ProxyArgs {
    /// Where requests are forwarded: Antom's sandbox host, a `vaultcheck mock`, any base URL
    #[arg(long, value_name = "URL", env = "VAULTCHECK_UPSTREAM")]
    pub upstream: String,
    /// The address the proxy listens on (port 0: a free port)
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8088")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub antom_key: AntomKey,
    /// Appends every judged exchange, redacted, to FILE as NDJSON (the `check --exchanges`
    /// format); the file is created or truncated
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    #[command(flatten)]
    pub timeout: ExchangeTimeout,
    /// The largest request or answer body passed, in bytes
    #[arg(long = "max-body", value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body: usize,
}

pub(super) fn run(args: ProxyArgs) -> Result<i32, String> {
    let timeout = args.timeout.duration();
    let config = ProxyConfig {
        upstream: args.upstream.clone(),
        listen: args.listen,
        antom_key: args.antom_key.read()?,
        limits: Limits {
            connect_timeout: timeout.min(Duration::from_secs(5)),
            timeout,
            max_body: args.max_body,
        },
        record: args.record.clone(),
    };
    let verifying = config.antom_key.is_some();
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let tally = runtime.block_on(async move {
        let sink = Box::new(|event: &crate::proxy::Event| {
            for line in event.lines() {
                out::line(&line);
            }
        });
        let proxy = RunningProxy::start(config, sink)
            .await
            .map_err(|e| e.to_string())?;
        out::line(&format!(
            "vaultcheck proxy listening on http://{}, forwarding to {}",
            proxy.local_addr(),
            crate::redact::url_credentials(args.upstream.trim())
        ));
        if !verifying {
            out::line(
                "answer signatures are read, not verified (give --antom-public-key to verify them)",
            );
        }
        if let Some(path) = &args.record {
            out::line(&format!("recording to {}", path.display()));
        }
        out::line("press Ctrl-C to stop");
        stopped().await;
        Ok::<_, String>(proxy.stop().await)
    })?;
    for line in tally.summary() {
        out::line(&line);
    }
    Ok(if tally.has_violations() {
        VIOLATIONS
    } else {
        OK
    })
}

/// Waits for Ctrl-C, or SIGTERM where there is one.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
