//! What a run needs, for each target: the client that signs and sends, Antom's public key, the
//! notification listener, and whether the simulator's controls (3DS, faults) are there.

use super::listener::Listener;
use crate::Error;
use crate::client::Client;
use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::protocol::{Signer, sandbox};
use crate::sim::{Fault, NotifyPolicy, Simulator};
use crate::transport::{HttpTarget, Limits, Proxy};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The client id of the embedded simulator.
pub const EMBEDDED_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_EMBEDDED";

/// The test cards of a target, by name (`${card.NAME}` in cases; `${card.NAME.last4}` and
/// `${card.NAME.brand}` follow from the number): the simulator's own, or on a live target those
/// set in `VAULTCHECK_CARD_<NAME>` (a case naming a card the target lacks is skipped).
pub fn cards(simulator: bool) -> std::collections::BTreeMap<String, String> {
    crate::contract::test_cards::TEST_CARDS
        .iter()
        .filter_map(|card| {
            let number = if simulator {
                card.number.to_owned()
            } else {
                let var = format!("VAULTCHECK_CARD_{}", card.name.to_ascii_uppercase());
                std::env::var(&var)
                    .ok()
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())?
            };
            Some((card.name.to_owned(), number))
        })
        .collect()
}

/// Everything a case needs to run.
pub struct Setup {
    pub client: Client,
    pub antom_key: Option<PublicKey>,
    /// Whether the target is the embedded simulator.
    pub simulator: bool,
    /// Whether the simulator's controls work here (3DS approval, notifications at the local
    /// listener, the flaky card): the embedded simulator, or a URL that is a `vaultcheck mock`.
    /// Elsewhere a case stops before the first step that needs them (partial).
    pub controls: bool,
    /// How calls answered `U` (inquiries) or throttled are retried.
    pub retry: crate::client::RetryPolicy,
    /// Notices a target in Error scenario simulation.
    pub watch: super::scenario::ScenarioWatch,
    /// Stops the run (SIGINT, SIGTERM): nothing is sent after it.
    pub stop: super::stop::Stop,
    pub listener: Option<Listener>,
    /// Signs `wrong-signature` requests: a key that is not the client's.
    pub wrong_key: PrivateKey,
    /// Makes this run's ids unique.
    pub nonce: String,
    /// `vaultingNotificationUrl` of every case.
    pub notify_url: String,
    /// The test cards this target knows, by name.
    pub cards: std::collections::BTreeMap<String, String>,
    /// Plain HTTP for the 3DS page.
    pub browser: reqwest::Client,
    /// At most one request per this interval, when set.
    pub min_interval: Option<Duration>,
    next_slot: Mutex<Instant>,
}

/// Where a run sends its cases.
#[derive(Debug, Clone)]
pub enum Destination {
    /// The simulator, embedded in this process (127.0.0.1, a free port).
    Embedded { faults: Vec<Fault>, seed: u64 },
    /// A server at a base URL (a `vaultcheck mock`, or any Antom-like server).
    Url(String),
    /// Antom's sandbox in a region (`na`, `sea`, `de`) or at a base URL.
    Sandbox(String),
}

/// Credentials for a live target.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub client_id: String,
    pub private_key: PrivateKey,
    pub antom_public_key: Option<PublicKey>,
}

/// A deterministic key per seed, generated once per process (generation costs far more than
/// anything else a run does).
pub fn key_for_seed(seed: u64) -> PrivateKey {
    static KEYS: std::sync::OnceLock<Mutex<std::collections::HashMap<u64, PrivateKey>>> =
        std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    if let Some(key) = keys.lock().unwrap_or_else(|p| p.into_inner()).get(&seed) {
        return key.clone();
    }
    let key = PrivateKey::generate(Some(seed));
    keys.lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(seed, key.clone());
    key
}

fn nonce(seed: u64) -> String {
    let millis = crate::protocol::time::now_millis() as u64;
    format!("{:x}", (millis ^ seed.rotate_left(17)) & 0xff_ffff_ffff)
}

impl Setup {
    fn new(
        client: Client,
        antom_key: Option<PublicKey>,
        simulator: bool,
        listener: Option<Listener>,
        seed: u64,
    ) -> Result<Setup, Error> {
        let notify_url = match &listener {
            Some(listener) => listener.url(),
            None => std::env::var("VAULTCHECK_NOTIFY_URL")
                .unwrap_or_else(|_| "https://merchant.invalid/vaultcheck/notify".into()),
        };
        Ok(Setup {
            client,
            antom_key,
            simulator,
            controls: simulator,
            retry: crate::client::RetryPolicy::default(),
            watch: Default::default(),
            stop: Default::default(),
            listener,
            wrong_key: key_for_seed(seed ^ 0x5EED),
            nonce: nonce(seed),
            notify_url,
            cards: cards(simulator),
            browser: crate::transport::client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Harness {
                    reason: format!("cannot build an HTTP client: {e}"),
                })?,
            min_interval: None,
            next_slot: Mutex::new(Instant::now()),
        })
    }

    /// Starts the embedded simulator (with its own fresh keys) and a setup that talks to it.
    pub async fn embedded(
        faults: &[Fault],
        seed: u64,
        limits: Limits,
    ) -> Result<(Setup, Simulator), Error> {
        let merchant = key_for_seed(seed);
        let antom = key_for_seed(seed ^ 0xA5A5);
        let sim = Simulator::builder()
            .client_id(EMBEDDED_CLIENT_ID)
            .merchant_public_key(merchant.public_key())
            .antom_key(antom)
            .faults(faults.iter().copied())
            .seed(seed)
            .notify_policy(NotifyPolicy {
                first_delay: Duration::from_millis(50),
                ..NotifyPolicy::default()
            })
            .start()
            .await
            .map_err(|e| Error::Simulator {
                what: "the embedded simulator on 127.0.0.1",
                source: e.into(),
            })?;
        let target = HttpTarget::new(sim.base_url(), limits)?;
        let client = Client::new(
            target,
            Some(Signer::new(EMBEDDED_CLIENT_ID, merchant)),
            true,
        );
        let listener = Listener::start().await.map_err(|e| Error::Simulator {
            what: "the notification listener on 127.0.0.1",
            source: e.into(),
        })?;
        let setup = Setup::new(
            client,
            Some(sim.antom_public_key()),
            true,
            Some(listener),
            seed,
        )?;
        Ok((setup, sim))
    }

    /// A setup for a live target (a URL or Antom's sandbox), reached through the environment's
    /// proxy variables; see [`Setup::live_through`].
    pub async fn live(
        destination: &Destination,
        credentials: Credentials,
        seed: u64,
        limits: Limits,
    ) -> Result<Setup, Error> {
        Setup::live_through(
            destination,
            credentials,
            seed,
            limits,
            &Proxy::FromEnvironment,
        )
        .await
    }

    /// A setup for a live target reached as `proxy` says. The target is probed once first
    /// (one clear error when it cannot be reached); a `vaultcheck mock` gets a notification
    /// listener, the simulator's cards, and its controls are used.
    pub async fn live_through(
        destination: &Destination,
        credentials: Credentials,
        seed: u64,
        limits: Limits,
        proxy: &Proxy,
    ) -> Result<Setup, Error> {
        let (base, sandbox_path) = match destination {
            Destination::Url(url) => (
                sandbox::base_url(url)?,
                sandbox::is_sandbox_client(&credentials.client_id),
            ),
            Destination::Sandbox(region) => (sandbox::base_url(region)?, true),
            Destination::Embedded { .. } => {
                return Err(Error::Harness {
                    reason:
                        "Setup::live was given the embedded target; start it with Setup::embedded"
                            .into(),
                });
            }
        };
        let target = HttpTarget::with_proxy(&base, limits, proxy)?;
        let mock = super::probe::probe(&target).await? == super::probe::TargetKind::Mock;
        let listener = if mock {
            Some(Listener::start().await.map_err(|e| Error::Simulator {
                what: "the notification listener on 127.0.0.1",
                source: e.into(),
            })?)
        } else {
            None
        };
        let client = Client::new(
            target,
            Some(Signer::new(credentials.client_id, credentials.private_key)),
            sandbox_path,
        );
        let mut setup = Setup::new(client, credentials.antom_public_key, false, listener, seed)?;
        if mock {
            setup.controls = true;
            setup.cards = cards(true);
        }
        Ok(setup)
    }

    /// Waits for this request's turn under the rate limit.
    pub async fn pace(&self) {
        let Some(interval) = self.min_interval else {
            return;
        };
        let wait = {
            let mut next = self.next_slot.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + interval;
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}
