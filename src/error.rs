//! The one error type of vaultcheck: why the harness could not run (a bad key file, an
//! unreadable case, a refused connection, a vaultcheck bug). It is never a contract failure;
//! those are findings. Every message names what was wrong and what to do. The leaf errors
//! (`KeyError`, `TargetError`, `SchemaError`, `UnknownRegion`) keep their own types and are
//! reachable through [`std::error::Error::source`].

use crate::protocol::keys::KeyError;
use crate::protocol::sandbox::UnknownRegion;
use crate::schema::SchemaError;
use crate::transport::TargetError;
use std::path::PathBuf;
use std::sync::Arc;

/// Why vaultcheck could not do what it was asked. `Clone` (causes are shared), so a run's
/// record can carry it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A case file asks for something vaultcheck cannot do.
    #[error("case `{case}`: {reason}; fix the case file")]
    Case {
        /// The case's name.
        case: String,
        /// What in the case file cannot be done.
        reason: String,
    },
    /// A case uses `${name}` that no earlier step saved and the run does not define.
    #[error(
        "case `{case}` uses `${{{variable}}}`, which is not defined (known: {known}); fix the name or `save` it in an earlier step"
    )]
    UnknownVariable {
        /// The case's name.
        case: String,
        /// The variable's name, without `${}`.
        variable: String,
        /// The names that are defined at that step, comma-separated.
        known: String,
    },
    /// A key could not be read or used.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The target could not be reached or misbehaved on the wire.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// A region or URL that names no target.
    #[error(transparent)]
    Region(#[from] UnknownRegion),
    /// A schema could not be compiled.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A file or directory could not be read or written.
    #[error("cannot {action} {}: {source}; check the path and its permissions", path.display())]
    Io {
        /// What was attempted, as a verb (`read`, `write`, `create`).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// An option, environment variable or setting has a value vaultcheck cannot use.
    #[error("{setting}: {reason}")]
    Config {
        /// The option, environment variable or setting, by name (`fault`).
        setting: String,
        /// What is wrong with its value, and which values would do.
        reason: String,
    },
    /// The embedded simulator (or its notification listener) could not start.
    #[error("cannot start {what}: {source}; is the loopback interface available?")]
    Simulator {
        /// What could not start.
        what: &'static str,
        /// The I/O error (usually from binding a socket).
        #[source]
        source: Arc<std::io::Error>,
    },
    /// A vaultcheck bug: the harness contradicted itself (a generator made a request its own
    /// schema refuses, a unit panicked). Never the API's fault.
    #[error("vaultcheck bug: {reason}; please report it with the seed and the command line")]
    Harness {
        /// What contradicted what.
        reason: String,
    },
    /// The run was stopped (SIGINT, SIGTERM) before this unit finished.
    #[error("interrupted: the run was stopped (SIGINT or SIGTERM) before this unit finished")]
    Interrupted,
    /// Every answer of an operation carried the same non-success code: the target answers
    /// from a script, not from the requests.
    #[error(
        "every one of {answers} answers of {operation} was {status}/{code}: the target is probably in Error scenario simulation (Antom Dashboard, Developer > Error scenario simulation); switch it off and run again"
    )]
    ErrorScenario {
        /// The operation (`inquireVaulting`, ...).
        operation: String,
        /// How many answers carried the code.
        answers: usize,
        /// The `resultStatus` they all had.
        status: String,
        /// The `resultCode` they all had.
        code: String,
    },
    /// Where in a case or group an error happened.
    #[error("{place}: {source}")]
    At {
        /// Where (`step 2`, `case 4`).
        place: String,
        /// The error that happened there.
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// An I/O error on a path (`action` is a verb: "read", "write", "create").
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source: Arc::new(source),
        }
    }

    /// This error, placed (`step 2`, `case 4`).
    pub fn at(self, place: impl Into<String>) -> Self {
        Error::At {
            place: place.into(),
            source: Box::new(self),
        }
    }

    /// The error under every `At` wrapper.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::At { source, .. } => source.innermost(),
            other => other,
        }
    }

    /// Whether the error is a vaultcheck bug rather than a problem of the target or the input.
    pub fn is_harness_bug(&self) -> bool {
        matches!(self.innermost(), Error::Harness { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn places_and_sources_are_kept() {
        let refused = TargetError::Refused {
            url: "http://127.0.0.1:9".into(),
        };
        let error = Error::from(refused.clone()).at("step 2");
        assert!(
            error
                .to_string()
                .starts_with("step 2: http://127.0.0.1:9 refused")
        );
        let inner = error.source().expect("a placed error has a source");
        assert!(inner.to_string().contains("refused the connection"));
        assert!(matches!(
            error.innermost(),
            Error::Target(TargetError::Refused { .. })
        ));
        let io = Error::io(
            "write",
            "/nowhere/report.xml",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(io.to_string().contains("/nowhere/report.xml"));
        assert!(io.source().is_some());
        assert!(
            Error::Harness { reason: "x".into() }
                .at("case 1")
                .is_harness_bug()
        );
    }
}
