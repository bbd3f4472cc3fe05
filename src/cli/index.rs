//! `crosstalk index`: load every supported file under the paths (in parallel), build the
//! analysis index, print what it holds and exit; plus the loading helper the analysis
//! subcommands share.

use anyhow::Context;
use clap::Args;
use crosstalk::analysis::{Filter, Index, ThemeSet};
use crosstalk::{Library, Transcript};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Arguments of `crosstalk index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Also print how long parsing the files took, and building the index and the library
    /// after it (on standard error).
    #[arg(long)]
    pub timings: bool,
    /// A query to time against the built index (repeatable; see "Query language" in the README).
    #[arg(long = "query", value_name = "QUERY")]
    pub queries: Vec<String>,
    /// How many times each `--query` runs cold (match cache cleared before each run) and then
    /// warm (cached word matches reused); the median of each is reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat: u32,
    /// Theme file for `theme:` filters in `--query` (the built-in themes by default).
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// Print JSON: `{"transcripts", "turns", "sentences", "words", "distinct_terms", "load_ms",
    /// "index_ms", "queries": [{"query", "hits", "median_ms", "cold_median_ms", "first_ms"}]}`
    /// (`load_ms`: parsing the files; `index_ms`: indexing them and merging their speakers,
    /// side by side, after it; `median_ms`: warm runs, the query's word matches cached by an earlier run;
    /// `cold_median_ms`: runs with the match cache cleared before each; `first_ms`: the first
    /// cold run).
    #[arg(long)]
    pub json: bool,
    /// Transcript files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Loads every supported file under `paths` in parallel. Files that fail are reported on
/// standard error; it is an error only when none loads.
pub fn load_library(paths: &[PathBuf]) -> anyhow::Result<Library> {
    Ok(Library::from_shared(load_transcripts(paths)?))
}

/// [`load_library`] with its index: the library's speakers are merged while the transcripts
/// are indexed, side by side (the index reads only the transcripts). Returns the library, the
/// index, and how long parsing the files took.
pub fn load_indexed(paths: &[PathBuf]) -> anyhow::Result<(Library, Index, Duration)> {
    let start = Instant::now();
    let transcripts = load_transcripts(paths)?;
    let parsed = start.elapsed();
    let (library, mut index) = rayon::join(
        || Library::from_shared(transcripts.clone()),
        || Index::for_transcripts(&transcripts),
    );
    // Every transcript is indexed already: this only takes the library's revision.
    index.sync(&library);
    Ok((library, index, parsed))
}

/// The transcripts of every supported file under `paths`, parsed in parallel; see
/// [`load_library`].
fn load_transcripts(paths: &[PathBuf]) -> anyhow::Result<Vec<Arc<Transcript>>> {
    // The text reader's patterns compile on the worker threads while this one lists the files.
    // When only structured files (a table, subtitles) were given, only those that assembly
    // uses for every format do: their readers do without the others, and compiling them would
    // only delay the start.
    let compile_all = paths
        .iter()
        .any(|path| crosstalk::parse::may_need_text_patterns(path));
    let compile = if compile_all {
        crosstalk::parse::compile_patterns
    } else {
        crosstalk::parse::compile_assembly_patterns
    };
    let (files, ()) = std::thread::scope(|scope| {
        let compiling = scope.spawn(compile);
        let files = crosstalk::parse::collect_files(paths);
        (files, compiling.join().unwrap_or(()))
    });
    if files.is_empty() {
        anyhow::bail!("no supported transcript files under the given paths");
    }
    let mut transcripts = Vec::with_capacity(files.len());
    for result in crosstalk::parse::load_paths(&files) {
        match result {
            Ok(transcript) => transcripts.push(Arc::new(transcript)),
            Err(error) => eprintln!("crosstalk: {error}"),
        }
    }
    if transcripts.is_empty() {
        anyhow::bail!("none of the {} file(s) could be loaded", files.len());
    }
    Ok(transcripts)
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
    let themes = load_themes(args.themes.as_deref())?;
    // Check the queries before loading anything.
    for query in &args.queries {
        Filter::query(query)
            .validate(&themes)
            .map_err(|e| anyhow::anyhow!("{e}\n  {query}\n  {}^", " ".repeat(e.position)))?;
    }
    let start = Instant::now();
    let (library, index, loaded) = load_indexed(&args.paths)?;
    // The speakers are merged while the transcripts are indexed: the time after parsing.
    let indexed = start.elapsed().saturating_sub(loaded);
    let mut timed = Vec::with_capacity(args.queries.len());
    for query in &args.queries {
        timed.push(time_query(query, args.repeat, &library, &index, &themes)?);
    }
    if args.json {
        let out = json!({
            "transcripts": index.transcript_count(),
            "turns": index.turn_count(),
            "sentences": index.sentence_count(),
            "words": index.token_count(),
            "distinct_terms": index.vocabulary().distinct_terms(),
            "load_ms": loaded.as_secs_f64() * 1e3,
            "index_ms": indexed.as_secs_f64() * 1e3,
            "queries": timed.iter().map(|t| json!({
                "query": t.query, "hits": t.hits, "median_ms": t.median_ms,
                "cold_median_ms": t.cold_median_ms, "first_ms": t.first_ms,
            })).collect::<Vec<_>>(),
        });
        print_out(&(serde_json::to_string_pretty(&out)? + "\n"))?;
        free_at_exit((library, index));
        return Ok(ExitCode::SUCCESS);
    }
    println!("transcripts:    {}", index.transcript_count());
    println!("turns:          {}", index.turn_count());
    println!("sentences:      {}", index.sentence_count());
    println!("words:          {}", index.token_count());
    println!("distinct terms: {}", index.vocabulary().distinct_terms());
    for t in &timed {
        println!(
            "query {:?}: {} hits, median {:.3} ms cached, {:.3} ms cold (first run {:.3} ms)",
            t.query, t.hits, t.median_ms, t.cold_median_ms, t.first_ms
        );
    }
    if args.timings {
        eprintln!(
            "load {:.1} ms, index {:.1} ms",
            loaded.as_secs_f64() * 1e3,
            indexed.as_secs_f64() * 1e3
        );
    }
    free_at_exit((library, index));
    Ok(ExitCode::SUCCESS)
}

/// Leaves a large value to be freed by the process exit, which the command is about to reach:
/// the system takes the memory back at once, where dropping would free every string and
/// vector one by one.
pub fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// One `--query` timed against the built index.
struct TimedQuery<'a> {
    query: &'a str,
    hits: usize,
    /// Median of the warm runs (word matches cached by the cold runs).
    median_ms: f64,
    /// Median of the cold runs (match cache cleared before each).
    cold_median_ms: f64,
    /// The first cold run.
    first_ms: f64,
}

/// Evaluates `query` `repeat` times cold (the match cache cleared before each run), then
/// `repeat` times warm (the first of them keeps the word matches, the others read them), and
/// keeps the median wall time of each (and the first run's).
fn time_query<'a>(
    query: &'a str,
    repeat: u32,
    library: &Library,
    index: &Index,
    themes: &ThemeSet,
) -> anyhow::Result<TimedQuery<'a>> {
    let filter = Filter::query(query);
    let mut hits = 0;
    let mut run = |cold: bool| -> anyhow::Result<f64> {
        if cold {
            crosstalk::analysis::filter::clear_match_cache();
        }
        let start = Instant::now();
        let matches = filter
            .evaluate(library, index, themes)
            .map_err(|e| anyhow::anyhow!("{query}: {e}"))?;
        let elapsed = start.elapsed().as_secs_f64() * 1e3;
        hits = matches.hits.len();
        Ok(elapsed)
    };
    let mut cold = Vec::with_capacity(repeat as usize);
    for _ in 0..repeat {
        cold.push(run(true)?);
    }
    let mut warm = Vec::with_capacity(repeat as usize);
    for _ in 0..repeat {
        warm.push(run(false)?);
    }
    let first_ms = cold.first().copied().unwrap_or(0.0);
    Ok(TimedQuery {
        query,
        hits,
        median_ms: median(&mut warm),
        cold_median_ms: median(&mut cold),
        first_ms,
    })
}

/// The median of some times (0 when there are none).
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
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
