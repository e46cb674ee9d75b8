//! The library example runs in `cargo test`, and the README's copy of it is the same text, so
//! the documentation cannot rot.

#[allow(dead_code)]
#[path = "../../examples/embed_simulator.rs"]
mod embed_simulator;

use std::path::Path;

#[tokio::test]
async fn the_embedding_example_runs() {
    embed_simulator::run()
        .await
        .unwrap_or_else(|e| panic!("examples/embed_simulator.rs failed: {e}"));
}

/// The first fenced `rust` block after the heading.
fn readme_block(readme: &str, heading: &str) -> Option<String> {
    let section = &readme[readme.find(heading)?..];
    let start = section.find("```rust\n")? + "```rust\n".len();
    let end = section[start..].find("\n```")? + start + 1;
    Some(section[start..end].to_owned())
}

#[test]
fn the_readme_shows_the_example_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/embed_simulator.rs")).unwrap();
    let block = readme_block(&readme, "## Use it from your own tests")
        .expect("README.md has a section `## Use it from your own tests` with a ```rust block");
    assert!(
        block == example,
        "the README's example differs from examples/embed_simulator.rs; copy the file into the \
         ```rust block of `## Use it from your own tests`"
    );
}
