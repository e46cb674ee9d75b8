//! The merchant's notification receiver under test (`vaultcheck notify`, DESIGN's "The
//! merchant's side"): vaultcheck plays Antom and sends a suite of notifyVaulting requests to the
//! receiver, signed over the receiver's own path — a genuine success and failure, the success
//! again (Antom resends), one with an altered signature, one with a tampered body, one
//! unsigned, some signed over another path — and judges each answer with the receiver rules
//! (`notification_acknowledged`, `fail_notification_acknowledged`,
//! `repeat_notification_acknowledged`: documented; `forged_notification_refused`,
//! `unsigned_notification_refused`, `wrong_path_notification_refused`: security).
//!
//! From a merchant's own `cargo test`:
//!
//! ```ignore
//! let report = ReceiverTest::new(antom_private_key)
//!     .router(my_app_router(), "/antom/notify")
//!     .await?;
//! report.assert_conforms();
//! ```
//!
//! The README's "Test your notification receiver" is a complete test with an axum receiver.
//!
//! Files: `suite` (the notifications and their signing), `answer` (what came back), `judge`
//! (the rules), `serve` (an in-process router on loopback for the run).

mod answer;
mod judge;
mod serve;
mod suite;

pub use answer::Answer;
pub use suite::Probe;

use crate::Error;
use crate::check::{CheckId, Finding, has_violation};
use crate::contract::Endpoint;
use crate::protocol::keys::PrivateKey;
use crate::transport::{HttpTarget, Limits, OutgoingRequest, Proxy};
use std::collections::BTreeSet;
use std::time::Duration;

/// The client id notifications carry unless told otherwise (the docs' sandbox sample).
pub const DEFAULT_CLIENT_ID: &str = "SANDBOX_5X00000000000000";

/// A test of a notification receiver: who signs (Antom's private key; the receiver verifies
/// with its public half), as which client id, and how long an answer may take.
#[derive(Clone)]
pub struct ReceiverTest {
    antom_key: PrivateKey,
    client_id: String,
    timeout: Duration,
}

impl std::fmt::Debug for ReceiverTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverTest")
            .field("client_id", &self.client_id)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ReceiverTest {
    /// A test signing as Antom with `antom_key`, as [`DEFAULT_CLIENT_ID`], each answer bounded
    /// by 10 s.
    pub fn new(antom_key: PrivateKey) -> Self {
        ReceiverTest {
            antom_key,
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            timeout: Duration::from_secs(10),
        }
    }

    /// The `client-id` the notifications carry (and are signed with).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self
    }

    /// The longest wait for one answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs the suite against the receiver at `url` (`http://` or `https://`; its path and
    /// query are what genuine notifications are signed over). An error when the receiver cannot
    /// be reached at all (the first notification gets no answer) or `url` is unusable.
    pub async fn url(&self, url: &str) -> Result<ReceiverReport, Error> {
        let shown = crate::redact::url_credentials(url.trim());
        let parsed = url::Url::parse(url.trim()).map_err(|e| Error::Config {
            setting: "--to".into(),
            reason: format!("`{shown}` is not a URL ({e}); give the receiver's http(s) URL"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::Config {
                setting: "--to".into(),
                reason: format!("`{shown}` is not an http(s) URL with a host"),
            });
        }
        let origin = parsed[..url::Position::BeforePath].to_owned();
        let path = parsed[url::Position::BeforePath..url::Position::AfterQuery].to_owned();
        let limits = Limits {
            connect_timeout: self.timeout.min(Duration::from_secs(5)),
            timeout: self.timeout,
            max_body: 1 << 20,
        };
        let target = HttpTarget::with_proxy(&origin, limits, &Proxy::FromEnvironment)?;
        let run = crate::protocol::time::now_millis().to_string();
        let signing = suite::Signing {
            antom_key: &self.antom_key,
            client_id: &self.client_id,
            path: &path,
        };
        let mut answers = Vec::new();
        for prepared in suite::plan(&signing, &run) {
            let request = OutgoingRequest {
                method: "POST".into(),
                path: path.clone(),
                headers: prepared.headers,
                body: prepared.body,
            };
            match target.send(Endpoint::NotifyVaulting, &request).await {
                Ok(exchange) => answers.push(Answer::of(prepared.probe, &exchange)),
                // Nothing answered the first notification: the receiver is not there.
                Err(error) if answers.is_empty() => return Err(error.into()),
                Err(error) => answers.push(Answer::none(prepared.probe, &error.to_string())),
            }
        }
        let findings = judge::judge(&answers);
        Ok(ReceiverReport {
            target: shown,
            answers,
            findings,
        })
    }

    /// Runs the suite against an in-process axum router, served on 127.0.0.1 (port 0) for the
    /// run and stopped after it; `path` is where the router receives notifications
    /// (`/antom/notify`).
    pub async fn router(&self, router: axum::Router, path: &str) -> Result<ReceiverReport, Error> {
        let served = serve::Served::start(router).await?;
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let report = self.url(&format!("{}{path}", served.origin())).await;
        served.stop().await;
        report
    }
}

/// What a run of the suite found: every answer, and the findings of the receiver rules.
#[derive(Debug, Clone)]
pub struct ReceiverReport {
    /// The receiver's URL (a password in it starred).
    pub target: String,
    /// The answer to every notification, in the order they were sent.
    pub answers: Vec<Answer>,
    /// The findings, each naming its receiver rule ([`CheckId`]); already redacted.
    pub findings: Vec<Finding>,
}

impl ReceiverReport {
    /// Whether no rule was broken.
    pub fn conforms(&self) -> bool {
        !has_violation(&self.findings)
    }

    /// The rules that were broken.
    pub fn violated(&self) -> BTreeSet<CheckId> {
        self.findings.iter().map(|f| f.check).collect()
    }

    /// Panics, listing every answer and finding (redacted), unless the receiver conforms.
    #[track_caller]
    pub fn assert_conforms(&self) {
        if !self.conforms() {
            panic!("{}", self.text());
        }
    }

    /// The report as text: one line per answer, then the findings rolled up by check (one
    /// line per check with its count), then a verdict line. Redacted.
    pub fn text(&self) -> String {
        let mut out = format!("vaultcheck notify {}\n", self.target);
        for answer in &self.answers {
            out.push_str(&format!("  {}\n", answer.line()));
        }
        for (check, findings) in self.by_check() {
            out.push_str(&format!(
                "{check} [{}, basis: {}] {} notification(s): {}\n",
                findings[0].severity,
                findings[0].basis,
                findings.len(),
                findings[0].message()
            ));
            for finding in &findings[1..] {
                out.push_str(&format!("  also {}\n", finding.message()));
            }
            out.push_str(&format!("  ({})\n", findings[0].spec));
        }
        let checks = self.violated().len();
        out.push_str(&if self.conforms() {
            format!(
                "receiver conforms: {} notifications, every rule kept\n",
                self.answers.len()
            )
        } else {
            format!(
                "receiver does not conform: {} violations of {checks} rule(s) over {} notifications\n",
                self.findings.len(),
                self.answers.len()
            )
        });
        crate::redact::text(&out).into_owned()
    }

    /// The findings grouped by check, in catalogue order.
    pub fn by_check(&self) -> Vec<(CheckId, Vec<&Finding>)> {
        let mut groups: Vec<(CheckId, Vec<&Finding>)> = Vec::new();
        for check in self.violated() {
            groups.push((
                check,
                self.findings.iter().filter(|f| f.check == check).collect(),
            ));
        }
        groups
    }
}

/// The receiver rules, in catalogue order.
pub fn rules() -> Vec<CheckId> {
    CheckId::ALL
        .iter()
        .copied()
        .filter(|c| c.kind() == crate::check::CheckKind::Receiver)
        .collect()
}
