//! `vaultcheck check` as a user runs it: verdicts, exit codes, formats and clear errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn vaultcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args(args)
        .output()
        .unwrap()
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("vaultcheck-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn file(&self, name: &str, content: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `vaultcheck check --endpoint E --request R --response P EXTRA...`.
fn check(endpoint: &str, request: &str, response: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--endpoint",
        endpoint,
        "--request",
        request,
        "--response",
        response,
    ];
    args.extend_from_slice(extra);
    vaultcheck(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_conforming_exchange_exits_0() {
    let dir = Scratch::new("ok");
    let request = dir.file("req.json", r#"{"vaultingRequestId": "123487889889"}"#);
    let response = fixture("seed-inquire-response.json").display().to_string();
    for endpoint in [
        "inquireVaulting",
        "INQUIREVAULTING",
        "/ams/api/v1/vaults/inquireVaulting",
        "/ams/sandbox/api/v1/vaults/inquireVaulting",
    ] {
        let out = check(endpoint, &request, &response, &[]);
        assert_eq!(out.status.code(), Some(0), "{endpoint}: {}", stdout(&out));
        assert!(stdout(&out).contains("conforms"));
    }
}

#[test]
fn a_violation_exits_1_and_names_the_check() {
    let dir = Scratch::new("violation");
    let request = dir.file("req.json", r#"{"vaultingRequestId": "a"}"#);
    let response = dir.file(
        "resp.json",
        r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL","normalUrl":"https://x.example/3ds"}"#,
    );
    let out = check("inquireVaulting", &request, &response, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("redirect_url_coupling [violation] /normalUrl"),
        "{}",
        stdout(&out)
    );

    let out = check(
        "inquireVaulting",
        &request,
        &response,
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["conforms"], false);
    assert_eq!(report["findings"][0]["check"], "redirect_url_coupling");
    assert_eq!(report["findings"][0]["severity"], "violation");
    assert_eq!(report["findings"][0]["pointer"], "/normalUrl");
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("absent when")
    );
}

#[test]
fn header_files_add_the_header_checks() {
    let dir = Scratch::new("headers");
    let request = dir.file("req.json", r#"{"vaultingRequestId": "123487889889"}"#);
    let response = fixture("seed-inquire-response.json").display().to_string();
    let headers = dir.file("headers.txt", "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nclient-id: SANDBOX_1\r\nresponse-time: 2026-11-24T10:00:00+08:00\r\n");
    let out = check(
        "inquireVaulting",
        &request,
        &response,
        &["--response-headers", &headers],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("response_headers_conformance [violation] header:Signature"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn cannot_run_exits_2_naming_what_was_wrong() {
    let dir = Scratch::new("errors");
    let request = dir.file("req.json", "{}");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "check",
                "--endpoint",
                "payVaulting",
                "--request",
                &request,
                "--response",
                &request,
            ],
            "payVaulting",
        ),
        (
            vec![
                "check",
                "--endpoint",
                "inquireVaulting",
                "--request",
                "/nonexistent/req.json",
                "--response",
                &request,
            ],
            "/nonexistent/req.json",
        ),
        (
            vec![
                "check",
                "--endpoint",
                "inquireVaulting",
                "--request",
                &request,
            ],
            "--response is required",
        ),
        (vec!["check", "--bogus"], "unknown option --bogus"),
        (
            vec!["check", "--format", "xml", "--exchanges", &request],
            "--format `xml`",
        ),
        (vec!["frobnicate"], "unknown command"),
    ];
    for (args, words) in cases {
        let out = vaultcheck(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
}

#[test]
fn list_prints_every_check_id() {
    let out = vaultcheck(&["check", "--list"]);
    assert_eq!(out.status.code(), Some(0));
    for check in vaultcheck::check::CheckId::ALL {
        assert!(stdout(&out).contains(check.as_str()), "{check}");
    }
}

#[test]
fn ndjson_judges_every_line_and_reports_bad_lines() {
    let dir = Scratch::new("ndjson");
    let good = r#"{"endpoint":"inquireVaulting","request":{"vaultingRequestId":"a"},"response":{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}}"#;
    let raw = r#"{"endpoint":"inquireVaulting","request":"{\"vaultingRequestId\":\"a\"}","response":"<html>bad gateway</html>","status":502}"#;
    let file = dir.file("ok.ndjson", &format!("{good}\n\n{good}\n"));
    let out = vaultcheck(&["check", "--exchanges", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 exchanges judged: 2 conform, 0 do not"));

    let file = dir.file("bad.ndjson", &format!("{good}\n{raw}\n"));
    let out = vaultcheck(&["check", "--exchanges", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(":2 inquireVaulting: not_a_server_error"),
        "{}",
        stdout(&out)
    );

    let file = dir.file(
        "broken.ndjson",
        &format!("{good}\nnot json\n{{\"request\":{{}}}}\n"),
    );
    let out = vaultcheck(&["check", "--exchanges", &file]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 2: not an exchange object")
            && stderr.contains("line 3: no \"endpoint\""),
        "{stderr}"
    );

    // A JSON body keeps its text: a repeated key is still seen.
    let duplicated = r#"{"endpoint":"inquireVaulting","request":{"vaultingRequestId":"a"},"response":{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL","vaultingStatus":"FAIL"}}"#;
    let dup = dir.file("dup.ndjson", duplicated);
    let out = vaultcheck(&["check", "--exchanges", &dup]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "response_schema_conformance [violation] /vaultingStatus: expected each key once"
        ),
        "{}",
        stdout(&out)
    );

    let out = vaultcheck(&["check", "--exchanges", &file, "--format", "json"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["conforms"], true);
}

#[test]
fn card_numbers_never_reach_the_output() {
    let dir = Scratch::new("secrets");
    let request = dir.file(
        "req.json",
        r#"{"vaultingRequestId":"a","vaultingNotificationUrl":"https://m.example/n","redirectUrl":"https://m.example/r","paymentMethodDetail":{"paymentMethodType":"CARD","card":{"cardNo":"4242424242424242x","cvv":"12345"}},"env":{"terminalType":"WEB"}}"#,
    );
    let response = dir.file("resp.json", r#"{"result":{"resultCode":"PARAM_ILLEGAL","resultStatus":"F","resultMessage":"bad card 4242424242424242"},"vaultingRequestId":"a"}"#);
    let out = check("vaultPaymentMethod", &request, &response, &[]);
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("/paymentMethodDetail/card/cardNo"), "{all}");
    assert!(
        !all.contains("4242424242424242") && !all.contains("12345"),
        "{all}"
    );
}

#[test]
fn schemas_command_reports_drift_and_rewrites() {
    let dir = Scratch::new("schemas");
    let out = vaultcheck(&["schemas", "--dir", &dir.0.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("vaultcheck schemas --write"));
    let out = vaultcheck(&["schemas", "--write", "--dir", &dir.0.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let out = vaultcheck(&["schemas", "--dir", &dir.0.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn signatures_are_verified_over_the_path_the_endpoint_names() {
    use vaultcheck::protocol::{PrivateKey, SignatureHeader, sign, sign_content};
    let dir = Scratch::new("signed");
    let path = "/ams/sandbox/api/v1/vaults/inquireVaulting";
    let body = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}"#;
    let time = "2026-11-24T10:00:00+08:00";
    let antom = PrivateKey::from_file(&fixture("keys/test-antom-private.pem")).unwrap();
    let header = SignatureHeader::new(
        "1",
        sign(
            &antom,
            &sign_content(path, "SANDBOX_1", time, body.as_bytes()),
        ),
    );
    let request = dir.file("req.json", r#"{"vaultingRequestId":"a"}"#);
    let response = dir.file("resp.json", body);
    let headers = dir.file(
        "resp.headers",
        &format!("content-type: application/json\nclient-id: SANDBOX_1\nresponse-time: {time}\nsignature: {header}\n"),
    );
    let key = fixture("keys/test-antom-public.pem").display().to_string();
    let run = |endpoint: &str| {
        check(
            endpoint,
            &request,
            &response,
            &["--response-headers", &headers, "--antom-public-key", &key],
        )
    };
    let sandbox = run(path);
    assert_eq!(sandbox.status.code(), Some(0), "{}", stdout(&sandbox));
    let production = run("inquireVaulting");
    assert_eq!(production.status.code(), Some(1));
    assert!(
        stdout(&production).contains("response_signature [violation]"),
        "{}",
        stdout(&production)
    );
}

#[test]
fn oversize_inputs_are_refused_with_the_limit_named() {
    let dir = Scratch::new("oversize");
    let request = dir.file("req.json", r#"{"vaultingRequestId":"a"}"#);
    let huge = dir.file(
        "huge.json",
        &format!("{{\"x\":\"{}\"}}", "a".repeat(17 << 20)),
    );
    let out = check("inquireVaulting", &request, &huge, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 16 MiB"));
    let good = r#"{"endpoint":"inquireVaulting","request":{"vaultingRequestId":"a"},"response":{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}}"#;
    let lines = dir.file(
        "huge.ndjson",
        &format!("{good}\n{}\n{good}\n", "b".repeat(17 << 20)),
    );
    let out = vaultcheck(&["check", "--exchanges", &lines]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: longer than 16 MiB"), "{stderr}");
    assert!(
        stdout(&out).contains("1 exchanges judged"),
        "{}",
        stdout(&out)
    );
}
