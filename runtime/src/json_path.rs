//! Where in a JSON text a decoding error happened, as a path like
//! `items[1].id`.
//!
//! serde_json reports a failure by line and column. Rather than decode
//! every body through a path-tracking wrapper (which compiles a second
//! copy of every model's decoder), the path is found after the fact by
//! scanning the text up to that position, once, with this non-generic
//! scanner.

enum Frame {
    /// An object, with the key whose value is being read, if any.
    Object(Option<String>),
    /// An array, with the index of the element being read, once one started.
    Array(Option<usize>),
}

/// The path of the value being read at `line` and `column` (both 1-based,
/// as serde_json counts them) of `text`: keys joined by `.`, indexes in
/// brackets, `.` for the whole value.
pub fn path_at(text: &[u8], line: usize, column: usize) -> String {
    let end = offset(text, line, column).min(text.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let b = text[i];
        match b {
            b'"' => {
                let close = string_end(text, i + 1);
                key_or_value(&mut frames, Some(&text[i..close.min(end).max(i + 1)]), close <= end);
                i = close;
                continue;
            }
            b'{' | b'[' => {
                key_or_value(&mut frames, None, false);
                frames.push(if b == b'{' { Frame::Object(None) } else { Frame::Array(None) });
            }
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(Some(n))) => *n += 1,
                _ => {}
            },
            b' ' | b'\t' | b'\r' | b'\n' | b':' => {}
            _ => key_or_value(&mut frames, None, false),
        }
        i += 1;
    }
    render(&frames)
}

/// The byte offset of a 1-based line and column.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let start: usize = text.split(|b| *b == b'\n').take(line.saturating_sub(1)).map(|l| l.len() + 1).sum();
    start + column
}

/// The index just past the closing quote of a string starting at `from`.
fn string_end(text: &[u8], mut from: usize) -> usize {
    while from < text.len() {
        match text[from] {
            b'\\' => from += 2,
            b'"' => return from + 1,
            _ => from += 1,
        }
    }
    text.len()
}

/// A token that starts a key or a value: a string in an object waiting for
/// a key names the next value; anything else starts an element.
fn key_or_value(frames: &mut [Frame], string: Option<&[u8]>, complete: bool) {
    match frames.last_mut() {
        Some(Frame::Object(key @ None)) => {
            if let (Some(s), true) = (string, complete) {
                *key = Some(serde_json::from_slice(s).unwrap_or_else(|_| String::from_utf8_lossy(s).into_owned()));
            }
        }
        Some(Frame::Array(n @ None)) => *n = Some(0),
        _ => {}
    }
}

fn render(frames: &[Frame]) -> String {
    let mut out = String::new();
    for frame in frames {
        match frame {
            Frame::Object(Some(key)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Array(Some(n)) => out.push_str(&format!("[{n}]")),
            Frame::Object(None) | Frame::Array(None) => {}
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::path_at;

    fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text.as_bytes(), e.line(), e.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Items {
        items: Vec<Item>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, Item>,
    }

    #[test]
    fn names_keys_and_indexes_down_to_the_failing_value() {
        assert_eq!(path_of_error::<Items>(r#"{"items":[{"id":1},{"id":"x"}]}"#), "items[1].id");
        assert_eq!(
            path_of_error::<Items>("{\n  \"items\": [\n    {\"id\": 1},\n    {\"id\": -2}\n  ]\n}"),
            "items[1].id"
        );
        assert_eq!(path_of_error::<Items>(r#"{"items":[],"tags":{"a.b":{"id":true}}}"#), "tags.a.b.id");
        assert_eq!(path_of_error::<Items>(r#"{"items":[], "tags":{"q\"":{"id":[1]}}}"#), "tags.q\".id");
    }

    #[test]
    fn a_missing_field_names_the_object_that_lacks_it() {
        assert_eq!(path_of_error::<Items>(r#"{"items":[{"id":1},{}]}"#), "items[1]");
        assert_eq!(path_of_error::<Items>("{}"), ".");
    }

    #[test]
    fn a_value_of_the_wrong_shape_at_the_top_is_the_root() {
        assert_eq!(path_of_error::<Items>(r#""x""#), ".");
        assert_eq!(path_of_error::<Items>(r#"{"items":{"a":{"id":1}}}"#), "items");
        assert_eq!(path_of_error::<Vec<Item>>(r#"[{"id":1},{"id":2},"x"]"#), "[2]");
    }
}
