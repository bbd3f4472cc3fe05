//! Keyword in context: one line per matched span of a filter's hits, with the words left and
//! right of it, sortable by left or right context.

use crate::analysis::filter::Matches;
use crate::library::{Library, TranscriptIndex};
use crate::model::TurnIndex;
use serde::Serialize;
use std::ops::Range;

/// One KWIC line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicLine {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// The turn.
    pub turn: TurnIndex,
    /// The speaker key.
    pub speaker_key: String,
    /// Context before the keyword (within the turn, at most the requested width).
    pub left: String,
    /// The matched words.
    pub keyword: String,
    /// Context after the keyword.
    pub right: String,
    /// Byte range of the keyword in the turn's text.
    pub range: Range<usize>,
}

/// How to order KWIC lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// Reading order.
    #[default]
    Position,
    /// By the words before the keyword, nearest word first.
    Left,
    /// By the words after the keyword.
    Right,
    /// By the keyword itself, then the right context.
    Keyword,
}

/// KWIC lines for every highlighted span of the hits, with `width` characters of context on
/// each side (cut at word boundaries, within the turn, line breaks shown as spaces).
pub fn kwic_lines(library: &Library, matches: &Matches, width: usize) -> Vec<KwicLine> {
    let mut lines = Vec::new();
    for hit in &matches.hits {
        let Some(text) = library
            .transcripts()
            .get(hit.transcript)
            .and_then(|t| t.turns.get(hit.turn))
            .map(|turn| turn.text.as_str())
        else {
            continue;
        };
        for span in hit.spans(text) {
            let (Some(before), Some(keyword), Some(after)) = (
                text.get(..span.start),
                text.get(span.clone()),
                text.get(span.end..),
            ) else {
                continue;
            };
            lines.push(KwicLine {
                transcript: hit.transcript,
                turn: hit.turn,
                speaker_key: hit.speaker_key(library).to_owned(),
                left: tail_chars(before, width),
                keyword: keyword.to_owned(),
                right: head_chars(after, width),
                range: span,
            });
        }
    }
    lines
}

fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `width` characters of `text`, starting at a word boundary where possible.
fn tail_chars(text: &str, width: usize) -> String {
    let text = flatten(text);
    let count = text.chars().count();
    if count <= width {
        return text;
    }
    let cut: String = text.chars().skip(count - width).collect();
    let mid_word = text
        .chars()
        .nth(count - width - 1)
        .is_some_and(|c| c != ' ');
    if !mid_word {
        return cut;
    }
    match cut.split_once(' ') {
        Some((_, rest)) if !rest.is_empty() => rest.to_owned(),
        _ => cut,
    }
}

/// The first `width` characters of `text`, ending at a word boundary where possible.
fn head_chars(text: &str, width: usize) -> String {
    let text = flatten(text);
    if text.chars().count() <= width {
        return text;
    }
    let cut: String = text.chars().take(width).collect();
    if text.chars().nth(width) == Some(' ') {
        return cut;
    }
    match cut.rsplit_once(' ') {
        Some((rest, _)) if !rest.is_empty() => rest.to_owned(),
        _ => cut,
    }
}

/// Sorts lines in place. Context sorting is case-insensitive and word by word (left context
/// from the word nearest the keyword outwards), ties kept in reading order.
pub fn sort_kwic(lines: &mut [KwicLine], sort: KwicSort) {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .filter(|w: &String| !w.is_empty())
            .collect()
    };
    match sort {
        KwicSort::Position => lines.sort_by(|a, b| {
            (a.transcript, a.turn, a.range.start).cmp(&(b.transcript, b.turn, b.range.start))
        }),
        KwicSort::Left => lines.sort_by_cached_key(|l| {
            let mut w = words(&l.left);
            w.reverse();
            w
        }),
        KwicSort::Right => lines.sort_by_cached_key(|l| words(&l.right)),
        KwicSort::Keyword => {
            lines.sort_by_cached_key(|l| (l.keyword.to_lowercase(), words(&l.right)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::Filter;
    use crate::analysis::index::{Index, tests::transcript};
    use crate::analysis::themes::ThemeSet;
    use crate::model::Role;

    #[test]
    fn lines_sort_by_left_and_right_context() {
        let library = Library::from_transcripts([transcript(
            "k.txt",
            &[("Ann Lee", Role::Person)],
            &[(
                0,
                "Zebra sanctions apply. Apple sanctions bite. Mango sanctions end today.",
            )],
        )]);
        let index = Index::build(&library);
        let matches = Filter::query("sanctions")
            .evaluate(&library, &index, &ThemeSet::default())
            .unwrap_or_default();
        let mut lines = kwic_lines(&library, &matches, 12);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].keyword, "sanctions");
        assert_eq!(lines[1].left, "apply. Apple");
        sort_kwic(&mut lines, KwicSort::Left);
        let left: Vec<&str> = lines.iter().map(|l| l.left.as_str()).collect();
        assert_eq!(left, vec!["apply. Apple", "bite. Mango", "Zebra"]);
        sort_kwic(&mut lines, KwicSort::Right);
        let right: Vec<&str> = lines.iter().map(|l| l.right.as_str()).collect();
        assert_eq!(right, vec!["apply. Apple", "bite. Mango", "end today."]);
    }
}
