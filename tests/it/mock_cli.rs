//! `vaultcheck mock` as a user runs it: `--force` refuses an unknown code (exit 2, naming the
//! valid ones), the keys in `--keys-dir` survive a restart, `/sim/health` answers, and every
//! request gets a line on stderr.

use crate::support::cli;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};

#[test]
fn force_refuses_an_unknown_operation_or_code_naming_the_valid_ones() {
    let out = cli::run(&["mock", "--force", "inquireVaulting=NOPE"]);
    assert_eq!(out.status.code(), Some(2), "{}", cli::both(&out));
    let err = cli::stderr(&out);
    assert!(
        err.contains("--force") && err.contains("NOPE") && err.contains("VAULTING_NOT_EXIST"),
        "{err}"
    );
    let out = cli::run(&["mock", "--force", "payments=SUCCESS"]);
    assert_eq!(out.status.code(), Some(2), "{}", cli::both(&out));
    assert!(
        cli::stderr(&out).contains("inquireVaulting"),
        "{}",
        cli::both(&out)
    );
    let out = cli::run(&["mock", "--rate-limit", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", cli::both(&out));
}

/// A running mock: the child and its banner, up to "press Ctrl-C".
struct Mock {
    child: Child,
    banner: Vec<String>,
}

impl Mock {
    fn start(dir: &Path, extra: &[&str]) -> Mock {
        let mut args = vec!["mock", "--addr", "127.0.0.1:0", "--keys-dir", "keys"];
        args.extend_from_slice(extra);
        let mut child = cli::command()
            .args(&args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut banner = Vec::new();
        let stdout = child.stdout.take().unwrap();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let done = line.contains("press Ctrl-C");
            banner.push(line);
            if done {
                break;
            }
        }
        Mock { child, banner }
    }

    fn addr(&self) -> String {
        self.banner
            .iter()
            .find_map(|l| l.strip_prefix("vaultcheck mock listening on http://"))
            .unwrap_or_else(|| panic!("no address in {:?}", self.banner))
            .trim()
            .to_owned()
    }

    /// Stops the mock and returns its stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut err);
        }
        err
    }
}

/// Sends a raw HTTP/1.1 request and returns the whole answer.
fn raw(addr: &str, method: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_restarted_mock_keeps_its_keys_and_logs_every_request() {
    let dir = tempfile::tempdir().unwrap();
    let first = Mock::start(dir.path(), &[]);
    let banner = first.banner.join("\n");
    assert!(banner.contains("(made new"), "{banner}");
    let health = raw(&first.addr(), "GET", "/sim/health");
    assert!(
        health.contains(r#""simulator":"vaultcheck""#)
            && health.contains(r#""clientId":"SANDBOX_VAULTCHECK_MOCK""#),
        "{health}"
    );
    let answer = raw(&first.addr(), "POST", "/nowhere");
    assert!(answer.contains("NO_INTERFACE_DEF"), "{answer}");
    let err = first.stop();
    assert!(
        err.contains("#0 POST /nowhere -> F/NO_INTERFACE_DEF"),
        "stderr: {err}"
    );
    let keys = dir.path().join("keys");
    let read = |name: &str| std::fs::read_to_string(keys.join(name)).unwrap();
    let merchant = read("merchant-private-key.pem");
    let antom = read("antom-private-key.pem");
    let antom_public = read("antom-public-key.pem");
    assert!(keys.join("merchant-public-key.pem").exists());

    let second = Mock::start(dir.path(), &[]);
    let banner = second.banner.join("\n");
    assert!(
        banner.contains("merchant private key (reused")
            && banner.contains("antom private key (reused"),
        "{banner}"
    );
    assert!(
        banner.contains(antom_public.trim()),
        "the banner shows the same key"
    );
    second.stop();
    assert_eq!(read("merchant-private-key.pem"), merchant);
    assert_eq!(read("antom-private-key.pem"), antom);
}
