//! `crosstalk export`: load transcripts, pick excerpts (by query words and speakers), and write
//! them as Markdown, CSV, JSON, text or HTML — atomically, never overwriting without `--force`.

use anyhow::Context;
use clap::Args;
use crosstalk::Library;
use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crosstalk::storage::{self, Overwrite, StorageError};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

/// Arguments of `crosstalk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Words to find: a sentence is exported when it contains any of them (whole words,
    /// case-insensitive). Without a query every turn is exported whole.
    #[arg(long, short)]
    pub query: Option<String>,
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
    let files = crosstalk::parse::collect_files(&args.files);
    let mut transcripts = Vec::new();
    for file in &files {
        match crosstalk::load_path(file) {
            Ok(transcript) => transcripts.push(Arc::new(transcript)),
            Err(error) => eprintln!("crosstalk: {error}"),
        }
    }
    if transcripts.is_empty() {
        anyhow::bail!("no transcript could be loaded");
    }
    let mut library = Library::new();
    library.extend(transcripts);
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

/// The excerpts of the library that pass the speaker filter and match the query.
fn select(library: &Library, args: &ExportArgs) -> anyhow::Result<ExcerptSet> {
    let wanted: Vec<String> = args
        .speaker
        .iter()
        .map(|s| s.trim().to_lowercase())
        .collect();
    let speakers = library.speakers();
    let allowed: Vec<bool> = speakers
        .iter()
        .map(|s| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    s.name.to_lowercase() == *w
                        || s.key.to_lowercase() == *w
                        || s.aliases.iter().any(|a| a.to_lowercase() == *w)
                })
        })
        .collect();
    if !wanted.is_empty() && !allowed.iter().any(|a| *a) {
        let names: Vec<&str> = speakers.iter().map(|s| s.name.as_str()).collect();
        anyhow::bail!(
            "no speaker matches {}; speakers are: {}",
            args.speaker.join(", "),
            names.join(", ")
        );
    }
    let terms: Vec<String> = args
        .query
        .as_deref()
        .map(|q| q.unicode_words().map(str::to_lowercase).collect())
        .unwrap_or_default();
    if args.query.is_some() && terms.is_empty() {
        anyhow::bail!(
            "the query {:?} has no words to look for",
            args.query.as_deref().unwrap_or_default()
        );
    }
    let mut excerpts = Vec::new();
    for (t, transcript) in library.transcripts().iter().enumerate() {
        for (u, turn) in transcript.turns.iter().enumerate() {
            let speaker_allowed = library
                .speaker_of_turn(t, u)
                .and_then(|s| allowed.get(s))
                .copied()
                .unwrap_or(wanted.is_empty());
            if !speaker_allowed {
                continue;
            }
            if terms.is_empty() {
                excerpts.extend(Excerpt::from_hit(library, t, u, 0..turn.text.len(), &[]));
                continue;
            }
            for (range, spans) in matching_passages(&turn.text, &terms, args.context) {
                excerpts.extend(Excerpt::from_hit(library, t, u, range, &spans));
            }
        }
    }
    Ok(ExcerptSet {
        query: args.query.clone(),
        excerpts,
    })
}

/// Sentences of `text` holding any of `terms` (whole words, lower-case), widened by `context`
/// sentences and merged where they overlap; each with the byte spans of the matched words.
fn matching_passages(
    text: &str,
    terms: &[String],
    context: usize,
) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    let mut passages: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    for (at, sentence) in text.split_sentence_bound_indices() {
        let spans: Vec<Range<usize>> = sentence
            .unicode_word_indices()
            .filter(|(_, word)| terms.iter().any(|t| word.to_lowercase() == *t))
            .map(|(offset, word)| at + offset..at + offset + word.len())
            .collect();
        if spans.is_empty() {
            continue;
        }
        let trimmed = sentence.trim_end();
        let range = Excerpt::widen_by_sentences(text, at..at + trimmed.len(), context);
        match passages.last_mut() {
            Some((last, last_spans)) if range.start <= last.end => {
                last.end = last.end.max(range.end);
                last_spans.extend(spans);
            }
            _ => passages.push((range, spans)),
        }
    }
    passages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_are_the_matching_sentences() {
        let text = "We discussed gas. Prices fell. Gas supplies grow! Nothing else.";
        let terms = vec!["gas".to_string()];
        let found = matching_passages(text, &terms, 0);
        let texts: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(texts, ["We discussed gas.", "Gas supplies grow!"]);
        assert_eq!(&text[found[1].1[0].clone()], "Gas");
        let widened = matching_passages(text, &terms, 1);
        assert_eq!(widened.len(), 1, "context joins the two passages");
        assert_eq!(&text[widened[0].0.clone()], text);
    }
}
