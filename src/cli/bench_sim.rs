//! The simulator part of `vaultcheck bench` (requests per second and latency over loopback).

use std::time::Duration;

pub fn run(_budget: Duration) -> Result<(), String> {
    println!("sim    : the simulator bench arrives with the simulator");
    Ok(())
}
