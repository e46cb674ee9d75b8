//! `vaultcheck proxy` end to end, as a user runs it: the binary between a client that signs
//! with vaultcheck's `Signer` and the independent stand-in of Antom's sandbox
//! (`tests/standin/`), all on loopback at port 0. Answers pass byte for byte (their signatures
//! verify against the stand-in's key), a break planted in the stand-in shows in the proxy's
//! findings under its check, a recording re-judged by `check --exchanges` finds the same, and an
//! upstream that is down or slow gets the client a clear gateway answer without hanging.

use crate::standin;
use crate::support::cli;

use serde_json::{Value, json};
use standin::{Breaks, Standin, StandinConfig, Variations, fixture_key};
use std::io::{BufRead, BufReader};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;
use vaultcheck::protocol::{PrivateKey, PublicKey, SignatureHeader, Signer, sign_content, verify};

const SANDBOX: &str = "/ams/sandbox/api/v1/vaults";
/// A card the stand-in vaults (with 3DS when asked).
const CARD: &str = "4054695723100768";

/// A running `vaultcheck proxy` process and what it printed so far.
struct ProxyProcess {
    child: Child,
    base_url: String,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl ProxyProcess {
    fn start(upstream: &str, extra: &[&str]) -> ProxyProcess {
        let mut child = cli::command()
            .args(["proxy", "--upstream", upstream, "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the vaultcheck binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (address, found) = mpsc::channel();
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(rest) = line.strip_prefix("vaultcheck proxy listening on ") {
                        let url = rest.split(',').next().unwrap_or("").to_owned();
                        let _ = address.send(url);
                    }
                    lines.lock().unwrap().push(line);
                }
            })
        };
        let base_url = found
            .recv_timeout(Duration::from_secs(60))
            .expect("the proxy prints the address it listens on");
        ProxyProcess {
            child,
            base_url,
            lines,
            reader: Some(reader),
        }
    }

    /// Sends SIGTERM and returns the exit status and every line printed.
    fn stop(mut self) -> (ExitStatus, Vec<String>) {
        let terminated = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(terminated.success());
        let status = self.child.wait().expect("the proxy exits");
        self.reader.take().unwrap().join().unwrap();
        let lines = self.lines.lock().unwrap().clone();
        (status, lines)
    }
}

/// An answer as the client saw it.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    raw: Vec<u8>,
}

impl Answer {
    fn body(&self) -> Value {
        serde_json::from_slice(&self.raw).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// A merchant's integration: signs with vaultcheck's `Signer`, sends with plain reqwest.
struct Integration {
    http: reqwest::Client,
    signer: Signer,
}

impl Integration {
    fn new(client_id: &str) -> Integration {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let key = PrivateKey::from_file(&cli::fixture("keys/test-merchant-private.pem")).unwrap();
        Integration {
            http: reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            signer: Signer::new(client_id, key),
        }
    }

    async fn call(&self, base: &str, operation: &str, body: &Value) -> Answer {
        self.send_raw(base, operation, serde_json::to_vec(body).unwrap())
            .await
    }

    async fn send_raw(&self, base: &str, operation: &str, body: Vec<u8>) -> Answer {
        let path = format!("{SANDBOX}/{operation}");
        let time = jiff::Timestamp::now().as_millisecond().to_string();
        let mut request = self.http.post(format!("{base}{path}"));
        for (name, value) in self.signer.headers(&path, &time, &body) {
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.expect("an answer");
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            raw: response.bytes().await.unwrap().to_vec(),
        }
    }
}

/// The answer's signature verifies with `key` over the exact bytes received.
fn assert_signed_by(key: &PublicKey, operation: &str, answer: &Answer) {
    let path = format!("{SANDBOX}/{operation}");
    let header = SignatureHeader::parse(answer.header("signature")).unwrap();
    let content = sign_content(
        &path,
        answer.header("client-id"),
        answer.header("response-time"),
        &answer.raw,
    );
    verify(key, &content, &header.signature).expect("the upstream's signature verifies");
}

fn vault_body(id: &str, three_ds: bool) -> Value {
    json!({
        "vaultingRequestId": id,
        "vaultingNotificationUrl": "https://merchant.example/notify",
        "redirectUrl": "https://merchant.example/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {
            "cardNo": CARD, "expiryMonth": "12", "expiryYear": "30", "cvv": "123",
            "is3DSAuthentication": three_ds.to_string()
        }},
        "env": {"terminalType": "WEB"},
    })
}

/// A stand-in that varies as a sandbox does but neither throttles nor answers `U` by chance.
fn steady(breaks: Breaks) -> StandinConfig {
    StandinConfig {
        variations: Variations {
            unknown_on_first_inquiry: false,
            throttle_per_second: None,
            ..Variations::default()
        },
        breaks,
        ..StandinConfig::default()
    }
}

/// The finding lines (`check [severity] ...`) of the proxy's output, in order.
fn proxy_findings(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|line| line.starts_with('#'))
        .filter_map(|line| line.split_once("   ").map(|(_, f)| f.trim().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_pass_byte_for_byte_and_their_signatures_verify() {
    let standin = Standin::start(steady(Breaks::default())).await;
    let scratch = cli::Scratch::new();
    let key_file = scratch.file("antom.pem", standin.antom_public_pem());
    let proxy = ProxyProcess::start(standin.base_url(), &["--antom-public-key", &key_file]);
    let antom = PublicKey::from_file(std::path::Path::new(&key_file)).unwrap();
    let integration = Integration::new(standin.client_id());

    let vaulted = integration
        .call(
            &proxy.base_url,
            "vaultPaymentMethod",
            &vault_body("p-1", false),
        )
        .await;
    assert_eq!(vaulted.status, 200);
    assert_eq!(
        vaulted.body()["result"]["resultStatus"],
        "S",
        "{}",
        vaulted.body()
    );
    assert_signed_by(&antom, "vaultPaymentMethod", &vaulted);
    let inquiry = json!({"vaultingRequestId": "p-1"});
    let inquired = integration
        .call(&proxy.base_url, "inquireVaulting", &inquiry)
        .await;
    assert_signed_by(&antom, "inquireVaulting", &inquired);
    // The same inquiry sent straight to the stand-in: the same status, headers and body (the
    // time and signature differ as they do between any two answers).
    let direct = integration
        .call(standin.base_url(), "inquireVaulting", &inquiry)
        .await;
    assert_eq!(direct.status, inquired.status);
    assert_eq!(direct.raw, inquired.raw);
    let names = |a: &Answer| {
        let mut names: Vec<String> = a.headers.keys().map(|n| n.to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&direct), names(&inquired));
    // The stand-in received the proxied requests as they were signed: it refused none.
    let received = standin.received();
    assert_eq!(received.len(), 3);
    assert!(
        received
            .iter()
            .all(|r| r.result_status.as_deref() == Some("S"))
    );

    let (status, lines) = proxy.stop();
    let text = lines.join("\n");
    assert_eq!(status.code(), Some(0), "{text}");
    assert!(
        text.contains("#1 vaultPaymentMethod -> HTTP 200 S SUCCESS: conforms"),
        "{text}"
    );
    assert!(
        text.contains("#2 inquireVaulting -> HTTP 200 S SUCCESS: conforms"),
        "{text}"
    );
    assert!(
        text.contains("2 exchanges judged: 2 conform, 0 do not"),
        "{text}"
    );
    assert!(text.contains("violations by check: none"), "{text}");
    assert!(!text.contains(CARD), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planted_breaks_show_under_their_check_and_a_recording_finds_the_same() {
    let standin = Standin::start(steady(Breaks {
        long_normal_url: true,
        detail_under_processing: true,
        ..Breaks::default()
    }))
    .await;
    let scratch = cli::Scratch::new();
    let key_file = scratch.file("antom.pem", standin.antom_public_pem());
    let recording = scratch.join("traffic.ndjson");
    let proxy = ProxyProcess::start(
        standin.base_url(),
        &["--antom-public-key", &key_file, "--record", &recording],
    );
    let integration = Integration::new(standin.client_id());
    integration
        .call(
            &proxy.base_url,
            "vaultPaymentMethod",
            &vault_body("b-3ds", true),
        )
        .await;
    let inquired = integration
        .call(
            &proxy.base_url,
            "inquireVaulting",
            &json!({"vaultingRequestId": "b-3ds"}),
        )
        .await;
    assert!(
        inquired.body()["normalUrl"]
            .as_str()
            .unwrap()
            .chars()
            .count()
            > 2048
    );

    let (status, lines) = proxy.stop();
    let text = lines.join("\n");
    assert_eq!(status.code(), Some(1), "{text}");
    let live = proxy_findings(&lines);
    // normalUrl over 2048 characters breaks the schema; paymentMethodDetail under PROCESSING
    // breaks a coupling rule.
    for check in [
        "response_schema_conformance",
        "payment_method_detail_coupling",
    ] {
        assert!(
            live.iter()
                .any(|f| f.starts_with(&format!("{check} [violation]"))),
            "{check} missing from {live:#?}"
        );
    }
    assert!(text.contains("violations by check:"), "{text}");

    // The recording: redacted, and judged again offline to the same findings.
    let recorded = std::fs::read_to_string(&recording).unwrap();
    assert_eq!(recorded.lines().count(), 2, "{recorded}");
    assert!(!recorded.contains(CARD), "{recorded}");
    assert!(!recorded.contains("\"123\""), "{recorded}");
    let signature = inquired.header("signature");
    let signature_value = signature.rsplit("signature=").next().unwrap();
    assert!(!recorded.contains(signature_value), "{recorded}");
    let rejudged = cli::run(&["check", "--exchanges", &recording]);
    let out = cli::stdout(&rejudged);
    assert_eq!(rejudged.status.code(), Some(1), "{}", cli::both(&rejudged));
    let offline: Vec<String> = out
        .lines()
        .filter_map(|line| {
            let (_, finding) = line.split_once(": ")?;
            let check = finding.split(' ').next()?;
            vaultcheck::check::CheckId::parse(check).map(|_| finding.to_owned())
        })
        .collect();
    assert_eq!(offline, live, "{out}");
}

/// A port nobody listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_that_is_down_or_slow_gets_a_clear_gateway_answer() {
    let integration = Integration::new("SANDBOX_5X00000000STANDIN");
    let inquiry = json!({"vaultingRequestId": "gone-1"});

    let down = ProxyProcess::start(&format!("http://127.0.0.1:{}", closed_port()), &[]);
    let answer = integration
        .call(&down.base_url, "inquireVaulting", &inquiry)
        .await;
    assert_eq!(answer.status, 502);
    let body = answer.body();
    assert_eq!(body["result"]["resultStatus"], "U", "{body}");
    assert_eq!(body["result"]["resultCode"], "UNKNOWN_EXCEPTION", "{body}");
    let message = body["result"]["resultMessage"].as_str().unwrap();
    assert!(
        message.starts_with("vaultcheck proxy: upstream http://127.0.0.1:"),
        "{message}"
    );
    assert!(message.contains("unreachable"), "{message}");
    let (status, lines) = down.stop();
    let text = lines.join("\n");
    assert_eq!(status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "#1 POST /ams/sandbox/api/v1/vaults/inquireVaulting: upstream http://127.0.0.1:"
        ),
        "{text}"
    );
    assert!(text.contains("answered HTTP 502 to the client"), "{text}");
    assert!(text.contains("1 answered by the proxy"), "{text}");

    // An upstream that accepts and never answers: 504 after --timeout-ms.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let slow = ProxyProcess::start(&silent_url, &["--timeout-ms", "300"]);
    let answer = integration
        .call(&slow.base_url, "inquireVaulting", &inquiry)
        .await;
    assert_eq!(answer.status, 504);
    assert_eq!(answer.body()["result"]["resultStatus"], "U");
    let (_, lines) = slow.stop();
    assert!(
        lines.join("\n").contains("did not answer within 300 ms"),
        "{lines:?}"
    );
    drop(silent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_body_cap_is_not_forwarded() {
    let standin = Standin::start(steady(Breaks::default())).await;
    let proxy = ProxyProcess::start(standin.base_url(), &["--max-body", "1024"]);
    let integration = Integration::new(standin.client_id());
    let big = json!({"vaultingRequestId": "x".repeat(2000)});
    let answer = integration
        .call(&proxy.base_url, "inquireVaulting", &big)
        .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body()["result"]["resultCode"], "PARAM_ILLEGAL");
    assert!(standin.received().is_empty());
    let (_, lines) = proxy.stop();
    assert!(
        lines
            .join("\n")
            .contains("request body larger than 1024 bytes; not forwarded"),
        "{lines:?}"
    );
}

#[test]
fn a_bad_upstream_is_refused_naming_the_option() {
    let output = cli::run(&[
        "proxy",
        "--upstream",
        "127.0.0.1:8080",
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", cli::both(&output));
    assert!(
        cli::stderr(&output).contains("--upstream 127.0.0.1:8080"),
        "{}",
        cli::both(&output)
    );
    let _ = fixture_key;
}
