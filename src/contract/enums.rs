//! The closed value lists of the Vault API (reference §2.4, §3).

use super::status::{ResultStatus as R, VaultingStatus as V};

/// `result.resultStatus`.
pub(crate) const RESULT_STATUSES: &[&str] = &[R::S.as_str(), R::F.as_str(), R::U.as_str()];
/// `result.resultStatus` inside notifyVaulting, which reports a final vaulting outcome only.
pub(crate) const NOTIFY_RESULT_STATUSES: &[&str] = &[R::S.as_str(), R::F.as_str()];
/// `vaultingStatus`.
pub(crate) const VAULTING_STATUSES: &[&str] = &[
    V::Success.as_str(),
    V::Fail.as_str(),
    V::Processing.as_str(),
];
/// `env.terminalType`.
pub(crate) const TERMINAL_TYPES: &[&str] = &["WEB", "WAP", "APP", "MINI_APP"];
/// `env.osType`.
pub(crate) const OS_TYPES: &[&str] = &["IOS", "ANDROID"];
/// `card.funding`.
pub(crate) const FUNDING: &[&str] = &["CREDIT", "DEBIT", "PREPAID", "CHARGE", "DEFERRED_DEBIT"];
/// `paymentMethodDetail.paymentMethodDetailType` (SDK-only).
pub(crate) const PAYMENT_METHOD_DETAIL_TYPES: &[&str] =
    &["CARD", "EXTERNALACCOUNT", "COUPON", "DISCOUNT"];
/// `paymentMethodType` for vaulting: cards only (AMS).
pub(crate) const VAULT_PAYMENT_METHOD_TYPES: &[&str] = &["CARD"];

/// `card.brand`: the 37 values all official SDKs list (Java `CardBrand`, Go, PHP).
pub(crate) const CARD_BRANDS: &[&str] = &[
    "AMEX",
    "BC",
    "CARNET",
    "CARTES_BANCAIRES",
    "CITI",
    "CUP",
    "DINERS",
    "DISCOVER",
    "ELO",
    "GWANGJUBANK",
    "HIPERCARD",
    "HYUNDAI",
    "IBK_BC",
    "JCB",
    "JEJUBANK",
    "JEONBUKBANK",
    "KAKAOBANK",
    "KBANK",
    "KDBBANK",
    "KEBHANA",
    "KOOKMIN",
    "LOTTE",
    "MAESTRO",
    "MASTERCARD",
    "MIR",
    "NONGHYUP",
    "POST",
    "SAEMAUL",
    "SAMSUNG",
    "SAVINGBANK",
    "SHINHAN",
    "SHINHYEOP",
    "SUHYEOP",
    "TOSSBANK",
    "TROY",
    "VISA",
    "WOORI",
];
