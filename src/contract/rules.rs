//! The coupling rules: which field must be present or absent given the values of others.
//! Each rule names the check that judges it; the schema deriver turns the same rules into
//! `if`/`then`, so a rule is written once.

use serde_json::Value;

/// A JSON path from the message root, one object key per step.
pub type Path = &'static [&'static str];

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
    /// The check id that reports a broken rule.
    pub check: &'static str,
    pub when: Cond,
    pub field: Path,
    pub demand: Demand,
    /// The API reference statement the rule comes from.
    pub spec: &'static str,
}

const RESULT_STATUS: Path = &["result", "resultStatus"];
const RESULT_CODE: Path = &["result", "resultCode"];
const VAULTING_STATUS: Path = &["vaultingStatus"];
const PMD: Path = &["paymentMethodDetail"];
const PMD_TYPE: Path = &["paymentMethodDetail", "paymentMethodType"];
const PMD_CARD: Path = &["paymentMethodDetail", "card"];
/// Conditions name the documented values they hold for, so an undocumented value (the
/// schema's finding) leaves the rules alone.
const NOT_S: &[&str] = &["F", "U"];
const NOT_SUCCESS: &[&str] = &["PROCESSING", "FAIL"];
const URLS: [Path; 3] = [&["normalUrl"], &["schemeUrl"], &["applinkUrl"]];

const SPEC_VS: &str = "inquireVaulting: vaultingStatus is returned when result.resultStatus is S";
const SPEC_URL: &str = "inquireVaulting: normalUrl/schemeUrl/applinkUrl may be returned when result.resultStatus is S and vaultingStatus is PROCESSING";
const SPEC_PMD: &str =
    "inquireVaulting: paymentMethodDetail is returned when vaultingStatus is SUCCESS";
const SPEC_CARD: &str = "PaymentMethodDetail: paymentMethodType CARD carries card";
const SPEC_ECHO: &str = "vaultingRequestId is returned when result.resultStatus is S";

const fn rule(
    check: &'static str,
    when: Cond,
    field: Path,
    demand: Demand,
    spec: &'static str,
) -> Rule {
    Rule {
        check,
        when,
        field,
        demand,
        spec,
    }
}

const CARD_RULE: Rule = rule(
    "payment_method_detail_coupling",
    Cond::Is(PMD_TYPE, &["CARD"]),
    PMD_CARD,
    Demand::Present,
    SPEC_CARD,
);
const ECHO_RULE: Rule = rule(
    "request_id_echo",
    Cond::Is(RESULT_STATUS, &["S"]),
    &["vaultingRequestId"],
    Demand::Present,
    SPEC_ECHO,
);

const fn url_rules(check: &'static str, when: Cond, spec: &'static str) -> [Rule; 3] {
    [
        rule(check, when, URLS[0], Demand::Absent, spec),
        rule(check, when, URLS[1], Demand::Absent, spec),
        rule(check, when, URLS[2], Demand::Absent, spec),
    ]
}

const IV_URL_NOT_S: [Rule; 3] = url_rules(
    "redirect_url_coupling",
    Cond::Is(RESULT_STATUS, NOT_S),
    SPEC_URL,
);
const IV_URL_NOT_PROCESSING: [Rule; 3] = url_rules(
    "redirect_url_coupling",
    Cond::Is(VAULTING_STATUS, &["SUCCESS", "FAIL"]),
    SPEC_URL,
);

pub const INQUIRE_VAULTING_RESPONSE: &[Rule] = &[
    rule(
        "vaulting_status_coupling",
        Cond::Is(RESULT_STATUS, &["S"]),
        VAULTING_STATUS,
        Demand::Present,
        SPEC_VS,
    ),
    rule(
        "vaulting_status_coupling",
        Cond::Is(RESULT_STATUS, NOT_S),
        VAULTING_STATUS,
        Demand::Absent,
        SPEC_VS,
    ),
    IV_URL_NOT_S[0],
    IV_URL_NOT_S[1],
    IV_URL_NOT_S[2],
    IV_URL_NOT_PROCESSING[0],
    IV_URL_NOT_PROCESSING[1],
    IV_URL_NOT_PROCESSING[2],
    rule(
        "payment_method_detail_coupling",
        Cond::Is(VAULTING_STATUS, &["SUCCESS"]),
        PMD,
        Demand::Present,
        SPEC_PMD,
    ),
    rule(
        "payment_method_detail_coupling",
        Cond::Is(VAULTING_STATUS, NOT_SUCCESS),
        PMD,
        Demand::Absent,
        SPEC_PMD,
    ),
    rule(
        "payment_method_detail_coupling",
        Cond::Is(RESULT_STATUS, NOT_S),
        PMD,
        Demand::Absent,
        SPEC_PMD,
    ),
    CARD_RULE,
    ECHO_RULE,
];

const SPEC_VM_PMD: &str =
    "vaultPaymentMethod: paymentMethodDetail is returned when result.resultStatus is S";
const SPEC_VM_URL: &str = "vaultPaymentMethod: normalUrl/schemeUrl/applinkUrl come back with resultCode VERIFICATION_IN_PROCESS";
const VM_URL: [Rule; 3] = url_rules(
    "redirect_url_coupling",
    Cond::IsNot(RESULT_CODE, &["VERIFICATION_IN_PROCESS"]),
    SPEC_VM_URL,
);

pub const VAULT_PAYMENT_METHOD_RESPONSE: &[Rule] = &[
    rule(
        "payment_method_detail_coupling",
        Cond::Is(RESULT_STATUS, &["S"]),
        PMD,
        Demand::Present,
        SPEC_VM_PMD,
    ),
    rule(
        "payment_method_detail_coupling",
        Cond::Is(RESULT_STATUS, NOT_S),
        PMD,
        Demand::Absent,
        SPEC_VM_PMD,
    ),
    VM_URL[0],
    VM_URL[1],
    VM_URL[2],
    CARD_RULE,
    ECHO_RULE,
];

const SPEC_VS_SESSION: &str = "createVaultingSession: vaultingSessionData, vaultingSessionId and vaultingSessionExpiryTime are returned on success";

pub const CREATE_VAULTING_SESSION_RESPONSE: &[Rule] = &[
    rule(
        "response_schema_conformance",
        Cond::Is(RESULT_STATUS, &["S"]),
        &["vaultingSessionData"],
        Demand::Present,
        SPEC_VS_SESSION,
    ),
    rule(
        "response_schema_conformance",
        Cond::Is(RESULT_STATUS, &["S"]),
        &["vaultingSessionId"],
        Demand::Present,
        SPEC_VS_SESSION,
    ),
    rule(
        "response_schema_conformance",
        Cond::Is(RESULT_STATUS, &["S"]),
        &["vaultingSessionExpiryTime"],
        Demand::Present,
        SPEC_VS_SESSION,
    ),
];

const SPEC_NV_PMD: &str = "notifyVaulting: paymentMethodDetail describes the vaulted card";

pub const NOTIFY_VAULTING_NOTIFICATION: &[Rule] = &[
    rule(
        "payment_method_detail_coupling",
        Cond::Is(RESULT_STATUS, &["S"]),
        PMD,
        Demand::Present,
        SPEC_NV_PMD,
    ),
    rule(
        "payment_method_detail_coupling",
        Cond::Is(VAULTING_STATUS, NOT_SUCCESS),
        PMD,
        Demand::Absent,
        SPEC_NV_PMD,
    ),
    CARD_RULE,
];

/// The value at a path, if every step exists.
pub fn lookup<'v>(root: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter()
        .try_fold(root, |node, key| node.as_object()?.get(*key))
}

/// The JSON pointer of a path (`/result/resultStatus`).
pub fn pointer(path: &[&str]) -> String {
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
