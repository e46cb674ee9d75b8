//! The contract as data: the four Vault operations, the shape of every message, the result-code
//! tables and the coupling rules. The schema deriver, the checks, the generators and the
//! simulator all read it, so each limit is written once.

pub mod acknowledgement;
pub mod basis;
pub mod cards;
pub mod check_id;
pub(crate) mod enums;
pub mod result_codes;
pub(crate) mod rules;
pub(crate) mod shapes;
pub mod status;
pub mod test_cards;
pub(crate) mod types;

pub use basis::Basis;
pub use check_id::CheckId;
pub use status::{ResultStatus, VaultingStatus};

use result_codes::ResultCode;
use rules::Rule;
use types::Object;

/// Path prefix of the production API.
pub const API_PREFIX: &str = "/ams/api";
/// Path prefix of the sandbox API.
pub const SANDBOX_PREFIX: &str = "/ams/sandbox/api";

/// The request's `vaultingRequestId` when it is usable: a string of 1 to 64 characters (an
/// answer echoes only such an id).
pub fn usable_request_id(request: &serde_json::Value) -> Option<&str> {
    request["vaultingRequestId"]
        .as_str()
        .filter(|id| (1..=shapes::REQUEST_ID_MAX as usize).contains(&id.chars().count()))
}

/// One of the four Vault operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// `inquireVaulting`: asks where a vaulting stands.
    InquireVaulting,
    /// `vaultPaymentMethod`: vaults a card from its details (may need 3DS).
    VaultPaymentMethod,
    /// `createVaultingSession`: opens a session for Antom's client SDK to collect the card.
    CreateVaultingSession,
    /// Antom's notification to the merchant; its "request" is the notification and its
    /// "response" the merchant's acknowledgement.
    NotifyVaulting,
}

/// Which message of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The request (for notifyVaulting, Antom's notification).
    Request,
    /// The response (for notifyVaulting, the merchant's acknowledgement).
    Response,
}

impl Endpoint {
    /// The four operations, in declaration order.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::InquireVaulting,
        Endpoint::VaultPaymentMethod,
        Endpoint::CreateVaultingSession,
        Endpoint::NotifyVaulting,
    ];

    /// The operation's name as Antom writes it.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::InquireVaulting => "inquireVaulting",
            Endpoint::VaultPaymentMethod => "vaultPaymentMethod",
            Endpoint::CreateVaultingSession => "createVaultingSession",
            Endpoint::NotifyVaulting => "notifyVaulting",
        }
    }

    /// The name in file names (`inquire-vaulting`).
    pub fn file_stem(self) -> &'static str {
        match self {
            Endpoint::InquireVaulting => "inquire-vaulting",
            Endpoint::VaultPaymentMethod => "vault-payment-method",
            Endpoint::CreateVaultingSession => "create-vaulting-session",
            Endpoint::NotifyVaulting => "notify-vaulting",
        }
    }

    /// The production path. notifyVaulting has none: Antom posts to the merchant's URL.
    pub fn path(self) -> Option<&'static str> {
        match self {
            Endpoint::InquireVaulting => Some("/ams/api/v1/vaults/inquireVaulting"),
            Endpoint::VaultPaymentMethod => Some("/ams/api/v1/vaults/vaultPaymentMethod"),
            Endpoint::CreateVaultingSession => Some("/ams/api/v1/vaults/createVaultingSession"),
            Endpoint::NotifyVaulting => None,
        }
    }

    /// Reads an operation name (any case) or a production or sandbox path.
    pub fn parse(text: &str) -> Option<Endpoint> {
        let text = text.trim();
        let tail = text
            .strip_prefix(API_PREFIX)
            .or_else(|| text.strip_prefix(SANDBOX_PREFIX))
            .and_then(|rest| rest.strip_prefix("/v1/vaults/"))
            .unwrap_or(text);
        Endpoint::ALL.into_iter().find(|e| {
            e.name().eq_ignore_ascii_case(tail) || e.file_stem().eq_ignore_ascii_case(tail)
        })
    }

    /// The shape of one message.
    pub fn shape(self, side: Side) -> &'static Object {
        use shapes::*;
        match (self, side) {
            (Endpoint::InquireVaulting, Side::Request) => &INQUIRE_VAULTING_REQUEST,
            (Endpoint::InquireVaulting, Side::Response) => &INQUIRE_VAULTING_RESPONSE,
            (Endpoint::VaultPaymentMethod, Side::Request) => &VAULT_PAYMENT_METHOD_REQUEST,
            (Endpoint::VaultPaymentMethod, Side::Response) => &VAULT_PAYMENT_METHOD_RESPONSE,
            (Endpoint::CreateVaultingSession, Side::Request) => &CREATE_VAULTING_SESSION_REQUEST,
            (Endpoint::CreateVaultingSession, Side::Response) => &CREATE_VAULTING_SESSION_RESPONSE,
            (Endpoint::NotifyVaulting, Side::Request) => &NOTIFY_VAULTING_NOTIFICATION,
            (Endpoint::NotifyVaulting, Side::Response) => &NOTIFY_VAULTING_ACKNOWLEDGEMENT,
        }
    }

    /// The message Antom writes: the response, or for notifyVaulting the notification.
    pub fn antom_side(self) -> Side {
        match self {
            Endpoint::NotifyVaulting => Side::Request,
            _ => Side::Response,
        }
    }

    /// The message the merchant writes.
    pub fn merchant_side(self) -> Side {
        match self.antom_side() {
            Side::Request => Side::Response,
            Side::Response => Side::Request,
        }
    }

    /// The word for a message in schema file names (`request`, `response`, `notification`,
    /// `acknowledgement`).
    pub fn message_word(self, side: Side) -> &'static str {
        match (self, side) {
            (Endpoint::NotifyVaulting, Side::Request) => "notification",
            (Endpoint::NotifyVaulting, Side::Response) => "acknowledgement",
            (_, Side::Request) => "request",
            (_, Side::Response) => "response",
        }
    }

    /// The result codes this operation documents (the gateway's come on top).
    pub fn result_codes(self) -> &'static [ResultCode] {
        match self {
            Endpoint::InquireVaulting => result_codes::INQUIRE_VAULTING,
            Endpoint::VaultPaymentMethod => result_codes::VAULT_PAYMENT_METHOD,
            Endpoint::CreateVaultingSession => result_codes::CREATE_VAULTING_SESSION,
            Endpoint::NotifyVaulting => result_codes::NOTIFY_VAULTING,
        }
    }

    /// The coupling rules of a message.
    pub fn rules(self, side: Side) -> &'static [Rule] {
        match (self, side) {
            (Endpoint::InquireVaulting, Side::Response) => rules::INQUIRE_VAULTING_RESPONSE,
            (Endpoint::VaultPaymentMethod, Side::Response) => rules::VAULT_PAYMENT_METHOD_RESPONSE,
            (Endpoint::CreateVaultingSession, Side::Response) => {
                rules::CREATE_VAULTING_SESSION_RESPONSE
            }
            (Endpoint::NotifyVaulting, Side::Request) => rules::NOTIFY_VAULTING_NOTIFICATION,
            _ => &[],
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
