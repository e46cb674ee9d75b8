//! What a rule rests on, which decides how much breaking it matters (DESIGN.md, "The basis of a
//! rule decides its severity"): the API page or the reference's cited docs, the signing scheme,
//! DESIGN's stated policies, what a response must never carry (security), or the harness's own
//! inference. A broken documented, protocol, policy or security rule is a violation; a broken
//! inferred rule is a warning, never a violation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The ground a rule (and so each finding) stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The API page or the docs the reference cites.
    Documented,
    /// The AMS message protocol and its signing scheme.
    Protocol,
    /// A policy DESIGN.md states where the docs are unclear.
    Policy,
    /// What a response must never carry, whatever the docs say (DESIGN.md): a card number
    /// beyond its last four digits, a CVV, one card token for two cards; and what a merchant's
    /// receiver must never acknowledge: a forged, unsigned or wrong-path notification.
    Security,
    /// The harness's own inference, stated by none of the above (a BIN table, URL syntax of a
    /// request field, a window for a stale `Request-Time`).
    Inferred,
}

impl Basis {
    /// Every basis, strongest first.
    pub const ALL: [Basis; 5] = [
        Basis::Documented,
        Basis::Protocol,
        Basis::Policy,
        Basis::Security,
        Basis::Inferred,
    ];

    /// The word reports write.
    pub const fn as_str(self) -> &'static str {
        match self {
            Basis::Documented => "documented",
            Basis::Protocol => "protocol",
            Basis::Policy => "policy",
            Basis::Security => "security",
            Basis::Inferred => "inferred",
        }
    }

    /// Whether breaking a rule of this basis is a violation (every basis but `inferred`).
    pub const fn breach_is_violation(self) -> bool {
        !matches!(self, Basis::Inferred)
    }

    /// The stronger of two bases (the order of [`Basis::ALL`]): a finding that rests on two
    /// rules rests on the firmer one.
    pub fn stronger(self, other: Basis) -> Basis {
        self.min(other)
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inferred_rules_are_not_violations() {
        let violating: Vec<Basis> = Basis::ALL
            .into_iter()
            .filter(|b| b.breach_is_violation())
            .collect();
        assert_eq!(
            violating,
            [
                Basis::Documented,
                Basis::Protocol,
                Basis::Policy,
                Basis::Security
            ]
        );
        assert_eq!(Basis::Inferred.stronger(Basis::Policy), Basis::Policy);
        assert_eq!(
            serde_json::to_value(Basis::Inferred).unwrap(),
            serde_json::json!("inferred")
        );
    }
}
