//! The deterministic coverage phase (DESIGN.md, "Contract coverage"): before the random
//! property groups, whatever the seed, one request keeping every request rule (a full request
//! and one with every text at its length limit, per operation) and, for each request rule, one
//! request breaking exactly it; then the answers that lead the target to each code and
//! coupling: a vaulting and its inquiry, a 3DS vaulting and its inquiry, an unknown id, and on
//! a target with the simulator's controls every code of every table forced by
//! `x-vaultcheck-result`. Every request is judged like any case's.

use super::engine::fresh_id;
use super::outcome::CaseRun;
use super::send::{Call, send_call};
use super::setup::Setup;
use crate::Error;
use crate::cases::UnitKind;
use crate::check::{self, History, Intent, Step};
use crate::contract::result_codes;
use crate::contract::{Endpoint, Side};
use crate::coverage::request_rules::{self, Stand};
use crate::coverage::{Facet, Subject, all_rules};
use crate::redact;
use serde_json::{Value, json};

/// The unit's name in the run table.
pub(crate) const NAME: &str = "coverage-phase";
const DESCRIPTION: &str = "every request rule kept and broken once, every code and coupling led to as far as the target allows (independent of the seed)";

/// A request with every documented field, keeping every rule.
fn full_request(setup: &Setup, endpoint: Endpoint, id: String, three_ds: bool) -> Value {
    let notify = setup.notify_url.clone();
    match endpoint {
        Endpoint::InquireVaulting => {
            json!({"vaultingRequestId": id, "merchantAccountId": "M-VAULTCHECK"})
        }
        Endpoint::VaultPaymentMethod => {
            let card = setup.cards.get("success").cloned().unwrap_or_default();
            json!({
                "vaultingRequestId": id,
                "vaultingNotificationUrl": notify,
                "redirectUrl": "https://merchant.example/vaulted",
                "merchantRegion": "US",
                "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
                    "cardNo": card, "cvv": "123", "expiryYear": "31", "expiryMonth": "12",
                    "cardholderName": {"firstName": "Ada", "middleName": "B", "lastName": "Lovelace", "fullName": "Ada B Lovelace"},
                    "billingAddress": {"region": "US", "state": "CA", "city": "Palo Alto", "address1": "1 Main St", "address2": "Suite 2", "zipCode": "94301"},
                    "dateOfBirth": "1990-01-31", "businessNo": "1234567890", "cardPasswordDigest": "12",
                    "cpf": "12345678901", "payerEmail": "ada@merchant.example",
                    "is3DSAuthentication": if three_ds { "true" } else { "false" }
                }},
                "env": {"terminalType": "WEB", "osType": "IOS", "userAgent": "vaultcheck", "deviceTokenId": "dev-1",
                        "clientIp": "192.0.2.1", "cookieId": "c-1", "extendInfo": "{}", "storeTerminalId": "t-1",
                        "storeTerminalRequestTime": "2026-01-01T00:00:00+00:00"}
            })
        }
        _ => json!({
            "paymentMethodType": "CARD", "vaultingRequestId": id, "vaultingNotificationUrl": notify,
            "redirectUrl": "https://merchant.example/vaulted", "merchantRegion": "US",
            "is3DSAuthentication": if three_ds { "true" } else { "false" }
        }),
    }
}

/// `base` with every text and URL at its length limit (free text in multibyte characters; the
/// id unique to the run; the notification URL still reaching the listener, padded in its
/// fragment).
fn at_limits(setup: &Setup, endpoint: Endpoint, base: &Value) -> Value {
    let mut request = base.clone();
    for (_, rule) in request_rules::rules_of(all_rules(), endpoint) {
        let Subject::RequestField {
            pointer,
            field,
            facet: Facet::Length,
            ..
        } = rule.subject
        else {
            continue;
        };
        let Some(mut value) = request_rules::at_limit(field) else {
            continue;
        };
        let max = value.as_str().map_or(0, |s| s.chars().count());
        let pad = |head: String, fill: char| {
            let mut text = head;
            while text.chars().count() < max {
                text.push(fill);
            }
            json!(text)
        };
        match field.name {
            "vaultingRequestId" => value = pad(fresh_id(setup, NAME, "-limit-"), 'é'),
            "vaultingNotificationUrl" => value = pad(format!("{}#", setup.notify_url), 'a'),
            _ => {}
        }
        set(&mut request, pointer, Some(value));
    }
    request
}

fn set(request: &mut Value, pointer: &str, value: Option<Value>) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    let parent = if parent.is_empty() {
        Some(&mut *request)
    } else {
        request.pointer_mut(parent)
    };
    if let Some(Value::Object(map)) = parent {
        match value {
            Some(value) => map.insert(key.to_owned(), value),
            None => map.remove(key),
        };
    }
}

/// For each request rule of `endpoint`: the request that breaks exactly it, made from `base`
/// (with a fresh id unless the rule is the id's own). A mutant that breaks another rule too is
/// a vaultcheck bug.
fn breaking_requests(
    setup: &Setup,
    endpoint: Endpoint,
    base: &Value,
) -> Result<Vec<(String, Value)>, Error> {
    let all = all_rules();
    let mut out = Vec::new();
    for (index, (rule_index, rule)) in request_rules::rules_of(all, endpoint).enumerate() {
        let Subject::RequestField {
            pointer,
            field,
            facet,
            ..
        } = rule.subject
        else {
            continue;
        };
        let mut request = base.clone();
        if field.name != "vaultingRequestId" || pointer != "/vaultingRequestId" {
            set(
                &mut request,
                "/vaultingRequestId",
                Some(json!(fresh_id(setup, NAME, &format!("-b{index}")))),
            );
        }
        let valid = request.pointer(pointer).cloned().unwrap_or(Value::Null);
        let Some(value) = request_rules::breaking(field, facet, &valid) else {
            continue;
        };
        set(&mut request, pointer, value);
        let broken: Vec<usize> = request_rules::stands(all, endpoint, &request)
            .into_iter()
            .filter(|(_, s)| *s == Stand::Broken)
            .map(|(i, _)| i)
            .collect();
        if broken != [rule_index] {
            return Err(Error::Harness {
                reason: format!(
                    "the coverage phase's request breaking {} breaks {} rules",
                    rule.id,
                    broken.len()
                ),
            });
        }
        out.push((rule.id.clone(), request));
    }
    Ok(out)
}

/// Runs the phase: sends and judges every request; the run's history holds them all, so the
/// coverage ledger credits them like every other unit's.
pub(crate) async fn run_phase(setup: &Setup) -> CaseRun {
    let mut run = CaseRun::new(NAME, UnitKind::Phase, DESCRIPTION, None);
    if let Err(error) = phase(setup, &mut run).await {
        run.error = Some(error);
    }
    run
}

async fn phase(setup: &Setup, run: &mut CaseRun) -> Result<(), Error> {
    let mut natural = History {
        antom_key: setup.antom_key.clone(),
        ..History::default()
    };
    let mut forced_steps = Vec::new();
    let mut plan: Vec<(Endpoint, Value, Intent, String)> = Vec::new();
    for endpoint in crate::coverage::rule::REQUEST_ENDPOINTS {
        let id = fresh_id(setup, NAME, &format!("-{}", endpoint.file_stem()));
        let base = full_request(setup, endpoint, id.clone(), false);
        let validator = crate::schema::structural_validator(endpoint, Side::Request);
        let limits = at_limits(setup, endpoint, &base);
        for request in [&base, &limits] {
            if !validator.is_valid(request) {
                return Err(Error::Harness {
                    reason: format!(
                        "the coverage phase's {} request breaks the schema: {}",
                        endpoint.name(),
                        redact::document(request)
                    ),
                });
            }
        }
        plan.push((endpoint, base.clone(), Intent::Valid, "full request".into()));
        plan.push((
            endpoint,
            limits,
            Intent::Valid,
            "every text at its limit".into(),
        ));
        if endpoint == Endpoint::VaultPaymentMethod {
            plan.push((
                Endpoint::InquireVaulting,
                json!({"vaultingRequestId": id}),
                Intent::Valid,
                "inquiry of the vaulted card".into(),
            ));
            let challenge = fresh_id(setup, NAME, "-3ds");
            plan.push((
                endpoint,
                full_request(setup, endpoint, challenge.clone(), true),
                Intent::Valid,
                "3DS vaulting".into(),
            ));
            plan.push((
                Endpoint::InquireVaulting,
                json!({"vaultingRequestId": challenge}),
                Intent::Valid,
                "inquiry of the 3DS vaulting".into(),
            ));
        }
        for (rule, request) in breaking_requests(setup, endpoint, &base)? {
            plan.push((endpoint, request, Intent::Invalid, format!("breaks {rule}")));
        }
    }
    for (endpoint, body, intent, label) in plan {
        let bytes = serde_json::to_vec(&body).expect("a Value serializes");
        let sent = send_call(setup, run, Call::new(endpoint, &bytes, intent)).await?;
        // An inquiry answered `U` and asked again is part of the history, not the answer.
        natural.steps.extend(
            sent.unknown
                .into_iter()
                .map(|exchange| Step { exchange, intent }),
        );
        let step = Step {
            exchange: sent.last,
            intent,
        };
        let index = natural.steps.len();
        let findings = check::judge_step(&step, setup.antom_key.as_ref());
        note(run, &findings, &label, &body);
        run.findings
            .extend(findings.into_iter().map(|f| f.at_step(index)));
        natural.steps.push(step);
    }
    if setup.controls {
        let mut codes: Vec<(Endpoint, &str)> = Vec::new();
        for endpoint in crate::coverage::rule::REQUEST_ENDPOINTS {
            codes.extend(endpoint.result_codes().iter().map(|c| (endpoint, c.code)));
        }
        codes.extend(
            result_codes::GATEWAY
                .iter()
                .map(|c| (Endpoint::InquireVaulting, c.code)),
        );
        for (index, (endpoint, code)) in codes.into_iter().enumerate() {
            let id = fresh_id(setup, NAME, &format!("-f{index}"));
            let body = full_request(setup, endpoint, id, false);
            let bytes = serde_json::to_vec(&body).expect("a Value serializes");
            let call = Call {
                forced: Some(code),
                ..Call::new(endpoint, &bytes, Intent::Valid)
            };
            let step = Step {
                exchange: send_call(setup, run, call).await?.last,
                intent: Intent::Valid,
            };
            // A forced refusal of a valid request was asked for: `positive_data_acceptance`
            // reads the control header and does not hold it against the API.
            // The forced steps follow the natural ones in the phase's history.
            let index = natural.steps.len() + forced_steps.len();
            let findings = check::judge_step(&step, setup.antom_key.as_ref());
            note(run, &findings, &format!("forced {code}"), &body);
            run.findings
                .extend(findings.into_iter().map(|f| f.at_step(index)));
            forced_steps.push(step);
        }
    }
    run.findings.extend(check::judge_history(&natural));
    run.history = natural;
    run.history.steps.extend(forced_steps);
    Ok(())
}

fn note(run: &mut CaseRun, findings: &[check::Finding], label: &str, body: &Value) {
    if findings
        .iter()
        .any(|f| f.severity == check::Severity::Violation)
    {
        run.unmet
            .push(format!("{label}: {}", redact::document(body)));
    }
}
