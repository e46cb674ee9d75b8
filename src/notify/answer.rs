//! How the receiver answered one notification: its HTTP status (or why no answer came), whether
//! the answer is the documented acknowledgement, and whether it accepts the notification as
//! SUCCESS in any way (`contract::acknowledgement`). No body is kept: an answer may quote the
//! notification, card token and all.

use super::suite::Probe;
use crate::contract::acknowledgement;
use crate::exchange::Exchange;

/// The receiver's answer to one notification of the suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The notification it answers.
    pub probe: Probe,
    /// The HTTP status; `None` when no answer came (the connection closed, a timeout).
    pub status: Option<u16>,
    /// Why the answer is not the documented acknowledgement (HTTP 200, `resultStatus` `S`,
    /// `resultCode` `SUCCESS`); `None` when it is.
    pub problem: Option<String>,
    /// Whether the answer accepts the notification as SUCCESS in any way (HTTP 200 with
    /// `resultStatus` `S` or `resultCode` `SUCCESS`).
    pub accepted: bool,
}

impl Answer {
    /// The answer an exchange carries.
    pub(crate) fn of(probe: Probe, exchange: &Exchange) -> Answer {
        let body = &exchange.response.body;
        Answer {
            probe,
            status: exchange.status,
            problem: acknowledgement::problem(exchange.status, body),
            accepted: acknowledgement::accepts(exchange.status, body),
        }
    }

    /// No answer came: `why` says what happened instead (redacted).
    pub(crate) fn none(probe: Probe, why: &str) -> Answer {
        Answer {
            probe,
            status: None,
            problem: Some(format!(
                "no answer ({})",
                crate::redact::text(why)
                    .chars()
                    .take(200)
                    .collect::<String>()
            )),
            accepted: false,
        }
    }

    /// Whether the answer is the documented acknowledgement.
    pub fn acknowledged(&self) -> bool {
        self.problem.is_none()
    }

    /// One line: `genuine-success: HTTP 200, acknowledged`.
    pub fn line(&self) -> String {
        let status = self
            .status
            .map_or_else(|| "no answer".to_owned(), |s| format!("HTTP {s}"));
        let verdict = match (&self.problem, self.accepted) {
            (None, _) => "acknowledged".to_owned(),
            (Some(_), true) => "accepted as SUCCESS, not the documented acknowledgement".to_owned(),
            (Some(problem), false) => format!("refused or not acknowledged: {problem}"),
        };
        crate::redact::text(&format!("{}: {status}, {verdict}", self.probe.name())).into_owned()
    }
}
