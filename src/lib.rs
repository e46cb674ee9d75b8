//! vaultcheck: a contract and conformance harness for Antom's (Alipay AMS) Vault API.
//!
//! The pipeline, data flowing one way:
//!
//! ```text
//! contract ──derive──▶ schemas/*.json (schema)
//!         │
//!         ▼
//! cases: fixed (cases/*.json) + generated (generate) ──▶ runner
//!         │
//!         ▼
//! client signs (protocol) ──▶ transport ──▶ embedded simulator (sim) │ Antom's sandbox
//!         │
//!         ▼
//! exchange = request + response (raw bytes, headers, status, timing)
//!         │
//!         ▼
//! checks (one file per rule, named ids: check) ──▶ findings ──▶ report (redaction, rendering,
//!                                                               shapes) and runner reports
//! ```
//!
//! Rooms and what they must not do:
//! - [`contract`]: the facts as data (shapes, enums, result codes, coupling rules). No I/O.
//! - [`schema`]: derives draft 2020-12 schemas from the contract and compiles them once.
//! - [`json`]: reads untrusted bodies (not UTF-8, not JSON, too deep, duplicate keys).
//! - [`protocol`]: the signed text, RSA256, the `Signature` header, keys, times, sandbox paths.
//! - [`generate`]: proptest strategies for requests, boundaries and mutants; sends nothing.
//! - [`client`]: signs a call and sends it through the transport; retries only when told.
//! - [`transport`]: sends a request over HTTP and returns the exchange; it never judges.
//! - [`exchange`]: what crossed the wire. The transport produces it; checks judge it.
//! - [`check`]: pure functions from an exchange (or a case's history) to findings; no I/O.
//! - [`sim`]: the sandbox simulator: gateway, operations, state, 3DS page, notifications,
//!   faults. It reads the contract to validate requests; it never calls the checks.
//! - [`runner`]: runs cases and property groups against a target, judges them, writes reports
//!   and reproductions.
//! - [`report`]: findings as text or JSON, response shapes, the reports of a run (table, JUnit,
//!   JSON, reproductions).
//! - [`error`]: the one error type ([`Error`]): why the harness could not run, never a
//!   contract failure. It wraps the leaf errors of keys, transport, schemas and regions.
//! - [`redact`]: the one redaction point; a leaf every room may use.
//! - [`cases`]: the case-file format and its schema.
//! - [`cli`]: the command line; the only room that prints and exits. The test harness
//!   (`tests/conformance.rs`) is the only place that knows libtest-mimic and insta.

pub(crate) mod cases;
pub mod check;
#[doc(hidden)]
pub mod cli;
pub mod client;
pub mod contract;
mod error;
pub mod exchange;
#[doc(hidden)]
pub mod generate;
pub(crate) mod json;
pub mod protocol;
pub mod published;
pub(crate) mod redact;
pub mod report;
pub mod runner;
pub mod schema;
pub mod sim;
pub mod transport;

pub use error::Error;
