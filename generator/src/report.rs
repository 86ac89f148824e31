//! The coverage report: everything the generator had to simplify.
//!
//! Nothing is simplified silently: each item names where in the spec it
//! happened and why, so `check --deny-simplified` can fail on it.

use serde::Serialize;

/// What kind of simplification happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A schema typed as `serde_json::Value`.
    UntypedValue,
    /// A media type the generated client does not use.
    IgnoredMediaType,
    /// A parameter style or setting that is not honoured.
    IgnoredParameterStyle,
    /// A security scheme the runtime cannot apply.
    DroppedSecurityScheme,
    /// An OpenAPI 3.1 construct rewritten to its 3.0 equivalent.
    LoweredConstruct,
    /// A rule of the specification the document breaks in a way other
    /// tools tolerate, read as the document evidently means it (refused
    /// with the `strict` option).
    Deviation,
    /// A call read as a stream (which reading was chosen); not a
    /// simplification, so `--deny-simplified` lets it pass.
    Streaming,
    /// A call that pages (which rule decided it); not a simplification.
    Paginated,
    /// Something else the generator chose to skip.
    Other,
}

impl Kind {
    /// A short lowercase label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::UntypedValue => "untyped value",
            Kind::IgnoredMediaType => "ignored media type",
            Kind::IgnoredParameterStyle => "ignored parameter style",
            Kind::DroppedSecurityScheme => "dropped security scheme",
            Kind::LoweredConstruct => "lowered 3.1 construct",
            Kind::Deviation => "deviation from the spec",
            Kind::Streaming => "streaming call",
            Kind::Paginated => "paginated call",
            Kind::Other => "other",
        }
    }
}

/// One simplified construct.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Item {
    /// What kind.
    pub kind: Kind,
    /// JSON pointer into the (bundled) document.
    pub pointer: String,
    /// Why, lowercase.
    pub reason: String,
}

/// All simplifications of one run, sorted and deduplicated on output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The items, in the order found.
    pub items: Vec<Item>,
}

impl Report {
    /// Records one item.
    pub fn add(&mut self, kind: Kind, pointer: impl Into<String>, reason: impl Into<String>) {
        self.items.push(Item { kind, pointer: pointer.into(), reason: reason.into() });
    }

    /// The items sorted and without duplicates.
    pub fn sorted(&self) -> Vec<Item> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    /// How many items are simplifications: all but the streaming readings,
    /// which are choices the generated API shows, not losses.
    pub fn simplified(&self) -> usize {
        self.sorted().iter().filter(|i| !matches!(i.kind, Kind::Streaming | Kind::Paginated)).count()
    }

    /// Counts by kind, in kind order.
    pub fn counts(&self) -> std::collections::BTreeMap<Kind, usize> {
        let mut out = std::collections::BTreeMap::new();
        for item in self.sorted() {
            *out.entry(item.kind).or_insert(0) += 1;
        }
        out
    }

    /// One line: `3 simplified (2 untyped value, 1 ignored media type)`.
    pub fn summary(&self) -> String {
        let mut counts = self.counts();
        let mut streams = String::new();
        for (kind, what) in [(Kind::Streaming, "streaming call"), (Kind::Paginated, "paginated call")] {
            if let Some(n) = counts.remove(&kind) {
                streams.push_str(&format!(", {n} {what}{}", if n == 1 { "" } else { "s" }));
            }
        }
        let total: usize = counts.values().sum();
        if total == 0 {
            return format!("0 simplified{streams}");
        }
        let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {}", k.label())).collect();
        format!("{total} simplified ({}){streams}", parts.join(", "))
    }
}
