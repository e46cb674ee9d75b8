//! The merchant's acknowledgement of a notifyVaulting (reference §3.4, [DOC-NV]): HTTP 200 and a
//! body whose `result` holds `resultStatus` `S` and `resultCode` `SUCCESS` (any
//! `resultMessage`, unsigned). Without it Antom resends. Written once: the simulator's notifier
//! decides with it whether to resend, and `vaultcheck notify` judges receivers with it.

use serde_json::Value;

/// The documented acknowledgement, as a receiver may send it.
pub const ACKNOWLEDGEMENT: &str =
    r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

/// Why an answer is not the documented acknowledgement, or `None` when it is. `status` is the
/// HTTP status (`None`: no answer came).
pub fn problem(status: Option<u16>, body: &[u8]) -> Option<String> {
    let Some(status) = status else {
        return Some("no answer".into());
    };
    if status != 200 {
        return Some(format!("HTTP {status}"));
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(format!(
            "HTTP 200 with a body that is not JSON ({})",
            shown(body)
        ));
    };
    let result = &value["result"];
    if !result.is_object() {
        return Some("HTTP 200 with a JSON body without a `result` object".into());
    }
    let (status_field, code) = (&result["resultStatus"], &result["resultCode"]);
    if status_field != "S" || code != "SUCCESS" {
        return Some(format!(
            "HTTP 200 with resultStatus {} and resultCode {}",
            short(status_field),
            short(code)
        ));
    }
    None
}

/// Whether an answer accepts the notification as SUCCESS in any way a sender could read it:
/// HTTP 200 with `resultStatus` `S` or `resultCode` `SUCCESS`. Refusing in any other way (a
/// non-200 status, `F`, no answer, a body that is no acknowledgement) is not acceptance.
pub fn accepts(status: Option<u16>, body: &[u8]) -> bool {
    status == Some(200)
        && serde_json::from_slice::<Value>(body).is_ok_and(|value| {
            value["result"]["resultStatus"] == "S" || value["result"]["resultCode"] == "SUCCESS"
        })
}

/// A JSON value in a few characters (a missing field is `absent`).
fn short(value: &Value) -> String {
    match value {
        Value::Null => "absent".into(),
        Value::String(s) => format!("`{}`", s.chars().take(40).collect::<String>()),
        other => format!("a {}", crate::redact::kind(other)),
    }
}

/// A body that is not JSON, for a message: a short word (`success`, `OK`) quoted, anything
/// else only by its length (an answer may echo a card token or a signature).
fn shown(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let word = text.trim();
    if word.is_empty() {
        "empty".into()
    } else if word.len() <= 12 && word.chars().all(|c| c.is_ascii_alphabetic()) {
        format!("`{word}`")
    } else {
        format!("{} bytes", body.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_200_with_s_and_success_acknowledges() {
        assert_eq!(problem(Some(200), ACKNOWLEDGEMENT.as_bytes()), None);
        assert_eq!(
            problem(
                Some(200),
                br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#
            ),
            None
        );
        assert!(
            problem(Some(500), ACKNOWLEDGEMENT.as_bytes())
                .unwrap()
                .contains("500")
        );
        assert!(problem(Some(200), b"success").unwrap().contains("not JSON"));
        assert!(
            problem(Some(200), b"{}")
                .unwrap()
                .contains("without a `result`")
        );
        assert!(
            problem(
                Some(200),
                br#"{"result":{"resultCode":"OK","resultStatus":"S"}}"#
            )
            .unwrap()
            .contains("`OK`")
        );
        assert_eq!(problem(None, b"").as_deref(), Some("no answer"));
    }

    #[test]
    fn acceptance_is_any_success_sign_on_200() {
        assert!(accepts(Some(200), ACKNOWLEDGEMENT.as_bytes()));
        assert!(accepts(Some(200), br#"{"result":{"resultStatus":"S"}}"#));
        assert!(!accepts(Some(401), ACKNOWLEDGEMENT.as_bytes()));
        assert!(!accepts(
            Some(200),
            br#"{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F"}}"#
        ));
        assert!(!accepts(Some(200), b"success"));
        assert!(!accepts(None, b""));
    }
}
