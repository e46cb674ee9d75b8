//! The committed schema files: their names, writing them, and finding drift between them and
//! what the code derives.

use super::{Rules, derive};
use crate::contract::{Endpoint, Side};
use std::path::{Path, PathBuf};

/// Every message of the Vault API, in a fixed order.
pub fn all_messages() -> impl Iterator<Item = (Endpoint, Side)> {
    Endpoint::ALL
        .into_iter()
        .flat_map(|e| [(e, Side::Request), (e, Side::Response)])
}

/// `inquire-vaulting.response.json`.
pub fn file_name(endpoint: Endpoint, side: Side) -> String {
    format!(
        "{}.{}.json",
        endpoint.file_stem(),
        endpoint.message_word(side)
    )
}

fn rendered(endpoint: Endpoint, side: Side) -> String {
    let schema = derive(endpoint, side, Rules::With);
    let mut text = serde_json::to_string_pretty(&schema).expect("a Value always serializes");
    text.push('\n');
    text
}

/// A schema file that differs from what the code derives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub path: PathBuf,
    pub missing: bool,
}

/// Writes every derived schema into `dir`; returns the files written.
pub fn write_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    all_messages()
        .map(|(endpoint, side)| {
            let path = dir.join(file_name(endpoint, side));
            std::fs::write(&path, rendered(endpoint, side))?;
            Ok(path)
        })
        .collect()
}

/// Compares `dir` with what the code derives.
pub fn check_dir(dir: &Path) -> Vec<Drift> {
    all_messages()
        .filter_map(|(endpoint, side)| {
            let path = dir.join(file_name(endpoint, side));
            match std::fs::read_to_string(&path) {
                Ok(text) if text == rendered(endpoint, side) => None,
                Ok(_) => Some(Drift {
                    path,
                    missing: false,
                }),
                Err(_) => Some(Drift {
                    path,
                    missing: true,
                }),
            }
        })
        .collect()
}
