//! Baseline for the generation benchmark: only parses a YAML file into
//! `serde_yaml::Value`, the floor every YAML-reading generator pays.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_yaml FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read `{path}`: {e}");
            std::process::exit(1);
        }
    };
    match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(v) => println!("{}", matches!(v, serde_yaml::Value::Mapping(_))),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
