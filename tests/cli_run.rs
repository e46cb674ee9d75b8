//! `vaultcheck run` as a nightly job uses it: exit codes, the summary, JUnit and JSON reports,
//! saved reproductions and `vaultcheck replay`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vaultcheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("VAULTCHECK_SEED", "4")
        .arg("--failures")
        .arg(dir.join("failures"))
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vaultcheck-run-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_conforming_target_exits_0_with_reports() {
    let dir = scratch("ok");
    let junit = dir.join("report.xml");
    let json = dir.join("report.json");
    let out = vaultcheck(
        &[
            "run",
            "--cases",
            "4",
            "--no-progress",
            "--junit",
            junit.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
        &dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("[flow] three-ds-approve") && stdout.contains("seed 4"),
        "{stdout}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testcase name=\"three-ds-approve\" classname=\"vaultcheck.flow\""),
        "{xml}"
    );
    assert!(xml.contains("failures=\"0\""));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["conforms"], true);
    assert_eq!(report["seed"], 4);
    assert!(!dir.join("failures").exists(), "nothing to reproduce");
    // Reproductions of an earlier run are cleared; other files are left alone.
    let stale = dir.join("failures/flow-old-exchange1");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join("meta.json"), "{}").unwrap();
    std::fs::write(dir.join("failures/notes.txt"), "mine").unwrap();
    let again = vaultcheck(
        &[
            "run",
            "--cases",
            "1",
            "--no-progress",
            "--filter",
            "unknown-id",
        ],
        &dir,
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(!stale.exists() && dir.join("failures/notes.txt").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_target_that_breaks_a_rule_exits_1_naming_the_check_and_saves_a_reproduction() {
    let dir = scratch("fault");
    let out = vaultcheck(
        &[
            "run",
            "--cases",
            "2",
            "--no-progress",
            "--fault",
            "url-with-fail",
            "--filter",
            "declined",
        ],
        &dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("redirect_url_coupling"), "{stdout}");
    let saved = std::fs::read_dir(dir.join("failures"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for file in [
        "meta.json",
        "request.json",
        "response.json",
        "response.headers",
        "findings.txt",
        "reproduce.sh",
    ] {
        assert!(saved.join(file).is_file(), "{file} in {}", saved.display());
    }
    let script = std::fs::read_to_string(saved.join("reproduce.sh")).unwrap();
    assert!(
        script.contains("vaultcheck}\" sign") && script.contains("curl -sS -X POST"),
        "{script}"
    );
    let replay = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .arg("replay")
        .arg(&saved)
        .output()
        .unwrap();
    let replayed = String::from_utf8_lossy(&replay.stdout);
    assert_eq!(replay.status.code(), Some(1), "{replayed}");
    assert!(replayed.contains("redirect_url_coupling"), "{replayed}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_run_that_cannot_start_exits_2_naming_what_is_missing() {
    let dir = scratch("cannot");
    for (args, words) in [
        (vec!["run", "--target", "ftp://x"], "--target `ftp://x`"),
        (vec!["run", "--target", "sandbox"], "VAULTCHECK_CLIENT_ID"),
        (vec!["run", "--cases-dir", "/nonexistent"], "/nonexistent"),
        (
            vec!["run", "--fault", "gremlins"],
            "`gremlins` is not a fault",
        ),
        (vec!["run", "--cases", "many"], "--cases"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("VAULTCHECK_CLIENT_ID")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    let refused = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args([
            "run",
            "--target",
            "http://127.0.0.1:9",
            "--client-id",
            "SANDBOX_X",
            "--filter",
            "unknown-id",
            "--no-progress",
            "--private-key",
        ])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/keys/test-merchant-private.pem"),
        )
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--failures")
        .arg(dir.join("failures"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stdout).contains("refused the connection"),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
    std::fs::remove_dir_all(&dir).ok();
}
