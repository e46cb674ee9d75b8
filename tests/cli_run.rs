//! `vaultcheck run` as a nightly job uses it: exit codes, the summary, JUnit and JSON reports,
//! saved reproductions and `vaultcheck replay`, the built-in suite from any folder, `--list`
//! and `--cases-dir`.

#[path = "support/cli.rs"]
mod cli;

use cli::{Scratch, both, command, run_in, stdout};
use std::path::Path;

#[test]
fn a_conforming_target_exits_0_with_reports() {
    let dir = Scratch::new();
    let junit = dir.join("report.xml");
    let json = dir.join("report.json");
    let failures = dir.join("failures");
    let out = command()
        .args([
            "run",
            "--cases",
            "4",
            "--no-progress",
            "--junit",
            &junit,
            "--json",
            &json,
        ])
        .args(["--failures", &failures])
        .env("VAULTCHECK_SEED", "4")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
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
    assert!(!Path::new(&failures).exists(), "nothing to reproduce");
    // Reproductions of an earlier run are cleared; other files are left alone.
    let stale = Path::new(&failures).join("flow-old-exchange1");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join("meta.json"), "{}").unwrap();
    std::fs::write(Path::new(&failures).join("notes.txt"), "mine").unwrap();
    let again = run_in(
        dir.path(),
        &[
            "run",
            "--cases",
            "1",
            "--no-progress",
            "--filter",
            "unknown-id",
            "--failures",
            &failures,
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
    assert!(!stale.exists() && Path::new(&failures).join("notes.txt").exists());
}

#[test]
fn the_built_in_suite_passes_from_an_empty_folder() {
    let dir = Scratch::new();
    let out = run_in(
        dir.path(),
        &["run", "--cases", "4", "--no-progress", "--seed", "9"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stdout(&out).contains("26 units"), "{}", both(&out));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a conforming run leaves the folder as it was"
    );
}

#[test]
fn a_target_that_breaks_a_rule_exits_1_naming_the_check_and_saves_a_reproduction() {
    let dir = Scratch::new();
    let failures = dir.join("failures");
    let out = run_in(
        dir.path(),
        &[
            "run",
            "--cases",
            "2",
            "--no-progress",
            "--seed",
            "4",
            "--fault",
            "url-with-fail",
            "--filter",
            "declined",
            "--failures",
            &failures,
        ],
    );
    let stdout = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("redirect_url_coupling"), "{stdout}");
    let saved = std::fs::read_dir(&failures)
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
        script.contains("replay \"$here\"") && !script.contains("%3N"),
        "{script}"
    );
    let replay = run_in(dir.path(), &["replay", saved.to_str().unwrap()]);
    let replayed = cli::stdout(&replay);
    assert_eq!(replay.status.code(), Some(1), "{replayed}");
    assert!(replayed.contains("redirect_url_coupling"), "{replayed}");
}

#[test]
fn a_run_that_cannot_start_exits_2_naming_what_is_missing() {
    let dir = Scratch::new();
    for (args, words) in [
        (vec!["run", "--target", "ftp://x"], "--target `ftp://x`"),
        (vec!["run", "--target", "sandbox"], "VAULTCHECK_CLIENT_ID"),
        (vec!["run", "--cases-dir", "/nonexistent"], "/nonexistent"),
        (
            vec!["run", "--fault", "gremlins"],
            "`gremlins` is not a fault",
        ),
        (vec!["run", "--cases", "many"], "--cases"),
        (vec!["run", "--bogus"], "'--bogus'"),
        (vec!["run", "stray"], "'stray'"),
        (vec!["run", "-x"], "'-x'"),
        (vec!["run", "--no-progress=yes"], "--no-progress"),
        (vec!["frobnicate"], "'frobnicate'"),
    ] {
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", both(&out));
        let stderr = cli::stderr(&out);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "{args:?} sent nothing: {}",
            both(&out)
        );
    }
    let key = cli::fixture("keys/test-merchant-private.pem");
    let failures = dir.join("failures");
    let refused = run_in(
        dir.path(),
        &[
            "run",
            "--target",
            "http://127.0.0.1:9",
            "--client-id",
            "SANDBOX_X",
            "--filter",
            "unknown-id",
            "--no-progress",
            "--private-key",
            key.to_str().unwrap(),
            "--failures",
            &failures,
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", both(&refused));
    assert!(
        stdout(&refused).contains("refused the connection"),
        "{}",
        both(&refused)
    );
}

#[test]
fn list_prints_every_unit_and_what_it_needs_without_sending() {
    // A target that refuses every connection and no credentials: --list sends nothing.
    let out = cli::run(&["run", "--list", "--target", "http://127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("{name} listed: {text}"))
            .to_owned()
    };
    let approve = line("three-ds-approve");
    assert!(approve.starts_with("flow"), "{approve}");
    assert!(
        approve.contains("simulator controls")
            && approve.contains("notification listener")
            && approve.contains("card challenge")
            && approve.contains("built-in"),
        "{approve}"
    );
    assert!(line("refuse-get").starts_with("fixed"));
    assert!(line("valid-inquire-vaulting").starts_with("prop"));
    assert!(text.contains("26 units"), "{text}");

    let filtered = cli::run(&["run", "--list", "--filter", "three-ds"]);
    assert!(stdout(&filtered).contains("2 units"), "{}", both(&filtered));
    let none = cli::run(&["run", "--list", "--filter", "no-such-unit"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        cli::stderr(&none).contains("no-such-unit"),
        "{}",
        both(&none)
    );
}

#[test]
fn cases_dir_adds_cases_and_replaces_a_built_in_one_of_the_same_name() {
    let dir = Scratch::new();
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    let added = r#"{"description": "an extra case: an unknown id is not found",
      "steps": [{"do": "call", "endpoint": "inquireVaulting", "intent": "unknown-id",
                 "body": {"vaultingRequestId": "${id}"}, "expect": {"result_code": "VAULTING_NOT_EXIST"}}]}"#;
    // Replaces the built-in `refuse-get` with a case whose expectation the simulator never
    // meets, so a run proves which of the two ran.
    let replacing = r#"{"description": "GET answered with HTTP 418 (a replaced case)",
      "steps": [{"do": "call", "endpoint": "inquireVaulting", "intent": "unsupported-method",
                 "method": "GET", "body": "", "expect": {"http_status": 418}}]}"#;
    std::fs::write(dir.path().join("mine/zz-added.json"), added).unwrap();
    std::fs::write(dir.path().join("mine/refuse-get.json"), replacing).unwrap();

    let list = run_in(dir.path(), &["run", "--list", "--cases-dir", "mine"]);
    assert_eq!(list.status.code(), Some(0), "{}", both(&list));
    let text = stdout(&list);
    assert!(text.contains("27 units"), "{text}");
    let get = text.lines().find(|l| l.contains(" refuse-get ")).unwrap();
    assert!(get.contains("replaces the built-in case"), "{get}");
    let zz = text.lines().find(|l| l.contains(" zz-added ")).unwrap();
    assert!(
        zz.contains("zz-added.json") && !zz.contains("replaces"),
        "{zz}"
    );

    let added_run = run_in(
        dir.path(),
        &[
            "run",
            "--cases-dir",
            "mine",
            "--filter",
            "zz-added",
            "--no-progress",
        ],
    );
    assert_eq!(added_run.status.code(), Some(0), "{}", both(&added_run));
    assert!(
        stdout(&added_run).contains("zz-added"),
        "{}",
        both(&added_run)
    );

    let failures = dir.join("failures");
    let replaced_run = command()
        .args([
            "run",
            "--filter",
            "refuse-get",
            "--no-progress",
            "--failures",
            &failures,
        ])
        .env("VAULTCHECK_CASES_DIR", "mine")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        replaced_run.status.code(),
        Some(1),
        "{}",
        both(&replaced_run)
    );
    assert!(
        stdout(&replaced_run).contains("418"),
        "{}",
        both(&replaced_run)
    );

    std::fs::write(dir.path().join("mine/broken.json"), r#"{"steps": []}"#).unwrap();
    let broken = run_in(dir.path(), &["run", "--list", "--cases-dir", "mine"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        cli::stderr(&broken).contains("broken.json"),
        "{}",
        both(&broken)
    );
}
