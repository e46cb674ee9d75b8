//! `vaultcheck bench`: measures what bounds the harness (signing, verifying, judging) and prints
//! figures to compare run against run. Build with `--release`; nothing here asserts a time.

use super::{OK, out};
use crate::check;
use crate::contract::Endpoint;
use crate::exchange::Exchange;
use crate::protocol::keys::PrivateKey;
use crate::protocol::{sign, sign_content, verify};
use clap::{Args, ValueEnum};
use std::time::{Duration, Instant};

/// What `bench` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Part {
    /// Signing and verifying
    Crypto,
    /// Judging exchanges
    Judge,
    /// The simulator over loopback, its state, and the built-in suite
    Sim,
}

/// `vaultcheck bench`'s options.
#[derive(Args, Debug)]
pub(super) struct BenchArgs {
    /// Measures only this part
    #[arg(long, value_enum, value_name = "PART")]
    pub only: Option<Part>,
    /// Seconds per figure
    #[arg(long, value_name = "S", default_value_t = 2.0)]
    pub seconds: f64,
}

pub(super) fn run(args: BenchArgs) -> Result<i32, String> {
    let seconds = args.seconds;
    let budget = Duration::from_secs_f64(seconds.max(0.1));
    let wanted = |part: Part| args.only.is_none_or(|o| o == part);
    out::line(&format!(
        "vaultcheck bench ({} build, {:.1} s per figure)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        budget.as_secs_f64()
    ));
    if wanted(Part::Crypto) {
        crypto(budget);
    }
    if wanted(Part::Judge) {
        judge(budget);
    }
    if wanted(Part::Sim) {
        super::bench_sim::run(budget)?;
    }
    Ok(OK)
}

/// Runs `work` repeatedly for `budget`; returns operations per second.
pub(super) fn rate(budget: Duration, mut work: impl FnMut()) -> f64 {
    let started = Instant::now();
    let mut count = 0u64;
    while started.elapsed() < budget {
        work();
        count += 1;
    }
    count as f64 / started.elapsed().as_secs_f64()
}

fn crypto(budget: Duration) {
    let key = PrivateKey::generate(Some(1));
    let public = key.public_key();
    let body = br#"{"vaultingRequestId":"vr-20261124-0001"}"#;
    let content = sign_content(
        "/ams/api/v1/vaults/inquireVaulting",
        "SANDBOX_1",
        "1764000000000",
        body,
    );
    let signature = sign(&key, &content);
    let signs = rate(budget, || {
        std::hint::black_box(sign(&key, &content));
    });
    let portable = rate(budget, || {
        std::hint::black_box(key.sign_raw_portable(&content));
    });
    let verifies = rate(budget, || {
        std::hint::black_box(verify(&public, &content, &signature).is_ok());
    });
    out::line(&format!(
        "sign   (RSA-2048 PKCS#1 v1.5 SHA-256, ring):   {signs:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / signs
    ));
    out::line(&format!(
        "sign   (the same with the rsa crate):         {portable:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / portable
    ));
    out::line(&format!(
        "verify (RSA-2048 PKCS#1 v1.5 SHA-256, rsa):    {verifies:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / verifies
    ));
}

fn judge(budget: Duration) {
    let request = br#"{"vaultingRequestId":"vr-20261124-0001"}"#;
    let answers: [&[u8]; 3] = [
        br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success."},"vaultingRequestId":"vr-20261124-0001","vaultingStatus":"SUCCESS","paymentMethodDetail":{"paymentMethodType":"CARD","card":{"cardToken":"ALIPAY9CGwsAeMBug+G2dSKDV6AIsNKTxAFNkOMoj8Gxvt8h0eDUbd6nO5CwMFIjEFERWxCAo/b1OjVTvtl1zspyMGcg==","brand":"VISA","maskedCardNo":"************4242"}}}"#,
        br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"vr-20261124-0001","vaultingStatus":"PROCESSING","normalUrl":"https://open-sea-global.alipay.com/3ds?id=1"}"#,
        br#"{"result":{"resultCode":"VAULTING_NOT_EXIST","resultStatus":"F"},"vaultingRequestId":"vr-20261124-0001","vaultingStatus":"FAIL"}"#,
    ];
    let exchanges: Vec<Exchange> = answers
        .iter()
        .map(|a| Exchange::from_bodies(Endpoint::InquireVaulting, request, a))
        .collect();
    let mut index = 0;
    let judged = rate(budget, || {
        std::hint::black_box(check::judge_exchange(&exchanges[index % 3], None));
        index += 1;
    });
    let checks = check::CheckId::ALL
        .iter()
        .filter(|id| id.kind() == check::CheckKind::Exchange)
        .count();
    out::line(&format!(
        "judge  ({checks} single-exchange checks, parse included): {judged:>10.0} exchanges/s on one core ({:.2} µs each)",
        1e6 / judged
    ));
}
