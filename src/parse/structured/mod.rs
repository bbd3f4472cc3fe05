//! Structured formats: subtitles (SRT, WebVTT), JSON from speech-to-text tools, CSV/TSV tables
//! and HTML transcript pages. Detection looks at the content first and uses the extension as a
//! hint; each reader emits [`RawBlock`]s with speaker labels as written and real times.

pub mod html;
pub mod json;
pub mod subtitles;
pub mod table;

use super::LoadErrorKind;
use super::raw::{RawBlock, RawBlockKind, RawDocument};
use crate::model::Format;
use std::ops::Range;
use std::path::Path;

/// How many leading bytes detection looks at.
const DETECT_WINDOW: usize = 4096;

/// The structured format of a text, if it is one (content first, extension as a hint).
///
/// JSON of any kind is reported as [`Format::GenericJson`]; [`read`] works out which tool wrote
/// it. Text transcripts (labels, prose, Markdown) give `None`.
pub fn detect(path: &Path, text: &str) -> Option<Format> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let head = head(text.trim_start(), DETECT_WINDOW);
    if head.starts_with("WEBVTT") {
        return Some(Format::WebVtt);
    }
    if looks_like_json(head) {
        return Some(Format::GenericJson);
    }
    if subtitles::looks_like_srt(head) {
        return Some(Format::Srt);
    }
    if html::looks_like_html(head) {
        return Some(Format::Html);
    }
    if let Some(format) = table::detect(head) {
        return Some(format);
    }
    format_for_extension(&extension)
}

/// The structured format a file extension (lower case) names, if any.
pub(crate) fn format_for_extension(extension: &str) -> Option<Format> {
    match extension {
        "vtt" => Some(Format::WebVtt),
        "srt" => Some(Format::Srt),
        "json" => Some(Format::GenericJson),
        "csv" => Some(Format::Csv),
        "tsv" => Some(Format::Tsv),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Reads a structured format into blocks.
pub fn read(format: Format, text: &str) -> Result<RawDocument, LoadErrorKind> {
    let mut raw = match format {
        Format::Srt | Format::WebVtt => subtitles::read(format, text)?,
        Format::Csv | Format::Tsv => table::read(format, text)?,
        Format::Html => html::read(text)?,
        Format::WhisperJson
        | Format::AssemblyAiJson
        | Format::PodcastJson
        | Format::AmazonTranscribeJson
        | Format::GoogleSttJson
        | Format::BbcKaldiJson
        | Format::GenericJson
        | Format::CrosstalkJson => json::read(text)?,
        other => {
            return Err(LoadErrorKind::NoText(format!(
                "{other} is not a structured format"
            )));
        }
    };
    raw.source_len = text.len();
    Ok(raw)
}

/// At most `max` bytes from the start of `text`, cut at a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether text starts like a JSON object or array (and not like `[VLADIMIR PUTIN:]`).
fn looks_like_json(head: &str) -> bool {
    let mut chars = head.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let next = chars.find(|c| !c.is_whitespace());
    match first {
        '{' => matches!(next, Some('"') | Some('}') | None),
        '[' => {
            matches!(next, Some('{' | '[' | '"' | ']' | '-' | '0'..='9') | None)
                || head.starts_with("[true")
                || head.starts_with("[false")
                || head.starts_with("[null")
        }
        _ => false,
    }
}

/// Seconds from a clock or a number: `83.5`, `01:20`, `1:02:03`, `00:00:01,500`, `12.9s`.
pub fn parse_clock(text: &str) -> Option<f64> {
    let text = text.trim().trim_end_matches('s');
    if text.is_empty() {
        return None;
    }
    let mut seconds = 0.0;
    let mut parts = 0;
    for part in text.split(':') {
        parts += 1;
        if parts > 3 || part.is_empty() {
            return None;
        }
        let value: f64 = part.replace(',', ".").parse().ok()?;
        if !value.is_finite() || value < 0.0 {
            return None;
        }
        seconds = seconds * 60.0 + value;
    }
    Some(seconds)
}

/// Builds speech blocks from labelled pieces (cues, segments, words, rows), merging consecutive
/// pieces of one speaker into one block.
#[derive(Debug, Default)]
pub struct TurnBuilder {
    blocks: Vec<RawBlock>,
    current_label: Option<String>,
    /// Whether the last piece pushed ended with white space (word-level JSON carries its own).
    raw_spacing: bool,
}

impl TurnBuilder {
    /// A builder with no blocks yet.
    pub fn new() -> TurnBuilder {
        TurnBuilder::default()
    }

    /// Adds a piece. `label == None` continues the current block; a label equal to the current
    /// one continues too; another label starts a new block.
    pub fn push(
        &mut self,
        label: Option<&str>,
        text: &str,
        range: Range<usize>,
        start: Option<f64>,
        end: Option<f64>,
    ) {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let continues = match (label, &self.current_label) {
            (None, _) => !self.blocks.is_empty(),
            (Some(label), Some(current)) => label == current,
            (Some(_), None) => false,
        };
        match self.blocks.last_mut() {
            Some(block) if continues => {
                join_piece(&mut block.text, text, self.raw_spacing);
                block.source_range.start = block.source_range.start.min(range.start);
                block.source_range.end = block.source_range.end.max(range.end);
                block.start = block.start.or(start);
                block.end = match (block.end, end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => b.or(a),
                };
                self.raw_spacing = text.ends_with(char::is_whitespace);
            }
            _ => self.push_new_block(label, text, range, start, end),
        }
    }

    /// Adds a piece as a block of its own (a table row, a paragraph under a new name).
    pub fn push_new_block(
        &mut self,
        label: Option<&str>,
        text: &str,
        range: Range<usize>,
        start: Option<f64>,
        end: Option<f64>,
    ) {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let mut block_text = String::with_capacity(text.len());
        join_piece(&mut block_text, text, false);
        self.blocks.push(RawBlock {
            kind: RawBlockKind::Speech {
                label: label.map(str::to_string),
            },
            text: block_text,
            source_range: range,
            start,
            end,
        });
        if let Some(label) = label {
            // Kept in the same buffer from one block to the next.
            let current = self.current_label.get_or_insert_with(String::new);
            current.clear();
            current.push_str(label);
        }
        self.raw_spacing = text.ends_with(char::is_whitespace);
    }

    /// The blocks, empty ones dropped.
    pub fn finish(self) -> Vec<RawBlock> {
        self.blocks
            .into_iter()
            .map(|mut block| {
                crate::parse::raw::trim_in_place(&mut block.text);
                block
            })
            .filter(|block| !block.text.is_empty())
            .collect()
    }
}

/// Appends a piece of speech: a space between words, none before closing punctuation or where
/// the pieces carry their own spacing (word-level JSON with `" "` tokens).
fn join_piece(into: &mut String, piece: &str, previous_ended_with_space: bool) {
    let own_spacing = previous_ended_with_space || piece.starts_with(char::is_whitespace);
    let piece = if own_spacing { piece } else { piece.trim() };
    if piece.is_empty() && !own_spacing {
        return;
    }
    let closing = piece.starts_with([',', '.', '!', '?', ';', ':', ')', ']', '…', '%']);
    if !into.is_empty() && !own_spacing && !closing && !into.ends_with(char::is_whitespace) {
        into.push(' ');
    }
    if own_spacing {
        // Collapse runs of white space the tokens carry.
        for c in piece.chars() {
            if c.is_whitespace() {
                if !into.is_empty() && !into.ends_with(' ') {
                    into.push(' ');
                }
            } else {
                into.push(c);
            }
        }
    } else {
        into.push_str(piece);
    }
}

/// Whether a label written as a `Name:` prefix looks like a speaker name: short, starting with a
/// capital or digit-free name word, no sentence punctuation.
pub fn is_name_like_label(label: &str) -> bool {
    let label = label.trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    !label.is_empty()
        && label.chars().count() <= 40
        && (1..=5).contains(&words.len())
        && label.chars().next().is_some_and(char::is_uppercase)
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '_'))
        && words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count()
            <= 1
}

/// Splits a `Name: text` prefix off a line if the part before the colon is name-like.
pub fn split_label_prefix(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    is_name_like_label(label).then(|| (label.trim(), rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("01:20"), Some(80.0));
        assert_eq!(parse_clock("1:02:03"), Some(3723.0));
        assert_eq!(parse_clock("00:00:01,500"), Some(1.5));
        assert_eq!(parse_clock("0.860"), Some(0.86));
        assert_eq!(parse_clock("12.9s"), Some(12.9));
        assert_eq!(parse_clock("1:2:3:4"), None);
        assert_eq!(parse_clock("ab:cd"), None);
        assert_eq!(parse_clock("-3"), None);
    }

    #[test]
    fn detection_uses_content_first() {
        let p = Path::new("x.txt");
        assert_eq!(detect(p, "WEBVTT\n\n0.0 --> 1.0\nhi"), Some(Format::WebVtt));
        assert_eq!(
            detect(p, "1\n00:00:01,000 --> 00:00:02,000\nhi\n"),
            Some(Format::Srt)
        );
        assert_eq!(detect(p, "{\"segments\": []}"), Some(Format::GenericJson));
        assert_eq!(detect(p, "[VLADIMIR PUTIN:] Good afternoon."), None);
        assert_eq!(
            detect(p, "speaker,minute,text\nA,00:01,hi\n"),
            Some(Format::Csv)
        );
        assert_eq!(detect(p, "TRUMP: We will win."), None);
        assert_eq!(
            detect(p, "<html><body><p>x</p></body></html>"),
            Some(Format::Html)
        );
        assert_eq!(detect(Path::new("x.srt"), "garbage"), Some(Format::Srt));
    }

    #[test]
    fn builder_merges_consecutive_pieces_of_one_speaker() {
        let mut builder = TurnBuilder::new();
        builder.push(Some("A"), "Hello", 0..5, Some(0.0), Some(1.0));
        builder.push(None, "there.", 6..12, Some(1.0), Some(2.0));
        builder.push(Some("A"), "Again", 13..18, Some(2.0), Some(3.0));
        builder.push(Some("B"), "Hi", 19..21, Some(3.0), Some(4.0));
        let blocks = builder.finish();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "Hello there. Again");
        assert_eq!(blocks[0].source_range, 0..18);
        assert_eq!((blocks[0].start, blocks[0].end), (Some(0.0), Some(3.0)));
        assert_eq!(blocks[1].text, "Hi");
    }

    #[test]
    fn builder_joins_word_tokens_with_their_own_spacing() {
        let mut builder = TurnBuilder::new();
        for token in ["It's", " ", "Friday", ",", " ", "the"] {
            builder.push(Some("S"), token, 0..1, None, None);
        }
        assert_eq!(builder.finish()[0].text, "It's Friday, the");
        let mut builder = TurnBuilder::new();
        for token in ["I", "am", "your", "father", "."] {
            builder.push(Some("S"), token, 0..1, None, None);
        }
        assert_eq!(builder.finish()[0].text, "I am your father.");
    }

    #[test]
    fn label_prefixes() {
        assert_eq!(
            split_label_prefix("Adam Curry: podcasting 2.0"),
            Some(("Adam Curry", "podcasting 2.0"))
        );
        assert_eq!(
            split_label_prefix("SPEAKER_1: hi"),
            Some(("SPEAKER_1", "hi"))
        );
        assert_eq!(split_label_prefix("at 10:30 we met"), None);
        assert_eq!(split_label_prefix("the reason is simple: money"), None);
        assert_eq!(split_label_prefix("Note:this"), None);
    }
}
