//! Shared test helpers: the committed test keys, a simulator on 127.0.0.1:0, a signing client.

#![allow(dead_code)]

pub(crate) mod cli;

use std::path::{Path, PathBuf};
use std::time::Duration;
use vaultcheck::client::Client;
use vaultcheck::protocol::Signer;
use vaultcheck::protocol::keys::{PrivateKey, PublicKey};
use vaultcheck::sim::{Fault, NotifyPolicy, Simulator, SimulatorBuilder};
use vaultcheck::transport::{HttpTarget, Limits};

pub(crate) const CLIENT_ID: &str = "SANDBOX_5X00000000000000";

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub(crate) fn merchant_private() -> PrivateKey {
    PrivateKey::from_file(&fixture("keys/test-merchant-private.pem")).unwrap()
}

pub(crate) fn merchant_public() -> PublicKey {
    PublicKey::from_file(&fixture("keys/test-merchant-public.pem")).unwrap()
}

pub(crate) fn antom_private() -> PrivateKey {
    PrivateKey::from_file(&fixture("keys/test-antom-private.pem")).unwrap()
}

pub(crate) fn antom_public() -> PublicKey {
    PublicKey::from_file(&fixture("keys/test-antom-public.pem")).unwrap()
}

pub(crate) fn config(faults: &[Fault]) -> SimulatorBuilder {
    Simulator::builder()
        .client_id(CLIENT_ID)
        .merchant_key(merchant_private())
        .antom_key(antom_private())
        .faults(faults.iter().copied())
        .seed(7)
        .notify_policy(NotifyPolicy {
            attempts: 3,
            first_delay: Duration::from_millis(20),
            timeout: Duration::from_secs(2),
        })
}

pub(crate) async fn simulator(faults: &[Fault]) -> Simulator {
    config(faults).start().await.unwrap()
}

pub(crate) fn client(sim: &Simulator) -> Client {
    let target = HttpTarget::new(sim.base_url(), Limits::default()).unwrap();
    Client::new(
        target,
        Some(Signer::new(CLIENT_ID, merchant_private())),
        true,
    )
}
