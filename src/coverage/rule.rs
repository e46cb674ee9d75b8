//! The rules of the contract as a list, derived in one place from `contract::shapes` (every
//! request field's type, length, enum, format and presence), `contract::rules` (every coupling
//! rule of an answer or notification), `contract::result_codes` (every code of every operation
//! and of the gateway table) and the vaulting status transitions. Each rule has a stable id,
//! its basis, the check that judges it, and the sides a run must reach to cover it.

use crate::contract::result_codes::{self, ResultCode};
use crate::contract::rules::{Demand, Rule};
use crate::contract::types::{Field, Object, Origin, Ty};
use crate::contract::{Basis, CheckId, Endpoint, Side, VaultingStatus};

/// What of a request field a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Facet {
    /// The JSON kind (a string, an object, a boolean-like, an integer-like value).
    Type,
    /// The most characters (counted as Unicode scalar values), and not empty when required.
    Length,
    /// One of the documented values.
    Enum,
    /// The documented format: digits only, two-digit month and year, a region code, a date,
    /// an absolute URL, a date-time.
    Format,
    /// A required field is present.
    Presence,
}

impl Facet {
    /// The word in rule ids.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::Length => "length",
            Facet::Enum => "enum",
            Facet::Format => "format",
            Facet::Presence => "presence",
        }
    }
}

/// What a rule is about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject {
    /// One facet of one request field; covered by a request keeping it (for length: at the
    /// limit) and one breaking only it.
    RequestField {
        endpoint: Endpoint,
        /// The field's JSON pointer in the request.
        pointer: &'static str,
        field: &'static Field,
        facet: Facet,
    },
    /// A coupling rule of an Antom message; covered by a message where it applies.
    Coupling {
        endpoint: Endpoint,
        rule: &'static Rule,
    },
    /// A result code of an operation (`endpoint`) or of the gateway table (`None`); covered
    /// when an answer carries it.
    Code {
        endpoint: Option<Endpoint>,
        code: &'static ResultCode,
    },
    /// A change of `vaultingStatus` seen for one vaulting.
    Transition {
        from: VaultingStatus,
        to: VaultingStatus,
    },
}

/// One rule of the contract.
#[derive(Debug, Clone)]
pub(crate) struct CoverageRule {
    /// The stable id: `vaultPaymentMethod.request./paymentMethodDetail/card/cvv.format`.
    pub(crate) id: String,
    pub(crate) subject: Subject,
    pub(crate) basis: Basis,
    /// The check that judges the rule.
    pub(crate) check: CheckId,
    /// The sides a run must reach to cover the rule (`kept` and `broken`, or `seen`).
    pub(crate) sides: &'static [&'static str],
}

/// The two sides of a request rule.
pub(crate) const KEPT: &str = "kept";
/// The breaking side of a request rule.
pub(crate) const BROKEN: &str = "broken";
/// The one side of a coupling, code or transition: seen applying.
pub(crate) const SEEN: &str = "seen";

/// The operations a merchant sends requests to.
pub(crate) const REQUEST_ENDPOINTS: [Endpoint; 3] = [
    Endpoint::InquireVaulting,
    Endpoint::VaultPaymentMethod,
    Endpoint::CreateVaultingSession,
];

/// The transitions a vaulting may make: out of PROCESSING, and a final status repeated.
pub(crate) const TRANSITIONS: [(VaultingStatus, VaultingStatus); 4] = [
    (VaultingStatus::Processing, VaultingStatus::Success),
    (VaultingStatus::Processing, VaultingStatus::Fail),
    (VaultingStatus::Success, VaultingStatus::Success),
    (VaultingStatus::Fail, VaultingStatus::Fail),
];

/// The facets a field's kind has rules for. A fixed pattern also bounds the length, so a
/// pattern's length is its format; SDK-only fields and opaque objects have no documented rule.
pub(crate) fn facets(field: &Field) -> Vec<Facet> {
    if field.origin == Origin::Sdk {
        return Vec::new();
    }
    let mut out = match field.ty {
        Ty::Text { max: Some(_) } => vec![Facet::Type, Facet::Length],
        Ty::Text { max: None } | Ty::Object(_) | Ty::BoolLike | Ty::IntLike { .. } => {
            vec![Facet::Type]
        }
        Ty::Url { .. } => vec![Facet::Type, Facet::Length, Facet::Format],
        Ty::Enum(_) => vec![Facet::Type, Facet::Enum],
        Ty::Pattern { .. } | Ty::DateTime => vec![Facet::Type, Facet::Format],
        Ty::OpaqueObject | Ty::StringArray => Vec::new(),
    };
    if field.required {
        out.push(Facet::Presence);
    }
    out
}

/// The basis of a request rule: URL syntax of a request field and the formats only the SDKs
/// give (`contract::shapes::INFERRED_REQUEST_PATTERNS`) are the harness's inference
/// (`contract::basis`); every other facet is documented.
fn field_basis(field: &Field, facet: Facet) -> Basis {
    match (field.ty, facet) {
        (Ty::Url { .. }, Facet::Format) => Basis::Inferred,
        (Ty::Pattern { pattern, .. }, Facet::Format)
            if crate::contract::shapes::INFERRED_REQUEST_PATTERNS.contains(&pattern) =>
        {
            Basis::Inferred
        }
        _ => Basis::Documented,
    }
}

/// Every field of an object with its pointer, depth first (leaked once: the list is built once
/// per process and its pointers live as long as the contract).
pub(crate) fn fields_of(object: &'static Object) -> Vec<(&'static str, &'static Field)> {
    fn walk(object: &'static Object, at: &str, out: &mut Vec<(&'static str, &'static Field)>) {
        for field in object.fields {
            let pointer = format!("{at}/{}", field.name);
            if let Ty::Object(inner) = field.ty
                && field.origin == Origin::Docs
            {
                out.push((Box::leak(pointer.clone().into_boxed_str()), field));
                walk(inner, &pointer, out);
            } else {
                out.push((Box::leak(pointer.into_boxed_str()), field));
            }
        }
    }
    let mut out = Vec::new();
    walk(object, "", &mut out);
    out
}

fn demand_word(rule: &Rule) -> &'static str {
    match rule.demand {
        Demand::Present => "present",
        Demand::Absent => "absent",
    }
}

/// Every rule of the contract, in a stable order (the order of the contract's tables).
pub(crate) fn all_rules() -> &'static [CoverageRule] {
    static RULES: std::sync::OnceLock<Vec<CoverageRule>> = std::sync::OnceLock::new();
    RULES.get_or_init(build)
}

fn build() -> Vec<CoverageRule> {
    let mut out = Vec::new();
    for endpoint in REQUEST_ENDPOINTS {
        for (pointer, field) in fields_of(endpoint.shape(Side::Request)) {
            for facet in facets(field) {
                out.push(CoverageRule {
                    id: format!("{}.request.{pointer}.{}", endpoint.name(), facet.word()),
                    subject: Subject::RequestField {
                        endpoint,
                        pointer,
                        field,
                        facet,
                    },
                    basis: field_basis(field, facet),
                    check: CheckId::NegativeDataRejection,
                    sides: &[KEPT, BROKEN],
                });
            }
        }
    }
    for endpoint in Endpoint::ALL {
        let side = endpoint.antom_side();
        for rule in endpoint.rules(side) {
            out.push(CoverageRule {
                id: format!(
                    "{}.{}.{}.{}-when-{}",
                    endpoint.name(),
                    endpoint.message_word(side),
                    crate::contract::rules::pointer(rule.field),
                    demand_word(rule),
                    rule.when.describe().replace(' ', "-")
                ),
                subject: Subject::Coupling { endpoint, rule },
                basis: rule.basis,
                check: rule.check,
                sides: &[SEEN],
            });
        }
    }
    for endpoint in Endpoint::ALL {
        for code in endpoint.result_codes() {
            out.push(CoverageRule {
                id: format!("{}.resultCode.{}", endpoint.name(), code.code),
                subject: Subject::Code {
                    endpoint: Some(endpoint),
                    code,
                },
                basis: Basis::Documented,
                check: CheckId::ResultCodeTable,
                sides: &[SEEN],
            });
        }
    }
    for code in result_codes::GATEWAY {
        out.push(CoverageRule {
            id: format!("gateway.resultCode.{}", code.code),
            subject: Subject::Code {
                endpoint: None,
                code,
            },
            basis: Basis::Documented,
            check: CheckId::ResultCodeTable,
            sides: &[SEEN],
        });
    }
    for (from, to) in TRANSITIONS {
        out.push(CoverageRule {
            id: format!("vaultingStatus.{}->{}", from.as_str(), to.as_str()),
            subject: Subject::Transition { from, to },
            basis: Basis::Documented,
            check: CheckId::StatusMonotonic,
            sides: &[SEEN],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_name_every_kind_of_rule() {
        let rules = all_rules();
        let mut ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "duplicate rule ids");
        for id in [
            "vaultPaymentMethod.request./paymentMethodDetail/card/cvv.format",
            "vaultPaymentMethod.request./paymentMethodDetail/card/cardNo.presence",
            "inquireVaulting.request./vaultingRequestId.length",
            "vaultPaymentMethod.request./redirectUrl.format",
            "createVaultingSession.request./paymentMethodType.enum",
            "vaultPaymentMethod.resultCode.VERIFICATION_IN_PROCESS",
            "gateway.resultCode.INVALID_SIGNATURE",
            "vaultingStatus.PROCESSING->SUCCESS",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
        let url_format = rules
            .iter()
            .find(|r| r.id == "vaultPaymentMethod.request./redirectUrl.format")
            .unwrap();
        assert_eq!(url_format.basis, Basis::Inferred);
        assert!(rules.iter().any(|r| {
            r.id.starts_with("inquireVaulting.response./vaultingStatus.absent-when")
        }));
    }
}
