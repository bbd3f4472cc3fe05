//! `crosstalk search`: the sentences matching a query, grouped per speaker.

use crate::cli::index::{load_indexed, load_themes, print_out};
use clap::Args;
use crosstalk::analysis::{Filter, Widen};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crosstalk search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see "Query language" in the README), e.g. `sanction* speaker:putin`.
    pub query: String,
    /// Transcript files or folders.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Sentences of context either side of each match (within the turn).
    #[arg(long, default_value_t = 0)]
    pub context: usize,
    /// Theme file for `theme:` filters (the built-in themes by default).
    #[arg(long)]
    pub themes: Option<PathBuf>,
}

/// Runs `crosstalk search`. Exits with failure when nothing matches (like grep).
pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let themes = load_themes(args.themes.as_deref())?;
    // Check the query before loading anything.
    Filter::query(&args.query)
        .validate(&themes)
        .map_err(|e| anyhow::anyhow!("{e}\n  {}\n  {}^", args.query, " ".repeat(e.position)))?;
    let (library, index, _) = load_indexed(&args.files)?;
    let matches = Filter::query(&args.query)
        .evaluate(&library, &index, &themes)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let widen = if args.context == 0 {
        Widen::Sentence
    } else {
        Widen::Context(args.context)
    };
    let mut groups = Vec::new();
    for group in &matches.groups {
        let name = group
            .speaker
            .and_then(|s| library.speakers().get(s))
            .map_or("(unknown speaker)", |s| s.name.as_str());
        let mut hits = Vec::new();
        for &i in &group.hits {
            let Some(hit) = matches.hits.get(i) else {
                continue;
            };
            let Some(transcript) = library.transcripts().get(hit.transcript) else {
                continue;
            };
            let Some(turn) = transcript.turns.get(hit.turn) else {
                continue;
            };
            let range = index.excerpt(hit.transcript, hit.turn, hit.sentence.clone(), widen);
            let text = turn.text.get(range.clone()).unwrap_or("");
            let spans: Vec<[usize; 2]> = hit
                .spans(&turn.text)
                .iter()
                .filter(|s| s.start >= range.start && s.end <= range.end)
                .map(|s| [s.start - range.start, s.end - range.start])
                .collect();
            hits.push((hit, transcript, text, spans));
        }
        groups.push((group, name, hits));
    }
    if args.json {
        let speakers: Vec<_> = groups
            .iter()
            .map(|(group, name, hits)| {
                json!({
                    "key": group.key,
                    "name": name,
                    "count": group.hits.len(),
                    "hits": hits.iter().map(|(hit, transcript, text, spans)| json!({
                        "file": transcript.source_path,
                        "title": transcript.title,
                        "date": transcript.date,
                        "turn": hit.turn,
                        "section": hit.section.and_then(|s| transcript.sections.get(s)).map(|s| &s.title),
                        "time": hit.time,
                        "sentence": [hit.sentence.start, hit.sentence.end],
                        "text": text,
                        "spans": spans,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let out = json!({"query": args.query, "total": matches.hits.len(), "speakers": speakers});
        print_out(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else {
        let mut report = String::new();
        for (group, name, hits) in &groups {
            let _ = writeln!(
                report,
                "== {name} ({} matching sentences)",
                group.hits.len()
            );
            for (hit, transcript, text, spans) in hits {
                let mut marked = String::with_capacity(text.len() + 8 * spans.len());
                let mut at = 0;
                for [start, end] in spans {
                    marked.push_str(text.get(at..*start).unwrap_or(""));
                    marked.push_str("**");
                    marked.push_str(text.get(*start..*end).unwrap_or(""));
                    marked.push_str("**");
                    at = *end;
                }
                marked.push_str(text.get(at..).unwrap_or(""));
                let file = transcript.source_path.file_name().map_or_else(
                    || transcript.source_path.display().to_string(),
                    |f| f.to_string_lossy().into_owned(),
                );
                let _ = writeln!(
                    report,
                    "  {file} turn {}: {}",
                    hit.turn + 1,
                    marked.replace('\n', " ")
                );
            }
        }
        let _ = writeln!(report, "{} matching sentences", matches.hits.len());
        print_out(&report)?;
    }
    Ok(if matches.hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
