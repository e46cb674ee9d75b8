//! A directory per failing exchange: the request as sent but with its secrets taken out (a
//! named card as `${card.NAME}`, any other card number, CVV or secret field as `${secret.N}`
//! with a note of its shape, in `meta.json`), the case's own earlier requests likewise, the
//! response and headers redacted, the findings, and `reproduce.sh`, which hands the folder to
//! `vaultcheck replay`: that puts the values back (the card table or `VAULTCHECK_CARD_<NAME>`),
//! re-sends the earlier requests and this one with fresh signatures, judges the answer again
//! and writes it redacted. No file here holds a card number, CVV, card token, signature or key.

mod placeholders;
pub use placeholders::Placeholder;

pub(crate) use placeholders::{CardTable, put_back};

use crate::Error;
use crate::check::{self, Step};
use crate::contract::usable_request_id;
use crate::redact;

use crate::runner::{ActionKind, CaseRun};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where a run sent its requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Origin {
    /// The base URL the requests went to (a password in it starred).
    pub base_url: String,
    /// The client id they were signed as.
    pub client_id: String,
    /// For runs against the embedded simulator: the faults it had (replay starts a fresh one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded_faults: Option<Vec<String>>,
    /// The run's named cards, so saved requests name them: never written (the numbers are
    /// secrets); a replay takes its own.
    #[serde(skip)]
    pub cards: RunCards,
}

/// The named cards of a run; its `Debug` shows their names only.
#[derive(Clone, Default)]
pub struct RunCards(pub(crate) CardTable);

impl std::fmt::Debug for RunCards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Origin {
    /// Where `setup` sends: its base URL and client id, and for the embedded simulator the
    /// faults it was started with (`None` for any other target).
    pub fn of(
        setup: &crate::runner::Setup,
        embedded_faults: Option<&[crate::sim::Fault]>,
    ) -> Origin {
        Origin {
            base_url: setup.client.target.base_url().to_owned(),
            client_id: setup
                .client
                .signer
                .as_ref()
                .map(|s| s.client_id.clone())
                .unwrap_or_default(),
            embedded_faults: embedded_faults
                .map(|faults| faults.iter().map(|f| f.name().to_owned()).collect()),
            cards: RunCards(setup.cards.clone()),
        }
    }

    /// Whether the run went to the embedded simulator.
    pub(crate) fn is_embedded(&self) -> bool {
        self.embedded_faults.is_some()
    }
}

/// What `meta.json` records about a saved exchange.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// The unit's title (`[flow] vault-then-inquire`).
    pub case: String,
    /// The saved exchange's place in the case, from 1.
    pub step: usize,
    /// The operation, by name.
    pub endpoint: String,
    /// The HTTP method sent.
    pub method: String,
    /// The path sent (the sandbox path where the run used it).
    pub path: String,
    /// Where the run sent its requests.
    #[serde(flatten)]
    pub origin: Origin,
    /// How the request was meant to be signed and judged.
    pub intent: check::Intent,
    /// The HTTP status answered, if any.
    pub status: Option<u16>,
    /// The case's own exchanges before this one, saved as `before-NN.json`: replay sends them
    /// first, so the state the failing exchange met is rebuilt. A generated case of a property
    /// group brings only its own requests, never the group's.
    #[serde(default)]
    pub before: Vec<Earlier>,
    /// The secrets taken out of the saved requests, and how replay puts values back.
    #[serde(default)]
    pub placeholders: Vec<Placeholder>,
    /// Steps of the case between its requests that replay cannot repeat (approving a 3DS
    /// page, awaiting a notification), in words.
    #[serde(default)]
    pub unreplayable: Vec<String>,
}

/// An exchange that came before the saved one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Earlier {
    /// The operation, by name.
    pub endpoint: String,
    /// The HTTP method sent.
    pub method: String,
    /// How it was meant to be signed and judged.
    pub intent: check::Intent,
    /// The file it is saved in (`before-01.json`).
    pub file: String,
}

fn script(meta: &Meta) -> String {
    let default_target = if meta.origin.is_embedded() {
        "a fresh embedded simulator with the run's faults".to_owned()
    } else {
        meta.origin.base_url.clone()
    };
    format!(
        "#!/usr/bin/env bash\n\
         # Replays exchange {step} of {case}: the case's {earlier} earlier request(s), then this one,\n\
         # each signed afresh, and judges the answer again (exit 0 conforms, 1 violations, 2 error).\n\
         # Target: VAULTCHECK_BASE_URL (default: {default_target}).\n\
         # Credentials as for `vaultcheck run`: VAULTCHECK_CLIENT_ID and VAULTCHECK_PRIVATE_KEY (the key\n\
         # itself or a path to it), VAULTCHECK_ANTOM_PUBLIC_KEY to verify the answer's signature.\n\
         # Card numbers come back from the named card table or VAULTCHECK_CARD_<NAME>; the answer is\n\
         # written redacted to replayed.json here. VAULTCHECK names the binary if it is not on PATH.\n\
         set -euo pipefail\n\
         here=$(cd \"$(dirname \"$0\")\" && pwd)\n\
         args=()\n\
         if [ -n \"${{VAULTCHECK_BASE_URL:-}}\" ]; then args+=(--target \"$VAULTCHECK_BASE_URL\"); fi\n\
         exec \"${{VAULTCHECK:-vaultcheck}}\" replay \"$here\" ${{args[@]+\"${{args[@]}}\"}} \"$@\"\n",
        step = meta.step,
        case = meta.case.replace('\n', " "),
        earlier = meta.before.len(),
    )
}

fn write(dir: &Path, name: &str, content: &[u8]) -> Result<(), Error> {
    let path = dir.join(name);
    std::fs::write(&path, content).map_err(|e| Error::io("write", path, e))
}

/// Removes the reproductions an earlier run left in `root` (only directories holding a
/// `meta.json`: nothing else there is touched), so the directory describes this run alone.
pub(crate) fn clear(root: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.join("meta.json").is_file() {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// The indices of the steps before `index` that belong to the same case. A fixed case or flow
/// is one case; a property group is many generated cases in a row, each its own requests with
/// its own `vaultingRequestId`, so only the run of steps just before `index` carrying the same
/// id belongs to it.
pub(crate) fn own_earlier_steps(run: &CaseRun, index: usize) -> std::ops::Range<usize> {
    // The coverage phase, like a property group, sends independent requests, each its own id.
    if !run.kind.is_generated() {
        return 0..index;
    }
    let id_of = |step: &Step| {
        check::history::json(&step.exchange.request.body)
            .and_then(|v| usable_request_id(&v).map(str::to_owned))
    };
    let Some(id) = id_of(&run.history.steps[index]) else {
        return index..index;
    };
    let start = (0..index)
        .rev()
        .take_while(|&i| id_of(&run.history.steps[i]).as_deref() == Some(id.as_str()))
        .last()
        .unwrap_or(index);
    start..index
}

/// The run's steps that were not requests and came before its `index`-th exchange, in words:
/// what replay cannot repeat. Read from the run's record, so a `--cases-dir` case is listed as
/// a built-in one is.
fn unreplayable_before(run: &CaseRun, index: usize) -> Vec<String> {
    run.actions
        .iter()
        .filter(|action| action.after <= index)
        .map(|action| {
            let calls = action.after;
            match action.kind {
                ActionKind::Approve3ds => format!(
                    "approve-3ds after request {calls}: replay cannot approve a 3DS page, so the vaulting stays PROCESSING"
                ),
                ActionKind::Decline3ds => format!(
                    "decline-3ds after request {calls}: replay cannot decline a 3DS page, so the vaulting stays PROCESSING"
                ),
                ActionKind::AwaitNotification => format!(
                    "await-notification after request {calls}: replay listens for no notification"
                ),
            }
        })
        .collect()
}

/// Saves every step of a failing run that drew a violation (or, when only the case as a whole
/// failed, its last step); returns the directories written.
pub fn save(root: &Path, run: &CaseRun, origin: &Origin) -> Result<Vec<PathBuf>, Error> {
    // The run's own findings, tied to their steps (after --strict made warnings count):
    // nothing is judged again here.
    let judged: Vec<Vec<check::Finding>> = (0..run.history.steps.len())
        .map(|index| {
            run.findings
                .iter()
                .filter(|f| f.step == Some(index) && f.severity == check::Severity::Violation)
                .cloned()
                .collect()
        })
        .collect();
    let mut chosen: Vec<usize> = (0..judged.len())
        .filter(|i| !judged[*i].is_empty())
        .collect();
    if chosen.is_empty() && !judged.is_empty() {
        chosen.push(judged.len() - 1);
    }
    let mut written = Vec::new();
    for index in chosen {
        let dir = root.join(format!("{}-{}-exchange{}", run.kind, run.name, index + 1));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        save_step(&dir, run, index, origin, &judged[index], &origin.cards.0)?;
        written.push(dir);
    }
    Ok(written)
}

fn save_step(
    dir: &Path,
    run: &CaseRun,
    index: usize,
    origin: &Origin,
    findings: &[check::Finding],
    cards: &CardTable,
) -> Result<(), Error> {
    let step = &run.history.steps[index];
    let exchange = &step.exchange;
    let earlier = own_earlier_steps(run, index);
    let mut next_secret = 0;
    let mut placeholders = Vec::new();
    let mut before = Vec::new();
    for (n, i) in earlier.clone().enumerate() {
        let earlier_step = &run.history.steps[i];
        let file = format!("before-{:02}.json", n + 1);
        let (body, mut taken) = placeholders::take_out(
            &file,
            &earlier_step.exchange.request.body,
            cards,
            &mut next_secret,
        );
        write(dir, &file, &body)?;
        placeholders.append(&mut taken);
        before.push(Earlier {
            endpoint: earlier_step.exchange.endpoint.name().to_owned(),
            method: earlier_step.exchange.method.clone(),
            intent: earlier_step.intent,
            file,
        });
    }
    let (body, mut taken) = placeholders::take_out(
        "request.json",
        &exchange.request.body,
        cards,
        &mut next_secret,
    );
    write(dir, "request.json", &body)?;
    placeholders.append(&mut taken);
    let meta = Meta {
        case: run.title(),
        step: index + 1,
        endpoint: exchange.endpoint.name().to_owned(),
        method: exchange.method.clone(),
        path: exchange.path.clone(),
        origin: Origin {
            base_url: redact::url_credentials(&origin.base_url),
            ..origin.clone()
        },
        intent: step.intent,
        status: exchange.status,
        unreplayable: unreplayable_before(run, index),
        before,
        placeholders,
    };
    write(
        dir,
        "meta.json",
        serde_json::to_string_pretty(&meta)
            .expect("meta serializes")
            .as_bytes(),
    )?;
    write(
        dir,
        "response.json",
        redacted_body(&exchange.response.body).as_bytes(),
    )?;
    write(
        dir,
        "response.headers",
        redacted_headers(exchange.response.headers.as_deref()).as_bytes(),
    )?;
    let mut text = run.failure_text();
    text.push('\n');
    for finding in findings {
        text.push_str(&format!("this step: {finding}\n"));
    }
    write(dir, "findings.txt", redact::text(&text).as_bytes())?;
    write(dir, "reproduce.sh", script(&meta).as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            dir.join("reproduce.sh"),
            std::fs::Permissions::from_mode(0o755),
        );
    }
    Ok(())
}

/// A body as it may be written to a file: JSON with every secret field replaced and card-like
/// numbers masked, or the text with card-like numbers masked.
pub(crate) fn redacted_body(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => {
            serde_json::to_string_pretty(&redact::document(&value)).expect("a Value serializes")
        }
        Err(_) => redact::text(&String::from_utf8_lossy(body)).into_owned(),
    }
}

/// Header lines as they may be written to a file: secret headers (`Signature`) replaced.
pub(crate) fn redacted_headers(headers: Option<&[(String, String)]>) -> String {
    headers
        .into_iter()
        .flatten()
        .map(|(n, v)| {
            if redact::is_secret_field(n) {
                format!("{n}: [redacted]\n")
            } else {
                format!("{n}: {}\n", redact::text(v))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::{Action, UnitKind};

    #[test]
    fn unreplayable_steps_come_from_the_runs_record_whatever_case_file_it_ran() {
        // A case of the user's own (no built-in case has this name): vault, approve the 3DS
        // page, inquire, await the notification, inquire again.
        let mut run = CaseRun::new("my-own-3ds-flow", UnitKind::Flow, "d", None);
        run.actions = vec![
            Action {
                after: 1,
                kind: ActionKind::Approve3ds,
            },
            Action {
                after: 2,
                kind: ActionKind::AwaitNotification,
            },
        ];
        assert!(unreplayable_before(&run, 0).is_empty());
        let before_inquiry = unreplayable_before(&run, 1);
        assert_eq!(before_inquiry.len(), 1, "{before_inquiry:?}");
        assert!(before_inquiry[0].starts_with("approve-3ds after request 1"));
        let before_last = unreplayable_before(&run, 2);
        assert_eq!(before_last.len(), 2, "{before_last:?}");
        assert!(before_last[1].starts_with("await-notification after request 2"));
    }
}
