//! Runs one case: substitutes variables, signs each call as its intent says, sends it, checks
//! the expectations, keeps values for later steps, then judges every step and the history.

use super::outcome::{Action, ActionKind, CaseRun};
use super::setup::Setup;
use super::vars::Vars;
use crate::Error;
use crate::cases::{Expect, NamedCase, StepSpec};
use crate::check::{self, History, MissedNotification, Step};
use crate::contract::Endpoint;
use crate::exchange::Exchange;
use serde_json::Value;
use std::time::Duration;

/// How long a case waits for a notification.
pub(crate) const NOTIFICATION_WAIT: Duration = Duration::from_secs(10);

/// The body bytes of a step: a JSON string is sent as raw text (for malformed bodies).
fn body_bytes(body: &Value) -> Vec<u8> {
    match body {
        Value::String(raw) => raw.as_bytes().to_vec(),
        other => serde_json::to_vec(other).expect("a Value serializes"),
    }
}

/// Judges an answer against a step's expectations; returns what was not met.
pub(crate) fn unmet(expect: &Expect, exchange: &Exchange) -> Vec<String> {
    let mut out = Vec::new();
    let answer: Value = serde_json::from_slice(&exchange.response.body).unwrap_or(Value::Null);
    let mut want = |pointer: &str, expected: &Value| {
        let found = answer.pointer(pointer);
        if found != Some(expected) {
            // Both sides pass redaction: an expectation may hold a saved token or a card.
            out.push(format!(
                "{pointer}: expected {}, found {}",
                crate::redact::value(pointer, expected),
                found.map_or_else(
                    || "nothing".to_owned(),
                    |v| crate::redact::value(pointer, v)
                )
            ));
        }
    };
    if let Some(status) = &expect.result_status {
        want("/result/resultStatus", &Value::String(status.clone()));
    }
    if let Some(code) = &expect.result_code {
        want("/result/resultCode", &Value::String(code.clone()));
    }
    for (pointer, value) in &expect.equals {
        want(pointer, value);
    }
    for (pointer, suffix) in &expect.ends_with {
        if !answer
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|s| s.ends_with(suffix.as_str()))
        {
            out.push(format!("{pointer}: expected a string ending in {suffix}"));
        }
    }
    for pointer in &expect.present {
        if answer.pointer(pointer).is_none() {
            out.push(format!("{pointer}: expected present, found nothing"));
        }
    }
    for pointer in &expect.absent {
        if answer.pointer(pointer).is_some() {
            out.push(format!("{pointer}: expected absent, found a value"));
        }
    }
    if let Some(status) = expect.http_status
        && exchange.status != Some(status)
    {
        out.push(format!(
            "HTTP status: expected {status}, found {:?}",
            exchange.status
        ));
    }
    out
}

/// A fresh id for a case in this run: at most `REQUEST_ID_MAX` characters (the contract counts
/// characters, so a multibyte case name is cut between characters, never inside one).
pub(crate) fn fresh_id(setup: &Setup, case: &str, suffix: &str) -> String {
    fresh_id_from(&setup.nonce, case, suffix)
}

fn fresh_id_from(nonce: &str, case: &str, suffix: &str) -> String {
    // The case name gives way, never the suffix: `${id}` and `${id2}` stay distinct.
    let prefix = format!("vc-{nonce}-");
    let room = (crate::contract::shapes::REQUEST_ID_MAX as usize)
        .saturating_sub(prefix.chars().count() + suffix.chars().count());
    let case: String = case.chars().take(room).collect();
    format!("{prefix}{case}{suffix}")
}

/// Why a step cannot run on this target, if it cannot: it needs the simulator's controls, the
/// local notification listener, or a test card the target lacks.
fn blocker(setup: &Setup, spec: &StepSpec) -> Option<String> {
    if spec.needs_simulator() && !setup.controls {
        return Some(format!("{}, which needs the simulator", spec.action()));
    }
    if matches!(spec, StepSpec::AwaitNotification { .. }) && setup.listener.is_none() {
        return Some(format!(
            "{}, which needs the simulator (notifications reach only vaultcheck's local listener)",
            spec.action()
        ));
    }
    if let StepSpec::Call { body, expect, .. } = spec {
        let mut text = body.to_string();
        for value in expect.equals.values() {
            text.push_str(&value.to_string());
        }
        for suffix in expect.ends_with.values() {
            text.push_str(suffix);
        }
        if let Some(missing) = crate::cases::cards_named(&text)
            .into_iter()
            .find(|name| !setup.cards.contains_key(name))
        {
            let var = format!("VAULTCHECK_CARD_{}", missing.to_ascii_uppercase());
            return Some(format!(
                "{}, which needs the `{missing}` test card: set {var} to run it on this target",
                spec.action()
            ));
        }
    }
    None
}

/// Runs one case as far as the target allows: to the end, to the first step the target cannot
/// serve (then the case is partial, or skipped if that is its first step), or to the first
/// harness error. Every step reached is judged.
pub(crate) async fn run_case(setup: &Setup, named: &NamedCase) -> CaseRun {
    let mut run = CaseRun::new(
        &named.name,
        named.kind(),
        &named.case.description,
        named.case.xfail.clone(),
    );
    let mut vars = Vars::new(&named.name);
    vars.set("id", fresh_id(setup, &named.name, ""));
    vars.set("id2", fresh_id(setup, &named.name, "-2"));
    vars.set("notify", setup.notify_url.clone());
    for (name, number) in &setup.cards {
        vars.set(format!("card.{name}"), number.clone());
        vars.set(
            format!("card.{name}.last4"),
            crate::contract::cards::last_four(number).to_owned(),
        );
        vars.set(
            format!("card.{name}.brand"),
            crate::contract::cards::brand_for_number(number).to_owned(),
        );
    }
    let mut history = History {
        antom_key: setup.antom_key.clone(),
        ..History::default()
    };
    for (index, spec) in named.case.steps.iter().enumerate() {
        let label = format!("step {}", index + 1);
        if let Some(reason) = blocker(setup, spec) {
            if index == 0 {
                run.skipped = Some(format!("its first step is {reason}"));
                return run;
            }
            run.partial = Some(format!("partial: stopped before {reason} ({label})"));
            return judged(setup, run, history);
        }
        if setup.stop.is_stopped() {
            run.error = Some(super::stop::interrupted().at(label));
            run.history = history;
            return run;
        }
        match spec {
            StepSpec::Call {
                endpoint,
                body,
                intent,
                method,
                expect,
                save,
                retry_unknown,
                ..
            } => {
                let Some(endpoint) = Endpoint::parse(endpoint) else {
                    run.error = Some(
                        Error::Case {
                            case: named.name.clone(),
                            reason: format!("unknown endpoint `{endpoint}`"),
                        }
                        .at(label),
                    );
                    run.history = history;
                    return run;
                };
                let (bytes, expect) = match substituted(&vars, body, expect) {
                    Ok((body, expect)) => (body_bytes(&body), expect),
                    Err(error) => {
                        run.error = Some(error.at(label));
                        run.history = history;
                        return run;
                    }
                };
                let sent = super::send::send(
                    setup,
                    &mut run,
                    endpoint,
                    &bytes,
                    *intent,
                    method.as_deref(),
                    *retry_unknown,
                )
                .await;
                let exchange = match sent {
                    Ok(sent) => {
                        history
                            .steps
                            .extend(sent.unknown.into_iter().map(|exchange| Step {
                                exchange,
                                intent: *intent,
                            }));
                        sent.last
                    }
                    Err(error) => {
                        run.error = Some(error.at(label));
                        run.history = history;
                        return run;
                    }
                };
                for problem in unmet(&expect, &exchange) {
                    run.unmet.push(format!("{label} ({endpoint}): {problem}"));
                }
                let answer: Value =
                    serde_json::from_slice(&exchange.response.body).unwrap_or(Value::Null);
                history.steps.push(Step {
                    exchange,
                    intent: *intent,
                });
                for (name, pointer) in save {
                    match answer.pointer(pointer).and_then(Value::as_str) {
                        Some(value) => {
                            vars.set(name.clone(), value);
                        }
                        None => {
                            // Later steps need the value: the case ends here, judged so far.
                            run.unmet.push(format!("{label}: nothing to save as `{name}` at {pointer}; the case stops here"));
                            return judged(setup, run, history);
                        }
                    }
                }
            }
            StepSpec::Approve3ds { url } | StepSpec::Decline3ds { url } => {
                let (action, kind) = if matches!(spec, StepSpec::Approve3ds { .. }) {
                    ("approve", ActionKind::Approve3ds)
                } else {
                    ("decline", ActionKind::Decline3ds)
                };
                run.actions.push(Action {
                    after: history.steps.len(),
                    kind,
                });
                let url = match vars.substitute_text(url) {
                    Ok(url) => format!("{url}/{action}"),
                    Err(error) => {
                        run.error = Some(error.at(label));
                        run.history = history;
                        return run;
                    }
                };
                let Some(outcome) = setup
                    .stop
                    .unless_stopped(setup.browser.post(&url).send())
                    .await
                else {
                    run.error = Some(super::stop::interrupted().at(label));
                    run.history = history;
                    return run;
                };
                match outcome {
                    Ok(response) if response.status().is_success() => {}
                    Ok(response) => run.unmet.push(format!(
                        "{label}: the 3DS page answered HTTP {}",
                        response.status()
                    )),
                    Err(error) => {
                        run.error = Some(
                            Error::from(crate::transport::TargetError::Connection {
                                url: url.clone(),
                                detail: format!("cannot reach the 3DS page: {error}"),
                                cause: Some(std::sync::Arc::new(error)),
                            })
                            .at(label),
                        );
                        run.history = history;
                        return run;
                    }
                }
            }
            StepSpec::AwaitNotification { id } => {
                run.actions.push(Action {
                    after: history.steps.len(),
                    kind: ActionKind::AwaitNotification,
                });
                let id = match vars.substitute_text(id) {
                    Ok(id) => id,
                    Err(error) => {
                        run.error = Some(error.at(label));
                        run.history = history;
                        return run;
                    }
                };
                let Some(listener) = &setup.listener else {
                    // blocker() stops a case before this step when there is no listener.
                    run.error = Some(
                        Error::Harness {
                            reason: "await-notification ran without a listener".into(),
                        }
                        .at(label),
                    );
                    run.history = history;
                    return run;
                };
                let Some(arrived) = setup
                    .stop
                    .unless_stopped(listener.wait_for(&id, NOTIFICATION_WAIT))
                    .await
                else {
                    run.error = Some(super::stop::interrupted().at(label));
                    run.history = history;
                    return run;
                };
                match arrived {
                    Some(notification) => history.notifications.push(notification),
                    None => history.missed_notifications.push(MissedNotification {
                        vaulting_request_id: id,
                        waited: NOTIFICATION_WAIT,
                    }),
                }
            }
        }
    }
    judged(setup, run, history)
}

/// A step's body and expectations with the case's variables put in.
fn substituted(vars: &Vars, body: &Value, expect: &Expect) -> Result<(Value, Expect), Error> {
    let body = vars.substitute(body)?;
    let mut expect = expect.clone();
    for value in expect.equals.values_mut() {
        *value = vars.substitute(value)?;
    }
    for suffix in expect.ends_with.values_mut() {
        *suffix = vars.substitute_text(suffix)?;
    }
    Ok((body, expect))
}

/// Judges every step and the history, and files them in the run.
fn judged(setup: &Setup, mut run: CaseRun, history: History) -> CaseRun {
    for (index, step) in history.steps.iter().enumerate() {
        run.findings.extend(
            check::judge_step(step, setup.antom_key.as_ref())
                .into_iter()
                .map(|f| f.at_step(index)),
        );
    }
    run.findings.extend(check::judge_history(&history));
    run.history = history;
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_count_characters_and_never_split_one() {
        let name = "é".repeat(80);
        // "vc-abc12-" is 9 bytes: a byte limit of 64 would cut an "é" in half.
        let id = fresh_id_from("abc12", &name, "-2");
        assert_eq!(
            id.chars().count(),
            crate::contract::shapes::REQUEST_ID_MAX as usize
        );
        assert!(id.starts_with("vc-abc12-é"));
        assert_eq!(fresh_id_from("n", "short", "-2"), "vc-n-short-2");
        // A long name keeps the suffix, so two ids of one case never collide.
        assert!(id.ends_with("é-2"), "{id}");
        assert_ne!(fresh_id_from("abc12", &name, ""), id);
    }
}
