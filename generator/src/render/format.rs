//! The layout of rendered Rust: a linear pass over the template's lines.
//!
//! Parsing every rendered file with `syn` and printing it again with
//! `prettyplease` was over half of a fresh generation's CPU (issue 12).
//! The templates already break lines where code should break, so this
//! keeps their lines and repairs what templating leaves behind:
//! indentation (one level of 4 spaces per line that left a bracket open),
//! trailing whitespace, runs of blank lines, blank lines that an empty
//! placeholder leaves after an opening bracket, after docs or attributes
//! and before a closing bracket, the `, ` a loop leaves before a closer on
//! the same line, and `#[doc = "..."]` lines, shown as `///` comments.
//!
//! It reads string, raw string, byte and char literals, lifetimes and
//! comments, so that brackets inside them do not count and their text is
//! never touched, but it does not parse: it accepts invalid code, which
//! the tests (or `syn`, for custom templates) catch. Long lines stay long.

/// Where the lexer is between two bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// Inside a string literal: `None` when escapes apply, `Some(n)` for a
    /// raw string closed by `"` and `n` hashes.
    Str(Option<usize>),
    /// Inside a block comment nested this deep.
    Comment(usize),
}

/// A bracket not closed yet.
#[derive(Debug)]
struct Open {
    /// The indentation level of the line that opened it.
    level: usize,
    /// Whether a `,` right before its closer, on the closer's line, goes:
    /// it does not matter in a list, but makes `(x,)` a tuple and may
    /// matter to a macro.
    drop_comma: bool,
}

/// One line as scanned.
#[derive(Debug, Default)]
struct Line {
    /// Its text without indentation, or as it was when it starts inside a
    /// literal or comment.
    text: String,
    /// Indentation level.
    level: usize,
    /// Starts inside a literal or comment: printed as it is.
    verbatim: bool,
    /// Starts with a closing bracket.
    closes: bool,
    /// Only closing brackets read so far: they set the line's level.
    leading: bool,
    /// Where in `text` the last code token starts (not a comment), and its
    /// first byte.
    last: Option<(usize, u8)>,
}

impl Line {
    /// Its last code token is an opening bracket.
    fn opens(&self) -> bool {
        matches!(self.last, Some((_, b'{' | b'(' | b'[')))
    }
}

/// The formatter's state between lines.
#[derive(Debug)]
struct Formatter {
    state: State,
    stack: Vec<Open>,
    out: String,
    /// Level of the last line, for lines that start inside a literal.
    last_level: usize,
    /// A blank line was seen since the last line printed.
    blank: bool,
    /// The last line printed leaves no room for a blank line after it (it
    /// opened a bracket, or is a doc comment or attribute of what follows,
    /// or there is none).
    glued: bool,
    /// The last line printed is an inner doc: no blank line goes between
    /// it and the next inner doc.
    inner_doc: bool,
    /// The text buffer of the line being read, kept between lines.
    buf: String,
}

/// Lays out `code` (see the module docs); the result ends with one newline
/// unless it is empty.
pub fn format(code: &str) -> String {
    let mut f = Formatter {
        state: State::Code,
        stack: Vec::new(),
        out: String::with_capacity(code.len() + code.len() / 4),
        last_level: 0,
        blank: false,
        glued: true,
        inner_doc: false,
        buf: String::new(),
    };
    for line in code.split('\n') {
        f.line(line);
    }
    f.out
}

impl Formatter {
    fn line(&mut self, raw: &str) {
        let mut next = Some(raw);
        while let Some(raw) = next.take() {
            if self.state == State::Code && raw.trim().is_empty() {
                self.blank = true;
                return;
            }
            let (line, rest) = self.scan(raw);
            self.print(line);
            if let Some(rest) = rest {
                // An item glued to the `}` of the one before it (a template
                // trimmed the line break between them) goes on a line of its own.
                self.blank = true;
                next = Some(rest);
            }
        }
    }

    fn print(&mut self, mut line: Line) {
        if !line.verbatim {
            line.text = doc_comment(&line.text).unwrap_or(line.text);
        }
        let inner_docs = self.inner_doc && !line.verbatim && is_inner_doc(&line.text);
        if self.blank && !self.glued && !line.closes && !inner_docs {
            self.out.push('\n');
        }
        if !line.verbatim {
            for _ in 0..line.level {
                self.out.push_str("    ");
            }
        }
        self.out.push_str(&line.text);
        self.out.push('\n');
        self.blank = false;
        self.glued = line.opens() || (!line.verbatim && is_outer_attribute(&line.text));
        self.inner_doc = !line.verbatim && is_inner_doc(&line.text);
        self.last_level = line.level;
        line.text.clear();
        self.buf = line.text;
    }

    /// Reads one line: its text, its level, and the brackets it opens and
    /// closes (kept on the stack); and the rest of the line when an item
    /// follows the `}` that ends the one before it.
    fn scan<'a>(&mut self, raw: &'a str) -> (Line, Option<&'a str>) {
        let verbatim = self.state != State::Code;
        let body = if verbatim { raw } else { raw.trim_start_matches([' ', '\t']) };
        let b = body.as_bytes();
        let mut line = Line {
            text: std::mem::take(&mut self.buf),
            level: if verbatim { self.last_level } else { self.stack.last().map_or(0, |o| o.level + 1) },
            verbatim,
            leading: !verbatim,
            ..Line::default()
        };
        let mut i = 0;
        let mut rest = None;
        while i < b.len() && rest.is_none() {
            let start = i;
            i = match self.state {
                State::Str(hashes) => {
                    let end;
                    (end, self.state) = string_end(b, i, hashes);
                    if self.state == State::Code {
                        line.last = Some((line.text.len() + end - start - 1, b'"'));
                    }
                    end
                }
                State::Comment(depth) => {
                    let end;
                    (end, self.state) = comment_end(b, i, depth);
                    end
                }
                State::Code => {
                    let end = self.token(b, i, &mut line);
                    if b[i] == b'}' && self.stack.is_empty() && starts_item(&body[end..]) {
                        rest = Some(&body[end..]);
                    }
                    end
                }
            };
            line.text.push_str(&body[start..i]);
        }
        if self.state == State::Code {
            line.text.truncate(line.text.trim_end().len());
        }
        (line, rest)
    }

    /// Reads the token at `i` (or a space, or the start of a literal or
    /// comment) into the line's state; returns where it ends.
    fn token(&mut self, b: &[u8], i: usize, line: &mut Line) -> usize {
        let c = b[i];
        let mut end = i + 1;
        match c {
            b' ' | b'\t' | b'\r' => return end,
            _ if plain(c) => {
                // Names, numbers, operators: one run, up to the next byte
                // that may change the state, and its last token.
                end += run_len(&b[end..]);
                let run = b[i..end].trim_ascii_end();
                line.last = Some((line.text.len() + run.len() - 1, run[run.len() - 1]));
                line.leading = false;
                return end;
            }
            b'/' if b.get(end) == Some(&b'/') => {
                line.leading = false;
                return b.len();
            }
            b'/' if b.get(end) == Some(&b'*') => {
                line.leading = false;
                self.state = State::Comment(1);
                return end + 1;
            }
            b'"' => self.state = State::Str(None),
            b'r' if raw_prefix_ok(b, i) => {
                let hashes = b[end..].iter().take_while(|&&h| h == b'#').count();
                if b.get(end + hashes) == Some(&b'"') {
                    self.state = State::Str(Some(hashes));
                    end += hashes + 1;
                }
            }
            b'\'' => end = char_literal_end(b, i).unwrap_or(end),
            b'}' | b')' | b']' => self.close(line, c),
            b'{' | b'(' | b'[' => {
                line.leading = false;
                let drop_comma = drops_comma(&line.text, c);
                self.stack.push(Open { level: line.level, drop_comma });
            }
            _ => {}
        }
        if !matches!(c, b'}' | b')' | b']') {
            line.leading = false;
        }
        line.last = Some((line.text.len(), c));
        end
    }

    /// Pops the bracket a closer ends; a closer that starts the line puts
    /// it at the level of the line that opened the bracket.
    fn close(&mut self, line: &mut Line, closer: u8) {
        let open = self.stack.pop();
        if line.leading {
            line.closes = true;
            line.level = open.as_ref().map_or(0, |o| o.level);
        }
        if let (Some(open), Some((comma, b','))) = (open, line.last) {
            let after = &line.text[comma + 1..];
            if open.drop_comma && after.trim().is_empty() {
                // `S { a, }` keeps its space: `S { a }`.
                let space = closer == b'}' && !after.is_empty();
                let kept = line.text[..comma].trim_end().len();
                line.text.truncate(kept);
                if space {
                    line.text.push(' ');
                }
            }
        }
    }
}

/// Whether `rest`, after a `}` at the top level, starts another item (an
/// attribute or a word other than `else` or `as`).
fn starts_item(rest: &str) -> bool {
    let rest = rest.trim_start();
    let word: &str = rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default();
    rest.starts_with('#')
        || (!word.is_empty() && !matches!(word, "else" | "as") && !word.starts_with(|c: char| c.is_ascii_digit()))
}

/// A byte that never starts a literal, comment or bracket and is no comma
/// (`r` may start a raw string, `b` and `c` only come before one).
fn plain(c: u8) -> bool {
    ON_RUN[c as usize] && !matches!(c, b' ' | b'\t')
}

/// The bytes that go on a run of [`plain`] bytes and spaces, as a table:
/// this is the layout's inner loop, and a `match` on the byte compiled to
/// a jump per byte.
const ON_RUN: [bool; 256] = {
    let mut table = [true; 256];
    let stops = b"\"'/r{}()[],\r";
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = false;
        i += 1;
    }
    table
};

/// How many bytes from the start of `b` go on a run of plain bytes and
/// spaces. An `r` goes on it unless a raw string may start there (`r"`,
/// `r#`): otherwise every name with an `r` in it would be cut in pieces.
fn run_len(b: &[u8]) -> usize {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(ON_RUN[c as usize] || (c == b'r' && !matches!(b.get(i + 1), Some(b'"' | b'#')))) {
            break;
        }
        i += 1;
    }
    i
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Whether the `r` at `at` starts a raw string (`r"`, `br"`, `cr#"`), not
/// ends an identifier.
fn raw_prefix_ok(b: &[u8], at: usize) -> bool {
    match at.checked_sub(1).map(|p| b[p]) {
        None => true,
        Some(b'b' | b'c') => at < 2 || !is_ident_byte(b[at - 2]),
        Some(p) => !is_ident_byte(p),
    }
}

/// The end (exclusive) of the char literal that starts at `at` (a `'`),
/// or `None` when it is a lifetime or label (`'a`, `'static`).
fn char_literal_end(b: &[u8], at: usize) -> Option<usize> {
    let first = *b.get(at + 1)?;
    if first == b'\\' {
        // An escape: `'\''`, `'\\'`, `'\n'`, `'\u{7f}'`.
        let close = b.get(at + 3..)?.iter().position(|&c| c == b'\'')?;
        return Some(at + 3 + close + 1);
    }
    let len = utf8_len(first);
    (b.get(at + 1 + len) == Some(&b'\'')).then_some(at + 2 + len)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The end of the string literal text from `i`, and the state there.
fn string_end(b: &[u8], mut i: usize, hashes: Option<usize>) -> (usize, State) {
    while i < b.len() {
        match (b[i], hashes) {
            // An escape at the end of the line escapes the line break.
            (b'\\', None) => i += 2,
            (b'"', None) => return (i + 1, State::Code),
            (b'"', Some(n)) if b[i + 1..].iter().take(n).filter(|&&h| h == b'#').count() == n => {
                return (i + 1 + n, State::Code);
            }
            _ => i += 1,
        }
    }
    (b.len(), State::Str(hashes))
}

/// The end of the block comment text from `i`, and the state there.
fn comment_end(b: &[u8], mut i: usize, mut depth: usize) -> (usize, State) {
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'*', Some(b'/')) => {
                i += 2;
                depth -= 1;
                if depth == 0 {
                    return (i, State::Code);
                }
            }
            (b'/', Some(b'*')) => {
                i += 2;
                depth += 1;
            }
            _ => i += 1,
        }
    }
    (b.len(), State::Comment(depth))
}

/// Whether a trailing comma before the closer of the bracket `open`, about
/// to follow `before`, can go: always in `[]` and `{}`, but in `()` only
/// after a name (a call or a tuple struct), where no 1-tuple can be; never
/// in a macro's brackets.
fn drops_comma(before: &str, open: u8) -> bool {
    let before = before.as_bytes();
    match open {
        b'(' => {
            let mut end = before.len();
            if before.last() == Some(&b'>') {
                // Generic arguments: `fn f<'a>(`, `f::<T>(`.
                let Some(start) = generics_start(before) else { return false };
                end = if before[..start].ends_with(b"::") { start - 2 } else { start };
            }
            let word = before[..end].iter().rev().take_while(|&&c| is_ident_byte(c)).count();
            let (name, raw) = (&before[end - word..end], before[..end - word].ends_with(b"r#"));
            word > 0 && (raw || !KEYWORDS.iter().any(|k| k.as_bytes() == name))
        }
        _ => before.iter().rev().find(|c| !c.is_ascii_whitespace()) != Some(&b'!'),
    }
}

/// Where the `<...>` that ends `before` starts; `None` when the last `>`
/// is part of `->` or `=>` or has no `<`.
fn generics_start(before: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in before.iter().enumerate().rev() {
        match c {
            b'>' if i > 0 && matches!(before[i - 1], b'-' | b'=') => return None,
            b'>' => depth += 1,
            b'<' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Words after which `(` may open a tuple.
const KEYWORDS: &[&str] = &[
    "as", "box", "break", "const", "else", "fn", "for", "if", "impl", "in", "let", "loop", "match", "move", "mut",
    "ref", "return", "static", "unsafe", "where", "while", "yield",
];

/// The `///` (or `//!`) comment saying what a line holding only a
/// `#[doc = "..."]` (or `#![doc = "..."]`) says, when a comment can: the
/// text has no escape other than `\"`, `\\`, `\'` and `\t` (a line break
/// or an invisible character stays in the attribute), and an outer doc
/// does not start with `/` (`////` is an ordinary comment).
fn doc_comment(line: &str) -> Option<String> {
    let (marker, rest) = match line.strip_prefix("#[doc = \"") {
        Some(rest) => ("///", rest),
        None => ("//!", line.strip_prefix("#![doc = \"")?),
    };
    let text = rest.strip_suffix("\"]")?;
    let mut out = String::with_capacity(marker.len() + text.len());
    out.push_str(marker);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(match chars.next()? {
                't' => '\t',
                c @ ('\\' | '"' | '\'') => c,
                _ => return None,
            }),
            '"' => return None,
            c if c.is_control() && c != '\t' => return None,
            c => out.push(c),
        }
    }
    let doc = &out[marker.len()..];
    if doc.trim().is_empty() {
        // `#[doc = " "]`, an empty line of the text: no trailing space.
        out.truncate(marker.len());
    } else if doc.ends_with(char::is_whitespace) || (marker == "///" && doc.starts_with('/')) {
        // Trailing spaces may be a Markdown line break, and `////` is an
        // ordinary comment: both stay attributes.
        return None;
    }
    Some(out)
}

/// An inner doc comment or attribute.
fn is_inner_doc(text: &str) -> bool {
    text.starts_with("//!") || text.starts_with("#![doc")
}

/// An outer doc comment or a one-line outer attribute: it belongs to the
/// next line, so no blank line goes between them.
fn is_outer_attribute(text: &str) -> bool {
    (text.starts_with("///") && !text.starts_with("////")) || (text.starts_with("#[") && text.ends_with(']'))
}

#[cfg(test)]
mod tests {
    use super::format;

    /// `format` of lines joined, against the expected lines.
    fn check(input: &[&str], expected: &[&str]) {
        let mut want = expected.join("\n");
        want.push('\n');
        assert_eq!(format(&input.join("\n")), want);
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        check(
            &["fn f() {", "let s = \"{ ( [\";", "let t = \"a\\\"{\";", "let u = \"\\\\\";", "g(s)", "}"],
            &[
                "fn f() {",
                "    let s = \"{ ( [\";",
                "    let t = \"a\\\"{\";",
                "    let u = \"\\\\\";",
                "    g(s)",
                "}",
            ],
        );
    }

    #[test]
    fn raw_and_byte_strings() {
        check(
            &["fn f() {", "let a = r#\"x \" { \"#;", "let b = br\"}\";", "let c = b\"{\";", "let r#type = 1;", "}"],
            &[
                "fn f() {",
                "    let a = r#\"x \" { \"#;",
                "    let b = br\"}\";",
                "    let c = b\"{\";",
                "    let r#type = 1;",
                "}",
            ],
        );
    }

    #[test]
    fn lines_inside_a_literal_are_kept_as_they_are() {
        check(
            &["fn f() {", "let a = r#\"{", "  kept  ", "", "", "}\"#;", "let b = \"x", "   y {\";", "}"],
            &["fn f() {", "    let a = r#\"{", "  kept  ", "", "", "}\"#;", "    let b = \"x", "   y {\";", "}"],
        );
    }

    #[test]
    fn chars_and_lifetimes() {
        check(
            &[
                "fn f<'a>(x: &'a str) -> char {",
                "if x.is_empty() { '{' } else { '}' };",
                "let q = ['\\'', '\\u{7b}', b'(', '\"'];",
                "'outer: loop { break 'outer; }",
                "'é'",
                "}",
            ],
            &[
                "fn f<'a>(x: &'a str) -> char {",
                "    if x.is_empty() { '{' } else { '}' };",
                "    let q = ['\\'', '\\u{7b}', b'(', '\"'];",
                "    'outer: loop { break 'outer; }",
                "    'é'",
                "}",
            ],
        );
    }

    #[test]
    fn brackets_in_comments_do_not_count() {
        check(
            &[
                "mod m { // {",
                "/// a {",
                "//! b (",
                "/* { /* nested } */ [ */",
                "/* {",
                "  ( kept",
                "*/ fn f() {}",
                "}",
            ],
            &[
                "mod m { // {",
                "    /// a {",
                "    //! b (",
                "    /* { /* nested } */ [ */",
                "    /* {",
                "  ( kept",
                "*/ fn f() {}",
                "}",
            ],
        );
    }

    #[test]
    fn one_level_per_line_that_opens() {
        check(
            &["fn f() {", "      foo(Bar {", "a: [", "1,", "],", "});", "if a {", "b", "} else {", "c", "}", "}"],
            &[
                "fn f() {",
                "    foo(Bar {",
                "        a: [",
                "            1,",
                "        ],",
                "    });",
                "    if a {",
                "        b",
                "    } else {",
                "        c",
                "    }",
                "}",
            ],
        );
    }

    #[test]
    fn blank_lines() {
        check(
            &[
                "",
                "  ",
                "use a;",
                "",
                "",
                "",
                "struct S {  ",
                "",
                "a: u8,",
                "",
                "}",
                "/// Doc.",
                "",
                "#[derive(Debug)]",
                "",
                "struct T;",
                "",
                "",
            ],
            &["use a;", "", "struct S {", "    a: u8,", "}", "/// Doc.", "#[derive(Debug)]", "struct T;"],
        );
        check(&["//! A.", "", "//! B.", "", "use a;"], &["//! A.", "//! B.", "", "use a;"]);
        assert_eq!(format(""), "");
    }

    #[test]
    fn trailing_commas_left_by_loops() {
        check(
            &[
                "fn f() {",
                "g(a, b, );",
                "let t = (a, );",
                "fn k<'a>(&self, x: &'a str, ) -> (u8, ) {}",
                "r#fn(a, );",
                "f::<Vec<u8>>(a, );",
                "let m = |x| x>(a, );",
                "let v = &[a, ];",
                "S { a, }",
                "vec![a, ];",
                "h(c,",
                ");",
                "}",
            ],
            &[
                "fn f() {",
                "    g(a, b);",
                "    let t = (a, );",
                "    fn k<'a>(&self, x: &'a str) -> (u8, ) {}",
                "    r#fn(a);",
                "    f::<Vec<u8>>(a);",
                "    let m = |x| x>(a, );",
                "    let v = &[a];",
                "    S { a }",
                "    vec![a, ];",
                "    h(c,",
                "    );",
                "}",
            ],
        );
    }

    #[test]
    fn doc_attributes_become_comments_when_they_can() {
        check(
            &[
                "#![doc = \" Crate.\"]",
                "#[doc = \" a \\\"q\\\" \\\\ it\\'s\"]",
                "#[doc = \" \"]",
                "#[doc = \"`x`\"]",
                "#[doc = \" line\\nbreak\"]",
                "#[doc = \" \\u{202e}\"]",
                "#[doc = \"/path\"]",
                "#[doc = \" two spaces  \"]",
                "struct S;",
            ],
            &[
                "//! Crate.",
                "/// a \"q\" \\ it's",
                "///",
                "///`x`",
                "#[doc = \" line\\nbreak\"]",
                "#[doc = \" \\u{202e}\"]",
                "#[doc = \"/path\"]",
                "#[doc = \" two spaces  \"]",
                "struct S;",
            ],
        );
    }

    #[test]
    fn items_glued_to_a_closing_brace_are_split() {
        check(
            &[
                "impl A {",
                "}impl B {",
                "fn f() {}",
                "} #[derive(Debug)] struct C;",
                "const D: S = S {} ;",
                "fn g() {} else",
            ],
            &[
                "impl A {",
                "}",
                "",
                "impl B {",
                "    fn f() {}",
                "}",
                "",
                "#[derive(Debug)] struct C;",
                "const D: S = S {} ;",
                "fn g() {} else",
            ],
        );
    }

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Laying out the committed crates again changes nothing: every rule
    /// leaves what it produces alone.
    #[test]
    fn output_is_a_fixed_point() {
        let mut files = Vec::new();
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated"), &mut files);
        assert!(files.len() > 100, "{} files", files.len());
        for path in files {
            let text = std::fs::read_to_string(&path).expect("read");
            let body = text.split_once("\n\n").map_or(text.as_str(), |(_, body)| body);
            assert!(format(body) == body, "{} changes when laid out again", path.display());
        }
    }
}
