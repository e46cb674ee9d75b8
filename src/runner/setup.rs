//! What a run needs, for each target: the client that signs and sends, Antom's public key, the
//! notification listener, and whether the simulator's controls (3DS, faults) are there.

use super::listener::Listener;
use crate::Error;
use crate::client::Client;
use crate::protocol::keys::{PrivateKey, PublicKey};
use crate::protocol::{Signer, sandbox};
use crate::sim::{Fault, NotifyPolicy, Simulator};
use crate::transport::{HttpTarget, Limits, Proxy};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The client id of the embedded simulator.
pub(crate) const EMBEDDED_CLIENT_ID: &str = "SANDBOX_VAULTCHECK_EMBEDDED";

/// Where notifications are said to go when no listener of the harness receives them.
pub(crate) const DEFAULT_NOTIFY_URL: &str = "https://merchant.invalid/vaultcheck/notify";

/// The test cards of a target, by name (`${card.NAME}` in cases; `${card.NAME.last4}` and
/// `${card.NAME.brand}` follow from the number): Antom's sandbox cards by default, on any
/// target, the simulator's flaky card where the simulator's controls are (`simulator`), and
/// the override `lookup` gives for `VAULTCHECK_CARD_<NAME>` replacing any of them. The
/// library never reads the environment: the command line passes its variables as `lookup`.
pub(crate) fn cards_from(
    simulator: bool,
    lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let mut cards = std::collections::BTreeMap::new();
    for card in crate::contract::test_cards::TEST_CARDS {
        let var = card_variable(card.name);
        let number = match lookup(&var) {
            Some(value) if !value.is_empty() => override_number(&var, &value)?,
            _ if simulator || card.on_live_targets() => card.number.to_owned(),
            _ => continue,
        };
        cards.insert(card.name.to_owned(), number);
    }
    Ok(cards)
}

/// The variable that overrides a named card: `VAULTCHECK_CARD_<NAME>`.
pub(crate) fn card_variable(name: &str) -> String {
    format!("VAULTCHECK_CARD_{}", name.to_ascii_uppercase())
}

/// A card number given in `var`: digits only, 12 to 19 of them (surrounding blanks are
/// trimmed). The error names the variable and never quotes the value (it may be a real card).
fn override_number(var: &str, value: &std::ffi::OsStr) -> Result<String, Error> {
    use crate::contract::shapes::{CARD_NO_MAX, CARD_NO_MIN};
    let refuse = |what: String| Error::Config {
        setting: var.to_owned(),
        reason: format!(
            "{what}; a card number is {CARD_NO_MIN} to {CARD_NO_MAX} digits (0-9) and nothing \
             else: retype it, or unset {var} to use the built-in test card"
        ),
    };
    let Some(value) = value.to_str() else {
        return Err(refuse("is not valid UTF-8".into()));
    };
    let number = value.trim();
    if let Some((index, _)) = number.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        let position = number[..index].chars().count() + 1;
        return Err(refuse(format!(
            "holds a character that is not a digit at position {position} (a letter, a \
             separator or an invisible character such as a zero-width space)"
        )));
    }
    let digits = number.len();
    if !(CARD_NO_MIN as usize..=CARD_NO_MAX as usize).contains(&digits) {
        return Err(refuse(format!("has {digits} digits")));
    }
    Ok(number.to_owned())
}

/// Everything a case needs to run.
pub struct Setup {
    /// Signs and sends every call to the target.
    pub client: Client,
    /// Verifies response signatures; without it they are read, not verified.
    pub antom_key: Option<PublicKey>,
    /// Whether the target is the embedded simulator.
    pub simulator: bool,
    /// Whether the simulator's controls work here (3DS approval, notifications at the local
    /// listener, the flaky card): the embedded simulator, or a URL that is a `vaultcheck mock`.
    /// Elsewhere a case stops before the first step that needs them (partial).
    pub controls: bool,
    /// How calls answered `U` (inquiries) or throttled are retried.
    pub retry: crate::client::RetryPolicy,
    /// Notices a target in Error scenario simulation.
    pub watch: super::scenario::ScenarioWatch,
    /// Stops the run (SIGINT, SIGTERM): nothing is sent after it.
    pub stop: super::stop::Stop,
    /// The local notification listener (embedded simulator or a `vaultcheck mock`).
    pub listener: Option<Listener>,
    /// Signs `wrong-signature` requests: a key that is not the client's.
    pub wrong_key: PrivateKey,
    /// Makes this run's ids unique.
    pub nonce: String,
    /// `vaultingNotificationUrl` of every case.
    pub notify_url: String,
    /// The test cards this target knows, by name.
    pub cards: std::collections::BTreeMap<String, String>,
    /// Plain HTTP for the 3DS page.
    pub browser: reqwest::Client,
    /// At most one request per this interval, when set.
    pub min_interval: Option<Duration>,
    next_slot: Mutex<Instant>,
}

/// Where a run sends its cases.
#[derive(Debug, Clone)]
pub enum Destination {
    /// The simulator, embedded in this process (127.0.0.1, a free port).
    Embedded {
        /// The faults it is started with (the detection matrix's).
        faults: Vec<Fault>,
        /// Makes its keys and tokens deterministic.
        seed: u64,
    },
    /// A server at a base URL (a `vaultcheck mock`, or any Antom-like server).
    Url(String),
    /// Antom's sandbox in a region (`na`, `sea`, `de`) or at a base URL.
    Sandbox(String),
}

/// Credentials for a live target.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The merchant's client id (`SANDBOX_...` for the sandbox).
    pub client_id: String,
    /// The merchant's private key: signs every request.
    pub private_key: PrivateKey,
    /// Antom's public key: verifies answers and notifications when given.
    pub antom_public_key: Option<PublicKey>,
}

/// A deterministic key per seed, generated once per process (generation costs far more than
/// anything else a run does).
pub(crate) fn key_for_seed(seed: u64) -> PrivateKey {
    static KEYS: std::sync::OnceLock<Mutex<std::collections::HashMap<u64, PrivateKey>>> =
        std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    if let Some(key) = keys.lock().unwrap_or_else(|p| p.into_inner()).get(&seed) {
        return key.clone();
    }
    let key = PrivateKey::generate(Some(seed));
    keys.lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(seed, key.clone());
    key
}

fn nonce(seed: u64) -> String {
    let millis = crate::protocol::time::now_millis() as u64;
    format!("{:x}", (millis ^ seed.rotate_left(17)) & 0xff_ffff_ffff)
}

impl Setup {
    fn new(
        client: Client,
        antom_key: Option<PublicKey>,
        simulator: bool,
        listener: Option<Listener>,
        seed: u64,
    ) -> Result<Setup, Error> {
        let notify_url = match &listener {
            Some(listener) => listener.url(),
            None => DEFAULT_NOTIFY_URL.to_owned(),
        };
        Ok(Setup {
            client,
            antom_key,
            simulator,
            controls: simulator,
            retry: crate::client::RetryPolicy::default(),
            watch: Default::default(),
            stop: Default::default(),
            listener,
            wrong_key: key_for_seed(seed ^ 0x5EED),
            nonce: nonce(seed),
            notify_url,
            cards: cards_from(simulator, |_| None)?,
            browser: crate::transport::client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Harness {
                    reason: format!("cannot build an HTTP client: {e}"),
                })?,
            min_interval: None,
            next_slot: Mutex::new(Instant::now()),
        })
    }

    /// Starts the embedded simulator (with its own fresh keys) and a setup that talks to it.
    pub async fn embedded(
        faults: &[Fault],
        seed: u64,
        limits: Limits,
    ) -> Result<(Setup, Simulator), Error> {
        let merchant = key_for_seed(seed);
        let antom = key_for_seed(seed ^ 0xA5A5);
        let sim = Simulator::builder()
            .client_id(EMBEDDED_CLIENT_ID)
            .merchant_public_key(merchant.public_key())
            .antom_key(antom)
            .faults(faults.iter().copied())
            .seed(seed)
            .notify_policy(NotifyPolicy {
                first_delay: Duration::from_millis(50),
                ..NotifyPolicy::default()
            })
            .start()
            .await
            .map_err(|e| Error::Simulator {
                what: "the embedded simulator on 127.0.0.1",
                source: e.into(),
            })?;
        let target = HttpTarget::new(sim.base_url(), limits)?;
        let client = Client::new(
            target,
            Some(Signer::new(EMBEDDED_CLIENT_ID, merchant)),
            true,
        );
        let listener = Listener::start().await.map_err(|e| Error::Simulator {
            what: "the notification listener on 127.0.0.1",
            source: e.into(),
        })?;
        let setup = Setup::new(
            client,
            Some(sim.antom_public_key()),
            true,
            Some(listener),
            seed,
        )?;
        Ok((setup, sim))
    }

    /// A setup for a live target (a URL or Antom's sandbox), reached through the environment's
    /// proxy variables; see [`Setup::live_through`].
    pub async fn live(
        destination: &Destination,
        credentials: Credentials,
        seed: u64,
        limits: Limits,
    ) -> Result<Setup, Error> {
        Setup::live_through(
            destination,
            credentials,
            seed,
            limits,
            &Proxy::FromEnvironment,
        )
        .await
    }

    /// A setup for a live target reached as `proxy` says. The target is probed once first
    /// (one clear error when it cannot be reached); a `vaultcheck mock` gets a notification
    /// listener, the simulator's cards, and its controls are used.
    pub async fn live_through(
        destination: &Destination,
        credentials: Credentials,
        seed: u64,
        limits: Limits,
        proxy: &Proxy,
    ) -> Result<Setup, Error> {
        let (base, sandbox_path) = match destination {
            Destination::Url(url) => (
                sandbox::base_url(url)?,
                sandbox::is_sandbox_client(&credentials.client_id),
            ),
            Destination::Sandbox(region) => (sandbox::base_url(region)?, true),
            Destination::Embedded { .. } => {
                return Err(Error::Harness {
                    reason:
                        "Setup::live was given the embedded target; start it with Setup::embedded"
                            .into(),
                });
            }
        };
        let target = HttpTarget::with_proxy(&base, limits, proxy)?;
        let mock = super::probe::probe(&target).await? == super::probe::TargetKind::Mock;
        let listener = if mock {
            Some(Listener::start().await.map_err(|e| Error::Simulator {
                what: "the notification listener on 127.0.0.1",
                source: e.into(),
            })?)
        } else {
            None
        };
        let client = Client::new(
            target,
            Some(Signer::new(credentials.client_id, credentials.private_key)),
            sandbox_path,
        );
        let mut setup = Setup::new(client, credentials.antom_public_key, false, listener, seed)?;
        if mock {
            setup.controls = true;
            setup.cards = cards_from(true, |_| None)?;
        }
        Ok(setup)
    }

    /// Replaces the named cards with those `lookup` overrides (`VAULTCHECK_CARD_<NAME>`, as
    /// the command line reads them); an override that is not a card number is an error naming
    /// its variable.
    pub fn override_cards(
        &mut self,
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<(), Error> {
        self.cards = cards_from(self.controls, lookup)?;
        Ok(())
    }

    /// Waits for this request's turn under the rate limit.
    pub async fn pace(&self) {
        let Some(interval) = self.min_interval else {
            return;
        };
        let wait = {
            let mut next = self.next_slot.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + interval;
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn live_targets_get_antoms_cards_without_configuration() {
        let live = cards_from(false, with(&[])).unwrap();
        let names: Vec<_> = live.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["declined", "declined2", "exempt", "success", "success2"]
        );
        assert_eq!(live["success"], "4054695723100768");
        let embedded = cards_from(true, with(&[])).unwrap();
        assert_eq!(embedded["flaky"], "4000000000000119");
        assert_eq!(
            embedded.len(),
            crate::contract::test_cards::TEST_CARDS.len()
        );
    }

    #[test]
    fn a_variable_overrides_a_named_card_on_any_target() {
        for simulator in [false, true] {
            let cards = cards_from(
                simulator,
                with(&[
                    ("VAULTCHECK_CARD_SUCCESS", " 4111111111111111\n"),
                    ("VAULTCHECK_CARD_FLAKY", "4000000000000127"),
                    ("VAULTCHECK_CARD_DECLINED", ""),
                ]),
            )
            .unwrap();
            assert_eq!(cards["success"], "4111111111111111");
            assert_eq!(cards["flaky"], "4000000000000127");
            // An empty variable is no override.
            assert_eq!(cards["declined"], "4054692760174822");
        }
    }

    #[test]
    fn a_bad_override_is_an_error_naming_the_variable_not_the_number() {
        for (value, says) in [
            ("4054695723100768\u{200b}", "position 17"),
            ("4054 6957 2310 0768", "position 5"),
            ("40546957231OO768", "not a digit"),
            ("é", "position 1"),
            ("12345678901", "has 11 digits"),
            ("12345678901234567890", "has 20 digits"),
        ] {
            let error =
                cards_from(false, with(&[("VAULTCHECK_CARD_SUCCESS2", value)])).expect_err(value);
            let text = error.to_string();
            assert!(
                text.starts_with("VAULTCHECK_CARD_SUCCESS2: ") && text.contains(says),
                "{value:?}: {text}"
            );
            assert!(text.contains("12 to 19 digits"), "{text}");
            assert!(
                !text.contains("40546957231"),
                "the value is not quoted: {text}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_override_that_is_not_utf8_is_an_error() {
        use std::os::unix::ffi::OsStringExt;
        let lookup = |name: &str| {
            (name == "VAULTCHECK_CARD_EXEMPT").then(|| OsString::from_vec(vec![0x34, 0xff]))
        };
        let error = cards_from(true, lookup).unwrap_err();
        assert!(error.to_string().contains("not valid UTF-8"), "{error}");
    }
}
