//! `vaultcheck run` as a nightly job uses it: exit codes, the summary, JUnit and JSON reports,
//! saved reproductions and `vaultcheck replay`, the built-in suite from any folder, `--list`
//! and `--cases-dir`.

use crate::support::cli;

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
    assert!(stdout(&out).contains("30 units"), "{}", both(&out));
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
    // One message before the suite, not one per unit.
    let stderr = cli::stderr(&refused);
    assert!(
        stderr.contains("http://127.0.0.1:9 refused the connection")
            && stderr.matches("refused").count() == 1,
        "{}",
        both(&refused)
    );
    assert!(stdout(&refused).is_empty(), "{}", both(&refused));
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
            && approve.contains("card success")
            && approve.contains("built-in"),
        "{approve}"
    );
    assert!(line("refuse-get").starts_with("fixed"));
    assert!(line("valid-inquire-vaulting").starts_with("prop"));
    assert!(text.contains("30 units"), "{text}");

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
    assert!(text.contains("31 units"), "{text}");
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

/// A loopback HTTP server for the run's edge cases: `GET /sim/health` answers 404 (not a
/// mock), and every other request gets `answer` (or no answer at all, when `None`: a server
/// that hangs).
/// Records the request lines it received.
struct Scripted {
    url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Scripted {
    fn start(answer: Option<&'static str>) -> Scripted {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream);
                    loop {
                        let mut first = String::new();
                        if reader.read_line(&mut first).unwrap_or(0) == 0 {
                            return;
                        }
                        let mut length = 0;
                        loop {
                            let mut line = String::new();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            if line.trim().is_empty() {
                                break;
                            }
                            if let Some((name, value)) = line.split_once(':')
                                && name.eq_ignore_ascii_case("content-length")
                            {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                        let mut body = vec![0; length];
                        let _ = reader.read_exact(&mut body);
                        seen.lock().unwrap().push(first.trim().to_owned());
                        let (status, text) = if first.starts_with("GET /sim/health") {
                            ("404 Not Found", "not found")
                        } else {
                            match answer {
                                Some(text) => ("200 OK", text),
                                None => {
                                    std::thread::sleep(std::time::Duration::from_secs(60));
                                    return;
                                }
                            }
                        };
                        let response = format!(
                            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{text}",
                            text.len()
                        );
                        if reader.get_mut().write_all(response.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Scripted { url, received }
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    fn posts(&self) -> usize {
        self.received()
            .iter()
            .filter(|l| l.starts_with("POST"))
            .count()
    }
}

/// `vaultcheck run` against `url` with the test client id and key.
fn live_args<'a>(url: &'a str, key: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        "--target",
        url,
        "--client-id",
        "SANDBOX_X",
        "--private-key",
        key,
        "--no-progress",
    ]
}

#[test]
fn nothing_to_test_is_an_error_not_a_green_run() {
    let dir = Scratch::new();
    for (args, words) in [
        (
            vec!["run", "--filter", "nomatch", "--no-progress"],
            "--filter `nomatch` matches no unit",
        ),
        (
            vec!["run", "--cases", "0", "--no-progress"],
            "--cases 0 generates no case",
        ),
    ] {
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", both(&out));
        assert!(cli::stderr(&out).contains(words), "{}", both(&out));
        assert!(out.stdout.is_empty(), "nothing ran: {}", both(&out));
    }
    // Every unit skipped (a case that needs the simulator, on a live target): exit 2, the
    // reason in the table.
    let server = Scripted::start(Some("{}"));
    let key = cli::fixture("keys/test-merchant-private.pem");
    let key = key.to_str().unwrap();
    let mut args = live_args(&server.url, key);
    args.extend(["--filter", "lowercase-terminal-type"]);
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let stdout = stdout(&out);
    assert!(
        stdout.contains("skipped") && stdout.contains("which needs the simulator"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 units: 0 passed, 0 failed, 0 partial, 0 flaky, 1 skipped, 0 errors"),
        "{stdout}"
    );
    assert!(
        cli::stderr(&out).contains("no unit ran: every unit was skipped"),
        "{}",
        both(&out)
    );
    assert!(
        cli::stderr(&out).contains("response signatures are NOT verified"),
        "{}",
        both(&out)
    );
    assert_eq!(server.posts(), 0);
}

#[test]
fn an_unwritable_report_path_exits_2_before_any_request() {
    let dir = Scratch::new();
    let server = Scripted::start(Some("{}"));
    let key = cli::fixture("keys/test-merchant-private.pem");
    let key = key.to_str().unwrap();
    for option in ["--junit", "--json"] {
        let unwritable = dir.join("no-such-folder/report.out");
        let mut args = live_args(&server.url, key);
        args.extend([option, &unwritable]);
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{}", both(&out));
        assert!(
            cli::stderr(&out).contains(&format!("{option} {unwritable}")),
            "{}",
            both(&out)
        );
    }
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[test]
fn one_code_for_every_answer_stops_the_run_as_an_error_scenario() {
    let dir = Scratch::new();
    let server = Scripted::start(Some(
        r#"{"result":{"resultStatus":"F","resultCode":"RISK_REJECT","resultMessage":"scripted"}}"#,
    ));
    let key = cli::fixture("keys/test-merchant-private.pem");
    let key = key.to_str().unwrap();
    let mut args = live_args(&server.url, key);
    args.extend(["--filter", "valid-inquire", "--cases", "20"]);
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let stderr = cli::stderr(&out);
    assert!(
        stderr.contains("inquireVaulting was F/RISK_REJECT")
            && stderr.contains("Error scenario simulation"),
        "{stderr}"
    );
    // It stopped sending once it knew: not all 20 cases were sent.
    assert!(server.posts() < 20, "{} requests", server.posts());
}

#[test]
fn sigterm_stops_the_run_and_leaves_the_reports() {
    let dir = Scratch::new();
    let server = Scripted::start(None);
    let key = cli::fixture("keys/test-merchant-private.pem");
    let (junit, json) = (dir.join("report.xml"), dir.join("report.json"));
    let mut args = live_args(&server.url, key.to_str().unwrap());
    args.extend([
        "--filter",
        "refuse-",
        "--timeout-ms",
        "120000",
        "--junit",
        &junit,
        "--json",
        &json,
    ]);
    let child = command()
        .args(&args)
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (boundedly) until a request hangs at the server.
    for _ in 0..600 {
        if server.posts() > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(server.posts() > 0, "the run never sent a request");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let xml = std::fs::read_to_string(&junit).expect("a JUnit report after SIGTERM");
    assert!(xml.contains("interrupted"), "{xml}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["conforms"], false);
    assert!(
        report["units"].as_array().unwrap().iter().all(
            |u| u["verdict"] == "error" && u["error"].as_str().unwrap().contains("interrupted")
        ),
        "{report:#}"
    );
}

#[test]
fn a_unit_that_passes_only_after_a_retry_is_flaky_and_fail_flaky_fails_it() {
    let dir = Scratch::new();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    // The flaky card's first inquiry answers U; this case does not ask for retries itself.
    std::fs::write(
        cases.join("zz-flaky-unasked.json"),
        r#"{"description": "the flaky card, inquired once", "steps": [
  {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.flaky}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}, "expect": {"result_status": "S"}},
  {"do": "call", "endpoint": "inquireVaulting", "body": {"vaultingRequestId": "${id}"}, "expect": {"result_status": "S", "equals": {"/vaultingStatus": "SUCCESS"}}}
]}"#,
    )
    .unwrap();
    let cases = cases.display().to_string();
    let args = [
        "run",
        "--no-progress",
        "--cases-dir",
        &cases,
        "--filter",
        "flaky-unasked",
    ];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert!(
        text.contains("flaky") && text.contains("1 U answer(s) asked again"),
        "{text}"
    );
    assert!(text.contains("0 failed, 0 partial, 1 flaky"), "{text}");
    let mut strict = args.to_vec();
    strict.push("--fail-flaky");
    let out = run_in(dir.path(), &strict);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
}

#[test]
fn proxy_sends_every_request_through_the_given_proxy() {
    let dir = Scratch::new();
    let proxy = Scripted::start(Some("{}"));
    let key = cli::fixture("keys/test-merchant-private.pem");
    let mut args = live_args(
        "http://vaultcheck-proxy-test.invalid",
        key.to_str().unwrap(),
    );
    args.extend(["--filter", "lowercase-terminal-type", "--proxy", &proxy.url]);
    let out = run_in(dir.path(), &args);
    // The name does not resolve: only the proxy can have answered the probe.
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        cli::stderr(&out).contains("every unit was skipped"),
        "{}",
        both(&out)
    );
    assert_eq!(
        proxy.received(),
        ["GET http://vaultcheck-proxy-test.invalid/sim/health HTTP/1.1"]
    );
}
