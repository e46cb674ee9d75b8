//! A small command-line reader: `--name value`, `--name=value`, switches and positionals,
//! with errors that name the argument at fault.

use std::collections::HashMap;

/// The parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, Vec<String>>,
    switches: Vec<String>,
    pub positionals: Vec<String>,
}

/// What a subcommand accepts.
pub struct Spec<'a> {
    /// Options that take a value (without the leading `--`).
    pub values: &'a [&'a str],
    /// Options that take none.
    pub switches: &'a [&'a str],
}

impl Args {
    pub fn parse(args: &[String], spec: &Spec) -> Result<Args, String> {
        let mut out = Args::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let Some(name) = arg.strip_prefix("--") else {
                out.positionals.push(arg.clone());
                continue;
            };
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (name, None),
            };
            if spec.switches.contains(&name) {
                if inline.is_some() {
                    return Err(format!("--{name} takes no value"));
                }
                out.switches.push(name.to_owned());
            } else if spec.values.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => iter
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("--{name} needs a value"))?,
                };
                out.values.entry(name.to_owned()).or_default().push(value);
            } else {
                let mut known: Vec<String> = spec
                    .values
                    .iter()
                    .chain(spec.switches)
                    .map(|n| format!("--{n}"))
                    .collect();
                known.sort();
                return Err(format!(
                    "unknown option --{name} (this command takes {})",
                    known.join(", ")
                ));
            }
        }
        Ok(out)
    }

    /// The last value given for an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name)?.last().map(String::as_str)
    }

    /// Every value given for a repeatable option.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .get(name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The option's value, else the environment variable's.
    pub fn value_or_env(&self, name: &str, var: &str) -> Option<String> {
        self.value(name)
            .map(str::to_owned)
            .or_else(|| std::env::var(var).ok().filter(|v| !v.is_empty()))
    }

    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.value(name)
            .ok_or_else(|| format!("--{name} is required"))
    }

    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}
