//! The 3DS page in a real headless browser (Debian's Chromium, driven through chromedriver's
//! WebDriver API on 127.0.0.1): a person opens `normalUrl`, clicks Approve, sees the outcome,
//! and the vaulting is SUCCESS. Skipped with a note where Chromium is not installed; `.ci/run`
//! installs it, and on CI a missing browser is a failure.

use crate::support;

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;
use vaultcheck::contract::Endpoint;

struct Driver {
    process: Child,
    base: String,
    http: reqwest::Client,
    session: Option<String>,
    profile: std::path::PathBuf,
}

impl Driver {
    async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = vaultcheck::transport::client_builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let started = Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile =
            std::env::temp_dir().join(format!("vaultcheck-chromium-{}", std::process::id()));
        Driver {
            process,
            base,
            http,
            session: None,
            profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut request = self.http.request(method, &url);
        if !body.is_null() {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let bytes = request.send().await.unwrap().bytes().await.unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(value["value"]["error"].is_null(), "{path}: {value}");
        value["value"].clone()
    }

    async fn open_session(&mut self) {
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", self.profile.display())]
            }
        }}});
        let value = self
            .call(reqwest::Method::POST, "/session", capabilities)
            .await;
        self.session = Some(value["sessionId"].as_str().unwrap().to_owned());
        // A click that submits a form returns before the next page loads: finding an element
        // waits for it (up to 10 s), as a person would.
        let timeouts = json!({"implicit": 10_000, "pageLoad": 20_000});
        self.call(reqwest::Method::POST, &self.path("/timeouts"), timeouts)
            .await;
    }

    fn path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session.as_deref().unwrap())
    }

    async fn find(&self, css: &str) -> String {
        let value = self
            .call(
                reqwest::Method::POST,
                &self.path("/element"),
                json!({"using": "css selector", "value": css}),
            )
            .await;
        value
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_approves_the_3ds_challenge_in_chromium() {
    if !installed("chromium") || !installed("chromedriver") {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have chromium and chromedriver (.ci/run installs them)"
        );
        eprintln!(
            "skipped: chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let sim = simulator(&[]).await;
    let client = client(&sim);
    let body = json!({
        "vaultingRequestId": "vr-browser",
        "vaultingNotificationUrl": "https://merchant.example/notify",
        "redirectUrl": "https://merchant.example/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": {"cardNo": "4054695723100768", "is3DSAuthentication": "true"}},
        "env": {"terminalType": "WEB"}
    });
    let vaulted = client
        .call(Endpoint::VaultPaymentMethod, body.to_string().as_bytes())
        .await
        .unwrap();
    let answer: Value = serde_json::from_slice(&vaulted.response.body).unwrap();
    let challenge = answer["normalUrl"].as_str().unwrap().to_owned();

    let mut driver = Driver::start().await;
    driver.open_session().await;
    driver
        .call(
            reqwest::Method::POST,
            &driver.path("/url"),
            json!({"url": challenge}),
        )
        .await;
    let title = driver
        .call(reqwest::Method::GET, &driver.path("/title"), Value::Null)
        .await;
    assert_eq!(title, "3-D Secure verification");
    let approve = driver.find("#approve").await;
    driver
        .call(
            reqwest::Method::POST,
            &driver.path(&format!("/element/{approve}/click")),
            json!({}),
        )
        .await;
    let outcome = driver.find("#outcome").await;
    let text = driver
        .call(
            reqwest::Method::GET,
            &driver.path(&format!("/element/{outcome}/text")),
            Value::Null,
        )
        .await;
    assert!(text.as_str().unwrap().contains("approved"), "{text}");
    driver
        .call(reqwest::Method::DELETE, &driver.path(""), Value::Null)
        .await;

    let inquiry = client
        .call(
            Endpoint::InquireVaulting,
            br#"{"vaultingRequestId":"vr-browser"}"#,
        )
        .await
        .unwrap();
    let answer: Value = serde_json::from_slice(&inquiry.response.body).unwrap();
    assert_eq!(answer["vaultingStatus"], "SUCCESS");
}
