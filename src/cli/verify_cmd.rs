//! `vaultcheck verify`: check a response's (or notification's) signature from its headers and
//! raw body. Exit 0 valid, 1 invalid, 2 cannot run.

use super::{OK, VIOLATIONS, out, read_file, read_header_file};
use crate::exchange::Message;
use crate::protocol::keys::PublicKey;
use crate::protocol::{SignatureHeader, sign_content, verify};
use clap::Args;
use std::path::PathBuf;

/// `vaultcheck verify`'s options.
#[derive(Args, Debug)]
pub(super) struct VerifyArgs {
    /// The public key that should verify the signature (Antom's, for responses), PEM or bare
    /// base64
    #[arg(long = "public-key", value_name = "FILE")]
    pub public_key: PathBuf,
    /// The request path the signature covers
    #[arg(long, value_name = "PATH")]
    pub path: String,
    /// The raw body, exactly as received
    #[arg(long, value_name = "FILE")]
    pub body: PathBuf,
    /// The message's HTTP header lines (Client-Id, Response-Time or Request-Time, Signature)
    #[arg(long, value_name = "FILE", required_unless_present_all = ["client_id", "time", "signature"])]
    pub headers: Option<PathBuf>,
    /// The Client-Id header value (instead of --headers)
    #[arg(long = "client-id", value_name = "ID")]
    pub client_id: Option<String>,
    /// The Response-Time (or Request-Time) header value (instead of --headers)
    #[arg(long, value_name = "T")]
    pub time: Option<String>,
    /// The Signature header value, or the bare signature (instead of --headers)
    #[arg(long, value_name = "VALUE")]
    pub signature: Option<String>,
}

pub(super) fn run(args: VerifyArgs) -> Result<i32, String> {
    let key = PublicKey::from_file(&args.public_key).map_err(|e| e.to_string())?;
    let path = args.path.as_str();
    let body = read_file(&args.body, "body")?;
    let headers = match &args.headers {
        Some(file) => Message {
            headers: Some(read_header_file(file, "headers")?.0),
            body: Vec::new(),
        },
        None => Message::default(),
    };
    let pick = |given: &Option<String>, option: &str, names: &[&str]| -> Result<String, String> {
        given
            .clone()
            .or_else(|| {
                names
                    .iter()
                    .find_map(|n| headers.header(n).map(str::to_owned))
            })
            .ok_or_else(|| {
                format!(
                    "--{option} (or a {} header in --headers) is required",
                    names[0]
                )
            })
    };
    let client_id = pick(&args.client_id, "client-id", &["Client-Id"])?;
    let time = pick(&args.time, "time", &["Response-Time", "Request-Time"])?;
    let signature_value = pick(&args.signature, "signature", &["Signature"])?;
    // Accept a whole header value or a bare signature.
    let signature = match SignatureHeader::parse(&signature_value) {
        Ok(header) => header.signature,
        Err(_) if !signature_value.contains('=') || !signature_value.contains("algorithm") => {
            signature_value
        }
        Err(problem) => return Err(format!("the Signature header cannot be read: {problem}")),
    };
    let content = sign_content(path, &client_id, &time, &body);
    match verify(&key, &content, &signature) {
        Ok(()) => {
            out::line(&format!(
                "valid: the signature verifies for POST {path} with client id {client_id} at {time}"
            ));
            Ok(OK)
        }
        Err(problem) => {
            out::line(&format!(
                "invalid: {problem} (signed text: POST {path} + client id {client_id} + time {time} + {} body bytes)",
                body.len()
            ));
            Ok(VIOLATIONS)
        }
    }
}
