//! Compiles the suite into the binary: one `(name, text)` entry per `cases/*.json` file, read
//! by `src/cases.rs`, so an installed `vaultcheck` runs its suite from any folder and a new
//! case file is picked up without a list to keep.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=build.rs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the suite in {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut table = String::from("&[\n");
    for path in &files {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_else(|| panic!("case file name is not UTF-8: {}", path.display()));
        let path = path
            .to_str()
            .unwrap_or_else(|| panic!("case path is not UTF-8: {}", path.display()));
        writeln!(table, "    ({name:?}, include_str!({path:?})),").expect("writing to a String");
    }
    table.push(']');
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in_cases.rs");
    std::fs::write(&out, table).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
