//! Template filters. Spec text reaches generated code only through these
//! escaping filters or as identifiers cleaned by `ir::names`.

/// A Rust string literal for `s`.
pub fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Normalizes line endings and strips control characters that have no
/// place in documentation.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Doc attributes for `text`: one `#[doc = "..."]` per line, so no text can
/// end the comment early or smuggle in an attribute.
pub fn doc_attrs(text: &str) -> String {
    let text = clean(text);
    let text = text.trim_end();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for line in text.lines() {
        out.push_str("#[doc = ");
        out.push_str(&lit(&format!(" {}", line.trim_end())));
        out.push_str("]\n");
    }
    out
}

/// Inner doc attributes (`#![doc = ...]`).
pub fn doc_inner(text: &str) -> String {
    doc_attrs(text).replace("#[doc", "#![doc")
}

/// A TOML basic string.
pub fn toml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for one Markdown table cell: one line, pipes escaped.
pub fn md_cell(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// Text inside inline code: backticks would end it.
pub fn md_code(s: &str) -> String {
    s.replace('`', "'").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_attrs_escape_everything() {
        let d = doc_attrs("a */ \"b\"\n#![forbid]\r\nc");
        assert_eq!(d, "#[doc = \" a */ \\\"b\\\"\"]\n#[doc = \" #![forbid]\"]\n#[doc = \" c\"]\n");
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml("a\"b\\"), "\"a\\\"b\\\\\"");
    }

    #[test]
    fn md_cells() {
        assert_eq!(md_cell("a | b\n c"), "a \\| b c");
    }
}
