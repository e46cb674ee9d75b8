//! `payment_method_detail_coupling`: `paymentMethodDetail` comes exactly with a successful vaulting, and a `CARD` detail carries `card`.
//! The rules themselves are data in `contract::rules`.

use super::support::broken_rules;
use super::{Context, Findings};

pub(super) fn check(ctx: &Context, out: &mut Findings) {
    broken_rules(ctx, out);
}
