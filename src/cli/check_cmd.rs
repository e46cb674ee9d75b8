//! `vaultcheck check`: judge recorded traffic, one exchange from files or many from NDJSON.

use super::{Args, CANNOT_RUN, OK, Spec, VIOLATIONS, read_file, read_header_file};
use crate::check::{self, Finding};
use crate::contract::Endpoint;
use crate::exchange::{Exchange, parse_header_lines};
use crate::protocol::keys::{self, PublicKey};
use crate::report::render;
use serde_json::Value;
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, Read, Write};

const SPEC: Spec = Spec {
    values: &[
        "endpoint",
        "request",
        "response",
        "response-headers",
        "request-headers",
        "antom-public-key",
        "format",
        "exchanges",
        "path",
        "status",
    ],
    switches: &["list"],
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(args, &SPEC)?;
    if args.switch("list") {
        for (id, guards) in check::all_ids() {
            println!("{id:<32} {guards}");
        }
        return Ok(OK);
    }
    let format = match args.value("format").unwrap_or("text") {
        "text" => Format::Text,
        "json" => Format::Json,
        other => return Err(format!("--format `{other}` is not text or json")),
    };
    let key = antom_public_key(&args)?;
    if let Some(path) = args.value("exchanges") {
        return check_ndjson(path, key.as_ref(), format);
    }
    let endpoint = parse_endpoint(args.required("endpoint")?)?;
    let request_path = args.required("request")?;
    let response_path = args.required("response")?;
    let mut exchange = Exchange::from_bodies(
        endpoint,
        &read_file(request_path, "request")?,
        &read_file(response_path, "response")?,
    );
    // The path the signature covers: --path, else the endpoint when it was given as a path
    // (a sandbox path stays a sandbox path).
    let endpoint_text = args.required("endpoint")?.trim();
    if let Some(path) = args
        .value("path")
        .or(endpoint_text.starts_with('/').then_some(endpoint_text))
    {
        exchange.path = path.to_owned();
    }
    if let Some(status) = args.value("status") {
        exchange.status = Some(
            status
                .parse()
                .map_err(|_| format!("--status `{status}` is not an HTTP status code"))?,
        );
    }
    if let Some(file) = args.value("response-headers") {
        let (headers, status) = read_header_file(file, "response headers")?;
        if let Some(code) = status {
            exchange.status.get_or_insert(code);
        }
        exchange.response.headers = Some(headers);
    }
    if let Some(file) = args.value("request-headers") {
        exchange.request.headers = Some(read_header_file(file, "request headers")?.0);
    }
    let findings = check::judge_exchange(&exchange, key.as_ref());
    let label = format!("{endpoint} {response_path}");
    print_findings(&label, &findings, format);
    Ok(if check::has_violation(&findings) {
        VIOLATIONS
    } else {
        OK
    })
}

/// Antom's public key from `--antom-public-key FILE` or `VAULTCHECK_ANTOM_PUBLIC_KEY` (the key
/// text, or a path to it); `None` when neither is given.
pub fn antom_public_key(args: &Args) -> Result<Option<PublicKey>, String> {
    const VAR: &str = "VAULTCHECK_ANTOM_PUBLIC_KEY";
    if let Some(file) = args.value("antom-public-key") {
        return PublicKey::from_file(std::path::Path::new(file))
            .map(Some)
            .map_err(|e| e.to_string());
    }
    if keys::env_is_set(VAR) {
        return PublicKey::from_env(VAR)
            .map(Some)
            .map_err(|e| e.to_string());
    }
    Ok(None)
}

fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    Endpoint::parse(text).ok_or_else(|| {
        format!(
            "--endpoint `{text}` is not a Vault operation; use inquireVaulting, vaultPaymentMethod, createVaultingSession, notifyVaulting or their /ams/api/v1/vaults/... paths"
        )
    })
}

fn print_findings(label: &str, findings: &[Finding], format: Format) {
    let mut stdout = std::io::stdout().lock();
    let _ = match format {
        Format::Text => stdout.write_all(render::text(label, findings).as_bytes()),
        Format::Json => writeln!(stdout, "{}", render::json(label, findings)),
    };
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
}

fn body_bytes(raw: Option<&RawValue>) -> Result<Vec<u8>, String> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let text = raw.get();
    if text.starts_with('"') {
        let body: String =
            serde_json::from_str(text).map_err(|e| format!("a body string is not valid: {e}"))?;
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

fn exchange_from_line(line: &str) -> Result<Exchange, String> {
    let parsed: Line =
        serde_json::from_str(line).map_err(|e| format!("not an exchange object ({e})"))?;
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
    Ok(exchange)
}

fn check_ndjson(path: &str, key: Option<&PublicKey>, format: Format) -> Result<i32, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read exchanges {path}: {e}"))?;
    let mut reader = BufReader::new(file);
    let (mut total, mut failing, mut broken) = (0usize, 0usize, 0usize);
    let mut buffer = Vec::new();
    let mut number = 0;
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
            eprintln!(
                "vaultcheck check: {path} line {number}: longer than {} MiB; the rest of the file is not read",
                super::MAX_INPUT >> 20
            );
            break;
        }
        let Ok(line) = std::str::from_utf8(&buffer) else {
            broken += 1;
            eprintln!("vaultcheck check: {path} line {number}: not UTF-8; line skipped");
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let exchange = match exchange_from_line(line) {
            Ok(exchange) => exchange,
            Err(problem) => {
                broken += 1;
                eprintln!("vaultcheck check: {path} line {number}: {problem}; line skipped");
                continue;
            }
        };
        total += 1;
        let findings = check::judge_exchange(&exchange, key);
        let violated = check::has_violation(&findings);
        failing += usize::from(violated);
        let label = format!("{path}:{number} {}", exchange.endpoint);
        match format {
            Format::Json => print_findings(&label, &findings, format),
            Format::Text if !findings.is_empty() => print_findings(&label, &findings, format),
            Format::Text => {}
        }
    }
    if format == Format::Text {
        println!(
            "{total} exchanges judged: {} conform, {failing} do not{}",
            total - failing,
            if broken > 0 {
                format!("; {broken} lines could not be read")
            } else {
                String::new()
            }
        );
    }
    Ok(if broken > 0 {
        CANNOT_RUN
    } else if failing > 0 {
        VIOLATIONS
    } else {
        OK
    })
}
