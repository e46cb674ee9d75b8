//! The HTTP target (reqwest with rustls): sends exactly the bytes that were signed and keeps the
//! raw response bytes, headers, status and timing. Timeouts are bounded, bodies capped.

use super::{OutgoingRequest, TargetError};
use crate::contract::Endpoint;
use crate::exchange::{Exchange, Message};
use std::sync::Arc;
use std::sync::Once;
use std::time::{Duration, Instant};

/// Bounds on one exchange.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest wait to connect to the target.
    pub connect_timeout: Duration,
    /// The whole exchange, from connecting to the last body byte.
    pub timeout: Duration,
    /// The largest response body kept; a larger one is an error.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_body: 1 << 20,
        }
    }
}

/// Sends requests to one base URL.
#[derive(Clone, Debug)]
pub struct HttpTarget {
    base_url: String,
    client: reqwest::Client,
    limits: Limits,
}

static CRYPTO_PROVIDER: Once = Once::new();

/// How requests reach a target: directly, through the proxy the environment names
/// (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, honouring `NO_PROXY`), or through one given proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Proxy {
    /// No proxy, whatever the environment says.
    Direct,
    /// The environment's proxy variables; loopback targets are always reached directly.
    #[default]
    FromEnvironment,
    /// This proxy URL (`http://host:port`, or with `user:password@`) for every request.
    Url(String),
}

/// A reqwest client builder with rustls' ring provider installed (once per process) and no
/// proxy: every HTTP client of the crate starts here.
pub fn client_builder() -> reqwest::ClientBuilder {
    builder_with_tls().no_proxy()
}

/// A reqwest client builder with rustls' ring provider installed (once per process), reading
/// the environment's proxy variables as reqwest does by default.
fn builder_with_tls() -> reqwest::ClientBuilder {
    CRYPTO_PROVIDER.call_once(|| {
        // Another part of the process may have installed one first; either will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

impl HttpTarget {
    /// A target reached as [`Proxy::FromEnvironment`] says.
    pub fn new(base_url: &str, limits: Limits) -> Result<Self, TargetError> {
        Self::with_proxy(base_url, limits, &Proxy::FromEnvironment)
    }

    /// A target reached directly, through the environment's proxy or through `proxy`.
    pub fn with_proxy(base_url: &str, limits: Limits, proxy: &Proxy) -> Result<Self, TargetError> {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let invalid = |reason: &str| TargetError::InvalidUrl {
            url: base_url.clone(),
            reason: reason.to_owned(),
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(invalid("it must start with http:// or https://"));
        }
        let client = bounded_client(&base_url, limits, proxy)?;
        Ok(HttpTarget {
            base_url,
            client,
            limits,
        })
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one request and returns the exchange, whatever status or body came back.
    pub async fn send(
        &self,
        endpoint: Endpoint,
        request: &OutgoingRequest,
    ) -> Result<Exchange, TargetError> {
        let url = format!("{}{}", self.base_url, request.path);
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            TargetError::InvalidUrl {
                url: url.clone(),
                reason: format!("`{}` is not an HTTP method", request.method),
            }
        })?;
        let mut builder = self.client.request(method, &url).body(request.body.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let started = Instant::now();
        let mut response = builder.send().await.map_err(|e| self.classify(&url, e))?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&url, e))? {
            if body.len() + chunk.len() > self.limits.max_body {
                return Err(TargetError::TooLarge {
                    url,
                    limit: self.limits.max_body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Exchange {
            endpoint,
            path: request.path.clone(),
            method: request.method.clone(),
            request: Message {
                headers: Some(request.headers.clone()),
                body: request.body.clone(),
            },
            status: Some(status),
            response: Message {
                headers: Some(headers),
                body,
            },
            elapsed: Some(started.elapsed()),
        })
    }

    fn classify(&self, url: &str, error: reqwest::Error) -> TargetError {
        let url = url.to_owned();
        if error.is_timeout() {
            return TargetError::Timeout {
                url,
                after: self.limits.timeout,
            };
        }
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            detail = format!("{detail}: {inner}");
            if let Some(io) = inner.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::ConnectionRefused
            {
                return TargetError::Refused { url };
            }
            source = inner.source();
        }
        if error.is_connect() && detail.to_ascii_lowercase().contains("refused") {
            return TargetError::Refused { url };
        }
        TargetError::Connection {
            url,
            detail,
            cause: Some(Arc::new(error)),
        }
    }
}

/// The HTTP client every request to `base_url` goes through: the exchange bounded by `limits`,
/// no redirects followed, reached as `proxy` says (loopback always directly). The runner's
/// targets and `vaultcheck proxy`'s upstream both start here.
pub(crate) fn bounded_client(
    base_url: &str,
    limits: Limits,
    proxy: &Proxy,
) -> Result<reqwest::Client, TargetError> {
    let invalid = |reason: &str| TargetError::InvalidUrl {
        url: crate::redact::url_credentials(base_url),
        reason: reason.to_owned(),
    };
    let builder = match proxy {
        Proxy::Direct => client_builder(),
        Proxy::FromEnvironment if is_loopback(base_url) => client_builder(),
        Proxy::FromEnvironment => builder_with_tls(),
        Proxy::Url(url) => {
            let proxy = reqwest::Proxy::all(url.as_str()).map_err(|e| TargetError::InvalidUrl {
                url: crate::redact::url_credentials(url),
                reason: format!("not a usable proxy URL ({e}); give http://host:port"),
            })?;
            client_builder().proxy(proxy)
        }
    };
    builder
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| invalid(&e.to_string()))
}

/// Whether a base URL names this machine (`localhost`, `127.0.0.0/8`, `[::1]`): such targets
/// never go through a proxy, whatever the environment says.
fn is_loopback(base_url: &str) -> bool {
    let Ok(url) = url::Url::parse(base_url) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_targets_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8080"));
        assert!(is_loopback("http://localhost:1"));
        assert!(is_loopback("http://[::1]:9"));
        assert!(!is_loopback("https://open-sea-global.alipay.com"));
        assert!(!is_loopback("not a url"));
    }
}
