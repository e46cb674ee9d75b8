//! Every single-exchange check, both ways: a conforming exchange passes, and an exchange that
//! breaks exactly one rule is caught by exactly the check for that rule.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use vaultcheck::check::{self, Finding, Severity};
use vaultcheck::contract::Endpoint;
use vaultcheck::exchange::Exchange;

const ID: &str = "vr-20261124-0001";

fn exchange(endpoint: Endpoint, request: &Value, response: &Value) -> Exchange {
    Exchange::from_bodies(
        endpoint,
        request.to_string().as_bytes(),
        response.to_string().as_bytes(),
    )
}

fn judge_raw(endpoint: Endpoint, request: &[u8], response: &[u8]) -> Vec<Finding> {
    check::judge_exchange(&Exchange::from_bodies(endpoint, request, response), None)
}

fn violated(findings: &[Finding]) -> BTreeSet<&'static str> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| f.check)
        .collect()
}

fn inquire(response: &Value) -> Vec<Finding> {
    check::judge_exchange(
        &exchange(Endpoint::InquireVaulting, &json!({"vaultingRequestId": ID}), response),
        None,
    )
}

#[track_caller]
fn assert_caught_only(findings: &[Finding], expected: &[&str]) {
    let expected: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(violated(findings), expected, "findings: {findings:#?}");
}

fn success() -> Value {
    json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."},
        "vaultingRequestId": ID,
        "vaultingStatus": "SUCCESS",
        "paymentMethodDetail": {
            "paymentMethodType": "CARD",
            "card": {"cardToken": "ALIPAYtok3n==", "brand": "VISA", "maskedCardNo": "************4242"}
        }
    })
}

fn processing() -> Value {
    json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."},
        "vaultingRequestId": ID,
        "vaultingStatus": "PROCESSING",
        "normalUrl": "https://open-sea-global.alipay.com/3ds/challenge?id=1"
    })
}

fn failed() -> Value {
    json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."},
        "vaultingRequestId": ID,
        "vaultingStatus": "FAIL"
    })
}

fn not_exist() -> Value {
    json!({
        "result": {"resultCode": "VAULTING_NOT_EXIST", "resultStatus": "F", "resultMessage": "The vaulting request ID does not exist."},
        "vaultingRequestId": ID
    })
}

fn unknown() -> Value {
    json!({
        "result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "U", "resultMessage": "unknown"},
        "vaultingRequestId": ID
    })
}

fn refused() -> Value {
    json!({"result": {"resultCode": "INVALID_SIGNATURE", "resultStatus": "F", "resultMessage": "Invalid signature."}})
}

fn with(mut base: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    base.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.into(), value);
    base
}

fn without(mut base: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    base.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
    base
}

#[test]
fn every_documented_answer_conforms() {
    for (name, response) in [
        ("success", success()),
        ("processing", processing()),
        ("failed", failed()),
        ("not_exist", not_exist()),
        ("unknown", unknown()),
        ("refused", refused()),
    ] {
        let findings = inquire(&response);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn the_seed_pages_sample_response_conforms() {
    let response = include_bytes!("fixtures/seed-inquire-response.json");
    // The seed's sample request carries another id: the two samples are separate examples.
    let findings = judge_raw(
        Endpoint::InquireVaulting,
        br#"{"vaultingRequestId": "123487889889"}"#,
        response,
    );
    assert!(findings.is_empty(), "{findings:#?}");
    let request = include_bytes!("fixtures/seed-inquire-request.json");
    let findings = judge_raw(Endpoint::InquireVaulting, request, &with(success(), "/vaultingRequestId", json!("123456789206")).to_string().into_bytes());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn redirect_url_coupling_catches_urls_outside_processing() {
    let url = json!("https://example.com/3ds");
    assert_caught_only(&inquire(&with(failed(), "/normalUrl", url.clone())), &["redirect_url_coupling"]);
    assert_caught_only(&inquire(&with(success(), "/schemeUrl", json!("alipays://x"))), &["redirect_url_coupling"]);
    assert_caught_only(&inquire(&with(not_exist(), "/applinkUrl", url)), &["redirect_url_coupling"]);
}

#[test]
fn payment_method_detail_coupling_catches_detail_without_success() {
    let detail = success()["paymentMethodDetail"].clone();
    assert_caught_only(&inquire(&with(processing(), "/paymentMethodDetail", detail.clone())), &["payment_method_detail_coupling"]);
    assert_caught_only(&inquire(&with(failed(), "/paymentMethodDetail", detail.clone())), &["payment_method_detail_coupling"]);
    assert_caught_only(&inquire(&with(unknown(), "/paymentMethodDetail", detail)), &["payment_method_detail_coupling"]);
    assert_caught_only(&inquire(&without(success(), "/paymentMethodDetail")), &["payment_method_detail_coupling"]);
    assert_caught_only(&inquire(&without(success(), "/paymentMethodDetail/card")), &["payment_method_detail_coupling"]);
}

#[test]
fn vaulting_status_coupling_catches_status_and_result_disagreeing() {
    assert_caught_only(&inquire(&without(failed(), "/vaultingStatus")), &["vaulting_status_coupling"]);
    assert_caught_only(&inquire(&with(not_exist(), "/vaultingStatus", json!("FAIL"))), &["vaulting_status_coupling"]);
    assert_caught_only(&inquire(&with(unknown(), "/vaultingStatus", json!("PROCESSING"))), &["vaulting_status_coupling"]);
}

#[test]
fn result_code_table_catches_a_status_that_does_not_match_its_code() {
    assert_caught_only(&inquire(&with(not_exist(), "/result/resultStatus", json!("U"))), &["result_code_table"]);
    assert_caught_only(&inquire(&with(refused(), "/result/resultStatus", json!("U"))), &["result_code_table"]);
    let undocumented = inquire(&with(not_exist(), "/result/resultCode", json!("BRAND_NEW_CODE")));
    assert_caught_only(&undocumented, &[]);
    assert!(undocumented.iter().any(|f| f.check == "result_code_table" && f.severity == Severity::Warning));
}

#[test]
fn string_typed_values_catches_numbers_and_booleans() {
    assert_caught_only(&inquire(&with(success(), "/vaultingRequestId", json!(123456))), &["string_typed_values"]);
    assert_caught_only(&inquire(&with(success(), "/result/resultMessage", json!(true))), &["string_typed_values"]);
    assert_caught_only(&inquire(&with(success(), "/paymentMethodDetail/card/expiryMonth", json!(7))), &["string_typed_values"]);
    let found = inquire(&with(success(), "/paymentMethodDetail/card/brand", json!(4)));
    assert_caught_only(&found, &["string_typed_values"]);
    assert_eq!(found[0].pointer, "/paymentMethodDetail/card/brand");
}

#[test]
fn response_schema_conformance_catches_lengths_enums_and_formats() {
    let long_url = format!("https://example.com/{}", "a".repeat(2049 - 20));
    assert_eq!(long_url.len(), 2049);
    assert_caught_only(&inquire(&with(processing(), "/normalUrl", json!(long_url))), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&with(processing(), "/normalUrl", json!("not a url"))), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&with(success(), "/paymentMethodDetail/card/brand", json!("VISAA"))), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&with(failed(), "/vaultingStatus", json!("DONE"))), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&without(success(), "/result/resultCode")), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&with(success(), "/result/resultMessage", json!("m".repeat(257)))), &["response_schema_conformance"]);
    assert_caught_only(&inquire(&with(success(), "/paymentMethodDetail/card/maskedCardNo", Value::Null)), &["response_schema_conformance"]);
    // Length counts characters, not bytes: 256 two-byte characters still fit.
    assert_caught_only(&inquire(&with(success(), "/result/resultMessage", json!("é".repeat(256)))), &[]);
    assert_caught_only(&inquire(&with(success(), "/result/resultMessage", json!("é".repeat(257)))), &["response_schema_conformance"]);
}

#[test]
fn a_65_character_id_is_refused_on_both_sides() {
    let id = "x".repeat(65);
    let request = json!({"vaultingRequestId": id});
    let response = with(success(), "/vaultingRequestId", json!(id));
    let findings = check::judge_exchange(&exchange(Endpoint::InquireVaulting, &request, &response), None);
    assert_caught_only(&findings, &["request_schema_conformance", "response_schema_conformance"]);
    let sixty_four = "y".repeat(64);
    let findings = check::judge_exchange(
        &exchange(Endpoint::InquireVaulting, &json!({"vaultingRequestId": sixty_four}), &with(success(), "/vaultingRequestId", json!(sixty_four))),
        None,
    );
    assert_caught_only(&findings, &[]);
}

#[test]
fn an_undocumented_field_is_a_notice_only() {
    let findings = inquire(&with(success(), "/brandNewField", json!("x")));
    assert_caught_only(&findings, &[]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Notice);
    assert_eq!(findings[0].pointer, "/brandNewField");
    // Fields only the SDKs know are not even notices.
    let findings = inquire(&with(success(), "/vaultingResultCode", json!("SUCCESS")));
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn request_id_echo_catches_missing_and_wrong_ids() {
    assert_caught_only(&inquire(&with(success(), "/vaultingRequestId", json!("someone-else"))), &["request_id_echo"]);
    assert_caught_only(&inquire(&without(processing(), "/vaultingRequestId")), &["request_id_echo"]);
    assert_caught_only(&inquire(&without(not_exist(), "/vaultingRequestId")), &["request_id_echo"]);
    assert_caught_only(&inquire(&without(unknown(), "/vaultingRequestId")), &["request_id_echo"]);
}

#[test]
fn unreadable_bodies_are_findings_not_crashes() {
    let request = br#"{"vaultingRequestId":"a"}"#;
    for body in [&b""[..], b"<html>502</html>", b"\xff\xfe", b"[1,2]", b"{\"result\": "] {
        let findings = judge_raw(Endpoint::InquireVaulting, request, body);
        assert_caught_only(&findings, &["response_schema_conformance"]);
    }
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_caught_only(&judge_raw(Endpoint::InquireVaulting, request, deep.as_bytes()), &["response_schema_conformance"]);
    let duplicated = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}"#;
    let findings = judge_raw(Endpoint::InquireVaulting, request, duplicated);
    assert_caught_only(&findings, &["response_schema_conformance"]);
    assert_eq!(findings[0].pointer, "/result/resultStatus");
}

#[test]
fn request_schema_conformance_judges_the_merchants_message() {
    let response = failed();
    for request in [
        json!({}),
        json!({"vaultingRequestId": 42}),
        json!({"vaultingRequestId": ""}),
        json!({"vaultingRequestId": ID, "merchantAccountId": "m".repeat(65)}),
    ] {
        let findings = check::judge_exchange(&exchange(Endpoint::InquireVaulting, &request, &response), None);
        assert!(violated(&findings).contains("request_schema_conformance"), "{request}: {findings:#?}");
    }
}

fn http_exchange(status: u16, headers: &[(&str, &str)]) -> Exchange {
    let mut exchange = exchange(Endpoint::InquireVaulting, &json!({"vaultingRequestId": ID}), &failed());
    exchange.status = Some(status);
    exchange.response.headers = Some(headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect());
    exchange
}

const GOOD_HEADERS: &[(&str, &str)] = &[
    ("content-type", "application/json; charset=UTF-8"),
    ("client-id", "SANDBOX_5X00000000000000"),
    ("response-time", "2026-11-24T02:17:37+08:00"),
    ("signature", "algorithm=RSA256,keyVersion=1,signature=abc%3D"),
];

#[test]
fn http_level_checks_pass_a_conforming_exchange() {
    let findings = check::judge_exchange(&http_exchange(200, GOOD_HEADERS), None);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn status_checks_catch_what_they_guard() {
    assert_caught_only(&check::judge_exchange(&http_exchange(500, GOOD_HEADERS), None), &["not_a_server_error"]);
    assert_caught_only(&check::judge_exchange(&http_exchange(503, GOOD_HEADERS), None), &["not_a_server_error"]);
    assert_caught_only(&check::judge_exchange(&http_exchange(400, GOOD_HEADERS), None), &["status_code_conformance"]);
    assert_caught_only(&check::judge_exchange(&http_exchange(302, GOOD_HEADERS), None), &["status_code_conformance"]);
}

#[test]
fn content_type_conformance_catches_other_media_types() {
    let mut headers = GOOD_HEADERS.to_vec();
    headers[0] = ("content-type", "text/html");
    assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &["content_type_conformance"]);
    headers[0] = ("content-type", "application/json; charset=ISO-8859-1");
    assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &["content_type_conformance"]);
    headers[0] = ("content-type", "application/json");
    assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &[]);
}

#[test]
fn response_headers_conformance_catches_missing_and_garbled_headers() {
    for drop in ["client-id", "response-time", "signature"] {
        let headers: Vec<_> = GOOD_HEADERS.iter().copied().filter(|(n, _)| *n != drop).collect();
        assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &["response_headers_conformance"]);
    }
    let mut headers = GOOD_HEADERS.to_vec();
    headers[2] = ("response-time", "1764000000000");
    assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &["response_headers_conformance"]);
    let mut headers = GOOD_HEADERS.to_vec();
    headers[3] = ("signature", "RSA256 abc");
    assert_caught_only(&check::judge_exchange(&http_exchange(200, &headers), None), &["response_headers_conformance"]);
}

#[test]
fn gateway_refusals_may_come_unsigned() {
    let mut exchange = http_exchange(200, &[("content-type", "application/json")]);
    exchange.response.body = refused().to_string().into_bytes();
    let findings = check::judge_exchange(&exchange, None);
    assert!(findings.is_empty(), "{findings:#?}");
}
