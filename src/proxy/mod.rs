//! `vaultcheck proxy`: a validating proxy between a merchant's integration and Antom's sandbox
//! (or any target). Every request is forwarded unchanged and every answer returned unchanged
//! (`forward`); each exchange with a Vault operation is then judged off the traffic's path by
//! every single-exchange check, the request by the contract and the answer by the checks (with
//! Antom's public key its signature is verified too), counted (`tally`) and optionally recorded
//! as redacted NDJSON for `vaultcheck check --exchanges` (`exchange::record`). The proxy never alters or
//! blocks traffic; its only answers of its own (`own_answer`) are for an upstream that fails and
//! a request over the body cap. The command line (`cli::proxy_cmd`) only prints what the
//! events say.

mod event;
mod forward;
mod own_answer;
mod tally;
mod worker;

pub(crate) use event::Event;
pub(crate) use tally::Tally;
pub(crate) use worker::Sink;

use crate::Error;
use crate::protocol::keys::PublicKey;
use crate::transport::Limits;
use forward::Shared;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a proxy runs.
#[derive(Debug, Clone)]
pub(crate) struct ProxyConfig {
    /// Where requests go: `http(s)://host[:port][/prefix]`; the request's path is appended.
    pub upstream: String,
    /// The address to listen on (port 0: a free port).
    pub listen: SocketAddr,
    /// Antom's public key: with it, answers' signatures are verified.
    pub antom_key: Option<PublicKey>,
    /// Upstream timeouts, and the cap on request and answer bodies.
    pub limits: Limits,
    /// Appends every judged exchange to this NDJSON file (created or truncated).
    pub record: Option<PathBuf>,
}

/// How long a stopping proxy waits for open connections before it closes them.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// A running proxy. [`RunningProxy::stop`] ends it and returns the totals.
pub(crate) struct RunningProxy {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
    worker: tokio::task::JoinHandle<()>,
    tally: Arc<Mutex<Tally>>,
}

/// The upstream base URL, checked: http(s), parseable, no trailing `/`.
fn upstream_url(text: &str) -> Result<String, Error> {
    let trimmed = text.trim().trim_end_matches('/');
    let invalid = |reason: String| Error::Config {
        setting: format!("--upstream {}", crate::redact::url_credentials(trimmed)),
        reason,
    };
    let url = url::Url::parse(trimmed)
        .map_err(|e| invalid(format!("not a URL ({e}); give http(s)://host[:port]")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("give an http:// or https:// URL".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "a base URL has no query or fragment; each request's own path and query are appended to it".into(),
        ));
    }
    Ok(trimmed.to_owned())
}

impl RunningProxy {
    /// Starts listening and forwarding. Events go to `sink` from one worker thread, in the
    /// order they were judged.
    pub(crate) async fn start(config: ProxyConfig, sink: Sink) -> Result<RunningProxy, Error> {
        let upstream = upstream_url(&config.upstream)?;
        let recording = match &config.record {
            None => None,
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|e| Error::Io {
                    action: "create the recording",
                    path: path.clone(),
                    source: Arc::new(e),
                })?;
                Some((path.clone(), std::io::BufWriter::new(file)))
            }
        };
        // The upstream is reached as the runner reaches a live target: through the
        // environment's proxy variables unless it is on this machine.
        let client = crate::transport::bounded_client(
            &config.upstream,
            config.limits,
            &crate::transport::Proxy::FromEnvironment,
        )?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| Error::Config {
                setting: format!("--listen {}", config.listen),
                reason: format!("cannot listen there ({e}); pick another address or port 0"),
            })?;
        let addr = listener.local_addr().map_err(|e| Error::Config {
            setting: format!("--listen {}", config.listen),
            reason: format!("the bound socket has no address ({e})"),
        })?;

        let (queue, jobs) = worker::queue();
        let tally = Arc::new(Mutex::new(Tally::default()));
        let worker = {
            let tally = tally.clone();
            let key = config.antom_key.clone();
            tokio::task::spawn_blocking(move || worker::run(jobs, key, recording, tally, sink))
        };
        let shared = Arc::new(Shared {
            upstream,
            client,
            limits: config.limits,
            queue,
            counter: AtomicU64::new(0),
        });
        let app = axum::Router::new()
            .fallback(forward::handle)
            .with_state(shared);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(RunningProxy {
            addr,
            stop,
            server,
            worker,
            tally,
        })
    }

    /// The address the proxy listens on.
    pub(crate) fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets open exchanges finish (for a few seconds at most), judges what is
    /// queued and returns the totals.
    pub(crate) async fn stop(self) -> Tally {
        let _ = self.stop.send(());
        let mut server = self.server;
        if tokio::time::timeout(STOP_GRACE, &mut server).await.is_err() {
            // A connection that does not close: end it, and with it the handlers' queue ends.
            server.abort();
            let _ = server.await;
        }
        let _ = tokio::time::timeout(STOP_GRACE, self.worker).await;
        self.tally.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_urls_are_checked_and_named() {
        assert_eq!(
            upstream_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            upstream_url("https://open-sea-global.alipay.com").unwrap(),
            "https://open-sea-global.alipay.com"
        );
        for bad in ["127.0.0.1:8080", "ftp://x", "http://x/?a=1", "nothing"] {
            let message = upstream_url(bad).unwrap_err().to_string();
            assert!(message.contains("--upstream"), "{message}");
        }
        let message = upstream_url("ftp://u:secret@x").unwrap_err().to_string();
        assert!(!message.contains("secret"), "{message}");
    }
}
