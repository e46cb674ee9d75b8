//! `vaulting_status_coupling`: `vaultingStatus` is present exactly when `resultStatus` is `S`.
//! The rules themselves are data in `contract::rules`.

use super::support::broken_rules;
use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    broken_rules(ctx, out);
}
