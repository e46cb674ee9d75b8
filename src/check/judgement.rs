//! A judgement: every finding of the single-exchange checks on one exchange, as a test author
//! asserts on it. Its `Display` (and the panic of [`assert_conforms`]) passes the redaction
//! point, so a failing test prints no card number, CVV, token or signature.

use super::{Finding, Severity, judge_exchange};
use crate::exchange::Exchange;
use crate::protocol::PublicKey;
use std::fmt;

/// What the checks found in one exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    findings: Vec<Finding>,
}

impl Judgement {
    /// Judges one exchange with every single-exchange check. Give Antom's public key (the
    /// simulator's [`crate::sim::Simulator::antom_public_key`]) to verify the response
    /// signature; without it the signature is only read, not verified.
    pub fn of(exchange: &Exchange, antom_key: Option<&PublicKey>) -> Judgement {
        Judgement {
            findings: judge_exchange(exchange, antom_key),
        }
    }

    /// Every finding: violations, warnings and notices.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings that break the contract.
    pub fn violations(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
    }

    /// Whether the exchange conforms: no violation (warnings and notices allowed).
    pub fn conforms(&self) -> bool {
        self.violations().next().is_none()
    }

    /// Panics, printing the redacted findings, unless the exchange conforms.
    #[track_caller]
    pub fn assert_conforms(&self) {
        if !self.conforms() {
            panic!("{self}");
        }
    }
}

impl fmt::Display for Judgement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let violations = self.violations().count();
        if violations == 0 {
            write!(f, "conforms")?;
        } else {
            write!(f, "{violations} violation(s)")?;
        }
        let others = self.findings.len() - violations;
        if others > 0 {
            write!(f, " ({others} warning(s) or notice(s))")?;
        }
        for finding in &self.findings {
            write!(f, "\n  {}", crate::redact::text(&finding.to_string()))?;
        }
        Ok(())
    }
}

/// Judges `exchange` and panics with the redacted findings (and the redacted exchange) when it
/// breaks the contract; returns the judgement (warnings, notices) when it conforms.
#[track_caller]
pub fn assert_conforms(exchange: &Exchange, antom_key: Option<&PublicKey>) -> Judgement {
    let judgement = Judgement::of(exchange, antom_key);
    if !judgement.conforms() {
        panic!(
            "{} {} (HTTP {}) does not conform: {judgement}\nrequest: {:?}\nresponse: {:?}",
            exchange.method,
            crate::redact::text(&exchange.path),
            exchange
                .status
                .map_or_else(|| "status unknown".to_owned(), |s| s.to_string()),
            exchange.request,
            exchange.response,
        );
    }
    judgement
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Endpoint;

    const CARD: &str = "4054695723100768";

    fn exchange(response: &str) -> Exchange {
        let request = format!(r#"{{"vaultingRequestId":"vr-1","note":"{CARD}"}}"#);
        Exchange::from_bodies(
            Endpoint::InquireVaulting,
            request.as_bytes(),
            response.as_bytes(),
        )
    }

    #[test]
    fn a_conforming_exchange_passes() {
        let ok = exchange(
            r#"{"result":{"resultCode":"VAULTING_NOT_EXIST","resultStatus":"F","resultMessage":"no"},"vaultingRequestId":"vr-1"}"#,
        );
        let judgement = assert_conforms(&ok, None);
        assert!(judgement.conforms(), "{judgement}");
        assert!(judgement.to_string().starts_with("conforms"));
    }

    #[test]
    fn a_violation_panics_with_redacted_findings() {
        // A card number where a status belongs: the checks object, and nothing prints it.
        let bad = exchange(&format!(
            r#"{{"result":{{"resultCode":"SUCCESS","resultStatus":"S"}},"vaultingRequestId":"vr-1","vaultingStatus":"{CARD}"}}"#
        ));
        let judgement = Judgement::of(&bad, None);
        assert!(!judgement.conforms());
        assert!(!judgement.to_string().contains(CARD), "{judgement}");
        let panic = std::panic::catch_unwind(|| assert_conforms(&bad, None)).unwrap_err();
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains("does not conform"), "{message}");
        assert!(message.contains("vaultingStatus"), "{message}");
        assert!(!message.contains(CARD), "{message}");
    }
}
