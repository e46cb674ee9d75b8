//! The command line's surface: `--help` on every command, usage errors, `--version`,
//! completions, and the README's option tables held true against clap's definition.

use crate::support::cli;

use cli::{both, stdout};

/// Every command and subcommand, as the words that name it (`["keys", "generate"]`).
fn all_commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(
        path: Vec<String>,
        command: &clap::Command,
        into: &mut Vec<(Vec<String>, clap::Command)>,
    ) {
        for sub in command.get_subcommands() {
            let mut words = path.clone();
            words.push(sub.get_name().to_owned());
            into.push((words.clone(), sub.clone()));
            walk(words, sub, into);
        }
    }
    let mut all = Vec::new();
    walk(Vec::new(), &vaultcheck::cli::command(), &mut all);
    all
}

/// The long options a command takes, without `--help` and `--version`.
fn long_options(command: &clap::Command) -> Vec<&clap::Arg> {
    command
        .get_arguments()
        .filter(|a| a.get_long().is_some_and(|l| l != "help" && l != "version"))
        .collect()
}

#[test]
fn every_command_has_help_naming_its_options() {
    let commands = all_commands();
    assert!(commands.len() >= 11, "{}", commands.len());
    for (words, command) in commands {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let out = cli::run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", both(&out));
        let help = stdout(&out);
        for arg in long_options(&command) {
            let long = format!("--{}", arg.get_long().unwrap());
            assert!(help.contains(&long), "{args:?} help names {long}: {help}");
            if let Some(var) = arg.get_env() {
                let var = var.to_string_lossy();
                assert!(help.contains(&*var), "{args:?} help names {var}: {help}");
            }
        }
        // `-h` is help too, never a run.
        args.pop();
        args.push("-h");
        assert_eq!(cli::run(&args).status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn help_shows_defaults_and_hides_secret_values() {
    let out = cli::command()
        .args(["run", "--help"])
        .env(
            "VAULTCHECK_PRIVATE_KEY",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCsecretmark",
        )
        .env(
            "VAULTCHECK_ANTOM_PUBLIC_KEY",
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApublicmark",
        )
        .output()
        .unwrap();
    let help = stdout(&out);
    assert!(
        help.contains("[default: 32]") && help.contains("[default: mock]"),
        "{help}"
    );
    assert!(
        !help.contains("secretmark") && !help.contains("publicmark"),
        "{help}"
    );
}

#[test]
fn version_and_bare_invocation() {
    let out = cli::run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
    let out = cli::run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        cli::stderr(&out).contains("Usage: vaultcheck"),
        "{}",
        both(&out)
    );
}

#[test]
fn completions_are_printed_for_bash() {
    let out = cli::run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let script = stdout(&out);
    assert!(
        script.contains("_vaultcheck")
            && script.contains("--cases-dir")
            && script.contains("generate"),
        "{}",
        &script[..script.len().min(400)]
    );
    let out = cli::run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(cli::stderr(&out).contains("'tcsh'"), "{}", both(&out));
}

/// One row of a README option table: the long option (or `None` for a variable-only row) and
/// the variable.
struct Row {
    option: Option<String>,
    variable: Option<String>,
}

/// The README's option tables, each after a `<!-- options: COMMAND WORDS -->` line.
fn readme_tables() -> Vec<(Vec<String>, Vec<Row>)> {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let mut tables = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(words) = line
            .trim()
            .strip_prefix("<!-- options:")
            .and_then(|rest| rest.strip_suffix("-->"))
        else {
            continue;
        };
        let words: Vec<String> = words.split_whitespace().map(str::to_owned).collect();
        let rows = lines
            .by_ref()
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| l.trim_start().starts_with('|'))
            .skip(2) // the header and its rule
            .map(|l| {
                let cells: Vec<String> = l
                    .replace("\\|", "/")
                    .split('|')
                    .map(|c| c.trim().to_owned())
                    .collect();
                let code = |cell: &str| cell.split('`').nth(1).map(str::to_owned);
                Row {
                    option: code(&cells[1])
                        .filter(|c| c.starts_with("--"))
                        .map(|c| c.split_whitespace().next().unwrap().to_owned()),
                    variable: code(&cells[2]),
                }
            })
            .collect();
        tables.push((words, rows));
    }
    tables
}

#[test]
fn the_readme_option_tables_match_the_command_line() {
    let tables = readme_tables();
    assert!(
        tables.iter().any(|(words, _)| words == &["run"]),
        "README.md needs a `<!-- options: run -->` line before the run option table"
    );
    let commands = all_commands();
    for (words, rows) in &tables {
        let name = words.join(" ");
        let command = &commands
            .iter()
            .find(|(w, _)| w == words)
            .unwrap_or_else(|| {
                panic!("README.md has an option table for `{name}`, which is not a command")
            })
            .1;
        for arg in long_options(command) {
            let long = format!("--{}", arg.get_long().unwrap());
            let variable = arg.get_env().map(|v| v.to_string_lossy().into_owned());
            let row = rows
                .iter()
                .find(|r| r.option.as_deref() == Some(long.as_str()))
                .unwrap_or_else(|| {
                    let value = if arg.get_action().takes_values() {
                        arg.get_value_names()
                            .map(|v| v.iter().map(|s| format!(" {s}")).collect::<String>())
                            .unwrap_or_default()
                    } else {
                        String::new()
                    };
                    let variable = variable.as_deref().map_or("—".to_owned(), |v| format!("`{v}`"));
                    panic!(
                        "README.md's `{name}` option table has no row for {long}; add one like: | `{long}{value}` | {variable} | what it does |"
                    )
                });
            assert_eq!(
                row.variable, variable,
                "README.md's `{name}` table: the variable of {long} is {variable:?} in the command line"
            );
        }
        for row in rows {
            if let Some(option) = &row.option {
                assert!(
                    long_options(command)
                        .iter()
                        .any(|a| format!("--{}", a.get_long().unwrap()) == *option),
                    "README.md's `{name}` table lists {option}, which `vaultcheck {name}` does not take: remove the row"
                );
            } else {
                let variable = row.variable.as_deref().unwrap_or_default();
                assert!(
                    variable.starts_with("VAULTCHECK_"),
                    "README.md's `{name}` table: a row without an option must name a VAULTCHECK_ variable"
                );
            }
        }
    }
}
