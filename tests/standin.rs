//! The independent stand-in of Antom's sandbox (`tests/standin/`): first that it behaves as
//! documented, driven by a plain reqwest client that signs with the `rsa` crate directly; then
//! vaultcheck's whole suite against it as a URL target.

#[path = "standin/mod.rs"]
mod standin;

use serde_json::{Value, json};
use standin::crypto::{CheckKey, SignKey, signature_header, signature_of_header, signed_text};
use standin::{Breaks, Standin, StandinConfig, Variations, fixture_key};

const SANDBOX: &str = "/ams/sandbox/api/v1/vaults";

/// An answer as the test client saw it.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    /// Header names exactly as written on the wire are not visible through reqwest; see
    /// `raw_head` for that.
    body: Value,
    raw: Vec<u8>,
}

/// A client of its own: signs with `rsa` directly and verifies every signed answer.
struct TestClient {
    http: reqwest::Client,
    base: String,
    client_id: String,
    merchant: SignKey,
    antom: CheckKey,
}

impl TestClient {
    fn new(standin: &Standin) -> Self {
        // reqwest is built without a TLS provider of its own; loopback needs none, but the
        // builder wants one installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        TestClient {
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            base: standin.base_url().to_owned(),
            client_id: standin.client_id().to_owned(),
            merchant: SignKey::from_pem(&fixture_key("test-merchant-private.pem")).unwrap(),
            antom: CheckKey::from_pem(standin.antom_public_pem()).unwrap(),
        }
    }

    async fn call(&self, operation: &str, body: &Value) -> Answer {
        let raw = serde_json::to_vec(body).unwrap();
        self.send("POST", operation, raw, Sign::Yes, None).await
    }

    async fn send(
        &self,
        method: &str,
        operation: &str,
        body: Vec<u8>,
        sign: Sign,
        time: Option<String>,
    ) -> Answer {
        let path = format!("{SANDBOX}/{operation}");
        let time = time.unwrap_or_else(|| jiff::Timestamp::now().as_millisecond().to_string());
        let client_id = match &sign {
            Sign::UnknownClient => "SANDBOX_NOBODY".to_owned(),
            _ => self.client_id.clone(),
        };
        let mut request = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .header("content-type", "application/json; charset=UTF-8")
            .header("client-id", &client_id)
            .header("request-time", &time);
        let text = signed_text(&path, &client_id, &time, &body);
        match sign {
            Sign::Yes | Sign::UnknownClient => {
                request = request.header(
                    "signature",
                    signature_header(&self.merchant.sign(&text), false),
                )
            }
            Sign::Wrong => {
                let other = SignKey::from_pem(&fixture_key("test-antom-private.pem")).unwrap();
                request = request.header("signature", signature_header(&other.sign(&text), true))
            }
            Sign::No => {}
        }
        let response = request.body(body).send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = response.bytes().await.unwrap().to_vec();
        let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        let answer = Answer {
            status,
            headers,
            body,
            raw,
        };
        self.verify(&path, &answer);
        answer
    }

    /// Every answer is signed over `POST <path>\n<client-id>.<response-time>.<body>`.
    fn verify(&self, path: &str, answer: &Answer) {
        let get = |name: &str| answer.headers.get(name).unwrap().to_str().unwrap();
        let signature = signature_of_header(get("signature")).expect("a Signature header");
        let text = signed_text(path, get("client-id"), get("response-time"), &answer.raw);
        assert!(self.antom.verifies(&text, signature), "answer signature");
    }
}

enum Sign {
    Yes,
    No,
    Wrong,
    UnknownClient,
}

fn vault_body(id: &str, card_no: &str, three_ds: Option<Value>) -> Value {
    let mut card = json!({"cardNo": card_no, "expiryMonth": "12", "expiryYear": "30", "cvv": "123"});
    if let Some(flag) = three_ds {
        card["is3DSAuthentication"] = flag;
    }
    json!({
        "vaultingRequestId": id,
        "vaultingNotificationUrl": "https://merchant.example/notify",
        "redirectUrl": "https://merchant.example/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": card},
        "env": {"terminalType": "WEB"},
    })
}

fn code(answer: &Answer) -> (&str, &str) {
    (
        answer.body["result"]["resultStatus"].as_str().unwrap_or("-"),
        answer.body["result"]["resultCode"].as_str().unwrap_or("-"),
    )
}

/// Variations that do not get in the way of a test about something else.
fn quiet() -> StandinConfig {
    StandinConfig {
        variations: Variations {
            unknown_on_first_inquiry: false,
            throttle_per_second: None,
            ..Variations::default()
        },
        ..StandinConfig::default()
    }
}

#[tokio::test]
async fn success_cards_vault_at_once_with_their_card_detail() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    for (id, number, brand) in [
        ("s-visa", "4054695723100768", "VISA"),
        ("s-mc", "5162774114974622", "MASTERCARD"),
    ] {
        let vaulted = client.call("vaultPaymentMethod", &vault_body(id, number, None)).await;
        assert_eq!(vaulted.status, 200);
        assert_eq!(code(&vaulted), ("S", "SUCCESS"));
        let card = &vaulted.body["paymentMethodDetail"]["card"];
        assert_eq!(card["brand"], brand);
        assert_eq!(card["maskedCardNo"], format!("************{}", &number[12..]));
        assert!(card["cardToken"].as_str().unwrap().starts_with("ALIPAY"));
        let inquired = client.call("inquireVaulting", &json!({"vaultingRequestId": id})).await;
        assert_eq!(code(&inquired), ("S", "SUCCESS"));
        assert_eq!(inquired.body["vaultingStatus"], "SUCCESS");
        assert_eq!(inquired.body["paymentMethodDetail"]["card"], *card);
        assert_eq!(inquired.body["vaultingResultCode"], "SUCCESS");
    }
}

/// vaultcheck's whole suite (fixed cases and property groups) against `standin` as a URL
/// target, with only a client id and keys (no `VAULTCHECK_CARD_*`); prints every verdict,
/// skip and finding, and returns the runs.
async fn run_suite(standin: &Standin, cases: usize) -> Vec<vaultcheck::runner::CaseRun> {
    use vaultcheck::protocol::{PrivateKey, PublicKey};
    use vaultcheck::runner::{self, Credentials, Destination, Setup};
    let keys = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys");
    let credentials = Credentials {
        client_id: standin.client_id().to_owned(),
        private_key: PrivateKey::from_file(&keys.join("test-merchant-private.pem")).unwrap(),
        antom_public_key: Some(PublicKey::from_file(&keys.join("test-antom-public.pem")).unwrap()),
    };
    let mut setup = Setup::live(
        &Destination::Url(standin.base_url().to_owned()),
        credentials,
        20261125,
        vaultcheck::transport::Limits::default(),
    )
    .await
    .unwrap();
    // Stay under the stand-in's throttle, as a nightly run must stay under the sandbox's.
    let throttle = standin::config::DEFAULT_THROTTLE;
    setup.min_interval = Some(std::time::Duration::from_millis(2000 / u64::from(throttle)));
    let units =
        runner::suite(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")).unwrap();
    let runs = runner::execute(
        std::sync::Arc::new(setup),
        units,
        20261125,
        cases,
        2,
        |_, _, _| {},
    )
    .await;
    for run in &runs {
        println!("{:8} {}", run.verdict().word(), run.title());
        if let Some(reason) = &run.skipped {
            println!("         skipped: {reason}");
        }
        if let Some(error) = &run.error {
            println!("         error: {error}");
        }
        for finding in &run.findings {
            println!("         {:?}: {finding}", finding.severity);
        }
        for unmet in &run.unmet {
            println!("         unmet: {unmet}");
        }
    }
    runs
}

fn failures(runs: &[vaultcheck::runner::CaseRun]) -> Vec<String> {
    runs.iter()
        .filter(|run| run.verdict().is_failure())
        .map(|run| format!("{}: {:?}", run.title(), run.violated_checks()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "harness false alarms today (issue 10): see the report of this test's output"]
async fn vaultchecks_suite_passes_a_conforming_standin() {
    let standin = Standin::start(StandinConfig::default()).await;
    let runs = run_suite(&standin, 96).await;
    let failed = failures(&runs);
    assert!(failed.is_empty(), "false alarms: {failed:#?}");
}
