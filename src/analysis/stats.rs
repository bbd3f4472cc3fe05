//! Statistics per speaker (within one transcript or across the library): words, turns, share of
//! voice, mean and longest turn, and per theme the matching sentences and the share of the
//! speaker's words in them; and words per speaker per section.
//!
//! Words are the index's word tokens (Unicode word boundaries; stage directions excluded).

use crate::analysis::filter::Filter;
use crate::analysis::index::Index;
use crate::analysis::query::QueryError;
use crate::analysis::themes::ThemeSet;
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::{Role, SectionIndex, TurnIndex};
use serde::Serialize;

/// One theme's figures for one speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeStats {
    /// Theme id.
    pub theme: String,
    /// Sentences of the speaker matching the theme.
    pub sentences: usize,
    /// Words in those sentences.
    pub words: u64,
    /// `words` as a share (0..1) of all the speaker's words.
    pub share_of_words: f64,
}

/// A speaker's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerStats {
    /// The library speaker.
    #[serde(skip)]
    pub speaker: LibrarySpeakerIndex,
    /// Its key.
    pub key: String,
    /// Its display name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Words spoken.
    pub words: u64,
    /// Turns taken.
    pub turns: usize,
    /// Share (0..1) of all words spoken in the scope.
    pub share_of_voice: f64,
    /// Mean words per turn.
    pub mean_turn_words: f64,
    /// Words in the longest turn.
    pub longest_turn_words: u64,
    /// Where the longest turn is: (transcript, turn).
    pub longest_turn: Option<(TranscriptIndex, TurnIndex)>,
    /// Per theme, in the order of the theme set.
    pub themes: Vec<ThemeStats>,
}

/// Words of a turn as the index counts them.
pub fn turn_words(index: &Index, transcript: TranscriptIndex, turn: TurnIndex) -> u64 {
    index
        .sentences(transcript, turn)
        .iter()
        .map(|s| u64::from(s.tokens))
        .sum()
}

/// Figures for every speaker who speaks in the scope (one transcript, or the whole library
/// when `transcript` is `None`), most words first. Theme figures for every theme of `themes`.
pub fn speaker_stats(
    library: &Library,
    index: &Index,
    themes: &ThemeSet,
    transcript: Option<TranscriptIndex>,
) -> Result<Vec<SpeakerStats>, QueryError> {
    let mut stats: Vec<Option<SpeakerStats>> = vec![None; library.speakers().len()];
    let mut total_words = 0u64;
    for (t, entry) in library.transcripts().iter().enumerate() {
        if transcript.is_some_and(|only| only != t) {
            continue;
        }
        for turn in 0..entry.turns.len() {
            let Some(speaker) = library.speaker_of_turn(t, turn) else {
                continue;
            };
            let Some(info) = library.speakers().get(speaker) else {
                continue;
            };
            let words = turn_words(index, t, turn);
            total_words += words;
            let slot = stats[speaker].get_or_insert_with(|| SpeakerStats {
                speaker,
                key: info.key.clone(),
                name: info.name.clone(),
                role: info.role,
                words: 0,
                turns: 0,
                share_of_voice: 0.0,
                mean_turn_words: 0.0,
                longest_turn_words: 0,
                longest_turn: None,
                themes: Vec::new(),
            });
            slot.words += words;
            slot.turns += 1;
            if slot.longest_turn.is_none() || words > slot.longest_turn_words {
                slot.longest_turn_words = words;
                slot.longest_turn = Some((t, turn));
            }
        }
    }
    let mut stats: Vec<SpeakerStats> = stats.into_iter().flatten().collect();
    let theme_matches = themes
        .themes
        .iter()
        .map(|theme| {
            Filter {
                themes: vec![theme.id.clone()],
                transcripts: transcript.into_iter().collect(),
                ..Filter::default()
            }
            .evaluate(library, index, themes)
            .map(|m| (theme.id.clone(), m))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for speaker in &mut stats {
        speaker.share_of_voice = ratio(speaker.words, total_words);
        speaker.mean_turn_words = ratio(speaker.words, speaker.turns as u64);
        speaker.themes = theme_matches
            .iter()
            .map(|(id, matches)| {
                let group = matches
                    .groups
                    .iter()
                    .find(|g| g.speaker == Some(speaker.speaker));
                let words = group.map_or(0, |g| g.words as u64);
                ThemeStats {
                    theme: id.clone(),
                    sentences: group.map_or(0, |g| g.hits.len()),
                    words,
                    share_of_words: ratio(words, speaker.words),
                }
            })
            .collect();
    }
    stats.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
    Ok(stats)
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Words per speaker in one section of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionWords {
    /// The section (`None`: before the first heading).
    pub section: Option<SectionIndex>,
    /// Its heading (empty before the first heading).
    pub title: String,
    /// `(library speaker, words)`, in order of first appearance in the section.
    pub speakers: Vec<(LibrarySpeakerIndex, u64)>,
}

/// Words per speaker per section of a transcript, in section order (text before the first
/// heading first, when there is any).
pub fn section_words(
    library: &Library,
    index: &Index,
    transcript: TranscriptIndex,
) -> Vec<SectionWords> {
    let Some(entry) = library.transcripts().get(transcript) else {
        return Vec::new();
    };
    let mut rows: Vec<SectionWords> = std::iter::once(None)
        .chain((0..entry.sections.len()).map(Some))
        .map(|section| SectionWords {
            section,
            title: section
                .and_then(|s| entry.sections.get(s))
                .map_or_else(String::new, |s| s.title.clone()),
            speakers: Vec::new(),
        })
        .collect();
    for turn in 0..entry.turns.len() {
        let Some(speaker) = library.speaker_of_turn(transcript, turn) else {
            continue;
        };
        for sentence in index.sentences(transcript, turn) {
            let row = sentence.section().map_or(0, |s| s + 1);
            let Some(row) = rows.get_mut(row) else {
                continue;
            };
            match row.speakers.iter_mut().find(|(s, _)| *s == speaker) {
                Some((_, words)) => *words += u64::from(sentence.tokens),
                None => row.speakers.push((speaker, u64::from(sentence.tokens))),
            }
        }
    }
    rows.retain(|row| row.section.is_some() || !row.speakers.is_empty());
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::index::tests::transcript;

    #[test]
    fn share_of_voice_and_turns() {
        let library = Library::from_transcripts([transcript(
            "t.txt",
            &[("Ann Lee", Role::Person), ("Bob Ray", Role::Person)],
            &[
                (0, "One two three four five six."),
                (1, "Sanctions are bad."),
                (0, "Seven eight nine ten eleven twelve. Thirteen fourteen."),
            ],
        )]);
        let index = Index::build(&library);
        let stats = speaker_stats(&library, &index, &ThemeSet::builtin(), None).unwrap_or_default();
        assert_eq!(stats.len(), 2);
        assert_eq!(
            (stats[0].name.as_str(), stats[0].words, stats[0].turns),
            ("Ann Lee", 14, 2)
        );
        assert!((stats[0].share_of_voice - 14.0 / 17.0).abs() < 1e-12);
        assert!((stats[0].mean_turn_words - 7.0).abs() < 1e-12);
        assert_eq!(
            (stats[0].longest_turn_words, stats[0].longest_turn),
            (8, Some((0, 2)))
        );
        let sanctions = stats[1].themes.iter().find(|t| t.theme == "sanctions");
        assert_eq!(sanctions.map(|t| (t.sentences, t.words)), Some((1, 3)));
        assert_eq!(sanctions.map(|t| t.share_of_words), Some(1.0));
    }
}
