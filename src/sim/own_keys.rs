//! The keys a simulator makes for itself when it is given none: a merchant key pair (the tests
//! sign with its private half) and an Antom key (it signs the answers). Deterministic per seed
//! and role, generated once per process: an RSA key costs far more than a simulator start.
//! Test keys only; they are never meant to protect anything.

use crate::protocol::PrivateKey;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Whose key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Merchant,
    Antom,
}

impl Role {
    fn salt(self) -> u64 {
        match self {
            Role::Merchant => 0x6D65_7263_6861_6E74,
            Role::Antom => 0x616E_746F_6D00_0000,
        }
    }
}

/// The key of `role` for `seed`, the same for the whole process.
pub(crate) fn key(role: Role, seed: u64) -> PrivateKey {
    static KEYS: OnceLock<Mutex<HashMap<(Role, u64), PrivateKey>>> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    if let Some(key) = keys
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&(role, seed))
    {
        return key.clone();
    }
    // Generated outside the lock: two threads may both generate, and both get the same key.
    let key = PrivateKey::generate(Some(seed ^ role.salt()));
    keys.lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry((role, seed))
        .or_insert(key)
        .clone()
}
