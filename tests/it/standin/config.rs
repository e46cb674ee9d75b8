//! What a stand-in varies and what it breaks: every way a real sandbox may differ from the
//! letter of the docs (on by default), and the planted breaks that tests of the harness switch
//! on (off by default).

use std::path::{Path, PathBuf};

/// The client id the stand-in knows, unless told otherwise.
pub(crate) const CLIENT_ID: &str = "SANDBOX_5X00000000STANDIN";

/// How the stand-in behaves. `StandinConfig::default()` is a conforming sandbox with every
/// variation on (throttling at [`DEFAULT_THROTTLE`] requests per second) and no break.
#[derive(Debug, Clone)]
pub(crate) struct StandinConfig {
    /// The one client id the stand-in trusts; any other is `KEY_NOT_FOUND`.
    pub client_id: String,
    /// PEM (SPKI) of the merchant's public key, which verifies requests.
    pub merchant_public_pem: String,
    /// PEM (PKCS#8) of the stand-in's own "Antom" private key, which signs answers.
    pub antom_private_pem: String,
    pub variations: Variations,
    pub breaks: Breaks,
}

/// Requests per second a default stand-in answers before `REQUEST_TRAFFIC_EXCEED_LIMIT`.
pub(crate) const DEFAULT_THROTTLE: u32 = 200;

/// Ways a conforming sandbox may differ from the docs' examples and from vaultcheck's own
/// simulator. Each one alone is still within the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variations {
    /// Response header names written `Client-Id`, `Response-Time`, `Signature` (Title-Case),
    /// not lowercase.
    pub capitalised_headers: bool,
    /// `Signature: algorithm=RSA256, keyVersion=1, signature=...` (the docs' spacing).
    pub spaced_signature: bool,
    /// `Response-Time` like `2026-11-25T20:01:02.345+08:00`, not `2026-11-25T12:01:02Z`.
    pub millis_and_offset: bool,
    /// `vaultingResultCode`, `vaultingResultMessage` and `metadata` in inquiry answers.
    pub sdk_extra_fields: bool,
    /// The first inquiry of every fifth vaulting (in order of creation) answers
    /// `U`/`UNKNOWN_EXCEPTION`; the retry with the same id answers properly.
    pub unknown_on_first_inquiry: bool,
    /// `U`/`REQUEST_TRAFFIC_EXCEED_LIMIT` (its documented status) beyond this many requests in any
    /// second; `None` never throttles.
    pub throttle_per_second: Option<u32>,
    /// URL fields of requests are checked for length only, not for URL syntax.
    pub no_url_syntax_check: bool,
    /// A `Request-Time` of any age is accepted (Antom documents no window); when false, one
    /// more than five minutes away from now is `PARAM_ILLEGAL`.
    pub accept_stale_request_time: bool,
    /// Brands of cards that are not named test cards come from the stand-in's own table
    /// (62... is DISCOVER); when false, 62... is CUP.
    pub own_brand_table: bool,
}

/// Contract breaks planted on purpose, to see that the harness notices them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Breaks {
    /// PROCESSING inquiries after a 3DS start carry a `normalUrl` of more than 2048 characters.
    pub long_normal_url: bool,
    /// PROCESSING inquiries carry `paymentMethodDetail`.
    pub detail_under_processing: bool,
    /// `maskedCardNo` shows the full card number.
    pub unmasked_card_no: bool,
}

impl Default for Variations {
    fn default() -> Self {
        Variations {
            capitalised_headers: true,
            spaced_signature: true,
            millis_and_offset: true,
            sdk_extra_fields: true,
            unknown_on_first_inquiry: true,
            throttle_per_second: Some(DEFAULT_THROTTLE),
            no_url_syntax_check: true,
            accept_stale_request_time: true,
            own_brand_table: true,
        }
    }
}

impl Variations {
    /// The letter of the docs: lowercase headers, no spaces, seconds in UTC, no extra fields,
    /// no `U`, no throttling, URL syntax and a time window checked, the common brand table.
    pub(crate) fn none() -> Self {
        Variations {
            capitalised_headers: false,
            spaced_signature: false,
            millis_and_offset: false,
            sdk_extra_fields: false,
            unknown_on_first_inquiry: false,
            throttle_per_second: None,
            no_url_syntax_check: false,
            accept_stale_request_time: false,
            own_brand_table: false,
        }
    }
}

/// The committed test keys (`tests/fixtures/keys/`): none of them is vaultcheck's own.
pub(crate) fn fixture_key(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the test key {}: {e}", path.display()))
}

impl Default for StandinConfig {
    fn default() -> Self {
        StandinConfig {
            client_id: CLIENT_ID.to_owned(),
            merchant_public_pem: fixture_key("test-merchant-public.pem"),
            antom_private_pem: fixture_key("test-antom-private.pem"),
            variations: Variations::default(),
            breaks: Breaks::default(),
        }
    }
}
