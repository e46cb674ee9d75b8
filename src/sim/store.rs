//! The simulator's state: vaulting records keyed by client and `vaultingRequestId`, and the
//! 3DS challenges that lead to them. One lock; every read-modify-write happens under it, so
//! concurrent duplicate requests make one record.

use std::collections::HashMap;
use std::sync::Mutex;

/// Where a vaulting stands: the contract's `vaultingStatus`.
pub(crate) use crate::contract::VaultingStatus as Status;

/// How the vaulting began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Start {
    /// vaultPaymentMethod with a card.
    Card {
        brand: &'static str,
        masked: String,
        card_token: String,
        /// The vaulted number, kept only for the full-masked-number fault.
        number: CardNumber,
    },
    /// createVaultingSession: the card would come through Antom's client SDK.
    Session(Session),
}

/// A card number held in a record. Its `Debug` shows the masked form, so a record printed in
/// a panic or a log never shows the number.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct CardNumber(pub String);

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::contract::cards::masked(&self.0))
    }
}

/// A vaulting session as createVaultingSession answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    pub id: String,
    pub data: String,
    /// Epoch seconds.
    pub expires: i64,
}

/// One vaulting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub status: Status,
    pub start: Start,
    /// The 3DS challenge token while the vaulting waits for it.
    pub challenge: Option<String>,
    /// The first inquiry still has to answer `U` (test card 4000000000000119).
    pub flaky_pending: bool,
    pub notification_url: Option<String>,
    pub redirect_url: Option<String>,
    /// Epoch seconds.
    pub created: i64,
    /// inquireVaulting calls answered `S` so far.
    pub inquiries: u32,
}

pub(crate) type Key = (String, String);

#[derive(Default)]
struct Inner {
    records: HashMap<Key, Record>,
    challenges: HashMap<String, Key>,
}

/// All records of one simulator.
#[derive(Default)]
pub(crate) struct Store {
    inner: Mutex<Inner>,
}

impl Store {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere never leaves a record half-written (every update is one assignment),
        // so a poisoned lock is still consistent.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The record under `key`, made with `make` when there is none. Returns a copy and whether
    /// it was new.
    pub(crate) fn get_or_insert_with(
        &self,
        key: &Key,
        make: impl FnOnce() -> Record,
    ) -> (Record, bool) {
        let mut inner = self.lock();
        if let Some(record) = inner.records.get(key) {
            return (record.clone(), false);
        }
        let record = make();
        if let Some(token) = &record.challenge {
            inner.challenges.insert(token.clone(), key.clone());
        }
        inner.records.insert(key.clone(), record.clone());
        (record, true)
    }

    pub(crate) fn get(&self, key: &Key) -> Option<Record> {
        self.lock().records.get(key).cloned()
    }

    /// Changes a record in place; returns the changed copy.
    pub(crate) fn update(&self, key: &Key, change: impl FnOnce(&mut Record)) -> Option<Record> {
        let mut inner = self.lock();
        let record = inner.records.get_mut(key)?;
        change(record);
        Some(record.clone())
    }

    /// The record a 3DS challenge belongs to.
    pub(crate) fn challenge(&self, token: &str) -> Option<(Key, Record)> {
        let inner = self.lock();
        let key = inner.challenges.get(token)?;
        Some((key.clone(), inner.records.get(key)?.clone()))
    }

    /// Forgets every record and challenge.
    pub(crate) fn clear(&self) {
        *self.lock() = Inner::default();
    }

    #[allow(clippy::len_without_is_empty)]
    pub(crate) fn len(&self) -> usize {
        self.lock().records.len()
    }
}
