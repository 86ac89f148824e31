//! Path templates (`/jobs/{jobId}/secret`), split once at IR build for
//! everything that reads them: parameter placement and the generated path
//! expression.

use serde::{Deserialize, Serialize};

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathSegment {
    /// Text sent as it is (`/jobs/`).
    Literal(String),
    /// `{name}`: the path parameter of that wire name.
    Param(String),
}

/// `path` split into its pieces. An unclosed `{` and what follows it are
/// literal text.
pub fn path_segments(path: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(PathSegment::Literal(rest[..start].to_string()));
        }
        out.push(PathSegment::Param(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_splits_into_text_and_parameters() {
        use PathSegment::{Literal, Param};
        let lit = |s: &str| Literal(s.to_string());
        let param = |s: &str| Param(s.to_string());
        assert_eq!(path_segments("/jobs/{jobId}/secret"), [lit("/jobs/"), param("jobId"), lit("/secret")]);
        assert_eq!(path_segments("{a}{b}"), [param("a"), param("b")]);
        assert_eq!(path_segments("/x/{open"), [lit("/x/{open")]);
        assert_eq!(path_segments("/a/{b}/{c"), [lit("/a/"), param("b"), lit("/{c")]);
        assert!(path_segments("").is_empty());
    }
}
