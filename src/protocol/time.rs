//! The two time formats of the protocol: `Request-Time` in epoch milliseconds (or ISO 8601, as
//! three official SDKs send it) and `Response-Time` in ISO 8601 to the second.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `2026-11-24T02:17:37+00:00` for a time in epoch seconds (UTC).
pub fn iso8601_seconds(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let secs = epoch_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Reads an ISO 8601 date-time with an offset (`Z`, `+08:00` or `+0800`), fractions allowed.
/// Returns epoch seconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4
                || !digits.bytes().all(|c| c.is_ascii_digit())
                || (rest.len() != 6 && rest.len() != 5)
            {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Reads a `Request-Time`: epoch milliseconds, or ISO 8601. Returns epoch milliseconds.
pub fn parse_request_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 15 && text.bytes().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    parse_iso8601(text).map(|s| s * 1000)
}

// Howard Hinnant's civil-calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(parse_request_time("12a"), None);
    }
}
