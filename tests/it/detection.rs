//! Test the tester: the whole suite runs against the simulator with each fault switched on, and
//! the check made for that fault, and no unrelated one, reports it. Prints the detection matrix
//! (the README shows it).

use futures_util::StreamExt;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use vaultcheck::check::CheckId;
use vaultcheck::runner::{self, Setup, Verdict};
use vaultcheck::sim::{Catcher, FAULTS, Fault};
use vaultcheck::transport::Limits;

const SEED: u64 = 11;

async fn violated_with(fault: Option<Fault>, limits: Limits) -> (BTreeSet<CheckId>, Vec<String>) {
    let expected: Vec<CheckId> = fault.map_or_else(Vec::new, |f| f.reported_by());
    let units = runner::suite(None).unwrap();
    let faults: Vec<Fault> = fault.into_iter().collect();
    let (setup, _sim) = Setup::embedded(&faults, SEED, limits).await.unwrap();
    let runs = runner::execute(Arc::new(setup), units, SEED, 6, 8, |_, _, _| {}).await;
    let mut violated = BTreeSet::new();
    let mut errors = Vec::new();
    for run in &runs {
        if run.xfail.is_some() {
            continue;
        }
        violated.extend(run.violated_checks());
        for finding in run.violations().filter(|f| !expected.contains(&f.check)) {
            errors.push(format!("{}: unexpected {finding}", run.title()));
        }
        if run.verdict() == Verdict::Error {
            errors.push(format!(
                "{}: {}",
                run.title(),
                run.error
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ));
        }
    }
    (violated, errors)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_is_caught_by_its_check_and_no_other() {
    let (clean, errors) = violated_with(None, Limits::default()).await;
    assert!(
        clean.is_empty() && errors.is_empty(),
        "without faults the suite conforms: {clean:?} {errors:?}"
    );
    // Each fault gets its own simulator; twelve run at once, so the cores stay busy while a
    // suite waits on its notifications. The matrix keeps the catalogue's order.
    let checked: Vec<_> = FAULTS
        .iter()
        .filter_map(|info| match info.caught_by {
            Catcher::Check(expected) => Some((info.fault, info.name, expected)),
            Catcher::HarnessTimeout => None,
        })
        .collect();
    let results: Vec<(BTreeSet<CheckId>, Vec<String>)> = futures_util::stream::iter(
        checked
            .iter()
            .map(|&(fault, _, _)| violated_with(Some(fault), Limits::default())),
    )
    .buffered(12)
    .collect()
    .await;
    let mut matrix =
        String::from("| fault | caught by | checks that reported it |\n| --- | --- | --- |\n");
    let mut wrong = Vec::new();
    for (&(fault, name, expected), (violated, errors)) in checked.iter().zip(results) {
        let reported: Vec<&str> = violated.iter().map(|c| c.as_str()).collect();
        matrix.push_str(&format!(
            "| `{name}` | `{expected}` | {} |\n",
            reported.join(", ")
        ));
        let wanted: BTreeSet<CheckId> = fault.reported_by().into_iter().collect();
        assert!(
            wanted.contains(&expected),
            "{name}: its own check is among its reporters"
        );
        if violated != wanted || !errors.is_empty() {
            wrong.push(format!(
                "{name}: expected only {wanted:?}, got {reported:?}; details: {errors:#?}"
            ));
        }
    }
    println!("{matrix}");
    assert!(wrong.is_empty(), "{}\n\n{matrix}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_server_is_a_harness_timeout_not_a_violation() {
    let limits = Limits {
        timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let units: Vec<_> = runner::suite(None)
        .unwrap()
        .into_iter()
        .filter(|u| u.name() == "inquire-unknown-id")
        .collect();
    let (setup, _sim) = Setup::embedded(&[Fault::Slow], SEED, limits).await.unwrap();
    let runs = runner::execute(Arc::new(setup), units, SEED, 1, 1, |_, _, _| {}).await;
    assert_eq!(runs[0].verdict(), Verdict::Error);
    assert!(
        runs[0]
            .error
            .as_ref()
            .unwrap()
            .to_string()
            .contains("did not answer within 500 ms"),
        "{:?}",
        runs[0].error
    );
    assert!(runs[0].violated_checks().is_empty());
}
