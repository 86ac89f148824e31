//! Identifier clean-up: turns any string from a spec into a valid,
//! readable Rust identifier. One table-driven place, each rule tested.
//!
//! Spec text never reaches generated code except through these functions
//! (identifiers) or as escaped string literals, so a name cannot inject
//! code.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2021 (and 2024's `gen`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that would shadow names the generated code relies on.
const RESERVED_TYPES: &[&str] = &[
    "String",
    "Vec",
    "Option",
    "Box",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "BTreeMap",
    "HashMap",
    "ToString",
    "Into",
    "From",
    "Iterator",
    "Fn",
    "Display",
    "FromStr",
    "Formatter",
];

/// Spells characters that case conversion would drop but that carry
/// meaning in enum values (`+1` and `-1` must not both become `1`).
fn spell_symbols(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if i == 0 => out.push_str(" minus "),
            '.' if out.chars().last().is_some_and(|c| c.is_ascii_digit()) => out.push_str(" point "),
            '*' => out.push_str(" star "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// Keeps ASCII letters, digits and word separators only.
fn ascii_words(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The longest type or module name made: a type's name is also a file's
/// (`src/models/<snake>.rs`, `docs/<Name>.md`), and names of schemas nested
/// deep inline grow past what a file system allows (255 bytes).
pub const MAX_NAME: usize = 64;

/// `words` (in order) shortened to at most [`MAX_NAME`] bytes: the first
/// words (up to a third) and the last ones, which tell the most about
/// a nested type (its root and its leaf).
fn shorten(words: &[&str], sep: &str) -> String {
    let len = |ws: &[&str]| ws.iter().map(|w| w.len() + sep.len()).sum::<usize>();
    if len(words) <= MAX_NAME + sep.len() {
        return words.join(sep);
    }
    let head = words
        .iter()
        .scan(0, |n, w| (*n + w.len() + sep.len() <= MAX_NAME / 3).then(|| *n += w.len() + sep.len()))
        .count();
    let mut tail = words.len();
    while tail > head + 1 && len(&words[..head]) + len(&words[tail - 1..]) <= MAX_NAME {
        tail -= 1;
    }
    let mut out = [&words[..head], &words[tail..]].concat().join(sep);
    if out.is_empty() {
        // One word longer than the limit: cut.
        out = words.join(sep);
    }
    out.truncate(MAX_NAME);
    out
}

/// Splits an `UpperCamelCase` name into its words.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// A Rust type name (`UpperCamelCase`) for `s`, at most [`MAX_NAME`] bytes.
pub fn type_name(s: &str) -> String {
    let mut name = ascii_words(s).to_upper_camel_case();
    if name.len() > MAX_NAME {
        name = shorten(&camel_words(&name), "");
    }
    if name.is_empty() {
        name = "Unnamed".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Model{name}");
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// An enum variant name for the wire value `s`.
pub fn variant_name(s: &str) -> String {
    if s.is_empty() {
        return "Empty".into();
    }
    // A decimal point is spelled out (`1.5` -> `V1Point5`), so `1.5` and
    // `15` stay apart after case conversion.
    let mut name = spell_symbols(s).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" || name == "Unknown" {
        name.push_str("Value");
    }
    name
}

/// A Rust field, argument or function name (`snake_case`) for `s`.
pub fn snake_name(s: &str) -> String {
    let mut name = ascii_words(s).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    escape_keyword(name)
}

/// A module (file) name for `s`, at most [`MAX_NAME`] bytes.
pub fn module_name(s: &str) -> String {
    let mut name = snake_name(s);
    if name.len() > MAX_NAME {
        name = shorten(&name.split('_').collect::<Vec<_>>(), "_");
    }
    match name.strip_prefix("r#") {
        // Modules are also file names: no raw identifiers.
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// Escapes a keyword as a raw identifier, or with a `_` suffix where raw
/// identifiers are not allowed.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names unique within one scope, deterministically: the first
/// taker of a name keeps it, later ones get `2`, `3`, ... appended.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A fresh scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope with names already taken.
    pub fn with_taken<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        Scope { taken: names.into_iter().map(Into::into).collect() }
    }

    /// Returns `base`, or `base` with the first free numeric suffix.
    pub fn claim(&mut self, base: &str) -> String {
        let raw = base.strip_prefix("r#");
        let bare = raw.unwrap_or(base);
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let sep = if bare.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        let mut i = 2;
        loop {
            let candidate = format!("{bare}{sep}{i}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            i += 1;
        }
    }

    /// True if `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("application-secret"), "ApplicationSecret");
        assert_eq!(type_name("APIVariableScopeEnum"), "ApiVariableScopeEnum");
        assert_eq!(type_name("2fa"), "Model2fa");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("::"), "Unnamed");
        assert_eq!(type_name("String"), "StringModel");
        assert_eq!(type_name("Self"), "SelfModel");
        assert_eq!(type_name("café"), "Caf");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("applicationId"), "application_id");
        assert_eq!(snake_name("type"), "r#type");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("crate"), "crate_");
        assert_eq!(snake_name("1st"), "n1st");
        assert_eq!(snake_name("_links"), "links");
        assert_eq!(snake_name("x-api-key"), "x_api_key");
        assert_eq!(snake_name("a\"b*/c"), "a_b_c");
        assert_eq!(module_name("struct"), "struct_");
        assert_eq!(module_name("self"), "self_");
    }

    #[test]
    fn long_names_keep_their_first_and_last_words() {
        let nested = "SmeLending definition brand inner sme loan inner marketing state inner loan interest tier band set inner tier band inner other fee charge";
        let t = type_name(nested);
        assert!(t.len() <= MAX_NAME, "{t}");
        assert!(t.starts_with("SmeLending") && t.ends_with("FeeCharge"), "{t}");
        let m = module_name(&format!("{nested} api"));
        assert!(m.len() <= MAX_NAME, "{m}");
        assert!(m.starts_with("sme_lending_") && m.ends_with("_charge_api"), "{m}");
        // One word longer than the limit is cut.
        assert_eq!(type_name(&"a".repeat(300)).len(), MAX_NAME);
        // Short names are untouched.
        assert_eq!(type_name("loan interest"), "LoanInterest");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name("1.5"), "V1Point5");
        assert_eq!(variant_name("15"), "V15");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("foo-bar"), "FooBar");
        assert_eq!(variant_name("BUILT_IN"), "BuiltIn");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
    }

    #[test]
    fn scope_claims_deterministically() {
        let mut s = Scope::new();
        assert_eq!(s.claim("a"), "a");
        assert_eq!(s.claim("a"), "a2");
        assert_eq!(s.claim("a"), "a3");
        assert_eq!(s.claim("v1"), "v1");
        assert_eq!(s.claim("v1"), "v1_2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type2");
    }
}
