//! Request validation as the docs give it: required fields, maximum lengths counted in
//! characters, enums, and every value a JSON string except the two places the official SDKs
//! send otherwise (`is3DSAuthentication` a boolean, `env.timeZoneOffset` an integer). A
//! refusal names the field; the stand-in answers it with `F`/`PARAM_ILLEGAL`.

use serde_json::{Map, Value};

/// The three operations the stand-in serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    VaultPaymentMethod,
    InquireVaulting,
    CreateVaultingSession,
}

impl Operation {
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        match name {
            "vaultPaymentMethod" => Some(Operation::VaultPaymentMethod),
            "inquireVaulting" => Some(Operation::InquireVaulting),
            "createVaultingSession" => Some(Operation::CreateVaultingSession),
            _ => None,
        }
    }
}

/// What is checked besides the docs' rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Strictness {
    /// URL fields must be absolute http(s) URLs (the docs give only type and length).
    pub url_syntax: bool,
}

type Checked = Result<(), String>;

/// Checks a request body of `operation`; the error names the field and the rule.
pub(crate) fn request(operation: Operation, body: &Value, strict: Strictness) -> Checked {
    let Value::Object(body) = body else {
        return Err("the body is not a JSON object".into());
    };
    match operation {
        Operation::InquireVaulting => {
            text(body, "vaultingRequestId", 64, true)?;
            text(body, "merchantAccountId", 64, false)?;
            only_strings(body, "")
        }
        Operation::CreateVaultingSession => {
            text(body, "vaultingRequestId", 64, true)?;
            one_of(body, "paymentMethodType", &["CARD"], true)?;
            url(body, "vaultingNotificationUrl", true, strict)?;
            url(body, "redirectUrl", false, strict)?;
            region(body, "merchantRegion", false)?;
            bool_like(body, "is3DSAuthentication")?;
            text(body, "merchantAccountId", 64, false)?;
            only_strings(body, "")
        }
        Operation::VaultPaymentMethod => {
            text(body, "vaultingRequestId", 64, true)?;
            url(body, "vaultingNotificationUrl", true, strict)?;
            url(body, "redirectUrl", true, strict)?;
            region(body, "merchantRegion", false)?;
            text(body, "merchantAccountId", 64, false)?;
            text(body, "metadata", 2048, false)?;
            let detail = object(body, "paymentMethodDetail", true)?.expect("required");
            one_of(detail, "paymentMethodType", &["CARD"], true)
                .map_err(|e| format!("paymentMethodDetail.{e}"))?;
            let card = object(detail, "card", true)
                .map_err(|e| format!("paymentMethodDetail.{e}"))?
                .expect("required");
            card_fields(card).map_err(|e| format!("paymentMethodDetail.card.{e}"))?;
            let env = object(body, "env", true)?.expect("required");
            env_fields(env).map_err(|e| format!("env.{e}"))?;
            only_strings(body, "")
        }
    }
}

fn card_fields(card: &Map<String, Value>) -> Checked {
    digits(card, "cardNo", 12..=19, true)?;
    digits(card, "cvv", 3..=3, false)?;
    if let Some(month) = string(card, "expiryMonth", false)? {
        let ok = month.len() == 2 && matches!(month.parse::<u8>(), Ok(1..=12));
        if !ok {
            return Err(format!("expiryMonth {month:?} is not 01 to 12"));
        }
    }
    digits(card, "expiryYear", 2..=2, false)?;
    if let Some(name) = object(card, "cardholderName", false)? {
        user_name(name).map_err(|e| format!("cardholderName.{e}"))?;
    }
    if let Some(address) = object(card, "billingAddress", false)? {
        address_fields(address).map_err(|e| format!("billingAddress.{e}"))?;
    }
    text(card, "dateOfBirth", 10, false)?;
    text(card, "businessNo", 10, false)?;
    text(card, "cardPasswordDigest", 2, false)?;
    text(card, "cpf", 11, false)?;
    text(card, "payerEmail", 64, false)?;
    bool_like(card, "is3DSAuthentication")
}

fn user_name(name: &Map<String, Value>) -> Checked {
    text(name, "firstName", 32, true)?;
    text(name, "middleName", 32, false)?;
    text(name, "lastName", 32, true)?;
    text(name, "fullName", 128, false)
}

fn address_fields(address: &Map<String, Value>) -> Checked {
    region(address, "region", true)?;
    text(address, "state", 8, false)?;
    text(address, "city", 32, false)?;
    text(address, "address1", 256, false)?;
    text(address, "address2", 256, false)?;
    text(address, "zipCode", 32, false)
}

fn env_fields(env: &Map<String, Value>) -> Checked {
    one_of(
        env,
        "terminalType",
        &["WEB", "WAP", "APP", "MINI_APP"],
        true,
    )?;
    one_of(env, "osType", &["IOS", "ANDROID"], false)?;
    text(env, "deviceTokenId", 64, false)?;
    text(env, "extendInfo", 2048, false)?;
    text(env, "deviceBrand", 64, false)?;
    text(env, "deviceModel", 128, false)?;
    match env.get("timeZoneOffset") {
        None => Ok(()),
        Some(value) => {
            let minutes = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.parse::<i64>().ok(),
                _ => None,
            };
            match minutes {
                Some(-720..=720) => Ok(()),
                _ => Err(format!(
                    "timeZoneOffset {value} is not an integer from -720 to 720"
                )),
            }
        }
    }
}

/// The string at `key`; an error if it is absent and `required`, or not a string.
fn string<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    required: bool,
) -> Result<Option<&'a str>, String> {
    match map.get(key) {
        None if required => Err(format!("{key} is required")),
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key} must be a string, not {}", kind(other))),
    }
}

fn text(map: &Map<String, Value>, key: &str, max: usize, required: bool) -> Checked {
    if let Some(value) = string(map, key, required)? {
        let chars = value.chars().count();
        if chars > max {
            return Err(format!("{key} has {chars} characters, more than {max}"));
        }
        if required && value.is_empty() {
            return Err(format!("{key} is empty"));
        }
    }
    Ok(())
}

fn digits(
    map: &Map<String, Value>,
    key: &str,
    lengths: std::ops::RangeInclusive<usize>,
    required: bool,
) -> Checked {
    match string(map, key, required)? {
        Some(value)
            if !value.bytes().all(|b| b.is_ascii_digit()) || !lengths.contains(&value.len()) =>
        {
            Err(format!(
                "{key} must be {} to {} digits",
                lengths.start(),
                lengths.end()
            ))
        }
        _ => Ok(()),
    }
}

fn one_of(map: &Map<String, Value>, key: &str, allowed: &[&str], required: bool) -> Checked {
    match string(map, key, required)? {
        Some(value) if !allowed.contains(&value) => {
            Err(format!("{key} {value:?} is not one of {allowed:?}"))
        }
        _ => Ok(()),
    }
}

fn region(map: &Map<String, Value>, key: &str, required: bool) -> Checked {
    match string(map, key, required)? {
        Some(value) if !(value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase())) => {
            Err(format!("{key} {value:?} is not an ISO 3166 alpha-2 code"))
        }
        _ => Ok(()),
    }
}

fn url(map: &Map<String, Value>, key: &str, required: bool, strict: Strictness) -> Checked {
    text(map, key, 2048, required)?;
    if let (true, Some(value)) = (strict.url_syntax, string(map, key, false)?) {
        let absolute = url::Url::parse(value)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if !absolute {
            return Err(format!("{key} is not an absolute http(s) URL"));
        }
    }
    Ok(())
}

fn bool_like(map: &Map<String, Value>, key: &str) -> Checked {
    match map.get(key) {
        None | Some(Value::Bool(_)) => Ok(()),
        Some(Value::String(s)) if s == "true" || s == "false" => Ok(()),
        Some(other) => Err(format!("{key} {other} is not true or false")),
    }
}

fn object<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    required: bool,
) -> Result<Option<&'a Map<String, Value>>, String> {
    match map.get(key) {
        None if required => Err(format!("{key} is required")),
        None => Ok(None),
        Some(Value::Object(inner)) => Ok(Some(inner)),
        Some(other) => Err(format!("{key} must be an object, not {}", kind(other))),
    }
}

/// Every value below `map` is a string, an object or an array of strings, but for the SDKs'
/// `is3DSAuthentication` (boolean) and `env.timeZoneOffset` (integer), checked above.
fn only_strings(map: &Map<String, Value>, at: &str) -> Checked {
    for (key, value) in map {
        let path = format!("{at}/{key}");
        match value {
            Value::String(_) => {}
            Value::Object(inner) => only_strings(inner, &path)?,
            Value::Array(items) => {
                if let Some(item) = items.iter().find(|v| !v.is_string()) {
                    return Err(format!("{path} holds {}, not a string", kind(item)));
                }
            }
            Value::Bool(_) if key == "is3DSAuthentication" => {}
            Value::Number(_) if path == "/env/timeZoneOffset" => {}
            other => return Err(format!("{path} must be a string, not {}", kind(other))),
        }
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `is3DSAuthentication` asks for 3DS (`true` or `"true"`).
pub(crate) fn wants_3ds(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Bool(true))) || value.and_then(Value::as_str) == Some("true")
}
