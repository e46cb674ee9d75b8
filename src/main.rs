//! The `vaultcheck` command.

fn main() {
    std::process::exit(vaultcheck::cli::main());
}
