//! `crosstalk index`: load every supported file under the paths (in parallel), build the
//! analysis index, print what it holds and exit; plus the loading helper the analysis
//! subcommands share.

use anyhow::Context;
use clap::Args;
use crosstalk::Library;
use crosstalk::analysis::{Index, ThemeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `crosstalk index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Also print how long loading and indexing took (on standard error).
    #[arg(long)]
    pub timings: bool,
    /// Transcript files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Loads every supported file under `paths` in parallel. Files that fail are reported on
/// standard error; it is an error only when none loads.
pub fn load_library(paths: &[PathBuf]) -> anyhow::Result<Library> {
    let files = crosstalk::parse::collect_files(paths);
    if files.is_empty() {
        anyhow::bail!("no supported transcript files under the given paths");
    }
    let mut transcripts = Vec::with_capacity(files.len());
    for result in crosstalk::parse::load_paths(&files) {
        match result {
            Ok(transcript) => transcripts.push(transcript),
            Err(error) => eprintln!("crosstalk: {error}"),
        }
    }
    if transcripts.is_empty() {
        anyhow::bail!("none of the {} file(s) could be loaded", files.len());
    }
    Ok(Library::from_transcripts(transcripts))
}

/// The theme set from `--themes`, or the built-in one.
pub fn load_themes(path: Option<&Path>) -> anyhow::Result<ThemeSet> {
    match path {
        Some(path) => ThemeSet::load(path).context("cannot use the theme file"),
        None => Ok(ThemeSet::builtin()),
    }
}

/// Runs `crosstalk index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let library = load_library(&args.paths)?;
    let loaded = start.elapsed();
    let index = Index::build(&library);
    let indexed = start.elapsed() - loaded;
    println!("transcripts:    {}", index.transcript_count());
    println!("turns:          {}", index.turn_count());
    println!("sentences:      {}", index.sentence_count());
    println!("words:          {}", index.token_count());
    println!("distinct terms: {}", index.vocabulary().distinct_terms());
    if args.timings {
        eprintln!(
            "load {:.1} ms, index {:.1} ms",
            loaded.as_secs_f64() * 1e3,
            indexed.as_secs_f64() * 1e3
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes text to standard output; a closed pipe (`| head`) ends the output quietly.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}
