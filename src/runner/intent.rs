//! How a step's intent shapes the request it sends: signed as the client (`valid`,
//! `invalid`, `unknown-id`), unsigned, signed with a key that is not the client's, signed as a
//! client the target does not know, signed with a stale `Request-Time`, or sent with a method
//! other than POST. Cases, property groups and `replay` all prepare requests here.

use super::setup::Setup;
use crate::check::Intent;
use crate::contract::Endpoint;
use crate::protocol::headers::title;
use crate::protocol::{Signer, time};
use crate::transport::OutgoingRequest;

/// The client id an `unknown-client` request is signed as: no target knows it.
const UNKNOWN_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_UNKNOWN_CLIENT";

/// How old a `stale` request's `Request-Time` is: two days, far beyond any replay window.
const STALE_BY_MS: i64 = 2 * 86_400_000;

/// The request a step sends, signed as its intent says.
pub(crate) fn outgoing(
    setup: &Setup,
    endpoint: Endpoint,
    body: &[u8],
    intent: Intent,
    method: Option<&str>,
) -> OutgoingRequest {
    let path = setup.client.path(endpoint);
    let now = time::now_millis();
    let signer = setup.client.signer.as_ref();
    let headers = match (intent, signer) {
        (Intent::Unsigned, Some(signer)) => vec![
            (
                title::CONTENT_TYPE.into(),
                crate::protocol::CONTENT_TYPE.into(),
            ),
            (title::CLIENT_ID.into(), signer.client_id.clone()),
            (title::REQUEST_TIME.into(), now.to_string()),
        ],
        (Intent::WrongSignature, Some(signer)) => Signer::new(
            signer.client_id.clone(),
            setup.wrong_key.clone(),
        )
        .headers(&path, &now.to_string(), body),
        (Intent::UnknownClient, Some(signer)) => Signer::new(UNKNOWN_CLIENT_ID, signer.key.clone())
            .headers(&path, &now.to_string(), body),
        (Intent::Stale, Some(signer)) => {
            signer.headers(&path, &(now - STALE_BY_MS).to_string(), body)
        }
        _ => setup.client.prepare(endpoint, body).headers,
    };
    let method = method.unwrap_or(if intent == Intent::UnsupportedMethod {
        "GET"
    } else {
        "POST"
    });
    OutgoingRequest {
        method: method.to_owned(),
        path,
        headers,
        body: body.to_vec(),
    }
}
