//! Export of excerpts: the [`Excerpt`] record with its citation, and writers for Markdown,
//! CSV, JSON, plain text and a self-contained HTML report; plus Crosstalk's own JSON format for
//! whole transcripts, which loads back through [`crate::load_path`].

mod csv;
mod html;
pub mod json;
mod markdown;
mod text;

use crate::library::{Library, TranscriptIndex};
use crate::model::{Date, Role, Transcript, TurnIndex};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::str::FromStr;
use unicode_segmentation::UnicodeSegmentation;

pub use json::{
    CROSSTALK_JSON_VERSION, ExcerptsDocument, TranscriptDocument, read_crosstalk_json,
    transcript_json,
};

/// One passage of one speaker, with everything needed to cite it. Plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Excerpt {
    /// Title of the transcript the passage comes from.
    pub transcript: String,
    /// Path of the transcript file.
    pub path: PathBuf,
    /// Date of the transcript, where known (`YYYY-MM-DD`).
    pub date: Option<Date>,
    /// Source URL of the transcript, where known.
    pub source_url: Option<String>,
    /// Display name of the speaker (after the user's renames and merges).
    pub speaker: String,
    /// Role of the speaker.
    pub role: Role,
    /// Heading of the section the passage stands in, if any.
    pub section: Option<String>,
    /// Start in seconds from the start of the transcript.
    pub start: f64,
    /// End in seconds from the start of the transcript.
    pub end: f64,
    /// Whether `start`/`end` are estimated (from word counts, or interpolated inside a turn)
    /// rather than given by the source.
    pub time_estimated: bool,
    /// Index of the turn in the transcript.
    pub turn: TurnIndex,
    /// Byte range of the passage in the turn's text.
    pub range: Range<usize>,
    /// The passage.
    pub text: String,
    /// The distinct terms that matched, lower-cased, in order of first appearance.
    pub matched_terms: Vec<String>,
    /// Byte ranges in [`Excerpt::text`] to highlight (sorted, non-overlapping).
    pub highlights: Vec<Range<usize>>,
}

impl Excerpt {
    /// The excerpt of a library transcript's turn covering `range` (bytes of the turn's text),
    /// with `spans` (bytes of the turn's text) to highlight. `None` when the transcript or turn
    /// does not exist or the range is empty or outside the text; a range that cuts a character
    /// is widened to whole characters, and spans outside the range are dropped or clipped.
    pub fn from_hit(
        library: &Library,
        transcript: TranscriptIndex,
        turn: TurnIndex,
        range: Range<usize>,
        spans: &[Range<usize>],
    ) -> Option<Excerpt> {
        let source = library.transcripts().get(transcript)?;
        let speaker = library
            .speaker_of_turn(transcript, turn)
            .and_then(|index| library.speakers().get(index))
            .map(|s| (s.name.clone(), s.role));
        Excerpt::from_transcript(source, turn, range, spans, speaker)
    }

    /// Like [`Excerpt::from_hit`] for a transcript outside a library; `speaker` overrides the
    /// transcript's own speaker name and role (the library's merged identity).
    pub fn from_transcript(
        source: &Transcript,
        turn_index: TurnIndex,
        range: Range<usize>,
        spans: &[Range<usize>],
        speaker: Option<(String, Role)>,
    ) -> Option<Excerpt> {
        let turn = source.turns.get(turn_index)?;
        let text = &turn.text;
        let start = floor_boundary(text, range.start.min(text.len()));
        let end = ceil_boundary(text, range.end.min(text.len()));
        if start >= end {
            return None;
        }
        let passage = text.get(start..end)?;
        let (name, role) = speaker.unwrap_or_else(|| {
            source.speakers.get(turn.speaker).map_or_else(
                || ("Unknown speaker".to_string(), Role::Unidentified),
                |s| (s.name.clone(), s.role),
            )
        });
        let mut highlights: Vec<Range<usize>> = spans
            .iter()
            .filter_map(|span| {
                let from = floor_boundary(text, span.start.max(start).min(end));
                let to = ceil_boundary(text, span.end.min(end));
                (from < to).then(|| from - start..to - start)
            })
            .collect();
        highlights.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(highlights.len());
        for span in highlights {
            match merged.last_mut() {
                Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
                _ => merged.push(span),
            }
        }
        let mut matched_terms: Vec<String> = Vec::new();
        for span in &merged {
            if let Some(term) = passage.get(span.clone()) {
                let term = term.to_lowercase();
                if !matched_terms.contains(&term) {
                    matched_terms.push(term);
                }
            }
        }
        let whole_turn = start == 0 && end == text.len();
        let duration = (turn.end - turn.start).max(0.0);
        let length = text.len().max(1) as f64;
        let (from_time, to_time) = if whole_turn {
            (turn.start, turn.end)
        } else {
            (
                turn.start + duration * start as f64 / length,
                turn.start + duration * end as f64 / length,
            )
        };
        Some(Excerpt {
            transcript: source.title.clone(),
            path: source.source_path.clone(),
            date: source.date,
            source_url: source.source_url.clone(),
            speaker: name,
            role,
            section: source
                .section_at(turn_index, start)
                .and_then(|i| source.sections.get(i))
                .map(|s| s.title.clone()),
            start: from_time,
            end: to_time,
            time_estimated: !source.timed || !whole_turn,
            turn: turn_index,
            range: start..end,
            text: passage.to_string(),
            matched_terms,
            highlights: merged,
        })
    }

    /// Widens a byte range of a turn's text by `sentences` whole sentences on each side
    /// (Unicode sentence boundaries), staying inside the turn.
    pub fn widen_by_sentences(text: &str, range: Range<usize>, sentences: usize) -> Range<usize> {
        if sentences == 0 {
            return range;
        }
        let bounds: Vec<Range<usize>> = text
            .split_sentence_bound_indices()
            .map(|(at, sentence)| at..at + sentence.len())
            .collect();
        let first = bounds
            .iter()
            .position(|b| b.end > range.start)
            .unwrap_or(bounds.len().saturating_sub(1));
        let last = bounds
            .iter()
            .rposition(|b| b.start < range.end)
            .unwrap_or(first);
        let from = first.saturating_sub(sentences);
        let to = (last + sentences).min(bounds.len().saturating_sub(1));
        match (bounds.get(from), bounds.get(to)) {
            (Some(a), Some(b)) => a.start.min(range.start)..b.end.max(range.end),
            _ => range,
        }
    }

    /// The citation: `Vladimir Putin, "Title", 2025-03-13, § Energy Cooperation, 00:12:30
    /// (estimated)`. Parts that are unknown are left out.
    pub fn citation(&self) -> String {
        let mut parts = vec![self.speaker.clone(), format!("\"{}\"", self.transcript)];
        if let Some(date) = self.date {
            parts.push(date.to_string());
        }
        if let Some(section) = &self.section {
            parts.push(format!("§ {section}"));
        }
        let mut time = format_clock(self.start);
        if self.time_estimated {
            time.push_str(" (estimated)");
        }
        parts.push(time);
        parts.join(", ")
    }

    /// The text with highlighted spans wrapped by `open`/`close` and every piece of text
    /// passed through `escape`.
    pub fn marked_text(&self, escape: impl Fn(&str) -> String, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut at = 0;
        for span in &self.highlights {
            let (Some(before), Some(inside)) = (
                self.text.get(at..span.start),
                self.text.get(span.start..span.end),
            ) else {
                continue;
            };
            out.push_str(&escape(before));
            out.push_str(open);
            out.push_str(&escape(inside));
            out.push_str(close);
            at = span.end;
        }
        out.push_str(&escape(self.text.get(at..).unwrap_or_default()));
        out
    }
}

/// Seconds as `HH:MM:SS` (negative and non-finite values as `00:00:00`).
pub fn format_clock(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds.round() as u64
    } else {
        0
    };
    format!(
        "{:02}:{:02}:{:02}",
        total / 3600,
        (total / 60) % 60,
        total % 60
    )
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A set of excerpts to export, with the query that produced them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExcerptSet {
    /// The query or theme, as the user gave it (shown in headings and stored in JSON).
    pub query: Option<String>,
    /// The excerpts in order.
    pub excerpts: Vec<Excerpt>,
}

impl ExcerptSet {
    /// Speakers in order of first appearance, each with the indices of their excerpts.
    pub fn by_speaker(&self) -> Vec<(&str, Role, Vec<usize>)> {
        let mut groups: Vec<(&str, Role, Vec<usize>)> = Vec::new();
        for (index, excerpt) in self.excerpts.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|(name, role, _)| *name == excerpt.speaker && *role == excerpt.role)
            {
                Some(group) => group.2.push(index),
                None => groups.push((&excerpt.speaker, excerpt.role, vec![index])),
            }
        }
        groups
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Markdown grouped by speaker, with citations.
    Markdown,
    /// CSV, one row per excerpt.
    Csv,
    /// Crosstalk JSON (`kind: excerpts`).
    Json,
    /// Plain text with citations.
    Text,
    /// A self-contained HTML report: columns per speaker and a bar chart.
    Html,
}

impl ExportFormat {
    /// All formats.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Text,
        ExportFormat::Html,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Text => "txt",
            ExportFormat::Html => "html",
        }
    }

    /// The format of a file extension, if it is one of ours.
    pub fn from_extension(extension: &str) -> Option<ExportFormat> {
        let extension = extension.to_ascii_lowercase();
        match extension.as_str() {
            "markdown" => Some(ExportFormat::Markdown),
            "htm" => Some(ExportFormat::Html),
            other => ExportFormat::ALL
                .into_iter()
                .find(|f| f.extension() == other),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<ExportFormat, String> {
        ExportFormat::from_extension(s.trim()).ok_or_else(|| {
            format!("unknown export format {s:?} (expected md, csv, json, txt or html)")
        })
    }
}

/// Options of the writers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Start CSV output with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.
    pub csv_bom: bool,
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// CSV writing failed.
    #[error("could not write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// JSON serialisation failed.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Renders the excerpts in a format, as the bytes of a file.
pub fn render(
    format: ExportFormat,
    set: &ExcerptSet,
    options: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        ExportFormat::Markdown => markdown::render(set).into_bytes(),
        ExportFormat::Csv => csv::render(set, options.csv_bom)?,
        ExportFormat::Json => json::render_excerpts(set)?,
        ExportFormat::Text => text::render(set).into_bytes(),
        ExportFormat::Html => html::render(set).into_bytes(),
    })
}
