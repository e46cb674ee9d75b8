//! Findings leave the harness here: redaction (the one place secrets are removed) and
//! rendering as text or JSON.

pub mod redact;
pub mod render;
pub mod shape;
