//! The coupling rules: which field must be present or absent given the values of others.
//! Each rule names the check that judges it; the schema deriver turns the same rules into
//! `if`/`then`, so a rule is written once.

use super::status::{ResultStatus, VaultingStatus};
use crate::contract::{Basis, CheckId};
use serde_json::Value;

/// A JSON path from the message root, one object key per step.
pub(crate) type Path = &'static [&'static str];

/// A condition on the message. Both forms hold only when the field is present and a string,
/// so a missing or mistyped field leaves the rule to the check that owns that field.
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    /// The field is a string among the values.
    Is(Path, &'static [&'static str]),
    /// The field is a string not among the values.
    IsNot(Path, &'static [&'static str]),
}

/// What a rule demands when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demand {
    Present,
    Absent,
}

/// One coupling rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The check that reports a broken rule.
    pub check: CheckId,
    pub when: Cond,
    pub field: Path,
    pub demand: Demand,
    /// The API reference statement (or DESIGN policy) the rule comes from.
    pub spec: &'static str,
    /// What the rule rests on: a rule the docs state is `Documented`; the other side of a
    /// coupling ("absent otherwise"), which the docs leave open, is DESIGN's `Policy`.
    pub basis: Basis,
}

const RESULT_STATUS: Path = &["result", "resultStatus"];
const RESULT_CODE: Path = &["result", "resultCode"];
const VAULTING_STATUS: Path = &["vaultingStatus"];
const PAYMENT_METHOD_DETAIL: Path = &["paymentMethodDetail"];
const DETAIL_TYPE: Path = &["paymentMethodDetail", "paymentMethodType"];
const DETAIL_CARD: Path = &["paymentMethodDetail", "card"];
const REDIRECT_URLS: [Path; 3] = [&["normalUrl"], &["schemeUrl"], &["applinkUrl"]];

/// Conditions name the documented values they hold for, so an undocumented value (the
/// schema's finding) leaves the rules alone.
const STATUS_S: &[&str] = &[ResultStatus::S.as_str()];
const STATUS_F_OR_U: &[&str] = &[ResultStatus::F.as_str(), ResultStatus::U.as_str()];
const VAULTING_SUCCESS: &[&str] = &[VaultingStatus::Success.as_str()];
const VAULTING_FINAL: &[&str] = &[
    VaultingStatus::Success.as_str(),
    VaultingStatus::Fail.as_str(),
];
const VAULTING_NOT_SUCCESS: &[&str] = &[
    VaultingStatus::Processing.as_str(),
    VaultingStatus::Fail.as_str(),
];

const SPEC_VAULTING_STATUS: &str =
    "inquireVaulting: vaultingStatus is returned when result.resultStatus is S";
const SPEC_INQUIRE_URLS: &str = "inquireVaulting: normalUrl/schemeUrl/applinkUrl may be returned when result.resultStatus is S and vaultingStatus is PROCESSING";
const SPEC_INQUIRE_DETAIL: &str =
    "inquireVaulting: paymentMethodDetail is returned when vaultingStatus is SUCCESS";
const SPEC_CARD: &str = "PaymentMethodDetail: paymentMethodType CARD carries card";
const SPEC_ECHO: &str = "vaultingRequestId is returned when result.resultStatus is S";

/// A `CARD` detail carries `card`.
const CARD_RULE: Rule = Rule {
    check: CheckId::PaymentMethodDetailCoupling,
    when: Cond::Is(DETAIL_TYPE, &["CARD"]),
    field: DETAIL_CARD,
    demand: Demand::Present,
    spec: SPEC_CARD,
    basis: Basis::Documented,
};
/// An `S` answer echoes `vaultingRequestId`.
const ECHO_RULE: Rule = Rule {
    check: CheckId::RequestIdEcho,
    when: Cond::Is(RESULT_STATUS, STATUS_S),
    field: &["vaultingRequestId"],
    demand: Demand::Present,
    spec: SPEC_ECHO,
    basis: Basis::Documented,
};

/// The three redirect URLs are absent when `when` holds.
const fn redirect_urls_absent(when: Cond, spec: &'static str) -> [Rule; 3] {
    const fn absent(field: Path, when: Cond, spec: &'static str) -> Rule {
        Rule {
            check: CheckId::RedirectUrlCoupling,
            when,
            field,
            demand: Demand::Absent,
            spec,
            basis: Basis::Policy,
        }
    }
    [
        absent(REDIRECT_URLS[0], when, spec),
        absent(REDIRECT_URLS[1], when, spec),
        absent(REDIRECT_URLS[2], when, spec),
    ]
}

const INQUIRE_URLS_WITHOUT_S: [Rule; 3] =
    redirect_urls_absent(Cond::Is(RESULT_STATUS, STATUS_F_OR_U), SPEC_INQUIRE_URLS);
const INQUIRE_URLS_WHEN_FINAL: [Rule; 3] =
    redirect_urls_absent(Cond::Is(VAULTING_STATUS, VAULTING_FINAL), SPEC_INQUIRE_URLS);

pub(crate) const INQUIRE_VAULTING_RESPONSE: &[Rule] = &[
    Rule {
        check: CheckId::VaultingStatusCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_S),
        field: VAULTING_STATUS,
        demand: Demand::Present,
        spec: SPEC_VAULTING_STATUS,
        basis: Basis::Documented,
    },
    Rule {
        check: CheckId::VaultingStatusCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_F_OR_U),
        field: VAULTING_STATUS,
        demand: Demand::Absent,
        spec: SPEC_VAULTING_STATUS,
        basis: Basis::Policy,
    },
    INQUIRE_URLS_WITHOUT_S[0],
    INQUIRE_URLS_WITHOUT_S[1],
    INQUIRE_URLS_WITHOUT_S[2],
    INQUIRE_URLS_WHEN_FINAL[0],
    INQUIRE_URLS_WHEN_FINAL[1],
    INQUIRE_URLS_WHEN_FINAL[2],
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(VAULTING_STATUS, VAULTING_SUCCESS),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Present,
        spec: SPEC_INQUIRE_DETAIL,
        basis: Basis::Documented,
    },
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(VAULTING_STATUS, VAULTING_NOT_SUCCESS),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Absent,
        spec: SPEC_INQUIRE_DETAIL,
        basis: Basis::Policy,
    },
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_F_OR_U),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Absent,
        spec: SPEC_INQUIRE_DETAIL,
        basis: Basis::Policy,
    },
    CARD_RULE,
    ECHO_RULE,
];

const SPEC_VAULT_DETAIL: &str =
    "vaultPaymentMethod: paymentMethodDetail is returned when result.resultStatus is S";
const SPEC_VAULT_URLS: &str = "vaultPaymentMethod: normalUrl/schemeUrl/applinkUrl come back with resultCode VERIFICATION_IN_PROCESS";
const VAULT_URLS_WITHOUT_VERIFICATION: [Rule; 3] = redirect_urls_absent(
    Cond::IsNot(RESULT_CODE, &["VERIFICATION_IN_PROCESS"]),
    SPEC_VAULT_URLS,
);

pub(crate) const VAULT_PAYMENT_METHOD_RESPONSE: &[Rule] = &[
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_S),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Present,
        spec: SPEC_VAULT_DETAIL,
        basis: Basis::Documented,
    },
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_F_OR_U),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Absent,
        spec: SPEC_VAULT_DETAIL,
        basis: Basis::Policy,
    },
    VAULT_URLS_WITHOUT_VERIFICATION[0],
    VAULT_URLS_WITHOUT_VERIFICATION[1],
    VAULT_URLS_WITHOUT_VERIFICATION[2],
    CARD_RULE,
    ECHO_RULE,
];

const SPEC_SESSION: &str = "createVaultingSession: vaultingSessionData, vaultingSessionId and vaultingSessionExpiryTime are returned on success";

/// A session field comes with every `S` answer.
const fn session_field(field: Path) -> Rule {
    Rule {
        check: CheckId::ResponseSchemaConformance,
        when: Cond::Is(RESULT_STATUS, STATUS_S),
        field,
        demand: Demand::Present,
        spec: SPEC_SESSION,
        basis: Basis::Documented,
    }
}

pub(crate) const CREATE_VAULTING_SESSION_RESPONSE: &[Rule] = &[
    session_field(&["vaultingSessionData"]),
    session_field(&["vaultingSessionId"]),
    session_field(&["vaultingSessionExpiryTime"]),
];

const SPEC_NOTIFY_DETAIL: &str = "notifyVaulting: paymentMethodDetail describes the vaulted card";

pub(crate) const NOTIFY_VAULTING_NOTIFICATION: &[Rule] = &[
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(RESULT_STATUS, STATUS_S),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Present,
        spec: SPEC_NOTIFY_DETAIL,
        basis: Basis::Documented,
    },
    Rule {
        check: CheckId::PaymentMethodDetailCoupling,
        when: Cond::Is(VAULTING_STATUS, VAULTING_NOT_SUCCESS),
        field: PAYMENT_METHOD_DETAIL,
        demand: Demand::Absent,
        spec: SPEC_NOTIFY_DETAIL,
        basis: Basis::Policy,
    },
    CARD_RULE,
];

/// The value at a path, if every step exists.
pub(crate) fn lookup<'v>(root: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter()
        .try_fold(root, |node, key| node.as_object()?.get(*key))
}

/// The JSON pointer of a path (`/result/resultStatus`).
pub(crate) fn pointer(path: &[&str]) -> String {
    path.iter().map(|step| format!("/{step}")).collect()
}

impl Cond {
    /// Whether the condition holds for the message.
    pub fn holds(&self, message: &Value) -> bool {
        match *self {
            Cond::Is(path, values) => {
                matches!(lookup(message, path), Some(Value::String(s)) if values.contains(&s.as_str()))
            }
            Cond::IsNot(path, values) => {
                matches!(lookup(message, path), Some(Value::String(s)) if !values.contains(&s.as_str()))
            }
        }
    }

    pub fn path(&self) -> Path {
        match *self {
            Cond::Is(path, _) | Cond::IsNot(path, _) => path,
        }
    }

    /// Human wording: `result.resultStatus is S`.
    pub fn describe(&self) -> String {
        match *self {
            Cond::Is(path, values) => format!("{} is {}", path.join("."), values.join(" or ")),
            Cond::IsNot(path, values) => {
                format!("{} is not {}", path.join("."), values.join(" or "))
            }
        }
    }
}

impl Rule {
    /// Whether the message breaks the rule.
    pub fn is_broken_by(&self, message: &Value) -> bool {
        if !self.when.holds(message) {
            return false;
        }
        let present = lookup(message, self.field).is_some();
        match self.demand {
            Demand::Present => !present,
            Demand::Absent => present,
        }
    }
}
