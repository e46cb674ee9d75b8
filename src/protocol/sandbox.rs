//! Where requests go: region hosts, a full base URL, and the sandbox path rewrite
//! (`/ams/api` becomes `/ams/sandbox/api`; the rewritten path is the one signed).

use crate::contract::{API_PREFIX, SANDBOX_PREFIX};

/// Antom's regional hosts (reference §4.1).
pub(crate) const REGIONS: &[(&str, &str)] = &[
    ("na", "https://open-na-global.alipay.com"),
    ("sea", "https://open-sea-global.alipay.com"),
    ("de", "https://open-de-global.alipay.com"),
];

/// A target that is neither a region name nor a base URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error(
    "`{given}` is neither a region (na, sea, de) nor a base URL starting with https://; give one of those"
)]
pub struct UnknownRegion {
    /// What was given.
    pub given: String,
}

/// The base URL of a region name (`na`, `sea`, `de`), or the text itself when it is a URL.
pub(crate) fn base_url(region_or_url: &str) -> Result<String, UnknownRegion> {
    let text = region_or_url.trim().trim_end_matches('/');
    if text.starts_with("http://") || text.starts_with("https://") {
        return Ok(text.to_owned());
    }
    REGIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, url)| (*url).to_owned())
        .ok_or_else(|| UnknownRegion {
            given: text.to_owned(),
        })
}

/// Whether a client id is a sandbox one (`SANDBOX_...`), as every official SDK decides.
pub(crate) fn is_sandbox_client(client_id: &str) -> bool {
    client_id.starts_with("SANDBOX_")
}

/// Rewrites `/ams/api/...` to `/ams/sandbox/api/...` when `sandbox` is set; other paths stay.
pub(crate) fn path_for(path: &str, sandbox: bool) -> String {
    match path.strip_prefix(API_PREFIX) {
        Some(rest) if sandbox => format!("{SANDBOX_PREFIX}{rest}"),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_api_paths_and_only_when_asked() {
        assert_eq!(
            path_for("/ams/api/v1/vaults/inquireVaulting", true),
            "/ams/sandbox/api/v1/vaults/inquireVaulting"
        );
        assert_eq!(
            path_for("/ams/api/v1/vaults/inquireVaulting", false),
            "/ams/api/v1/vaults/inquireVaulting"
        );
        assert_eq!(path_for("/notify", true), "/notify");
        assert!(is_sandbox_client("SANDBOX_5X00000000000000"));
        assert!(!is_sandbox_client("5X00000000000000"));
    }

    #[test]
    fn resolves_regions_and_urls() {
        assert_eq!(base_url("NA").unwrap(), "https://open-na-global.alipay.com");
        assert_eq!(
            base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(base_url("mars").unwrap_err().to_string().contains("`mars`"));
    }
}
