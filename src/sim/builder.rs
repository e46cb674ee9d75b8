//! How a simulator is set up before it starts: `Simulator::builder()`, then the settings that
//! differ from the defaults, then `start()`. Every setting has a default that suits a test: a
//! sandbox client id, keys of its own (deterministic per seed), no faults, 127.0.0.1 on a free
//! port.

use super::forced::{ForceError, ForcedResult};
use super::journal::DEFAULT_CAPACITY;
use super::own_keys::{self, Role};
use super::request_log::LogSink;
use super::{Fault, NotifyPolicy, SimConfig, Simulator};
use crate::contract::Endpoint;
use crate::protocol::{PrivateKey, PublicKey};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// The client id a simulator knows unless told another.
pub const DEFAULT_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_SIM";

/// How the simulator learns the merchant's key.
#[derive(Clone, Debug)]
enum MerchantKey {
    /// Its own, made from the seed; handed out by [`Simulator::merchant_key`].
    Own,
    /// Given with its private half, which the simulator hands out again.
    Pair(Box<PrivateKey>),
    /// Only the public half: the merchant signs with a key the simulator never sees.
    PublicOnly(PublicKey),
}

/// Settings of a simulator not yet started. Made by [`Simulator::builder`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `start` is awaited"]
pub struct SimulatorBuilder {
    client_id: String,
    merchant: MerchantKey,
    antom_key: Option<PrivateKey>,
    faults: Vec<Fault>,
    seed: u64,
    max_body: Option<usize>,
    request_time_window: Option<Duration>,
    notify: Option<NotifyPolicy>,
    notify_any_host: bool,
    journal_capacity: usize,
    addr: SocketAddr,
    forced: Vec<Result<ForcedResult, ForceError>>,
    rate_limit: Option<u32>,
    strict: bool,
    log: Option<LogSink>,
    log_signed_text: bool,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            merchant: MerchantKey::Own,
            antom_key: None,
            faults: Vec::new(),
            seed: 0,
            max_body: None,
            request_time_window: None,
            notify: None,
            notify_any_host: false,
            journal_capacity: DEFAULT_CAPACITY,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            forced: Vec::new(),
            rate_limit: None,
            strict: false,
            log: None,
            log_signed_text: false,
        }
    }
}

impl SimulatorBuilder {
    /// The one client id the simulator knows (others get `KEY_NOT_FOUND`).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self
    }

    /// The merchant's key pair: requests must be signed with it, and
    /// [`Simulator::merchant_key`] hands it back.
    pub fn merchant_key(mut self, key: PrivateKey) -> Self {
        self.merchant = MerchantKey::Pair(Box::new(key));
        self
    }

    /// Only the merchant's public key: requests must be signed with its private half, which
    /// the simulator never sees ([`Simulator::merchant_key`] is then `None`).
    pub fn merchant_public_key(mut self, key: PublicKey) -> Self {
        self.merchant = MerchantKey::PublicOnly(key);
        self
    }

    /// The key the simulator signs answers and notifications with (its stand-in for Antom's);
    /// [`Simulator::antom_public_key`] verifies them.
    pub fn antom_key(mut self, key: PrivateKey) -> Self {
        self.antom_key = Some(key);
        self
    }

    /// Adds a fault in force for every request.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Adds faults in force for every request.
    pub fn faults(mut self, faults: impl IntoIterator<Item = Fault>) -> Self {
        self.faults.extend(faults);
        self
    }

    /// Makes card tokens, session ids and the simulator's own keys deterministic (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The largest request body accepted, in bytes (default 64 KiB).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = Some(bytes);
        self
    }

    /// How far `Request-Time` may be from now (default 15 minutes).
    pub fn request_time_window(mut self, window: Duration) -> Self {
        self.request_time_window = Some(window);
        self
    }

    /// How notifyVaulting is retried.
    pub fn notify_policy(mut self, policy: NotifyPolicy) -> Self {
        self.notify = Some(policy);
        self
    }

    /// Delivers notifications to hosts other than loopback (default: loopback only).
    pub fn notify_any_host(mut self, allow: bool) -> Self {
        self.notify_any_host = allow;
        self
    }

    /// How many received requests the journal keeps; older ones are dropped and counted
    /// (default 1000).
    pub fn journal_capacity(mut self, requests: usize) -> Self {
        self.journal_capacity = requests;
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Every call of `endpoint` answers `code` (any code of its result-code table or of the
    /// gateway table), as the sandbox's Error scenario simulation does; a later call for the
    /// same operation replaces an earlier one. An `S` code serves as usual. A code no table
    /// holds makes [`SimulatorBuilder::start`] fail naming the valid ones. One request can
    /// force its own result with the header [`super::RESULT_HEADER`].
    pub fn force(mut self, endpoint: Endpoint, code: &str) -> Self {
        self.forced.push(ForcedResult::new(endpoint, code));
        self
    }

    /// Adds a forced result already checked ([`ForcedResult::parse`]).
    pub fn forced(mut self, forced: ForcedResult) -> Self {
        self.forced.push(Ok(forced));
        self
    }

    /// Answers `REQUEST_TRAFFIC_EXCEED_LIMIT` to the requests beyond `per_second` in any one
    /// second (default: no limit; 0 refuses every request the gateway lets through).
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Refuses what a strict sandbox may refuse and the simulator accepts by default: an
    /// ISO 8601 `Request-Time`, a signature that is not URL-encoded, a `SANDBOX_` client id on
    /// the production path (`/ams/api/...`). Each refusal says what to fix.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Hands one redacted line per request (and per notification that was not delivered) to
    /// `sink` (default: no log).
    pub fn log(mut self, sink: LogSink) -> Self {
        self.log = Some(sink);
        self
    }

    /// With a log, also writes the text a refused signature should have covered (secret body
    /// fields redacted).
    pub fn log_signed_text(mut self, show: bool) -> Self {
        self.log_signed_text = show;
        self
    }

    /// Binds the address and serves in the background of the current tokio runtime, until the
    /// simulator is stopped or dropped.
    ///
    /// Fails with [`std::io::ErrorKind::InvalidInput`] when a forced code is in no table.
    pub async fn start(self) -> std::io::Result<Simulator> {
        let mut forced: Vec<ForcedResult> = Vec::new();
        for result in self.forced {
            let one =
                result.map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
            forced.retain(|f| f.endpoint() != one.endpoint());
            forced.push(one);
        }
        let (merchant_private, merchant_public) = match self.merchant {
            MerchantKey::Own => {
                let key = own_keys::key(Role::Merchant, self.seed);
                let public = key.public_key();
                (Some(key), public)
            }
            MerchantKey::Pair(key) => {
                let public = key.public_key();
                (Some(*key), public)
            }
            MerchantKey::PublicOnly(public) => (None, public),
        };
        let antom_key = self
            .antom_key
            .unwrap_or_else(|| own_keys::key(Role::Antom, self.seed));
        let mut config = SimConfig::new(self.client_id, merchant_public, antom_key);
        config.faults = self.faults;
        config.seed = self.seed;
        if let Some(max_body) = self.max_body {
            config.max_body = max_body;
        }
        if let Some(window) = self.request_time_window {
            config.request_time_window = window;
        }
        if let Some(notify) = self.notify {
            config.notify = notify;
        }
        config.notify_any_host = self.notify_any_host;
        config.forced = forced;
        config.rate_limit = self.rate_limit;
        config.strict = self.strict;
        config.log = self.log;
        config.log_signed_text = self.log_signed_text;
        Simulator::serve(config, merchant_private, self.journal_capacity, self.addr).await
    }
}
