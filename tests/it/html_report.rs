//! `vaultcheck run --html FILE`: one self-contained page (no script, no external asset) that is
//! well-formed, holds the run's counts and the failing units' findings, and opens in headless
//! Chromium showing the counts (skipped with a note where Chromium is not installed).

use crate::support::cli;

use cli::{Scratch, both, command};
use serde_json::Value;
use std::path::Path;

/// Elements that have no end tag.
const VOID: &[&str] = &["meta", "br", "hr", "img", "input", "link"];

/// Checks that every element opened is closed in order (the page is written that way) and
/// returns the problem otherwise.
fn well_formed(page: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').ok_or("a `<` without `>`")?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return Err(format!("`<{tag}>` is no tag (an unescaped `<`?)"));
        }
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim();
            match open.pop() {
                Some(top) if top == closing => {}
                other => return Err(format!("`</{closing}>` closes {other:?}")),
            }
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("never closed: {open:?}"))
    }
}

fn counts_of(page: &str) -> Vec<(String, u64)> {
    page.split("id=\"count-")
        .skip(1)
        .map(|part| {
            let (name, rest) = part.split_once("\">").unwrap();
            let number = rest.split('<').next().unwrap().parse().unwrap();
            (name.to_owned(), number)
        })
        .collect()
}

#[test]
fn the_page_is_well_formed_self_contained_and_holds_the_counts() {
    let dir = Scratch::new();
    let html = dir.join("run.html");
    let json = dir.join("run.json");
    let out = command()
        .args(["run", "--cases", "2", "--seed", "5", "--no-progress"])
        .args(["--fault", "wrong-id-echo", "--html", &html, "--json", &json])
        .args(["--failures", &dir.join("failures")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    well_formed(&page).unwrap_or_else(|problem| panic!("{problem}"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    // URLs appear as text in the exchanges; none is loaded.
    for outside in ["<script", "src=", "href=\"http", "<link", "@import", "url("] {
        assert!(!page.contains(outside), "the page holds `{outside}`");
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let expected: Vec<(String, u64)> = report["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    let mut shown = counts_of(&page);
    shown.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(shown, expected);
    assert!(page.contains("<code>request_id_echo</code>"));
    assert!(page.contains("does not conform"));
    for card in vaultcheck::contract::test_cards::TEST_CARDS {
        assert!(!page.contains(card.number), "a card number on the page");
    }
    chromium_shows_the_counts(Path::new(&html), &shown);
}

/// Opens the page in headless Chromium and reads the counts from the DOM it built.
fn chromium_shows_the_counts(page: &Path, counts: &[(String, u64)]) {
    let binary = Path::new("/usr/bin/chromium");
    if !binary.exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have chromium (.ci/run installs it)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    }
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dom.contains("vaultcheck run"), "{dom}");
    assert_eq!(counts_of(&dom).len(), counts.len(), "{dom}");
    for (name, number) in counts {
        assert!(
            dom.contains(&format!("id=\"count-{name}\">{number}<")),
            "{name} {number} not in {dom}"
        );
    }
}
