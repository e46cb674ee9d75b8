//! `vaultcheck schemas --openapi`: the contract as one OpenAPI 3.1 document, loaded back and
//! checked: the shape OpenAPI 3.1 asks for, every operation (production and sandbox paths, and
//! the notifyVaulting webhook), the signing headers, one example per result code with the
//! contract's status and message, every `$ref` resolving, every schema a valid draft 2020-12
//! schema, every example valid under its schema, and real answers valid too.

use crate::support::cli;

use serde_json::{Value, json};
use vaultcheck::contract::result_codes::{self, ResultCode};
use vaultcheck::contract::{Endpoint, Side};

fn document() -> Value {
    let scratch = cli::Scratch::new();
    let file = scratch.join("vault.openapi.json");
    let output = cli::run(&["schemas", "--openapi", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", cli::both(&output));
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).expect("the document is JSON")
}

fn schema_name(endpoint: Endpoint, side: Side) -> String {
    let name = endpoint.name();
    let word = endpoint.message_word(side);
    format!(
        "{}{}{}{}",
        name[..1].to_ascii_uppercase(),
        &name[1..],
        word[..1].to_ascii_uppercase(),
        &word[1..]
    )
}

/// A validator for one component schema, resolving `$ref`s inside the document.
fn validator(doc: &Value, name: &str) -> jsonschema::Validator {
    let wrapper = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&wrapper)
        .unwrap_or_else(|e| panic!("{name} does not compile: {e}"))
}

/// Every `$ref` in the document, with where it stands.
fn refs<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref"
                    && let Some(target) = child.as_str()
                {
                    out.push((at.clone(), target));
                }
                refs(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_document_has_the_shape_openapi_3_1_asks_for() {
    let doc = document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert_eq!(
        doc["jsonSchemaDialect"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let allowed = [
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ];
    for key in doc.as_object().unwrap().keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "unknown top-level field {key}"
        );
    }
    for server in doc["servers"].as_array().unwrap() {
        assert!(
            server["url"].as_str().unwrap().starts_with("http"),
            "{server}"
        );
    }
    let mut operation_ids = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(path.starts_with('/'), "{path}");
        let methods: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(methods, ["post"], "{path}: only POST");
        let op = &item["post"];
        operation_ids.push(op["operationId"].as_str().unwrap().to_owned());
        assert!(op["responses"]["200"]["description"].is_string(), "{path}");
        assert_eq!(op["requestBody"]["required"], true, "{path}");
    }
    let unique: std::collections::BTreeSet<_> = operation_ids.iter().collect();
    assert_eq!(unique.len(), operation_ids.len(), "operationIds are unique");
}

#[test]
fn every_operation_is_there_under_both_paths_and_the_notification_is_a_webhook() {
    let doc = document();
    for endpoint in [
        Endpoint::InquireVaulting,
        Endpoint::VaultPaymentMethod,
        Endpoint::CreateVaultingSession,
    ] {
        let production = endpoint.path().unwrap();
        let sandbox = production.replace("/ams/api/", "/ams/sandbox/api/");
        for path in [production.to_owned(), sandbox] {
            let op = &doc["paths"][&path]["post"];
            assert!(op.is_object(), "{path} has no POST");
            assert_eq!(
                op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
                format!(
                    "#/components/schemas/{}",
                    schema_name(endpoint, Side::Request)
                )
            );
            let answer = &op["responses"]["200"];
            assert_eq!(
                answer["content"]["application/json"]["schema"]["$ref"],
                format!(
                    "#/components/schemas/{}",
                    schema_name(endpoint, Side::Response)
                )
            );
            for header in ["Client-Id", "Response-Time", "Signature"] {
                assert!(answer["headers"][header].is_object(), "{path}: {header}");
            }
        }
    }
    let hook = &doc["webhooks"]["notifyVaulting"]["post"];
    assert_eq!(
        hook["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NotifyVaultingNotification"
    );
    let names: Vec<&str> = hook["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Client-Id", "Request-Time", "Signature"]);
    // The three signing headers are security schemes every operation needs.
    let schemes = &doc["components"]["securitySchemes"];
    for (scheme, header) in [
        ("ClientId", "Client-Id"),
        ("RequestTime", "Request-Time"),
        ("Signature", "Signature"),
    ] {
        assert_eq!(schemes[scheme]["type"], "apiKey");
        assert_eq!(schemes[scheme]["in"], "header");
        assert_eq!(schemes[scheme]["name"], header);
        assert!(doc["security"][0][scheme].is_array(), "{scheme}");
    }
}

#[test]
fn every_result_code_has_an_example_with_the_contracts_status_and_message() {
    let doc = document();
    let check = |endpoint: Endpoint, examples: &Value, codes: Vec<&ResultCode>| {
        let examples = examples.as_object().expect("examples");
        assert_eq!(examples.len(), codes.len(), "{endpoint}");
        for code in codes {
            let result = &examples[code.code]["value"]["result"];
            assert_eq!(
                result["resultStatus"],
                code.status.as_str(),
                "{endpoint} {}",
                code.code
            );
            assert_eq!(
                result["resultMessage"], code.message,
                "{endpoint} {}",
                code.code
            );
        }
    };
    for endpoint in [
        Endpoint::InquireVaulting,
        Endpoint::VaultPaymentMethod,
        Endpoint::CreateVaultingSession,
    ] {
        let own = endpoint.result_codes();
        let codes: Vec<&ResultCode> = own
            .iter()
            .chain(
                result_codes::GATEWAY
                    .iter()
                    .filter(|g| !own.iter().any(|o| o.code == g.code)),
            )
            .collect();
        let examples = &doc["paths"][endpoint.path().unwrap()]["post"]["responses"]["200"]["content"]
            ["application/json"]["examples"];
        check(endpoint, examples, codes);
    }
    let hook = &doc["webhooks"]["notifyVaulting"]["post"]["requestBody"]["content"]["application/json"]
        ["examples"];
    check(
        Endpoint::NotifyVaulting,
        hook,
        result_codes::NOTIFY_VAULTING.iter().collect(),
    );
}

#[test]
fn every_ref_resolves_and_every_schema_is_draft_2020_12() {
    let doc = document();
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(found.len() > 20, "{}", found.len());
    for (at, target) in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {target} leaves the document"));
        assert!(
            doc.pointer(pointer).is_some(),
            "{at}: {target} does not resolve"
        );
    }
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        assert!(
            jsonschema::meta::is_valid(schema),
            "{name} is not a valid draft 2020-12 schema"
        );
        validator(&doc, name);
    }
}

#[test]
fn every_example_is_valid_under_its_schema_and_a_broken_one_is_not() {
    let doc = document();
    let mut media = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        media.push(&item["post"]["responses"]["200"]["content"]["application/json"]);
    }
    let hook = &doc["webhooks"]["notifyVaulting"]["post"];
    media.push(&hook["requestBody"]["content"]["application/json"]);
    media.push(&hook["responses"]["200"]["content"]["application/json"]);
    let mut judged = 0;
    for media in media {
        let name = media["schema"]["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/components/schemas/");
        let validator = validator(&doc, name);
        for (code, example) in media["examples"].as_object().unwrap() {
            let value = &example["value"];
            let problems: Vec<String> = validator
                .iter_errors(value)
                .map(|e| e.to_string())
                .collect();
            assert!(problems.is_empty(), "{name} {code}: {problems:?}");
            judged += 1;
        }
    }
    assert!(judged > 40, "{judged}");
    // The coupling rules came along: a SUCCESS inquiry without vaultingStatus is refused.
    let inquire = validator(&doc, "InquireVaultingResponse");
    let broken =
        json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "vaultingRequestId": "a"});
    assert!(!inquire.is_valid(&broken));
}

#[test]
fn the_message_schemas_are_the_published_ones() {
    // The document carries exactly what `schemas/` publishes, `$defs` hoisted into components.
    let doc = document();
    for (endpoint, side) in vaultcheck::schema::all_messages() {
        let published = vaultcheck::schema::derive(endpoint, side, vaultcheck::schema::Rules::With);
        let name = schema_name(endpoint, side);
        let ours = &doc["components"]["schemas"][&name];
        assert_eq!(
            ours["properties"].as_object().map(|m| m.len()),
            published["properties"].as_object().map(|m| m.len()),
            "{name}"
        );
        assert_eq!(ours["required"], published["required"], "{name}");
        assert_eq!(ours["allOf"], published["allOf"], "{name}");
    }
}

#[test]
fn without_a_file_the_document_goes_to_stdout() {
    let output = cli::run(&["schemas", "--openapi"]);
    assert_eq!(output.status.code(), Some(0), "{}", cli::both(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let refused = cli::run(&["schemas", "--openapi", "--write"]);
    assert_eq!(refused.status.code(), Some(2));
}
