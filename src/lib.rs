//! vaultcheck: a contract and conformance harness for Antom's (Alipay AMS) Vault API.
//!
//! The pipeline, data flowing one way:
//!
//! ```text
//! contract (model, contract) ──derive──▶ schemas/*.json (schema)
//!         │
//!         ▼
//! exchange = request + response (raw bytes, headers, status, timing)   ◀── transport (to the simulator or Antom)
//!         │        (signing and verification: protocol)
//!         ▼
//! checks (one file per rule, named ids: check) ──▶ findings ──▶ report (redaction, rendering)
//! ```
//!
//! Rooms and what they must not do:
//! - [`contract`]: the facts as data (shapes, enums, result codes, coupling rules). No I/O.
//! - [`model`]: typed serde messages that build requests and drive the simulator. Checks never
//!   deserialize into them.
//! - [`schema`]: derives draft 2020-12 schemas from the contract and compiles them once.
//! - [`json`]: reads untrusted bodies (not UTF-8, not JSON, too deep, duplicate keys).
//! - [`protocol`]: the signed text, RSA256, the `Signature` header, keys, times, sandbox paths.
//! - [`transport`]: sends a request over HTTP and returns the exchange; it never judges.
//! - [`exchange`]: what crossed the wire. The transport produces it; checks judge it.
//! - [`check`]: pure functions from an exchange to findings; no I/O.
//! - [`report`]: the one redaction point, and rendering as text or JSON.
//! - [`cli`]: the command line; the only room that prints and exits.

pub mod check;
pub mod cli;
pub mod client;
pub mod contract;
pub mod exchange;
pub mod generate;
pub mod json;
pub mod model;
pub mod protocol;
pub mod report;
pub mod runner;
pub mod schema;
pub mod sim;
pub mod transport;
