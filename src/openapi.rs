//! The contract as one OpenAPI 3.1 document (`vaultcheck schemas --openapi`), for Prism,
//! Schemathesis and code generators: the three Vault operations under their production and
//! sandbox paths (POST), each message's schema as [`crate::schema::derive`] writes it with the
//! coupling rules (draft 2020-12, OpenAPI 3.1's own dialect; the shared object schemas hoisted
//! into `components/schemas`), the signing headers as security schemes and response headers,
//! one example per result code (status and message from [`crate::contract::result_codes`]),
//! and notifyVaulting as a webhook. Nothing here is written by hand twice: the document is
//! derived, so it cannot drift from the contract.

use crate::contract::result_codes::{self, ResultCode};
use crate::contract::{Endpoint, ResultStatus, Side};
use crate::protocol::headers::title;
use crate::protocol::sandbox::{REGIONS, path_for};
use crate::schema::{Rules, all_messages, derive};
use serde_json::{Map, Value, json};

/// The OpenAPI version the document follows.
pub(crate) const OPENAPI_VERSION: &str = "3.1.0";

/// Where the document's schemas live.
const SCHEMAS: &str = "#/components/schemas/";

/// The component name of a message's schema: `InquireVaultingRequest`.
pub(crate) fn schema_name(endpoint: Endpoint, side: Side) -> String {
    let mut name = String::new();
    let mut chars = endpoint.name().chars();
    if let Some(first) = chars.next() {
        name.push(first.to_ascii_uppercase());
        name.extend(chars);
    }
    let word = endpoint.message_word(side);
    name.push_str(&word[..1].to_ascii_uppercase());
    name.push_str(&word[1..]);
    name
}

/// Points `#/$defs/X` at `#/components/schemas/<renamed X>`, everywhere in a schema.
fn rewrite_refs(value: &mut Value, renamed: &Map<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/$defs/")
            {
                let name = renamed
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or(name)
                    .to_owned();
                *target = format!("{SCHEMAS}{name}");
            }
            for child in map.values_mut() {
                rewrite_refs(child, renamed);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renamed)),
        _ => {}
    }
}

/// Every message schema and every object schema they share, by component name. A shared object
/// whose schema differs between messages (none today) gets the message's name in front.
fn component_schemas() -> Map<String, Value> {
    let mut components = Map::new();
    for (endpoint, side) in all_messages() {
        let mut schema = derive(endpoint, side, Rules::With);
        let map = schema.as_object_mut().expect("derived schemas are objects");
        map.remove("$schema");
        map.remove("$id");
        let defs = match map.remove("$defs") {
            Some(Value::Object(defs)) => defs,
            _ => Map::new(),
        };
        let message = schema_name(endpoint, side);
        let renamed: Map<String, Value> = defs
            .iter()
            .map(|(name, def)| {
                let unique = match components.get(name) {
                    Some(existing) if existing != def => format!("{message}{name}"),
                    _ => name.clone(),
                };
                (name.clone(), Value::String(unique))
            })
            .collect();
        for (name, mut def) in defs {
            rewrite_refs(&mut def, &renamed);
            let unique = renamed[&name]
                .as_str()
                .expect("names are strings")
                .to_owned();
            components.insert(unique, def);
        }
        rewrite_refs(&mut schema, &renamed);
        components.insert(message, schema);
    }
    components
}

/// A card as Antom describes a vaulted one (a test card's token and mask, no real data).
fn vaulted_card() -> Value {
    json!({
        "paymentMethodType": "CARD",
        "card": {"cardToken": "ALIPAYexampleTokenOnly", "brand": "VISA", "maskedCardNo": "************0768"}
    })
}

/// An example message carrying `code`: the `result` from the table, and what the contract's
/// rules ask to come with it.
pub(crate) fn example(endpoint: Endpoint, code: &ResultCode) -> Value {
    let mut body = json!({"result": {
        "resultCode": code.code,
        "resultStatus": code.status.as_str(),
        "resultMessage": code.message,
    }});
    let success = code.status == ResultStatus::S;
    match endpoint {
        Endpoint::InquireVaulting | Endpoint::VaultPaymentMethod | Endpoint::NotifyVaulting => {
            body["vaultingRequestId"] = json!("vr-20261125-0001");
        }
        Endpoint::CreateVaultingSession => {}
    }
    match (endpoint, success) {
        (Endpoint::InquireVaulting, true) | (Endpoint::NotifyVaulting, true) => {
            body["vaultingStatus"] = json!("SUCCESS");
            body["paymentMethodDetail"] = vaulted_card();
        }
        (Endpoint::NotifyVaulting, false) => body["vaultingStatus"] = json!("FAIL"),
        (Endpoint::VaultPaymentMethod, true) => body["paymentMethodDetail"] = vaulted_card(),
        (Endpoint::CreateVaultingSession, true) => {
            body["vaultingSessionData"] = json!("exampleSessionDataForTheClientSdk");
            body["vaultingSessionId"] = json!("vs-20261125-0001");
            body["vaultingSessionExpiryTime"] = json!("2026-11-25T12:30:00+08:00");
        }
        _ => {}
    }
    if endpoint == Endpoint::VaultPaymentMethod && code.code == "VERIFICATION_IN_PROCESS" {
        body["normalUrl"] = json!("https://open-sea-global.alipay.com/3ds/example");
    }
    body
}

/// The codes an operation may answer with: its own table, then the gateway's codes it does not
/// already list. The notification has only its own.
pub(crate) fn example_codes(endpoint: Endpoint) -> Vec<&'static ResultCode> {
    let own = endpoint.result_codes();
    let gateway: &[ResultCode] = match endpoint {
        Endpoint::NotifyVaulting => &[],
        _ => result_codes::GATEWAY,
    };
    own.iter()
        .chain(
            gateway
                .iter()
                .filter(|g| !own.iter().any(|o| o.code == g.code)),
        )
        .collect()
}

fn examples(endpoint: Endpoint) -> Value {
    let mut out = Map::new();
    for code in example_codes(endpoint) {
        out.insert(
            code.code.to_owned(),
            json!({
                "summary": format!("{} {}: {}", code.status.as_str(), code.code, code.meaning),
                "value": example(endpoint, code),
            }),
        );
    }
    Value::Object(out)
}

fn json_content(endpoint: Endpoint, side: Side, examples: Option<Value>) -> Value {
    let mut media =
        json!({"schema": {"$ref": format!("{SCHEMAS}{}", schema_name(endpoint, side))}});
    if let Some(examples) = examples {
        media["examples"] = examples;
    }
    json!({ crate::protocol::headers::JSON_MEDIA_TYPE: media })
}

fn header_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/headers/{name}")})
}

fn operation(endpoint: Endpoint, sandbox: bool) -> Value {
    let id = if sandbox {
        format!("{}Sandbox", endpoint.name())
    } else {
        endpoint.name().to_owned()
    };
    let place = if sandbox { "the sandbox" } else { "production" };
    json!({
        "operationId": id,
        "summary": format!("{} ({place})", endpoint.name()),
        "tags": ["vaults"],
        "requestBody": {"required": true, "content": json_content(endpoint, Side::Request, None)},
        "responses": {"200": {
            "description": "Every answer, refusals included, is HTTP 200 with a `result`; signed unless a gateway refusal.",
            "headers": {
                title::CLIENT_ID: header_ref(title::CLIENT_ID),
                title::RESPONSE_TIME: header_ref(title::RESPONSE_TIME),
                title::SIGNATURE: header_ref(title::SIGNATURE),
            },
            "content": json_content(endpoint, Side::Response, Some(examples(endpoint))),
        }},
    })
}

fn paths() -> Value {
    let mut paths = Map::new();
    for endpoint in Endpoint::ALL {
        let Some(path) = endpoint.path() else {
            continue;
        };
        paths.insert(path.to_owned(), json!({"post": operation(endpoint, false)}));
        paths.insert(
            path_for(path, true),
            json!({"post": operation(endpoint, true)}),
        );
    }
    Value::Object(paths)
}

const SIGNING: &str = "Every request is signed: `Signature: algorithm=RSA256,keyVersion=1,signature=<URL-encoded base64>` over `POST <path>\\n<Client-Id>.<Request-Time>.<body>` (RSASSA-PKCS1-v1_5, SHA-256) with the merchant's private key; answers are signed the same way over `<Response-Time>` with Antom's key. A tool that cannot sign (Prism, Schemathesis) is refused by the sandbox; point it at `vaultcheck mock --fault accept-unsigned` instead.";

fn security_schemes() -> Value {
    let scheme = |name: &str, what: &str| json!({"type": "apiKey", "in": "header", "name": name, "description": what});
    json!({
        "ClientId": scheme(title::CLIENT_ID, "The merchant's client id (`SANDBOX_...` in the sandbox)."),
        "RequestTime": scheme(title::REQUEST_TIME, "When the request was signed, in epoch milliseconds."),
        "Signature": scheme(title::SIGNATURE, SIGNING),
    })
}

fn response_headers() -> Value {
    // Not required: a gateway refusal (bad signature, unknown client, ...) may come unsigned
    // (DESIGN), and a tool reading this document must not flag Antom's real refusals.
    let header = |what: &str, schema: Value| json!({"required": false, "description": what, "schema": schema});
    json!({
        title::CLIENT_ID: header("The client id of the request, echoed (signed answers).", json!({"type": "string"})),
        title::RESPONSE_TIME: header("When the answer was signed (ISO 8601 with offset); absent on an unsigned gateway refusal.", json!({"type": "string", "format": "date-time"})),
        title::SIGNATURE: header("Antom's signature over `POST <path>\\n<Client-Id>.<Response-Time>.<body>`; every answer but a gateway refusal carries it.", json!({"type": "string", "pattern": "algorithm=RSA256"})),
    })
}

fn webhook() -> Value {
    let endpoint = Endpoint::NotifyVaulting;
    let parameter = |name: &str, what: &str| json!({"name": name, "in": "header", "required": true, "description": what, "schema": {"type": "string"}});
    let acknowledgement = ResultCode {
        code: "SUCCESS",
        status: ResultStatus::S,
        meaning: "Received",
        message: "success",
    };
    json!({"post": {
        "operationId": "notifyVaulting",
        "summary": "Antom's notification of a vaulting's outcome, posted to vaultingNotificationUrl",
        "tags": ["vaults"],
        "security": [],
        "parameters": [
            parameter(title::CLIENT_ID, "The merchant's client id."),
            parameter(title::REQUEST_TIME, "When Antom signed the notification."),
            parameter(title::SIGNATURE, "Antom's signature over `POST <notification path>\\n<Client-Id>.<Request-Time>.<body>`; verify it with Antom's public key."),
        ],
        "requestBody": {"required": true, "content": json_content(endpoint, Side::Request, Some(examples(endpoint)))},
        "responses": {"200": {
            "description": "The merchant's acknowledgement; anything else makes Antom notify again.",
            "content": json_content(endpoint, Side::Response, Some(json!({"SUCCESS": {
                "summary": "Received",
                "value": {"result": {"resultCode": acknowledgement.code, "resultStatus": acknowledgement.status.as_str(), "resultMessage": acknowledgement.message}},
            }}))),
        }},
    }})
}

/// The whole document.
pub(crate) fn document() -> Value {
    let servers: Vec<Value> = REGIONS
        .iter()
        .map(|(name, url)| json!({"url": url, "description": format!("Antom, region {name}")}))
        .chain(std::iter::once(json!({
            "url": "http://127.0.0.1:8080",
            "description": "vaultcheck mock (the simulator)"
        })))
        .collect();
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Antom Vault API (vaultcheck's contract)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!("Derived by vaultcheck from its contract (`vaultcheck schemas --openapi`). Every non-array value is a JSON string. {SIGNING}"),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": servers,
        "security": [{"ClientId": [], "RequestTime": [], "Signature": []}],
        "tags": [{"name": "vaults", "description": "Card vaulting"}],
        "paths": paths(),
        "webhooks": {"notifyVaulting": webhook()},
        "components": {
            "schemas": component_schemas(),
            "securitySchemes": security_schemes(),
            "headers": response_headers(),
        },
    })
}

/// The document as pretty JSON with a trailing newline.
pub(crate) fn rendered() -> String {
    let mut text = serde_json::to_string_pretty(&document()).expect("a Value always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_are_pascal_case() {
        assert_eq!(
            schema_name(Endpoint::InquireVaulting, Side::Request),
            "InquireVaultingRequest"
        );
        assert_eq!(
            schema_name(Endpoint::NotifyVaulting, Side::Response),
            "NotifyVaultingAcknowledgement"
        );
    }

    #[test]
    fn no_defs_reference_is_left() {
        let text = rendered();
        assert!(!text.contains("#/$defs/"), "a $ref still points into $defs");
        assert!(!text.contains("urn:vaultcheck:"));
    }
}
