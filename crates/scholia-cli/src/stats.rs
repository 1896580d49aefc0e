//! `scholia-cli stats FILE…`: documents, annotations and relations, by label,
//! relation type and layer, for each file and (for several) in total.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{Input, ReadArgs};
use crate::report::{counts, plural, Counts};

#[derive(clap::Args)]
pub struct Args {
    /// The files to count (brat: the .ann, with the .txt beside it).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct FileCounts {
    file: String,
    format: String,
    #[serde(flatten)]
    counts: Counts,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut all = Vec::new();
    let mut total = Counts::default();
    let mut failed = false;
    for path in &args.files {
        let mut input = match Input::open(path, &args.read) {
            Ok(input) => input,
            Err(error) => {
                eprintln!("{error}");
                failed = true;
                continue;
            }
        };
        let mut file = Counts::default();
        while let Some(document) = input.next_document() {
            match document {
                Ok(document) => file.add(&counts(&document)),
                Err(error) => {
                    eprintln!("{error}");
                    failed = true;
                }
            }
        }
        total.add(&file);
        all.push(FileCounts {
            file: input.name.clone(),
            format: input.format.name().to_string(),
            counts: file,
        });
    }
    if args.json {
        let value = serde_json::json!({ "files": all, "total": total });
        outln!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        for file in &all {
            print_table(&format!("{} ({})", file.file, file.format), &file.counts);
        }
        if all.len() > 1 {
            print_table("total", &total);
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_table(title: &str, counts: &Counts) {
    outln!("{title}");
    outln!("  {}", counts.sentence());
    let width = counts
        .labels
        .keys()
        .chain(counts.relation_types.keys())
        .chain(counts.layers.keys())
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    let rows = |heading: &str, rows: Vec<(&String, String)>| {
        if !rows.is_empty() {
            outln!("  {heading}");
            for (name, value) in rows {
                let pad = width - name.chars().count();
                outln!("    {name}{}  {value}", " ".repeat(pad));
            }
        }
    };
    rows(
        "by label",
        counts
            .labels
            .iter()
            .map(|(k, n)| (k, n.to_string()))
            .collect(),
    );
    rows(
        "by relation type",
        counts
            .relation_types
            .iter()
            .map(|(k, n)| (k, n.to_string()))
            .collect(),
    );
    rows(
        "by layer",
        counts
            .layers
            .iter()
            .map(|(k, n)| {
                (
                    k,
                    format!(
                        "{}, {}",
                        plural(n.annotations, "annotation"),
                        plural(n.relations, "relation")
                    ),
                )
            })
            .collect(),
    );
}
