//! `vaultcheck bench`: measures what bounds the harness (signing, verifying, judging) and prints
//! figures to compare run against run. Build with `--release`; nothing here asserts a time.

use super::{Args, OK, Spec};
use crate::check;
use crate::contract::Endpoint;
use crate::exchange::Exchange;
use crate::protocol::keys::PrivateKey;
use crate::protocol::{sign, sign_content, verify};
use std::time::{Duration, Instant};

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(
        args,
        &Spec {
            values: &["seconds", "only"],
            switches: &[],
        },
    )?;
    let seconds: f64 = match args.value("seconds") {
        Some(text) => text
            .parse()
            .map_err(|_| format!("--seconds `{text}` is not a number"))?,
        None => 2.0,
    };
    let budget = Duration::from_secs_f64(seconds.max(0.1));
    let only = args.value("only");
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    println!(
        "vaultcheck bench ({} build, {:.1} s per figure)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        budget.as_secs_f64()
    );
    if wanted("crypto") {
        crypto(budget);
    }
    if wanted("judge") {
        judge(budget);
    }
    if wanted("sim") {
        super::bench_sim::run(budget)?;
    }
    Ok(OK)
}

/// Runs `work` repeatedly for `budget`; returns operations per second.
pub fn rate(budget: Duration, mut work: impl FnMut()) -> f64 {
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
    println!(
        "sign   (RSA-2048 PKCS#1 v1.5 SHA-256, ring):   {signs:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / signs
    );
    println!(
        "sign   (the same with the rsa crate):         {portable:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / portable
    );
    println!(
        "verify (RSA-2048 PKCS#1 v1.5 SHA-256, rsa):    {verifies:>10.0} ops/s  ({:.3} ms each)",
        1000.0 / verifies
    );
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
    println!(
        "judge  (13 single-exchange checks, parse included): {judged:>10.0} exchanges/s on one core ({:.2} µs each)",
        1e6 / judged
    );
}
