//! A fast path for reading date-times: the one form servers write
//! (`2024-02-29T23:59:58.123Z`, `+01:00` offsets too), read without
//! chrono's general parser, which was a tenth of the time of decoding a
//! list of secrets. Anything else, leap seconds and lowercase letters
//! included, goes to chrono, so what is accepted and what it reads as
//! stay exactly those of chrono's `Deserialize`; a test compares the two.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// `s` read as chrono's `Deserialize` reads a `DateTime<Utc>`, when `s` is
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with at most 9
/// fraction digits and a second below 60; `None` for anything else,
/// which the caller hands to chrono.
pub(crate) fn rfc3339_utc(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(&b[0..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let (hour, minute, second) = (digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?);
    if second >= 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanos = digits(&tail[..n])? * 10u32.pow(9 - n as u32);
        rest = &tail[n..];
    }
    let offset = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = (h * 3600 + m * 60) as i32;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = NaiveDateTime::new(date, time);
    let offset = FixedOffset::east_opt(offset)?;
    // The instant the local time at that offset names, as chrono computes it.
    Some(local.and_local_timezone(offset).single()?.with_timezone(&Utc))
}

/// The number the ASCII digits `b` spell; `None` if one is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// chrono's reading, as its `Deserialize` does it.
    fn chrono(s: &str) -> Option<DateTime<Utc>> {
        s.parse::<DateTime<FixedOffset>>().ok().map(|d| d.with_timezone(&Utc))
    }

    #[test]
    fn the_fast_path_reads_what_chrono_reads_or_declines() {
        let mut cases: Vec<String> = [
            "2024-02-29T23:59:58Z",
            "2024-02-29T23:59:58.1Z",
            "2024-02-29T23:59:58.123456789Z",
            "2024-02-29T23:59:58.1234567891Z",
            "2024-02-29T23:59:60Z",
            "2023-02-29T10:00:00Z",
            "2024-13-01T10:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T10:00:00+01:00",
            "2024-01-01T00:30:00-23:59",
            "2024-01-01T00:30:00+24:00",
            "2024-01-01t10:00:00z",
            "2024-01-01 10:00:00Z",
            "2024-01-01T10:00:00",
            "2024-01-01T10:00:00.Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999-00:00",
            "2024-01-01T10:00:00+0100",
            "+2024-01-01T10:00:00Z",
            "2024-1-01T10:00:00Z",
            "2024-01-01T10:00:00Zjunk",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every digit position and separator of one value, changed.
        let base = "2021-06-15T08:09:10.5+05:30";
        for i in 0..base.len() {
            for c in ['0', '9', 'x', ':', '.'] {
                let mut s = base.to_string();
                s.replace_range(i..=i, &c.to_string());
                cases.push(s);
            }
        }
        let mut fast = 0;
        for s in &cases {
            // On `None`, chrono decides: the caller asks it.
            if let Some(t) = rfc3339_utc(s) {
                fast += 1;
                assert_eq!(Some(t), chrono(s), "{s}");
            }
        }
        assert!(fast >= 40, "only {fast} of {} read by the fast path", cases.len());
        // The forms servers write do take the fast path.
        for s in ["2024-02-29T23:59:58Z", "2024-02-29T23:59:58.123Z", "2024-01-01T10:00:00+01:00"] {
            assert!(rfc3339_utc(s).is_some(), "{s}");
        }
    }
}
