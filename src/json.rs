//! Reading a message body as JSON without trusting it: bytes that are not UTF-8, not JSON, too
//! deeply nested, or objects with the same key twice are described, never crashed on.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Nesting deeper than this is refused; Vault messages are at most five levels deep.
pub(crate) const MAX_DEPTH: usize = 64;

/// A body that parsed, with the keys that appeared twice in one object.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedBody {
    /// The value; where a key repeats, the last occurrence wins (as in most JSON readers).
    pub value: Value,
    /// JSON pointers of keys that appeared more than once in their object.
    pub duplicate_keys: Vec<String>,
}

/// Why a body could not be read as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyProblem {
    Empty,
    NotUtf8 {
        valid_up_to: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    TooDeep {
        limit: usize,
    },
}

impl fmt::Display for BodyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyProblem::Empty => f.write_str("the body is empty"),
            BodyProblem::NotUtf8 { valid_up_to } => {
                write!(
                    f,
                    "the body is not UTF-8 (invalid byte at offset {valid_up_to})"
                )
            }
            BodyProblem::NotJson {
                line,
                column,
                detail,
            } => write!(
                f,
                "the body is not JSON (line {line}, column {column}: {detail})"
            ),
            BodyProblem::TooDeep { limit } => {
                write!(f, "the body nests deeper than {limit} levels")
            }
        }
    }
}

/// Parses a body strictly: UTF-8, one JSON value, nothing after it.
pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedBody, BodyProblem> {
    let text = std::str::from_utf8(bytes).map_err(|e| BodyProblem::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(BodyProblem::Empty);
    }
    let mut state = State::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed { state: &mut state }
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| {
            if state.too_deep || e.to_string().starts_with("recursion limit exceeded") {
                BodyProblem::TooDeep { limit: MAX_DEPTH }
            } else {
                let text = e.to_string();
                let detail = text.split(" at line ").next().unwrap_or(&text).to_owned();
                BodyProblem::NotJson {
                    line: e.line(),
                    column: e.column(),
                    detail,
                }
            }
        })?;
    Ok(ParsedBody {
        value,
        duplicate_keys: state.duplicates,
    })
}

#[derive(Default)]
struct State {
    path: Vec<String>,
    duplicates: Vec<String>,
    too_deep: bool,
}

impl State {
    fn pointer(&self, key: &str) -> String {
        let mut out = String::new();
        for step in self.path.iter().map(String::as_str).chain([key]) {
            out.push('/');
            out.push_str(&step.replace('~', "~0").replace('/', "~1"));
        }
        out
    }

    fn enter<E: serde::de::Error>(&mut self, step: String) -> Result<(), E> {
        if self.path.len() >= MAX_DEPTH {
            self.too_deep = true;
            return Err(E::custom("too deep"));
        }
        self.path.push(step);
        Ok(())
    }
}

struct ValueSeed<'a> {
    state: &'a mut State,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.state.enter::<A::Error>(items.len().to_string())?;
            let next = seq.next_element_seed(ValueSeed { state: self.state });
            self.state.path.pop();
            match next? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let pointer = self.state.pointer(&key);
                self.state.duplicates.push(pointer);
            }
            self.state.enter::<A::Error>(key.clone())?;
            let value = map.next_value_seed(ValueSeed { state: self.state });
            self.state.path.pop();
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_json() {
        let parsed = parse(br#"{"a":"1","b":{"c":"2"}}"#).unwrap();
        assert_eq!(parsed.value["b"]["c"], "2");
        assert!(parsed.duplicate_keys.is_empty());
    }

    #[test]
    fn reports_duplicate_keys_with_their_pointer() {
        let parsed = parse(br#"{"result":{"resultStatus":"S","resultStatus":"F"}}"#).unwrap();
        assert_eq!(parsed.duplicate_keys, vec!["/result/resultStatus"]);
        assert_eq!(parsed.value["result"]["resultStatus"], "F");
    }

    #[test]
    fn describes_bad_bodies() {
        assert_eq!(parse(b"  "), Err(BodyProblem::Empty));
        assert_eq!(
            parse(b"{\"a\":\"\xff\"}"),
            Err(BodyProblem::NotUtf8 { valid_up_to: 6 })
        );
        assert!(matches!(
            parse(b"{\"a\":"),
            Err(BodyProblem::NotJson { line: 1, .. })
        ));
        assert!(matches!(parse(b"{} x"), Err(BodyProblem::NotJson { .. })));
        assert!(matches!(parse(b"<html>"), Err(BodyProblem::NotJson { .. })));
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            parse(deep.as_bytes()),
            Err(BodyProblem::TooDeep { limit: MAX_DEPTH })
        );
        let deep_objects = "{\"a\":".repeat(70) + "1" + &"}".repeat(70);
        assert_eq!(
            parse(deep_objects.as_bytes()),
            Err(BodyProblem::TooDeep { limit: MAX_DEPTH })
        );
    }
}
