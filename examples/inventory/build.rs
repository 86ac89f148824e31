// Generates the client of `specs/inventory.yaml` into `OUT_DIR/inventory.rs`.
// Cargo reruns this script only when the document, a file it `$ref`s, or
// this script changes.
fn main() -> Result<(), generator::Error> {
    generator::Config::new("../../specs/inventory.yaml").crate_name("inventory").compile()?;
    Ok(())
}
