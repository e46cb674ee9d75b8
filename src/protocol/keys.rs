//! RSA keys: the merchant's private key that signs requests and Antom's public key that
//! verifies responses. Read from a file or an environment variable, as bare base64 DER (the
//! Antom dashboard's format: PKCS#8 or PKCS#1 private, X.509 SPKI public) or PEM (PKCS#8,
//! PKCS#1, SPKI); the kind is recognised from the bytes. Key types never print key material.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::sha2::Sha256;
use rsa::traits::PublicKeyParts;
use std::fmt;
use std::path::Path;

/// Antom uses 2048-bit RSA keys; shorter ones are refused.
pub const MIN_BITS: usize = 2048;

/// Where key text came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A key file, by its path as displayed.
    File(String),
    /// An environment variable holding the key itself, by the variable's name.
    Env(String),
    /// Text handed over directly (no file or variable to name).
    Text,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::File(path) => write!(f, "key file {path}"),
            KeySource::Env(var) => write!(f, "environment variable {var}"),
            KeySource::Text => f.write_str("the key text"),
        }
    }
}

/// Why a key could not be used. Messages name the source and what was found, never the key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum KeyError {
    /// The file or environment variable could not be read.
    Unreadable {
        /// The file or variable that failed.
        source: KeySource,
        /// Why: the I/O error's text, or that the variable is unset or not Unicode.
        reason: String,
        /// The I/O error behind `reason`, when there is one.
        cause: Option<std::sync::Arc<std::io::Error>>,
    },
    /// The text is empty or only whitespace.
    Empty {
        /// Where the empty text came from.
        source: KeySource,
    },
    /// A PEM private key is encrypted; it must be decrypted first.
    EncryptedPem {
        /// Where the encrypted key came from.
        source: KeySource,
    },
    /// An X.509 certificate was given where a key belongs; extract its public key.
    Certificate {
        /// Where the certificate came from.
        source: KeySource,
    },
    /// A public key was given where the merchant's private key belongs.
    PublicWherePrivate {
        /// Where the public key came from.
        source: KeySource,
    },
    /// A private key was given where Antom's public key belongs.
    PrivateWherePublic {
        /// Where the private key came from.
        source: KeySource,
    },
    /// The RSA key is shorter than [`MIN_BITS`].
    TooShort {
        /// Where the key came from.
        source: KeySource,
        /// The key's modulus size in bits.
        bits: usize,
    },
    /// The text is not an RSA key in any accepted format.
    Unrecognised {
        /// Where the text came from.
        source: KeySource,
        /// What the text turned out to be, in words (never the key material).
        found: String,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const FORMATS: &str =
            "bare base64 DER (PKCS#8 or PKCS#1 private, X.509 SPKI public) or PEM";
        match self {
            KeyError::Unreadable { source, reason, .. } => {
                write!(f, "cannot read {source}: {reason}")
            }
            KeyError::Empty { source } => {
                write!(f, "{source} is empty; expected an RSA key as {FORMATS}")
            }
            KeyError::EncryptedPem { source } => write!(
                f,
                "{source} holds an encrypted private key; vaultcheck needs it unencrypted (`openssl pkey -in KEY -out plain.pem`)"
            ),
            KeyError::Certificate { source } => write!(
                f,
                "{source} holds an X.509 certificate, not a key; extract the public key with `openssl x509 -pubkey -noout -in CERT`"
            ),
            KeyError::PublicWherePrivate { source } => write!(
                f,
                "{source} holds a public key where the merchant's private key belongs (it signs requests)"
            ),
            KeyError::PrivateWherePublic { source } => write!(
                f,
                "{source} holds a private key where Antom's public key belongs (it verifies responses); never hand a private key where a public one is asked"
            ),
            KeyError::TooShort { source, bits } => write!(
                f,
                "{source} holds a {bits}-bit RSA key; Antom keys are at least {MIN_BITS} bits"
            ),
            KeyError::Unrecognised { source, found } => {
                write!(
                    f,
                    "{source} holds {found}; expected an RSA key as {FORMATS}"
                )
            }
        }
    }
}

impl std::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyError::Unreadable {
                cause: Some(cause), ..
            } => Some(&**cause),
            _ => None,
        }
    }
}

/// The merchant's (or, in the simulator, Antom's) RSA private key.
#[derive(Clone)]
pub struct PrivateKey {
    inner: rsa::PrivateKey,
    /// The same key prepared for ring, which signs about three times faster than the rsa crate;
    /// `None` for keys ring does not take (then the rsa crate signs). PKCS#1 v1.5 is
    /// deterministic, so both give the same bytes.
    fast: Option<std::sync::Arc<ring::signature::RsaKeyPair>>,
}

/// An RSA public key that verifies signatures.
#[derive(Clone, PartialEq)]
pub struct PublicKey {
    inner: rsa::PublicKey,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA {} bits, material redacted)", self.bits())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA {} bits)", self.inner.size() * 8)
    }
}

/// What a blob of key text turned out to be.
enum Parsed {
    Private(Box<rsa::PrivateKey>),
    Public(rsa::PublicKey),
}

fn classify(text: &str, source: &KeySource) -> Result<Parsed, KeyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(KeyError::Empty {
            source: source.clone(),
        });
    }
    let unrecognised = |found: &str| KeyError::Unrecognised {
        source: source.clone(),
        found: found.to_owned(),
    };
    if let Some(rest) = text.strip_prefix("-----BEGIN ") {
        let label = rest.split("-----").next().unwrap_or("").trim().to_owned();
        if label.contains("ENCRYPTED") || text.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(KeyError::EncryptedPem {
                source: source.clone(),
            });
        }
        if label.contains("CERTIFICATE") {
            return Err(KeyError::Certificate {
                source: source.clone(),
            });
        }
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.contains(':'))
            .collect();
        let der = STANDARD.decode(body.trim()).map_err(|_| {
            unrecognised(&format!(
                "a PEM block labelled {label} whose body is not base64"
            ))
        })?;
        return match label.as_str() {
            "PRIVATE KEY" | "RSA PRIVATE KEY" | "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                from_der(&der, source).map_err(|_| {
                    unrecognised(&format!("a PEM block labelled {label} that is not a valid RSA key (malformed, or shorter than 1024 bits)"))
                })
            }
            other => Err(unrecognised(&format!("a PEM block labelled {other}"))),
        };
    }
    let compact: String = text.split_whitespace().collect();
    let der = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| unrecognised("text that is neither PEM nor base64"))?;
    from_der(&der, source)
}

fn from_der(der: &[u8], source: &KeySource) -> Result<Parsed, KeyError> {
    if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
        return Ok(Parsed::Private(Box::new(key)));
    }
    if let Ok(key) = rsa::PrivateKey::from_pkcs1_der(der) {
        return Ok(Parsed::Private(Box::new(key)));
    }
    if let Ok(key) = rsa::pkcs8::DecodePublicKey::from_public_key_der(der) {
        return Ok(Parsed::Public(key));
    }
    if let Ok(key) = rsa::PublicKey::from_pkcs1_der(der) {
        return Ok(Parsed::Public(key));
    }
    Err(KeyError::Unrecognised {
        source: source.clone(),
        found: format!(
            "{} bytes of base64 DER that are not an RSA key (malformed, another algorithm, or shorter than 1024 bits)",
            der.len()
        ),
    })
}

/// The text of a key file.
fn read_file(path: &Path) -> Result<(String, KeySource), KeyError> {
    let source = KeySource::File(path.display().to_string());
    std::fs::read_to_string(path)
        .map(|text| (text, source.clone()))
        .map_err(|e| KeyError::Unreadable {
            source,
            reason: e.to_string(),
            cause: Some(std::sync::Arc::new(e)),
        })
}

/// The key text an environment variable holds: the key itself, or the path of a key file
/// (CI secrets come either way).
fn read_env(var: &str) -> Result<(String, KeySource), KeyError> {
    let source = KeySource::Env(var.to_owned());
    let value = std::env::var(var).map_err(|e| KeyError::Unreadable {
        source: source.clone(),
        reason: match e {
            std::env::VarError::NotPresent => "it is not set".into(),
            std::env::VarError::NotUnicode(_) => "it is not valid Unicode".into(),
        },
        cause: None,
    })?;
    let path = Path::new(value.trim());
    if !value.trim().is_empty() && !value.contains('\n') && path.is_file() {
        return read_file(path);
    }
    Ok((value, source))
}

/// Whether an environment variable is set to something.
pub fn env_is_set(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !v.trim().is_empty())
}

fn check_size(bits: usize, source: &KeySource) -> Result<(), KeyError> {
    if bits < MIN_BITS {
        return Err(KeyError::TooShort {
            source: source.clone(),
            bits,
        });
    }
    Ok(())
}

impl PrivateKey {
    fn prepared(inner: rsa::PrivateKey) -> Self {
        let fast = inner
            .to_pkcs8_der()
            .ok()
            .and_then(|der| ring::signature::RsaKeyPair::from_pkcs8(der.as_bytes()).ok())
            .map(std::sync::Arc::new);
        PrivateKey { inner, fast }
    }

    /// Whether signing goes through ring (the fast path).
    pub fn signs_fast(&self) -> bool {
        self.fast.is_some()
    }

    /// Reads a private key from text (PEM or bare base64).
    pub fn from_text(text: &str, source: KeySource) -> Result<Self, KeyError> {
        match classify(text, &source)? {
            Parsed::Private(inner) => {
                check_size(inner.size() * 8, &source)?;
                Ok(PrivateKey::prepared(*inner))
            }
            Parsed::Public(_) => Err(KeyError::PublicWherePrivate { source }),
        }
    }

    /// Reads a private key from a file (PEM or bare base64).
    pub fn from_file(path: &Path) -> Result<Self, KeyError> {
        let (text, source) = read_file(path)?;
        Self::from_text(&text, source)
    }

    /// Reads the key an environment variable holds, or the file whose path it holds.
    pub fn from_env(var: &str) -> Result<Self, KeyError> {
        let (text, source) = read_env(var)?;
        Self::from_text(&text, source)
    }

    /// A fresh 2048-bit key; from `seed` when given (deterministic), else from the OS.
    pub fn generate(seed: Option<u64>) -> Self {
        let mut rng = match seed {
            Some(seed) => ChaCha20Rng::seed_from_u64(seed),
            None => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).expect("the operating system provides randomness");
                ChaCha20Rng::from_seed(bytes)
            }
        };
        let inner =
            rsa::PrivateKey::new(&mut rng, MIN_BITS).expect("2048-bit RSA generation succeeds");
        PrivateKey::prepared(inner)
    }

    /// The modulus size in bits (2048 or more).
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// The matching public key (what the other side verifies with).
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: self.inner.to_public_key(),
        }
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `content`: the raw signature bytes.
    pub fn sign_raw(&self, content: &[u8]) -> Vec<u8> {
        if let Some(pair) = &self.fast {
            let mut signature = vec![0; pair.public().modulus_len()];
            let rng = ring::rand::SystemRandom::new();
            if pair
                .sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    &rng,
                    content,
                    &mut signature,
                )
                .is_ok()
            {
                return signature;
            }
        }
        self.inner
            .pkcs1v15_sign::<Sha256>(content)
            .expect("signing with a valid 2048-bit key cannot fail")
    }

    /// Signs with the rsa crate alone (to compare the two paths).
    pub fn sign_raw_portable(&self, content: &[u8]) -> Vec<u8> {
        self.inner
            .pkcs1v15_sign::<Sha256>(content)
            .expect("signing with a valid 2048-bit key cannot fail")
    }

    /// The key as bare base64 PKCS#8 DER (the Antom dashboard's format). Secret: write it only
    /// to files the user asked for.
    pub fn to_base64_pkcs8(&self) -> String {
        let der = self.inner.to_pkcs8_der().expect("an RSA key encodes");
        STANDARD.encode(der.as_bytes())
    }

    /// The key as PKCS#8 PEM.
    pub fn to_pem_pkcs8(&self) -> String {
        self.inner
            .to_pkcs8_pem(LineEnding::LF)
            .expect("an RSA key encodes")
            .to_string()
    }

    /// The key as PKCS#1 PEM (`RSA PRIVATE KEY`, what the Python and PHP SDKs expect).
    pub fn to_pem_pkcs1(&self) -> String {
        self.inner
            .to_pkcs1_pem(LineEnding::LF)
            .expect("an RSA key encodes")
            .to_string()
    }
}

impl PublicKey {
    /// Reads a public key from text (PEM or bare base64).
    pub fn from_text(text: &str, source: KeySource) -> Result<Self, KeyError> {
        match classify(text, &source)? {
            Parsed::Public(inner) => {
                check_size(inner.size() * 8, &source)?;
                Ok(PublicKey { inner })
            }
            Parsed::Private(_) => Err(KeyError::PrivateWherePublic { source }),
        }
    }

    /// Reads a public key from a file (PEM or bare base64).
    pub fn from_file(path: &Path) -> Result<Self, KeyError> {
        let (text, source) = read_file(path)?;
        Self::from_text(&text, source)
    }

    /// Reads the key an environment variable holds, or the file whose path it holds.
    pub fn from_env(var: &str) -> Result<Self, KeyError> {
        let (text, source) = read_env(var)?;
        Self::from_text(&text, source)
    }

    /// Whether `signature` (raw bytes) is a valid RSA256 signature of `content`.
    pub fn verify_raw(&self, content: &[u8], signature: &[u8]) -> bool {
        self.inner
            .pkcs1v15_verify::<Sha256>(content, signature)
            .is_ok()
    }

    /// Bare base64 X.509 SPKI DER (the Antom dashboard's format).
    pub fn to_base64_spki(&self) -> String {
        let der = self.inner.to_public_key_der().expect("an RSA key encodes");
        STANDARD.encode(der.as_bytes())
    }

    /// SPKI PEM.
    pub fn to_pem(&self) -> String {
        self.inner
            .to_public_key_pem(LineEnding::LF)
            .expect("an RSA key encodes")
    }
}
