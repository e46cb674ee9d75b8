//! Fixed cases: one self-describing JSON file each in `cases/`, validated against
//! `schemas/case.schema.json` before it runs. The files of `cases/` are compiled into the
//! binary (`build.rs`) as the built-in suite; a directory given at run time adds cases, and a
//! file named like a built-in case replaces it.

use crate::check::Intent;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fixed case or flow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// One line: what the case proves.
    pub description: String,
    /// The steps, in order. On a target without the simulator's controls the case runs up to
    /// the first step that needs them (a `call` marked `needs_simulator`, 3DS approval, a
    /// notification) and stops there.
    pub steps: Vec<StepSpec>,
    /// Expected to fail, with the reason; a case that passes anyway fails with "remove xfail".
    #[serde(default)]
    pub xfail: Option<String>,
}

/// One step of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "do", rename_all = "kebab-case", deny_unknown_fields)]
pub enum StepSpec {
    /// Calls an operation. Strings in `body` may use `${id}`, `${notify}` and saved values.
    Call {
        endpoint: String,
        body: Box<Value>,
        #[serde(default)]
        intent: Intent,
        #[serde(default)]
        method: Option<String>,
        #[serde(default)]
        expect: Box<Expect>,
        /// Values to keep for later steps: name → JSON pointer into the answer.
        #[serde(default)]
        save: BTreeMap<String, String>,
        /// Call again while the answer is `U`, with the same body, at most this many times.
        #[serde(default)]
        retry_unknown: usize,
        /// Only the simulator answers this call as the case expects (a behaviour the docs leave
        /// open): on any other target the case stops before it.
        #[serde(default)]
        needs_simulator: bool,
    },
    /// Approves the 3DS challenge at `url` (the simulator's page).
    #[serde(rename = "approve-3ds")]
    Approve3ds { url: String },
    /// Declines the 3DS challenge at `url`.
    #[serde(rename = "decline-3ds")]
    Decline3ds { url: String },
    /// Waits for notifyVaulting about `id` at the local listener.
    AwaitNotification { id: String },
}

impl StepSpec {
    /// Whether the step needs the simulator's controls: approving or declining a 3DS page (a
    /// real one is a bank's), or a call marked `needs_simulator`. Awaiting a notification needs
    /// the local listener, and a card the target may lack is asked for by name; both are
    /// decided by the runner, which knows the target.
    pub fn needs_simulator(&self) -> bool {
        match self {
            StepSpec::Approve3ds { .. } | StepSpec::Decline3ds { .. } => true,
            StepSpec::Call {
                needs_simulator, ..
            } => *needs_simulator,
            StepSpec::AwaitNotification { .. } => false,
        }
    }

    /// What the step does, for messages: `approve-3ds`, `call vaultPaymentMethod`.
    pub fn action(&self) -> String {
        match self {
            StepSpec::Call { endpoint, .. } => format!("call {endpoint}"),
            StepSpec::Approve3ds { .. } => "approve-3ds".into(),
            StepSpec::Decline3ds { .. } => "decline-3ds".into(),
            StepSpec::AwaitNotification { .. } => "await-notification".into(),
        }
    }
}

/// What an answer must show, beyond what every check demands.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub result_status: Option<String>,
    #[serde(default)]
    pub result_code: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
    /// JSON pointer → value the answer must hold there.
    #[serde(default)]
    pub equals: BTreeMap<String, Value>,
    /// JSON pointer → suffix the string there must end with.
    #[serde(default)]
    pub ends_with: BTreeMap<String, String>,
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
}

/// A case as loaded, with its name (the file stem).
#[derive(Debug, Clone)]
pub struct NamedCase {
    /// The file stem (`inquire-unknown-id`).
    pub name: String,
    /// The case as the file describes it.
    pub case: Case,
    /// The test cards the case names (`${card.success}`, ...), found in its text.
    pub cards: Vec<String>,
}

/// The names of the test cards a case's text refers to as `${card.NAME...}`.
pub(crate) fn cards_named(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("${card.")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What kind of unit a run's entry is: shown in brackets in the table (`[flow] name`), as
/// `kind` in the JSON report and as the JUnit class (`vaultcheck.flow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A case file of one step.
    Fixed,
    /// A case file of more than one step.
    Flow,
    /// The deterministic coverage phase.
    Phase,
    /// A property group of generated cases.
    Prop,
}

impl UnitKind {
    /// The word for the kind: `fixed`, `flow`, `phase`, `prop`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Fixed => "fixed",
            UnitKind::Flow => "flow",
            UnitKind::Phase => "phase",
            UnitKind::Prop => "prop",
        }
    }

    /// Whether the unit is many independent generated requests (each its own id) rather
    /// than one case whose steps build on each other.
    pub fn is_generated(self) -> bool {
        match self {
            UnitKind::Phase | UnitKind::Prop => true,
            UnitKind::Fixed | UnitKind::Flow => false,
        }
    }
}

impl std::fmt::Display for UnitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl NamedCase {
    /// `flow` for cases of more than one step, else `fixed`.
    pub fn kind(&self) -> UnitKind {
        if self.case.steps.len() > 1 {
            UnitKind::Flow
        } else {
            UnitKind::Fixed
        }
    }
}

/// The JSON Schema every case file must satisfy.
pub(crate) fn case_schema() -> Value {
    let pointer_map = json!({"type": "object", "additionalProperties": {"type": "string", "pattern": "^(/.*)?$"}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:vaultcheck:case.schema.json",
        "title": "vaultcheck case",
        "description": "One fixed case or flow of the conformance suite (cases/*.json).",
        "type": "object",
        "required": ["description", "steps"],
        "additionalProperties": false,
        "properties": {
            "description": {"type": "string", "minLength": 1, "pattern": "^[^\\n]+$"},
            "xfail": {"type": "string", "minLength": 1},
            "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}}
        },
        "$defs": {
            "step": {
                "type": "object",
                "required": ["do"],
                "oneOf": [
                    {
                        "properties": {
                            "do": {"const": "call"},
                            "endpoint": {"enum": ["inquireVaulting", "vaultPaymentMethod", "createVaultingSession"]},
                            "body": {},
                            "intent": {"enum": ["valid", "invalid", "unsigned", "wrong-signature", "unknown-client", "stale", "unsupported-method", "unknown-id"]},
                            "method": {"enum": ["GET", "PUT", "DELETE", "PATCH", "POST"]},
                            "expect": {"$ref": "#/$defs/expect"},
                            "save": pointer_map,
                            "retry_unknown": {"type": "integer", "minimum": 0, "maximum": 5},
                            "needs_simulator": {"type": "boolean"}
                        },
                        "required": ["endpoint", "body"],
                        "additionalProperties": false
                    },
                    {
                        "properties": {"do": {"enum": ["approve-3ds", "decline-3ds"]}, "url": {"type": "string"}},
                        "required": ["url"],
                        "additionalProperties": false
                    },
                    {
                        "properties": {"do": {"const": "await-notification"}, "id": {"type": "string"}},
                        "required": ["id"],
                        "additionalProperties": false
                    }
                ]
            },
            "expect": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "result_status": {"enum": ["S", "F", "U"]},
                    "result_code": {"type": "string"},
                    "http_status": {"type": "integer"},
                    "equals": {"type": "object"},
                    "ends_with": {"type": "object", "additionalProperties": {"type": "string"}},
                    "present": {"type": "array", "items": {"type": "string", "pattern": "^/"}},
                    "absent": {"type": "array", "items": {"type": "string", "pattern": "^/"}}
                }
            }
        }
    })
}

/// The built-in suite: `(name, text)` of every `cases/*.json` file, compiled in by `build.rs`.
const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/built_in_cases.rs"));

/// Where a loaded case came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Compiled into the binary from the repository's `cases/`.
    BuiltIn,
    /// Read from a file at run time (`--cases-dir`).
    File(PathBuf),
    /// Read from a file at run time, replacing the built-in case of the same name.
    Replaces(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Replaces(path) => write!(f, "{} (replaces the built-in case)", path.display()),
        }
    }
}

/// A case with where it came from.
#[derive(Debug, Clone)]
pub(crate) struct LoadedCase {
    pub case: NamedCase,
    pub origin: Origin,
}

/// What a case needs from its target beyond signed HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// The simulator's controls (3DS approval, faults, the flaky card).
    SimulatorControls,
    /// The local listener that receives notifyVaulting.
    NotificationListener,
    /// A named test card (`VAULTCHECK_CARD_<NAME>` on a live target).
    Card(String),
}

impl std::fmt::Display for Need {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Need::SimulatorControls => f.write_str("simulator controls"),
            Need::NotificationListener => f.write_str("notification listener"),
            Need::Card(name) => write!(f, "card {name}"),
        }
    }
}

impl NamedCase {
    /// What the case needs: the simulator's controls, the notification listener, named cards.
    pub fn needs(&self) -> Vec<Need> {
        let mut needs = Vec::new();
        if self.case.steps.iter().any(StepSpec::needs_simulator) {
            needs.push(Need::SimulatorControls);
        }
        if self
            .case
            .steps
            .iter()
            .any(|s| matches!(s, StepSpec::AwaitNotification { .. }))
        {
            needs.push(Need::NotificationListener);
        }
        needs.extend(self.cards.iter().cloned().map(Need::Card));
        needs
    }
}

/// Reads one case from its text; errors name `origin` (a file, or the built-in case).
fn parse(
    name: &str,
    text: &str,
    origin: &str,
    validator: &jsonschema::Validator,
) -> Result<NamedCase, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("case {origin} is not JSON: {e}"))?;
    if let Some(error) = validator.iter_errors(&value).next() {
        return Err(format!(
            "case {origin} does not follow schemas/case.schema.json at `{}`: {}",
            error.instance_path(),
            error.masked()
        ));
    }
    let case: Case = serde_json::from_value(value).map_err(|e| format!("case {origin}: {e}"))?;
    Ok(NamedCase {
        name: name.to_owned(),
        case,
        cards: cards_named(text),
    })
}

fn validator() -> jsonschema::Validator {
    crate::schema::compile(&case_schema()).expect("the case schema compiles")
}

/// The built-in suite, sorted by name.
pub(crate) fn built_in() -> Result<Vec<NamedCase>, String> {
    let validator = validator();
    BUILT_IN
        .iter()
        .map(|(name, text)| parse(name, text, &format!("{name} (built in)"), &validator))
        .collect()
}

#[cfg(test)]
/// The names of the built-in cases.
pub(crate) fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(name, _)| *name)
}

/// The built-in suite, then the cases of `extra` (a case file named like a built-in case
/// replaces it), sorted by name.
pub(crate) fn load(extra: Option<&Path>) -> Result<Vec<LoadedCase>, String> {
    let mut cases: Vec<LoadedCase> = built_in()?
        .into_iter()
        .map(|case| LoadedCase {
            case,
            origin: Origin::BuiltIn,
        })
        .collect();
    if let Some(dir) = extra {
        for (case, path) in read_dir(dir)? {
            match cases.iter_mut().find(|c| c.case.name == case.name) {
                Some(slot) => {
                    *slot = LoadedCase {
                        case,
                        origin: Origin::Replaces(path),
                    }
                }
                None => cases.push(LoadedCase {
                    case,
                    origin: Origin::File(path),
                }),
            }
        }
    }
    cases.sort_by(|a, b| a.case.name.cmp(&b.case.name));
    Ok(cases)
}

/// Loads every `*.json` case in `dir`, sorted by name. Each error names the file and what is
/// wrong with it.
pub fn load_dir(dir: &Path) -> Result<Vec<NamedCase>, String> {
    Ok(read_dir(dir)?.into_iter().map(|(case, _)| case).collect())
}

fn read_dir(dir: &Path) -> Result<Vec<(NamedCase, PathBuf)>, String> {
    let validator = validator();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read cases from {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read case {}: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let case = parse(&name, &text, &path.display().to_string(), &validator)?;
            Ok((case, path))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cards_a_case_names() {
        let text = r#"{"cardNo": "${card.success}", "x": "${card.success.last4}", "y": "${card.declined}", "z": "${id}"}"#;
        assert_eq!(cards_named(text), vec!["declined", "success"]);
        assert!(cards_named("{}").is_empty());
    }

    #[test]
    fn the_built_in_suite_is_every_file_of_cases() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let names: Vec<&str> = built_in_names().collect();
        assert_eq!(names, on_disk, "build.rs compiles every cases/*.json in");
        let loaded = built_in().expect("every built-in case follows the case schema");
        assert_eq!(loaded.len(), on_disk.len());
        for (case, name) in loaded.iter().zip(&on_disk) {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
            assert_eq!(case.cards, cards_named(&text), "{name}");
        }
    }

    #[test]
    fn a_directory_adds_cases_and_replaces_those_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        let case = r#"{"description": "mine", "steps": [{"do": "call", "endpoint": "inquireVaulting", "body": {"vaultingRequestId": "${id}"}, "intent": "unknown-id"}]}"#;
        std::fs::write(dir.path().join("refuse-get.json"), case).unwrap();
        std::fs::write(dir.path().join("zz-mine.json"), case).unwrap();
        let loaded = load(Some(dir.path())).unwrap();
        assert_eq!(loaded.len(), built_in_names().count() + 1);
        let replaced = loaded.iter().find(|c| c.case.name == "refuse-get").unwrap();
        assert_eq!(replaced.case.case.description, "mine");
        assert!(matches!(replaced.origin, Origin::Replaces(_)));
        let added = loaded.iter().find(|c| c.case.name == "zz-mine").unwrap();
        assert!(matches!(added.origin, Origin::File(_)));
        assert!(
            load(Some(Path::new("/nonexistent/cases")))
                .unwrap_err()
                .contains("/nonexistent/cases")
        );
        std::fs::write(dir.path().join("broken.json"), "{").unwrap();
        let error = load(Some(dir.path())).unwrap_err();
        assert!(
            error.contains("broken.json") && error.contains("not JSON"),
            "{error}"
        );
    }

    #[test]
    fn needs_name_controls_listener_and_cards() {
        let cases = built_in().unwrap();
        let approve = cases.iter().find(|c| c.name == "three-ds-approve").unwrap();
        let needs = approve.needs();
        assert!(needs.contains(&Need::SimulatorControls), "{needs:?}");
        let get = cases.iter().find(|c| c.name == "refuse-get").unwrap();
        assert!(get.needs().is_empty(), "{:?}", get.needs());
    }
}
