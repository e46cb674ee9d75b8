//! The `Signature` header: `algorithm=RSA256,keyVersion=1,signature=<urlencoded base64>`.
//! Parsing is tolerant (spaces after commas, any order, either case of the keys); what it
//! cannot read is described, never panicked on.

use std::fmt;

/// A parsed `Signature` header.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    /// The `algorithm=` value as written (`RSA256` in any case; parsing refuses others).
    pub algorithm: String,
    /// The `keyVersion=` value, when the header has one.
    pub key_version: Option<String>,
    /// The signature as it stood in the header (still URL-encoded).
    pub signature: String,
}

impl fmt::Debug for SignatureHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureHeader")
            .field("algorithm", &self.algorithm)
            .field("key_version", &self.key_version)
            .field(
                "signature",
                &format_args!("[{} characters]", self.signature.len()),
            )
            .finish()
    }
}

/// Why a `Signature` header could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// The header has no content.
    Empty,
    /// A part that is not `name=value`.
    NotAPair(String),
    /// No `algorithm=` part.
    MissingAlgorithm,
    /// An `algorithm=` other than `RSA256` (in any case).
    UnsupportedAlgorithm(String),
    /// No `signature=` part.
    MissingSignature,
    /// A `signature=` part with nothing after the `=`.
    EmptySignature,
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Empty => f.write_str("the Signature header is empty"),
            HeaderProblem::NotAPair(part) => write!(
                f,
                "`{}` is not a name=value pair",
                crate::redact::text(part)
            ),
            HeaderProblem::MissingAlgorithm => f.write_str("no algorithm= part"),
            HeaderProblem::UnsupportedAlgorithm(a) => {
                write!(f, "algorithm `{a}` is not RSA256")
            }
            HeaderProblem::MissingSignature => f.write_str("no signature= part"),
            HeaderProblem::EmptySignature => f.write_str("the signature= part is empty"),
        }
    }
}

impl SignatureHeader {
    /// The header value vaultcheck sends: no spaces, as every official SDK writes it.
    pub fn new(key_version: &str, signature: String) -> Self {
        SignatureHeader {
            algorithm: "RSA256".into(),
            key_version: Some(key_version.into()),
            signature,
        }
    }

    /// Reads a header value; a header it cannot read, or whose algorithm is not RSA256, is a
    /// `HeaderProblem` saying what is wrong.
    pub fn parse(value: &str) -> Result<Self, HeaderProblem> {
        if value.trim().is_empty() {
            return Err(HeaderProblem::Empty);
        }
        let (mut algorithm, mut key_version, mut signature) = (None, None, None);
        for part in value.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            // Split at the first '=': a raw (unencoded) base64 signature keeps its padding.
            let (name, val) = part
                .split_once('=')
                .ok_or_else(|| HeaderProblem::NotAPair(part.chars().take(40).collect()))?;
            match name.trim().to_ascii_lowercase().as_str() {
                "algorithm" => algorithm = Some(val.trim().to_owned()),
                "keyversion" => key_version = Some(val.trim().to_owned()),
                "signature" => signature = Some(val.trim().to_owned()),
                _ => {}
            }
        }
        let algorithm = algorithm.ok_or(HeaderProblem::MissingAlgorithm)?;
        if !algorithm.eq_ignore_ascii_case("RSA256") {
            return Err(HeaderProblem::UnsupportedAlgorithm(algorithm));
        }
        let signature = signature.ok_or(HeaderProblem::MissingSignature)?;
        if signature.is_empty() {
            return Err(HeaderProblem::EmptySignature);
        }
        Ok(SignatureHeader {
            algorithm,
            key_version,
            signature,
        })
    }
}

impl fmt::Display for SignatureHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "algorithm={}", self.algorithm)?;
        if let Some(version) = &self.key_version {
            write!(f, ",keyVersion={version}")?;
        }
        write!(f, ",signature={}", self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_spaces() {
        let a = SignatureHeader::parse("algorithm=RSA256,keyVersion=1,signature=ab%3D%3D").unwrap();
        let b =
            SignatureHeader::parse("algorithm=RSA256, keyVersion=1, signature=ab%3D%3D").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.signature, "ab%3D%3D");
        assert_eq!(
            a.to_string(),
            "algorithm=RSA256,keyVersion=1,signature=ab%3D%3D"
        );
    }

    #[test]
    fn keeps_raw_padding() {
        let h = SignatureHeader::parse("algorithm=RSA256,signature=ab==").unwrap();
        assert_eq!(h.signature, "ab==");
        assert_eq!(h.key_version, None);
    }

    #[test]
    fn describes_every_malformed_header() {
        use HeaderProblem::*;
        assert_eq!(SignatureHeader::parse(" "), Err(Empty));
        assert_eq!(
            SignatureHeader::parse("garbage"),
            Err(NotAPair("garbage".into()))
        );
        assert_eq!(
            SignatureHeader::parse("keyVersion=1,signature=x"),
            Err(MissingAlgorithm)
        );
        assert_eq!(
            SignatureHeader::parse("algorithm=ECC224,signature=x"),
            Err(UnsupportedAlgorithm("ECC224".into()))
        );
        assert_eq!(
            SignatureHeader::parse("algorithm=RSA256,keyVersion=1"),
            Err(MissingSignature)
        );
        assert_eq!(
            SignatureHeader::parse("algorithm=RSA256,signature="),
            Err(EmptySignature)
        );
    }
}
