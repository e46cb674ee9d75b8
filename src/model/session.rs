//! createVaultingSession: start a vaulting that Antom's client SDK completes.

use super::common::ResultInfo;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateVaultingSessionRequest {
    pub payment_method_type: String,
    pub vaulting_request_id: String,
    pub vaulting_notification_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_region: Option<String>,
    #[serde(
        default,
        rename = "is3DSAuthentication",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_3ds_authentication: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateVaultingSessionResponse {
    pub result: ResultInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_session_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_session_expiry_time: Option<String>,
}
