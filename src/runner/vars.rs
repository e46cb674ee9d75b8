//! The variables of one case run (`${id}`, `${notify}`, `${card.NAME}`, values saved by earlier
//! steps) and their substitution into step bodies and expectations. A `${name}` that is not
//! defined is an error naming the case and the variable: sending it verbatim would test a typo.

use crate::Error;
use serde_json::Value;
use std::collections::BTreeMap;

/// The variables of a case run, by name.
#[derive(Debug, Clone)]
pub(crate) struct Vars {
    case: String,
    values: BTreeMap<String, String>,
}

impl Vars {
    /// No variables yet, for the case named `case` (named in errors).
    pub(crate) fn new(case: &str) -> Self {
        Vars {
            case: case.to_owned(),
            values: BTreeMap::new(),
        }
    }

    /// Defines (or redefines) a variable.
    pub(crate) fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// Replaces `${name}` in every string of a JSON value (object keys are left alone).
    pub(crate) fn substitute(&self, value: &Value) -> Result<Value, Error> {
        Ok(match value {
            Value::String(text) => Value::String(self.substitute_text(text)?),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.substitute(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.substitute(v)?)))
                    .collect::<Result<_, Error>>()?,
            ),
            other => other.clone(),
        })
    }

    /// Replaces `${name}` in a text, in one pass (a value is never substituted again). A `$`
    /// not followed by `{` is kept as it is.
    pub(crate) fn substitute_text(&self, text: &str) -> Result<String, Error> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(Error::Case {
                    case: self.case.clone(),
                    reason: format!("`${{` without a closing `}}` in \"{text}\""),
                });
            };
            let name = &after[..end];
            match self.values.get(name) {
                Some(value) => out.push_str(value),
                None => {
                    return Err(Error::UnknownVariable {
                        case: self.case.clone(),
                        variable: name.to_owned(),
                        known: self.known(),
                    });
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The names defined, for error messages (card names collapsed to one pattern).
    fn known(&self) -> String {
        let mut names: Vec<&str> = self
            .values
            .keys()
            .filter(|n| !n.starts_with("card."))
            .map(String::as_str)
            .collect();
        if self.values.keys().any(|n| n.starts_with("card.")) {
            names.push("card.NAME[.last4|.brand]");
        }
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Vars {
        let mut vars = Vars::new("inquire-after-vault");
        vars.set("id", "vc-1");
        vars.set("card.success", "4054695723100768");
        vars
    }

    #[test]
    fn substitutes_known_variables_everywhere_once() {
        let mut v = vars();
        v.set("loop", "${id}");
        let body = json!({"a": "${id}-x", "b": ["${loop}", 7], "${id}": "$5 ${card.success}"});
        assert_eq!(
            v.substitute(&body).unwrap(),
            json!({"a": "vc-1-x", "b": ["${id}", 7], "${id}": "$5 4054695723100768"})
        );
    }

    #[test]
    fn an_unknown_variable_is_an_error_naming_the_case_and_the_variable() {
        let error = vars()
            .substitute(&json!({"vaultingRequestId": "${idd}"}))
            .unwrap_err();
        assert!(matches!(&error, Error::UnknownVariable { variable, .. } if variable == "idd"));
        let text = error.to_string();
        assert!(
            text.contains("inquire-after-vault") && text.contains("${idd}"),
            "{text}"
        );
        assert!(!text.contains("4054695723100768"), "{text}");
        assert!(vars().substitute_text("${id").is_err());
    }
}
