//! The judgement of each call of a sweep, and the report over a document.
//!
//! A call conforms when Prism answered 2xx, its `sl-violations` header has
//! no request-side `Error` (see `crate::prism`), and the body decoded into
//! the generated type. Otherwise the call gets one [`Verdict`] saying why.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// How Prism produced the response bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// The document's examples (Prism's default).
    Examples,
    /// Bodies generated from the schemas (`--dynamic`, fixed seed).
    Dynamic,
}

impl Mode {
    /// Both modes, in the order they are run.
    pub const ALL: [Mode; 2] = [Mode::Examples, Mode::Dynamic];

    /// The `prism mock` arguments of this mode.
    pub fn prism_args(self) -> &'static [&'static str] {
        match self {
            Mode::Examples => &[],
            Mode::Dynamic => &["--dynamic", "--seed", "17"],
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Examples => "examples",
            Mode::Dynamic => "dynamic",
        })
    }
}

/// Why a call does or does not conform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Conforming,
    /// Prism refused the request or answered an error status; the reasons
    /// are its violations, else the status and error.
    Request {
        status: Option<u16>,
        reasons: Vec<String>,
    },
    /// A 2xx body that meets the document's schema, but the generated type
    /// could not decode it: a generator defect.
    Decode {
        status: u16,
        path: String,
        message: String,
    },
    /// A 2xx body the generated type could not decode, which breaks the
    /// document's own response schema: in [`Mode::Examples`], a document
    /// defect (its example contradicts its schema).
    BodyBreaksSchema {
        status: u16,
        path: String,
        message: String,
        schema: Vec<String>,
    },
    /// The call panicked (a request argument the model cannot represent).
    Panic(String),
    /// No response: the request could not be built or sent.
    Transport(String),
    /// The operation is not in the program's output.
    Missing,
    /// Not called, for the reason given: a WebSocket channel, or events
    /// that awaiting the call streams, which Prism does not serve.
    Skipped(&'static str),
}

impl Verdict {
    /// The kind of failure in `mode`, to group by: `None` when conforming.
    pub fn kind(&self, mode: Mode) -> Option<&'static str> {
        Some(match self {
            Verdict::Conforming => return None,
            Verdict::Request { .. } => "request rejected",
            Verdict::Decode { .. } => "response decode failure",
            Verdict::BodyBreaksSchema { .. } if mode == Mode::Examples => {
                "document defect (its example breaks its response schema)"
            }
            Verdict::BodyBreaksSchema { .. } => "mock defect (Prism generated a body that breaks the schema)",
            Verdict::Panic(_) => "panic",
            Verdict::Transport(_) => "transport error",
            Verdict::Missing => "missing from the output",
            Verdict::Skipped(_) => return None,
        })
    }

    /// The reason in one line, without operation-specific values where it
    /// can, so that operations failing alike group together.
    pub fn reason(&self) -> String {
        match self {
            Verdict::Conforming => String::new(),
            Verdict::Request { status, reasons } => {
                format!("[{}] {}", status.map_or("none".into(), |s| s.to_string()), reasons.join(" | "))
            }
            Verdict::Decode { status, path, message } => format!("[{status}] at `{path}`: {}", short(message)),
            Verdict::BodyBreaksSchema { status, path, message, schema } => {
                let schema: Vec<String> = schema.iter().map(|s| short(s)).collect();
                format!("[{status}] at `{path}`: {}; the schema says: {}", short(message), schema.join(" | "))
            }
            Verdict::Panic(p) => p.clone(),
            Verdict::Transport(e) => e.clone(),
            Verdict::Missing => String::new(),
            Verdict::Skipped(why) => why.to_string(),
        }
    }
}

/// The verdicts of one sweep over a document in one mode.
#[derive(Debug, Clone)]
pub struct SweepReport {
    /// A short name of the document.
    pub document: String,
    pub mode: Mode,
    /// Operation id -> verdict, for every operation of the document.
    pub verdicts: BTreeMap<String, Verdict>,
}

impl SweepReport {
    /// The operations called: all but the skipped ones.
    pub fn total(&self) -> usize {
        self.verdicts.len() - self.skipped().count()
    }

    /// The operations not called, with the reason.
    pub fn skipped(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.verdicts.iter().filter_map(|(id, v)| match v {
            Verdict::Skipped(why) => Some((id.as_str(), *why)),
            _ => None,
        })
    }

    pub fn conforming(&self) -> usize {
        self.verdicts.values().filter(|v| **v == Verdict::Conforming).count()
    }

    /// The operations that do not conform.
    pub fn failing(&self) -> impl Iterator<Item = (&str, &Verdict)> {
        self.verdicts
            .iter()
            .filter(|(_, v)| !matches!(v, Verdict::Conforming | Verdict::Skipped(_)))
            .map(|(id, v)| (id.as_str(), v))
    }

    /// Kind -> reason -> operations.
    pub fn grouped(&self) -> BTreeMap<&'static str, BTreeMap<String, Vec<&str>>> {
        let mut out: BTreeMap<_, BTreeMap<_, Vec<_>>> = BTreeMap::new();
        for (id, v) in self.failing() {
            let kind = v.kind(self.mode).expect("failing");
            out.entry(kind).or_default().entry(v.reason()).or_default().push(id);
        }
        out
    }
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sweep {} ({}): {} conforming / {}", self.document, self.mode, self.conforming(), self.total())?;
        for (id, why) in self.skipped() {
            writeln!(f, "  skipped {id}: {why}")?;
        }
        for (kind, reasons) in self.grouped() {
            let n: usize = reasons.values().map(Vec::len).sum();
            writeln!(f, "  {kind}: {n}")?;
            for (reason, ids) in reasons {
                writeln!(f, "    {} op(s): {reason}\n        {}", ids.len(), ids.join(", "))?;
            }
        }
        Ok(())
    }
}

/// `s` cut to about a line: messages quote whole bodies.
fn short(s: &str) -> String {
    const MAX: usize = 160;
    if s.chars().count() <= MAX {
        return s.to_owned();
    }
    let head: String = s.chars().take(MAX).collect();
    format!("{head}...")
}

/// Request-side `Error` entries of an `sl-violations` header, as
/// `location: message`. An unparseable header is one entry.
pub fn request_errors(header: &str) -> Vec<String> {
    match serde_json::from_str::<Vec<Value>>(header) {
        Ok(entries) => entries
            .iter()
            .filter(|v| v["location"][0] == "request" && v["severity"] == "Error")
            .map(|v| format!("{}: {}", location(&v["location"]), v["message"].as_str().unwrap_or("?")))
            .collect(),
        Err(_) => vec![format!("unparseable sl-violations: {}", header.chars().take(300).collect::<String>())],
    }
}

/// Prism's own problem responses list the violations in `validation`.
pub fn problem_reasons(body: &str) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<Value>(body) else { return vec![] };
    let mut out: Vec<String> = v["validation"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| format!("{}: {}", location(&e["location"]), e["message"].as_str().unwrap_or("?")))
        .collect();
    if out.is_empty() {
        if let Some(t) = v["type"].as_str().filter(|t| t.contains("stoplight.io/prism/errors")) {
            out.push(format!("{t}: {}", v["detail"].as_str().unwrap_or("")));
        }
    }
    out
}

fn location(loc: &Value) -> String {
    let parts: Vec<&str> = loc.as_array().into_iter().flatten().map(|l| l.as_str().unwrap_or("?")).collect();
    parts.join(".")
}
