//! Generators: proptest strategies that build values from the contract, without sending
//! anything. Valid Antom answers (to prove the checks accept what the contract allows) and
//! single-rule mutations of them (to prove each check catches exactly its rule).

pub mod mutation;
pub mod negative;
pub mod requests;
pub mod responses;
