//! The committed schemas are what the contract derives, and they judge like the checks do.

use serde_json::json;
use std::path::Path;
use vaultcheck::contract::{Endpoint, Side};
use vaultcheck::schema::{self, Rules};

#[test]
fn committed_schemas_match_the_contract() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let drift = vaultcheck::published::check_dir(&dir);
    assert!(
        drift.is_empty(),
        "schemas/ differs from what the contract derives: {drift:?}\nregenerate with `cargo run -- schemas --write` and commit the result"
    );
}

#[test]
fn published_schemas_carry_the_coupling_rules_for_other_tools() {
    let published = schema::compile(&schema::derive(
        Endpoint::InquireVaulting,
        Side::Response,
        Rules::With,
    ))
    .unwrap();
    let ok = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
        "vaultingRequestId": "a", "vaultingStatus": "PROCESSING", "normalUrl": "https://example.com/3ds"
    });
    assert!(published.is_valid(&ok));
    let url_with_fail = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
        "vaultingRequestId": "a", "vaultingStatus": "FAIL", "normalUrl": "https://example.com/3ds"
    });
    assert!(!published.is_valid(&url_with_fail));
    let status_under_f = json!({
        "result": {"resultCode": "VAULTING_NOT_EXIST", "resultStatus": "F"},
        "vaultingRequestId": "a", "vaultingStatus": "FAIL"
    });
    assert!(!published.is_valid(&status_under_f));
    let missing_status =
        json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": "a"});
    assert!(!published.is_valid(&missing_status));
    let detail_with_processing = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": "a", "vaultingStatus": "PROCESSING",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardToken": "t", "brand": "VISA", "maskedCardNo": "****1111"}}
    });
    assert!(!published.is_valid(&detail_with_processing));
    // The structural schema leaves the rules to the checks.
    let structural = schema::structural_validator(Endpoint::InquireVaulting, Side::Response);
    assert!(structural.is_valid(&url_with_fail));
}

#[test]
fn the_seed_sample_is_valid_under_the_published_schema() {
    let sample: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/seed-inquire-response.json")).unwrap();
    let published = schema::compile(&schema::derive(
        Endpoint::InquireVaulting,
        Side::Response,
        Rules::With,
    ))
    .unwrap();
    assert!(published.is_valid(&sample));
}
