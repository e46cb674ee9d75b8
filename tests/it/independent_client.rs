//! A client written independently of vaultcheck's code (`tests/independent_client/client.py`:
//! Python's standard library and the `openssl` command, following only Antom's documented
//! protocol) vaults a card, completes 3DS, inquires and verifies every response signature
//! against a `vaultcheck mock` process on 127.0.0.1.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn an_independent_client_completes_a_3ds_vaulting_against_vaultcheck_mock() {
    if !available("python3", "--version") || !available("openssl", "version") {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have python3 and openssl"
        );
        eprintln!("skipped: python3 or openssl is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("vaultcheck-independent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut mock = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args([
            "mock",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--client-id",
            "SANDBOX_INDEPENDENT",
            "--seed",
            "3",
            "--keys-dir",
        ])
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(mock.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    // Keep reading the banner in the background so the mock never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/independent_client/client.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .args([&base, "SANDBOX_INDEPENDENT"])
        .arg(dir.join("merchant-private-key.pem"))
        .arg(dir.join("antom-public-key.pem"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let _ = mock.kill();
    let _ = mock.wait();
    std::fs::remove_dir_all(&dir).ok();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        status.is_some_and(|s| s.success()),
        "the independent client failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("every signature verified"), "{stdout}");
}
