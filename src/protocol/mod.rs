//! The AMS message protocol: the text that is signed, RSA256 signing and verification
//! (RSASSA-PKCS1-v1_5 with SHA-256), the `Signature` header, keys, times, and the sandbox path
//! rewrite. Facts: `../shared/reference/antom-vault-api.md` §4.

pub mod headers;
pub mod keys;
pub(crate) mod percent;
pub(crate) mod request;
pub(crate) mod sandbox;
pub(crate) mod signature_header;
pub(crate) mod signing;
pub mod time;

pub use keys::{KeyError, PrivateKey, PublicKey};
pub use request::Signer;
pub use signature_header::{HeaderProblem, SignatureHeader};
pub use signing::{VerifyError, sign, sign_content, verify};

/// The media type every Vault request carries.
pub const CONTENT_TYPE: &str = "application/json; charset=UTF-8";
