//! scholia-split: the command line of the `scholia_split` library.
//!
//!   scholia-split split IN.wasm --keep LIST --primary OUT.wasm --deferred OUT.wasm
//!   scholia-split instrument IN.wasm OUT.wasm
//!
//! LIST holds one rule per line (`scholia_split::Keep`), as
//! `scripts/split-profile.mjs` writes it.

use std::fs;
use std::process::ExitCode;

const USAGE: &str = "usage: scholia-split split IN.wasm --keep LIST --primary OUT.wasm --deferred OUT.wasm\n       scholia-split instrument IN.wasm OUT.wasm";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("scholia-split: {error}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("{path}: {e}"))
}

fn run(args: &[String]) -> Result<String, String> {
    match args {
        [command, input, output] if command == "instrument" => {
            let bytes =
                scholia_split::instrument(&read(input)?).map_err(|e| format!("{input}: {e}"))?;
            write(output, &bytes)?;
            Ok(format!(
                "{output}: {input} instrumented ({} bytes)",
                bytes.len()
            ))
        }
        [command, input, rest @ ..] if command == "split" => {
            let option = |name: &str| {
                rest.iter()
                    .position(|arg| arg == name)
                    .and_then(|i| rest.get(i + 1))
                    .ok_or_else(|| format!("{name} is missing\n{USAGE}"))
            };
            let (keep, primary, deferred) = (
                option("--keep")?,
                option("--primary")?,
                option("--deferred")?,
            );
            let list = fs::read_to_string(keep).map_err(|e| format!("{keep}: {e}"))?;
            let rules = scholia_split::Keep::parse(&list).map_err(|e| format!("{keep}: {e}"))?;
            let split =
                scholia_split::split(&read(input)?, &rules).map_err(|e| format!("{input}: {e}"))?;
            write(primary, &split.primary)?;
            write(deferred, &split.deferred)?;
            Ok(format!(
                "{input}: {} → {primary} ({} bytes) and {deferred} ({} bytes)",
                split.report,
                split.primary.len(),
                split.deferred.len()
            ))
        }
        _ => Err(USAGE.into()),
    }
}
