//! `crosstalk export`: load transcripts, pick excerpts (query, theme, speakers), and write
//! them as Markdown, CSV, JSON, text or HTML — atomically, never overwriting without `--force`.

use crate::cli::index::{load_library, load_themes};
use anyhow::Context;
use clap::Args;
use crosstalk::Library;
use crosstalk::analysis::{Filter, Index, Widen};
use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crosstalk::storage::{self, Overwrite, StorageError};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `crosstalk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The query (see "Query language" in the README), e.g. `sanction* speaker:putin`; each
    /// matching sentence is an excerpt. Without a query or theme every turn is exported whole.
    #[arg(long, short)]
    pub query: Option<String>,
    /// Only sentences on this theme (its id, e.g. `defense`); repeat for several (any of them).
    #[arg(long, short)]
    pub theme: Vec<String>,
    /// Theme file for `--theme` and `theme:` in queries (the built-in themes by default).
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// Only these speakers (display name, any alias, or speaker key; case-insensitive).
    /// Repeat for several.
    #[arg(long, short)]
    pub speaker: Vec<String>,
    /// Output format; by default taken from the extension of `-o`, else Markdown.
    #[arg(long, short)]
    pub format: Option<ExportFormat>,
    /// Output file; `-` (the default) writes to standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Sentences of context to include before and after each matching sentence.
    #[arg(long, default_value_t = 0)]
    pub context: usize,
    /// Start CSV output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// Transcript files (or folders).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `crosstalk export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_os_str() == "-";
    let format = match args.format {
        Some(format) => format,
        None if to_stdout => ExportFormat::Markdown,
        None => args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ExportFormat::from_extension)
            .unwrap_or(ExportFormat::Markdown),
    };
    if !to_stdout && !args.force && args.output.exists() {
        anyhow::bail!(
            "{} already exists; use --force to overwrite it",
            args.output.display()
        );
    }
    let library = load_library(&args.files)?;
    let set = select(&library, args)?;
    eprintln!("crosstalk: {} excerpts", set.excerpts.len());
    let bytes = export::render(format, &set, ExportOptions { csv_bom: args.bom })?;
    if to_stdout {
        std::io::stdout()
            .lock()
            .write_all(&bytes)
            .context("could not write to standard output")?;
    } else {
        write_file(&args.output, &bytes, args.force)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    match storage::write_atomic(path, bytes, overwrite) {
        Ok(()) => Ok(()),
        Err(StorageError::AlreadyExists { path }) => anyhow::bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ),
        Err(error) => Err(error.into()),
    }
}

/// The excerpts of the library that pass the speaker filter and match the query or theme
/// (the analysis [`Filter`]); every turn of the chosen speakers, whole, when there is neither.
fn select(library: &Library, args: &ExportArgs) -> anyhow::Result<ExcerptSet> {
    let themes = load_themes(args.themes.as_deref())?;
    let speakers = speaker_keys(library, &args.speaker)?;
    let filter = Filter {
        query: args.query.clone().unwrap_or_default(),
        themes: args.theme.clone(),
        speakers,
        ..Filter::default()
    };
    let query_text = args.query.as_deref().unwrap_or_default();
    filter
        .validate(&themes)
        .map_err(|e| anyhow::anyhow!("{e}\n  {query_text}\n  {}^", " ".repeat(e.position)))?;
    let index = Index::build(library);
    let matches = filter
        .evaluate(library, &index, &themes)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let widen = if filter.query.trim().is_empty() && filter.themes.is_empty() {
        Widen::Turn
    } else if args.context == 0 {
        Widen::Sentence
    } else {
        Widen::Context(args.context)
    };
    // Neighbouring hits of one turn whose excerpts overlap become one excerpt.
    let mut passages: Vec<Passage> = Vec::new();
    for hit in &matches.hits {
        let range = index.excerpt(hit.transcript, hit.turn, hit.sentence.clone(), widen);
        match passages.last_mut() {
            Some((t, u, last, spans))
                if *t == hit.transcript && *u == hit.turn && range.start <= last.end =>
            {
                last.start = last.start.min(range.start);
                last.end = last.end.max(range.end);
                spans.extend(hit.spans_in(library));
            }
            _ => passages.push((
                hit.transcript,
                hit.turn,
                range,
                hit.spans_in(library).to_vec(),
            )),
        }
    }
    let excerpts = passages
        .into_iter()
        .filter_map(|(t, u, range, spans)| Excerpt::from_hit(library, t, u, range, &spans))
        .collect();
    let label = match (&args.query, args.theme.is_empty()) {
        (Some(query), true) => Some(query.clone()),
        (Some(query), false) => Some(format!("{query} theme:{}", args.theme.join(","))),
        (None, false) => Some(format!("theme:{}", args.theme.join(","))),
        (None, true) => None,
    };
    Ok(ExcerptSet {
        query: label,
        excerpts,
    })
}

/// A stretch of one turn to export: transcript, turn, byte range, highlighted spans.
type Passage = (usize, usize, Range<usize>, Vec<Range<usize>>);

/// The keys of the library speakers named by `--speaker` (display name, alias or key, any
/// case); an error listing the speakers when a name matches nobody.
fn speaker_keys(library: &Library, wanted: &[String]) -> anyhow::Result<Vec<String>> {
    let mut keys = Vec::new();
    for name in wanted {
        let lower = name.trim().to_lowercase();
        let found: Vec<String> = library
            .speakers()
            .iter()
            .filter(|s| {
                s.name.to_lowercase() == lower
                    || s.key.to_lowercase() == lower
                    || s.aliases.iter().any(|a| a.to_lowercase() == lower)
            })
            .map(|s| s.key.clone())
            .collect();
        if found.is_empty() {
            let names: Vec<&str> = library.speakers().iter().map(|s| s.name.as_str()).collect();
            anyhow::bail!(
                "no speaker matches {name:?}; speakers are: {}",
                names.join(", ")
            );
        }
        keys.extend(found);
    }
    Ok(keys)
}
