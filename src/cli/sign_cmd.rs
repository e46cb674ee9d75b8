//! `vaultcheck sign`: print the `Signature` header value for a request, to debug an
//! integration's signing byte for byte.

use super::options::{ClientId, MerchantKey};
use super::{OK, out, read_file};
use crate::protocol::{SignatureHeader, sign, sign_content, time};
use clap::Args;
use std::path::PathBuf;

/// `vaultcheck sign`'s options.
#[derive(Args, Debug)]
pub(super) struct SignArgs {
    #[command(flatten)]
    pub merchant_key: MerchantKey,
    #[command(flatten)]
    pub client_id: ClientId,
    /// The request path the signature covers (e.g. /ams/sandbox/api/v1/vaults/inquireVaulting)
    #[arg(long, value_name = "PATH")]
    pub path: String,
    /// The raw request body, exactly as it is sent
    #[arg(long, value_name = "FILE")]
    pub body: PathBuf,
    /// The Request-Time header value (default: now, in epoch milliseconds)
    #[arg(long = "request-time", value_name = "T")]
    pub request_time: Option<String>,
    /// The keyVersion of the Signature header
    #[arg(long = "key-version", value_name = "N", default_value = "1")]
    pub key_version: String,
    /// Also prints the signed text on stderr
    #[arg(long)]
    pub content: bool,
}

pub(super) fn run(args: SignArgs) -> Result<i32, String> {
    let key = args.merchant_key.required()?;
    let client_id = args
        .client_id
        .client_id
        .ok_or("--client-id (or VAULTCHECK_CLIENT_ID) is required")?;
    let body = read_file(&args.body, "body")?;
    let request_time = args
        .request_time
        .unwrap_or_else(|| time::now_millis().to_string());
    let content = sign_content(&args.path, &client_id, &request_time, &body);
    let header = SignatureHeader::new(&args.key_version, sign(&key, &content));
    if args.content {
        out::err(&format!(
            "signed text: {}",
            String::from_utf8_lossy(&content).escape_debug()
        ));
    }
    out::line(&header.to_string());
    Ok(OK)
}
