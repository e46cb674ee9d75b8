//! Contract coverage (DESIGN.md, "Contract coverage"): the contract as an enumerable list of
//! rules, each with a stable id, its basis and the check that judges it ([`rule`]); which rule
//! sides a request keeps or breaks ([`request_rules`]); and the ledger that credits rule sides
//! from every exchange a run made or a recording holds, and reports what was covered, not
//! covered, or unreachable on the target ([`ledger`]). It reads the contract and the schema
//! oracle and judges nothing: the checks do that.

pub(crate) mod ledger;
pub(crate) mod request_rules;
pub(crate) mod rule;

pub(crate) use ledger::{Coverage, Reach};
pub(crate) use rule::{Facet, Subject, all_rules};
