//! The status key of a response (`200`, `4XX`, `default`): a type, so
//! that sorting, success and the variant a status becomes are decided by
//! matching, not by reading strings.

use serde::{Deserialize, Serialize};

/// The status key of a response. Written as in a document (`200`, `4XX`,
/// `default`), also in the record. Sorted as a reader expects: codes and
/// ranges by number, a range after the codes it covers, `default` last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A class of a hundred codes: `4` is `4XX`.
    Range(u8),
    /// Every status the other responses do not name.
    Default,
}

impl Status {
    /// A `2XX` status, or a range of them.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(n) => (200..300).contains(&n),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }

    /// How many statuses it stands for: 0 for a code, 1 for a range, 2 for
    /// `default`. A `match` on statuses tries the narrower ones first.
    pub fn breadth(self) -> u8 {
        match self {
            Status::Code(_) => 0,
            Status::Range(_) => 1,
            Status::Default => 2,
        }
    }

    /// Where it sorts: the last code it covers, then the narrower first.
    fn sort_key(self) -> (u16, u8) {
        let last = match self {
            Status::Code(n) => n,
            Status::Range(class) => u16::from(class) * 100 + 99,
            Status::Default => u16::MAX,
        };
        (last, self.breadth())
    }
}

impl Ord for Status {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Status {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(n) => write!(f, "{n}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

impl From<Status> for String {
    fn from(s: Status) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for Status {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        if s == "default" {
            return Ok(Status::Default);
        }
        if let Ok(n) = s.parse::<u16>() {
            return Ok(Status::Code(n));
        }
        match s.as_bytes() {
            [class @ b'0'..=b'9', b'X' | b'x', b'X' | b'x'] => Ok(Status::Range(class - b'0')),
            _ => Err(format!("`{s}` is not a response status")),
        }
    }
}

impl From<&openapiv3::StatusCode> for Status {
    fn from(s: &openapiv3::StatusCode) -> Status {
        match *s {
            openapiv3::StatusCode::Code(n) => Status::Code(n),
            // `openapiv3` reads a range's class from one digit.
            openapiv3::StatusCode::Range(class) => Status::Range(u8::try_from(class).unwrap_or(u8::MAX)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn statuses_sort_by_number_with_ranges_after_their_codes_and_default_last() {
        let mut all = [Status::Default, Status::Range(4), Status::Code(500), Status::Code(404), Status::Code(200)];
        all.sort();
        let text: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["200", "404", "4XX", "500", "default"]);
    }

    #[test]
    fn statuses_read_back_what_they_write() {
        for s in [Status::Code(201), Status::Range(2), Status::Range(5), Status::Default] {
            let json = serde_json::to_string(&s).expect("serialize");
            assert_eq!(serde_json::from_str::<Status>(&json).expect("deserialize"), s, "{json}");
        }
        assert_eq!(Status::try_from("4xx".to_string()), Ok(Status::Range(4)));
        assert!(Status::try_from("2X".to_string()).is_err());
        assert!(Status::try_from("ok".to_string()).is_err());
    }

    #[test]
    fn success_is_the_2xx_class() {
        assert!(Status::Code(204).is_success() && Status::Range(2).is_success());
        assert!(!Status::Code(302).is_success() && !Status::Range(3).is_success() && !Status::Default.is_success());
    }
}
