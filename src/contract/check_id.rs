//! The check ids: every check named once, as a type. They are contract data (each coupling
//! rule names the check that owns it), so they live in the contract, where the rules, the
//! checks, the simulator's faults and the generators' mutations can all name a check by
//! `CheckId`, and a misspelt id does not compile. The wire form (reports, `check --list`, JUnit) is the snake_case id,
//! which is also the name of the check's file under `src/check/`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckKind {
    /// One exchange on its own.
    Exchange,
    /// One exchange against the intent it was sent with.
    RequestKind,
    /// The steps (and notifications) of a case together.
    Stateful,
    /// The merchant's notification receiver, by how it answers `vaultcheck notify`'s suite.
    Receiver,
}

macro_rules! check_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $kind:ident, $guards:literal; )*) => {
        /// A check, by id. Ordered as reports list them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum CheckId {
            $( $(#[$doc])* $variant, )*
        }

        impl CheckId {
            /// Every check, in the order reports list them.
            pub const ALL: &'static [CheckId] = &[$(CheckId::$variant),*];

            /// The id as reports write it (`redirect_url_coupling`).
            pub const fn as_str(self) -> &'static str {
                match self { $(CheckId::$variant => $id,)* }
            }

            /// One line on what the check guards.
            pub const fn guards(self) -> &'static str {
                match self { $(CheckId::$variant => $guards,)* }
            }

            /// What the check judges.
            pub const fn kind(self) -> CheckKind {
                match self { $(CheckId::$variant => CheckKind::$kind,)* }
            }
        }
    };
}

check_ids! {
    /// HTTP 5xx.
    NotAServerError = "not_a_server_error", Exchange,
        "the response is not an HTTP 5xx";
    /// The HTTP status of business and gateway results.
    StatusCodeConformance = "status_code_conformance", Exchange,
        "business and gateway results come with HTTP 200";
    /// The content type of Antom's message.
    ContentTypeConformance = "content_type_conformance", Exchange,
        "Antom's message is application/json in UTF-8";
    /// The protocol headers of a response.
    ResponseHeadersConformance = "response_headers_conformance", Exchange,
        "Client-Id, Response-Time (ISO 8601) and a well-formed Signature header are present";
    /// The response signature.
    ResponseSignature = "response_signature", Exchange,
        "the response signature verifies with Antom's public key over path, client id, time and raw body";
    /// The response body against the contract's shapes.
    ResponseSchemaConformance = "response_schema_conformance", Exchange,
        "Antom's message is a JSON object with the documented fields, lengths, enums and formats";
    /// JSON strings everywhere.
    StringTypedValues = "string_typed_values", Exchange,
        "every non-array value in Antom's message is a JSON string, never a number or boolean";
    /// Result code against its documented status.
    ResultCodeTable = "result_code_table", Exchange,
        "each result code comes with its documented status; unknown codes are warnings";
    /// vaultingStatus against resultStatus.
    VaultingStatusCoupling = "vaulting_status_coupling", Exchange,
        "vaultingStatus is present exactly when resultStatus is S";
    /// Redirect URLs against the statuses.
    RedirectUrlCoupling = "redirect_url_coupling", Exchange,
        "normalUrl/schemeUrl/applinkUrl only with S and PROCESSING (vaultPaymentMethod: VERIFICATION_IN_PROCESS)";
    /// paymentMethodDetail against the statuses.
    PaymentMethodDetailCoupling = "payment_method_detail_coupling", Exchange,
        "paymentMethodDetail exactly with a successful vaulting; a CARD detail carries card";
    /// The echoed vaultingRequestId.
    RequestIdEcho = "request_id_echo", Exchange,
        "vaultingRequestId comes back with S answers and always equals the request's";
    /// No card number beyond its last four digits.
    MaskedCardNumber = "masked_card_number", Exchange,
        "maskedCardNo shows at most the last four digits of the card, in answers and notifications";
    /// No CVV in Antom's messages.
    NoCvvInResponse = "no_cvv_in_response", Exchange,
        "no answer or notification carries a CVV: no field named like one, nor the request's cvv as a value";
    /// The merchant's own message.
    RequestSchemaConformance = "request_schema_conformance", Exchange,
        "the merchant's message (request or acknowledgement) follows the contract";
    /// Invalid requests are rejected.
    NegativeDataRejection = "negative_data_rejection", RequestKind,
        "a request that breaks the contract gets F/PARAM_ILLEGAL, never S";
    /// Valid requests are served.
    PositiveDataAcceptance = "positive_data_acceptance", RequestKind,
        "a valid, signed request is served, not refused";
    /// Authentication is enforced.
    IgnoredAuth = "ignored_auth", RequestKind,
        "unsigned, wrongly signed and unknown-client requests are refused (a stale time accepted is an inferred warning)";
    /// Methods other than POST are refused.
    UnsupportedMethod = "unsupported_method", RequestKind,
        "anything but POST gets F/METHOD_NOT_SUPPORTED or HTTP 405";
    /// Unknown ids are not found.
    UnknownIdNotFound = "unknown_id_not_found", RequestKind,
        "inquiring an id never used answers F/VAULTING_NOT_EXIST";
    /// Final results are repeated exactly.
    IdempotentFinalResult = "idempotent_final_result", Stateful,
        "a final S/F result is repeated exactly for the same vaultingRequestId";
    /// Vaulting statuses only move forward.
    StatusMonotonic = "status_monotonic", Stateful,
        "PROCESSING may become SUCCESS or FAIL, never back";
    /// The card detail matches the vaulted card.
    CardDetailConsistency = "card_detail_consistency", Stateful,
        "masked number, brand and token agree with the card that was vaulted";
    /// One token per card.
    CardTokenUnique = "card_token_unique", Stateful,
        "one cardToken never stands for two different card numbers within a run";
    /// notifyVaulting arrives, signed and agreeing with inquireVaulting.
    NotificationConformance = "notification_conformance", Stateful,
        "notifyVaulting is signed, conforming and agrees with inquireVaulting";
    /// The receiver acknowledges a genuine notification.
    NotificationAcknowledged = "notification_acknowledged", Receiver,
        "the merchant's receiver answers a genuine notifyVaulting with HTTP 200 and result S/SUCCESS";
    /// The receiver acknowledges an F notification as it does an S one.
    FailNotificationAcknowledged = "fail_notification_acknowledged", Receiver,
        "a genuine notifyVaulting about a failed vaulting (F) is acknowledged as an S one is";
    /// The receiver acknowledges a resent notification as it did the first time.
    RepeatNotificationAcknowledged = "repeat_notification_acknowledged", Receiver,
        "a notifyVaulting sent again (Antom resends up to 8 times) is acknowledged as the first time";
    /// The receiver refuses a notification whose signature does not verify.
    ForgedNotificationRefused = "forged_notification_refused", Receiver,
        "a notifyVaulting whose signature does not verify (another key, a tampered body) is never acknowledged as SUCCESS";
    /// The receiver refuses a notification without a signature.
    UnsignedNotificationRefused = "unsigned_notification_refused", Receiver,
        "a notifyVaulting without a Signature header is never acknowledged as SUCCESS";
    /// The receiver verifies over its own path.
    WrongPathNotificationRefused = "wrong_path_notification_refused", Receiver,
        "a notifyVaulting signed over another path than the receiver's own is never acknowledged as SUCCESS";
}

impl CheckId {
    /// Reads an id as reports write it; `None` for a name that is no check.
    pub fn parse(id: &str) -> Option<CheckId> {
        CheckId::ALL.iter().copied().find(|c| c.as_str() == id)
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of reading a name that is no check id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a check id; run `vaultcheck check --list` for the ids")]
pub struct UnknownCheckId(pub String);

impl FromStr for CheckId {
    type Err = UnknownCheckId;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        CheckId::parse(id).ok_or_else(|| UnknownCheckId(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for &id in CheckId::ALL {
            assert_eq!(id.as_str().parse::<CheckId>(), Ok(id));
            assert_eq!(
                serde_json::to_value(id).unwrap(),
                serde_json::Value::from(id.as_str())
            );
            assert_eq!(id.to_string(), id.as_str());
        }
        assert!("redirect_url_couplin".parse::<CheckId>().is_err());
    }

    #[test]
    fn the_list_is_in_kind_order() {
        let kinds: Vec<CheckKind> = CheckId::ALL.iter().map(|c| c.kind()).collect();
        let mut sorted = kinds.clone();
        sorted.sort_by_key(|k| *k as u8);
        assert_eq!(kinds, sorted);
    }
}
