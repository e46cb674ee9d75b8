//! The AMS message protocol against an independent implementation: signatures made with
//! `openssl dgst -sha256 -sign` are committed as vectors (PKCS#1 v1.5 is deterministic), so
//! ours must equal them byte for byte; every key format loads and every bad key is named.

use std::path::{Path, PathBuf};
use std::process::Command;
use vaultcheck::protocol::VerifyError;
use vaultcheck::protocol::keys::{KeyError, KeySource, PrivateKey, PublicKey};
use vaultcheck::protocol::{sign, sign_content, verify};

const CLIENT_ID: &str = "SANDBOX_5X00000000000000";
const REQUEST_TIME: &str = "1685599933871";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn merchant_key() -> PrivateKey {
    PrivateKey::from_file(&fixture("keys/test-merchant-private.pem")).unwrap()
}

struct Vector {
    body: PathBuf,
    path: String,
    signature: String,
}

fn vectors() -> Vec<Vector> {
    std::fs::read_to_string(fixture("vectors/vectors.txt"))
        .unwrap()
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            Vector {
                body: fixture(&format!("vectors/{}", parts[0])),
                path: parts[2].to_owned(),
                signature: parts[3].to_owned(),
            }
        })
        .collect()
}

#[test]
fn signatures_equal_openssls_byte_for_byte() {
    let key = merchant_key();
    let vectors = vectors();
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let body = std::fs::read(&v.body).unwrap();
        let content = sign_content(&v.path, CLIENT_ID, REQUEST_TIME, &body);
        assert_eq!(sign(&key, &content), v.signature, "{}", v.path);
    }
}

#[test]
fn the_sign_command_prints_openssls_signature() {
    for v in vectors() {
        let output = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
            .args([
                "sign",
                "--client-id",
                CLIENT_ID,
                "--request-time",
                REQUEST_TIME,
                "--path",
                &v.path,
            ])
            .arg("--private-key")
            .arg(fixture("keys/test-merchant-private.b64"))
            .arg("--body")
            .arg(&v.body)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8(output.stdout).unwrap().trim(),
            format!("algorithm=RSA256,keyVersion=1,signature={}", v.signature)
        );
    }
}

#[test]
fn openssls_signatures_verify_here_and_nothing_else_does() {
    let public = PublicKey::from_file(&fixture("keys/test-merchant-public.pem")).unwrap();
    for v in vectors() {
        let body = std::fs::read(&v.body).unwrap();
        let content = sign_content(&v.path, CLIENT_ID, REQUEST_TIME, &body);
        assert_eq!(verify(&public, &content, &v.signature), Ok(()));
        // Lower-case hex, as .NET's HttpUtility writes it, verifies too.
        let lower = v
            .signature
            .replace("%2B", "%2b")
            .replace("%2F", "%2f")
            .replace("%3D", "%3d");
        assert_eq!(verify(&public, &content, &lower), Ok(()));
        let mut tampered = body.clone();
        tampered.push(b' ');
        let other = sign_content(&v.path, CLIENT_ID, REQUEST_TIME, &tampered);
        assert_eq!(
            verify(&public, &other, &v.signature),
            Err(VerifyError::Mismatch)
        );
        let other_path = sign_content(
            "/ams/api/v1/vaults/vaultPaymentMethod",
            CLIENT_ID,
            REQUEST_TIME,
            &body,
        );
        assert_eq!(
            verify(&public, &other_path, &v.signature),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify(&public, &content, "not base64!"),
            Err(VerifyError::NotBase64)
        );
    }
    let antom = PublicKey::from_file(&fixture("keys/test-antom-public.pem")).unwrap();
    let v = &vectors()[0];
    let content = sign_content(
        &v.path,
        CLIENT_ID,
        REQUEST_TIME,
        &std::fs::read(&v.body).unwrap(),
    );
    assert_eq!(
        verify(&antom, &content, &v.signature),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn openssl_verifies_signatures_made_here() {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("openssl is not installed: the committed vectors above already prove equality");
        return;
    }
    let dir = std::env::temp_dir().join(format!("vaultcheck-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let content = sign_content(
        "/ams/sandbox/api/v1/vaults/vaultPaymentMethod",
        CLIENT_ID,
        "2026-11-24T02:17:37+00:00",
        "{\"a\":\"ü\"}".as_bytes(),
    );
    let raw = merchant_key().sign_raw(&content);
    std::fs::write(dir.join("content"), &content).unwrap();
    std::fs::write(dir.join("sig"), &raw).unwrap();
    let status = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(fixture("keys/test-merchant-public.pem"))
        .arg("-signature")
        .arg(dir.join("sig"))
        .arg(dir.join("content"))
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

#[test]
fn every_accepted_key_format_loads_to_the_same_key() {
    let pem = merchant_key();
    let pkcs1 = PrivateKey::from_file(&fixture("keys/test-merchant-private.pkcs1.pem")).unwrap();
    let b64 = PrivateKey::from_file(&fixture("keys/test-merchant-private.b64")).unwrap();
    let content = b"same key";
    assert_eq!(pem.sign_raw(content), pkcs1.sign_raw(content));
    assert_eq!(pem.sign_raw(content), b64.sign_raw(content));
    // The Python SDK's habit: a PKCS#1 body pasted as bare base64.
    let pkcs1_b64: String =
        std::fs::read_to_string(fixture("keys/test-merchant-private.pkcs1.pem"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
    assert_eq!(
        PrivateKey::from_text(&pkcs1_b64, KeySource::Text)
            .unwrap()
            .sign_raw(content),
        pem.sign_raw(content)
    );
    let public = pem.public_key();
    for file in [
        "keys/test-merchant-public.pem",
        "keys/test-merchant-public.b64",
        "keys/test-merchant-public.pkcs1.pem",
    ] {
        assert_eq!(
            PublicKey::from_file(&fixture(file)).unwrap(),
            public,
            "{file}"
        );
    }
}

#[track_caller]
fn assert_private_error(file: &str, expected: fn(&KeyError) -> bool, words: &str) {
    let error = PrivateKey::from_file(&fixture(file)).unwrap_err();
    assert!(expected(&error), "{file}: {error:?}");
    let message = error.to_string();
    assert!(message.contains(words), "{file}: {message}");
    assert!(
        message.contains(file.rsplit('/').next().unwrap()),
        "names the file: {message}"
    );
    assert_no_key_material(&message, file);
}

fn assert_no_key_material(message: &str, file: &str) {
    let text = std::fs::read_to_string(fixture(file)).unwrap_or_default();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    for window in body.as_bytes().chunks(16).filter(|c| c.len() == 16) {
        let piece = std::str::from_utf8(window).unwrap();
        assert!(
            !message.contains(piece),
            "key material in message: {message}"
        );
    }
}

/// A bad key file, how its error is recognised, and words its message must hold.
type KeyCase = (&'static str, fn(&KeyError) -> bool, &'static str);

#[test]
fn every_bad_key_gets_an_error_that_says_what_was_found() {
    let cases: [KeyCase; 8] = [
        (
            "keys/test-encrypted-private.pem",
            |e| matches!(e, KeyError::EncryptedPem { .. }),
            "encrypted",
        ),
        (
            "keys/test-certificate.pem",
            |e| matches!(e, KeyError::Certificate { .. }),
            "certificate",
        ),
        (
            "keys/test-merchant-public.pem",
            |e| matches!(e, KeyError::PublicWherePrivate { .. }),
            "public key where",
        ),
        (
            "keys/test-short-1024-private.pem",
            |e| matches!(e, KeyError::TooShort { bits: 1024, .. }),
            "1024-bit",
        ),
        (
            "keys/test-short-512-private.pem",
            |e| matches!(e, KeyError::TooShort { bits: 512, .. }),
            "512-bit",
        ),
        (
            "keys/test-ec-private.pem",
            |e| matches!(e, KeyError::Unrecognised { .. }),
            "not a valid RSA key",
        ),
        (
            "keys/README.md",
            |e| matches!(e, KeyError::Unrecognised { .. }),
            "neither PEM nor base64",
        ),
        (
            "keys/does-not-exist.pem",
            |e| matches!(e, KeyError::Unreadable { .. }),
            "cannot read",
        ),
    ];
    for (file, expected, words) in cases {
        assert_private_error(file, expected, words);
    }

    let error = PublicKey::from_file(&fixture("keys/test-merchant-private.pem")).unwrap_err();
    assert!(
        matches!(error, KeyError::PrivateWherePublic { .. }),
        "{error:?}"
    );
    assert_no_key_material(&error.to_string(), "keys/test-merchant-private.pem");
    let error =
        PrivateKey::from_text("  \n", KeySource::Env("VAULTCHECK_PRIVATE_KEY".into())).unwrap_err();
    assert_eq!(
        error.to_string().split(';').next().unwrap(),
        "environment variable VAULTCHECK_PRIVATE_KEY is empty"
    );
}

#[test]
fn key_types_never_print_their_material() {
    let key = merchant_key();
    let debug = format!("{key:?} {:?}", key.public_key());
    assert_eq!(
        debug,
        "PrivateKey(RSA 2048 bits, material redacted) PublicKey(RSA 2048 bits)"
    );
}

#[test]
fn keys_generate_writes_a_pair_that_signs_and_verifies() {
    let dir = std::env::temp_dir().join(format!("vaultcheck-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let output = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args(["keys", "generate", "--seed", "7", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let content = b"generated";
    for private in [
        "private-key.pem",
        "private-key.pkcs1.pem",
        "private-key.b64",
    ] {
        let key = PrivateKey::from_file(&dir.join(private)).unwrap();
        for public in ["public-key.pem", "public-key.b64"] {
            let public = PublicKey::from_file(&dir.join(public)).unwrap();
            assert!(
                public.verify_raw(content, &key.sign_raw(content)),
                "{private}"
            );
        }
    }
    // A second run refuses to overwrite the pair.
    let again = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args(["keys", "generate", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn keys_come_from_a_variable_holding_the_key_or_its_path() {
    let b64 = std::fs::read_to_string(fixture("keys/test-merchant-private.b64")).unwrap();
    // SAFETY: these variable names are used by this test alone.
    unsafe {
        std::env::set_var("VAULTCHECK_TEST_KEY_TEXT", &b64);
        std::env::set_var(
            "VAULTCHECK_TEST_KEY_PATH",
            fixture("keys/test-merchant-private.pem"),
        );
        std::env::set_var(
            "VAULTCHECK_TEST_KEY_PUBLIC",
            fixture("keys/test-merchant-public.b64"),
        );
    }
    let content = b"from the environment";
    let from_text = PrivateKey::from_env("VAULTCHECK_TEST_KEY_TEXT").unwrap();
    let from_path = PrivateKey::from_env("VAULTCHECK_TEST_KEY_PATH").unwrap();
    assert_eq!(from_text.sign_raw(content), from_path.sign_raw(content));
    let public = PublicKey::from_env("VAULTCHECK_TEST_KEY_PUBLIC").unwrap();
    assert!(public.verify_raw(content, &from_text.sign_raw(content)));
    let missing = PrivateKey::from_env("VAULTCHECK_TEST_KEY_UNSET").unwrap_err();
    assert_eq!(
        missing.to_string(),
        "cannot read environment variable VAULTCHECK_TEST_KEY_UNSET: it is not set"
    );
}

#[test]
fn the_verify_command_says_valid_invalid_or_cannot_run() {
    let dir = std::env::temp_dir().join(format!("vaultcheck-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = "/ams/sandbox/api/v1/vaults/inquireVaulting";
    let body = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"vaultingRequestId":"a","vaultingStatus":"FAIL"}"#;
    let time = "2026-11-24T10:00:00+08:00";
    let antom = PrivateKey::from_file(&fixture("keys/test-antom-private.pem")).unwrap();
    let signature = sign(&antom, &sign_content(path, CLIENT_ID, time, body));
    std::fs::write(dir.join("body.json"), body).unwrap();
    std::fs::write(
        dir.join("headers.txt"),
        format!("HTTP/1.1 200 OK\r\nclient-id: {CLIENT_ID}\r\nresponse-time: {time}\r\nsignature: algorithm=RSA256, keyVersion=1, signature={signature}\r\n"),
    )
    .unwrap();
    std::fs::write(dir.join("tampered.json"), [&body[..], b" "].concat()).unwrap();
    let verify_with = |body: &str, key: &str| {
        Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
            .args(["verify", "--path", path])
            .arg("--public-key")
            .arg(fixture(key))
            .arg("--body")
            .arg(dir.join(body))
            .arg("--headers")
            .arg(dir.join("headers.txt"))
            .output()
            .unwrap()
    };
    let valid = verify_with("body.json", "keys/test-antom-public.pem");
    assert_eq!(
        valid.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );
    assert!(String::from_utf8_lossy(&valid.stdout).starts_with("valid"));
    let invalid = verify_with("tampered.json", "keys/test-antom-public.pem");
    assert_eq!(invalid.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&invalid.stdout).starts_with("invalid"));
    let wrong_key = verify_with("body.json", "keys/test-merchant-public.pem");
    assert_eq!(wrong_key.status.code(), Some(1));
    let no_key = verify_with("body.json", "keys/test-merchant-private.pem");
    assert_eq!(no_key.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&no_key.stderr);
    assert!(
        stderr.contains("private key where Antom's public key belongs"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn generated_private_keys_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("vaultcheck-keymode-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_vaultcheck"))
        .args(["keys", "generate", "--seed", "8", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mode = |name: &str| {
        std::fs::metadata(dir.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("private-key.pem"), 0o600);
    assert_eq!(mode("private-key.b64"), 0o600);
    assert_ne!(
        mode("public-key.pem") & 0o044,
        0,
        "public keys stay readable"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_fast_and_the_portable_signer_agree_byte_for_byte() {
    let key = merchant_key();
    assert!(
        key.signs_fast(),
        "a 2048-bit PKCS#8 key takes the fast path"
    );
    for body in ["", "{}", "{\"vaultingRequestId\":\"ü✓\"}"] {
        let content = sign_content(
            "/ams/api/v1/vaults/inquireVaulting",
            CLIENT_ID,
            REQUEST_TIME,
            body.as_bytes(),
        );
        assert_eq!(key.sign_raw(&content), key.sign_raw_portable(&content));
    }
}
