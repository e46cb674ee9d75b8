//! Every Vault message written down as data: which fields, of which kind, how long, which are
//! required. Sources are in `../shared/reference/antom-vault-api.md` (§1 to §3); where the docs
//! are unclear the policy of DESIGN.md applies.

use super::enums::*;
use super::types::*;

/// The longest `vaultingRequestId` (characters).
pub(crate) const REQUEST_ID_MAX: u32 = 64;
const REQUEST_ID: Ty = text(REQUEST_ID_MAX);
/// The longest `result.resultCode` (characters).
pub(crate) const RESULT_CODE_MAX: u32 = 64;
/// The longest `result.resultMessage` (characters).
pub(crate) const RESULT_MESSAGE_MAX: u32 = 256;
/// The longest URL (`normalUrl`, `schemeUrl`, `applinkUrl`, the merchant's URLs), in
/// characters.
pub(crate) const URL_MAX: u32 = 2048;

/// `dateOfBirth` as `YYYY-MM-DD`: only the SDKs' model comments give this format (Antom's
/// pages give the field's length), so it is an inferred rule of the request.
pub(crate) const DATE_OF_BIRTH_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Request formats no Antom page states (the SDKs' comments or the harness infer them): a
/// server that serves a request breaking one breaks no documented rule, so it is a warning.
pub(crate) const INFERRED_REQUEST_PATTERNS: &[&str] = &[DATE_OF_BIRTH_PATTERN];

/// An absolute URL of at most [`URL_MAX`] characters, the limit every Vault URL field has.
pub(crate) const URL: Ty = Ty::Url { max: URL_MAX };
/// The shortest and longest `cardNo` (digits). The pattern below writes the same numbers; a
/// test holds them together.
pub(crate) const CARD_NO_MIN: u32 = 12;
pub(crate) const CARD_NO_MAX: u32 = 19;
const CARD_NO_PATTERN: &str = "^[0-9]{12,19}$";

pub(crate) static RESULT: Object = Object {
    name: "Result",
    fields: &[
        req("resultCode", text(RESULT_CODE_MAX)),
        req("resultStatus", Ty::Enum(RESULT_STATUSES)),
        opt("resultMessage", text(RESULT_MESSAGE_MAX)),
    ],
};

/// The Result inside notifyVaulting: only `S` or `F`, the final outcome of the vaulting.
pub(crate) static NOTIFY_RESULT: Object = Object {
    name: "NotifyResult",
    fields: &[
        req("resultCode", text(RESULT_CODE_MAX)),
        req("resultStatus", Ty::Enum(NOTIFY_RESULT_STATUSES)),
        opt("resultMessage", text(RESULT_MESSAGE_MAX)),
    ],
};

pub(crate) static USER_NAME: Object = Object {
    name: "UserName",
    fields: &[
        req("firstName", text(32)),
        opt("middleName", text(32)),
        req("lastName", text(32)),
        opt("fullName", text(128)),
    ],
};

const REGION: Ty = Ty::Pattern {
    pattern: "^[A-Z]{2}$",
    max: 2,
    what: "an ISO 3166 alpha-2 region code",
};

pub(crate) static ADDRESS: Object = Object {
    name: "Address",
    fields: &[
        req("region", REGION),
        opt("state", text(8)),
        opt("city", text(32)),
        opt("address1", text(256)),
        opt("address2", text(256)),
        opt("zipCode", text(32)),
        sdk("label", ANY_TEXT),
        sdk("address3", ANY_TEXT),
    ],
};

const EXPIRY_MONTH: Ty = Ty::Pattern {
    pattern: "^(0[1-9]|1[0-2])$",
    max: 2,
    what: "a two-digit month, 01 to 12",
};
const EXPIRY_YEAR: Ty = Ty::Pattern {
    pattern: "^[0-9]{2}$",
    max: 2,
    what: "the last two digits of the year",
};

/// The card as Antom returns it (inquireVaulting, vaultPaymentMethod, notifyVaulting).
pub(crate) static CARD_DETAIL: Object = Object {
    name: "CardPaymentMethodDetail",
    fields: &[
        req("cardToken", text(2048)),
        req("brand", Ty::Enum(CARD_BRANDS)),
        req("maskedCardNo", text(64)),
        opt("funding", Ty::Enum(FUNDING)),
        opt("issuerName", ANY_TEXT),
        opt("issuingCountry", REGION),
        opt("cardholderName", Ty::Object(&USER_NAME)),
        opt("billingAddress", Ty::Object(&ADDRESS)),
        opt("expiryYear", EXPIRY_YEAR),
        opt("expiryMonth", EXPIRY_MONTH),
        opt("networkTransactionId", text(256)),
        sdk("bin", ANY_TEXT),
        sdk("last4", ANY_TEXT),
        sdk("lastFour", ANY_TEXT),
        sdk("mask", ANY_TEXT),
        sdk("fingerprint", ANY_TEXT),
        sdk("instUserName", Ty::Object(&USER_NAME)),
        sdk("selectedCardBrand", Ty::Enum(CARD_BRANDS)),
        sdk("cardIssuer", ANY_TEXT),
        sdk("countryIssue", ANY_TEXT),
        sdk("supportedBrands", Ty::StringArray),
        sdk("paymentMethodDetailMetadata", ANY_TEXT),
        sdk("authenticationFlow", ANY_TEXT),
        sdk("avsResultRaw", ANY_TEXT),
        sdk("cvvResultRaw", ANY_TEXT),
    ],
};

/// The card as the merchant sends it to vaultPaymentMethod.
pub(crate) static CARD_INPUT: Object = Object {
    name: "CardInput",
    fields: &[
        req(
            "cardNo",
            Ty::Pattern {
                pattern: CARD_NO_PATTERN,
                max: CARD_NO_MAX,
                what: "12 to 19 digits",
            },
        ),
        opt(
            "cvv",
            Ty::Pattern {
                pattern: "^[0-9]{3}$",
                max: 3,
                what: "three digits",
            },
        ),
        opt("expiryYear", EXPIRY_YEAR),
        opt("expiryMonth", EXPIRY_MONTH),
        opt("cardholderName", Ty::Object(&USER_NAME)),
        opt("billingAddress", Ty::Object(&ADDRESS)),
        opt(
            "dateOfBirth",
            Ty::Pattern {
                pattern: DATE_OF_BIRTH_PATTERN,
                max: 10,
                what: "a date as YYYY-MM-DD",
            },
        ),
        opt("businessNo", text(10)),
        opt("cardPasswordDigest", text(2)),
        opt("cpf", text(11)),
        opt("payerEmail", text(64)),
        opt("is3DSAuthentication", Ty::BoolLike),
        sdk("request3DS", ANY_TEXT),
        sdk("scaExemptionIndicator", ANY_TEXT),
        sdk("enableAuthenticationUpgrade", ANY_TEXT),
        sdk("mpiData", Ty::OpaqueObject),
        // In the vaultPaymentMethod docs sample only; probably a typo for businessNo.
        sdk("businessRegistrationNo", ANY_TEXT),
    ],
};

/// PaymentMethodDetail as Antom returns it.
pub(crate) static PAYMENT_METHOD_DETAIL: Object = Object {
    name: "PaymentMethodDetail",
    fields: &[
        req("paymentMethodType", text(64)),
        opt("card", Ty::Object(&CARD_DETAIL)),
        sdk(
            "paymentMethodDetailType",
            Ty::Enum(PAYMENT_METHOD_DETAIL_TYPES),
        ),
        sdk("externalAccount", Ty::OpaqueObject),
        sdk("wallet", Ty::OpaqueObject),
        sdk("discount", Ty::OpaqueObject),
        sdk("coupon", Ty::OpaqueObject),
        sdk("extendInfo", ANY_TEXT),
        sdk("interactionType", ANY_TEXT),
    ],
};

/// PaymentMethodDetail as the merchant sends it to vaultPaymentMethod.
pub(crate) static PAYMENT_METHOD_INPUT: Object = Object {
    name: "PaymentMethodInput",
    fields: &[
        req("paymentMethodType", Ty::Enum(VAULT_PAYMENT_METHOD_TYPES)),
        req("card", Ty::Object(&CARD_INPUT)),
    ],
};

pub(crate) static ENV: Object = Object {
    name: "Env",
    fields: &[
        req("terminalType", Ty::Enum(TERMINAL_TYPES)),
        opt("osType", Ty::Enum(OS_TYPES)),
        opt("userAgent", ANY_TEXT),
        opt("deviceTokenId", text(64)),
        opt("clientIp", ANY_TEXT),
        opt("cookieId", ANY_TEXT),
        opt("extendInfo", text(2048)),
        opt("storeTerminalId", ANY_TEXT),
        opt("storeTerminalRequestTime", ANY_TEXT),
        sdk("browserInfo", Ty::OpaqueObject),
        sdk("colorDepth", ANY_TEXT),
        sdk("screenHeight", ANY_TEXT),
        sdk("screenWidth", ANY_TEXT),
        sdk(
            "timeZoneOffset",
            Ty::IntLike {
                min: -720,
                max: 720,
            },
        ),
        sdk("deviceBrand", text(64)),
        sdk("deviceModel", text(128)),
        sdk("deviceLanguage", ANY_TEXT),
        sdk("deviceId", ANY_TEXT),
        sdk("osVersion", ANY_TEXT),
    ],
};

pub(crate) static INQUIRE_VAULTING_REQUEST: Object = Object {
    name: "InquireVaultingRequest",
    fields: &[
        req("vaultingRequestId", REQUEST_ID),
        opt("merchantAccountId", text(64)),
    ],
};

pub(crate) static INQUIRE_VAULTING_RESPONSE: Object = Object {
    name: "InquireVaultingResponse",
    fields: &[
        req("result", Ty::Object(&RESULT)),
        // Required when resultStatus is S (request_id_echo); gateway refusals may omit it.
        opt("vaultingRequestId", REQUEST_ID),
        opt("vaultingStatus", Ty::Enum(VAULTING_STATUSES)),
        opt("normalUrl", URL),
        opt("schemeUrl", URL),
        opt("applinkUrl", URL),
        opt("paymentMethodDetail", Ty::Object(&PAYMENT_METHOD_DETAIL)),
        sdk("metadata", ANY_TEXT),
        sdk("vaultingResultCode", text(64)),
        sdk("vaultingResultMessage", text(256)),
    ],
};

pub(crate) static VAULT_PAYMENT_METHOD_REQUEST: Object = Object {
    name: "VaultPaymentMethodRequest",
    fields: &[
        req("vaultingRequestId", REQUEST_ID),
        req("vaultingNotificationUrl", URL),
        req("redirectUrl", URL),
        opt("merchantRegion", REGION),
        req("paymentMethodDetail", Ty::Object(&PAYMENT_METHOD_INPUT)),
        req("env", Ty::Object(&ENV)),
        sdk("merchantAccountId", text(64)),
        sdk("metadata", text(2048)),
        sdk("vaultingCurrency", ANY_TEXT),
        sdk("customizedInfo", Ty::OpaqueObject),
    ],
};

pub(crate) static VAULT_PAYMENT_METHOD_RESPONSE: Object = Object {
    name: "VaultPaymentMethodResponse",
    fields: &[
        req("result", Ty::Object(&RESULT)),
        opt("vaultingRequestId", REQUEST_ID),
        opt("paymentMethodDetail", Ty::Object(&PAYMENT_METHOD_DETAIL)),
        opt("normalUrl", URL),
        opt("schemeUrl", URL),
        opt("applinkUrl", URL),
    ],
};

pub(crate) static CREATE_VAULTING_SESSION_REQUEST: Object = Object {
    name: "CreateVaultingSessionRequest",
    fields: &[
        req("paymentMethodType", Ty::Enum(VAULT_PAYMENT_METHOD_TYPES)),
        req("vaultingRequestId", REQUEST_ID),
        req("vaultingNotificationUrl", URL),
        opt("redirectUrl", URL),
        opt("merchantRegion", REGION),
        opt("is3DSAuthentication", Ty::BoolLike),
        sdk("passThroughMetadata", text(2048)),
    ],
};

pub(crate) static CREATE_VAULTING_SESSION_RESPONSE: Object = Object {
    name: "CreateVaultingSessionResponse",
    fields: &[
        req("result", Ty::Object(&RESULT)),
        // The three session fields are required when resultStatus is S (see rules.rs).
        opt("vaultingSessionData", text(4096)),
        opt("vaultingSessionId", text(64)),
        opt("vaultingSessionExpiryTime", Ty::DateTime),
        sdk("normalUrl", URL),
    ],
};

pub(crate) static NOTIFY_VAULTING_NOTIFICATION: Object = Object {
    name: "NotifyVaultingNotification",
    fields: &[
        req("result", Ty::Object(&NOTIFY_RESULT)),
        req("vaultingRequestId", REQUEST_ID),
        // Documented as required; a failed vaulting has no card to describe, so it is
        // required when resultStatus is S (rules.rs).
        opt("paymentMethodDetail", Ty::Object(&PAYMENT_METHOD_DETAIL)),
        opt("vaultingStatus", Ty::Enum(VAULTING_STATUSES)),
        opt("metadata", text(2048)),
        opt("vaultingCreateTime", Ty::DateTime),
        opt("notifyType", ANY_TEXT),
        sdk("acquirerInfo", Ty::OpaqueObject),
        sdk("customizedInfo", Ty::OpaqueObject),
    ],
};

pub(crate) static NOTIFY_VAULTING_ACKNOWLEDGEMENT: Object = Object {
    name: "NotifyVaultingAcknowledgement",
    fields: &[req("result", Ty::Object(&RESULT))],
};

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn the_card_number_pattern_and_limits_are_one_fact() {
        assert_eq!(
            CARD_NO_PATTERN,
            format!("^[0-9]{{{CARD_NO_MIN},{CARD_NO_MAX}}}$")
        );
    }
}
