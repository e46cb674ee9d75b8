//! vaultPaymentMethod: vault a card.

use super::common::{Env, ResultInfo};
use super::payment_method::{PaymentMethodDetail, PaymentMethodInput};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultPaymentMethodRequest {
    pub vaulting_request_id: String,
    pub vaulting_notification_url: String,
    pub redirect_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_region: Option<String>,
    pub payment_method_detail: PaymentMethodInput,
    pub env: Env,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultPaymentMethodResponse {
    pub result: ResultInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_detail: Option<PaymentMethodDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applink_url: Option<String>,
}
