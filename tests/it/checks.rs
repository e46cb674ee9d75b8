//! Every single-exchange check, both ways: a conforming exchange passes, and an exchange that
//! breaks exactly one rule is caught by exactly the check for that rule.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use vaultcheck::check::{self, CheckId, Finding, Severity};
use vaultcheck::contract::{Basis, Endpoint};
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

fn violated(findings: &[Finding]) -> BTreeSet<CheckId> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| f.check)
        .collect()
}

fn inquire(response: &Value) -> Vec<Finding> {
    check::judge_exchange(
        &exchange(
            Endpoint::InquireVaulting,
            &json!({"vaultingRequestId": ID}),
            response,
        ),
        None,
    )
}

#[track_caller]
fn assert_caught_only(findings: &[Finding], expected: &[CheckId]) {
    let expected: BTreeSet<CheckId> = expected.iter().copied().collect();
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
    base.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.into(), value);
    base
}

fn without(mut base: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    base.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
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
    let response = include_bytes!("../fixtures/seed-inquire-response.json");
    // The seed's sample request carries another id: the two samples are separate examples.
    let findings = judge_raw(
        Endpoint::InquireVaulting,
        br#"{"vaultingRequestId": "123487889889"}"#,
        response,
    );
    assert!(findings.is_empty(), "{findings:#?}");
    let request = include_bytes!("../fixtures/seed-inquire-request.json");
    let findings = judge_raw(
        Endpoint::InquireVaulting,
        request,
        &with(success(), "/vaultingRequestId", json!("123456789206"))
            .to_string()
            .into_bytes(),
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn redirect_url_coupling_catches_urls_outside_processing() {
    let url = json!("https://example.com/3ds");
    assert_caught_only(
        &inquire(&with(failed(), "/normalUrl", url.clone())),
        &[CheckId::RedirectUrlCoupling],
    );
    assert_caught_only(
        &inquire(&with(success(), "/schemeUrl", json!("alipays://x"))),
        &[CheckId::RedirectUrlCoupling],
    );
    assert_caught_only(
        &inquire(&with(not_exist(), "/applinkUrl", url)),
        &[CheckId::RedirectUrlCoupling],
    );
}

#[test]
fn payment_method_detail_coupling_catches_detail_without_success() {
    let detail = success()["paymentMethodDetail"].clone();
    assert_caught_only(
        &inquire(&with(processing(), "/paymentMethodDetail", detail.clone())),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    assert_caught_only(
        &inquire(&with(failed(), "/paymentMethodDetail", detail.clone())),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    assert_caught_only(
        &inquire(&with(unknown(), "/paymentMethodDetail", detail)),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    assert_caught_only(
        &inquire(&without(success(), "/paymentMethodDetail")),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    assert_caught_only(
        &inquire(&without(success(), "/paymentMethodDetail/card")),
        &[CheckId::PaymentMethodDetailCoupling],
    );
}

#[test]
fn vaulting_status_coupling_catches_status_and_result_disagreeing() {
    assert_caught_only(
        &inquire(&without(failed(), "/vaultingStatus")),
        &[CheckId::VaultingStatusCoupling],
    );
    assert_caught_only(
        &inquire(&with(not_exist(), "/vaultingStatus", json!("FAIL"))),
        &[CheckId::VaultingStatusCoupling],
    );
    assert_caught_only(
        &inquire(&with(unknown(), "/vaultingStatus", json!("PROCESSING"))),
        &[CheckId::VaultingStatusCoupling],
    );
}

#[test]
fn result_code_table_catches_a_status_that_does_not_match_its_code() {
    assert_caught_only(
        &inquire(&with(not_exist(), "/result/resultStatus", json!("U"))),
        &[CheckId::ResultCodeTable],
    );
    assert_caught_only(
        &inquire(&with(refused(), "/result/resultStatus", json!("U"))),
        &[CheckId::ResultCodeTable],
    );
    let undocumented = inquire(&with(
        not_exist(),
        "/result/resultCode",
        json!("BRAND_NEW_CODE"),
    ));
    assert_caught_only(&undocumented, &[]);
    assert!(
        undocumented
            .iter()
            .any(|f| f.check == CheckId::ResultCodeTable && f.severity == Severity::Warning)
    );
}

#[test]
fn string_typed_values_catches_numbers_and_booleans() {
    assert_caught_only(
        &inquire(&with(success(), "/vaultingRequestId", json!(123456))),
        &[CheckId::StringTypedValues],
    );
    assert_caught_only(
        &inquire(&with(success(), "/result/resultMessage", json!(true))),
        &[CheckId::StringTypedValues],
    );
    assert_caught_only(
        &inquire(&with(
            success(),
            "/paymentMethodDetail/card/expiryMonth",
            json!(7),
        )),
        &[CheckId::StringTypedValues],
    );
    let found = inquire(&with(
        success(),
        "/paymentMethodDetail/card/brand",
        json!(4),
    ));
    assert_caught_only(&found, &[CheckId::StringTypedValues]);
    assert_eq!(found[0].pointer, "/paymentMethodDetail/card/brand");
}

#[test]
fn response_schema_conformance_catches_lengths_enums_and_formats() {
    let long_url = format!("https://example.com/{}", "a".repeat(2049 - 20));
    assert_eq!(long_url.len(), 2049);
    assert_caught_only(
        &inquire(&with(processing(), "/normalUrl", json!(long_url))),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&with(processing(), "/normalUrl", json!("not a url"))),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&with(
            success(),
            "/paymentMethodDetail/card/brand",
            json!("VISAA"),
        )),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&with(failed(), "/vaultingStatus", json!("DONE"))),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&without(success(), "/result/resultCode")),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&with(
            success(),
            "/result/resultMessage",
            json!("m".repeat(257)),
        )),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &inquire(&with(
            success(),
            "/paymentMethodDetail/card/maskedCardNo",
            Value::Null,
        )),
        &[CheckId::ResponseSchemaConformance],
    );
    // Length counts characters, not bytes: 256 two-byte characters still fit.
    assert_caught_only(
        &inquire(&with(
            success(),
            "/result/resultMessage",
            json!("é".repeat(256)),
        )),
        &[],
    );
    assert_caught_only(
        &inquire(&with(
            success(),
            "/result/resultMessage",
            json!("é".repeat(257)),
        )),
        &[CheckId::ResponseSchemaConformance],
    );
}

#[test]
fn a_65_character_id_is_refused_on_both_sides() {
    let id = "x".repeat(65);
    let request = json!({"vaultingRequestId": id});
    let response = with(success(), "/vaultingRequestId", json!(id));
    let findings = check::judge_exchange(
        &exchange(Endpoint::InquireVaulting, &request, &response),
        None,
    );
    assert_caught_only(
        &findings,
        &[
            CheckId::RequestSchemaConformance,
            CheckId::ResponseSchemaConformance,
        ],
    );
    let sixty_four = "y".repeat(64);
    let findings = check::judge_exchange(
        &exchange(
            Endpoint::InquireVaulting,
            &json!({"vaultingRequestId": sixty_four}),
            &with(success(), "/vaultingRequestId", json!(sixty_four)),
        ),
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
    assert_caught_only(
        &inquire(&with(
            success(),
            "/vaultingRequestId",
            json!("someone-else"),
        )),
        &[CheckId::RequestIdEcho],
    );
    assert_caught_only(
        &inquire(&without(processing(), "/vaultingRequestId")),
        &[CheckId::RequestIdEcho],
    );
    assert_caught_only(
        &inquire(&without(not_exist(), "/vaultingRequestId")),
        &[CheckId::RequestIdEcho],
    );
    assert_caught_only(
        &inquire(&without(unknown(), "/vaultingRequestId")),
        &[CheckId::RequestIdEcho],
    );
}

#[test]
fn unreadable_bodies_are_findings_not_crashes() {
    let request = br#"{"vaultingRequestId":"a"}"#;
    for body in [
        &b""[..],
        b"<html>502</html>",
        b"\xff\xfe",
        b"[1,2]",
        b"{\"result\": ",
    ] {
        let findings = judge_raw(Endpoint::InquireVaulting, request, body);
        assert_caught_only(&findings, &[CheckId::ResponseSchemaConformance]);
    }
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_caught_only(
        &judge_raw(Endpoint::InquireVaulting, request, deep.as_bytes()),
        &[CheckId::ResponseSchemaConformance],
    );
    let duplicated = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}"#;
    let findings = judge_raw(Endpoint::InquireVaulting, request, duplicated);
    assert_caught_only(&findings, &[CheckId::ResponseSchemaConformance]);
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
        let findings = check::judge_exchange(
            &exchange(Endpoint::InquireVaulting, &request, &response),
            None,
        );
        assert!(
            violated(&findings).contains(&CheckId::RequestSchemaConformance),
            "{request}: {findings:#?}"
        );
    }
}

fn http_exchange(status: u16, headers: &[(&str, &str)]) -> Exchange {
    let mut exchange = exchange(
        Endpoint::InquireVaulting,
        &json!({"vaultingRequestId": ID}),
        &failed(),
    );
    exchange.status = Some(status);
    exchange.response.headers = Some(
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    );
    exchange
}

const GOOD_HEADERS: &[(&str, &str)] = &[
    ("content-type", "application/json; charset=UTF-8"),
    ("client-id", "SANDBOX_5X00000000000000"),
    ("response-time", "2026-11-24T02:17:37+08:00"),
    (
        "signature",
        "algorithm=RSA256,keyVersion=1,signature=abc%3D",
    ),
];

#[test]
fn http_level_checks_pass_a_conforming_exchange() {
    let findings = check::judge_exchange(&http_exchange(200, GOOD_HEADERS), None);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn status_checks_catch_what_they_guard() {
    assert_caught_only(
        &check::judge_exchange(&http_exchange(500, GOOD_HEADERS), None),
        &[CheckId::NotAServerError],
    );
    assert_caught_only(
        &check::judge_exchange(&http_exchange(503, GOOD_HEADERS), None),
        &[CheckId::NotAServerError],
    );
    assert_caught_only(
        &check::judge_exchange(&http_exchange(400, GOOD_HEADERS), None),
        &[CheckId::StatusCodeConformance],
    );
    assert_caught_only(
        &check::judge_exchange(&http_exchange(302, GOOD_HEADERS), None),
        &[CheckId::StatusCodeConformance],
    );
}

#[test]
fn content_type_conformance_catches_other_media_types() {
    let mut headers = GOOD_HEADERS.to_vec();
    headers[0] = ("content-type", "text/html");
    assert_caught_only(
        &check::judge_exchange(&http_exchange(200, &headers), None),
        &[CheckId::ContentTypeConformance],
    );
    headers[0] = ("content-type", "application/json; charset=ISO-8859-1");
    assert_caught_only(
        &check::judge_exchange(&http_exchange(200, &headers), None),
        &[CheckId::ContentTypeConformance],
    );
    headers[0] = ("content-type", "application/json");
    assert_caught_only(
        &check::judge_exchange(&http_exchange(200, &headers), None),
        &[],
    );
}

#[test]
fn response_headers_conformance_catches_missing_and_garbled_headers() {
    for drop in ["client-id", "response-time", "signature"] {
        let headers: Vec<_> = GOOD_HEADERS
            .iter()
            .copied()
            .filter(|(n, _)| *n != drop)
            .collect();
        assert_caught_only(
            &check::judge_exchange(&http_exchange(200, &headers), None),
            &[CheckId::ResponseHeadersConformance],
        );
    }
    let mut headers = GOOD_HEADERS.to_vec();
    headers[2] = ("response-time", "1764000000000");
    assert_caught_only(
        &check::judge_exchange(&http_exchange(200, &headers), None),
        &[CheckId::ResponseHeadersConformance],
    );
    let mut headers = GOOD_HEADERS.to_vec();
    headers[3] = ("signature", "RSA256 abc");
    assert_caught_only(
        &check::judge_exchange(&http_exchange(200, &headers), None),
        &[CheckId::ResponseHeadersConformance],
    );
}

#[test]
fn gateway_refusals_may_come_unsigned() {
    let mut exchange = http_exchange(200, &[("content-type", "application/json")]);
    exchange.response.body = refused().to_string().into_bytes();
    let findings = check::judge_exchange(&exchange, None);
    assert!(findings.is_empty(), "{findings:#?}");
}

fn vault_request() -> Value {
    json!({
        "vaultingRequestId": ID,
        "vaultingNotificationUrl": "https://merchant.example/notify",
        "redirectUrl": "https://merchant.example/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4242424242424242", "expiryMonth": "07", "expiryYear": "29", "cvv": "123", "is3DSAuthentication": true}},
        "env": {"terminalType": "WEB", "timeZoneOffset": -480}
    })
}

fn vault(response: &Value) -> Vec<Finding> {
    check::judge_exchange(
        &exchange(Endpoint::VaultPaymentMethod, &vault_request(), response),
        None,
    )
}

#[test]
fn vault_payment_method_answers_are_judged_by_their_own_rules() {
    let ok = without(
        without(success(), "/vaultingStatus"),
        "/result/resultMessage",
    );
    assert_caught_only(&vault(&ok), &[]);
    let in_process = json!({
        "result": {"resultCode": "VERIFICATION_IN_PROCESS", "resultStatus": "U"},
        "vaultingRequestId": ID,
        "normalUrl": "https://open-sea-global.alipay.com/3ds"
    });
    assert_caught_only(&vault(&in_process), &[]);
    assert_caught_only(
        &vault(&without(ok.clone(), "/paymentMethodDetail")),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    let declined = json!({"result": {"resultCode": "VERIFICATION_FAIL", "resultStatus": "F"}, "vaultingRequestId": ID});
    assert_caught_only(&vault(&declined), &[]);
    assert_caught_only(
        &vault(&with(
            declined.clone(),
            "/normalUrl",
            json!("https://x.example"),
        )),
        &[CheckId::RedirectUrlCoupling],
    );
    assert_caught_only(
        &vault(&with(in_process, "/result/resultStatus", json!("F"))),
        &[CheckId::ResultCodeTable],
    );
}

#[test]
fn vault_requests_accept_the_sdks_non_strings_and_nothing_else() {
    assert_caught_only(
        &vault(
            &json!({"result": {"resultCode": "VERIFICATION_FAIL", "resultStatus": "F"}, "vaultingRequestId": ID}),
        ),
        &[],
    );
    for (pointer, value) in [
        (
            "/paymentMethodDetail/card/cardNo",
            json!(4242424242424242u64),
        ),
        (
            "/paymentMethodDetail/card/cardNo",
            json!("4242-4242-4242-4242"),
        ),
        ("/paymentMethodDetail/card/expiryMonth", json!("7")),
        ("/paymentMethodDetail/card/expiryMonth", json!(7)),
        ("/paymentMethodDetail/card/expiryMonth", json!("13")),
        ("/paymentMethodDetail/card/cvv", json!("7a1")),
        ("/env/terminalType", json!("app")),
        ("/env/timeZoneOffset", json!(900)),
    ] {
        let request = with(vault_request(), pointer, value.clone());
        let findings = check::judge_exchange(
            &exchange(
                Endpoint::VaultPaymentMethod,
                &request,
                &json!({"result": {"resultCode": "PARAM_ILLEGAL", "resultStatus": "F"}, "vaultingRequestId": ID}),
            ),
            None,
        );
        assert_caught_only(&findings, &[CheckId::RequestSchemaConformance]);
        assert!(
            findings.iter().any(|f| f.pointer == pointer),
            "{pointer} {value}: {findings:#?}"
        );
    }
}

/// The findings a check made that are warnings resting on an inference.
fn inferred_warnings(findings: &[Finding], check: CheckId) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.check == check && f.severity == Severity::Warning)
        .filter(|f| f.basis == Basis::Inferred)
        .collect()
}

#[test]
fn a_date_of_birth_format_only_the_sdks_give_is_an_inferred_warning() {
    // Antom's pages give dateOfBirth a length; only the SDKs' comments say YYYY-MM-DD.
    let answer = json!({"result": {"resultCode": "VERIFICATION_FAIL", "resultStatus": "F"}, "vaultingRequestId": ID});
    let request = with(
        vault_request(),
        "/paymentMethodDetail/card/dateOfBirth",
        json!("01/02/1990"),
    );
    let findings = check::judge_exchange(
        &exchange(Endpoint::VaultPaymentMethod, &request, &answer),
        None,
    );
    assert_caught_only(&findings, &[]);
    let warned = inferred_warnings(&findings, CheckId::RequestSchemaConformance);
    assert_eq!(warned.len(), 1, "{findings:#?}");
    assert_eq!(warned[0].pointer, "/paymentMethodDetail/card/dateOfBirth");
    // Its documented length still gives a violation.
    let request = with(
        vault_request(),
        "/paymentMethodDetail/card/dateOfBirth",
        json!("1990-01-02-03"),
    );
    let findings = check::judge_exchange(
        &exchange(Endpoint::VaultPaymentMethod, &request, &answer),
        None,
    );
    assert_caught_only(&findings, &[CheckId::RequestSchemaConformance]);
}

#[test]
fn a_merchant_url_without_url_syntax_is_an_inferred_warning_not_a_violation() {
    // The docs give vaultingNotificationUrl/redirectUrl a type and a length, no syntax.
    let request = with(vault_request(), "/redirectUrl", json!("not a url"));
    let findings = check::judge_exchange(
        &exchange(
            Endpoint::VaultPaymentMethod,
            &request,
            &json!({"result": {"resultCode": "VERIFICATION_FAIL", "resultStatus": "F"}, "vaultingRequestId": ID}),
        ),
        None,
    );
    assert_caught_only(&findings, &[]);
    let warned = inferred_warnings(&findings, CheckId::RequestSchemaConformance);
    assert_eq!(warned.len(), 1, "{findings:#?}");
    assert_eq!(warned[0].pointer, "/redirectUrl");
    // A response URL's syntax is DESIGN's policy: a violation.
    let bad = inquire(&with(processing(), "/normalUrl", json!("not a url")));
    let url: Vec<&Finding> = bad.iter().filter(|f| f.pointer == "/normalUrl").collect();
    assert_eq!(url.len(), 1, "{bad:#?}");
    assert_eq!(
        (url[0].severity, url[0].basis),
        (Severity::Violation, Basis::Policy)
    );
    // A merchant URL over the documented length stays a documented violation.
    let long = format!("https://m.example/{}", "a".repeat(2048));
    let request = with(vault_request(), "/redirectUrl", json!(long));
    let findings = check::judge_exchange(
        &exchange(
            Endpoint::VaultPaymentMethod,
            &request,
            &json!({"result": {"resultCode": "PARAM_ILLEGAL", "resultStatus": "F"}, "vaultingRequestId": ID}),
        ),
        None,
    );
    assert_caught_only(&findings, &[CheckId::RequestSchemaConformance]);
    assert!(
        findings
            .iter()
            .all(|f| f.severity != Severity::Violation || f.basis == Basis::Documented),
        "{findings:#?}"
    );
}

#[test]
fn every_finding_carries_a_basis_and_strict_counts_warnings() {
    let mut findings = inquire(&with(
        success(),
        "/result",
        json!({"resultCode": "SOMETHING_NEW", "resultStatus": "F"}),
    ));
    let warning = findings
        .iter()
        .find(|f| f.check == CheckId::ResultCodeTable)
        .expect("an unknown code is reported")
        .clone();
    assert_eq!(
        (warning.severity, warning.basis),
        (Severity::Warning, Basis::Policy)
    );
    assert!(!violated(&findings).contains(&CheckId::ResultCodeTable));
    assert!(warning.to_string().contains("[warning]"), "{warning}");
    assert!(warning.to_string().contains("basis: policy"), "{warning}");
    check::count_warnings_as_violations(&mut findings);
    assert!(violated(&findings).contains(&CheckId::ResultCodeTable));
    assert!(
        findings.iter().all(|f| f.severity != Severity::Warning),
        "{findings:#?}"
    );
}

#[test]
fn every_check_declares_a_basis_and_only_inferred_rules_warn() {
    for &id in CheckId::ALL {
        // Each check's own basis is one of the four; none is inferred as a whole.
        assert_ne!(check::basis(id), Basis::Inferred, "{id}");
    }
    for endpoint in Endpoint::ALL {
        for side in [
            vaultcheck::contract::Side::Request,
            vaultcheck::contract::Side::Response,
        ] {
            for rule in endpoint.rules(side) {
                assert_ne!(rule.basis, Basis::Inferred, "{endpoint} {:?}", rule.field);
            }
        }
    }
    assert_eq!(Severity::of_breach(Basis::Inferred), Severity::Warning);
    for basis in [Basis::Documented, Basis::Protocol, Basis::Policy] {
        assert_eq!(Severity::of_breach(basis), Severity::Violation);
    }
}

#[test]
fn create_vaulting_session_answers_carry_the_session_on_success() {
    let request = json!({"paymentMethodType": "CARD", "vaultingRequestId": ID, "vaultingNotificationUrl": "https://merchant.example/notify"});
    let ok = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "vaultingSessionData": "encrypted-session-data",
        "vaultingSessionId": "session-1",
        "vaultingSessionExpiryTime": "2026-11-24T12:01:01+08:00"
    });
    let judge = |response: &Value| {
        check::judge_exchange(
            &exchange(Endpoint::CreateVaultingSession, &request, response),
            None,
        )
    };
    assert_caught_only(&judge(&ok), &[]);
    assert_caught_only(
        &judge(&without(ok.clone(), "/vaultingSessionId")),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &judge(&with(
            ok.clone(),
            "/vaultingSessionExpiryTime",
            json!("tomorrow"),
        )),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &judge(&json!({"result": {"resultCode": "PARAM_ILLEGAL", "resultStatus": "F"}})),
        &[],
    );
}

#[test]
fn notify_vaulting_notifications_and_acknowledgements_are_judged() {
    let notification = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "vaultingRequestId": ID,
        "vaultingStatus": "SUCCESS",
        "paymentMethodDetail": success()["paymentMethodDetail"].clone()
    });
    let ack = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
    let judge = |n: &Value, a: &Value| {
        check::judge_exchange(&exchange(Endpoint::NotifyVaulting, n, a), None)
    };
    assert_caught_only(&judge(&notification, &ack), &[]);
    // A notification reports a final outcome: U is not one, whatever the code.
    let unknown = with(
        with(notification.clone(), "/result/resultStatus", json!("U")),
        "/result/resultCode",
        json!("UNKNOWN_EXCEPTION"),
    );
    assert_caught_only(
        &judge(&unknown, &ack),
        &[CheckId::ResponseSchemaConformance],
    );
    assert_caught_only(
        &judge(&without(notification.clone(), "/paymentMethodDetail"), &ack),
        &[CheckId::PaymentMethodDetailCoupling],
    );
    assert_caught_only(
        &judge(
            &with(notification.clone(), "/vaultingRequestId", json!(5)),
            &ack,
        ),
        &[CheckId::StringTypedValues],
    );
    assert_caught_only(
        &judge(&notification, &json!({"ok": true})),
        &[CheckId::RequestSchemaConformance],
    );
}

mod signatures {
    use super::*;
    use vaultcheck::protocol::keys::{PrivateKey, PublicKey};
    use vaultcheck::protocol::{SignatureHeader, sign, sign_content};

    fn keys() -> (PrivateKey, PublicKey) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys");
        (
            PrivateKey::from_file(&dir.join("test-antom-private.pem")).unwrap(),
            PublicKey::from_file(&dir.join("test-antom-public.pem")).unwrap(),
        )
    }

    fn signed_exchange(private: &PrivateKey) -> Exchange {
        let mut exchange = exchange(
            Endpoint::InquireVaulting,
            &json!({"vaultingRequestId": ID}),
            &failed(),
        );
        exchange.path = "/ams/sandbox/api/v1/vaults/inquireVaulting".into();
        exchange.status = Some(200);
        let time = "2026-11-24T02:17:37+00:00";
        let content = sign_content(&exchange.path, "SANDBOX_1", time, &exchange.response.body);
        let header = SignatureHeader::new("1", sign(private, &content));
        exchange.response.headers = Some(vec![
            (
                "content-type".into(),
                "application/json; charset=UTF-8".into(),
            ),
            ("client-id".into(), "SANDBOX_1".into()),
            ("response-time".into(), time.into()),
            ("signature".into(), header.to_string()),
        ]);
        exchange
    }

    #[test]
    fn a_signed_response_verifies() {
        let (private, public) = keys();
        let findings = check::judge_exchange(&signed_exchange(&private), Some(&public));
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn response_signature_catches_tampering_and_foreign_keys() {
        let (private, public) = keys();
        let mut tampered = signed_exchange(&private);
        tampered.response.body.push(b' ');
        assert_caught_only(
            &check::judge_exchange(&tampered, Some(&public)),
            &[CheckId::ResponseSignature],
        );
        let mut other_path = signed_exchange(&private);
        other_path.path = "/ams/api/v1/vaults/inquireVaulting".into();
        assert_caught_only(
            &check::judge_exchange(&other_path, Some(&public)),
            &[CheckId::ResponseSignature],
        );
        let merchant = PrivateKey::from_file(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/keys/test-merchant-private.pem"),
        )
        .unwrap();
        assert_caught_only(
            &check::judge_exchange(&signed_exchange(&merchant), Some(&public)),
            &[CheckId::ResponseSignature],
        );
        // Without a key the signature is not judged.
        assert_caught_only(&check::judge_exchange(&tampered, None), &[]);
    }
}

/// Check ids are a type: no id may be written as a string literal in `src/` outside the
/// `CheckId` table, so a misspelt id cannot compile (or silently switch a rule off).
#[test]
fn no_check_id_is_written_as_a_string_outside_its_table() {
    fn visit(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let table = src.join("contract").join("check_id.rs");
    let mut files = Vec::new();
    visit(&src, &mut files);
    assert!(
        files.contains(&table),
        "the CheckId table lives in {table:?}"
    );
    let mut found = Vec::new();
    for file in files.iter().filter(|f| **f != table) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for id in CheckId::ALL {
                if line.contains(&format!("\"{id}\"")) {
                    found.push(format!("{}:{}: {id}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "write these as CheckId variants:\n{}",
        found.join("\n")
    );
}

mod never_carried {
    //! What a response must never carry (basis: security): a card number beyond its last four
    //! digits, a CVV; each caught by its own check alone, in answers and notifications.
    use super::*;

    const MASKED: &str = "/paymentMethodDetail/card/maskedCardNo";

    fn notify(notification: &Value) -> Vec<Finding> {
        let ack = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
        check::judge_exchange(
            &exchange(Endpoint::NotifyVaulting, notification, &ack),
            None,
        )
    }

    #[test]
    fn masked_card_number_passes_the_last_four_and_catches_more() {
        assert_caught_only(&inquire(&success()), &[]);
        for fine in [
            "************4242",
            "**** **** **** 4242",
            "XXXXXXXXXXXX4242",
        ] {
            assert_caught_only(&inquire(&with(success(), MASKED, json!(fine))), &[]);
        }
        // Other last digits are card_detail_consistency's question (the mask-mismatch fault).
        assert_caught_only(
            &inquire(&with(success(), MASKED, json!("************0000"))),
            &[],
        );
        for (shown, found) in [
            ("4242424242424242", "16 digits shown"),
            ("424242******4242", "10 digits shown"),
            ("4242************", "4 digits shown before the masked part"),
        ] {
            let findings = inquire(&with(success(), MASKED, json!(shown)));
            assert_caught_only(&findings, &[CheckId::MaskedCardNumber]);
            let finding = findings
                .iter()
                .find(|f| f.check == CheckId::MaskedCardNumber)
                .unwrap();
            assert_eq!(finding.pointer, MASKED);
            assert_eq!(finding.found, found);
            assert_eq!(finding.basis, Basis::Security);
            assert!(!finding.to_string().contains(shown), "{finding}");
        }
    }

    #[test]
    fn masked_card_number_judges_vault_answers_and_notifications() {
        let full = "4242424242424242";
        let ok = without(
            without(success(), "/vaultingStatus"),
            "/result/resultMessage",
        );
        assert_caught_only(&vault(&ok), &[]);
        assert_caught_only(
            &vault(&with(ok, MASKED, json!(full))),
            &[CheckId::MaskedCardNumber],
        );
        let notification = json!({
            "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
            "vaultingRequestId": ID,
            "vaultingStatus": "SUCCESS",
            "paymentMethodDetail": success()["paymentMethodDetail"].clone()
        });
        assert_caught_only(&notify(&notification), &[]);
        assert_caught_only(
            &notify(&with(notification, MASKED, json!(full))),
            &[CheckId::MaskedCardNumber],
        );
    }

    #[test]
    fn no_cvv_in_response_catches_a_cvv_field_in_any_spelling() {
        let ok = without(
            without(success(), "/vaultingStatus"),
            "/result/resultMessage",
        );
        // The request sent cvv "123"; the answer carries "123" only inside other values.
        let chance = with(
            ok.clone(),
            "/paymentMethodDetail/card/cardToken",
            json!("ALIPAY1234tok"),
        );
        assert_caught_only(&vault(&chance), &[]);
        for (pointer, value) in [
            ("/paymentMethodDetail/card/cvv", "123"),
            ("/paymentMethodDetail/card/securityCode", "999"),
            ("/CVC2", "000"),
            ("/paymentMethodDetail/card/cvv2", "***"),
        ] {
            let findings = vault(&with(ok.clone(), pointer, json!(value)));
            assert_caught_only(&findings, &[CheckId::NoCvvInResponse]);
            let own: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.check == CheckId::NoCvvInResponse)
                .collect();
            assert_eq!(own.len(), 1, "one finding per field: {own:#?}");
            assert_eq!(own[0].pointer, pointer);
            assert!(!own[0].found.contains(value), "{}", own[0]);
        }
    }

    #[test]
    fn no_cvv_in_response_catches_the_requests_cvv_as_a_whole_value() {
        let ok = without(
            without(success(), "/vaultingStatus"),
            "/result/resultMessage",
        );
        let echoed = with(
            ok.clone(),
            "/paymentMethodDetail/card/extra",
            json!(" 123 "),
        );
        let findings = vault(&echoed);
        assert_caught_only(&findings, &[CheckId::NoCvvInResponse]);
        assert!(
            findings.iter().any(|f| f.found == "the request's cvv"
                && f.pointer == "/paymentMethodDetail/card/extra"),
            "{findings:#?}"
        );
        // Inquiries carry no cvv of their own: the same value there is no echo.
        assert_caught_only(
            &inquire(&with(
                success(),
                "/paymentMethodDetail/card/extra",
                json!("123"),
            )),
            &[],
        );
    }

    #[test]
    fn no_cvv_in_response_judges_notifications() {
        let notification = json!({
            "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
            "vaultingRequestId": ID,
            "vaultingStatus": "SUCCESS",
            "paymentMethodDetail": success()["paymentMethodDetail"].clone()
        });
        assert_caught_only(
            &notify(&with(
                notification,
                "/paymentMethodDetail/card/cvv",
                json!("123"),
            )),
            &[CheckId::NoCvvInResponse],
        );
    }
}
