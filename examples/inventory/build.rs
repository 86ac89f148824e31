// Generates the client of `specs/inventory.yaml` into `OUT_DIR/inventory.rs`.
// Cargo reruns this script only when the document, a file it `$ref`s, or
// this script changes.
fn main() -> Result<(), generator::Error> {
    // `mock_module`: the module gets the typed mock server too, compiled
    // with this crate's `mock` feature (tests/mock.rs).
    generator::Config::new("../../specs/inventory.yaml").crate_name("inventory").mock_module(true).compile()?;
    Ok(())
}
