//! Streaming calls: responses read as they arrive, and uploads read as
//! they are sent.

/// A request body read while it is sent: a stream of byte chunks or a file.
pub struct Upload(reqwest::Body);

impl Upload {
    pub(super) fn into_body(self) -> reqwest::Body {
        self.0
    }
}
