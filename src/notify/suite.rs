//! The notifications `vaultcheck notify` sends, playing Antom: what each one is ([`Probe`]), its
//! body, and its headers signed (or mis-signed) over the receiver's own path (reference §4.4).
//! Every notification names a fresh `vaultingRequestId` the receiver never saw, as a real
//! vaulting would; the repeat carries the first one's body byte for byte.

use crate::contract::result_codes::result_object;
use crate::protocol::keys::PrivateKey;
use crate::protocol::{SignatureHeader, headers, percent, sign, sign_content, time};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// One notification of the suite: what it is and what the receiver owes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Probe {
    /// A genuine notification of a successful vaulting (`S`, with `paymentMethodDetail`): it
    /// must be acknowledged.
    GenuineSuccess,
    /// The genuine success notification sent again, as Antom resends: acknowledged the same way.
    Repeat,
    /// A genuine notification of a failed vaulting (`F`): acknowledged as the success one.
    GenuineFail,
    /// Signed as Antom signs, but the signature's bytes altered: never acknowledged as SUCCESS.
    WrongSignature,
    /// Antom's signature of a failed vaulting on a body that claims success: never acknowledged.
    TamperedBody,
    /// No `Signature` header (`Client-Id` and `Request-Time` present): never acknowledged.
    Unsigned,
    /// Signed with Antom's key over another path than the receiver's own: never acknowledged.
    WrongPath(String),
}

impl Probe {
    /// The name reports give it (`genuine-success`, `wrong-path /notify`).
    pub fn name(&self) -> String {
        match self {
            Probe::GenuineSuccess => "genuine-success".into(),
            Probe::Repeat => "repeat".into(),
            Probe::GenuineFail => "genuine-fail".into(),
            Probe::WrongSignature => "wrong-signature".into(),
            Probe::TamperedBody => "tampered-body".into(),
            Probe::Unsigned => "unsigned".into(),
            Probe::WrongPath(path) => format!("wrong-path {path}"),
        }
    }

    /// Whether the notification is Antom's own (so it must be acknowledged) rather than forged.
    pub fn is_genuine(&self) -> bool {
        matches!(
            self,
            Probe::GenuineSuccess | Probe::Repeat | Probe::GenuineFail
        )
    }
}

/// A notification ready to send: the path and query it goes to, its headers and body.
pub(crate) struct Prepared {
    pub(crate) probe: Probe,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// Who signs, as whom, to which path.
pub(crate) struct Signing<'a> {
    pub(crate) antom_key: &'a PrivateKey,
    pub(crate) client_id: &'a str,
    /// The receiver's own path and query: what a genuine notification is signed over.
    pub(crate) path: &'a str,
}

/// The paths a wrong-path notification is signed over: the receiver's last path segment alone
/// (a receiver mounted under a prefix that verifies over the path its router sees) and `/`;
/// never the receiver's own path.
pub(crate) fn wrong_paths(own: &str) -> Vec<String> {
    let path_only = own.split('?').next().unwrap_or(own);
    let last = path_only
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let mut paths = vec![format!("/{last}"), "/".to_owned()];
    paths.retain(|p| p != own && p != path_only);
    paths.dedup();
    paths
}

/// The suite in the order it is sent: the genuine success first (an answer to it shows the
/// receiver is reachable), its repeat, the genuine failure, then the forgeries.
pub(crate) fn plan(signing: &Signing<'_>, run: &str) -> Vec<Prepared> {
    let id = |n: &str| format!("vaultcheck-notify-{run}-{n}");
    let first = body(&success(&id("success")));
    let mut out = vec![
        signed(signing, Probe::GenuineSuccess, first.clone(), signing.path),
        signed(signing, Probe::Repeat, first, signing.path),
        signed(
            signing,
            Probe::GenuineFail,
            body(&failure(&id("fail"))),
            signing.path,
        ),
    ];
    let mut wrong = signed(
        signing,
        Probe::WrongSignature,
        body(&success(&id("wrong-signature"))),
        signing.path,
    );
    for (name, value) in &mut wrong.headers {
        if name == headers::SIGNATURE.as_str() {
            *value = SignatureHeader::new(headers::KEY_VERSION, altered(value)).to_string();
        }
    }
    out.push(wrong);
    let tampered_id = id("tampered");
    let mut tampered = signed(
        signing,
        Probe::TamperedBody,
        body(&failure(&tampered_id)),
        signing.path,
    );
    tampered.body = body(&success(&tampered_id));
    out.push(tampered);
    let mut unsigned = signed(
        signing,
        Probe::Unsigned,
        body(&success(&id("unsigned"))),
        signing.path,
    );
    unsigned
        .headers
        .retain(|(name, _)| name != headers::SIGNATURE.as_str());
    out.push(unsigned);
    for (index, path) in wrong_paths(signing.path).into_iter().enumerate() {
        out.push(signed(
            signing,
            Probe::WrongPath(path.clone()),
            body(&success(&id(&format!("wrong-path-{index}")))),
            &path,
        ));
    }
    out
}

fn body(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a Value serializes")
}

/// A successful vaulting's notification, about Antom's `success` test card.
fn success(id: &str) -> Value {
    json!({
        "result": result_object("SUCCESS", Some("success")),
        "vaultingRequestId": id,
        "vaultingStatus": "SUCCESS",
        "vaultingCreateTime": time::iso8601_seconds(time::now_millis() / 1000),
        "paymentMethodDetail": {
            "paymentMethodType": "CARD",
            "card": {
                "cardToken": format!("ALIPAY{}", id.len() * 7919 + 10_007),
                "brand": "VISA",
                "maskedCardNo": "************0768",
            },
        },
    })
}

/// A failed vaulting's notification.
fn failure(id: &str) -> Value {
    json!({
        "result": result_object("VERIFICATION_FAIL", None),
        "vaultingRequestId": id,
        "vaultingStatus": "FAIL",
        "vaultingCreateTime": time::iso8601_seconds(time::now_millis() / 1000),
    })
}

/// The notification with Antom's headers, signed over `path`.
fn signed(signing: &Signing<'_>, probe: Probe, body: Vec<u8>, path: &str) -> Prepared {
    let request_time = time::now_millis().to_string();
    let content = sign_content(path, signing.client_id, &request_time, &body);
    let header = SignatureHeader::new(headers::KEY_VERSION, sign(signing.antom_key, &content));
    Prepared {
        probe,
        headers: vec![
            (
                headers::CONTENT_TYPE.as_str().to_owned(),
                crate::protocol::CONTENT_TYPE.to_owned(),
            ),
            (
                headers::CLIENT_ID.as_str().to_owned(),
                signing.client_id.to_owned(),
            ),
            (headers::REQUEST_TIME.as_str().to_owned(), request_time),
            (headers::SIGNATURE.as_str().to_owned(), header.to_string()),
        ],
        body,
    }
}

/// The signature of a `Signature` header with one byte of it altered, re-encoded as Antom
/// encodes: well-formed, the right length, and not a signature of anything.
fn altered(header_value: &str) -> String {
    let signature = SignatureHeader::parse(header_value)
        .map(|h| h.signature)
        .unwrap_or_default();
    let raw = percent::decode(&signature)
        .and_then(|text| STANDARD.decode(text.trim()).ok())
        .unwrap_or_else(|| vec![0; 256]);
    let mut raw = raw;
    let middle = raw.len() / 2;
    if let Some(byte) = raw.get_mut(middle) {
        *byte ^= 0x5a;
    }
    percent::encode(&STANDARD.encode(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_paths_are_never_the_receivers_own() {
        assert_eq!(wrong_paths("/antom/notify"), ["/notify", "/"]);
        assert_eq!(wrong_paths("/notify"), ["/"]);
        assert_eq!(wrong_paths("/"), Vec::<String>::new());
        assert_eq!(wrong_paths("/a/b?x=1"), ["/b", "/"]);
    }
}
