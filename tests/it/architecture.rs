//! The pipeline `src/lib.rs` draws, held by a test: every `crate::<room>` a file names must lie
//! below the file's own room in [`PIPELINE`]. A new `use` that runs backwards (the checks reaching
//! into the runner, the contract into the simulator, ...) fails here, naming the file and the
//! edge, so the architecture is not held by prose alone.

use std::path::{Path, PathBuf};

/// The rooms from the bottom of the pipeline up. A room may use the rooms before it, never the
/// rooms after it; rooms on one line (a slice) are peers that do not use each other.
const PIPELINE: &[&[&str]] = &[
    &["redact", "json"],
    &["contract"],
    &["schema"],
    &["protocol"],
    &["exchange"],
    &["transport"],
    &["client"],
    &["error"],
    &["check"],
    &["coverage"],
    &["generate"],
    &["cases"],
    &["published"],
    &["openapi"],
    &["sim"],
    &["proxy"],
    &["notify"],
    &["runner"],
    &["report"],
    &["drift"],
    &["cli"],
];

fn rank(room: &str) -> Option<usize> {
    PIPELINE.iter().position(|rooms| rooms.contains(&room))
}

/// The room a source file belongs to: `src/check/x.rs` is `check`, `src/json.rs` is `json`.
fn room_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every room a file's code names as `crate::room`, including inside `use crate::{a, b::c}`
/// groups; comments (doc links among them) are not code. `crate::Error`, re-exported at the
/// root, is the `error` room.
fn rooms_named(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rooms = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                rooms.push(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rooms.push(name);
        }
    }
    for room in &mut rooms {
        if room == "Error" {
            *room = "error".into();
        }
    }
    rooms
}

#[test]
fn no_use_runs_backwards_through_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut backwards = Vec::new();
    for file in &files {
        let Some(room) = room_of(&src, file) else {
            continue;
        };
        if room == "lib" || room == "main" {
            continue;
        }
        let Some(own) = rank(&room) else {
            backwards.push(format!(
                "{}: room `{room}` is not in PIPELINE (add it where it belongs)",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        for used in rooms_named(&text) {
            if used == room || used.is_empty() {
                continue;
            }
            match rank(&used) {
                Some(theirs) if theirs < own => {}
                Some(_) => backwards.push(format!(
                    "{}: `{room}` uses `crate::{used}`, which lies above it (or beside it) in the pipeline",
                    file.strip_prefix(&src).unwrap_or(file).display()
                )),
                None => backwards.push(format!(
                    "{}: `crate::{used}` is not a room in PIPELINE",
                    file.display()
                )),
            }
        }
    }
    backwards.sort();
    backwards.dedup();
    assert!(
        backwards.is_empty(),
        "edges against the pipeline (move the code, or the shared piece down):\n{}",
        backwards.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_nested_uses() {
    assert_eq!(
        rooms_named(
            "use crate::{check::Finding, redact};\n/// [`crate::sim`]\nlet x = crate::json::parse(b);\nfn f() -> Result<(), crate::Error>"
        ),
        ["check", "redact", "json", "error"]
    );
}

/// Configuration enters once: below the command line nothing reads the environment by itself.
/// The library takes cards, the notification URL and keys as values; `PrivateKey::from_env`
/// and `PublicKey::from_env` read only the variable their caller names.
#[test]
fn nothing_below_the_command_line_reads_the_environment() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed = |file: &Path| {
        let relative = file.strip_prefix(&src).unwrap();
        relative.starts_with("cli") || relative == Path::new("main.rs")
    };
    let mut readers = Vec::new();
    for file in files.iter().filter(|f| !allowed(f)) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let reads = ["env::var(", "env::var_os(", "env::vars("]
                .iter()
                .any(|call| code.contains(call));
            // The key loaders read the variable their caller names (`from_env(var)`).
            let named_by_caller = code.contains("std::env::var(var)");
            if reads && !named_by_caller {
                readers.push(format!("{}:{}", file.display(), number + 1));
            }
        }
    }
    assert!(
        readers.is_empty(),
        "the environment is read below the command line at {readers:#?}: take the value as a \
         parameter and read the variable in src/cli"
    );
}
