//! What the proxy reports as traffic passes: an exchange judged (with its findings), an
//! exchange forwarded but not judged, the proxy's own answers (an upstream that failed, a
//! request too large), and troubles of its own (a recording that cannot be written, a judging
//! queue that is full). Each renders as redacted lines for the log.

use crate::check::{Finding, Severity};
use crate::contract::Endpoint;
use crate::redact;

/// One thing that happened in the proxy.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// An exchange with a Vault operation, forwarded and judged.
    Judged {
        /// The exchange's number, from 1, in the order requests arrived.
        number: u64,
        endpoint: Endpoint,
        status: u16,
        /// `resultStatus`/`resultCode` of the answer, when it has them.
        result: Option<String>,
        findings: Vec<Finding>,
    },
    /// A request to a path that is no Vault operation: forwarded, answered, not judged.
    Unjudged {
        number: u64,
        method: String,
        path: String,
        status: u16,
    },
    /// The upstream could not be reached, was too slow, or answered too much: the client got
    /// the proxy's own answer with `status`.
    UpstreamFailed {
        number: u64,
        method: String,
        path: String,
        problem: String,
        status: u16,
    },
    /// The request body exceeded the cap: not forwarded; the client got HTTP 413.
    RequestTooLarge {
        number: u64,
        method: String,
        path: String,
        limit: usize,
    },
    /// The recording file could not be written; recording stops, forwarding goes on.
    RecordFailed { problem: String },
    /// The judging queue was full: the exchange was forwarded but not judged.
    Backlogged { number: u64 },
}

impl Event {
    /// The event as log lines, redacted: an exchange line, then one line per finding.
    pub(crate) fn lines(&self) -> Vec<String> {
        let lines = match self {
            Event::Judged {
                number,
                endpoint,
                status,
                result,
                findings,
            } => {
                let violations = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Violation)
                    .count();
                let verdict = if violations == 0 {
                    "conforms".to_owned()
                } else {
                    format!("{violations} violation(s)")
                };
                let result = result.as_deref().unwrap_or("no result");
                let mut lines = vec![format!(
                    "#{number} {endpoint} -> HTTP {status} {result}: {verdict}"
                )];
                lines.extend(findings.iter().map(|f| format!("#{number}   {f}")));
                lines
            }
            Event::Unjudged {
                number,
                method,
                path,
                status,
            } => vec![format!(
                "#{number} {method} {path} -> HTTP {status}: not a Vault operation; forwarded, not judged"
            )],
            Event::UpstreamFailed {
                number,
                method,
                path,
                problem,
                status,
            } => vec![format!(
                "#{number} {method} {path}: {problem}; answered HTTP {status} to the client"
            )],
            Event::RequestTooLarge {
                number,
                method,
                path,
                limit,
            } => vec![format!(
                "#{number} {method} {path}: request body larger than {limit} bytes; not forwarded, answered HTTP 413"
            )],
            Event::RecordFailed { problem } => {
                vec![format!("recording stopped: {problem}")]
            }
            Event::Backlogged { number } => vec![format!(
                "#{number}: the judging queue is full; forwarded, not judged"
            )],
        };
        lines
            .into_iter()
            .map(|line| redact::text(&line).into_owned())
            .collect()
    }
}
