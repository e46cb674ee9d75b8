//! What leaves the harness: findings rendered as text or JSON, response shapes, and the reports
//! of a run (summary table, JUnit XML, JSON, a reproduction folder per failure). Every string
//! passes [`crate::redact`] on its way out.

pub mod junit;
pub mod render;
pub mod repro;
pub mod run;
pub mod shape;
