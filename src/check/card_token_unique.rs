//! `card_token_unique`: one `cardToken` never stands for two different card numbers (DESIGN:
//! what a response must never carry, basis security). A token shared by two cards lets one
//! customer's payment run on another's card.
//!
//! Every `paymentMethodDetail.card.cardToken` in an answer or notification about a vaulting
//! whose vaultPaymentMethod request is known (a valid one, with its `cardNo`) is a sighting of
//! that token for that card number. The first card a token is seen with owns it; a later
//! sighting with another number is a violation, reported once per (token, card). The runner
//! judges each case's history ([`check`]) and then the whole run across cases
//! ([`judge_across`]), since two cases that each vault one card can only clash together.
//! Findings name cards by their last four digits only, never a token or a number.

use super::history::{History, Intent, json, request_id};
use super::{Finding, Findings};
use crate::contract::Endpoint;
use crate::contract::cards::last_four;
use std::collections::{HashMap, HashSet};

const SPEC: &str = "a cardToken stands for one card: two different card numbers never share one";
const TOKEN_AT: &str = "/paymentMethodDetail/card/cardToken";

/// One token seen with one card number.
struct Sighting {
    card_no: String,
    token: String,
}

/// Every token sighting of a history, in order: its answers, then its notifications.
fn sightings(history: &History) -> Vec<Sighting> {
    let mut cards: HashMap<String, String> = HashMap::new();
    let mut seen = Vec::new();
    let mut sight = |cards: &HashMap<String, String>, id: &str, body: &serde_json::Value| {
        if let (Some(card_no), Some(token)) = (
            cards.get(id),
            body.pointer(TOKEN_AT).and_then(serde_json::Value::as_str),
        ) {
            seen.push(Sighting {
                card_no: card_no.clone(),
                token: token.to_owned(),
            });
        }
    };
    for step in &history.steps {
        let Some(id) = request_id(&step.exchange) else {
            continue;
        };
        if step.exchange.endpoint == Endpoint::VaultPaymentMethod
            && step.intent == Intent::Valid
            && let Some(request) = json(&step.exchange.request.body)
            && let Some(card_no) = request
                .pointer("/paymentMethodDetail/card/cardNo")
                .and_then(serde_json::Value::as_str)
        {
            cards
                .entry(id.clone())
                .or_insert_with(|| card_no.to_owned());
        }
        if let Some(answer) = json(&step.exchange.response.body) {
            sight(&cards, &id, &answer);
        }
    }
    for notification in &history.notifications {
        if let Some(body) = json(&notification.request.body)
            && let Some(id) = body["vaultingRequestId"].as_str()
        {
            sight(&cards, id, &body);
        }
    }
    seen
}

/// Which card each token was first seen with, and the clashes already reported.
#[derive(Default)]
struct Ledger {
    owner: HashMap<String, String>,
    reported: HashSet<(String, String)>,
}

impl Ledger {
    /// Records a history's sightings, reporting each token seen with a card other than its
    /// owner (once per token and card).
    fn judge(&mut self, history: &History, out: &mut Findings) {
        for Sighting { card_no, token } in sightings(history) {
            let owner = self
                .owner
                .entry(token.clone())
                .or_insert_with(|| card_no.clone());
            if *owner != card_no && self.reported.insert((token, card_no.clone())) {
                out.violation(
                    TOKEN_AT,
                    format!(
                        "a token of its own for the card ending in {}",
                        last_four(&card_no)
                    ),
                    format!(
                        "the token already given to the card ending in {}",
                        last_four(owner)
                    ),
                    SPEC,
                );
            }
        }
    }
}

pub(super) fn check(history: &History, out: &mut Findings) {
    Ledger::default().judge(history, out);
}

/// Judges the histories of a whole run together, in order: each finding comes with the index
/// of the history where the clashing sighting is, and a finding that history's own findings
/// already hold (a clash inside one case, which [`check`] reported) is left out.
pub(super) fn judge_across<'a>(
    runs: impl IntoIterator<Item = (&'a History, &'a [Finding])>,
) -> Vec<(usize, Finding)> {
    let mut ledger = Ledger::default();
    let mut across = Vec::new();
    for (index, (history, already)) in runs.into_iter().enumerate() {
        let mut found = Vec::new();
        ledger.judge(
            history,
            &mut Findings::new(super::CheckId::CardTokenUnique, &mut found),
        );
        across.extend(
            found
                .into_iter()
                .filter(|f| !already.contains(f))
                .map(|f| (index, f)),
        );
    }
    across
}
