//! notifyVaulting: Antom tells the merchant how a vaulting ended; the merchant acknowledges.

use super::common::ResultInfo;
use super::payment_method::PaymentMethodDetail;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotifyVaultingNotification {
    pub result: ResultInfo,
    pub vaulting_request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_detail: Option<PaymentMethodDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaulting_create_time: Option<String>,
}

/// The fixed acknowledgement a merchant answers a notification with (unsigned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyVaultingAcknowledgement {
    pub result: ResultInfo,
}

impl Default for NotifyVaultingAcknowledgement {
    fn default() -> Self {
        NotifyVaultingAcknowledgement {
            result: ResultInfo::new("SUCCESS", "S", "success"),
        }
    }
}
