//! The simulator and suite parts of `vaultcheck bench`: requests per second and p50/p99
//! latency at concurrency 1 and 32 over loopback, and cases per second for the whole suite in
//! process and against a separate `vaultcheck mock` process, with the share of time spent signing.

use crate::contract::Endpoint;
use crate::protocol::{PrivateKey, Signer, signing, time};
use crate::runner::{self, Credentials, Destination, Setup};
use crate::sim::Simulator;
use crate::transport::{HttpTarget, Limits, OutgoingRequest};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Sends the pre-signed `requests` round-robin at `concurrency` for `budget`.
/// With `cycle`, the requests are sent again and again; without, each at most once.
async fn load(
    target: &HttpTarget,
    requests: Arc<Vec<OutgoingRequest>>,
    concurrency: usize,
    budget: Duration,
    cycle: bool,
) -> (usize, Vec<Duration>, usize) {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..concurrency {
        let target = target.clone();
        let requests = requests.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut index = worker;
            while started.elapsed() < budget && (cycle || index < requests.len()) {
                let sent = Instant::now();
                match target
                    .send(Endpoint::InquireVaulting, &requests[index % requests.len()])
                    .await
                {
                    Ok(_) => latencies.push(sent.elapsed()),
                    Err(_) => errors += 1,
                }
                index += concurrency;
            }
            (latencies, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    while let Some(Ok((latencies, failed))) = tasks.join_next().await {
        all.extend(latencies);
        errors += failed;
    }
    all.sort();
    (all.len(), all, errors)
}

fn presign(
    signer: &Signer,
    path: &str,
    bodies: impl Iterator<Item = Vec<u8>>,
) -> Vec<OutgoingRequest> {
    let now = time::now_millis().to_string();
    bodies
        .map(|body| OutgoingRequest {
            method: "POST".into(),
            path: path.into(),
            headers: signer.headers(path, &now, &body),
            body,
        })
        .collect()
}

async fn simulator_figures(budget: Duration) -> Result<(), String> {
    let merchant = runner::setup::key_for_seed(1);
    let sim = Simulator::builder()
        .client_id("SANDBOX_BENCH")
        .merchant_public_key(merchant.public_key())
        .antom_key(runner::setup::key_for_seed(2))
        .start()
        .await
        .map_err(|e| e.to_string())?;
    let target = HttpTarget::new(sim.base_url(), Limits::default()).map_err(|e| e.to_string())?;
    let signer = Signer::new("SANDBOX_BENCH", merchant);
    let path = "/ams/sandbox/api/v1/vaults/inquireVaulting";
    // Requests are signed before the clock starts, so the figures are the simulator's.
    let repeated = Arc::new(presign(
        &signer,
        path,
        (0..4096).map(|i| format!("{{\"vaultingRequestId\":\"bench-{}\"}}", i % 16).into_bytes()),
    ));
    let distinct_count = (budget.as_secs_f64() * 3000.0) as usize + 64;
    super::out::line(&format!(
        "sim    : signing {distinct_count} distinct requests before measuring ..."
    ));
    let distinct = Arc::new(presign(
        &signer,
        path,
        (0..distinct_count)
            .map(|i| format!("{{\"vaultingRequestId\":\"distinct-{i}\"}}").into_bytes()),
    ));
    for (label, requests, cycle) in [
        ("repeated answers (signature memo hits)", repeated, true),
        ("distinct answers (one RSA signature each)", distinct, false),
    ] {
        for concurrency in [1, 32] {
            let started = Instant::now();
            let (count, latencies, errors) =
                load(&target, requests.clone(), concurrency, budget, cycle).await;
            let seconds = started.elapsed().as_secs_f64();
            super::out::line(&format!(
                "sim    {label:<42} c={concurrency:<2}: {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({count} requests, {errors} errors)",
                count as f64 / seconds,
                percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
                percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
            ));
        }
    }
    sim.stop().await;
    Ok(())
}

/// The suite's figures: the built-in suite against the embedded simulator, or against the
/// `vaultcheck mock` at `destination` whose keys are in `keys_dir`.
async fn suite_figures(
    destination: Option<(String, &std::path::Path)>,
    label: &str,
) -> Result<(), String> {
    let units = runner::suite(None).map_err(|e| e.to_string())?;
    let (setup, sim) = match destination {
        None => {
            let (setup, sim) = Setup::embedded(&[], 5, Limits::default())
                .await
                .map_err(|e| e.to_string())?;
            (setup, Some(sim))
        }
        Some((url, keys_dir)) => {
            let credentials = Credentials {
                client_id: "SANDBOX_VAULTCHECK_BENCH".into(),
                private_key: PrivateKey::from_file(&keys_dir.join("merchant-private-key.pem"))
                    .map_err(|e| e.to_string())?,
                antom_public_key: None,
            };
            (
                Setup::live(&Destination::Url(url), credentials, 5, Limits::default())
                    .await
                    .map_err(|e| e.to_string())?,
                None,
            )
        }
    };
    let (signatures_before, signing_before) = signing::signing_spent();
    let started = Instant::now();
    let runs = runner::execute(Arc::new(setup), units, 5, 32, 4, |_, _, _| {}).await;
    let elapsed = started.elapsed();
    let (signatures_after, signing_after) = signing::signing_spent();
    let exchanges: usize = runs.iter().map(|r| r.history.steps.len()).sum();
    let signing = signing_after - signing_before;
    super::out::line(&format!(
        "suite  {label:<42}: {:>7.0} exchanges/s, {:>5.1} units/s  ({exchanges} exchanges in {:.2} s; {} signatures took {:.2} s of CPU = {:.0}% of 2 cores' wall time)",
        exchanges as f64 / elapsed.as_secs_f64(),
        runs.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        signatures_after - signatures_before,
        signing.as_secs_f64(),
        100.0 * signing.as_secs_f64() / (2.0 * elapsed.as_secs_f64()),
    ));
    drop(sim);
    Ok(())
}

/// Resident memory of this process, from /proc (Linux); `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// How much memory a million vaulting records take (records shaped like the simulator's).
fn store_figure() {
    use crate::sim::store::{Record, Start, Status, Store};
    let store = Store::default();
    let before = resident_bytes();
    let started = Instant::now();
    for i in 0..1_000_000u64 {
        let key = (
            "SANDBOX_VAULTCHECK_MOCK".to_owned(),
            format!("vc-3f9a1c-vault-{i:010}"),
        );
        store.get_or_insert_with(&key, || Record {
            status: Status::Success,
            start: Start::Card {
                brand: "VISA",
                masked: "************4242".into(),
                card_token: format!("ALIPAY{i:044}"),
                number: crate::sim::store::CardNumber("4242424242424242".into()),
            },
            challenge: None,
            flaky_pending: false,
            notification_url: Some("http://127.0.0.1:8080/merchant/notify".into()),
            redirect_url: Some("https://merchant.example/vaulted".into()),
            created: 1_764_000_000,
            inquiries: 0,
        });
    }
    let elapsed = started.elapsed();
    match (before, resident_bytes()) {
        (Some(before), Some(after)) => super::out::line(&format!(
            "store  1,000,000 vaulting records: {:.0} MB resident ({} bytes each), inserted in {:.2} s",
            (after.saturating_sub(before)) as f64 / 1e6,
            after.saturating_sub(before) / 1_000_000,
            elapsed.as_secs_f64()
        )),
        _ => super::out::line(&format!(
            "store  1,000,000 vaulting records inserted in {:.2} s (no /proc to read memory from)",
            elapsed.as_secs_f64()
        )),
    }
    drop(store);
}

pub(super) fn run(budget: Duration) -> Result<(), String> {
    store_figure();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(simulator_figures(budget))?;
    runtime.block_on(suite_figures(None, "in process (embedded simulator)"))?;
    // A separate mock process: the harness signs here, the simulator there.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // The mock's generated keys go to a folder of our own, so bench runs from any folder.
    let keys_dir =
        std::env::temp_dir().join(format!("vaultcheck-bench-keys-{}", std::process::id()));
    let socket = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = socket.local_addr().map_err(|e| e.to_string())?;
    drop(socket);
    let mut child = std::process::Command::new(exe)
        .args([
            "mock",
            "--addr",
            &addr.to_string(),
            "--client-id",
            "SANDBOX_VAULTCHECK_BENCH",
            "--seed",
            "9",
            "--keys-dir",
        ])
        .arg(&keys_dir)
        .stdout(std::process::Stdio::null())
        // Its one line per request would bury the figures (and cost terminal time).
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start vaultcheck mock: {e}"))?;
    let ready = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::net::TcpStream::connect(addr).is_ok()
    });
    let result = if ready {
        runtime.block_on(suite_figures(
            Some((format!("http://{addr}"), &keys_dir)),
            "over loopback (vaultcheck mock process)",
        ))
    } else {
        Err("vaultcheck mock did not start listening within 10 s".into())
    };
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&keys_dir);
    result
}
