//! A directory per failing exchange: the request exactly as sent (vaultcheck only sends test
//! data it made), the response with secrets redacted, the findings, and `reproduce.sh`, which
//! re-sends the request with a freshly made signature (`vaultcheck sign`) using curl.
//! `vaultcheck replay` reads the same directory.

use crate::Error;
use crate::check::{self, Step};
use crate::redact;
use crate::runner::CaseRun;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where a run sent its requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Origin {
    pub base_url: String,
    pub client_id: String,
    /// For runs against the embedded simulator: the faults it had (replay starts a fresh one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded_faults: Option<Vec<String>>,
}

/// What `meta.json` records about a saved exchange.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub case: String,
    pub step: usize,
    pub endpoint: String,
    pub method: String,
    pub path: String,
    #[serde(flatten)]
    pub origin: Origin,
    pub intent: check::Intent,
    pub status: Option<u16>,
    /// The exchanges of the case before this one, saved as `before-NN.json`: replay sends them
    /// first, so the state the failing exchange met is rebuilt.
    #[serde(default)]
    pub before: Vec<Earlier>,
}

/// An exchange that came before the saved one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Earlier {
    pub endpoint: String,
    pub method: String,
    pub intent: check::Intent,
    pub file: String,
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn script(meta: &Meta) -> String {
    format!(
        "#!/usr/bin/env bash\n\
         # Re-sends exchange {step} of {case} with a fresh signature. Needs the merchant key in\n\
         # VAULTCHECK_PRIVATE_KEY_FILE and vaultcheck on PATH (or set VAULTCHECK=path/to/vaultcheck).\n\
         set -euo pipefail\n\
         cd \"$(dirname \"$0\")\"\n\
         TIME=$(date +%s%3N)\n\
         SIG=$(\"${{VAULTCHECK:-vaultcheck}}\" sign --private-key \"${{VAULTCHECK_PRIVATE_KEY_FILE:?set it to the merchant private key file}}\" \\\n  --client-id {client} --request-time \"$TIME\" --path {path} --body request.json)\n\
         curl -sS -X {method} {url} \\\n  -H 'Content-Type: application/json; charset=UTF-8' -H {client_header} \\\n  -H \"Request-Time: $TIME\" -H \"Signature: $SIG\" \\\n  --data-binary @request.json -D replayed.headers -o replayed.json\n\
         echo \"answer in replayed.json (headers in replayed.headers)\"\n",
        step = meta.step,
        case = meta.case,
        client = shell_quote(&meta.origin.client_id),
        path = shell_quote(&meta.path),
        method = meta.method,
        url = shell_quote(&format!("{}{}", meta.origin.base_url, meta.path)),
        client_header = shell_quote(&format!("Client-Id: {}", meta.origin.client_id)),
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

/// Saves every step of a failing run that drew a violation (or, when only the case as a whole
/// failed, its last step); returns the directories written.
pub(crate) fn save(
    root: &Path,
    run: &CaseRun,
    origin: &Origin,
    antom_key: Option<&crate::protocol::PublicKey>,
) -> Result<Vec<PathBuf>, Error> {
    let judged: Vec<Vec<check::Finding>> = run
        .history
        .steps
        .iter()
        .map(|step| {
            check::judge_step(step, antom_key)
                .into_iter()
                .filter(|f| f.severity == check::Severity::Violation)
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
        save_step(
            &dir,
            run,
            index,
            &run.history.steps[index],
            origin,
            &judged[index],
        )?;
        written.push(dir);
    }
    Ok(written)
}

fn save_step(
    dir: &Path,
    run: &CaseRun,
    index: usize,
    step: &Step,
    origin: &Origin,
    findings: &[check::Finding],
) -> Result<(), Error> {
    let exchange = &step.exchange;
    let meta = Meta {
        case: run.title(),
        step: index + 1,
        endpoint: exchange.endpoint.name().to_owned(),
        method: exchange.method.clone(),
        path: exchange.path.clone(),
        origin: origin.clone(),
        intent: step.intent,
        status: exchange.status,
        before: run.history.steps[..index]
            .iter()
            .enumerate()
            .map(|(n, earlier)| Earlier {
                endpoint: earlier.exchange.endpoint.name().to_owned(),
                method: earlier.exchange.method.clone(),
                intent: earlier.intent,
                file: format!("before-{:02}.json", n + 1),
            })
            .collect(),
    };
    for (earlier, step) in meta.before.iter().zip(&run.history.steps) {
        write(dir, &earlier.file, &step.exchange.request.body)?;
    }
    write(
        dir,
        "meta.json",
        serde_json::to_string_pretty(&meta)
            .expect("meta serializes")
            .as_bytes(),
    )?;
    write(dir, "request.json", &exchange.request.body)?;
    let response = match serde_json::from_slice::<serde_json::Value>(&exchange.response.body) {
        Ok(value) => {
            serde_json::to_string_pretty(&redact::document(&value)).expect("a Value serializes")
        }
        Err(_) => redact::text(&String::from_utf8_lossy(&exchange.response.body)).into_owned(),
    };
    write(dir, "response.json", response.as_bytes())?;
    let headers: String = exchange
        .response
        .headers
        .iter()
        .flatten()
        .map(|(n, v)| {
            if redact::is_secret_field(n) {
                format!("{n}: [redacted]\n")
            } else {
                format!("{n}: {v}\n")
            }
        })
        .collect();
    write(dir, "response.headers", headers.as_bytes())?;
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
