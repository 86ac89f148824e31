//! The adversarial document (`specs/adversarial.yaml`): names and
//! descriptions that try to break out of identifiers, strings and doc
//! comments. Its crate is a workspace member, so it compiles with warnings
//! denied; here we check that no spec text became code and that the odd
//! names still round-trip on the wire.

use std::path::Path;
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

fn idents(stream: TokenStream, out: &mut Vec<String>, inner_attrs: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Ident(id) => out.push(id.to_string()),
            TokenTree::Group(g) => {
                // `#` `!` `[...]`: an inner attribute; remember its path.
                if i >= 2 {
                    if let (TokenTree::Punct(h), TokenTree::Punct(b)) = (&tokens[i - 2], &tokens[i - 1]) {
                        if h.as_char() == '#' && b.as_char() == '!' {
                            inner_attrs.push(g.stream().into_iter().next().map(|t| t.to_string()).unwrap_or_default());
                        }
                    }
                }
                idents(g.stream(), out, inner_attrs);
            }
            _ => {}
        }
    }
}

#[test]
fn spec_text_never_becomes_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/adversarial/src");
    let mut files = vec![];
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 5);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        let stream = TokenStream::from_str(&text).expect("tokens");
        let (mut ids, mut inner) = (vec![], vec![]);
        idents(stream, &mut ids, &mut inner);
        for id in &ids {
            assert!(!id.contains("injected") && id != "Injected", "{}: spec text became code: `{id}`", f.display());
        }
        for a in &inner {
            assert!(
                ["forbid", "allow", "doc"].contains(&a.as_str()),
                "{}: unexpected inner attribute `{a}`",
                f.display()
            );
        }
        // The texts are still there, as documentation.
        if f.ends_with("struct_.rs") {
            assert!(text.contains("injected_from_schema"), "the description was dropped");
        }
    }
}

#[test]
fn odd_names_round_trip_on_the_wire() {
    use adversarial::models::{Struct, StructKind};
    let mut s = Struct::new("t".into(), "empty".into(), 7);
    s.caf = Some(true);
    s.a_b = Some("ab".into());
    s.evil = Some("e".into());
    s.line_break = Some("lb".into());
    s.self_ = Some("lower".into());
    s.self_2 = Some("upper".into());
    s.self_3 = Some("underscore".into());
    s.kind = Some(StructKind::Plus1);
    let json = serde_json::to_value(&s).expect("serialize");
    let obj = json.as_object().expect("object");
    for key in ["type", "", "1abc", "café", "a::b", "#[evil]", "line\nbreak", "self", "Self", "self_", "kind"] {
        assert!(obj.contains_key(key), "`{key}` missing from {json}");
    }
    assert_eq!(obj["kind"], "+1");
    let back: Struct = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, s);
    for (value, variant) in
        [("", StructKind::Empty), ("-1", StructKind::Minus1), ("1.5", StructKind::V1Point5), ("*/", StructKind::Star)]
    {
        assert_eq!(StructKind::from(value), variant);
        assert_eq!(serde_json::to_value(&variant).expect("ser"), value);
    }
    let unknown: StructKind = serde_json::from_str("\"brand-new\"").expect("de");
    assert_eq!(unknown, StructKind::Unknown("brand-new".into()));
    assert_eq!(serde_json::to_string(&unknown).expect("ser"), "\"brand-new\"");
}
