//! Typed serde models of every Vault message. They build requests and drive the simulator;
//! checks never deserialize into them (a non-conforming response must be reported, not fail to
//! parse). Every scalar is a `String`, as the API's "every value is a string" rule says; the
//! two places where the official SDKs send other JSON types accept both.

mod common;
mod inquire;
mod notify;
mod payment_method;
mod session;
mod vault;

pub use common::{Address, Env, ResultInfo, UserName};
pub use inquire::{InquireVaultingRequest, InquireVaultingResponse};
pub use notify::{NotifyVaultingAcknowledgement, NotifyVaultingNotification};
pub use payment_method::{CardDetail, CardInput, PaymentMethodDetail, PaymentMethodInput};
pub use session::{CreateVaultingSessionRequest, CreateVaultingSessionResponse};
pub use vault::{VaultPaymentMethodRequest, VaultPaymentMethodResponse};
