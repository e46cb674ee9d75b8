//! `vaultcheck sign`: print the `Signature` header value for a request, to debug an
//! integration's signing byte for byte.

use super::{Args, OK, Spec, read_file};
use crate::protocol::keys::{self, PrivateKey};
use crate::protocol::{SignatureHeader, sign, sign_content, time};

pub fn run(args: &[String]) -> Result<i32, String> {
    let args = Args::parse(
        args,
        &Spec {
            values: &[
                "private-key",
                "client-id",
                "request-time",
                "path",
                "body",
                "key-version",
            ],
            switches: &["content"],
        },
    )?;
    let key = merchant_private_key(&args)?;
    let client_id = args
        .value_or_env("client-id", "VAULTCHECK_CLIENT_ID")
        .ok_or("--client-id (or VAULTCHECK_CLIENT_ID) is required")?;
    let path = args.required("path")?;
    let body = read_file(args.required("body")?, "body")?;
    let request_time = args
        .value("request-time")
        .map_or_else(|| time::now_millis().to_string(), str::to_owned);
    let content = sign_content(path, &client_id, &request_time, &body);
    let header = SignatureHeader::new(
        args.value("key-version").unwrap_or("1"),
        sign(&key, &content),
    );
    if args.switch("content") {
        eprintln!(
            "signed text: {}",
            String::from_utf8_lossy(&content).escape_debug()
        );
    }
    println!("{header}");
    Ok(OK)
}

/// The merchant's private key from `--private-key FILE` or `VAULTCHECK_PRIVATE_KEY` (the key
/// text, or a path to it).
pub fn merchant_private_key(args: &Args) -> Result<PrivateKey, String> {
    const VAR: &str = "VAULTCHECK_PRIVATE_KEY";
    if let Some(file) = args.value("private-key") {
        return PrivateKey::from_file(std::path::Path::new(file)).map_err(|e| e.to_string());
    }
    if keys::env_is_set(VAR) {
        return PrivateKey::from_env(VAR).map_err(|e| e.to_string());
    }
    Err(format!("--private-key FILE (or {VAR}) is required"))
}
