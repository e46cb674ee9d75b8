//! The stand-in's memory: every vaulting by `vaultingRequestId` (its state, the answer that
//! began it, how often it was inquired), and the journal of requests received.

use std::collections::HashMap;

/// Where a vaulting stands, as inquireVaulting tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    /// Vaulted; `detail` is the `paymentMethodDetail` to show.
    Success {
        detail: serde_json::Value,
    },
    Fail,
    /// Waiting: for the 3DS page at `normal_url`, or (without it) for Antom's client SDK to
    /// submit the card of a vaulting session.
    Processing {
        normal_url: Option<String>,
    },
}

/// Which operation began a vaulting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    VaultPaymentMethod,
    CreateVaultingSession,
}

#[derive(Debug, Clone)]
pub(crate) struct Vaulting {
    /// Its place in the order of creation, from 0.
    pub index: usize,
    pub origin: Origin,
    pub state: State,
    /// The body of the answer that began it; a repeat gets exactly this.
    pub first_answer: Vec<u8>,
    pub inquiries: usize,
    /// `metadata` of the request, echoed in inquiries.
    pub metadata: Option<String>,
}

/// Every vaulting the stand-in began.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    vaultings: HashMap<String, Vaulting>,
}

impl Ledger {
    pub(crate) fn get(&self, id: &str) -> Option<&Vaulting> {
        self.vaultings.get(id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Vaulting> {
        self.vaultings.get_mut(id)
    }

    /// Records a new vaulting under `id` and returns its index.
    pub(crate) fn begin(
        &mut self,
        id: &str,
        origin: Origin,
        state: State,
        first_answer: Vec<u8>,
        metadata: Option<String>,
    ) -> usize {
        let index = self.vaultings.len();
        self.vaultings.insert(
            id.to_owned(),
            Vaulting {
                index,
                origin,
                state,
                first_answer,
                inquiries: 0,
                metadata,
            },
        );
        index
    }

    pub(crate) fn len(&self) -> usize {
        self.vaultings.len()
    }
}

/// One request as the stand-in saw and answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Received {
    pub method: String,
    /// Path and query.
    pub path: String,
    /// The HTTP status answered.
    pub http_status: u16,
    /// `result.resultStatus` and `result.resultCode` answered (`None` for the 3DS page).
    pub result_status: Option<String>,
    pub result_code: Option<String>,
}
