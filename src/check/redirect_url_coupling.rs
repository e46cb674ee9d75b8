//! `redirect_url_coupling`: `normalUrl`, `schemeUrl` and `applinkUrl` come only with an `S` result whose vaulting is `PROCESSING` (vaultPaymentMethod: with `VERIFICATION_IN_PROCESS`).
//! The rules themselves are data in `contract::rules`.

use super::support::broken_rules;
use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    broken_rules(ctx, out);
}
