//! Stage directions inside spoken text — `[applause]`, `(Laughter.)`, `(As interpreted.)`,
//! `[crosstalk 00:11:26]`, `{vocalsound}` — cut out of the words and kept as annotations.

use crate::model::StageDirection;
use crate::swar::{HIGH_BITS, bytes_between};
use regex::Regex;
use std::sync::LazyLock;

static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[[^\[\]\n]{1,120}\]|\{[^{}\n]{1,60}\}|\([^()\n]{1,100}\)").expect("valid regex")
});

/// The stage-direction pattern, for [`crate::parse::compile_patterns`].
pub(crate) fn patterns() -> [&'static LazyLock<Regex>; 1] {
    [&BRACKETED]
}

/// Words that mark a parenthesised aside as a stage direction rather than speech.
const DIRECTION_WORDS: &[&str] = &[
    "laughter",
    "laughs",
    "laughing",
    "laugh",
    "chuckles",
    "chuckling",
    "applause",
    "applauding",
    "clapping",
    "cheers",
    "cheering",
    "booing",
    "boos",
    "inaudible",
    "indiscernible",
    "unintelligible",
    "crosstalk",
    "cross-talk",
    "interpreted",
    "interpretation",
    "translation",
    "translated",
    "speaks",
    "speaking",
    "sighs",
    "coughs",
    "sneezes",
    "clears",
    "pause",
    "pauses",
    "silence",
    "music",
    "audio",
    "video",
    "mic",
    "mike",
    "microphone",
    "recess",
    "break",
    "interruption",
    "interrupts",
    "gestures",
    "points",
    "nods",
    "holds",
    "disrupts",
    "noise",
    "audience",
    "sic",
];

/// Whether a bracketed stretch (brackets included) is a stage direction.
pub fn is_stage_direction(span: &str) -> bool {
    let Some(open) = span.chars().next() else {
        return false;
    };
    let inner = span
        .get(open.len_utf8()..span.len().saturating_sub(1))
        .unwrap_or("")
        .trim();
    if inner.is_empty() || !inner.chars().any(char::is_alphabetic) {
        return false;
    }
    match open {
        // Square brackets and braces are editorial in transcripts: always annotations.
        '[' | '{' => true,
        _ => {
            let words: Vec<String> = inner
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                        .to_lowercase()
                })
                .collect();
            if words.len() > 8 {
                return false;
            }
            let has_direction_word = words.iter().any(|w| DIRECTION_WORDS.contains(&w.as_str()));
            // "(Speaks French.)", "(A cellphone disrupts the briefing.)": a capitalised
            // sentence in parentheses is a transcriber's note.
            let note_sentence = inner.ends_with('.')
                && inner.chars().next().is_some_and(char::is_uppercase)
                && words.len() >= 2;
            has_direction_word || note_sentence
        }
    }
}

/// Cuts the stage directions out of a paragraph: the text left (whitespace collapsed) and the
/// directions with their byte offsets in that text.
pub fn cut(paragraph: &str) -> (String, Vec<StageDirection>) {
    let mut text = String::with_capacity(paragraph.len());
    let mut directions = Vec::new();
    let mut last = 0;
    // Most paragraphs hold no bracket at all: a byte search spares them the regex.
    let has_bracket = memchr::memchr3(b'[', b'{', b'(', paragraph.as_bytes()).is_some();
    let found_all = has_bracket
        .then(|| BRACKETED.find_iter(paragraph))
        .into_iter()
        .flatten();
    for found in found_all {
        if !is_stage_direction(found.as_str()) {
            continue;
        }
        push_collapsed(&mut text, &paragraph[last..found.start()]);
        directions.push(StageDirection {
            at: text.trim_end().len(),
            text: found.as_str().to_string(),
        });
        last = found.end();
    }
    push_collapsed(&mut text, &paragraph[last..]);
    let trimmed_end = text.trim_end().len();
    text.truncate(trimmed_end);
    let leading = text.len() - text.trim_start().len();
    if leading > 0 {
        text.drain(..leading);
        for direction in &mut directions {
            direction.at = direction.at.saturating_sub(leading);
        }
    }
    for direction in &mut directions {
        direction.at = floor_char_boundary(&text, direction.at.min(text.len()));
    }
    (text, directions)
}

/// [`cut`] of a paragraph it may keep: a paragraph with no bracket and nothing to collapse or
/// trim is its own text, returned without a copy.
pub fn cut_owned(paragraph: String) -> (String, Vec<StageDirection>) {
    let bytes = paragraph.as_bytes();
    let untouched = memchr::memchr3(b'[', b'{', b'(', bytes).is_none()
        && bytes.last() != Some(&b' ')
        && is_plain(&paragraph);
    if untouched {
        return (paragraph, Vec::new());
    }
    cut(&paragraph)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Appends `piece` with runs of whitespace (no-break spaces included) collapsed to one space.
/// The text is copied a run at a time between the bytes that may need care ([`next_unusual`]:
/// control characters, bytes outside ASCII, a space followed by a space), found eight bytes at a
/// time, so that ordinary prose is copied whole after one quick pass over its bytes.
fn push_collapsed(out: &mut String, piece: &str) {
    if is_plain(piece) {
        out.push_str(piece);
        return;
    }
    let bytes = piece.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let unusual = next_unusual(bytes, at);
        // `at..unusual` is printable ASCII with single spaces: copied as it is, but for a
        // space that would follow the white space already written.
        let mut run = piece.get(at..unusual).unwrap_or("");
        if (out.is_empty() || out.ends_with(' '))
            && let Some(rest) = run.strip_prefix(' ')
        {
            run = rest;
        }
        out.push_str(run);
        let Some(rest) = piece.get(unusual..) else {
            break;
        };
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        at = unusual + c.len_utf8();
    }
}

/// The first byte at or after `from` that [`push_collapsed`] cannot copy as it is: a control
/// character, a byte outside ASCII, or a space followed by another space (`bytes.len()` when
/// there is none). Eight bytes are read at once.
fn next_unusual(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(eight) = bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        let word = u64::from_le_bytes(eight);
        let low = word & !HIGH_BITS;
        let control = !bytes_between(low, 0x20, 0x7f) & HIGH_BITS;
        let spaces = bytes_between(low, b' ', b' ') & !word;
        // A space whose next byte (in this word, or the first of the next) is a space too.
        let next_is_space = bytes.get(at + 8) == Some(&b' ');
        let doubled = spaces & ((spaces >> 8) | (u64::from(next_is_space) << 63));
        let unusual = (word & HIGH_BITS) | control | doubled;
        if unusual != 0 {
            return at + (unusual.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        let doubled = byte == b' ' && bytes.get(at + 1) == Some(&b' ');
        if !(0x20..0x80).contains(&byte) || doubled {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

/// Whether `piece` has nothing to collapse and can be appended as it is: ASCII without control
/// characters (line breaks and tabs included), without two spaces in a row, and not starting
/// with a space. Each check is one quick pass over the bytes.
fn is_plain(piece: &str) -> bool {
    let bytes = piece.as_bytes();
    // Bytes below a space or outside ASCII, found by OR-ing a flag per byte over fixed-size
    // chunks (no early exit inside a chunk, so the compiler can compare many bytes at once).
    let unusual = bytes.chunks(64).any(|chunk| {
        chunk
            .iter()
            .fold(false, |found, &byte| found | !(b' '..0x80).contains(&byte))
    });
    !unusual && bytes.first() != Some(&b' ') && memchr::memmem::find(bytes, b"  ").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_directions_and_records_positions() {
        let (text, directions) =
            cut("I'm Megyn Kelly... [applause]... along with   my co-moderators.");
        assert_eq!(text, "I'm Megyn Kelly... ... along with my co-moderators.");
        assert_eq!(directions.len(), 1);
        assert_eq!(directions[0].text, "[applause]");
        assert_eq!(&text[..directions[0].at], "I'm Megyn Kelly...");
    }

    #[test]
    fn recognises_the_usual_directions() {
        for span in [
            "[applause]",
            "[crosstalk 00:11:26]",
            "{vocalsound}",
            "(Laughter.)",
            "(As interpreted.)",
            "(inaudible)",
            "(Cross-talk.)",
            "(Speaks French.)",
            "(aide coughs)",
        ] {
            assert!(is_stage_direction(span), "{span}");
        }
        for span in [
            "(i)",
            "(defined below)",
            "(including future time extensions)",
            "()",
        ] {
            assert!(!is_stage_direction(span), "{span}");
        }
    }

    proptest::proptest! {
        /// A paragraph kept as it is gives what cutting it gives.
        #[test]
        fn cut_owned_matches_cut(
            paragraph in "[a-zA-Z .,'\t\n(\\[{}\\])\u{a0}é]{0,40}|[a-z ]{0,60}|[a-z]{1,8}( [a-z]{1,8}){0,6}"
        ) {
            proptest::prop_assert_eq!(cut_owned(paragraph.clone()), cut(&paragraph));
        }

        /// The run-at-a-time copy gives what pushing character by character gives.
        #[test]
        fn push_collapsed_matches_char_by_char(
            before in "[a b\u{a0}]{0,3}",
            piece in "[a-zA-Z~ .\t\n\r\u{b}\u{7f}\u{a0}\u{2009}\u{3000}\u{85}é—]{0,40}|[a-z ]{0,90}"
        ) {
            let mut reference = before.clone();
            for c in piece.chars() {
                if c.is_whitespace() {
                    if !reference.is_empty() && !reference.ends_with(' ') {
                        reference.push(' ');
                    }
                } else {
                    reference.push(c);
                }
            }
            let mut out = before;
            push_collapsed(&mut out, &piece);
            proptest::prop_assert_eq!(out, reference);
        }
    }

    #[test]
    fn whitespace_runs_collapse_to_one_space() {
        let mut out = String::new();
        push_collapsed(&mut out, "  a\u{a0}\u{a0}b \t\nc ");
        assert_eq!(out, "a b c ");
        push_collapsed(&mut out, " d");
        assert_eq!(out, "a b c d");
    }

    #[test]
    fn directions_are_not_words() {
        let (text, directions) = cut("(Laughter.) Thank you. [applause]");
        assert_eq!(text, "Thank you.");
        assert_eq!(directions.len(), 2);
        assert_eq!(directions[0].at, 0);
        assert_eq!(directions[1].at, text.len());
        let (text, _) = cut("the (i) first (defined below) item");
        assert_eq!(text, "the (i) first (defined below) item");
    }
}
