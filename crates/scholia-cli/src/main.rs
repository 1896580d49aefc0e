//! `scholia-cli`: Scholia's core on the command line. A thin shell: parsing
//! arguments, reading and writing files, printing; everything else is
//! `scholia-core`.

mod agree;
mod convert;
mod input;
mod merge;
mod report;
mod stats;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "scholia-cli",
    version,
    about = "Convert, check and compare annotation files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert annotations between formats.
    Convert(convert::Args),
    /// Check files and report every problem precisely.
    Validate(validate::Args),
    /// Count documents, annotations, labels and relations.
    Stats(stats::Args),
    /// Measure agreement between annotators.
    Agree(agree::Args),
    /// Merge annotators' files of one document into one file, one layer each.
    Merge(merge::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Merge(args) => merge::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("scholia-cli: {error:#}");
            ExitCode::FAILURE
        }
    }
}
