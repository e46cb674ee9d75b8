//! The integration tests, one binary of modules (one per area), as insta and nextest build
//! theirs: one link instead of thirty. `tests/conformance.rs` (libtest-mimic) is the other.

mod architecture;
mod basis_severity;
mod browser;
mod checks;
mod cli_check;
mod cli_run;
mod cli_surface;
mod coverage;
mod detection;
mod drift;
mod embedded_simulator;
mod example;
mod html_report;
mod independent_client;
mod mock_cli;
mod mock_control;
mod mock_forced;
mod notify;
mod openapi;
mod properties;
mod protocol;
mod proxy;
mod receiver;
mod receiver_example;
mod record;
mod repro_artifacts;
mod schemas;
mod simulator;
mod simulator_input;
mod standin;
mod standin_suite;
mod stateful_checks;
mod support;
mod transport;
