//! The command line's output sinks. Every line the commands print, on stdout or stderr, goes
//! through here and through the redaction point, so a card number quoted by an error from
//! below (a serde message, a server's answer) never reaches a terminal or a CI log. A closed
//! pipe (`vaultcheck check --list | head`) ends the output quietly instead of panicking.

use crate::contract::test_cards::TestCard;
use crate::protocol::keys::PublicKey;
use crate::redact;
use std::io::Write;

/// Prints `text` and a newline on stdout, redacted.
pub(super) fn line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", redact::text(text));
}

/// Prints `text` as it is (it carries its own newlines) on stdout, redacted.
pub(super) fn text(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(redact::text(text).as_bytes());
    let _ = stdout.flush();
}

/// Prints `text` and a newline on stderr, redacted.
pub(super) fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", redact::text(text));
}

/// Rewrites the current stderr line (a progress bar), redacted.
pub(super) fn progress(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "\r{}", redact::text(text));
    let _ = stderr.flush();
}

/// Prints a public key as PEM on stdout. A public key is not a secret; the redaction point
/// refuses any text holding a PEM block, so only this typed sink prints one.
pub(super) fn public_key(key: &PublicKey) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", key.to_pem().trim_end());
}

/// Prints one of Antom's published sandbox test cards with what it does. Those numbers are
/// public (the simulator's banner lists them); only this typed sink prints them unmasked.
pub(super) fn test_card(card: &TestCard) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "  {} {}", card.number, card.behaviour.describe());
}

/// A serde error about untrusted input, without the values it quotes: serde writes
/// ``invalid type: integer `4242424242424242`, expected a string``, and a number that fails the
/// card check is still a secret to us. Keeps what was wrong, where, and what was expected.
pub(super) fn serde_problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let body = message.strip_suffix(position.as_str()).unwrap_or(&message);
    let unquoted = match body.split_once(": ") {
        Some((head, rest)) if head == "invalid type" || head == "invalid value" => {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
            let kind = found.split(['`', '"']).next().unwrap_or(found).trim_end();
            format!("{head}: {kind}, expected {expected}")
        }
        _ => body.to_owned(),
    };
    format!("{unquoted}{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_problems_name_the_kind_never_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Line {
            endpoint: String,
            status: Option<u16>,
        }
        for input in [
            r#"{"endpoint": 4242424242424241}"#,
            r#"{"endpoint": "x", "status": "4242424242424241"}"#,
            r#"{"endpoint": "x", "status": 4242424242424241}"#,
            r#"{"endpoint": -4242424242424241.5}"#,
        ] {
            let error = serde_json::from_str::<Line>(input).unwrap_err();
            let problem = serde_problem(&error);
            assert!(!problem.contains("424242"), "{problem}");
            assert!(
                problem.contains("expected") && problem.contains("column"),
                "{problem}"
            );
        }
        let error = serde_json::from_str::<Line>("{").unwrap_err();
        assert!(
            serde_problem(&error).contains("EOF"),
            "{}",
            serde_problem(&error)
        );
    }
}
