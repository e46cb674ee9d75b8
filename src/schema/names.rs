//! The names of the message schemas: every message of the Vault API and the file each one's
//! schema is published as.

use crate::contract::{Endpoint, Side};
/// Every message of the Vault API, in a fixed order.
pub fn all_messages() -> impl Iterator<Item = (Endpoint, Side)> {
    Endpoint::ALL
        .into_iter()
        .flat_map(|e| [(e, Side::Request), (e, Side::Response)])
}

/// `inquire-vaulting.response.json`.
pub fn file_name(endpoint: Endpoint, side: Side) -> String {
    format!(
        "{}.{}.json",
        endpoint.file_stem(),
        endpoint.message_word(side)
    )
}
