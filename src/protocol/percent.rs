//! Form-style percent-encoding of signatures, as Java's `URLEncoder` and Python's `quote_plus`
//! write it, and a tolerant decoder (either hex case, raw `+`, `/`, `=` kept as they are).
//! The codecs are `form_urlencoded` and `percent_encoding` (the `url` crate's own); this module
//! only adds the refusal of broken escapes.

/// Encodes everything but `A-Z a-z 0-9 - _ . *` (upper-case hex; a space becomes `+`).
pub(crate) fn encode(input: &str) -> String {
    form_urlencoded::byte_serialize(input.as_bytes()).collect()
}

/// Decodes `%XX` (either case). Other characters, including a raw `+`, are kept: base64 has no
/// spaces, so a raw `+` is a signature that was never encoded. Returns `None` on a broken escape
/// (`%` not followed by two hex digits) or when the bytes are not UTF-8.
pub(crate) fn decode(input: &str) -> Option<String> {
    let escapes_whole = input.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole {
        return None;
    }
    percent_encoding::percent_decode_str(input)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_base64_punctuation_like_java() {
        assert_eq!(encode("ab+/c=="), "ab%2B%2Fc%3D%3D");
        assert_eq!(encode("a b*-_.~é"), "a+b*-_.%7E%C3%A9");
    }

    #[test]
    fn decodes_either_case_and_raw_characters() {
        assert_eq!(decode("ab%2b%2Fc%3d%3D").unwrap(), "ab+/c==");
        assert_eq!(decode("ab+/c==").unwrap(), "ab+/c==");
        assert_eq!(decode("ab%2"), None);
        assert_eq!(decode("ab%zz"), None);
        assert_eq!(decode("ab%2%41"), None);
        assert_eq!(decode("%ff"), None);
        assert_eq!(decode("a%20b%25"), Some("a b%".into()));
    }
}
