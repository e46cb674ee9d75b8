//! inquireVaulting: ask how a vaulting went.

use super::common::ResultInfo;
use super::payment_method::PaymentMethodDetail;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquireVaultingRequest {
    pub vaulting_request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_account_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquireVaultingResponse {
    pub result: ResultInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applink_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_detail: Option<PaymentMethodDetail>,
}
