//! The independent stand-in of Antom's sandbox (`tests/standin/`): first that it behaves as
//! documented, driven by a plain reqwest client that signs with the `rsa` crate directly; then
//! vaultcheck's whole suite against it as a URL target.

use crate::standin;

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
    let mut card =
        json!({"cardNo": card_no, "expiryMonth": "12", "expiryYear": "30", "cvv": "123"});
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
        answer.body["result"]["resultStatus"]
            .as_str()
            .unwrap_or("-"),
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
        let vaulted = client
            .call("vaultPaymentMethod", &vault_body(id, number, None))
            .await;
        assert_eq!(vaulted.status, 200);
        assert_eq!(code(&vaulted), ("S", "SUCCESS"));
        let card = &vaulted.body["paymentMethodDetail"]["card"];
        assert_eq!(card["brand"], brand);
        assert_eq!(
            card["maskedCardNo"],
            format!("************{}", &number[12..])
        );
        assert!(card["cardToken"].as_str().unwrap().starts_with("ALIPAY"));
        let inquired = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
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
    let units = runner::suite(None).unwrap();
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
async fn vaultchecks_suite_passes_a_conforming_standin() {
    // Night one against a server nobody on this team wrote, configured with a client id and
    // keys only: no violation, no error, every case that can run on a live target ran (partial
    // where it needs the simulator's controls), and nothing skipped but what only the simulator
    // can answer (its flaky card, a call whose expectation is the simulator's own policy).
    let standin = Standin::start(StandinConfig::default()).await;
    let runs = run_suite(&standin, 24).await;
    let failed = failures(&runs);
    assert!(failed.is_empty(), "false alarms: {failed:#?}");
    let violations: Vec<String> = runs
        .iter()
        .flat_map(|run| {
            run.violations()
                .map(move |f| format!("{}: {f}", run.title()))
        })
        .collect();
    assert!(violations.is_empty(), "violations: {violations:#?}");
    let skipped: Vec<String> = runs
        .iter()
        .filter(|run| run.verdict() == vaultcheck::runner::Verdict::Skipped)
        .map(|run| format!("{}: {}", run.title(), run.skipped.as_deref().unwrap_or("")))
        .collect();
    assert!(
        skipped
            .iter()
            .all(|s| s.contains("`flaky` test card") || s.ends_with("which needs the simulator")),
        "skipped for another reason than the simulator's own behaviour: {skipped:#?}"
    );
    assert!(
        runs.iter()
            .any(|run| run.verdict() == vaultcheck::runner::Verdict::Partial),
        "no case stopped partial: the 3DS cases should run up to the approval"
    );
    // The variations were met, not avoided: the stand-in's occasional U was asked again.
    assert!(
        runs.iter().any(|run| run.retries.unknown > 0),
        "no inquiry answered U was retried: the stand-in's U never came, or was not retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vaultchecks_suite_catches_a_planted_long_normal_url() {
    let standin = Standin::start(StandinConfig {
        breaks: Breaks {
            long_normal_url: true,
            ..Breaks::default()
        },
        ..StandinConfig::default()
    })
    .await;
    let runs = run_suite(&standin, 8).await;
    // The break lives only under PROCESSING, reached by 3DS vaultings that stop before the
    // approval on a live target; the check that holds normalUrl's length names it.
    let caught: Vec<String> = runs
        .iter()
        .flat_map(|run| run.violations())
        .filter(|f| f.pointer == "/normalUrl")
        .map(|f| f.check.as_str().to_owned())
        .collect();
    assert!(!caught.is_empty(), "no violation at /normalUrl");
}

#[tokio::test]
async fn declined_cards_fail_and_inquiries_repeat_fail_identically() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    for (id, number) in [("d-visa", "4054692760174822"), ("d-mc", "5162770472561357")] {
        let vaulted = client
            .call("vaultPaymentMethod", &vault_body(id, number, None))
            .await;
        assert_eq!(code(&vaulted), ("F", "VERIFICATION_FAIL"));
        assert_eq!(vaulted.body["vaultingRequestId"], id);
        assert!(vaulted.body.get("paymentMethodDetail").is_none());
        let again = client
            .call(
                "vaultPaymentMethod",
                &vault_body(id, "4054695723100768", None),
            )
            .await;
        assert_eq!(
            again.raw, vaulted.raw,
            "a final result repeats byte for byte"
        );
        let first = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
        let second = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
        assert_eq!(first.body["vaultingStatus"], "FAIL");
        assert_eq!(first.raw, second.raw);
    }
}

#[tokio::test]
async fn three_ds_starts_processing_with_normal_url_unless_exempt() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    for (id, flag) in [("3ds-bool", json!(true)), ("3ds-text", json!("true"))] {
        let vaulted = client
            .call(
                "vaultPaymentMethod",
                &vault_body(id, "4054695723100768", Some(flag)),
            )
            .await;
        assert_eq!(code(&vaulted), ("U", "VERIFICATION_IN_PROCESS"));
        let url = vaulted.body["normalUrl"].as_str().unwrap();
        assert!(url.starts_with(standin.base_url()), "{url}");
        let inquired = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
        assert_eq!(code(&inquired), ("S", "SUCCESS"));
        assert_eq!(inquired.body["vaultingStatus"], "PROCESSING");
        assert_eq!(inquired.body["normalUrl"], url);
        assert!(inquired.body.get("paymentMethodDetail").is_none());
        assert_eq!(reqwest::get(url).await.unwrap().status(), 200);
    }
    let exempt = client
        .call(
            "vaultPaymentMethod",
            &vault_body("3ds-exempt", "4035501000000008", Some(json!(true))),
        )
        .await;
    assert_eq!(code(&exempt), ("S", "SUCCESS"));
    assert_eq!(exempt.body["paymentMethodDetail"]["card"]["brand"], "VISA");
}

#[tokio::test]
async fn other_numbers_vault_with_the_standins_own_brand_table() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    let vaulted = client
        .call(
            "vaultPaymentMethod",
            &vault_body("own-brand", "6212345678901234", None),
        )
        .await;
    assert_eq!(code(&vaulted), ("S", "SUCCESS"));
    assert_eq!(
        vaulted.body["paymentMethodDetail"]["card"]["brand"],
        "DISCOVER"
    );
    let common = Standin::start(StandinConfig {
        variations: Variations::none(),
        ..StandinConfig::default()
    })
    .await;
    let vaulted = TestClient::new(&common)
        .call(
            "vaultPaymentMethod",
            &vault_body("common-brand", "6212345678901234", None),
        )
        .await;
    assert_eq!(vaulted.body["paymentMethodDetail"]["card"]["brand"], "CUP");
}

#[tokio::test]
async fn unknown_ids_and_sessions() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    let unknown = client
        .call("inquireVaulting", &json!({"vaultingRequestId": "never"}))
        .await;
    assert_eq!(code(&unknown), ("F", "VAULTING_NOT_EXIST"));
    assert_eq!(unknown.body["vaultingRequestId"], "never");
    let body = json!({"paymentMethodType": "CARD", "vaultingRequestId": "sess", "vaultingNotificationUrl": "not a url"});
    let session = client.call("createVaultingSession", &body).await;
    assert_eq!(code(&session), ("S", "SUCCESS"), "no URL syntax check");
    for field in [
        "vaultingSessionData",
        "vaultingSessionId",
        "vaultingSessionExpiryTime",
    ] {
        assert!(session.body[field].is_string(), "{field}");
    }
    let again = client.call("createVaultingSession", &body).await;
    assert_eq!(again.raw, session.raw);
    let inquired = client
        .call("inquireVaulting", &json!({"vaultingRequestId": "sess"}))
        .await;
    assert_eq!(inquired.body["vaultingStatus"], "PROCESSING");
    assert!(inquired.body.get("normalUrl").is_none());
}

#[tokio::test]
async fn the_gateway_refuses_what_it_must_with_http_200() {
    let standin = Standin::start(quiet()).await;
    let client = TestClient::new(&standin);
    let inquiry = serde_json::to_vec(&json!({"vaultingRequestId": "x"})).unwrap();
    let cases = [
        ("POST", Sign::No, "INVALID_SIGNATURE"),
        ("POST", Sign::Wrong, "INVALID_SIGNATURE"),
        ("POST", Sign::UnknownClient, "KEY_NOT_FOUND"),
        ("GET", Sign::Yes, "METHOD_NOT_SUPPORTED"),
    ];
    for (method, sign, expected) in cases {
        let answer = client
            .send(method, "inquireVaulting", inquiry.clone(), sign, None)
            .await;
        assert_eq!((answer.status, code(&answer)), (200, ("F", expected)));
    }
    let stale = client
        .send(
            "POST",
            "inquireVaulting",
            inquiry.clone(),
            Sign::Yes,
            Some("1000000000000".into()),
        )
        .await;
    assert_eq!(
        code(&stale),
        ("F", "VAULTING_NOT_EXIST"),
        "no Request-Time window"
    );
    let illegal = [
        json!({}),
        json!({"vaultingRequestId": "x".repeat(65)}),
        json!({"vaultingRequestId": 12}),
    ];
    for body in illegal {
        let answer = client.call("inquireVaulting", &body).await;
        assert_eq!(code(&answer), ("F", "PARAM_ILLEGAL"), "{body}");
    }
    let ok = client
        .call(
            "inquireVaulting",
            &json!({"vaultingRequestId": "é".repeat(64)}),
        )
        .await;
    assert_eq!(
        code(&ok),
        ("F", "VAULTING_NOT_EXIST"),
        "lengths count characters"
    );
    let mut sdk = vault_body("sdk-types", "4054695723100768", Some(json!(false)));
    sdk["env"]["timeZoneOffset"] = json!(-480);
    assert_eq!(
        code(&client.call("vaultPaymentMethod", &sdk).await),
        ("S", "SUCCESS")
    );
    sdk["vaultingRequestId"] = json!("sdk-types-2");
    sdk["env"]["timeZoneOffset"] = json!(9999);
    assert_eq!(
        code(&client.call("vaultPaymentMethod", &sdk).await),
        ("F", "PARAM_ILLEGAL")
    );
    let seen = standin.received();
    assert_eq!(seen.len(), 4 + 1 + 3 + 1 + 2);
    assert!(seen.iter().all(|r| r.http_status == 200));
    assert_eq!(seen[3].method, "GET");
    assert_eq!(seen[3].result_code.as_deref(), Some("METHOD_NOT_SUPPORTED"));
}

#[tokio::test]
async fn every_fifth_vaulting_answers_unknown_on_its_first_inquiry_only() {
    let mut config = quiet();
    config.variations.unknown_on_first_inquiry = true;
    let standin = Standin::start(config).await;
    let client = TestClient::new(&standin);
    for n in 0..5 {
        let id = format!("u-{n}");
        client
            .call(
                "vaultPaymentMethod",
                &vault_body(&id, "4054695723100768", None),
            )
            .await;
        let first = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
        let retry = client
            .call("inquireVaulting", &json!({"vaultingRequestId": id}))
            .await;
        let expected = if n == 4 {
            ("U", "UNKNOWN_EXCEPTION")
        } else {
            ("S", "SUCCESS")
        };
        assert_eq!(code(&first), expected, "{id}");
        assert_eq!(first.body["vaultingRequestId"], id);
        assert_eq!(code(&retry), ("S", "SUCCESS"));
    }
}

#[tokio::test]
async fn throttling_answers_traffic_exceed_limit_beyond_the_rate() {
    let mut config = quiet();
    config.variations.throttle_per_second = Some(2);
    let standin = Standin::start(config).await;
    let client = TestClient::new(&standin);
    let mut codes = Vec::new();
    for _ in 0..4 {
        let answer = client
            .call("inquireVaulting", &json!({"vaultingRequestId": "t"}))
            .await;
        codes.push(code(&answer).1.to_owned());
    }
    // Which of them are refused depends on the wall clock (the rule itself is tested on a
    // made-up clock below); every answer is one of the two, and the first always passes.
    assert_eq!(codes[0], "VAULTING_NOT_EXIST");
    assert!(
        codes
            .iter()
            .all(|c| c == "VAULTING_NOT_EXIST" || c == "REQUEST_TRAFFIC_EXCEED_LIMIT"),
        "{codes:?}"
    );
}

#[test]
fn the_throttle_admits_n_per_sliding_second_on_a_made_up_clock() {
    use std::time::{Duration, Instant};
    let start = Instant::now();
    let at = |ms: u64| start + Duration::from_millis(ms);
    let mut throttle = standin::throttle::Throttle::new(2);
    assert!(throttle.admit(at(0)));
    assert!(throttle.admit(at(10)));
    assert!(
        !throttle.admit(at(20)),
        "a third within one second is refused"
    );
    assert!(!throttle.admit(at(999)));
    assert!(throttle.admit(at(1000)), "the first has left the window");
    assert!(!throttle.admit(at(1005)), "the second is still in it");
    assert!(throttle.admit(at(1010)));
}

/// The head of an answer as written on the wire (reqwest lowercases names).
async fn raw_head(standin: &Standin) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = standin.base_url().trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET {SANDBOX}/inquireVaulting HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    text.split("\r\n\r\n").next().unwrap().to_owned()
}

#[tokio::test]
async fn header_names_signature_spacing_and_time_follow_the_variations() {
    let varied = Standin::start(quiet()).await;
    let head = raw_head(&varied).await;
    assert!(head.contains("\r\nClient-Id: "), "{head}");
    assert!(head.contains("\r\nResponse-Time: "), "{head}");
    assert!(
        head.contains("\r\nSignature: algorithm=RSA256, keyVersion=1, signature="),
        "{head}"
    );
    let time = head
        .split("\r\nResponse-Time: ")
        .nth(1)
        .unwrap()
        .split("\r\n")
        .next()
        .unwrap();
    assert!(time.ends_with("+08:00") && time.contains('.'), "{time}");
    let plain = Standin::start(StandinConfig {
        variations: Variations::none(),
        ..StandinConfig::default()
    })
    .await;
    let head = raw_head(&plain).await;
    assert!(head.contains("\r\nclient-id: "), "{head}");
    assert!(
        head.contains("\r\nsignature: algorithm=RSA256,keyVersion=1,signature="),
        "{head}"
    );
    let time = head
        .split("\r\nresponse-time: ")
        .nth(1)
        .unwrap()
        .split("\r\n")
        .next()
        .unwrap();
    assert!(time.ends_with('Z') && !time.contains('.'), "{time}");
}

#[tokio::test]
async fn planted_breaks_show_where_they_should() {
    let mut config = quiet();
    config.breaks = Breaks {
        long_normal_url: true,
        detail_under_processing: true,
        unmasked_card_no: true,
    };
    let standin = Standin::start(config).await;
    let client = TestClient::new(&standin);
    client
        .call(
            "vaultPaymentMethod",
            &vault_body("b-3ds", "4054695723100768", Some(json!(true))),
        )
        .await;
    let inquired = client
        .call("inquireVaulting", &json!({"vaultingRequestId": "b-3ds"}))
        .await;
    assert!(inquired.body["normalUrl"].as_str().unwrap().chars().count() > 2048);
    assert!(inquired.body.get("paymentMethodDetail").is_some());
    let vaulted = client
        .call(
            "vaultPaymentMethod",
            &vault_body("b-mask", "5162774114974622", None),
        )
        .await;
    assert_eq!(
        vaulted.body["paymentMethodDetail"]["card"]["maskedCardNo"],
        "5162774114974622"
    );
}

/// A setup for `standin` as a live URL target (client id and keys only), with the named cards
/// the stand-in knows, short backoffs, and no rate limit of its own.
async fn live_setup(standin: &Standin) -> vaultcheck::runner::Setup {
    use vaultcheck::protocol::{PrivateKey, PublicKey};
    use vaultcheck::runner::{Credentials, Destination, Setup};
    let keys = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys");
    let credentials = Credentials {
        client_id: standin.client_id().to_owned(),
        private_key: PrivateKey::from_file(&keys.join("test-merchant-private.pem")).unwrap(),
        antom_public_key: Some(PublicKey::from_file(&keys.join("test-antom-public.pem")).unwrap()),
    };
    let mut setup = Setup::live(
        &Destination::Url(standin.base_url().to_owned()),
        credentials,
        7,
        vaultcheck::transport::Limits::default(),
    )
    .await
    .unwrap();
    assert!(!setup.controls, "the stand-in is not a vaultcheck mock");
    setup
        .cards
        .insert("success".into(), standin::cards::TEST_CARDS[0].0.into());
    setup.retry.backoff = std::time::Duration::from_millis(100);
    setup.retry.max_backoff = std::time::Duration::from_millis(800);
    setup
}

/// Runs the case `text` (a case file) on `setup`.
async fn run_case_text(
    setup: vaultcheck::runner::Setup,
    name: &str,
    text: &str,
) -> vaultcheck::runner::CaseRun {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("{name}.json")), text).unwrap();
    let case = vaultcheck::runner::load_dir(dir.path()).unwrap().remove(0);
    let mut runs = vaultcheck::runner::execute(
        std::sync::Arc::new(setup),
        vec![vaultcheck::runner::Unit::Case(case)],
        7,
        1,
        1,
        |_, _, _| {},
    )
    .await;
    runs.remove(0)
}

/// A 3DS vaulting: PROCESSING with `normalUrl`, inquired, then the approval only the simulator
/// can give, then SUCCESS.
const THREE_DS_CASE: &str = r#"{
  "description": "3DS: PROCESSING judged on a live target, approval needs the simulator",
  "steps": [
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123", "is3DSAuthentication": true}}},
     "expect": {"result_code": "VERIFICATION_IN_PROCESS", "present": ["/normalUrl"]}, "save": {"challenge": "/normalUrl"}},
    {"do": "call", "endpoint": "inquireVaulting", "body": {"vaultingRequestId": "${id}"},
     "expect": {"equals": {"/vaultingStatus": "PROCESSING"}}},
    {"do": "approve-3ds", "url": "${challenge}"},
    {"do": "call", "endpoint": "inquireVaulting", "body": {"vaultingRequestId": "${id}"},
     "expect": {"equals": {"/vaultingStatus": "SUCCESS"}}}
  ]
}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_3ds_case_stops_partial_on_a_live_target_and_is_judged_up_to_there() {
    use vaultcheck::runner::Verdict;
    let standin = Standin::start(quiet()).await;
    let run = run_case_text(live_setup(&standin).await, "three-ds-live", THREE_DS_CASE).await;
    assert_eq!(run.verdict(), Verdict::Partial, "{}", run.failure_text());
    let reason = run.partial.as_deref().unwrap();
    assert!(
        reason.contains("stopped before approve-3ds") && reason.contains("needs the simulator"),
        "{reason}"
    );
    assert_eq!(run.history.steps.len(), 2, "steps 1 and 2 ran, judged");
    assert!(!run.verdict().is_failure());
    // Nothing after the stop was sent: a vault and one inquiry.
    let posts = standin
        .received()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2);

    // The same case against a stand-in that breaks the contract only under PROCESSING.
    let broken = Standin::start(StandinConfig {
        breaks: Breaks {
            long_normal_url: true,
            ..Breaks::default()
        },
        ..quiet()
    })
    .await;
    let run = run_case_text(live_setup(&broken).await, "three-ds-live", THREE_DS_CASE).await;
    assert_eq!(run.verdict(), Verdict::Failed, "{}", run.failure_text());
    assert!(
        run.violations().any(|f| f.pointer == "/normalUrl"),
        "{}",
        run.failure_text()
    );
}

/// Five vaultings, then an inquiry of the fifth: the stand-in answers `U` to the first inquiry
/// of every fifth vaulting.
const FIFTH_INQUIRY_CASE: &str = r#"{
  "description": "the fifth vaulting's first inquiry answers U",
  "steps": [
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}-1", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}},
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}-2", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}},
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}-3", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}},
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}-4", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}},
    {"do": "call", "endpoint": "vaultPaymentMethod", "body": {"vaultingRequestId": "${id}-5", "vaultingNotificationUrl": "${notify}", "redirectUrl": "https://merchant.example/vaulted", "env": {"terminalType": "WEB"}, "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "${card.success}", "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}}}},
    {"do": "call", "endpoint": "inquireVaulting", "body": {"vaultingRequestId": "${id}-5"},
     "expect": {"result_status": "S", "equals": {"/vaultingStatus": "SUCCESS"}}}
  ]
}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inquiry_answered_u_is_asked_again_with_the_same_id_and_the_unit_is_flaky() {
    use vaultcheck::runner::Verdict;
    let mut config = quiet();
    config.variations.unknown_on_first_inquiry = true;
    let standin = Standin::start(config).await;
    let run = run_case_text(live_setup(&standin).await, "fifth", FIFTH_INQUIRY_CASE).await;
    assert_eq!(run.verdict(), Verdict::Flaky, "{}", run.failure_text());
    assert_eq!(run.retries.unknown, 1);
    assert_eq!(run.retries.throttled, 0);
    assert!(
        run.note().contains("1 U answer(s) asked again"),
        "{}",
        run.note()
    );
    let inquiries: Vec<_> = standin
        .received()
        .into_iter()
        .filter(|r| r.path.ends_with("inquireVaulting"))
        .collect();
    assert_eq!(inquiries.len(), 2, "one U, one retry");
    assert_eq!(inquiries[0].result_status.as_deref(), Some("U"));
    assert_eq!(inquiries[1].result_status.as_deref(), Some("S"));
    // Both inquiries are in the history, with the same id.
    let ids: Vec<Value> = run
        .history
        .steps
        .iter()
        .filter(|s| s.exchange.endpoint == vaultcheck::contract::Endpoint::InquireVaulting)
        .map(|s| serde_json::from_slice::<Value>(&s.exchange.request.body).unwrap())
        .map(|body| body["vaultingRequestId"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_calls_back_off_and_are_made_again() {
    use vaultcheck::runner::Verdict;
    let mut config = quiet();
    config.variations.throttle_per_second = Some(2);
    let standin = Standin::start(config).await;
    let run = run_case_text(live_setup(&standin).await, "fifth", FIFTH_INQUIRY_CASE).await;
    // Six calls at once against two a second: some were throttled, every one got through.
    assert!(run.retries.throttled >= 1, "{:?}", run.retries);
    assert_eq!(run.verdict(), Verdict::Flaky, "{}", run.failure_text());
    assert_eq!(
        run.history.steps.len(),
        6,
        "throttled answers are not the case's answers"
    );
    let throttled = standin
        .received()
        .iter()
        .filter(|r| r.result_code.as_deref() == Some("REQUEST_TRAFFIC_EXCEED_LIMIT"))
        .count();
    assert_eq!(throttled, run.retries.throttled);
}
