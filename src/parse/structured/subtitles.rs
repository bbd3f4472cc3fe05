//! Subtitles: SubRip (`.srt`) and WebVTT (`.vtt`).
//!
//! Speakers come from WebVTT voice tags (`<v Name>`) or `Name:` prefixes at the start of a cue,
//! carried over to the following cues until another speaker is named; consecutive cues of one
//! speaker become one block. Cue times are real (hour-less `0.860 --> 7.380` is accepted). Cues
//! with broken timestamps are skipped with a notice when they are few, and make the file an
//! error when they are many.

use super::{TurnBuilder, parse_clock, split_label_prefix};
use crate::model::Format;
use crate::parse::LoadErrorKind;
use crate::parse::raw::RawDocument;
use std::collections::HashMap;
use std::ops::Range;

/// Whether text starts like a SubRip file: a cue number, then a timing line.
pub fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.chars().all(|c| c.is_ascii_digit()) && parse_timing(second).is_some()
}

/// One cue as read from the file.
#[derive(Debug)]
struct Cue<'a> {
    start: f64,
    end: f64,
    /// Payload lines.
    lines: Vec<&'a str>,
    /// Byte range of the whole cue block.
    range: Range<usize>,
}

/// Reads SRT or WebVTT.
pub fn read(format: Format, text: &str) -> Result<RawDocument, LoadErrorKind> {
    let mut cues: Vec<Cue> = Vec::new();
    let mut bad: Vec<usize> = Vec::new();
    let mut notices = Vec::new();
    for (index, (block_range, lines)) in blocks(text).into_iter().enumerate() {
        let Some(first) = lines.first() else {
            continue;
        };
        if index == 0 && format == Format::WebVtt && first.starts_with("WEBVTT") {
            continue;
        }
        if format == Format::WebVtt
            && ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|k| first.starts_with(k) && !first.contains("-->"))
        {
            continue;
        }
        let timing_at = lines.iter().position(|l| l.contains("-->"));
        match timing_at.map(|at| (at, parse_timing(lines[at]))) {
            Some((at, Some((start, end)))) if at <= 1 => cues.push(Cue {
                start,
                end: end.max(start),
                lines: lines[at + 1..].to_vec(),
                range: block_range,
            }),
            Some(_) => bad.push(line_number(text, block_range.start)),
            None => {
                let numbered = first.trim().chars().all(|c| c.is_ascii_digit());
                if numbered && lines.len() > 1 {
                    // A cue number with no usable timing line.
                    bad.push(line_number(text, block_range.start));
                } else if let Some(previous) = cues.last_mut() {
                    // A blank line inside a cue's text.
                    previous.lines.extend(lines.iter().copied());
                    previous.range.end = block_range.end;
                }
            }
        }
    }
    let total = cues.len() + bad.len();
    if !bad.is_empty() {
        let lines: Vec<String> = bad.iter().take(5).map(usize::to_string).collect();
        if cues.is_empty() || bad.len() * 4 > total {
            return Err(LoadErrorKind::Subtitles(format!(
                "{} of {total} cues have broken or missing timestamps (at lines {})",
                bad.len(),
                lines.join(", ")
            )));
        }
        notices.push(format!(
            "skipped {} of {total} subtitle cues with broken timestamps (at lines {})",
            bad.len(),
            lines.join(", ")
        ));
    }
    if cues.is_empty() {
        return Err(LoadErrorKind::Subtitles("no cues found".into()));
    }

    let parsed: Vec<Vec<Speech>> = cues.iter().map(|c| cue_speech(text, c)).collect();
    let accepted = accepted_prefix_labels(parsed.iter().flatten());
    let mut builder = TurnBuilder::new();
    for (cue, speeches) in cues.iter().zip(&parsed) {
        for speech in speeches {
            let (label, words) = match &speech.voice {
                Some(voice) => (Some(voice.as_str()), speech.text.as_str()),
                None => match split_label_prefix(&speech.text) {
                    Some((label, rest)) if accepted.contains_key(label) => (Some(label), rest),
                    _ => (None, speech.text.as_str()),
                },
            };
            builder.push(
                label,
                words,
                speech.range.clone(),
                Some(cue.start),
                Some(cue.end),
            );
        }
    }
    Ok(RawDocument {
        format: Some(format),
        blocks: builder.finish(),
        source_len: text.len(),
        notices,
        ..RawDocument::default()
    })
}

/// `Name:` prefixes accepted as speakers: those that start two or more cues, and any that start
/// one cue when the file names speakers elsewhere (another prefix or a voice tag).
fn accepted_prefix_labels<'a>(
    speeches: impl Iterator<Item = &'a Speech>,
) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut voices = false;
    for speech in speeches {
        if speech.voice.is_some() {
            voices = true;
        } else if let Some((label, _)) = split_label_prefix(&speech.text) {
            *counts.entry(label.to_string()).or_default() += 1;
        }
    }
    let file_uses_labels = counts.values().any(|&n| n >= 2) || counts.len() >= 2 || voices;
    counts.retain(|_, n| *n >= 2 || file_uses_labels);
    counts
}

/// A stretch of one cue's text said by one voice.
#[derive(Debug)]
struct Speech {
    /// The voice named by a `<v Name>` tag, if any.
    voice: Option<String>,
    /// The plain text, tags removed, lines joined.
    text: String,
    /// Byte range in the source (the first stretch of a cue includes its timing line).
    range: Range<usize>,
}

/// A cue's payload split where a line opens another voice (`<v Ann>Hi` / `<v Bob>Hello` in one
/// cue); each stretch with its voice, plain text and byte range.
fn cue_speech(source: &str, cue: &Cue) -> Vec<Speech> {
    let mut out: Vec<Speech> = Vec::new();
    for line in &cue.lines {
        // The lines are slices of `source`: their offset is their distance from its start.
        let start = (line.as_ptr() as usize)
            .saturating_sub(source.as_ptr() as usize)
            .min(source.len());
        let end = (start + line.len()).min(source.len());
        let (line_voice, plain) = strip_tags(line);
        let plain = decode_entities(strip_turn_marker(plain.trim()));
        let switches = match (&line_voice, out.last()) {
            (Some(voice), Some(current)) => current.voice.as_ref() != Some(voice),
            (_, None) => true,
            (None, Some(_)) => false,
        };
        if switches {
            let range_start = if out.is_empty() {
                cue.range.start
            } else {
                start
            };
            out.push(Speech {
                voice: line_voice,
                text: plain,
                range: range_start..end.max(range_start),
            });
        } else if let Some(current) = out.last_mut() {
            if !plain.is_empty() {
                if !current.text.is_empty() {
                    current.text.push(' ');
                }
                current.text.push_str(&plain);
            }
            current.range.end = current.range.end.max(end);
        }
    }
    if let Some(last) = out.last_mut() {
        last.range.end = last.range.end.max(cue.range.end);
    }
    out
}

/// Drops a caption turn marker at the start of a line: `>>` (broadcast captions) or a dialogue
/// dash `- `; what follows may be a `Name:` prefix.
fn strip_turn_marker(line: &str) -> &str {
    line.strip_prefix(">>")
        .or_else(|| line.strip_prefix("- "))
        .map_or(line, str::trim_start)
}

/// Removes markup tags (`<i>`, `<c.x>`, `<00:01.000>`, `{\an8}`) and returns the first voice name.
fn strip_tags(line: &str) -> (Option<String>, String) {
    let mut voice = None;
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(['<', '{']) {
        out.push_str(&rest[..open]);
        let closer = if rest[open..].starts_with('<') {
            '>'
        } else {
            '}'
        };
        let Some(close) = rest[open..].find(closer) else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if closer == '}' && !tag.starts_with('\\') {
            // Not an SSA override: keep the braces as text.
            out.push_str(&rest[open..open + close + 1]);
        } else if let Some(name) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            let name = name.split_once(' ').map(|(_, n)| n).unwrap_or("").trim();
            if voice.is_none() && !name.is_empty() {
                voice = Some(name.to_string());
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    (voice, out)
}

/// The character references WebVTT allows in cue text.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&")
}

/// `00:00:01,000 --> 00:00:02,500 settings` to start and end seconds.
fn parse_timing(line: &str) -> Option<(f64, f64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    let start = parse_cue_time(start.trim())?;
    let end = parse_cue_time(end)?;
    Some((start, end))
}

/// A cue timestamp: `hh:mm:ss,mmm`, `hh:mm:ss.mmm`, `mm:ss.mmm`, or bare seconds `0.860`.
fn parse_cue_time(text: &str) -> Option<f64> {
    let valid = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'));
    valid.then(|| parse_clock(text)).flatten()
}

/// Blank-line separated blocks with their byte ranges; lines inside a block keep their order.
fn blocks(text: &str) -> Vec<(Range<usize>, Vec<&str>)> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push((start..end, std::mem::take(&mut current)));
            }
            continue;
        }
        if current.is_empty() {
            start = line_start;
        }
        end = line_start + line.len();
        current.push(line.trim_end());
    }
    if !current.is_empty() {
        out.push((start..end, current));
    }
    out
}

/// The 1-based line number of a byte offset.
fn line_number(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .get(..offset)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::raw::RawBlockKind;

    fn labels(raw: &RawDocument) -> Vec<Option<String>> {
        raw.blocks
            .iter()
            .map(|b| match &b.kind {
                RawBlockKind::Speech { label } => label.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn vtt_voices_and_prefixes_carry_over() {
        let text = "WEBVTT\n\n00:00:00.179 --> 00:00:02.399\n<v Travis> When you first\nget started\n\n\
                    00:00:02.400 --> 00:00:04.799\nalmost guaranteed\n\n\
                    00:00:05.000 --> 00:00:06.000\nGilon: Right.\n\n\
                    00:00:06.000 --> 00:00:07.000\nGilon: Sure.\n\n\
                    00:00:07.000 --> 00:00:08.000\n<v Travis>Yes.</v>\n";
        let raw = read(Format::WebVtt, text).expect("reads");
        assert_eq!(
            labels(&raw),
            vec![
                Some("Travis".into()),
                Some("Gilon".into()),
                Some("Travis".into())
            ]
        );
        assert_eq!(
            raw.blocks[0].text,
            "When you first get started almost guaranteed"
        );
        assert_eq!(raw.blocks[0].start, Some(0.179));
        assert_eq!(raw.blocks[0].end, Some(4.799));
        assert_eq!(raw.blocks[1].text, "Right. Sure.");
        let first = &raw.blocks[0].source_range;
        assert!(text[first.clone()].starts_with("00:00:00.179"));
        assert!(text[first.clone()].ends_with("guaranteed"));
    }

    #[test]
    fn vtt_notes_identifiers_classes_and_entities() {
        let text = "WEBVTT - a title\nKind: captions\n\nNOTE written by hand\nover two lines\n\n\
                    STYLE\n::cue { color: red }\n\n\
                    intro\n00:01.000 --> 00:02.000 align:start\n<v.loud Mary Ann>Tom &amp; Jerry</v>\n\n\
                    00:02.000 --> 00:03.000\n<v Bob><i>Hi</i> <00:02.500><c>there</c>\n";
        let raw = read(Format::WebVtt, text).expect("reads");
        assert_eq!(
            labels(&raw),
            vec![Some("Mary Ann".into()), Some("Bob".into())]
        );
        assert_eq!(raw.blocks[0].text, "Tom & Jerry");
        assert_eq!(raw.blocks[0].start, Some(1.0));
        assert_eq!(raw.blocks[1].text, "Hi there");
    }

    #[test]
    fn two_voices_in_one_cue() {
        let text = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann>How are you?\n<v Bob>Fine,\nthanks.\n\n\
                    00:03.000 --> 00:04.000\n<v Bob>And you?\n";
        let raw = read(Format::WebVtt, text).expect("reads");
        assert_eq!(labels(&raw), vec![Some("Ann".into()), Some("Bob".into())]);
        assert_eq!(raw.blocks[1].text, "Fine, thanks. And you?");
        assert_eq!(
            &text[raw.blocks[0].source_range.clone()],
            "00:01.000 --> 00:03.000\n<v Ann>How are you?"
        );
        assert!(text[raw.blocks[1].source_range.clone()].starts_with("<v Bob>Fine,"));
        assert!(raw.blocks[0].source_range.end <= raw.blocks[1].source_range.start);
    }

    #[test]
    fn broadcast_turn_markers() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\n>> ANDERSON: Good evening.\n\n\
                    2\n00:00:02,000 --> 00:00:03,000\n>> BLITZER: Thanks, Anderson.\n";
        let raw = read(Format::Srt, text).expect("reads");
        assert_eq!(
            labels(&raw),
            vec![Some("ANDERSON".into()), Some("BLITZER".into())]
        );
        assert_eq!(raw.blocks[1].text, "Thanks, Anderson.");
    }

    #[test]
    fn hourless_times() {
        let raw = read(
            Format::WebVtt,
            "WEBVTT\n\n0.860 --> 7.380\n<v SPEAKER_1>Hi.\n",
        )
        .expect("reads");
        assert_eq!(
            (raw.blocks[0].start, raw.blocks[0].end),
            (Some(0.86), Some(7.38))
        );
    }

    #[test]
    fn srt_with_prefixes() {
        let text = "1\n00:00:00,780 --> 00:00:06,210\nAdam Curry: podcasting 2.0\n\n\
                    2\n00:00:06,210 --> 00:00:12,990\nformable hello\n\n\
                    3\n00:00:13,000 --> 00:00:14,000\nDave Jones: yes\n\n\
                    4\n00:00:14,000 --> 00:00:15,000\nAdam Curry: ok\n";
        let raw = read(Format::Srt, text).expect("reads");
        assert_eq!(raw.blocks.len(), 3);
        assert_eq!(raw.blocks[0].text, "podcasting 2.0 formable hello");
        assert_eq!(labels(&raw)[1], Some("Dave Jones".into()));
    }

    #[test]
    fn a_lone_colon_phrase_is_not_a_speaker() {
        let text = "1\n00:00:00,000 --> 00:00:01,000\nRemember: always smile\n\n\
                    2\n00:00:01,000 --> 00:00:02,000\nand wave\n";
        let raw = read(Format::Srt, text).expect("reads");
        assert_eq!(labels(&raw), vec![None]);
        assert_eq!(raw.blocks[0].text, "Remember: always smile and wave");
    }

    #[test]
    fn broken_timestamps() {
        let broken = "1\n00:00:xx,000 --> 00:00:02,000\nhello\n\n2\n00:00:02 -> 00:00:03\nworld\n";
        assert!(matches!(
            read(Format::Srt, broken),
            Err(LoadErrorKind::Subtitles(_))
        ));
        let mut mostly_fine = String::new();
        for i in 0..10 {
            mostly_fine.push_str(&format!(
                "{i}\n00:00:0{i},000 --> 00:00:0{i},500\nline {i}\n\n"
            ));
        }
        mostly_fine.push_str("11\n00:00:99,000 --> garbage\nbad\n");
        let raw = read(Format::Srt, &mostly_fine).expect("reads");
        assert_eq!(raw.notices.len(), 1);
        assert!(raw.notices[0].contains("1 of 11"));
    }
}
