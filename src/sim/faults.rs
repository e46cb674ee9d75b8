//! Fault switches that test the tester: each makes the simulator break exactly one rule of the
//! contract, so a run with it switched on proves the check for that rule catches it. Selected
//! for a whole run (`--fault NAME`) or per request (header `x-vaultcheck-fault: NAME`).

use crate::contract::CheckId;
use std::fmt;

/// One way for the simulator to misbehave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// inquireVaulting answers lack `vaultingStatus`.
    OmitVaultingStatus,
    /// FAIL and SUCCESS inquiries carry a `normalUrl`, which only PROCESSING ones may.
    UrlWithFail,
    /// PROCESSING inquiries carry a `paymentMethodDetail`.
    DetailWithProcessing,
    /// Answers echo a `vaultingRequestId` whose last character differs from the request's.
    WrongIdEcho,
    /// `result.resultMessage` is a JSON number instead of a string.
    NumberForString,
    /// F and U business codes come with the other of the two statuses.
    WrongStatusForCode,
    /// `card.brand` is not a documented brand (`VISA_CLASSIC`).
    UnknownBrand,
    /// Response signatures are computed over altered content, so they do not verify.
    BadSignature,
    /// Signed answers come without a `Signature` header.
    MissingSignature,
    /// Answers say `Content-Type: text/plain; charset=UTF-8`.
    WrongContentType,
    /// Answers come with HTTP 500 (body unchanged).
    Http500,
    /// Answers come with HTTP 400 (body unchanged).
    Http400,
    /// Answer bodies are cut in half, and the half is what gets signed.
    TruncatedBody,
    /// Every answer waits 3 s; caught by the harness's timeout, not by a check.
    Slow,
    /// Repeated inquiries of a final vaulting change `resultMessage`.
    ChangedResultOnRepeat,
    /// A final vaulting is reported PROCESSING again on later inquiries.
    StatusRegression,
    /// `maskedCardNo` ends in other digits than the vaulted card.
    MaskMismatch,
    /// The gateway lets unsigned and wrongly signed requests through.
    AcceptUnsigned,
    /// Requests that break the contract are served as if valid.
    AcceptInvalid,
    /// Valid requests with a non-ASCII `vaultingRequestId` are refused with PARAM_ILLEGAL.
    RejectValid,
    /// GET (and any other method) is served like POST.
    AcceptGet,
    /// notifyVaulting is sent without a `Signature` header.
    UnsignedNotification,
    /// Answers and notifications show the whole vaulted card number as `maskedCardNo`.
    FullMaskedNumber,
    /// vaultPaymentMethod answers echo the request's `cvv` in `paymentMethodDetail.card.cvv`.
    EchoCvv,
    /// Every vaulted card gets the same `cardToken`.
    SharedToken,
}

/// Who notices a fault: a check, or (for a fault that only delays) the harness's timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Catcher {
    /// The check made for the broken rule.
    Check(CheckId),
    /// The harness reports a timeout error, not a violation.
    HarnessTimeout,
}

impl fmt::Display for Catcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Catcher::Check(id) => id.fmt(f),
            Catcher::HarnessTimeout => f.pad("(harness timeout)"),
        }
    }
}

/// One fault: its name on the command line, who catches it, and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultInfo {
    /// The fault this row describes.
    pub fault: Fault,
    /// The name for `--fault` and the fault header.
    pub name: &'static str,
    /// Who must notice the fault when it is on.
    pub caught_by: Catcher,
    /// What the simulator does with the fault on.
    pub effect: &'static str,
}

/// Every fault, its name, who must catch it, and what it does.
pub const FAULTS: &[FaultInfo] = &[
    FaultInfo {
        fault: Fault::OmitVaultingStatus,
        name: "omit-vaulting-status",
        caught_by: Catcher::Check(CheckId::VaultingStatusCoupling),
        effect: "inquireVaulting S answers lack vaultingStatus",
    },
    FaultInfo {
        fault: Fault::UrlWithFail,
        name: "url-with-fail",
        caught_by: Catcher::Check(CheckId::RedirectUrlCoupling),
        effect: "FAIL and SUCCESS inquiries carry a normalUrl",
    },
    FaultInfo {
        fault: Fault::DetailWithProcessing,
        name: "detail-with-processing",
        caught_by: Catcher::Check(CheckId::PaymentMethodDetailCoupling),
        effect: "PROCESSING inquiries carry a paymentMethodDetail",
    },
    FaultInfo {
        fault: Fault::WrongIdEcho,
        name: "wrong-id-echo",
        caught_by: Catcher::Check(CheckId::RequestIdEcho),
        effect: "answers echo another vaultingRequestId",
    },
    FaultInfo {
        fault: Fault::NumberForString,
        name: "number-for-string",
        caught_by: Catcher::Check(CheckId::StringTypedValues),
        effect: "result.resultMessage is a JSON number",
    },
    FaultInfo {
        fault: Fault::WrongStatusForCode,
        name: "wrong-status-for-code",
        caught_by: Catcher::Check(CheckId::ResultCodeTable),
        effect: "F and U business codes come with the other status",
    },
    FaultInfo {
        fault: Fault::UnknownBrand,
        name: "unknown-brand",
        caught_by: Catcher::Check(CheckId::ResponseSchemaConformance),
        effect: "card.brand is not a documented brand",
    },
    FaultInfo {
        fault: Fault::BadSignature,
        name: "bad-signature",
        caught_by: Catcher::Check(CheckId::ResponseSignature),
        effect: "response signatures do not verify",
    },
    FaultInfo {
        fault: Fault::MissingSignature,
        name: "missing-signature",
        caught_by: Catcher::Check(CheckId::ResponseHeadersConformance),
        effect: "signed answers come without a Signature header",
    },
    FaultInfo {
        fault: Fault::WrongContentType,
        name: "wrong-content-type",
        caught_by: Catcher::Check(CheckId::ContentTypeConformance),
        effect: "answers say text/plain",
    },
    FaultInfo {
        fault: Fault::Http500,
        name: "http-500",
        caught_by: Catcher::Check(CheckId::NotAServerError),
        effect: "answers come with HTTP 500",
    },
    FaultInfo {
        fault: Fault::Http400,
        name: "http-400",
        caught_by: Catcher::Check(CheckId::StatusCodeConformance),
        effect: "answers come with HTTP 400",
    },
    FaultInfo {
        fault: Fault::TruncatedBody,
        name: "truncated-body",
        caught_by: Catcher::Check(CheckId::ResponseSchemaConformance),
        effect: "answer bodies are cut in half (and signed so)",
    },
    FaultInfo {
        fault: Fault::Slow,
        name: "slow",
        caught_by: Catcher::HarnessTimeout,
        effect: "answers wait 3 s: the harness reports a timeout error, not a violation",
    },
    FaultInfo {
        fault: Fault::ChangedResultOnRepeat,
        name: "changed-result-on-repeat",
        caught_by: Catcher::Check(CheckId::IdempotentFinalResult),
        effect: "repeated inquiries of a final vaulting change resultMessage",
    },
    FaultInfo {
        fault: Fault::StatusRegression,
        name: "status-regression",
        caught_by: Catcher::Check(CheckId::StatusMonotonic),
        effect: "a final vaulting is reported PROCESSING again on later inquiries",
    },
    FaultInfo {
        fault: Fault::MaskMismatch,
        name: "mask-mismatch",
        caught_by: Catcher::Check(CheckId::CardDetailConsistency),
        effect: "maskedCardNo ends in other digits than the vaulted card",
    },
    FaultInfo {
        fault: Fault::AcceptUnsigned,
        name: "accept-unsigned",
        caught_by: Catcher::Check(CheckId::IgnoredAuth),
        effect: "the gateway lets unsigned and wrongly signed requests through",
    },
    FaultInfo {
        fault: Fault::AcceptInvalid,
        name: "accept-invalid",
        caught_by: Catcher::Check(CheckId::NegativeDataRejection),
        effect: "requests that break the contract are served as if valid",
    },
    FaultInfo {
        fault: Fault::RejectValid,
        name: "reject-valid",
        caught_by: Catcher::Check(CheckId::PositiveDataAcceptance),
        effect: "valid requests with a non-ASCII vaultingRequestId are refused",
    },
    FaultInfo {
        fault: Fault::AcceptGet,
        name: "accept-get",
        caught_by: Catcher::Check(CheckId::UnsupportedMethod),
        effect: "GET is served like POST",
    },
    FaultInfo {
        fault: Fault::UnsignedNotification,
        name: "unsigned-notification",
        caught_by: Catcher::Check(CheckId::NotificationConformance),
        effect: "notifyVaulting is sent without a signature",
    },
    FaultInfo {
        fault: Fault::FullMaskedNumber,
        name: "full-masked-number",
        caught_by: Catcher::Check(CheckId::MaskedCardNumber),
        effect: "answers and notifications show the whole card number as maskedCardNo",
    },
    FaultInfo {
        fault: Fault::EchoCvv,
        name: "echo-cvv",
        caught_by: Catcher::Check(CheckId::NoCvvInResponse),
        effect: "vaultPaymentMethod answers echo the request's cvv in the card detail",
    },
    FaultInfo {
        fault: Fault::SharedToken,
        name: "shared-token",
        caught_by: Catcher::Check(CheckId::CardTokenUnique),
        effect: "every vaulted card gets the same cardToken (use it for a whole run)",
    },
];

impl Fault {
    /// The fault's row of [`FAULTS`].
    pub fn info(self) -> &'static FaultInfo {
        FAULTS
            .iter()
            .find(|f| f.fault == self)
            .expect("every fault has a row in FAULTS (tested)")
    }

    /// The name for `--fault` and the fault header (`omit-vaulting-status`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Who must catch this fault.
    pub fn caught_by(self) -> Catcher {
        self.info().caught_by
    }

    /// Every check that reports this fault: its own, and `notification_conformance` when the
    /// broken value also reaches notifications (which that check judges as a whole).
    pub fn reported_by(self) -> Vec<CheckId> {
        match (self, self.caught_by()) {
            (Fault::UnknownBrand, Catcher::Check(own)) => {
                vec![own, CheckId::NotificationConformance]
            }
            (_, Catcher::Check(own)) => vec![own],
            (_, Catcher::HarnessTimeout) => Vec::new(),
        }
    }

    /// Reads fault names (from `--fault` options or the per-request header).
    pub fn parse_all<'a>(
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<Fault>, crate::Error> {
        names.into_iter().map(Fault::parse).collect()
    }

    /// Reads one fault name (any case, surrounding spaces ignored); an unknown name is a
    /// [`crate::Error::Config`] listing every fault.
    pub fn parse(name: &str) -> Result<Fault, crate::Error> {
        FAULTS
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name.trim()))
            .map(|f| f.fault)
            .ok_or_else(|| {
                let names: Vec<&str> = FAULTS.iter().map(|f| f.name).collect();
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
    /// The faults given, in force together.
    pub fn new(faults: Vec<Fault>) -> Self {
        FaultSet(faults)
    }

    /// This set plus `extra` (a request's own faults on top of the run's).
    pub fn with(&self, extra: impl IntoIterator<Item = Fault>) -> Self {
        let mut all = self.0.clone();
        all.extend(extra);
        FaultSet(all)
    }

    /// Whether `fault` is in force.
    pub fn has(&self, fault: Fault) -> bool {
        self.0.contains(&fault)
    }

    /// Whether no fault is in force (the simulator behaves as the contract says).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The faults in force, in the order given (a fault may appear twice).
    pub fn iter(&self) -> impl Iterator<Item = Fault> + '_ {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_has_one_row_and_a_unique_name() {
        for (i, row) in FAULTS.iter().enumerate() {
            assert_eq!(row.fault.info(), row, "{}", row.name);
            assert_eq!(Fault::parse(row.name).ok(), Some(row.fault));
            assert!(
                FAULTS[..i].iter().all(|other| other.name != row.name),
                "{} twice",
                row.name
            );
        }
        assert_eq!(Fault::Slow.caught_by(), Catcher::HarnessTimeout);
        assert!(Fault::Slow.reported_by().is_empty());
    }
}
