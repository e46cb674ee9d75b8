//! The sandbox simulator: an embedded, signed, stateful imitation of Antom's Vault sandbox.
//! The gateway refuses what Antom's refuses, the operations follow the test cards of
//! DESIGN.md, every answer is signed with the simulator's Antom key, 3DS has a real page,
//! notifyVaulting is delivered with retries, and fault switches break one rule at a time.
//!
//! In a test, as `wiremock`'s `MockServer` is used:
//!
//! ```text
//! let sim = Simulator::builder().seed(7).start().await?;   // 127.0.0.1, a free port
//! sim.base_url();            // where to send requests
//! sim.signer();              // signs as the client the simulator knows
//! sim.antom_public_key();    // verifies its answers
//! sim.journal();             // every request received, in order (redacted when printed)
//! sim.reset();               // forget vaultings, journal and notifications; keep keys, address
//! // one call answers a chosen code: header x-vaultcheck-result: UNKNOWN_EXCEPTION
//! // (RESULT_HEADER); every call of an operation: Simulator::builder().force(endpoint, code)
//! ```
//!
//! Over HTTP: `GET /sim/health`, `GET /sim/requests` (the journal, redacted), `POST /sim/reset`,
//! `GET /sim/codes` (what can be forced).
//!
//! What it does not model: real card networks, Antom's client SDK behind
//! createVaultingSession (those vaultings stay PROCESSING), key rotation (`keyVersion` is read,
//! not enforced), and the 24-hour notification schedule (retries are seconds apart).

mod answer;
mod builder;
mod business;
mod control;
pub(crate) mod faults;
pub mod forced;
mod gateway;
pub(crate) mod journal;
pub(crate) mod key_files;
mod listen;
pub(crate) mod notifier;
mod outbox;
mod own_keys;
pub(crate) mod request_log;
mod server;
pub(crate) mod store;
mod three_ds;
mod throttle;
mod verdict;

pub use builder::{DEFAULT_CLIENT_ID, SimulatorBuilder};
pub use faults::{Catcher, FAULTS, Fault, FaultInfo, FaultSet};
pub use forced::{ForceError, ForcedResult, RESULT_HEADER};
pub use journal::{Handling, Journal, ReceivedRequest, Route};
pub use notifier::{Delivery, NotifyPolicy};
pub use request_log::LogSink;
pub use server::FAULT_HEADER;
pub use throttle::THROTTLED_CODE;
pub use verdict::SignatureVerdict;

use crate::protocol::Signer;
use crate::protocol::keys::{PrivateKey, PublicKey};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The former name of [`Simulator`], kept while callers move.
#[doc(hidden)]
pub type RunningSimulator = Simulator;

/// How a simulator is set up (the builder's result; the public way is [`Simulator::builder`]).
#[derive(Clone, Debug)]
pub(crate) struct SimConfig {
    /// The one client the simulator knows.
    pub(crate) client_id: String,
    /// Verifies the merchant's request signatures.
    pub(crate) merchant_key: PublicKey,
    /// Signs answers and notifications (the simulator's stand-in for Antom's key).
    pub(crate) antom_key: PrivateKey,
    /// Faults in force for every request.
    pub(crate) faults: Vec<Fault>,
    /// Makes tokens and session ids deterministic.
    pub(crate) seed: u64,
    /// Largest request body accepted.
    pub(crate) max_body: usize,
    /// How far `Request-Time` may be from now.
    pub(crate) request_time_window: Duration,
    pub(crate) notify: NotifyPolicy,
    /// Deliver notifications to hosts other than loopback.
    pub(crate) notify_any_host: bool,
    /// Results forced for every call of an operation.
    pub(crate) forced: Vec<ForcedResult>,
    /// Requests let through per second; beyond, `REQUEST_TRAFFIC_EXCEED_LIMIT`.
    pub(crate) rate_limit: Option<u32>,
    /// Refuse what a strict sandbox may refuse (ISO 8601 `Request-Time`, a signature not
    /// URL-encoded, a `SANDBOX_` client on the production path).
    pub(crate) strict: bool,
    /// Where the request log goes; `None`: no log.
    pub(crate) log: Option<LogSink>,
    /// Log the text a refused signature should have covered.
    pub(crate) log_signed_text: bool,
}

impl SimConfig {
    pub(crate) fn new(
        client_id: impl Into<String>,
        merchant_key: PublicKey,
        antom_key: PrivateKey,
    ) -> Self {
        SimConfig {
            client_id: client_id.into(),
            merchant_key,
            antom_key,
            faults: Vec::new(),
            seed: 0,
            max_body: 64 * 1024,
            request_time_window: Duration::from_secs(15 * 60),
            notify: NotifyPolicy::default(),
            notify_any_host: false,
            forced: Vec::new(),
            rate_limit: None,
            strict: false,
            log: None,
            log_signed_text: false,
        }
    }
}

/// What every request handler shares.
pub(crate) struct Shared {
    config: SimConfig,
    faults: FaultSet,
    store: store::Store,
    base_url: String,
    notify_client: reqwest::Client,
    outbox: outbox::Outbox,
    journal: journal::Recorder,
    throttle: Option<throttle::Throttle>,
    signatures: Mutex<HashMap<[u8; 32], String>>,
}

impl Shared {
    /// Forgets vaultings, the journal, notifications and the rate window.
    pub(crate) fn reset(&self) {
        self.outbox.reset();
        self.store.clear();
        self.journal.clear();
        if let Some(throttle) = &self.throttle {
            throttle.clear();
        }
    }
}

/// A simulator serving on a local address until it is stopped or dropped.
///
/// Start one with [`Simulator::start`] (all defaults) or [`Simulator::builder`]; it serves in
/// the background of the current tokio runtime.
pub struct Simulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    merchant_key: Option<PrivateKey>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No key material: only where it is and who it knows.
        f.debug_struct("Simulator")
            .field("base_url", &self.shared.base_url)
            .field("client_id", &self.shared.config.client_id)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// A simulator with every default (see [`SimulatorBuilder`]) on 127.0.0.1, a free port.
    pub async fn start() -> std::io::Result<Simulator> {
        Simulator::builder().start().await
    }

    /// Settings for a simulator; `start()` it when they are complete.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    async fn serve(
        config: SimConfig,
        merchant_key: Option<PrivateKey>,
        journal_capacity: usize,
        addr: SocketAddr,
    ) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let notify_client = crate::transport::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            throttle: config.rate_limit.map(throttle::Throttle::new),
            faults: FaultSet::new(config.faults.clone()),
            config,
            store: store::Store::default(),
            base_url: format!("http://{addr}"),
            notify_client,
            outbox: outbox::Outbox::default(),
            journal: journal::Recorder::new(journal_capacity),
            signatures: Mutex::new(HashMap::new()),
        });
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(shared.clone());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(listen::serve(listener, app, stopped));
        Ok(Simulator {
            addr,
            shared,
            merchant_key,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The base URL followed by `path` (`sim.url(Endpoint::InquireVaulting.path()...)`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.shared.base_url)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The one client id it knows.
    pub fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    /// The public key that verifies the simulator's answers and notifications.
    pub fn antom_public_key(&self) -> PublicKey {
        self.shared.config.antom_key.public_key()
    }

    /// The merchant's private key requests must be signed with; `None` when the simulator was
    /// given only the public half ([`SimulatorBuilder::merchant_public_key`]).
    pub fn merchant_key(&self) -> Option<&PrivateKey> {
        self.merchant_key.as_ref()
    }

    /// Signs requests as the client the simulator knows, with [`Simulator::merchant_key`].
    pub fn signer(&self) -> Option<Signer> {
        let key = self.merchant_key.clone()?;
        Some(Signer::new(self.client_id(), key))
    }

    /// Every request received since the start or the last reset, oldest first (at most the
    /// journal's capacity). `Debug` and `Display` of the entries are redacted.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.journal.snapshot().into_iter().collect()
    }

    /// The journal: the requests received and how many were dropped to keep within capacity.
    pub fn journal(&self) -> Journal {
        self.shared.journal.snapshot()
    }

    /// Forgets every vaulting (and its 3DS challenge), the journal and the notifications,
    /// pending ones included (they are cancelled), and the rate-limit window. The keys, the
    /// client id, the faults, the forced results and the address stay, so one simulator can
    /// serve a whole test suite. `POST /sim/reset` does the same over HTTP.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// How many vaultings the simulator holds.
    pub fn records(&self) -> usize {
        self.shared.store.len()
    }

    /// Every notification delivered (or given up on) so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.outbox.deliveries()
    }

    /// Stops serving and waits until the server has shut down.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
