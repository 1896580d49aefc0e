//! `scholia-cli`: Scholia's core on the command line. A thin shell: parsing
//! arguments, reading and writing files, printing; everything else is
//! `scholia-core`.

/// `print!` for the program's output: a reader that goes away (`scholia-cli
/// … | head`) ends the program quietly, as with other command-line tools,
/// instead of the panic `print!` gives on a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::write_out(format_args!($($arg)*)) };
}

/// `println!` for the program's output; see [`out!`].
macro_rules! outln {
    () => { $crate::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

mod agree;
mod convert;
mod input;
mod merge;
mod report;
mod stats;
mod suggest;
mod validate;

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "scholia-cli",
    version,
    about = "Convert, check and compare annotation files; train, run and score suggestions"
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
    /// Train the suggestions' tagger on annotated documents.
    Train(suggest::TrainArgs),
    /// Write documents with the tagger's suggestions as a layer of their own.
    Suggest(suggest::SuggestArgs),
    /// Score the tagger (precision, recall, F1 per label), or cross-validate it.
    Evaluate(suggest::EvaluateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Train(args) => suggest::train(args),
        Command::Suggest(args) => suggest::suggest(args),
        Command::Evaluate(args) => suggest::evaluate_command(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("scholia-cli: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to standard output. A closed pipe exits with the status a shell
/// reports for a process ended by SIGPIPE (141), saying nothing; any other
/// write error is reported and exits with 1.
fn write_out(args: std::fmt::Arguments) {
    if let Err(error) = std::io::stdout().lock().write_fmt(args) {
        if error.kind() == ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("scholia-cli: cannot write the output: {error}");
        std::process::exit(1);
    }
}
