//! `cargo run -p tests --bin sweep -- <spec> [--dynamic | --both]`: calls
//! every operation of the client generated from `<spec>` once against
//! Prism mocking the same document, and prints how many calls conform and
//! why the others do not (see `tests::sweep::run`). Exits 1 when a call
//! does not conform.

use std::path::PathBuf;
use std::process::ExitCode;

use tests::sweep::report::Mode;

fn main() -> ExitCode {
    let mut spec = None;
    let mut modes = vec![Mode::Examples];
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dynamic" => modes = vec![Mode::Dynamic],
            "--both" => modes = Mode::ALL.to_vec(),
            _ if spec.is_none() && !arg.starts_with("--") => spec = Some(PathBuf::from(arg)),
            _ => return usage(&format!("unexpected argument `{arg}`")),
        }
    }
    let Some(spec) = spec else { return usage("no document given") };
    match tests::sweep::run::run_sweep(&spec, &generator::Options::default(), &modes) {
        Ok(reports) => {
            for r in &reports {
                print!("{r}");
            }
            if reports.iter().all(|r| r.conforming() == r.total()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: sweep <spec> [--dynamic | --both]");
    ExitCode::from(2)
}
