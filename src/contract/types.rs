//! The vocabulary the contract is written in: objects, fields and the kind of value each field
//! holds. Only data lives here; `shapes.rs` uses it to write down every Vault message.

/// Where a field is documented. Fields only the official SDKs know are allowed, and marked so
/// reports and schemas can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Antom's API reference documents it.
    Docs,
    /// Only the official SDK models carry it.
    Sdk,
}

/// The kind of value a field holds. Every non-array value in a Vault message is a JSON string;
/// the kinds say which strings are acceptable.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Free text of at most `max` characters (Unicode scalar values), when a limit is known.
    Text { max: Option<u32> },
    /// An absolute URL of at most `max` characters.
    Url { max: u32 },
    /// One of a fixed list of values.
    Enum(&'static [&'static str]),
    /// A string matching `pattern` (anchored), at most `max` characters; `what` names the rule.
    Pattern {
        pattern: &'static str,
        max: u32,
        what: &'static str,
    },
    /// An ISO 8601 date-time string.
    DateTime,
    /// A boolean written as the string `"true"`/`"false"`. The official SDKs send a raw JSON
    /// boolean here, so a request may carry either (DESIGN.md, policies).
    BoolLike,
    /// An integer written as a digit string in `min..=max`. The Java SDK sends a raw JSON integer
    /// here, so a request may carry either.
    IntLike { min: i64, max: i64 },
    /// A nested object described by the contract.
    Object(&'static Object),
    /// An object whose content the contract does not describe (SDK-only detail).
    OpaqueObject,
    /// An array of strings (the only array kind in the Vault API).
    StringArray,
}

/// One field of an object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub origin: Origin,
}

/// A JSON object of the Vault API.
#[derive(Debug)]
pub struct Object {
    /// The name the API reference gives the type (`Result`, `PaymentMethodDetail`, ...).
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl Object {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A required, documented field.
pub(crate) const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
        origin: Origin::Docs,
    }
}

/// An optional, documented field.
pub(crate) const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        origin: Origin::Docs,
    }
}

/// An optional field that only the official SDKs know.
pub(crate) const fn sdk(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        origin: Origin::Sdk,
    }
}

/// Text of at most `max` characters.
pub(crate) const fn text(max: u32) -> Ty {
    Ty::Text { max: Some(max) }
}

/// Text with no documented limit.
pub(crate) const ANY_TEXT: Ty = Ty::Text { max: None };
