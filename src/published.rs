//! The schema files vaultcheck publishes in `schemas/`: one per Vault message (derived by
//! [`crate::schema`]) and the schema of case files ([`CASE_SCHEMA_FILE`]). Writing them, and
//! finding drift between the committed files and what the code derives.

use crate::contract::{Endpoint, Side};
use crate::schema::{Rules, all_messages, derive, file_name};
use std::path::{Path, PathBuf};

fn rendered(endpoint: Endpoint, side: Side) -> String {
    pretty(&derive(endpoint, side, Rules::With))
}

/// A schema file that differs from what the code derives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The file in the checked directory.
    pub path: PathBuf,
    /// `true` when the file is absent (or unreadable); `false` when its text differs.
    pub missing: bool,
}

/// The schema of case files (`cases/*.json`).
pub const CASE_SCHEMA_FILE: &str = "case.schema.json";

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a Value always serializes");
    text.push('\n');
    text
}

/// Every file `schemas/` holds, with the text the code derives for it.
pub fn expected_files() -> Vec<(String, String)> {
    all_messages()
        .map(|(endpoint, side)| (file_name(endpoint, side), rendered(endpoint, side)))
        .chain(std::iter::once((
            CASE_SCHEMA_FILE.to_owned(),
            pretty(&crate::cases::case_schema()),
        )))
        .collect()
}

/// Writes every derived schema into `dir`; returns the files written.
pub fn write_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    expected_files()
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text)?;
            Ok(path)
        })
        .collect()
}

/// Compares `dir` with what the code derives.
pub fn check_dir(dir: &Path) -> Vec<Drift> {
    expected_files()
        .into_iter()
        .filter_map(|(name, text)| {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(found) if found == text => None,
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
