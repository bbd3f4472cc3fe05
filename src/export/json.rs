//! Crosstalk's own JSON: excerpt exports (`kind: "excerpts"`) and whole transcripts
//! (`kind: "transcript"`), both under a `{"crosstalk": {"kind", "version"}}` header; and
//! loading them back as transcripts.
//!
//! An excerpts file:
//! ```json
//! {"crosstalk": {"kind": "excerpts", "version": 1},
//!  "query": "energy OR gas",
//!  "excerpts": [{"transcript": "Title", "path": "a.txt", "date": "2025-03-13",
//!                "source_url": null, "speaker": "Vladimir Putin", "role": "person",
//!                "section": "Energy", "start": 750.0, "end": 762.5, "time_estimated": true,
//!                "turn": 12, "range": {"start": 0, "end": 118}, "text": "...",
//!                "matched_terms": ["gas"], "highlights": [{"start": 40, "end": 43}]}]}
//! ```
//! A transcript file: `{"crosstalk": {"kind": "transcript", "version": 1}, "transcript": {...}}`
//! where the transcript has the fields of [`Transcript`].

use super::{Excerpt, ExcerptSet, ExportError};
use crate::model::{Format, Section, Speaker, Transcript, Turn, count_words};
use crate::parse::LoadErrorKind;
use crate::parse::assemble::ESTIMATED_WORDS_PER_MINUTE;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The version of Crosstalk's JSON written by this build (and the newest it reads).
pub const CROSSTALK_JSON_VERSION: u64 = 1;

/// What a Crosstalk JSON file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Excerpts ([`ExcerptsDocument`]).
    Excerpts,
    /// A whole transcript ([`TranscriptDocument`]).
    Transcript,
}

/// The `"crosstalk"` header of every Crosstalk JSON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// What the file holds.
    pub kind: DocumentKind,
    /// Format version ([`CROSSTALK_JSON_VERSION`] when written by this build).
    pub version: u64,
}

/// An excerpts export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcerptsDocument {
    /// The header (`kind: "excerpts"`).
    pub crosstalk: Header,
    /// The query or theme that produced the excerpts, if any.
    pub query: Option<String>,
    /// The excerpts (fields documented on [`Excerpt`]).
    pub excerpts: Vec<Excerpt>,
}

/// A whole-transcript export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptDocument {
    /// The header (`kind: "transcript"`).
    pub crosstalk: Header,
    /// The transcript (fields documented on [`Transcript`]).
    pub transcript: Transcript,
}

/// Renders an excerpts export as pretty JSON.
pub fn render_excerpts(set: &ExcerptSet) -> Result<Vec<u8>, ExportError> {
    let document = ExcerptsDocument {
        crosstalk: Header {
            kind: DocumentKind::Excerpts,
            version: CROSSTALK_JSON_VERSION,
        },
        query: set.query.clone(),
        excerpts: set.excerpts.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&document)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Renders a whole transcript as Crosstalk JSON.
pub fn transcript_json(transcript: &Transcript) -> Result<Vec<u8>, ExportError> {
    let document = TranscriptDocument {
        crosstalk: Header {
            kind: DocumentKind::Transcript,
            version: CROSSTALK_JSON_VERSION,
        },
        transcript: transcript.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&document)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads Crosstalk JSON. `None` when the text is not Crosstalk JSON (no top-level object with
/// a `"crosstalk": {"kind": ...}` header), so that other readers may try it; otherwise the
/// transcript, or why it cannot be used (newer version, inconsistent content).
///
/// A transcript export loads back as the same transcript (turns, speakers, sections, times),
/// with `source_path` set to the file read and `format` [`Format::CrosstalkJson`]. An excerpts
/// export loads as a transcript whose turns are the excerpts, spoken by their speakers.
pub fn read_crosstalk_json(path: &Path, text: &str) -> Option<Result<Transcript, LoadErrorKind>> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') || !trimmed.contains("\"crosstalk\"") {
        return None;
    }
    let mut value: serde_json::Value = serde_json::from_str(trimmed).ok()?;
    let header = value.get("crosstalk")?;
    header.get("kind")?.as_str()?;
    Some(read_document(path, &mut value, text.len()))
}

fn read_document(
    path: &Path,
    value: &mut serde_json::Value,
    source_len: usize,
) -> Result<Transcript, LoadErrorKind> {
    let bad = |what: String| LoadErrorKind::Json(format!("Crosstalk JSON: {what}"));
    let version = value
        .pointer("/crosstalk/version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| bad("the header has no version number".into()))?;
    if version > CROSSTALK_JSON_VERSION {
        return Err(bad(format!(
            "written by a newer Crosstalk (format version {version}; this one reads up to {CROSSTALK_JSON_VERSION})"
        )));
    }
    let kind = value
        .pointer("/crosstalk/kind")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    match kind.as_str() {
        "transcript" => {
            let inner = value
                .get_mut("transcript")
                .map(serde_json::Value::take)
                .ok_or_else(|| bad("no \"transcript\" field".into()))?;
            let mut transcript: Transcript =
                serde_json::from_value(inner).map_err(|e| bad(e.to_string()))?;
            validate(&transcript).map_err(bad)?;
            transcript.notices.push(format!(
                "Crosstalk transcript export of {} (read as {})",
                transcript.source_path.display(),
                transcript.format
            ));
            transcript.source_path = path.to_path_buf();
            transcript.format = Format::CrosstalkJson;
            Ok(transcript)
        }
        "excerpts" => {
            let document: ExcerptsDocument =
                serde_json::from_value(value.take()).map_err(|e| bad(e.to_string()))?;
            excerpts_transcript(path, document, source_len).map_err(bad)
        }
        other => Err(bad(format!(
            "unknown kind {other:?} (expected \"transcript\" or \"excerpts\")"
        ))),
    }
}

/// Checks that a transcript read from a file is consistent: indices in range, byte ranges
/// inside their texts and in order, times finite and monotonic.
fn validate(transcript: &Transcript) -> Result<(), String> {
    let mut previous_end = 0;
    let mut previous_start = 0.0;
    for (index, turn) in transcript.turns.iter().enumerate() {
        let speaker = transcript.speakers.get(turn.speaker).ok_or_else(|| {
            format!(
                "turn {index} names speaker {} which does not exist",
                turn.speaker
            )
        })?;
        if turn.alias >= speaker.aliases.len().max(1) {
            return Err(format!(
                "turn {index} names alias {} which does not exist",
                turn.alias
            ));
        }
        let range = &turn.source_range;
        if range.start > range.end
            || range.end > transcript.source_len
            || range.start < previous_end
        {
            return Err(format!(
                "turn {index} has source range {range:?}, outside the source or overlapping the previous turn"
            ));
        }
        previous_end = range.end;
        if !(turn.start.is_finite() && turn.end.is_finite())
            || turn.start < previous_start
            || turn.end < turn.start
        {
            return Err(format!(
                "turn {index} has times out of order ({} to {})",
                turn.start, turn.end
            ));
        }
        previous_start = turn.start;
        if turn.section.is_some_and(|s| s >= transcript.sections.len()) {
            return Err(format!("turn {index} names a section that does not exist"));
        }
        if let Some(direction) = turn
            .stage_directions
            .iter()
            .find(|d| !turn.text.is_char_boundary(d.at))
        {
            return Err(format!(
                "turn {index} has a stage direction at byte {} outside its text",
                direction.at
            ));
        }
    }
    for (index, section) in transcript.sections.iter().enumerate() {
        let inside = match transcript.turns.get(section.turn) {
            Some(turn) => turn.text.is_char_boundary(section.offset),
            None => section.offset == 0 && section.turn == transcript.turns.len(),
        };
        if !inside || section.source_offset > transcript.source_len {
            return Err(format!(
                "section {index} ({:?}) points outside the transcript",
                section.title
            ));
        }
    }
    Ok(())
}

/// The transcript of an excerpts export: one turn per excerpt, by its speaker.
fn excerpts_transcript(
    path: &Path,
    document: ExcerptsDocument,
    source_len: usize,
) -> Result<Transcript, String> {
    let excerpts = document.excerpts;
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut turns: Vec<Turn> = Vec::with_capacity(excerpts.len());
    let mut sections: Vec<Section> = Vec::new();
    let keep_times = excerpts
        .iter()
        .all(|e| e.start.is_finite() && e.end.is_finite() && e.start >= 0.0 && e.end >= e.start)
        && excerpts.windows(2).all(|w| w[0].start <= w[1].start);
    let mut clock = 0.0;
    let mut offset = 0;
    for excerpt in &excerpts {
        let speaker = match speakers
            .iter()
            .position(|s| s.name == excerpt.speaker && s.role == excerpt.role)
        {
            Some(index) => index,
            None => {
                speakers.push(Speaker {
                    name: excerpt.speaker.clone(),
                    aliases: vec![excerpt.speaker.clone()],
                    role: excerpt.role,
                });
                speakers.len() - 1
            }
        };
        let section = match &excerpt.section {
            Some(title) if sections.last().is_none_or(|s| &s.title != title) => {
                sections.push(Section {
                    title: title.clone(),
                    turn: turns.len(),
                    offset: 0,
                    source_offset: offset.min(source_len),
                });
                Some(sections.len() - 1)
            }
            Some(_) => sections.len().checked_sub(1),
            None => None,
        };
        let (start, end) = if keep_times {
            (excerpt.start, excerpt.end)
        } else {
            let duration = count_words(&excerpt.text) as f64 * 60.0 / ESTIMATED_WORDS_PER_MINUTE;
            clock += duration;
            (clock - duration, clock)
        };
        // Excerpts are not contiguous in the export file: each turn gets its own slice of the
        // file, in order, so that ranges stay inside the source and never overlap.
        let length = excerpt.text.len().min(source_len.saturating_sub(offset));
        turns.push(Turn {
            speaker,
            alias: 0,
            text: excerpt.text.clone(),
            source_range: offset..offset + length,
            start,
            end,
            section,
            stage_directions: Vec::new(),
        });
        offset += length;
    }
    let mut paths: Vec<&Path> = excerpts.iter().map(|e| e.path.as_path()).collect();
    paths.sort();
    paths.dedup();
    let same = |get: &dyn Fn(&Excerpt) -> Option<String>| {
        let first = excerpts.first().and_then(get);
        excerpts
            .iter()
            .all(|e| get(e) == first)
            .then_some(first)
            .flatten()
    };
    let title = match &document.query {
        Some(query) => format!("Excerpts: {query}"),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Excerpts".to_string()),
    };
    let date = excerpts
        .first()
        .and_then(|e| e.date)
        .filter(|d| excerpts.iter().all(|e| e.date == Some(*d)));
    let mut notices = vec![format!(
        "Crosstalk excerpts export: {} excerpts from {} transcripts",
        excerpts.len(),
        paths.len()
    )];
    if !keep_times {
        notices.push("excerpt times are not in order; times are estimated from word counts".into());
    }
    let timed = keep_times && !excerpts.is_empty() && excerpts.iter().all(|e| !e.time_estimated);
    Ok(Transcript {
        source_path: path.to_path_buf(),
        format: Format::CrosstalkJson,
        title,
        date,
        source_url: same(&|e: &Excerpt| e.source_url.clone()),
        speakers,
        turns,
        sections,
        timed,
        source_len,
        notices,
        turn_word_counts: Default::default(),
    })
}
