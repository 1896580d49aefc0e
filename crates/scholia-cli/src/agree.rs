//! `scholia-cli agree`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Input files.
    pub files: Vec<std::path::PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`agree` is not built yet")
}
