//! A Vault API client for the harness: signs each call (a fresh `Request-Time` every time),
//! rewrites sandbox paths, sends through the HTTP target, and retries only when told.

use crate::contract::Endpoint;
use crate::exchange::Exchange;
use crate::protocol::headers::title;
use crate::protocol::{Signer, sandbox, time};
use crate::transport::{HttpTarget, OutgoingRequest, TargetError};

/// How a call to Antom is made.
#[derive(Clone, Debug)]
pub struct Client {
    /// Where calls are sent.
    pub target: HttpTarget,
    /// `None` sends unsigned requests (for cases that test refusal).
    pub signer: Option<Signer>,
    /// Whether `/ams/api` becomes `/ams/sandbox/api` (and is signed so).
    pub sandbox: bool,
}

impl Client {
    /// A client sending through `target`, signing with `signer` when there is one, on sandbox
    /// paths when `sandbox`.
    pub fn new(target: HttpTarget, signer: Option<Signer>, sandbox: bool) -> Self {
        Client {
            target,
            signer,
            sandbox,
        }
    }

    /// The path a call to `endpoint` is sent to and signed for.
    pub fn path(&self, endpoint: Endpoint) -> String {
        sandbox::path_for(endpoint.path().unwrap_or("/"), self.sandbox)
    }

    /// A signed POST of `body` to `endpoint`, ready to send.
    pub fn prepare(&self, endpoint: Endpoint, body: &[u8]) -> OutgoingRequest {
        let path = self.path(endpoint);
        let headers = match &self.signer {
            Some(signer) => signer.headers(&path, &time::now_millis().to_string(), body),
            None => vec![(
                title::CONTENT_TYPE.into(),
                crate::protocol::CONTENT_TYPE.into(),
            )],
        };
        OutgoingRequest {
            method: "POST".into(),
            path,
            headers,
            body: body.to_vec(),
        }
    }

    /// Calls once.
    pub async fn call(&self, endpoint: Endpoint, body: &[u8]) -> Result<Exchange, TargetError> {
        self.target
            .send(endpoint, &self.prepare(endpoint, body))
            .await
    }

    /// Calls, and while inquireVaulting answers `U`, calls again with the same body (the same
    /// `vaultingRequestId`, a fresh signature), at most `retries` more times. Returns every
    /// exchange in order.
    pub async fn call_retrying(
        &self,
        endpoint: Endpoint,
        body: &[u8],
        retries: usize,
    ) -> Result<Vec<Exchange>, TargetError> {
        let mut exchanges = vec![self.call(endpoint, body).await?];
        while exchanges.len() <= retries
            && endpoint == Endpoint::InquireVaulting
            && exchanges.last().is_some_and(Exchange::answered_unknown)
        {
            exchanges.push(self.call(endpoint, body).await?);
        }
        Ok(exchanges)
    }
}
