//! Runs the `vaultcheck` binary as a user does, for the `tests/cli_*.rs` files (included with
//! `#[path]`): in a folder of the test's choosing, without the caller's `VAULTCHECK_*`
//! variables, so a developer's shell cannot change a verdict.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with every `VAULTCHECK_*` variable of the test's environment removed.
pub(crate) fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaultcheck"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("VAULTCHECK_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs `vaultcheck ARGS` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Output {
    command().args(args).current_dir(dir).output().unwrap()
}

/// Runs `vaultcheck ARGS` in a fresh empty folder.
pub(crate) fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Both streams, for assertion messages.
pub(crate) fn both(output: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(output), stderr(output))
}

/// A file of the repository's `tests/fixtures`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch folder with helpers to write files into it; removed when dropped.
pub(crate) struct Scratch(pub(crate) tempfile::TempDir);

impl Scratch {
    pub(crate) fn new() -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `content` to `name` in the folder; returns its path as text.
    pub(crate) fn file(&self, name: &str, content: &str) -> String {
        let path = self.0.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }

    /// A path inside the folder, as text.
    pub(crate) fn join(&self, name: &str) -> String {
        self.0.path().join(name).display().to_string()
    }
}
