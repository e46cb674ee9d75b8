//! The 3DS challenge page: real HTML with approve and decline buttons, served where
//! `normalUrl` points. Approving moves the vaulting to SUCCESS, declining to FAIL.

use super::Shared;
use super::business;
use super::notifier;
use super::store::Status;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:32em;margin:3em auto}}button{{font-size:1.1em;margin-right:1em}}</style>\
         </head><body><h1>{title}</h1>{body}<p><small>vaultcheck sandbox simulator: no real card is charged or verified.</small></p></body></html>\n"
    )
}

/// Serves `GET /sim/3ds/{token}` and `POST /sim/3ds/{token}/approve|decline`.
pub(super) async fn handle(shared: Arc<Shared>, method: &str, rest: &str) -> Response {
    let (token, action) = match rest.split_once('/') {
        Some((token, action)) => (token, Some(action)),
        None => (rest, None),
    };
    let Some((_, record)) = shared.store.challenge(token) else {
        return (
            StatusCode::NOT_FOUND,
            Html(page(
                "Unknown challenge",
                "<p>This 3DS challenge does not exist.</p>",
            )),
        )
            .into_response();
    };
    match (method, action) {
        ("GET", None) => {
            let state = match record.status {
                Status::Processing => format!(
                    "<p>Confirm that you are adding your card <strong>{}</strong>.</p>\
                     <form method=\"post\" action=\"/sim/3ds/{token}/approve\"><button id=\"approve\" type=\"submit\">Approve</button></form>\
                     <form method=\"post\" action=\"/sim/3ds/{token}/decline\"><button id=\"decline\" type=\"submit\">Decline</button></form>",
                    escape(match &record.start {
                        super::store::Start::Card { masked, .. } => masked,
                        super::store::Start::Session(_) => "",
                    })
                ),
                done => format!(
                    "<p id=\"outcome\">This challenge is already complete: {}.</p>",
                    done.as_str()
                ),
            };
            Html(page("3-D Secure verification", &state)).into_response()
        }
        ("POST", Some(action @ ("approve" | "decline"))) => {
            let approve = action == "approve";
            let Some((key, record, changed)) =
                business::complete_challenge(&shared, token, approve)
            else {
                return (StatusCode::NOT_FOUND, Html(page("Unknown challenge", "")))
                    .into_response();
            };
            if changed {
                notifier::spawn(shared.clone(), key, record.clone(), shared.faults.clone());
            }
            let back = record
                .redirect_url
                .as_deref()
                .map(|url| {
                    format!(
                        "<p><a id=\"back\" href=\"{}\">Return to the merchant</a></p>",
                        escape(url)
                    )
                })
                .unwrap_or_default();
            Html(page(
                "3-D Secure verification",
                &format!(
                    "<p id=\"outcome\">Verification {}: the vaulting is {}.</p>{back}",
                    if approve { "approved" } else { "declined" },
                    record.status.as_str()
                ),
            ))
            .into_response()
        }
        _ => (
            StatusCode::METHOD_NOT_ALLOWED,
            Html(page(
                "Not allowed",
                "<p>Use the buttons on the challenge page.</p>",
            )),
        )
            .into_response(),
    }
}
