//! `scholia-cli convert`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Input files.
    pub files: Vec<std::path::PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`convert` is not built yet")
}
