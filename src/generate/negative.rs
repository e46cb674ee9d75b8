//! Single-fault negative mutants of a valid request, derived from the contract: for a field the
//! request holds, drop it (when required), null it, put a number, a boolean or an object where
//! a string belongs, make it one character too long, or put a value outside its enum or
//! format. The derived schema confirms every mutant is invalid (the schema is the oracle).

use crate::contract::types::{Field, Object, Ty};
use serde_json::{Value, json};

/// One way to break one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutant {
    /// JSON pointer of the field.
    pub pointer: String,
    /// What was done to it, for reports.
    pub what: &'static str,
    pub request: Value,
}

fn candidates(
    object: &'static Object,
    value: &Value,
    at: &str,
    out: &mut Vec<(String, &'static Field)>,
) {
    let Some(map) = value.as_object() else { return };
    for field in object.fields {
        let pointer = format!("{at}/{}", field.name);
        if map.contains_key(field.name) || field.required {
            out.push((pointer.clone(), field));
        }
        if let (Ty::Object(inner), Some(child)) = (field.ty, map.get(field.name)) {
            candidates(inner, child, &pointer, out);
        }
    }
}

fn set(request: &mut Value, pointer: &str, new: Option<Value>) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointers start with /");
    let parent = if parent.is_empty() {
        Some(&mut *request)
    } else {
        request.pointer_mut(parent)
    };
    if let Some(Value::Object(map)) = parent {
        match new {
            Some(value) => {
                map.insert(key.to_owned(), value);
            }
            None => {
                map.remove(key);
            }
        }
    }
}

/// Every single-field mutant of `request` that the contract says must be refused.
pub fn mutants(shape: &'static Object, request: &Value) -> Vec<Mutant> {
    let mut fields = Vec::new();
    candidates(shape, request, "", &mut fields);
    let mut out = Vec::new();
    for (pointer, field) in fields {
        let present = request.pointer(&pointer).is_some();
        let mut push = |what: &'static str, value: Option<Value>| {
            let mut mutated = request.clone();
            set(&mut mutated, &pointer, value);
            out.push(Mutant {
                pointer: pointer.clone(),
                what,
                request: mutated,
            });
        };
        if field.required && present {
            push("missing required field", None);
        }
        if !present {
            continue;
        }
        push("null", Some(Value::Null));
        match field.ty {
            Ty::Object(_) | Ty::OpaqueObject => {
                push("a string where an object belongs", Some(json!("x")))
            }
            Ty::StringArray => push("a string where an array belongs", Some(json!("x"))),
            Ty::BoolLike => push("not a boolean", Some(json!("yes"))),
            Ty::IntLike { .. } => push("not an integer", Some(json!("ten"))),
            ty => {
                push("a number where a string belongs", Some(json!(7)));
                push("a boolean where a string belongs", Some(json!(true)));
                push(
                    "an object where a string belongs",
                    Some(json!({"value": "x"})),
                );
                match ty {
                    Ty::Text { max: Some(max) } | Ty::Url { max } | Ty::Pattern { max, .. } => {
                        let long: String = std::iter::repeat_n('9', max as usize + 1).collect();
                        let long = if matches!(ty, Ty::Url { .. }) {
                            format!("https://x.example/{}", &long[18..])
                        } else {
                            long
                        };
                        push("one character too long", Some(Value::String(long)));
                    }
                    _ => {}
                }
                match ty {
                    Ty::Enum(_) => push("not in the enum", Some(json!("NOT_DOCUMENTED"))),
                    Ty::Pattern { .. } => push("not in the documented format", Some(json!("x"))),
                    Ty::Url { .. } => push("not an absolute URL", Some(json!("not a url"))),
                    Ty::DateTime => push("not a date-time", Some(json!("tomorrow"))),
                    _ => {}
                }
                if field.required && matches!(ty, Ty::Text { .. } | Ty::Url { .. }) {
                    push("empty", Some(json!("")));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{Endpoint, Side};

    #[test]
    fn every_mutant_is_refused_by_the_schema_oracle() {
        let request = json!({
            "vaultingRequestId": "vr-1",
            "vaultingNotificationUrl": "https://m.example/n",
            "redirectUrl": "https://m.example/r",
            "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4242424242424242", "expiryMonth": "07", "is3DSAuthentication": true}},
            "env": {"terminalType": "WEB", "timeZoneOffset": 60}
        });
        let shape = Endpoint::VaultPaymentMethod.shape(Side::Request);
        let validator =
            crate::schema::structural_validator(Endpoint::VaultPaymentMethod, Side::Request);
        assert!(validator.is_valid(&request));
        let mutants = mutants(shape, &request);
        assert!(mutants.len() > 40, "{}", mutants.len());
        for mutant in mutants {
            assert!(
                !validator.is_valid(&mutant.request),
                "{} {} passed the schema",
                mutant.pointer,
                mutant.what
            );
        }
    }
}
