//! Assembly: from a format reader's blocks to a `Transcript` — turns built from labelled and
//! continuing blocks, speakers resolved, sections placed, stage directions cut out of the
//! words, and times made real (monotonic across clock restarts) or estimated.
//!
//! This step is shared by every format, text and structured alike.

pub mod directions;
pub mod speakers;

use super::raw::{RawBlockKind, RawDocument};
use super::text::meta::find_date;
use crate::model::{
    Format, Role, Section, Speaker, StageDirection, Transcript, Turn, TurnWordCounts, count_words,
};
use std::ops::Range;
use std::path::Path;

/// Words per minute used to estimate times where the source has none.
pub const ESTIMATED_WORDS_PER_MINUTE: f64 = 150.0;

/// A jump back in time larger than this (seconds) is read as the clock restarting at a join
/// of recordings; smaller jumps are overlaps and are clamped.
const CLOCK_RESTART_TOLERANCE: f64 = 1.0;

/// Display name of the speaker of unlabelled speech.
pub const UNIDENTIFIED_SPEAKER: &str = "Unidentified Speaker";

#[derive(Debug)]
struct ProtoTurn {
    label: Option<String>,
    paragraphs: Paragraphs,
    range: Range<usize>,
    start: Option<f64>,
    end: Option<f64>,
}

#[derive(Debug)]
struct ProtoSection {
    title: String,
    turn: usize,
    paragraph: usize,
    source_offset: usize,
}

/// Whether consecutive blocks with the same label are one turn (cue-based formats split one
/// speaker's speech into many cues; text formats start a turn at every label).
fn joins_same_label(format: Format) -> bool {
    matches!(
        format,
        Format::Srt
            | Format::WebVtt
            | Format::WhisperJson
            | Format::AssemblyAiJson
            | Format::PodcastJson
            | Format::AmazonTranscribeJson
            | Format::GoogleSttJson
            | Format::BbcKaldiJson
            | Format::GenericJson
    )
}

/// Builds the transcript from a reader's blocks.
pub fn assemble(path: &Path, raw: RawDocument) -> Transcript {
    let format = raw.format.unwrap_or(Format::Plain);
    let join_same = joins_same_label(format);
    // Each block's label and paragraphs are its own: read in parallel for a large file.
    let prepared: Vec<PreparedBlock> = if raw.blocks.len() >= PARALLEL_TURNS {
        use rayon::prelude::*;
        raw.blocks.into_par_iter().map(prepare_block).collect()
    } else {
        raw.blocks.into_iter().map(prepare_block).collect()
    };
    let mut protos: Vec<ProtoTurn> = Vec::with_capacity(prepared.len());
    let mut proto_sections: Vec<ProtoSection> = Vec::new();
    let mut pending_headings: Vec<(String, usize)> = Vec::new();
    for block in prepared {
        let (label, paragraphs) = match block.kind {
            PreparedKind::Heading(title) => {
                pending_headings.push((title, block.source_range.start));
                continue;
            }
            PreparedKind::Unattributed => continue,
            PreparedKind::Speech { label, paragraphs } => (label, paragraphs),
        };
        let continues = match (&label, protos.last()) {
            (None, Some(_)) => true,
            (Some(label), Some(last)) => join_same && last.label.as_ref() == Some(label),
            _ => false,
        };
        if continues && let Some(last) = protos.last_mut() {
            let paragraph = last.paragraphs.len();
            for (title, source_offset) in pending_headings.drain(..) {
                proto_sections.push(ProtoSection {
                    title,
                    turn: protos.len() - 1,
                    paragraph,
                    source_offset,
                });
            }
            let Some(last) = protos.last_mut() else {
                continue;
            };
            last.paragraphs.extend(paragraphs);
            last.range.end = last.range.end.max(block.source_range.end);
            if block.end.is_some() {
                last.end = block.end;
            }
            if last.start.is_none() {
                last.start = block.start;
            }
            continue;
        }
        for (title, source_offset) in pending_headings.drain(..) {
            proto_sections.push(ProtoSection {
                title,
                turn: protos.len(),
                paragraph: 0,
                source_offset,
            });
        }
        protos.push(ProtoTurn {
            label,
            paragraphs,
            range: block.source_range,
            start: block.start,
            end: block.end,
        });
    }

    // Speakers.
    let labels: Vec<&str> = protos.iter().filter_map(|p| p.label.as_deref()).collect();
    let context = speakers::Context {
        participants: &raw.participants,
        moderators: &raw.moderators,
        title: raw.title.as_deref(),
    };
    let resolved = speakers::resolve(&labels, &context);
    let mut speaker_list = resolved.speakers;

    // Unlabelled speech belongs to the transcript's unidentified speaker (the one the labels
    // name, or one added after the resolved speakers).
    let unlabelled_speaker = protos.iter().any(|p| p.label.is_none()).then(|| {
        speaker_list
            .iter()
            .position(|s| s.role == Role::Unidentified && s.name == UNIDENTIFIED_SPEAKER)
            .unwrap_or_else(|| {
                speaker_list.push(Speaker {
                    name: UNIDENTIFIED_SPEAKER.to_string(),
                    aliases: Vec::new(),
                    role: Role::Unidentified,
                });
                speaker_list.len() - 1
            })
    });

    // Turns: words and stage directions. Cutting stage directions reads every paragraph: in
    // parallel for a large file (a whole table of debates is one transcript). There too, the
    // paragraphs and the labels are freed, each label is looked up, and each body's words are
    // counted while its text is in the cache, once for all.
    let by_label = &resolved.by_label;
    let build_turn = |proto: &mut ProtoTurn| {
        let (speaker, alias) = match proto.label.take() {
            Some(label) => by_label.get(&label).copied().unwrap_or((0, 0)),
            None => (unlabelled_speaker.unwrap_or(0), 0),
        };
        let (text, stage_directions, offsets) = turn_body(std::mem::take(&mut proto.paragraphs));
        let words = u32::try_from(count_words(&text)).unwrap_or(u32::MAX);
        let turn = Turn {
            speaker,
            alias,
            text,
            source_range: proto.range.clone(),
            start: 0.0,
            end: 0.0,
            section: None,
            stage_directions,
        };
        (turn, (words, offsets))
    };
    let (mut turns, (word_counts, paragraph_offsets)): BuiltTurns =
        if protos.len() >= PARALLEL_TURNS {
            use rayon::prelude::*;
            protos.par_iter_mut().map(build_turn).unzip()
        } else {
            protos.iter_mut().map(build_turn).unzip()
        };

    // Sections.
    let mut sections: Vec<Section> = Vec::new();
    for proto in proto_sections {
        if proto.turn >= turns.len() {
            continue;
        }
        let offset = paragraph_offsets
            .get(proto.turn)
            .and_then(|o| o.get(proto.paragraph))
            .copied()
            .unwrap_or(0);
        let title = if proto.title.is_empty() {
            format!("Part {}", sections.len() + 2)
        } else {
            proto.title
        };
        sections.push(Section {
            title,
            turn: proto.turn,
            offset,
            source_offset: proto.source_offset,
        });
    }
    free_aside(paragraph_offsets);
    let mut current = None;
    let mut next_section = 0;
    for (index, turn) in turns.iter_mut().enumerate() {
        while let Some(section) = sections.get(next_section)
            && (section.turn < index || (section.turn == index && section.offset == 0))
        {
            current = Some(next_section);
            next_section += 1;
        }
        turn.section = current;
        while let Some(section) = sections.get(next_section)
            && section.turn == index
        {
            current = Some(next_section);
            next_section += 1;
        }
    }

    let timed = protos.iter().any(|p| p.start.is_some());
    place_times(&mut turns, &protos, &word_counts, timed);
    free_aside(protos);

    let mut notices = raw.notices;
    if turns.is_empty() {
        notices.push("no speech was found in this file".to_string());
    }
    let title = raw
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    let date = raw.date.or_else(|| {
        path.file_name()
            .and_then(|name| find_date(&name.to_string_lossy()))
    });
    Transcript {
        source_path: path.to_path_buf(),
        format,
        title,
        date,
        source_url: raw.source_url,
        speakers: speaker_list,
        turns,
        sections,
        timed,
        source_len: raw.source_len,
        notices,
        turn_word_counts: TurnWordCounts::from_counts(word_counts),
    }
}

/// A [`RawBlock`](super::raw::RawBlock) as assembly reads it: a heading's title trimmed, a
/// label trimmed (`None` when empty), the text cut into paragraphs.
struct PreparedBlock {
    kind: PreparedKind,
    source_range: Range<usize>,
    start: Option<f64>,
    end: Option<f64>,
}

/// The kinds of [`PreparedBlock`].
enum PreparedKind {
    Heading(String),
    Unattributed,
    Speech {
        label: Option<String>,
        paragraphs: Paragraphs,
    },
}

fn prepare_block(block: super::raw::RawBlock) -> PreparedBlock {
    let kind = match block.kind {
        RawBlockKind::Heading => PreparedKind::Heading(block.text.trim().to_string()),
        RawBlockKind::Unattributed => PreparedKind::Unattributed,
        RawBlockKind::Speech { label } => PreparedKind::Speech {
            label: label
                .map(|mut label| {
                    super::raw::trim_in_place(&mut label);
                    label
                })
                .filter(|l| !l.is_empty()),
            paragraphs: paragraphs_of(block.text),
        },
    };
    PreparedBlock {
        kind,
        source_range: block.source_range,
        start: block.start,
        end: block.end,
    }
}

/// Turns from which a transcript's turn texts are built in parallel.
const PARALLEL_TURNS: usize = 2048;

/// Frees what assembly no longer needs: a large list (of [`PARALLEL_TURNS`] or more) on
/// another thread, while this one goes on (freeing the turns' scaffolding of a whole table of
/// debates takes milliseconds); a smaller one here.
fn free_aside<T: Send + 'static>(list: Vec<T>) {
    if list.len() >= PARALLEL_TURNS {
        rayon::spawn(move || drop(list));
    }
}

/// The turns, each one's words, and where each one's paragraphs start in its text.
type BuiltTurns = (Vec<Turn>, (Vec<u32>, Vec<Vec<usize>>));

/// A turn's text (paragraphs joined by `\n`, stage directions cut out), its stage directions,
/// and where each paragraph starts in the text (empty for a single paragraph, which starts at 0).
type TurnBody = (String, Vec<StageDirection>, Vec<usize>);

/// The paragraphs of a block or a turn (most have one: kept inline, without a list allocated).
type Paragraphs = smallvec::SmallVec<[String; 1]>;

/// The paragraphs of a block's text: its lines that hold more than white space. A text of one
/// line (line feeds at its end aside) is kept as it is, without a copy.
fn paragraphs_of(mut text: String) -> Paragraphs {
    let one_line = text.trim_end_matches('\n').len();
    if !text[..one_line].contains('\n') {
        text.truncate(one_line);
        return if text.trim().is_empty() {
            Paragraphs::new()
        } else {
            smallvec::smallvec![text]
        };
    }
    text.split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn turn_body(mut paragraphs: Paragraphs) -> TurnBody {
    let paragraph_count = paragraphs.len();
    if paragraph_count == 1
        && let Some(paragraph) = paragraphs.pop()
    {
        // One paragraph is the whole text, at offset 0 (no offsets listed: a missing offset
        // reads as 0); kept for the life of the library, so without spare capacity.
        let (mut words, stage_directions) = directions::cut_owned(paragraph);
        words.shrink_to_fit();
        return (words, stage_directions, Vec::new());
    }
    let cuts: Vec<(String, Vec<StageDirection>)> =
        paragraphs.into_iter().map(directions::cut_owned).collect();
    // The turn's text is kept for the life of the library: allocated once, to its size.
    let mut text =
        String::with_capacity(cuts.iter().map(|(words, _)| words.len() + 1).sum::<usize>());
    let mut stage_directions: Vec<StageDirection> = Vec::new();
    let mut offsets = Vec::with_capacity(paragraph_count);
    for (words, cut) in cuts {
        let separator = usize::from(!text.is_empty() && !words.is_empty());
        let base = text.len() + separator;
        offsets.push(if words.is_empty() { text.len() } else { base });
        for direction in cut {
            stage_directions.push(StageDirection {
                at: if words.is_empty() {
                    text.len()
                } else {
                    base + direction.at
                },
                text: direction.text,
            });
        }
        if !words.is_empty() {
            if separator == 1 {
                text.push('\n');
            }
            text.push_str(&words);
        }
    }
    (text, stage_directions, offsets)
}

/// The estimated duration of a turn of `words` words.
fn estimated_seconds(words: u32) -> f64 {
    f64::from(words) * 60.0 / ESTIMATED_WORDS_PER_MINUTE
}

/// Sets every turn's start and end: real times made monotonic (a clock that restarts at a join
/// continues from where the previous part ended), gaps filled by estimates; or, without
/// times, estimates at [`ESTIMATED_WORDS_PER_MINUTE`] (`words`: each turn's words).
fn place_times(turns: &mut [Turn], protos: &[ProtoTurn], words: &[u32], timed: bool) {
    let durations: Vec<f64> = words.iter().map(|&w| estimated_seconds(w)).collect();
    if !timed {
        let mut time = 0.0;
        for (turn, duration) in turns.iter_mut().zip(&durations) {
            turn.start = time;
            turn.end = time + duration;
            time = turn.end;
        }
        return;
    }
    let mut offset = 0.0;
    let mut previous_start: Option<f64> = None;
    let mut cursor = 0.0;
    let mut real_ends: Vec<Option<f64>> = Vec::with_capacity(turns.len());
    for ((turn, proto), duration) in turns.iter_mut().zip(protos).zip(&durations) {
        let start = match proto.start.filter(|s| s.is_finite() && *s >= 0.0) {
            Some(source) => {
                let mut start = source + offset;
                if let Some(before) = previous_start {
                    if start + CLOCK_RESTART_TOLERANCE < before {
                        offset += cursor - start;
                        start = cursor;
                    } else if start < before {
                        start = before;
                    }
                }
                start
            }
            None => cursor,
        };
        let end = proto
            .end
            .filter(|e| e.is_finite())
            .map(|e| (e + offset).max(start));
        turn.start = start;
        turn.end = end.unwrap_or(start + duration);
        real_ends.push(end);
        previous_start = Some(start);
        cursor = turn.end.max(start);
    }
    // Without a real end, a turn lasts until the next one starts.
    for index in 0..turns.len() {
        if real_ends.get(index).copied().flatten().is_some() {
            continue;
        }
        if let Some(next_start) = turns.get(index + 1).map(|t| t.start)
            && let Some(turn) = turns.get_mut(index)
            && next_start >= turn.start
        {
            turn.end = next_start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::raw::RawBlock;

    fn speech(label: Option<&str>, text: &str, start: Option<f64>) -> RawBlock {
        RawBlock {
            kind: RawBlockKind::Speech {
                label: label.map(str::to_string),
            },
            text: text.to_string(),
            source_range: 0..text.len(),
            start,
            end: None,
        }
    }

    fn heading(text: &str) -> RawBlock {
        RawBlock {
            kind: RawBlockKind::Heading,
            text: text.to_string(),
            source_range: 0..0,
            start: None,
            end: None,
        }
    }

    fn document(format: Format, blocks: Vec<RawBlock>) -> RawDocument {
        RawDocument {
            format: Some(format),
            blocks,
            source_len: 100,
            ..RawDocument::default()
        }
    }

    #[test]
    fn headings_inside_a_turn_do_not_end_it() {
        let raw = document(
            Format::Bracketed,
            vec![
                speech(Some("A"), "One two.", None),
                heading("Second Part"),
                speech(None, "Three [applause] four.", None),
                speech(Some("B"), "Five.", None),
            ],
        );
        let transcript = assemble(Path::new("x.txt"), raw);
        assert_eq!(transcript.turns.len(), 2);
        assert_eq!(transcript.turns[0].text, "One two.\nThree four.");
        assert_eq!(transcript.sections.len(), 1);
        assert_eq!(transcript.sections[0].turn, 0);
        assert_eq!(transcript.sections[0].offset, "One two.\n".len());
        assert_eq!(transcript.turns[0].section, None);
        assert_eq!(transcript.turns[1].section, Some(0));
        assert_eq!(transcript.turns[0].stage_directions[0].text, "[applause]");
        assert_eq!(transcript.word_count(), 5);
        assert!(!transcript.timed);
        assert!((transcript.turns[0].end - 4.0 * 60.0 / 150.0).abs() < 1e-9);
        assert_eq!(transcript.turns[1].start, transcript.turns[0].end);
    }

    /// The words counted while assembling are those of each turn's text, and a transcript
    /// without them (built otherwise) gives the same totals by counting.
    #[test]
    fn turn_word_counts_are_the_turns_words() {
        let raw = document(
            Format::Bracketed,
            vec![
                speech(Some("A"), "One two [applause] three.", None),
                speech(Some("B"), "Four,  five\nsix -- seven.", None),
                speech(None, "(laughter)", None),
                speech(Some("A"), "", None),
            ],
        );
        let transcript = assemble(Path::new("x.txt"), raw);
        let counted: Vec<usize> = (0..transcript.turns.len())
            .map(|turn| transcript.turn_words(turn))
            .collect();
        let expected: Vec<usize> = transcript
            .turns
            .iter()
            .map(|t| count_words(&t.text))
            .collect();
        assert_eq!(counted, expected);
        assert_eq!(
            transcript.words_per_turn().len(),
            transcript.turns.len(),
            "counted by the loader"
        );
        let mut uncounted = transcript.clone();
        uncounted.turn_word_counts = TurnWordCounts::default();
        assert_eq!(uncounted.word_count(), transcript.word_count());
        assert_eq!(uncounted.speaker_totals(), transcript.speaker_totals());
        assert_eq!(uncounted.words_per_turn(), transcript.words_per_turn());
        // Counts for other turns than these are not used.
        let mut changed = transcript.clone();
        changed.turns.pop();
        assert_eq!(
            changed.word_count(),
            changed
                .turns
                .iter()
                .map(|t| count_words(&t.text))
                .sum::<usize>()
        );
    }

    #[test]
    fn clock_restarts_are_made_monotonic() {
        let raw = document(
            Format::Rev,
            vec![
                speech(Some("A"), "one", Some(100.0)),
                speech(Some("B"), "two", Some(200.0)),
                speech(Some("A"), "three", Some(0.0)),
                speech(Some("B"), "four", Some(10.0)),
            ],
        );
        let transcript = assemble(Path::new("x.txt"), raw);
        assert!(transcript.timed);
        let starts: Vec<f64> = transcript.turns.iter().map(|t| t.start).collect();
        assert_eq!(starts[0], 100.0);
        assert_eq!(starts[1], 200.0);
        assert!(starts[2] > 200.0 && starts[2] < 201.0);
        assert!((starts[3] - starts[2] - 10.0).abs() < 1e-9);
        assert_eq!(transcript.turns[0].end, 200.0);
        for turn in &transcript.turns {
            assert!(turn.end >= turn.start);
        }
    }

    #[test]
    fn cue_formats_join_consecutive_cues_of_one_speaker() {
        let raw = document(
            Format::WebVtt,
            vec![
                speech(Some("Travis"), "Hello", Some(0.0)),
                speech(Some("Travis"), "there", Some(1.0)),
                speech(None, "again", Some(2.0)),
                speech(Some("Gilon"), "Hi", Some(3.0)),
            ],
        );
        let transcript = assemble(Path::new("x.vtt"), raw);
        assert_eq!(transcript.turns.len(), 2);
        assert_eq!(transcript.turns[0].text, "Hello\nthere\nagain");
    }

    #[test]
    fn unlabelled_text_has_one_unidentified_speaker_and_a_file_name_date() {
        let raw = document(Format::Plain, vec![speech(None, "Just prose.", None)]);
        let transcript = assemble(Path::new("notes-2021-06-30.txt"), raw);
        assert_eq!(transcript.speakers.len(), 1);
        assert_eq!(transcript.speakers[0].name, UNIDENTIFIED_SPEAKER);
        assert_eq!(transcript.speakers[0].role, Role::Unidentified);
        assert_eq!(transcript.date, crate::model::Date::new(2021, 6, 30));
        assert_eq!(transcript.title, "notes-2021-06-30");
    }
}
