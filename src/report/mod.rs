//! What leaves the harness: findings rendered as text or JSON, response shapes, and the reports
//! of a run (summary table, JUnit XML, JSON, a reproduction folder per failure). Every string
//! passes `redact` on its way out.

pub(crate) mod html;
pub(crate) mod junit;
pub(crate) mod notify;
pub(crate) mod record;
pub(crate) mod render;
pub mod repro;
pub(crate) mod run;
pub mod shape;
