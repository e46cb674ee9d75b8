//! PaymentMethodDetail as Antom returns it, and as the merchant sends a card to be vaulted.

use super::common::{Address, UserName};
use serde::{Deserialize, Serialize};

/// The vaulted payment method, as Antom returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodDetail {
    pub payment_method_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardDetail>,
}

/// A vaulted card: token, brand and masked number are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardDetail {
    pub card_token: String,
    pub brand: String,
    pub masked_card_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_year: Option<String>,
}

/// The payment method the merchant asks to vault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodInput {
    pub payment_method_type: String,
    pub card: CardInput,
}

/// A card to vault. Its `Debug` never prints the number or the CVV.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInput {
    pub card_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_year: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cardholder_name: Option<UserName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// The SDKs send a JSON boolean; the API says the string `"true"`. Either is kept as sent.
    #[serde(
        default,
        rename = "is3DSAuthentication",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_3ds_authentication: Option<serde_json::Value>,
}

impl std::fmt::Debug for CardInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardInput")
            .field("card_no", &crate::report::redact::mask_pan(&self.card_no))
            .field("cvv", &self.cvv.as_ref().map(|_| "[redacted]"))
            .field("expiry_month", &self.expiry_month)
            .field("expiry_year", &self.expiry_year)
            .finish_non_exhaustive()
    }
}
