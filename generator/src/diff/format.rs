//! The semver bump a change report calls for, and the report as text,
//! Markdown (a CHANGELOG section) or JSON.

use serde::Serialize;

use super::{ChangeReport, Impact};

/// The part of the crate's version a change report calls for bumping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing the Rust API or the wire shows changed (descriptions only).
    Patch,
    /// Additions, or wire changes under an unchanged Rust API.
    Minor,
    /// Code written against the previous crate may stop compiling.
    Major,
}

impl Bump {
    /// `major`, `minor` or `patch`.
    pub fn label(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// `version` bumped. Below 1.0 the parts move down one place, as cargo
    /// reads them: a breaking change bumps the minor part (`0.3.2` ->
    /// `0.4.0`), anything else the patch part (`0.3.2` -> `0.3.3`). `None`
    /// when `version` is not `MAJOR.MINOR.PATCH`.
    pub fn apply(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next()?;
        let parts: Vec<u64> = core.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let [major, minor, patch] = parts[..] else { return None };
        Some(match (major, self) {
            (0, Bump::Major) => format!("0.{}.0", minor + 1),
            (0, _) => format!("0.{minor}.{}", patch + 1),
            (_, Bump::Major) => format!("{}.0.0", major + 1),
            (_, Bump::Minor) => format!("{major}.{}.0", minor + 1),
            (_, Bump::Patch) => format!("{major}.{minor}.{}", patch + 1),
        })
    }
}

/// How a change report is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// One line per change, then the summary and the bump.
    #[default]
    Text,
    /// A CHANGELOG section: a heading, then one list per impact.
    Markdown,
    /// The report, the summary counts and the bump, for tools.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}`; expected `text`, `markdown` or `json`")),
        }
    }
}

impl ChangeReport {
    /// The bump these changes call for.
    pub fn bump(&self) -> Bump {
        let has = |i| self.count(i) > 0;
        if has(Impact::Breaking) {
            Bump::Major
        } else if has(Impact::Wire) || has(Impact::Compatible) {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// The report in `format`; `heading` titles the Markdown section (a
    /// version, say).
    pub fn render(&self, format: Format, heading: &str) -> String {
        match format {
            Format::Text => self.text(),
            Format::Markdown => self.markdown(heading),
            Format::Json => self.json(),
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            out.push_str(&format!("{}: {}: {}\n", c.impact.label(), c.item, c.what));
        }
        out.push_str(&format!("{}\nbump: {}\n", self.summary(), self.bump().label()));
        out
    }

    fn markdown(&self, heading: &str) -> String {
        let mut out = format!("## {heading}\n\n{}; a {} bump.\n", self.summary(), self.bump().label());
        for impact in Impact::ALL {
            let changes: Vec<_> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if changes.is_empty() {
                continue;
            }
            let mut title = impact.label().to_string();
            title[..1].make_ascii_uppercase();
            out.push_str(&format!("\n### {title}\n\n"));
            for c in changes {
                out.push_str(&format!("- `{}`: {}\n", c.item.replace('`', "'"), c.what));
            }
        }
        out
    }

    fn json(&self) -> String {
        let counts: std::collections::BTreeMap<&str, usize> =
            Impact::ALL.iter().map(|i| (i.label(), self.count(*i))).collect();
        let value = serde_json::json!({ "bump": self.bump(), "counts": counts, "changes": self.changes });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}
