//! `vaultcheck run --record FILE`: every exchange of a run, passing ones too, as NDJSON in
//! the format `vaultcheck check --exchanges` reads, redacted by the shared writer
//! (`exchange::record`: secrets keep their kind and length, so the checks judge the same shape).
//! Each line also names its `unit` and, for a request the harness sent, its `intent`, so
//! `check --exchanges` judges the step as the run did (request-kind checks included; a negative
//! request is not held to the request schema). Units come in suite order, each unit's steps in
//! the order they were sent, then the notifications it received.

use crate::check::Intent;
use crate::exchange::record::line_with;
use crate::runner::CaseRun;
use std::io::Write;
use std::path::Path;

/// The name an intent has in a recording (its serde name, as `check --exchanges` reads it).
fn intent_name(intent: Intent) -> String {
    match serde_json::to_value(intent) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::from("valid"),
    }
}

/// Every exchange of `runs`, one line each (each ending in a newline).
pub(crate) fn lines(runs: &[CaseRun]) -> impl Iterator<Item = String> + '_ {
    runs.iter().flat_map(|run| {
        let steps = run.history.steps.iter().map(move |step| {
            let intent = intent_name(step.intent);
            line_with(&step.exchange, &[("unit", &run.name), ("intent", &intent)]) + "\n"
        });
        let notifications = run
            .history
            .notifications
            .iter()
            .map(move |exchange| line_with(exchange, &[("unit", &run.name)]) + "\n");
        steps.chain(notifications)
    })
}

/// Writes the recording of `runs` to `file` (created or truncated) and returns how many
/// exchanges it holds.
pub(crate) fn write(runs: &[CaseRun], file: &Path) -> std::io::Result<usize> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file)?);
    let mut count = 0;
    for line in lines(runs) {
        out.write_all(line.as_bytes())?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Step;
    use crate::contract::Endpoint;
    use crate::exchange::Exchange;

    #[test]
    fn each_step_names_its_unit_and_intent_and_the_card_number_is_gone() {
        let mut run = CaseRun::new("refuse-bad-card", crate::runner::UnitKind::Fixed, "d", None);
        let exchange = Exchange::from_bodies(
            Endpoint::VaultPaymentMethod,
            br#"{"vaultingRequestId":"vr-1","paymentMethodDetail":{"card":{"cardNo":"4054695723100768"}}}"#,
            br#"{"result":{"resultStatus":"F","resultCode":"PARAM_ILLEGAL"}}"#,
        );
        run.history.steps.push(Step {
            exchange: exchange.clone(),
            intent: Intent::Invalid,
        });
        run.history.notifications.push(Exchange::from_bodies(
            Endpoint::NotifyVaulting,
            b"{}",
            b"{}",
        ));
        let lines: Vec<String> = lines(std::slice::from_ref(&run)).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.ends_with('\n')));
        assert!(!lines[0].contains("4054695723100768"), "{}", lines[0]);
        let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(first["unit"], "refuse-bad-card");
        assert_eq!(first["intent"], "invalid");
        assert_eq!(first["endpoint"], "vaultPaymentMethod");
        let second: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!(second["endpoint"], "notifyVaulting");
        assert!(second.get("intent").is_none());
    }
}
