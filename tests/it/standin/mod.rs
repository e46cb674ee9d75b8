//! An independent loopback stand-in of Antom's Vault sandbox, for tests of the harness.
//!
//! Nobody wrote it from vaultcheck's simulator: it follows Antom's documented contract and
//! DESIGN's table of test cards, signs and verifies with the `rsa` crate directly (never
//! `vaultcheck::protocol`), and varies as a real sandbox may ([`Variations`], all on by
//! default). [`Breaks`] plant contract violations for tests that the harness notices them.
//! It serves `POST /ams/sandbox/api/v1/vaults/{vaultPaymentMethod,inquireVaulting,
//! createVaultingSession}` (and `/ams/api/...`) on 127.0.0.1 at a free port, and stops when
//! the [`Standin`] is dropped.
//!
//! Use it as `#[path = "standin/mod.rs"] mod standin;` (or `mod standin;` from a test file of
//! another name).

#![allow(dead_code)]

pub(crate) mod cards;
pub(crate) mod config;
pub(crate) mod crypto;
pub(crate) mod gateway;
pub(crate) mod ledger;
pub(crate) mod operations;
pub(crate) mod server;
pub(crate) mod throttle;
pub(crate) mod title_case;
pub(crate) mod validate;

#[allow(unused_imports)]
pub(crate) use config::{Breaks, StandinConfig, Variations, fixture_key};
pub(crate) use ledger::Received;

use server::Shared;
use std::sync::{Arc, Mutex};

/// A running stand-in; dropping it stops the server.
pub(crate) struct Standin {
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Standin {
    /// Starts a stand-in on 127.0.0.1 at a free port. Panics with the reason on a bad key or
    /// no loopback (a test setup error).
    pub(crate) async fn start(config: StandinConfig) -> Standin {
        let merchant_key = crypto::CheckKey::from_pem(&config.merchant_public_pem)
            .unwrap_or_else(|e| panic!("stand-in merchant public key: {e}"));
        let antom_key = crypto::SignKey::from_pem(&config.antom_private_pem)
            .unwrap_or_else(|e| panic!("stand-in Antom private key: {e}"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0 for the stand-in: {e}"));
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let listener = title_case::TitleCaseListener {
            inner: listener,
            enabled: config.variations.capitalised_headers,
        };
        let throttle = config
            .variations
            .throttle_per_second
            .map(|n| Mutex::new(throttle::Throttle::new(n)));
        let shared = Arc::new(Shared {
            config,
            merchant_key,
            antom_key,
            base_url: format!("http://{addr}"),
            salt: b"vaultcheck-standin".to_vec(),
            ledger: Mutex::default(),
            journal: Mutex::default(),
            throttle,
        });
        let app = server::router(shared.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            // Graceful: the listener closes and each connection ends after its request.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Standin {
            shared,
            stop: Some(stop),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The client id the stand-in trusts.
    pub(crate) fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    /// The stand-in's "Antom" public key (SPKI PEM), which verifies its answers.
    pub(crate) fn antom_public_pem(&self) -> &str {
        self.shared.antom_key.public_pem()
    }

    /// Every request received so far, in order, with what was answered.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.shared
            .journal
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Drop for Standin {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
