//! The two time formats of the protocol: `Request-Time` in epoch milliseconds (or ISO 8601, as
//! three official SDKs send it) and `Response-Time` in ISO 8601 to the second. The calendar is
//! jiff's: a date that does not exist (`2019-02-31`) is not a time.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `2026-11-24T02:17:37+00:00` for a time in epoch seconds (UTC); times beyond jiff's range
/// (years -9999 to 9999) are clamped to it.
pub fn iso8601_seconds(epoch_seconds: i64) -> String {
    let time = jiff::Timestamp::from_second(epoch_seconds).unwrap_or(if epoch_seconds < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    });
    time.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// Reads an ISO 8601 date-time with an offset (`Z`, `+08:00` or `+0800`), fractions allowed,
/// `T`, `t` or a space between date and time. Returns epoch seconds. The date must exist.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    if !has_protocol_shape(text) {
        return None;
    }
    text.parse::<jiff::Timestamp>()
        .ok()
        .map(jiff::Timestamp::as_second)
}

/// The shape the protocol uses, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`: jiff reads a
/// wider grammar (no seconds, hour-only offsets, bracketed time zones) that Antom never sends.
fn has_protocol_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if b.len() < 20
        || !(digits(0..4) && digits(5..7) && digits(8..10))
        || !(digits(11..13) && digits(14..16) && digits(17..19))
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Reads a `Request-Time`: epoch milliseconds, or ISO 8601. Returns epoch milliseconds.
pub fn parse_request_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 15 && text.bytes().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    parse_iso8601(text).map(|s| s * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_iso8601() {
        let t = 1_764_000_000;
        assert_eq!(parse_iso8601(&iso8601_seconds(t)), Some(t));
        assert_eq!(iso8601_seconds(0), "1970-01-01T00:00:00+00:00");
    }

    #[test]
    fn reads_the_formats_the_sdks_send() {
        assert_eq!(
            parse_iso8601("2019-05-28T12:12:14+08:00"),
            Some(1_559_016_734)
        );
        assert_eq!(parse_iso8601("2019-05-28T04:12:14Z"), Some(1_559_016_734));
        assert_eq!(
            parse_iso8601("2019-05-28T04:12:14.1234567Z"),
            Some(1_559_016_734)
        );
        assert_eq!(
            parse_iso8601("2019-05-28T04:12:14+0000"),
            Some(1_559_016_734)
        );
        assert_eq!(parse_iso8601("2020-02-29 04:12:14z"), Some(1_582_949_534));
        assert_eq!(
            parse_iso8601("2019-05-28t12:12:14+0800"),
            Some(1_559_016_734)
        );
        assert_eq!(parse_request_time("1685599933871"), Some(1_685_599_933_871));
        assert_eq!(
            parse_request_time("2019-05-28T04:12:14Z"),
            Some(1_559_016_734_000)
        );
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for bad in [
            "",
            "yesterday",
            "2019-13-28T04:12:14Z",
            "2019-05-28T04:12:14",
            "2019-05-28T04:12:14+8",
            "2019-02-31T00:00:00Z",
            "2019-02-29T00:00:00Z",
            "2019-04-31T00:00:00+08:00",
            "2019-05-28T24:00:00Z",
            "2019-05-28T04:12Z",
            "2019-05-28T04:12:14+08",
            "2019-05-28T04:12:14.Z",
            "2019-05-28T04:12:14Z[UTC]",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(parse_request_time("12a"), None);
    }
}
