//! Property groups: requests generated from the contract (proptest, driven by hand from a
//! recorded seed), each checked against the derived schema first (the schema is the oracle),
//! then sent and judged like any case.

use super::engine::fresh_id;
use super::outcome::CaseRun;
use super::setup::Setup;
use crate::Error;
use crate::cases::UnitKind;
use crate::check::{self, History, Intent, Step};
use crate::contract::{Endpoint, Side};
use crate::generate::requests::{CardData, LiveCards, YearMonth};
use crate::generate::{negative, requests};
use crate::redact;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

/// A property group of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Valid inquiries (boundary and multibyte ids).
    ValidInquire,
    /// Valid vault requests, each followed by an inquiry.
    ValidVault,
    /// Valid session requests.
    ValidSession,
    /// Single-fault mutants of inquiries.
    NegativeInquire,
    /// Single-fault mutants of vault requests.
    NegativeVault,
    /// Single-fault mutants of session requests.
    NegativeSession,
}

impl Group {
    /// Every group, in run order.
    pub const ALL: [Group; 6] = [
        Group::ValidInquire,
        Group::ValidVault,
        Group::ValidSession,
        Group::NegativeInquire,
        Group::NegativeVault,
        Group::NegativeSession,
    ];

    /// The group's unit name.
    pub fn name(self) -> &'static str {
        match self {
            Group::ValidInquire => "valid-inquire-vaulting",
            Group::ValidVault => "valid-vault-payment-method",
            Group::ValidSession => "valid-create-vaulting-session",
            Group::NegativeInquire => "negative-inquire-vaulting",
            Group::NegativeVault => "negative-vault-payment-method",
            Group::NegativeSession => "negative-create-vaulting-session",
        }
    }

    /// What the group shows, for the run table and reports.
    pub fn description(self) -> &'static str {
        match self {
            Group::ValidInquire => {
                "generated valid inquiries (boundary and multibyte ids) are served and every answer conforms"
            }
            Group::ValidVault => {
                "generated valid cards are vaulted, then inquired: answers conform and show the card that was vaulted"
            }
            Group::ValidSession => {
                "generated valid session requests are served and every answer conforms"
            }
            Group::NegativeInquire => {
                "single-fault mutants of inquiries get F/PARAM_ILLEGAL, never S"
            }
            Group::NegativeVault => {
                "single-fault mutants of vault requests get F/PARAM_ILLEGAL, never S"
            }
            Group::NegativeSession => {
                "single-fault mutants of session requests get F/PARAM_ILLEGAL, never S"
            }
        }
    }

    fn endpoint(self) -> Endpoint {
        match self {
            Group::ValidInquire | Group::NegativeInquire => Endpoint::InquireVaulting,
            Group::ValidVault | Group::NegativeVault => Endpoint::VaultPaymentMethod,
            Group::ValidSession | Group::NegativeSession => Endpoint::CreateVaultingSession,
        }
    }

    fn negative(self) -> bool {
        matches!(
            self,
            Group::NegativeInquire | Group::NegativeVault | Group::NegativeSession
        )
    }
}

/// A deterministic proptest runner for a group and seed.
fn runner(seed: u64, group: Group) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8] = group as u8;
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

fn sample<S: Strategy>(runner: &mut TestRunner, strategy: S) -> S::Value {
    strategy
        .new_tree(runner)
        .expect("the generators never reject")
        .current()
}

/// The card data a target may be sent: anything valid on the simulator; elsewhere only what
/// a live sandbox is known to vault at once (the named success cards, future expiry dates,
/// 3-digit CVVs; DESIGN.md, "Test cards"), so the harness never reports its own data.
fn card_data(setup: &Setup) -> CardData {
    if setup.simulator {
        CardData::Full
    } else {
        CardData::LiveSafe(LiveCards::from_named(&setup.cards, this_month()))
    }
}

/// This month (UTC), which live-safe expiry dates lie after.
fn this_month() -> YearMonth {
    let today = jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now());
    YearMonth {
        year: i32::from(today.year()),
        month: u32::try_from(today.month()).unwrap_or(1),
    }
}

/// A valid request of the group's operation.
fn valid_request(
    runner: &mut TestRunner,
    group: Group,
    id: String,
    notify: &str,
    cards: &CardData,
) -> Value {
    match group.endpoint() {
        Endpoint::InquireVaulting => sample(runner, requests::inquire_request(id)),
        Endpoint::VaultPaymentMethod => sample(
            runner,
            requests::vault_request(id, notify.to_owned(), cards),
        ),
        _ => sample(runner, requests::session_request(id, notify.to_owned())),
    }
}

async fn send(
    setup: &Setup,
    run: &mut CaseRun,
    endpoint: Endpoint,
    body: &Value,
    intent: Intent,
) -> Result<Vec<Step>, Error> {
    let bytes = serde_json::to_vec(body).expect("a Value serializes");
    let sent = super::send::send(setup, run, endpoint, &bytes, intent, None, 0).await?;
    Ok(sent
        .unknown
        .into_iter()
        .chain(std::iter::once(sent.last))
        .map(|exchange| Step { exchange, intent })
        .collect())
}

/// Whether a generated request keeps the schema: a request it refuses is a vaultcheck bug (the
/// generator and the schema derive from the same contract), reported as an error, never as the
/// API's failure.
fn generated_request_conforms(
    validator: &jsonschema::Validator,
    request: &Value,
) -> Result<(), Error> {
    match validator.iter_errors(request).next() {
        None => Ok(()),
        Some(refusal) => Err(Error::Harness {
            reason: format!(
                "the generator made a request the schema refuses ({} at {}): {}",
                redact::text(&refusal.to_string()),
                refusal.instance_path().as_str(),
                redact::document(request)
            ),
        }),
    }
}

/// Runs `cases` generated cases of a group.
pub(crate) async fn run_group(setup: &Setup, group: Group, seed: u64, cases: usize) -> CaseRun {
    let mut run = CaseRun::new(group.name(), UnitKind::Prop, group.description(), None);
    run.seed = Some(seed);
    if cases == 0 {
        run.skipped = Some("no generated cases (--cases 0)".into());
        return run;
    }
    let mut runner = runner(seed, group);
    let endpoint = group.endpoint();
    let validator = crate::schema::structural_validator(endpoint, Side::Request);
    let cards = card_data(setup);
    for index in 0..cases {
        let id = if group == Group::ValidInquire {
            sample(&mut runner, requests::any_id())
        } else {
            let mut id = format!("{}-{}", fresh_id(setup, group.name(), ""), index);
            let tail = sample(&mut runner, requests::any_id());
            id.push('-');
            id.push_str(&tail);
            id.chars()
                .take(crate::contract::shapes::REQUEST_ID_MAX as usize)
                .collect()
        };
        let valid = valid_request(&mut runner, group, id.clone(), &setup.notify_url, &cards);
        if let Err(error) = generated_request_conforms(validator, &valid) {
            // The generator contradicts the schema it derives from: a harness bug, not the API's.
            run.error = Some(error.at(format!("case {index}")));
            return run;
        }
        let (body, intent, label) = if group.negative() {
            let mutants = negative::mutants(endpoint.shape(Side::Request), &valid);
            let pick = sample(&mut runner, 0..mutants.len());
            let mutant = &mutants[pick];
            if validator.is_valid(&mutant.request) {
                run.error = Some(
                    Error::Harness {
                        reason: format!(
                            "the mutant `{}` at {} passes the schema it should break",
                            mutant.what, mutant.pointer
                        ),
                    }
                    .at(format!("case {index}")),
                );
                return run;
            }
            (
                mutant.request.clone(),
                Intent::Invalid,
                format!("{} at {}", mutant.what, mutant.pointer),
            )
        } else if group == Group::ValidInquire {
            // Its ids were never vaulted: the answer owed is VAULTING_NOT_EXIST (judged by
            // unknown_id_not_found), and such refusals must not look like a scripted target.
            (
                valid,
                Intent::UnknownId,
                "a valid inquiry of an id never vaulted".to_owned(),
            )
        } else {
            (valid, Intent::Valid, "valid request".to_owned())
        };
        let mut history = History {
            antom_key: setup.antom_key.clone(),
            ..History::default()
        };
        match send(setup, &mut run, endpoint, &body, intent).await {
            Ok(steps) => history.steps.extend(steps),
            Err(error) => {
                run.error = Some(error.at(format!("case {index}")));
                return run;
            }
        }
        if group == Group::ValidVault {
            let inquiry = serde_json::json!({"vaultingRequestId": id});
            match send(
                setup,
                &mut run,
                Endpoint::InquireVaulting,
                &inquiry,
                Intent::Valid,
            )
            .await
            {
                Ok(steps) => history.steps.extend(steps),
                Err(error) => {
                    run.error = Some(error.at(format!("case {index}")));
                    return run;
                }
            }
        }
        let before = run.findings.len();
        // A group's steps follow the steps of its earlier cases in the run's history.
        let first = run.history.steps.len();
        for (index, step) in history.steps.iter().enumerate() {
            run.findings.extend(
                check::judge_step(step, setup.antom_key.as_ref())
                    .into_iter()
                    .map(|f| f.at_step(first + index)),
            );
        }
        run.findings.extend(check::judge_history(&history));
        if run.findings[before..]
            .iter()
            .any(|f| f.severity == check::Severity::Violation)
        {
            run.unmet.push(format!(
                "case {index} ({label}): {}",
                redact::document(&body)
            ));
        }
        run.history.steps.extend(history.steps);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Endpoint;

    #[test]
    fn a_request_the_schema_refuses_is_a_harness_error_not_a_failure() {
        let validator =
            crate::schema::structural_validator(Endpoint::InquireVaulting, Side::Request);
        assert!(
            generated_request_conforms(
                validator,
                &serde_json::json!({"vaultingRequestId": "vc-1"})
            )
            .is_ok()
        );
        let error =
            generated_request_conforms(validator, &serde_json::json!({"vaultingRequestId": 7}))
                .unwrap_err();
        assert!(error.is_harness_bug(), "{error}");
        let mut run = CaseRun::new("valid-inquire-vaulting", UnitKind::Prop, "d", None);
        run.error = Some(error.at("case 0"));
        assert_eq!(run.verdict(), crate::runner::Verdict::Error);
        assert!(run.unmet.is_empty());
        assert!(run.failure_text().starts_with(
            "harness error: case 0: vaultcheck bug: the generator made a request the schema refuses"
        ));
    }
}
