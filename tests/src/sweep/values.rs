//! Values that meet a field's or parameter's constraints: `pattern`,
//! `minLength`/`maxLength`, `minimum`/`maximum` (exclusive too),
//! `multipleOf`, `minItems`/`maxItems` and `format`, as the IR keeps them
//! (`StringHints`, `NumberHints`, `ItemHints`).
//!
//! A pattern is turned into a string by `rand_regex`, from a fixed seed,
//! so a sweep program is the same from one run to the next.

use generator::ir::{Api, Field, ItemHints, NumberHints, Param, StringHints, TypeRef};
use rand::SeedableRng;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use serde_json::{json, Value};

/// The seed of every pattern's generator.
const SEED: u64 = 17;
/// How many times `*`, `+` and open `{n,}` repeat at most.
const MAX_REPEAT: u32 = 8;
/// How many strings are drawn from a pattern to find one of a fitting length.
const DRAWS: usize = 64;

/// What the document says about one value beyond its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    pub string: Option<&'a StringHints>,
    pub number: Option<&'a NumberHints>,
    pub items: Option<&'a ItemHints>,
}

impl<'a> Hints<'a> {
    pub fn of_field(f: &'a Field) -> Self {
        Hints { string: f.string.as_ref(), number: f.number.as_ref(), items: f.items.as_ref() }
    }

    pub fn of_param(p: &'a Param) -> Self {
        Hints { string: p.string.as_ref(), number: p.number.as_ref(), items: p.items.as_ref() }
    }

    fn of_items(self) -> Self {
        let items = self.items;
        Hints {
            string: items.and_then(|i| i.string.as_ref()),
            number: items.and_then(|i| i.number.as_ref()),
            items: None,
        }
    }
}

/// A JSON value of `ty` that meets `hints`; types the hints say nothing
/// about are built by [`super::example`].
pub fn constrained(api: &Api, ty: &TypeRef, hints: Hints<'_>, depth: usize) -> Value {
    match ty {
        TypeRef::String => json!(string_value(hints.string)),
        TypeRef::I32 | TypeRef::I64 => json!(number_value(hints.number, true) as i64),
        TypeRef::F32 | TypeRef::F64 => json!(number_value(hints.number, false)),
        TypeRef::Option(inner) => constrained(api, inner, hints, depth),
        TypeRef::Vec(inner) if depth < super::MAX_DEPTH => {
            let min = hints.items.and_then(|i| i.min_items).unwrap_or(1).max(1);
            let n = hints.items.and_then(|i| i.max_items).map_or(min, |max| min.min(max));
            let item = constrained(api, inner, hints.of_items(), depth + 1);
            Value::Array(vec![item; n as usize])
        }
        _ => super::example(api, ty, depth),
    }
}

/// A string that matches the pattern, else one the format accepts, else
/// the document's example, else `"example"`; fitted to the length bounds
/// (a generated match is drawn again until it fits).
pub fn string_value(hints: Option<&StringHints>) -> String {
    let Some(h) = hints else { return "example".into() };
    if let Some(s) = h.pattern.as_deref().and_then(|p| from_pattern(p, h.min_length, h.max_length)) {
        return s;
    }
    let by_format = match h.format.as_deref() {
        Some("uri" | "url" | "uri-reference") => Some("https://example.com"),
        Some("email") => Some("user@example.com"),
        Some("duration") => Some("PT5M"),
        Some("hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        Some("date") => Some(super::DATE),
        Some("date-time") => Some(super::DATE_TIME),
        Some("uuid") => Some(super::UUID),
        _ => None,
    };
    let s = by_format.map(str::to_string).or_else(|| h.example.clone()).unwrap_or_else(|| "example".into());
    fit_length(s, h.min_length, h.max_length)
}

/// Pads with `x` up to `min` characters, cuts down to `max`.
fn fit_length(mut s: String, min: Option<u64>, max: Option<u64>) -> String {
    let len = s.chars().count() as u64;
    if let Some(min) = min.filter(|&m| len < m) {
        s.push_str(&"x".repeat((min - len) as usize));
    }
    match max {
        Some(max) if (s.chars().count() as u64) > max => s.chars().take(max as usize).collect(),
        _ => s,
    }
}

/// A string matching `pattern` whose length fits, or `None` when the
/// pattern does not parse as a Rust regex (look-arounds, back-references)
/// or no draw fits.
fn from_pattern(pattern: &str, min: Option<u64>, max: Option<u64>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let gen = rand_regex::Regex::with_hir(printable(&hir), MAX_REPEAT).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let fits = |s: &String| {
        let len = s.chars().count() as u64;
        min.is_none_or(|m| len >= m) && max.is_none_or(|m| len <= m)
    };
    (0..DRAWS).map(|_| rand::Rng::sample::<String, _>(&mut rng, &gen)).find(fits)
}

/// `hir` with every class cut down to printable ASCII: a pattern's `\d`,
/// `\w` or `.` means ASCII to the ECMA regexes validators use, and a
/// header or path value must be printable anyway. Anchors and word
/// boundaries are dropped: `rand_regex` refuses them, and a whole match
/// satisfies `^` and `$`.
fn printable(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(printable(&r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(c) => {
            let mut c = c.clone();
            c.sub = Box::new(printable(&c.sub));
            Hir::capture(c)
        }
        HirKind::Concat(v) => Hir::concat(v.iter().map(printable).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(printable).collect()),
        _ => hir.clone(),
    }
}

/// 1, moved into the bounds (past an exclusive one) and onto a multiple
/// of `multipleOf`.
pub fn number_value(hints: Option<&NumberHints>, integer: bool) -> f64 {
    let Some(h) = hints else { return 1.0 };
    let step = if integer { 1.0 } else { 0.5 };
    let lo = h.minimum.map(|m| if h.exclusive_minimum { m + step } else { m });
    let hi = h.maximum.map(|m| if h.exclusive_maximum { m - step } else { m });
    let mut v = 1.0_f64;
    if let Some(lo) = lo.filter(|&lo| v < lo) {
        v = if integer { lo.ceil() } else { lo };
    }
    if let Some(hi) = hi.filter(|&hi| v > hi) {
        v = if integer { hi.floor() } else { hi };
    }
    if let Some(m) = h.multiple_of.filter(|&m| m > 0.0) {
        let up = (v / m).ceil() * m;
        v = if hi.is_some_and(|hi| up > hi) { (v / m).floor() * m } else { up };
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(pattern: Option<&str>, min: Option<u64>, max: Option<u64>) -> StringHints {
        StringHints { pattern: pattern.map(str::to_string), min_length: min, max_length: max, ..Default::default() }
    }

    #[test]
    fn a_pattern_gives_a_printable_match_of_a_fitting_length() {
        for (pattern, min, max) in [
            (r"^\d{3}-[a-z]+$", None, None),
            (r"^\w{2,}$", Some(5), Some(6)),
            (r"^.+@.+\..+$", None, Some(20)),
            (r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$", None, None),
        ] {
            let s = string_value(Some(&string(Some(pattern), min, max)));
            assert!(regex::Regex::new(pattern).expect("pattern").is_match(&s), "{s:?} does not match {pattern}");
            assert!(s.chars().all(|c| (' '..='~').contains(&c)), "{s:?} is not printable ascii");
            let len = s.chars().count() as u64;
            assert!(min.is_none_or(|m| len >= m) && max.is_none_or(|m| len <= m), "{s:?} length");
        }
        // Twice the same: the seed is fixed.
        let h = string(Some(r"^[a-z]{10}$"), None, None);
        assert_eq!(string_value(Some(&h)), string_value(Some(&h)));
    }

    #[test]
    fn lengths_are_met_without_a_pattern() {
        assert_eq!(string_value(Some(&string(None, Some(10), None))), "examplexxx");
        assert_eq!(string_value(Some(&string(None, None, Some(3)))), "exa");
        assert_eq!(string_value(None), "example");
    }

    #[test]
    fn numbers_are_moved_into_their_bounds() {
        let h = |minimum, maximum, ex_min, ex_max, multiple_of| NumberHints {
            minimum,
            maximum,
            exclusive_minimum: ex_min,
            exclusive_maximum: ex_max,
            multiple_of,
        };
        assert_eq!(number_value(None, true), 1.0);
        assert_eq!(number_value(Some(&h(Some(5.0), None, false, false, None)), true), 5.0);
        assert_eq!(number_value(Some(&h(Some(5.0), None, true, false, None)), true), 6.0);
        assert_eq!(number_value(Some(&h(None, Some(0.0), false, true, None)), true), -1.0);
        assert_eq!(number_value(Some(&h(Some(5.0), Some(9.0), false, false, Some(4.0))), true), 8.0);
        assert_eq!(number_value(Some(&h(Some(0.0), Some(0.5), true, false, None)), false), 0.5);
    }
}
