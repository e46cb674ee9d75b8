//! `vaultcheck check` as a user runs it: verdicts, exit codes, formats and clear errors.

use crate::support::cli;

use cli::{Scratch, both, fixture, stdout};
use std::process::Output;

fn vaultcheck(args: &[&str]) -> Output {
    cli::run(args)
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

#[test]
fn a_conforming_exchange_exits_0() {
    let dir = Scratch::new();
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
    let dir = Scratch::new();
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
    let dir = Scratch::new();
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
    let dir = Scratch::new();
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
            "--response",
        ),
        (vec!["check", "--bogus"], "'--bogus'"),
        (vec!["check", "extra", "--list"], "'extra'"),
        (
            vec!["check", "--format", "xml", "--exchanges", &request],
            "'xml' for '--format",
        ),
        (
            vec![
                "check",
                "--exchanges",
                &request,
                "--endpoint",
                "inquireVaulting",
            ],
            "--endpoint",
        ),
        (
            vec!["check", "--status", "abc", "--exchanges", &request],
            "'abc'",
        ),
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
    let dir = Scratch::new();
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
fn a_recording_with_no_exchange_is_an_error_not_a_pass() {
    let dir = Scratch::new();
    for (name, content) in [("empty.ndjson", ""), ("blank.ndjson", "\n  \n\n")] {
        let file = dir.file(name, content);
        let out = vaultcheck(&["check", "--exchanges", &file]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("holds no exchange"),
            "{name}"
        );
    }
}

#[test]
fn one_token_for_two_cards_is_caught_across_the_traffic() {
    let dir = Scratch::new();
    let line = |id: &str, card: &str, brand: &str, token: &str| {
        let last4 = &card[card.len() - 4..];
        format!(
            r#"{{"endpoint":"vaultPaymentMethod","request":{{"vaultingRequestId":"{id}","vaultingNotificationUrl":"https://m.example/n","redirectUrl":"https://m.example/r","paymentMethodDetail":{{"paymentMethodType":"CARD","card":{{"cardNo":"{card}"}}}},"env":{{"terminalType":"WEB"}}}},"response":{{"result":{{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success."}},"vaultingRequestId":"{id}","paymentMethodDetail":{{"paymentMethodType":"CARD","card":{{"cardToken":"{token}","brand":"{brand}","maskedCardNo":"************{last4}"}}}}}}}}"#
        )
    };
    let visa = ("4054695723100768", "VISA");
    let mastercard = ("5162774114974622", "MASTERCARD");
    let distinct = dir.file(
        "distinct.ndjson",
        &format!(
            "{}\n{}\n",
            line("vr-1", visa.0, visa.1, "TOKEN-A"),
            line("vr-2", mastercard.0, mastercard.1, "TOKEN-B")
        ),
    );
    let out = vaultcheck(&["check", "--exchanges", &distinct]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let shared = dir.file(
        "shared.ndjson",
        &format!(
            "{}\n{}\n",
            line("vr-1", visa.0, visa.1, "TOKEN-A"),
            line("vr-2", mastercard.0, mastercard.1, "TOKEN-A")
        ),
    );
    let out = vaultcheck(&["check", "--exchanges", &shared]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("(across the traffic)") && text.contains("card_token_unique"),
        "{text}"
    );
    // Each exchange on its own conforms: only the rule across them is broken.
    assert!(
        text.contains("2 exchanges judged: 2 conform, 0 do not"),
        "{text}"
    );
    assert!(
        !text.contains(visa.0) && !text.contains(mastercard.0),
        "{text}"
    );
}

#[test]
fn card_numbers_never_reach_the_output() {
    let dir = Scratch::new();
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
    let dir = Scratch::new();
    let folder = dir.path().display().to_string();
    let out = vaultcheck(&["schemas", "--dir", &folder]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("vaultcheck schemas --write"));
    let out = vaultcheck(&["schemas", "--write", "--dir", &folder]);
    assert_eq!(out.status.code(), Some(0));
    let out = vaultcheck(&["schemas", "--dir", &folder]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let missing = dir.join("not-there");
    let out = vaultcheck(&["schemas", "--dir", &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(cli::stderr(&out).contains("not-there"), "{}", both(&out));
}

#[test]
fn schemas_outside_the_repository_lists_the_built_in_schemas_and_prints_one() {
    // The folder holds no schemas/: the command says what it has, not "missing".
    let out = vaultcheck(&["schemas"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert!(
        text.contains("inquire-vaulting.response.json")
            && text.contains("--write --dir")
            && !text.contains("missing"),
        "{text}"
    );
    let out = vaultcheck(&["schemas", "--print", "inquire-vaulting.response.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas/inquire-vaulting.response.json"),
    )
    .unwrap();
    assert_eq!(stdout(&out), committed);
    let out = vaultcheck(&["schemas", "--print", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(cli::stderr(&out).contains("inquire-vaulting.request.json"));
}

#[test]
fn signatures_are_verified_over_the_path_the_endpoint_names() {
    use vaultcheck::protocol::{PrivateKey, SignatureHeader, sign, sign_content};
    let dir = Scratch::new();
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
    let dir = Scratch::new();
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

#[test]
fn a_wrongly_typed_card_number_in_ndjson_is_not_quoted_on_stderr() {
    let dir = Scratch::new();
    // A Luhn-valid number, one that fails the card check, and one as a string where a number
    // belongs: serde quotes each in its message; none may reach the output.
    let lines = [
        r#"{"endpoint": 4242424242424242}"#,
        r#"{"endpoint": 4242424242424241}"#,
        r#"{"endpoint": "inquireVaulting", "status": "4000000000000002"}"#,
        r#"{"endpoint": "inquireVaulting", "request": {"vaultingRequestId": "a"}, "response": {}, "path": 4111111111111111}"#,
    ];
    let file = dir.file("typed.ndjson", &(lines.join("\n") + "\n"));
    let out = vaultcheck(&["check", "--exchanges", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let all = both(&out);
    for number in [
        "4242424242424242",
        "4242424242424241",
        "4000000000000002",
        "4111111111111111",
    ] {
        assert!(!all.contains(number), "{number} leaked: {all}");
    }
    let stderr = cli::stderr(&out);
    assert!(
        stderr.contains("line 1: not an exchange object (invalid type: integer, expected a string")
            && stderr.contains("line 3:")
            && stderr.contains("line 4:"),
        "{stderr}"
    );
}

/// A vaultPaymentMethod request whose `redirectUrl` has no URL syntax (only its length is
/// documented), answered `S`: an inferred rule, so a warning.
fn served_request_without_url_syntax(dir: &Scratch) -> (String, String) {
    let request = dir.file(
        "req.json",
        r#"{"vaultingRequestId":"vr-1","vaultingNotificationUrl":"https://m.example/n","redirectUrl":"not a url","paymentMethodDetail":{"paymentMethodType":"CARD","card":{"cardNo":"4054695723100768"}},"env":{"terminalType":"WEB"}}"#,
    );
    let response = dir.file(
        "resp.json",
        r#"{"result":{"resultCode":"VERIFICATION_FAIL","resultStatus":"F"},"vaultingRequestId":"vr-1"}"#,
    );
    (request, response)
}

#[test]
fn an_inferred_finding_is_a_warning_and_strict_makes_it_a_violation() {
    let dir = Scratch::new();
    let (request, response) = served_request_without_url_syntax(&dir);
    let out = check("vaultPaymentMethod", &request, &response, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert!(
        text.contains("request_schema_conformance [warning] /redirectUrl"),
        "{text}"
    );
    assert!(text.contains("basis: inferred"), "{text}");
    assert!(
        text.contains("conforms (0 violations, 1 warnings"),
        "{text}"
    );

    let strict = check("vaultPaymentMethod", &request, &response, &["--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", both(&strict));
    assert!(
        stdout(&strict).contains("request_schema_conformance [violation] /redirectUrl"),
        "{}",
        stdout(&strict)
    );
    // The variable does the same, for CI; a falsy value leaves warnings as they are.
    for (value, code) in [("1", 1), ("true", 1), ("0", 0), ("false", 0)] {
        let mut command = cli::command();
        command.env("VAULTCHECK_STRICT", value).args([
            "check",
            "--endpoint",
            "vaultPaymentMethod",
            "--request",
            &request,
            "--response",
            &response,
        ]);
        let out = command.output().expect("vaultcheck runs");
        assert_eq!(out.status.code(), Some(code), "{value}: {}", both(&out));
    }
}

#[test]
fn a_documented_violation_stays_a_violation_and_json_names_the_basis() {
    let dir = Scratch::new();
    let request = dir.file("req.json", r#"{"vaultingRequestId": "a"}"#);
    let response = dir.file(
        "resp.json",
        r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"SUCCESS"}"#,
    );
    let out = check(
        "inquireVaulting",
        &request,
        &response,
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "payment_method_detail_coupling")
        .expect("the missing detail is reported");
    assert_eq!(finding["severity"], "violation");
    assert_eq!(finding["basis"], "documented");

    let (request, response) = served_request_without_url_syntax(&dir);
    let out = check(
        "vaultPaymentMethod",
        &request,
        &response,
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["warnings"], 1, "{report}");
    assert_eq!(report["findings"][0]["basis"], "inferred", "{report}");
}
