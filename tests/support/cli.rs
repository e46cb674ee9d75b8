//! Runs the `vaultcheck` binary as a user does, for the `tests/cli_*.rs` files (included with
//! `#[path]`): in a folder of the test's choosing, without the caller's `VAULTCHECK_*`
//! variables, so a developer's shell cannot change a verdict.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with every `VAULTCHECK_*` variable of the test's environment removed.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaultcheck"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("VAULTCHECK_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs `vaultcheck ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    command().args(args).current_dir(dir).output().unwrap()
}

/// Runs `vaultcheck ARGS` in a fresh empty folder.
pub fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Both streams, for assertion messages.
pub fn both(output: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(output), stderr(output))
}

/// A file of the repository's `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch folder with helpers to write files into it; removed when dropped.
pub struct Scratch(pub tempfile::TempDir);

impl Scratch {
    pub fn new() -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `content` to `name` in the folder; returns its path as text.
    pub fn file(&self, name: &str, content: &str) -> String {
        let path = self.0.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }

    /// A path inside the folder, as text.
    pub fn join(&self, name: &str) -> String {
        self.0.path().join(name).display().to_string()
    }
}
