//! vaultcheck: a contract and conformance harness for Antom's (Alipay AMS) Vault API.
//!
//! # Use it from your own tests
//!
//! The simulator and the checks are a library, used the way the `wiremock` crate is:
//!
//! - [`sim::Simulator`]: start Antom's sandbox in process (`Simulator::start().await` or
//!   [`sim::Simulator::builder`]), read its base URL, client id, its Antom public key and the
//!   merchant key to sign with; [`sim::Simulator::journal`] lists what it received and
//!   [`sim::Simulator::reset`] forgets every vaulting between tests.
//! - [`protocol::Signer`]: sign a request as a merchant does ([`protocol::sign`],
//!   [`protocol::verify`] and the key types for the parts).
//! - [`exchange::Exchange`]: what crossed the wire; [`check::judge_exchange`],
//!   [`check::assert_conforms`] and [`check::Judgement`] judge it with every single-exchange
//!   check and return [`check::Finding`]s, each naming its [`check::CheckId`].
//! - [`runner`]: the whole suite against a target; [`Error`] is why it could not run.
//!
//! `examples/embed_simulator.rs` (and the README's "Use it from your own tests") is a complete
//! program; `cargo test` runs it.
//!
//! # The pipeline
//!
//! Data flows one way; `tests/architecture.rs` fails when a `use crate::...` runs backwards.
//!
//! ```text
//! redact, json (leaves) ─▶ contract ─▶ schema ─▶ protocol ─▶ exchange ─▶ transport ─▶ client
//!   ─▶ error ─▶ check ─▶ coverage ─▶ generate ─▶ cases ─▶ published ─▶ sim ─▶ notify ─▶ runner
//!   ─▶ report ─▶ cli
//!
//! contract ──derive──▶ schemas/*.json (schema, published)
//!         │
//!         ▼
//! cases: built in (cases/*.json) + generated (generate) ──▶ runner
//!         │
//!         ▼
//! client signs (protocol) ──▶ transport ──▶ embedded simulator (sim) │ Antom's sandbox
//!         │
//!         ▼
//! exchange = request + response (raw bytes, headers, status, timing)
//!         │
//!         ▼
//! checks (one file per check id: check) ──▶ findings ──▶ report (text, JSON, JUnit, shapes,
//!                                                               reproductions)
//! ```
//!
//! Rooms and what they must not do:
//! - `redact` (crate-private): the one redaction point; a leaf every room may use.
//! - `json` (crate-private): reads untrusted bodies (not UTF-8, not JSON, too deep, duplicate keys).
//! - [`contract`]: the facts as data (shapes, enums, result codes, coupling rules, check ids,
//!   test cards). No I/O.
//! - [`schema`]: derives draft 2020-12 schemas from the contract and compiles them once.
//! - [`protocol`]: the signed text, RSA256, the `Signature` header, keys, times, sandbox paths.
//! - [`exchange`]: what crossed the wire. The transport produces it; checks judge it.
//! - [`transport`]: sends a request over HTTP and returns the exchange; it never judges.
//! - [`client`]: signs a call and sends it through the transport.
//! - [`Error`]: why the harness could not run, never a contract failure. It wraps the leaf
//!   errors of keys, transport, schemas and regions.
//! - [`check`]: pure functions from an exchange (or a case's history) to findings; no I/O.
//! - `generate` (hidden: the crate's own property tests use it): proptest strategies for
//!   requests, boundaries and mutants; sends nothing.
//! - `cases` (crate-private): the case-file format, its schema, the suite built into the binary.
//! - [`published`]: the schema files in `schemas/`, written and checked for drift.
//! - [`sim`]: the sandbox simulator: gateway, operations, state, 3DS page, notifications,
//!   faults, journal. It reads the contract to validate requests; it never calls the checks.
//! - [`notify`]: the merchant's notification receiver under test: plays Antom, sends a suite of
//!   genuine, repeated and forged notifyVaulting requests, judges the answers with the receiver
//!   rules ([`notify::ReceiverTest`]). It never starts the simulator.
//! - [`runner`]: runs cases and property groups against a target and judges them.
//! - [`report`]: findings as text or JSON, response shapes, the reports of a run (table, JUnit,
//!   JSON, reproductions).
//! - `cli` (hidden: the binary's): the command line; the only room that prints and exits. The
//!   test harness (`tests/conformance.rs`) is the only place that knows libtest-mimic and insta.

pub(crate) mod cases;
pub mod check;
#[doc(hidden)]
pub mod cli;
pub mod client;
pub mod contract;
pub(crate) mod coverage;
pub(crate) mod drift;
mod error;
pub mod exchange;
#[doc(hidden)]
pub mod generate;
pub(crate) mod json;
pub mod notify;
pub(crate) mod openapi;
pub mod protocol;
pub(crate) mod proxy;
pub mod published;
pub(crate) mod redact;
pub mod report;
pub mod runner;
pub mod schema;
pub mod sim;
pub mod transport;

pub use error::Error;
