//! Fuzzes load + IR + render on arbitrary bytes (seeded with `specs/` and
//! the bad-input corpus): any input must end in a crate or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A path inside an empty folder: `$ref`s to other files find nothing.
    let name = std::path::Path::new("/nonexistent-fuzz-dir/spec.yaml");
    let _ = generator::Config::new(name).crate_name("fuzzed").generate_text(name, text);
});
