//! The one look at a live target before the suite: can it be reached (DNS, connection, TLS),
//! and is it a `vaultcheck mock` (whose controls, 3DS approval and notifications, a run may
//! then use)? `GET <base>/sim/health` answers both: a mock says `"simulator":"vaultcheck"`,
//! any other server answers something (a 404 is fine), and a failure to connect is explained
//! once, with what to do, instead of once per unit.

use crate::Error;
use crate::contract::Endpoint;
use crate::transport::{HttpTarget, OutgoingRequest, TargetError};
use std::time::Duration;

/// The path a `vaultcheck mock` answers about itself.
pub(crate) const HEALTH_PATH: &str = "/sim/health";

/// The longest the probe waits for an answer.
pub(crate) const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// What the probe found at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// A `vaultcheck mock`: its controls can be used.
    Mock,
    /// Any other server that answers (Antom's sandbox, a proxy, a stand-in).
    Live,
}

/// Probes `target` once; an error explains why it cannot be reached and what to do.
pub(crate) async fn probe(target: &HttpTarget) -> Result<TargetKind, Error> {
    let request = OutgoingRequest {
        method: "GET".into(),
        path: HEALTH_PATH.into(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: Vec::new(),
    };
    let sent = tokio::time::timeout(
        PROBE_TIMEOUT,
        target.send(Endpoint::InquireVaulting, &request),
    )
    .await;
    let exchange = match sent {
        Err(_) => {
            return Err(Error::from(TargetError::Timeout {
                url: format!("{}{HEALTH_PATH}", target.base_url()),
                after: PROBE_TIMEOUT,
            }));
        }
        Ok(Err(error)) => return Err(unreachable(target.base_url(), error)),
        Ok(Ok(exchange)) => exchange,
    };
    Ok(
        if exchange.status == Some(200) && says_mock(&exchange.response.body) {
            TargetKind::Mock
        } else {
            TargetKind::Live
        },
    )
}

/// Whether a health answer is a `vaultcheck mock`'s.
fn says_mock(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v["simulator"] == "vaultcheck")
}

/// One clear message for a target that cannot be reached.
pub(crate) fn unreachable(base_url: &str, error: TargetError) -> Error {
    let detail = match &error {
        TargetError::Connection { detail, .. } => detail,
        TargetError::Refused { .. } => {
            return Error::from(TargetError::Refused {
                url: base_url.to_owned(),
            });
        }
        _ => return Error::from(error),
    };
    let lower = detail.to_ascii_lowercase();
    let reason = if lower.contains("certificate")
        || lower.contains("unknownissuer")
        || lower.contains("invalid peer")
        || lower.contains("tls")
    {
        format!(
            "the TLS handshake failed ({}): install ca-certificates or set SSL_CERT_FILE to a CA bundle; behind an intercepting proxy, give its CA",
            crate::redact::text(detail)
        )
    } else if lower.contains("dns")
        || lower.contains("lookup")
        || lower.contains("resolve")
        || lower.contains("name or service not known")
    {
        format!(
            "the host name does not resolve ({}): check the URL or --region, the network's DNS, or give --proxy URL",
            crate::redact::text(detail)
        )
    } else {
        return Error::from(error);
    };
    Error::Config {
        setting: format!("cannot reach {base_url}"),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_and_certificate_failures_say_what_to_do() {
        let failure = |detail: &str| TargetError::Connection {
            url: "https://example.invalid".into(),
            detail: detail.into(),
            cause: None,
        };
        let dns = unreachable(
            "https://example.invalid",
            failure("error sending request: dns error: failed to lookup address information"),
        )
        .to_string();
        assert!(dns.contains("does not resolve"), "{dns}");
        let tls = unreachable(
            "https://example.invalid",
            failure("invalid peer certificate: UnknownIssuer"),
        )
        .to_string();
        assert!(
            tls.contains("install ca-certificates or set SSL_CERT_FILE"),
            "{tls}"
        );
        let refused = unreachable(
            "http://127.0.0.1:9",
            TargetError::Refused {
                url: "http://127.0.0.1:9".into(),
            },
        )
        .to_string();
        assert!(refused.contains("refused"), "{refused}");
        assert!(says_mock(br#"{"simulator":"vaultcheck","ok":true}"#));
        assert!(!says_mock(b"not found"));
    }
}
