//! `scholia-cli validate FILE…`: reads every file as an import would and
//! prints one line per problem, naming file, line, record and field. JSON
//! Lines files are checked to the end, every bad line reported; other files
//! stop at their first problem. Exits non-zero if any file has a problem.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{Input, ReadArgs};
use crate::report::{counts, print_report, Counts};

#[derive(clap::Args)]
pub struct Args {
    /// The files to check (brat: the .ann, with the .txt beside it).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut n_problems = 0;
    for path in &args.files {
        let mut input = match Input::open(path, &args.read) {
            Ok(input) => input,
            Err(error) => {
                outln!("{error}");
                n_problems += 1;
                continue;
            }
        };
        let mut total = Counts::default();
        let mut problems = 0;
        while let Some(document) = input.next_document() {
            match document {
                Ok(document) => total.add(&counts(&document)),
                Err(error) => {
                    outln!("{error}");
                    problems += 1;
                }
            }
        }
        if problems == 0 {
            outln!(
                "{}: ok ({}): {}",
                input.name,
                input.format.title(),
                total.sentence()
            );
        }
        print_report(&format!("{}: ", input.name), &input.report);
        n_problems += problems;
    }
    Ok(if n_problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
