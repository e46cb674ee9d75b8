//! `vaultcheck verify`: check a response's (or notification's) signature from its headers and
//! raw body. Exit 0 valid, 1 invalid, 2 cannot run.

use super::{Args, OK, Spec, VIOLATIONS, read_file, read_header_file};
use crate::exchange::Message;
use crate::protocol::keys::PublicKey;
use crate::protocol::{SignatureHeader, sign_content, verify};

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(
        args,
        &Spec {
            values: &[
                "public-key",
                "path",
                "body",
                "headers",
                "client-id",
                "time",
                "signature",
            ],
            switches: &[],
        },
    )?;
    let key_file = args.required("public-key")?;
    let key = PublicKey::from_file(std::path::Path::new(key_file)).map_err(|e| e.to_string())?;
    let path = args.required("path")?;
    let body = read_file(args.required("body")?, "body")?;
    let headers = match args.value("headers") {
        Some(file) => Message {
            headers: Some(read_header_file(file, "headers")?.0),
            body: Vec::new(),
        },
        None => Message::default(),
    };
    let pick = |option: &str, names: &[&str]| -> Result<String, String> {
        args.value(option)
            .map(str::to_owned)
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
    let client_id = pick("client-id", &["Client-Id"])?;
    let time = pick("time", &["Response-Time", "Request-Time"])?;
    let signature_value = pick("signature", &["Signature"])?;
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
            println!(
                "valid: the signature verifies for POST {path} with client id {client_id} at {time}"
            );
            Ok(OK)
        }
        Err(problem) => {
            println!(
                "invalid: {problem} (signed text: POST {path} + client id {client_id} + time {time} + {} body bytes)",
                body.len()
            );
            Ok(VIOLATIONS)
        }
    }
}
