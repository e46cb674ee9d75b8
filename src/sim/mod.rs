//! The sandbox simulator: an embedded, signed, stateful imitation of Antom's Vault sandbox.
//! The gateway refuses what Antom's refuses, the operations follow the test cards of
//! DESIGN.md, every answer is signed with the simulator's Antom key, 3DS has a real page,
//! notifyVaulting is delivered with retries, and fault switches break one rule at a time.
//!
//! What it does not model: real card networks, Antom's client SDK behind
//! createVaultingSession (those vaultings stay PROCESSING), rate limits, key rotation
//! (`keyVersion` is read, not enforced), and the 24-hour notification schedule (retries are
//! seconds apart).

mod answer;
mod business;
pub mod faults;
mod gateway;
pub mod notifier;
mod server;
pub(crate) mod store;
mod three_ds;

pub use faults::{Catcher, FAULTS, Fault, FaultInfo, FaultSet};
pub use notifier::{Delivery, NotifyPolicy};
pub use server::FAULT_HEADER;

use crate::protocol::keys::{PrivateKey, PublicKey};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a simulator is set up.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// The one client the simulator knows.
    pub client_id: String,
    /// Verifies the merchant's request signatures.
    pub merchant_key: PublicKey,
    /// Signs answers and notifications (the simulator's stand-in for Antom's key).
    pub antom_key: PrivateKey,
    /// Faults in force for every request.
    pub faults: Vec<Fault>,
    /// Makes tokens and session ids deterministic.
    pub seed: u64,
    /// Largest request body accepted.
    pub max_body: usize,
    /// How far `Request-Time` may be from now.
    pub request_time_window: Duration,
    pub notify: NotifyPolicy,
    /// Deliver notifications to hosts other than loopback.
    pub notify_any_host: bool,
}

impl SimConfig {
    pub fn new(
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
        }
    }
}

/// What every request handler shares.
pub struct Shared {
    config: SimConfig,
    faults: FaultSet,
    store: store::Store,
    base_url: String,
    notify_client: reqwest::Client,
    deliveries: Mutex<Vec<Delivery>>,
    signatures: Mutex<HashMap<[u8; 32], String>>,
}

/// A simulator serving on a local address until it is stopped or dropped.
pub struct RunningSimulator {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningSimulator {
    /// Binds `addr` (use `127.0.0.1:0` for a free port) and serves in the background of the
    /// current tokio runtime.
    pub async fn start(config: SimConfig, addr: SocketAddr) -> std::io::Result<RunningSimulator> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let notify_client = crate::transport::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            faults: FaultSet::new(config.faults.clone()),
            config,
            store: store::Store::default(),
            base_url: format!("http://{addr}"),
            notify_client,
            deliveries: Mutex::new(Vec::new()),
            signatures: Mutex::new(HashMap::new()),
        });
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(shared.clone());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(RunningSimulator {
            addr,
            shared,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The public key that verifies the simulator's answers and notifications.
    pub fn antom_public_key(&self) -> PublicKey {
        self.shared.config.antom_key.public_key()
    }

    /// How many vaultings the simulator holds.
    pub fn records(&self) -> usize {
        self.shared.store.len()
    }

    /// Every notification delivered (or given up on) so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared
            .deliveries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
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

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
