//! `vaultcheck check`: judge recorded traffic, one exchange from files or many from NDJSON.

use super::options::{AntomKey, WarningPolicy};
use super::{CANNOT_RUN, OK, VIOLATIONS, out, read_file, read_header_file};
use crate::check::{self, Finding, Intent, Step};
use crate::contract::Endpoint;
use crate::exchange::{Exchange, parse_header_lines};
use crate::protocol::keys::PublicKey;
use crate::report::render;
use clap::{Args, ValueEnum};
use serde_json::Value;
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// One line per finding, and a verdict
    Text,
    /// One JSON object per exchange
    Json,
}

/// `vaultcheck check`'s options.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  vaultcheck check --endpoint inquireVaulting --request req.json --response resp.json
  vaultcheck check --exchanges traffic.ndjson --format json
  vaultcheck check --list")]
pub(super) struct CheckArgs {
    /// The operation (inquireVaulting, vaultPaymentMethod, createVaultingSession,
    /// notifyVaulting, in any case) or its /ams/api/... or /ams/sandbox/api/... path
    #[arg(long, value_name = "NAME|PATH", required_unless_present_any = ["exchanges", "list"])]
    pub endpoint: Option<String>,
    /// The request body (for notifyVaulting: the notification)
    #[arg(long, value_name = "FILE", required_unless_present_any = ["exchanges", "list"])]
    pub request: Option<PathBuf>,
    /// The response body (for notifyVaulting: the merchant's acknowledgement)
    #[arg(long, value_name = "FILE", required_unless_present_any = ["exchanges", "list"])]
    pub response: Option<PathBuf>,
    /// The response's HTTP header lines (a leading `HTTP/1.1 200 OK` sets the status); adds
    /// the header checks
    #[arg(long = "response-headers", value_name = "FILE")]
    pub response_headers: Option<PathBuf>,
    /// The request's HTTP header lines
    #[arg(long = "request-headers", value_name = "FILE")]
    pub request_headers: Option<PathBuf>,
    /// The path the signature covers (default: the endpoint when given as a path)
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// The HTTP status of the response
    #[arg(long, value_name = "N")]
    pub status: Option<u16>,
    /// Judges every exchange of an NDJSON file (one exchange object per line)
    #[arg(long, value_name = "FILE.ndjson", conflicts_with_all = ["endpoint", "request", "response", "response_headers", "request_headers", "path", "status"])]
    pub exchanges: Option<PathBuf>,
    #[command(flatten)]
    pub antom_key: AntomKey,
    #[command(flatten)]
    pub warnings: WarningPolicy,
    /// How findings are printed
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Prints every check id with what it guards
    #[arg(long)]
    pub list: bool,
}

/// Every check id with what it guards, one line each. The one place that reads the catalogue.
fn print_catalogue() {
    for (id, guards) in check::all_ids() {
        out::line(&format!("{id:<32} {guards}"));
    }
}

pub(super) fn run(args: CheckArgs) -> Result<i32, String> {
    if args.list {
        print_catalogue();
        return Ok(OK);
    }
    let format = args.format;
    let key = args.antom_key.read()?;
    if let Some(path) = &args.exchanges {
        return check_ndjson(path, key.as_ref(), format, args.warnings);
    }
    let (Some(endpoint_text), Some(request_path), Some(response_path)) =
        (&args.endpoint, &args.request, &args.response)
    else {
        return Err(
            "--endpoint, --request and --response are required (or --exchanges FILE)".into(),
        );
    };
    let endpoint = parse_endpoint(endpoint_text)?;
    let mut exchange = Exchange::from_bodies(
        endpoint,
        &read_file(request_path, "request")?,
        &read_file(response_path, "response")?,
    );
    // The path the signature covers: --path, else the endpoint when it was given as a path
    // (a sandbox path stays a sandbox path).
    let endpoint_text = endpoint_text.trim();
    if let Some(path) = args
        .path
        .as_deref()
        .or(endpoint_text.starts_with('/').then_some(endpoint_text))
    {
        exchange.path = path.to_owned();
    }
    if let Some(status) = args.status {
        exchange.status = Some(status);
    }
    if let Some(file) = &args.response_headers {
        let (headers, status) = read_header_file(file, "response headers")?;
        if let Some(code) = status {
            exchange.status.get_or_insert(code);
        }
        exchange.response.headers = Some(headers);
    }
    if let Some(file) = &args.request_headers {
        exchange.request.headers = Some(read_header_file(file, "request headers")?.0);
    }
    let mut findings = check::judge_exchange(&exchange, key.as_ref());
    args.warnings.apply(&mut findings);
    let label = format!("{endpoint} {}", response_path.display());
    print_findings(&label, &findings, format);
    Ok(if check::has_violation(&findings) {
        VIOLATIONS
    } else {
        OK
    })
}

fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    Endpoint::parse(text).ok_or_else(|| {
        format!(
            "--endpoint `{text}` is not a Vault operation; use inquireVaulting, vaultPaymentMethod, createVaultingSession, notifyVaulting or their /ams/api/v1/vaults/... paths"
        )
    })
}

fn print_findings(label: &str, findings: &[Finding], format: Format) {
    match format {
        Format::Text => out::text(&render::text(label, findings)),
        Format::Json => out::line(&render::json(label, findings).to_string()),
    }
}

/// One NDJSON line. Bodies stay as the text they were written as (a JSON body keeps its key
/// order and repeated keys); a JSON string body is the raw body text.
#[derive(serde::Deserialize)]
struct Line<'a> {
    endpoint: Option<String>,
    #[serde(borrow, default)]
    request: Option<&'a RawValue>,
    #[serde(borrow, default)]
    response: Option<&'a RawValue>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default, rename = "requestHeaders")]
    request_headers: Option<Value>,
    #[serde(default, rename = "responseHeaders")]
    response_headers: Option<Value>,
    /// Why the request was sent (a `vaultcheck run --record` line): judged as the run judged
    /// the step, request-kind checks included.
    #[serde(default)]
    intent: Option<Intent>,
}

fn body_bytes(raw: Option<&RawValue>) -> Result<Vec<u8>, String> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let text = raw.get();
    if text.starts_with('"') {
        let body: String = serde_json::from_str(text)
            .map_err(|e| format!("a body string is not valid: {}", out::serde_problem(&e)))?;
        return Ok(body.into_bytes());
    }
    if text == "null" {
        return Ok(Vec::new());
    }
    Ok(text.as_bytes().to_vec())
}

fn headers_of(value: Option<&Value>) -> Result<Option<Vec<(String, String)>>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(
            map.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect(),
        )),
        Some(Value::String(lines)) => parse_header_lines(lines).map(Some),
        Some(_) => Err("headers must be an object or header lines".into()),
    }
}

fn exchange_from_line(line: &str) -> Result<(Exchange, Option<Intent>), String> {
    let parsed: Line = serde_json::from_str(line)
        .map_err(|e| format!("not an exchange object ({})", out::serde_problem(&e)))?;
    let endpoint_text = parsed.endpoint.as_deref().ok_or("no \"endpoint\" string")?;
    let endpoint = parse_endpoint(endpoint_text)?;
    let mut exchange = Exchange::from_bodies(
        endpoint,
        &body_bytes(parsed.request)?,
        &body_bytes(parsed.response)?,
    );
    exchange.status = parsed.status;
    if let Some(path) = parsed.path {
        exchange.path = path;
    }
    exchange.response.headers = headers_of(parsed.response_headers.as_ref())?;
    exchange.request.headers = headers_of(parsed.request_headers.as_ref())?;
    Ok((exchange, parsed.intent))
}

/// Whether the message Antom signed carries a recording's stand-in signature (verified when it
/// was recorded, unverifiable offline).
fn signature_redacted(exchange: &Exchange) -> bool {
    let side = match exchange.endpoint.antom_side() {
        crate::contract::Side::Request => &exchange.request,
        crate::contract::Side::Response => &exchange.response,
    };
    side.header(crate::protocol::headers::title::SIGNATURE)
        .is_some_and(crate::exchange::record::is_redacted_signature)
}

fn check_ndjson(
    path: &Path,
    key: Option<&PublicKey>,
    format: Format,
    warnings: WarningPolicy,
) -> Result<i32, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("cannot read exchanges {}: {e}", path.display()))?;
    let path = path.display();
    let mut reader = BufReader::new(file);
    let (mut total, mut failing, mut broken) = (0usize, 0usize, 0usize);
    let mut unverifiable = 0usize;
    let mut buffer = Vec::new();
    let mut number = 0;
    // The traffic as one history, so the coverage sees each vaulting's transitions.
    let mut traffic = check::History::default();
    loop {
        number += 1;
        buffer.clear();
        let read = (&mut reader)
            .take(super::MAX_INPUT as u64 + 1)
            .read_until(b'\n', &mut buffer)
            .map_err(|e| format!("cannot read exchanges {path} at line {number}: {e}"))?;
        if read == 0 {
            break;
        }
        if buffer.len() > super::MAX_INPUT && !buffer.ends_with(b"\n") {
            broken += 1;
            out::err(&format!(
                "vaultcheck check: {path} line {number}: longer than {} MiB; the rest of the file is not read",
                super::MAX_INPUT >> 20
            ));
            break;
        }
        let Ok(line) = std::str::from_utf8(&buffer) else {
            broken += 1;
            out::err(&format!(
                "vaultcheck check: {path} line {number}: not UTF-8; line skipped"
            ));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let (exchange, intent) = match exchange_from_line(line) {
            Ok(parsed) => parsed,
            Err(problem) => {
                broken += 1;
                out::err(&format!(
                    "vaultcheck check: {path} line {number}: {problem}; line skipped"
                ));
                continue;
            }
        };
        total += 1;
        let endpoint = exchange.endpoint;
        let key = if key.is_some() && signature_redacted(&exchange) {
            unverifiable += 1;
            None
        } else {
            key
        };
        let step = Step {
            exchange,
            intent: intent.unwrap_or(check::Intent::Valid),
        };
        let mut findings = match intent {
            Some(_) => check::judge_step(&step, key),
            None => check::judge_exchange(&step.exchange, key),
        };
        warnings.apply(&mut findings);
        let violated = check::has_violation(&findings);
        failing += usize::from(violated);
        let label = format!("{path}:{number} {}", endpoint);
        match format {
            Format::Json => print_findings(&label, &findings, format),
            Format::Text if !findings.is_empty() => print_findings(&label, &findings, format),
            Format::Text => {}
        }
        traffic.steps.push(step);
    }
    if unverifiable > 0 {
        out::err(&format!(
            "notice: {unverifiable} exchanges carry a redacted signature (a vaultcheck recording); response_signature was not judged for them (the recording run verified them with the key it had)"
        ));
    }
    // Rules that span exchanges (`card_token_unique`: one token for two different cards) are
    // judged over the whole traffic once it is read. A vaultcheck recording's card numbers are
    // redacted to zeros, so there it cannot tell cards apart (and finds nothing).
    let mut across: Vec<check::Finding> = check::judge_across_cases([(&traffic, &[][..])])
        .into_iter()
        .map(|(_, finding)| finding)
        .collect();
    warnings.apply(&mut across);
    if !across.is_empty() {
        print_findings(&format!("{path} (across the traffic)"), &across, format);
    }
    let across_failed = check::has_violation(&across);
    let mut coverage = crate::coverage::Coverage::default();
    coverage.credit_history(&traffic);
    // The findings own stdout in JSON; the coverage of the traffic goes to stderr there.
    let coverage_line = coverage.figures(crate::coverage::Reach::RECORDED).line();
    if format == Format::Text {
        out::line(&format!(
            "{total} exchanges judged: {} conform, {failing} do not{}",
            total - failing,
            if broken > 0 {
                format!("; {broken} lines could not be read")
            } else {
                String::new()
            }
        ));
        out::line(&coverage_line);
    } else {
        out::err(&coverage_line);
    }
    if total == 0 && broken == 0 {
        return Err(format!(
            "{path} holds no exchange (empty, or blank lines only): nothing was judged; give a file with one exchange per line"
        ));
    }
    Ok(if broken > 0 {
        CANNOT_RUN
    } else if failing > 0 || across_failed {
        VIOLATIONS
    } else {
        OK
    })
}
