//! The two statuses of the Vault API as types: `result.resultStatus` ([`ResultStatus`]) and
//! `vaultingStatus` ([`VaultingStatus`]). Checks read raw JSON and `parse` the string, so an
//! undocumented value stays a finding (`None`), never a panic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `result.resultStatus`: how the call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResultStatus {
    /// Success.
    S,
    /// Failure: final for this request.
    F,
    /// Unknown or in process: ask again.
    U,
}

impl ResultStatus {
    /// Every documented status.
    pub const ALL: [ResultStatus; 3] = [ResultStatus::S, ResultStatus::F, ResultStatus::U];

    /// The wire value (`S`, `F`, `U`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ResultStatus::S => "S",
            ResultStatus::F => "F",
            ResultStatus::U => "U",
        }
    }

    /// Reads a wire value; `None` when it is not a documented status.
    pub fn parse(value: &str) -> Option<ResultStatus> {
        ResultStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// `vaultingStatus`: where the vaulting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VaultingStatus {
    /// The card is vaulted.
    Success,
    /// The vaulting failed.
    Fail,
    /// The vaulting waits (for 3DS, for the issuer).
    Processing,
}

impl VaultingStatus {
    /// Every documented status.
    pub const ALL: [VaultingStatus; 3] = [
        VaultingStatus::Success,
        VaultingStatus::Fail,
        VaultingStatus::Processing,
    ];

    /// The wire value (`SUCCESS`, `FAIL`, `PROCESSING`).
    pub const fn as_str(self) -> &'static str {
        match self {
            VaultingStatus::Success => "SUCCESS",
            VaultingStatus::Fail => "FAIL",
            VaultingStatus::Processing => "PROCESSING",
        }
    }

    /// Reads a wire value; `None` when it is not a documented status.
    pub fn parse(value: &str) -> Option<VaultingStatus> {
        VaultingStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    /// Whether the vaulting has reached its end (`SUCCESS` or `FAIL`).
    pub const fn is_final(self) -> bool {
        matches!(self, VaultingStatus::Success | VaultingStatus::Fail)
    }
}

impl fmt::Display for ResultStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for VaultingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_what_they_write_and_refuse_the_rest() {
        for status in ResultStatus::ALL {
            assert_eq!(ResultStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for status in VaultingStatus::ALL {
            assert_eq!(VaultingStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(ResultStatus::parse("s"), None);
        assert_eq!(VaultingStatus::parse("DONE"), None);
        assert_eq!(VaultingStatus::parse(""), None);
    }
}
