//! Objects shared by several Vault messages: Result, UserName, Address, Env.

use serde::{Deserialize, Serialize};

/// `result`: whether the call worked (not how the vaulting went).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultInfo {
    pub result_code: String,
    pub result_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

impl ResultInfo {
    pub fn new(code: &str, status: &str, message: &str) -> Self {
        ResultInfo {
            result_code: code.to_owned(),
            result_status: status.to_owned(),
            result_message: Some(message.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserName {
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
}

/// `env`: the buyer's terminal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Env {
    pub terminal_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// The Java SDK sends an integer; the API says a string. Either is kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone_offset: Option<serde_json::Value>,
}

impl Env {
    /// An `env` with only the required terminal type.
    pub fn terminal(terminal_type: &str) -> Self {
        Env {
            terminal_type: terminal_type.to_owned(),
            os_type: None,
            user_agent: None,
            device_token_id: None,
            client_ip: None,
            time_zone_offset: None,
        }
    }
}
