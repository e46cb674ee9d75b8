//! Form-style percent-encoding of signatures, as Java's `URLEncoder` and Python's `quote_plus`
//! write it, and a tolerant decoder (either hex case, raw `+`, `/`, `=` kept as they are).

/// Encodes everything but `A-Z a-z 0-9 - _ . *` (upper-case hex).
pub fn encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for byte in input.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xF)] as char);
            }
        }
    }
    out
}

/// Decodes `%XX` (either case). Other characters, including a raw `+`, are kept: base64 has no
/// spaces, so a raw `+` is a signature that was never encoded. Returns `None` on a broken escape.
pub fn decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = input.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_base64_punctuation_like_java() {
        assert_eq!(encode("ab+/c=="), "ab%2B%2Fc%3D%3D");
    }

    #[test]
    fn decodes_either_case_and_raw_characters() {
        assert_eq!(decode("ab%2b%2Fc%3d%3D").unwrap(), "ab+/c==");
        assert_eq!(decode("ab+/c==").unwrap(), "ab+/c==");
        assert_eq!(decode("ab%2"), None);
        assert_eq!(decode("ab%zz"), None);
    }
}
