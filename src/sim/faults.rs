//! Fault switches that test the tester: each makes the simulator break exactly one rule of the
//! contract, so a run with it switched on proves the check for that rule catches it. Selected
//! for a whole run (`--fault NAME`) or per request (header `x-vaultcheck-fault: NAME`).

use std::fmt;

/// One way for the simulator to misbehave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    OmitVaultingStatus,
    UrlWithFail,
    DetailWithProcessing,
    WrongIdEcho,
    NumberForString,
    WrongStatusForCode,
    UnknownBrand,
    BadSignature,
    MissingSignature,
    WrongContentType,
    Http500,
    Http400,
    TruncatedBody,
    Slow,
    ChangedResultOnRepeat,
    StatusRegression,
    MaskMismatch,
    AcceptUnsigned,
    AcceptInvalid,
    RejectValid,
    AcceptGet,
    UnsignedNotification,
}

/// Every fault, its name, the check that must catch it, and what it does.
pub const FAULTS: &[(Fault, &str, &str, &str)] = &[
    (
        Fault::OmitVaultingStatus,
        "omit-vaulting-status",
        "vaulting_status_coupling",
        "inquireVaulting S answers lack vaultingStatus",
    ),
    (
        Fault::UrlWithFail,
        "url-with-fail",
        "redirect_url_coupling",
        "FAIL and SUCCESS inquiries carry a normalUrl",
    ),
    (
        Fault::DetailWithProcessing,
        "detail-with-processing",
        "payment_method_detail_coupling",
        "PROCESSING inquiries carry a paymentMethodDetail",
    ),
    (
        Fault::WrongIdEcho,
        "wrong-id-echo",
        "request_id_echo",
        "answers echo another vaultingRequestId",
    ),
    (
        Fault::NumberForString,
        "number-for-string",
        "string_typed_values",
        "result.resultMessage is a JSON number",
    ),
    (
        Fault::WrongStatusForCode,
        "wrong-status-for-code",
        "result_code_table",
        "F and U business codes come with the other status",
    ),
    (
        Fault::UnknownBrand,
        "unknown-brand",
        "response_schema_conformance",
        "card.brand is not a documented brand",
    ),
    (
        Fault::BadSignature,
        "bad-signature",
        "response_signature",
        "response signatures do not verify",
    ),
    (
        Fault::MissingSignature,
        "missing-signature",
        "response_headers_conformance",
        "signed answers come without a Signature header",
    ),
    (
        Fault::WrongContentType,
        "wrong-content-type",
        "content_type_conformance",
        "answers say text/plain",
    ),
    (
        Fault::Http500,
        "http-500",
        "not_a_server_error",
        "answers come with HTTP 500",
    ),
    (
        Fault::Http400,
        "http-400",
        "status_code_conformance",
        "answers come with HTTP 400",
    ),
    (
        Fault::TruncatedBody,
        "truncated-body",
        "response_schema_conformance",
        "answer bodies are cut in half (and signed so)",
    ),
    (
        Fault::Slow,
        "slow",
        "(harness timeout)",
        "answers wait 3 s: the harness reports a timeout error, not a violation",
    ),
    (
        Fault::ChangedResultOnRepeat,
        "changed-result-on-repeat",
        "idempotent_final_result",
        "repeated inquiries of a final vaulting change resultMessage",
    ),
    (
        Fault::StatusRegression,
        "status-regression",
        "status_monotonic",
        "a final vaulting is reported PROCESSING again on later inquiries",
    ),
    (
        Fault::MaskMismatch,
        "mask-mismatch",
        "card_detail_consistency",
        "maskedCardNo ends in other digits than the vaulted card",
    ),
    (
        Fault::AcceptUnsigned,
        "accept-unsigned",
        "ignored_auth",
        "the gateway lets unsigned and wrongly signed requests through",
    ),
    (
        Fault::AcceptInvalid,
        "accept-invalid",
        "negative_data_rejection",
        "requests that break the contract are served as if valid",
    ),
    (
        Fault::RejectValid,
        "reject-valid",
        "positive_data_acceptance",
        "valid requests with a non-ASCII vaultingRequestId are refused",
    ),
    (
        Fault::AcceptGet,
        "accept-get",
        "unsupported_method",
        "GET is served like POST",
    ),
    (
        Fault::UnsignedNotification,
        "unsigned-notification",
        "notification_conformance",
        "notifyVaulting is sent without a signature",
    ),
];

impl Fault {
    pub fn name(self) -> &'static str {
        FAULTS.iter().find(|f| f.0 == self).map_or("?", |f| f.1)
    }

    /// The check that must catch this fault.
    pub fn caught_by(self) -> &'static str {
        FAULTS.iter().find(|f| f.0 == self).map_or("?", |f| f.2)
    }

    /// Every check that reports this fault: its own, and `notification_conformance` when the
    /// broken value also reaches notifications (which that check judges as a whole).
    pub fn reported_by(self) -> &'static [&'static str] {
        match self {
            Fault::UnknownBrand => &["response_schema_conformance", "notification_conformance"],
            _ => FAULTS
                .iter()
                .find(|f| f.0 == self)
                .map_or(&[][..], |f| std::slice::from_ref(&f.2)),
        }
    }

    /// Reads fault names (from `--fault` options or the per-request header).
    pub fn parse_all<'a>(
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<Fault>, crate::Error> {
        names.into_iter().map(Fault::parse).collect()
    }

    pub fn parse(name: &str) -> Result<Fault, crate::Error> {
        FAULTS
            .iter()
            .find(|f| f.1.eq_ignore_ascii_case(name.trim()))
            .map(|f| f.0)
            .ok_or_else(|| {
                let names: Vec<&str> = FAULTS.iter().map(|f| f.1).collect();
                crate::Error::Config {
                    setting: "fault".into(),
                    reason: format!("`{name}` is not a fault; use one of: {}", names.join(", ")),
                }
            })
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The faults in force for one request: the run's plus the request's own.
#[derive(Debug, Clone, Default)]
pub struct FaultSet(Vec<Fault>);

impl FaultSet {
    pub fn new(faults: Vec<Fault>) -> Self {
        FaultSet(faults)
    }

    pub fn with(&self, extra: impl IntoIterator<Item = Fault>) -> Self {
        let mut all = self.0.clone();
        all.extend(extra);
        FaultSet(all)
    }

    pub fn has(&self, fault: Fault) -> bool {
        self.0.contains(&fault)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Fault> + '_ {
        self.0.iter().copied()
    }
}
