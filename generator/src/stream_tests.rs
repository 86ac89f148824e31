//! Which calls stream, checked on small inline documents: the IR's
//! `Operation::stream`, the report line `check` prints for each, the
//! manifest feature a channel needs, and the change report.

use crate::ir::{Operation, StreamKind, TypeRef};
use crate::report::Kind;
use crate::spec_tests::generate;

/// A document with one `GET /x` whose `200` has `content`, served from
/// `server`.
fn doc(server: &str, content: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nservers: [{{url: '{server}'}}]\npaths:\n  /x:\n    get:\n      \
         operationId: getX\n      tags: [x]\n      responses:\n        '200':\n          description: ok\n          \
         content:\n{content}components:\n  schemas:\n    Tick: {{type: object, properties: {{n: {{type: integer}}}}}}\n"
    )
}

const JSON_TICK: &str = "            application/json:\n              schema: {$ref: '#/components/schemas/Tick'}\n";

fn op(yaml: &str) -> (Operation, Vec<crate::report::Item>) {
    let g = generate(yaml);
    (g.api.groups[0].operations[0].clone(), g.report.sorted())
}

#[test]
fn a_websocket_server_makes_a_channel_of_its_frame_type() {
    let (op, report) = op(&doc("wss://ws.example.com", JSON_TICK));
    let stream = op.stream.expect("a channel");
    assert_eq!((stream.kind, stream.primary), (StreamKind::Channel, true));
    assert_eq!(stream.item, TypeRef::Named("Tick".into()));
    assert!(report.iter().any(|i| i.kind == Kind::Streaming && i.pointer == "#/paths/~1x/get"), "{report:?}");
    let (http, _) = op_of_http();
    assert_eq!(http.stream, None, "an https server is a plain call");
}

fn op_of_http() -> (Operation, Vec<crate::report::Item>) {
    op(&doc("https://api.example.com", JSON_TICK))
}

#[test]
fn a_path_level_websocket_server_wins_over_the_documents() {
    let yaml = doc("https://api.example.com", JSON_TICK).replace("  /x:\n", "  /x:\n    servers: [{url: 'ws://h'}]\n");
    assert_eq!(op(&yaml).0.stream.map(|s| s.kind), Some(StreamKind::Channel));
}

#[test]
fn an_event_stream_alone_is_awaited_as_a_stream_of_its_item_schema() {
    let content = "            text/event-stream:\n              itemSchema: {$ref: '#/components/schemas/Tick'}\n";
    let (op, report) = op(&doc("https://h", content));
    let stream = op.stream.expect("events");
    assert_eq!((stream.kind, stream.primary, stream.item), (StreamKind::Events, true, TypeRef::Named("Tick".into())));
    assert!(report.iter().any(|i| i.kind == Kind::LoweredConstruct && i.pointer.ends_with("/itemSchema")));
}

#[test]
fn an_event_stream_without_a_schema_is_text_and_reported() {
    let (op, report) = op(&doc("https://h", "            text/event-stream: {}\n"));
    assert_eq!(op.stream.map(|s| s.item), Some(TypeRef::String));
    assert!(report.iter().any(|i| i.kind == Kind::Other && i.reason.contains("read as a `String`")), "{report:?}");
}

#[test]
fn an_event_stream_beside_json_keeps_the_json_call_and_adds_a_stream() {
    let content = format!("{JSON_TICK}            text/event-stream:\n              schema: {{type: string}}\n");
    let (op, report) = op(&doc("https://h", &content));
    let stream = op.stream.expect("events beside json");
    assert_eq!((stream.kind, stream.primary, stream.item), (StreamKind::Events, false, TypeRef::String));
    assert!(!report.iter().any(|i| i.kind == Kind::IgnoredMediaType), "the event stream is read: {report:?}");
}

#[test]
fn json_lines_and_bytes_stream_beside_the_buffered_call() {
    let lines = "            application/x-ndjson:\n              schema: {type: array, items: {$ref: '#/components/schemas/Tick'}}\n";
    let stream = op(&doc("https://h", lines)).0.stream.expect("lines");
    assert_eq!((stream.kind, stream.primary, stream.item), (StreamKind::Lines, false, TypeRef::Named("Tick".into())));
    let bytes = "            application/octet-stream:\n              schema: {type: string, format: binary}\n";
    assert_eq!(op(&doc("https://h", bytes)).0.stream.map(|s| s.kind), Some(StreamKind::Bytes));
}

/// The features the generated manifest's feature `name` turns on.
fn feature(g: &crate::Generated, name: &str) -> Vec<String> {
    let manifest = g.files.get(std::path::Path::new("Cargo.toml")).expect("manifest");
    let table: toml::Table = toml::from_str(manifest).expect("manifest is toml");
    let list = table["features"][name].as_array().expect("feature list");
    list.iter().map(|v| v.as_str().expect("feature name").to_string()).collect()
}

#[test]
fn only_the_tags_with_channels_turn_on_the_runtimes_websocket_feature() {
    assert_eq!(feature(&generate(&doc("wss://h", JSON_TICK)), "x"), vec!["openapi-rust-runtime/ws".to_string()]);
    assert!(feature(&generate(&doc("https://h", JSON_TICK)), "x").is_empty());
}

#[test]
fn a_response_that_becomes_or_stops_being_a_stream_is_breaking() {
    use crate::diff::{diff, Impact};
    let plain = generate(&doc("https://h", JSON_TICK)).api;
    let channel = generate(&doc("wss://h", JSON_TICK)).api;
    for (a, b) in [(&plain, &channel), (&channel, &plain)] {
        let report = diff(a, b);
        assert!(report.count(Impact::Breaking) > 0, "{report:?}");
    }
    let content = format!("{JSON_TICK}            text/event-stream: {{}}\n");
    let beside = generate(&doc("https://h", &content)).api;
    let report = diff(&plain, &beside);
    assert_eq!(report.count(Impact::Breaking), 0, "{report:?}");
    assert!(report.changes.iter().any(|c| c.what.contains("`.stream()` added")), "{report:?}");
}

#[test]
fn a_parameter_named_stream_does_not_take_the_streaming_calls_name() {
    let bytes = "            application/octet-stream:\n              schema: {type: string, format: binary}\n";
    let yaml = doc("https://h", bytes).replace(
        "      operationId: getX\n",
        "      operationId: getX\n      parameters:\n        - {name: stream, in: query, schema: {type: boolean}}\n",
    );
    let g = generate(&yaml);
    let file = g.files.get(std::path::Path::new("src/apis/x_api.rs")).expect("api file");
    let ast = syn::parse_file(file).expect("parses");
    let ast = crate::expand::expand_runtime_macros(&ast).expect("expands");
    // The methods of each type's inherent impl blocks, which the runtime's
    // macros split into several.
    let mut by_type: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for item in &ast.items {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*block.self_ty else { continue };
        let ty = ty.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        by_type.entry(ty).or_default().extend(block.items.iter().filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        }));
    }
    assert!(by_type.values().any(|names| names.iter().any(|n| n == "stream")), "{by_type:?}");
    for names in by_type.values_mut() {
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a method name is taken twice: {names:?}");
    }
}
