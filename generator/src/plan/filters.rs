//! Template filters. Spec text reaches generated code only through these
//! escaping filters or as identifiers cleaned by `ir::names`.

/// Printable ASCII: a byte the shortcuts below may pass on unchanged.
fn printable(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// A Rust string literal for `s`.
pub fn lit(s: &str) -> String {
    // Printable ASCII but `"` and `\` stands for itself: most
    // text, spared `proc_macro2`'s escaping char by char.
    if s.bytes().all(|b| printable(b) && !matches!(b, b'"' | b'\\')) {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return out;
    }
    lit_escaped(s)
}

/// [`lit`] for any text.
fn lit_escaped(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Normalizes line endings and strips control characters that have no
/// place in documentation.
fn clean(s: &str) -> String {
    // ASCII without control characters but line feeds and tabs: as it is.
    if s.bytes().all(|b| printable(b) || b == b'\n' || b == b'\t') {
        return s.to_string();
    }
    clean_chars(s)
}

/// [`clean`] for any text.
fn clean_chars(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// The run of backticks or tildes that opens or closes a code fence at the
/// start of `t` (a line without its indentation); empty when it is none.
fn fence_marker(t: &str) -> String {
    let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
    let first = marker.chars().next().unwrap_or('`');
    if marker.len() >= 3 && marker.chars().all(|c| c == first) {
        marker
    } else {
        String::new()
    }
}

/// Closes what a piece of spec Markdown left open, so it cannot swallow
/// the text that follows it in the same doc comment: an unterminated code
/// fence or HTML comment.
pub fn close_markdown(text: &str) -> String {
    let mut out = clean(text).trim_end().to_string();
    let mut fence: Option<String> = None;
    for line in out.lines() {
        let t = line.trim_start();
        let marker = fence_marker(t);
        let is_fence = !marker.is_empty();
        match &fence {
            None if is_fence => fence = Some(marker),
            Some(open) if is_fence && marker.starts_with(open.as_str()) && t.trim() == marker => fence = None,
            _ => {}
        }
    }
    if let Some(open) = fence {
        out.push('\n');
        out.push_str(&open);
    }
    if let Some(start) = out.rfind("<!--") {
        if !out[start..].contains("-->") {
            out.push_str(" -->");
        }
    }
    out
}

/// Wraps URLs that Markdown would show as plain text in `<...>`, outside
/// code, links and HTML attributes, so they render as links (rustdoc's
/// `bare_urls`).
fn link_bare_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence || !line.contains("://") {
            out.push_str(line);
            continue;
        }
        link_line(line, &mut out);
    }
    out
}

/// [`link_bare_urls`] on one line outside a fence, appended to `out`.
fn link_line(line: &str, out: &mut String) {
    let mut in_code = false;
    // Open `[` outside code: a URL in link text stays as it is.
    let mut brackets = 0usize;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < line.len() {
        let rest = &line[i..];
        if bytes[i] == b'`' {
            in_code = !in_code;
            out.push('`');
            i += 1;
            continue;
        }
        let is_url = !in_code && (rest.starts_with("http://") || rest.starts_with("https://"));
        let before = &line[..i];
        let quoted = before.ends_with("](")
            || before.ends_with('<')
            || before.ends_with("=\"")
            || before.ends_with("='")
            || brackets > 0;
        if is_url && !quoted {
            let len = url_len(rest);
            if len > "https://".len() {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' if !in_code => brackets += 1,
            ']' if !in_code => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        out.push(c);
        i += c.len_utf8();
    }
}

/// Length of the URL at the start of `s`: up to whitespace or a character
/// that cannot be part of it, without trailing punctuation or an
/// unbalanced closing parenthesis.
fn url_len(s: &str) -> usize {
    let mut end = s.find(|c: char| c.is_whitespace() || "<>\"'`|".contains(c)).unwrap_or(s.len());
    loop {
        let url = &s[..end];
        let Some(last) = url.chars().last() else { break };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if ".,;:!?*_".contains(last) || unbalanced || last == ']' {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Code-block info words that rustdoc reads as Rust (and would compile as
/// a doctest).
const RUST_INFO: &[&str] = &[
    "rust",
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "test_harness",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// Marks every code block of spec text as `text`, so rustdoc never compiles
/// it as a doctest: fences without an info string or with a Rust one, and
/// indented blocks (which rustdoc reads as Rust), which get a fence.
fn text_code_blocks(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut prev_blank = true;
    for line in text.split('\n') {
        let t = line.trim_start();
        let marker = fence_marker(t);
        let is_fence = !marker.is_empty();
        if let Some(open) = &fence {
            if is_fence && marker.starts_with(open.as_str()) && t.trim() == marker {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        let code_indent = line.starts_with("    ") || line.starts_with('\t');
        if indented && !code_indent && !t.is_empty() {
            out.push("```".into());
            indented = false;
        }
        if is_fence {
            let info = t[marker.len()..].trim();
            let first = info.split(|c: char| c == ',' || c.is_whitespace()).next().unwrap_or_default();
            let rusty = info.is_empty() || RUST_INFO.contains(&first);
            out.push(if rusty { format!("{}{marker}text", &line[..line.len() - t.len()]) } else { line.to_string() });
            fence = Some(marker);
        } else if code_indent && prev_blank && !indented && !t.is_empty() {
            out.push("```text".into());
            out.push(line.to_string());
            indented = true;
        } else {
            out.push(line.to_string());
        }
        prev_blank = t.is_empty();
    }
    if indented {
        out.push("```".into());
    }
    out.join("\n")
}

/// Doc attributes for `text`: one `#[doc = "..."]` per line, so no text can
/// end the comment early or smuggle in an attribute. Its code blocks are
/// marked as text: spec text is never a doctest.
pub fn doc_attrs(text: &str) -> String {
    let prepared;
    let text = if plain_markdown(text) {
        text.trim_end()
    } else {
        prepared = link_bare_urls(&text_code_blocks(&close_markdown(text)));
        prepared.trim_end()
    };
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

/// Text the Markdown passes of [`doc_attrs`] leave as it is: ASCII
/// without control characters but line feeds and tabs, no code span or
/// fence, no HTML comment, no URL, no indented line. Most descriptions.
fn plain_markdown(text: &str) -> bool {
    text.bytes().all(|b| printable(b) && !matches!(b, b'`' | b'~' | b'<') || b == b'\n')
        && !text.contains("://")
        && !text.split('\n').any(|l| l.starts_with(' ') || l.starts_with('\t'))
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
    let cleaned = clean(s);
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c == '|' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
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
    fn bare_urls_become_autolinks() {
        assert_eq!(link_bare_urls("see https://a.io/x."), "see <https://a.io/x>.");
        assert_eq!(link_bare_urls("[a](b) then https://a.io"), "[a](b) then <https://a.io>");
        assert_eq!(link_bare_urls("(e.g. https://a.io)"), "(e.g. <https://a.io>)");
        assert_eq!(
            link_bare_urls("'https://a.io' or (https://w.org/A_(b))"),
            "'<https://a.io>' or (<https://w.org/A_(b)>)"
        );
        for kept in [
            "[a](https://a.io)",
            "<https://a.io>",
            "`https://a.io`",
            "<a href=\"https://a.io\">a</a>",
            "```\nhttps://a.io\n```",
            "[https://a.io]",
            "[see https://a.io](https://a.io)",
            "https://",
        ] {
            assert_eq!(link_bare_urls(kept), kept);
        }
    }

    #[test]
    fn open_markdown_is_closed() {
        assert_eq!(close_markdown("a\n```json\n{"), "a\n```json\n{\n```");
        assert_eq!(close_markdown("a\n````\nx\n```"), "a\n````\nx\n```\n````");
        assert_eq!(close_markdown("```\nx\n```\nb"), "```\nx\n```\nb");
        assert_eq!(close_markdown("a <!-- b"), "a <!-- b -->");
        assert_eq!(close_markdown("a <!-- b --> c"), "a <!-- b --> c");
        let d = doc_attrs("a\n```\nb");
        assert!(d.ends_with("#[doc = \" ```\"]\n"), "{d}");
    }

    #[test]
    fn the_shortcuts_agree_with_the_general_paths() {
        let ascii: Vec<String> = (0u8..=127).map(|b| format!("a{}b", b as char)).collect();
        let others = ["", "plain text", "it's", "say \"hi\"", "a\\b", "\r\n", "é", "\u{85}", "tab\there", "x\u{7f}"];
        for s in ascii.iter().map(String::as_str).chain(others) {
            assert_eq!(lit(s), lit_escaped(s), "lit of {s:?}");
            assert_eq!(clean(s), clean_chars(s), "clean of {s:?}");
        }
    }

    #[test]
    fn plain_markdown_is_what_the_markdown_passes_leave_alone() {
        let texts = [
            "One line.",
            "Two\nlines  \n",
            "a | b",
            "code `x`",
            "```\nfn f() {}\n```",
            "~~~\nx",
            "see https://a.io",
            "a <!-- b",
            "intro\n\n    indented",
            "\tx",
            " leading",
            "crlf\r\nx",
            "caf\u{e9}",
        ];
        for t in texts {
            let general = link_bare_urls(&text_code_blocks(&close_markdown(t)));
            if plain_markdown(t) {
                assert_eq!(t.trim_end(), general.trim_end(), "{t:?}");
            }
        }
        assert!(plain_markdown("One line.") && plain_markdown("Two\nlines  \n") && !plain_markdown("see https://a.io"));
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

#[cfg(test)]
mod code_block_tests {
    use super::text_code_blocks;

    #[test]
    fn rust_and_bare_fences_become_text_and_others_stay() {
        let t = "a\n```\nlet x = 1;\n```\n```rust,no_run\nfn f() {}\n```\n```json\n{}\n```\n  ~~~\nx\n  ~~~";
        let out = text_code_blocks(t);
        assert_eq!(out, "a\n```text\nlet x = 1;\n```\n```text\nfn f() {}\n```\n```json\n{}\n```\n  ~~~text\nx\n  ~~~");
    }

    #[test]
    fn indented_blocks_get_a_text_fence() {
        let t = "intro\n\n    code line\n\n    more\nafter\n  two spaces stay";
        assert_eq!(text_code_blocks(t), "intro\n\n```text\n    code line\n\n    more\n```\nafter\n  two spaces stay");
        // A continuation line right after text is no code block.
        assert_eq!(text_code_blocks("text\n    continued"), "text\n    continued");
    }
}
