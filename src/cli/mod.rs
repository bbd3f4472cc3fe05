//! Command-line parsing and dispatch (`clap`). Each subcommand lives in its own file.

mod export;
mod index;
mod inspect;
mod search;
mod terms;
mod themes;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare what public figures say.
#[derive(Debug, Parser)]
#[command(name = "crosstalk", version, about, long_about = None)]
pub struct Cli {
    /// What to do; with none, the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Transcripts (files or folders) to open in the app; the bundled sample when none.
    pub files: Vec<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print each file's format, title, date, sections and speakers, and the speakers merged
    /// across all files.
    Inspect(inspect::InspectArgs),
    /// Export excerpts (by query words and speakers) as Markdown, CSV, JSON, text or HTML.
    Export(export::ExportArgs),
    /// Find the sentences matching a query (see "Query language" in the README), per speaker.
    Search(search::SearchArgs),
    /// The words that distinguish a speaker from another, or from everyone else.
    Terms(terms::TermsArgs),
    /// Per speaker, the sentences and share of words under each theme.
    Themes(themes::ThemesArgs),
    /// Load and index every transcript under the paths; print transcripts, turns, words and
    /// distinct terms.
    Index(index::IndexArgs),
}

/// Parses the arguments and runs the chosen command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Inspect(args)) => inspect::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Search(args)) => search::run(&args),
        Some(Command::Terms(args)) => terms::run(&args),
        Some(Command::Themes(args)) => themes::run(&args),
        Some(Command::Index(args)) => index::run(&args),
        None => run_app(cli.files),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("crosstalk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn run_app(files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    crosstalk::ui::run(files)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn run_app(_files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this build has no desktop app (built without the `gui` feature); see --help")
}
