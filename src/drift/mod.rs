//! `vaultcheck drift`: where the simulator a team develops against differs from the target
//! (Antom's sandbox, a staging proxy). The same units with the same seed run on the embedded
//! simulator and on the target; the simulator side is given the target's limits (its test
//! cards, whether the simulator's controls work there) so both take the same steps; then each
//! pair of answers is compared by shape (`compare`): fields on one side only, kinds that
//! differ, result codes and statuses that differ, HTTP status, response headers; and the case
//! header names are written in (`wire`). Findings of the checks are not the point here: a
//! conforming target may still differ from the simulator.

mod compare;
mod difference;
mod wire;

pub(crate) use difference::{DriftReport, Kind};

use crate::Error;
use crate::runner::{self, Setup, Unit};
use std::sync::Arc;
use std::time::Duration;

/// How a drift run is made.
pub(crate) struct DriftPlan {
    /// The units to run on both sides.
    pub units: Vec<Unit>,
    /// The seed of both sides.
    pub seed: u64,
    /// Generated cases per property group.
    pub cases: usize,
    /// Units at once, on each side.
    pub concurrency: usize,
    /// The bound on one exchange.
    pub timeout: Duration,
}

/// Runs the plan on the simulator and on `target` (already set up) and compares them.
pub(crate) async fn drift(
    target: Setup,
    target_name: &str,
    plan: DriftPlan,
) -> Result<DriftReport, Error> {
    let limits = crate::transport::Limits {
        timeout: plan.timeout,
        ..crate::transport::Limits::default()
    };
    let (mut simulator, sim) = Setup::embedded(&[], plan.seed, limits).await?;
    simulator.controls = target.controls;
    simulator.cards = target.cards.clone();
    simulator.min_interval = None;
    let mut report = DriftReport {
        target: target_name.to_owned(),
        seed: plan.seed,
        ..DriftReport::default()
    };
    header_case(&simulator, &target, plan.timeout, &mut report).await;
    let simulator = Arc::new(simulator);
    let on_simulator = runner::execute(
        simulator,
        plan.units.clone(),
        plan.seed,
        plan.cases,
        plan.concurrency,
        |_, _, _| {},
    )
    .await;
    drop(sim);
    let target = Arc::new(target);
    let on_target = runner::execute(
        target.clone(),
        plan.units,
        plan.seed,
        plan.cases,
        plan.concurrency,
        |_, _, _| {},
    )
    .await;
    if let Some(scenario) = target.watch.tripped() {
        return Err(scenario.clone());
    }
    compare::compare(&on_simulator, &on_target, &mut report);
    Ok(report)
}

/// Compares the case of the response header names both sides write.
async fn header_case(
    simulator: &Setup,
    target: &Setup,
    timeout: Duration,
    report: &mut DriftReport,
) {
    let ours = wire::header_names(&simulator.client, &simulator.nonce, timeout).await;
    let theirs = wire::header_names(&target.client, &target.nonce, timeout).await;
    let (ours, theirs) = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => (ours, theirs),
        (_, Err(wire::Unseen::NotPlainHttp)) => {
            report.notes.push("the case of header names is not compared over HTTPS (the client library lowercases them); names are compared case-insensitively".into());
            return;
        }
        (Err(wire::Unseen::Failed(why)), _) | (_, Err(wire::Unseen::Failed(why))) => {
            report.notes.push(format!(
                "the case of header names could not be read ({why}); names are compared case-insensitively"
            ));
            return;
        }
        (Err(wire::Unseen::NotPlainHttp), _) => return,
    };
    for name in &ours {
        if compare::TRANSPORT_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        if let Some(other) = theirs
            .iter()
            .find(|t| t.eq_ignore_ascii_case(name) && *t != name)
        {
            report.differences.push(difference::Difference {
                kind: Kind::HeaderCase,
                endpoint: crate::contract::Endpoint::InquireVaulting.name().to_owned(),
                at: format!("header:{}", name.to_ascii_lowercase()),
                simulator: name.clone(),
                target: other.clone(),
                occurrences: 1,
                steps: vec!["a signed inquiry for an unused id".into()],
            });
        }
    }
}
