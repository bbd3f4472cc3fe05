//! The transcript model: transcripts, turns, speakers, sections, and the library that holds them.
//!
//! Everything here is plain data (serde), free of any UI or parsing code. Parsed transcripts are
//! immutable once built; the app shares them as `Arc<Transcript>`.

use crate::swar::{ClassRules, block_classes};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::str::FromStr;

/// Index of a speaker in [`Transcript::speakers`].
pub type SpeakerIndex = usize;

/// Index of a turn in [`Transcript::turns`].
pub type TurnIndex = usize;

/// Index of a section in [`Transcript::sections`].
pub type SectionIndex = usize;

/// The file formats Crosstalk reads, as detected from content (and extension as a hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `[VLADIMIR PUTIN:] text` bracketed speaker tags.
    Bracketed,
    /// `TRUMP: text`, `MS. PSAKI:  text`, `Q    text`.
    UpperLabels,
    /// `Vladimir Putin: text`.
    MixedLabels,
    /// Rev style: `Chris Wallace: (01:20)` on a line of its own, text below.
    Rev,
    /// Markdown with YAML front matter and `**Name:** text`.
    Markdown,
    /// SubRip subtitles.
    Srt,
    /// WebVTT subtitles.
    WebVtt,
    /// WhisperX / pyannote `segments[].{start,end,text,speaker}`.
    WhisperJson,
    /// AssemblyAI `utterances[]`.
    AssemblyAiJson,
    /// Podcasting 2.0 `segments[].{speaker,startTime,endTime,body}`.
    PodcastJson,
    /// Amazon Transcribe output with speaker labels.
    AmazonTranscribeJson,
    /// Google Speech-to-Text with `speakerTag` per word.
    GoogleSttJson,
    /// BBC Kaldi segments.
    BbcKaldiJson,
    /// Some other JSON with an array of objects carrying a speaker-like and a text-like key.
    GenericJson,
    /// Crosstalk's own JSON export.
    CrosstalkJson,
    /// Comma-separated values with a header.
    Csv,
    /// Tab-separated values with a header.
    Tsv,
    /// Word document.
    Docx,
    /// HTML page (text extracted, then the text rules).
    Html,
    /// Prose with no speaker labels.
    Plain,
}

impl Format {
    /// A short, stable, human-readable name (also used in JSON output).
    pub fn name(self) -> &'static str {
        match self {
            Format::Bracketed => "bracketed",
            Format::UpperLabels => "upper_labels",
            Format::MixedLabels => "mixed_labels",
            Format::Rev => "rev",
            Format::Markdown => "markdown",
            Format::Srt => "srt",
            Format::WebVtt => "webvtt",
            Format::WhisperJson => "whisper_json",
            Format::AssemblyAiJson => "assemblyai_json",
            Format::PodcastJson => "podcast_json",
            Format::AmazonTranscribeJson => "amazon_transcribe_json",
            Format::GoogleSttJson => "google_stt_json",
            Format::BbcKaldiJson => "bbc_kaldi_json",
            Format::GenericJson => "generic_json",
            Format::CrosstalkJson => "crosstalk_json",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Plain => "plain",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A calendar date (no time zone), shown and serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
    /// Day 1..=31.
    pub day: u8,
}

impl Date {
    /// A date if the parts form a plausible calendar date.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days_in_month).contains(&day) && (1000..=9999).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses `YYYY-MM-DD` (also accepts a longer ISO timestamp and keeps its date part).
    fn from_str(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let head = s.get(..10).unwrap_or(s);
        let mut parts = head.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("not a YYYY-MM-DD date: {s:?}"));
        };
        let parsed = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>());
        match parsed {
            (Ok(y), Ok(m), Ok(d)) => {
                Date::new(y, m, d).ok_or_else(|| format!("not a calendar date: {s:?}"))
            }
            _ => Err(format!("not a YYYY-MM-DD date: {s:?}")),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What kind of participant a speaker is. Roles other than `Person` are local to their
/// transcript: two files' `REPORTER`s are never merged into one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A named person.
    Person,
    /// A reporter or questioner (`Q`, `REPORTER`, `Question`).
    Reporter,
    /// A moderator (named in a MODERATORS header, or labelled so).
    Moderator,
    /// The audience (`AUDIENCE`, `AUDIENCE MEMBER`).
    Audience,
    /// Unknown or generic (`UNIDENTIFIED MALE`, `Speaker 1`, `spk_0`).
    Unidentified,
}

impl Role {
    /// The lower-case name used in JSON and queries (`person`, `reporter`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Role::Person => "person",
            Role::Reporter => "reporter",
            Role::Moderator => "moderator",
            Role::Audience => "audience",
            Role::Unidentified => "unidentified",
        }
    }

    /// Whether this role names one identifiable person who may be merged across transcripts.
    /// Moderators are named people too (Chris Wallace moderates several debates).
    pub fn is_named_person(self) -> bool {
        matches!(self, Role::Person | Role::Moderator)
    }

    /// All roles, in display order.
    pub const ALL: [Role; 5] = [
        Role::Person,
        Role::Reporter,
        Role::Moderator,
        Role::Audience,
        Role::Unidentified,
    ];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown role {s:?} (expected person, reporter, moderator, audience or unidentified)"
                )
            })
    }
}

/// A speaker within one transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The display name: the fullest proper-cased form ("Vladimir Putin").
    pub name: String,
    /// Every label seen for this speaker in the source, as written (`PUTIN`, `VLADIMIR PUTIN`).
    pub aliases: Vec<String>,
    /// What kind of participant this is.
    pub role: Role,
}

/// A stage direction or other annotation inside a turn: `[applause]`, `(Laughter.)`,
/// `[crosstalk 00:11:26]`. Kept and shown, never counted as the speaker's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageDirection {
    /// Byte offset in [`Turn::text`] where the direction stood (it is not part of the text).
    pub at: usize,
    /// The direction as written, brackets included.
    pub text: String,
}

/// One speaker's uninterrupted contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Who speaks.
    pub speaker: SpeakerIndex,
    /// Which of the speaker's [`Speaker::aliases`] labelled this turn in the source (so that an
    /// alias merged by rule can be split back out by the user).
    pub alias: usize,
    /// The spoken words only: paragraphs separated by `\n`, hard-wrapped lines joined, stage
    /// directions removed (see [`Turn::stage_directions`]).
    pub text: String,
    /// Byte range of the whole turn (label included) in the decoded source text.
    pub source_range: Range<usize>,
    /// Start time in seconds from the start of the transcript; real when
    /// [`Transcript::timed`], otherwise estimated from word counts.
    pub start: f64,
    /// End time in seconds (>= `start`).
    pub end: f64,
    /// The section the turn starts in.
    pub section: Option<SectionIndex>,
    /// Stage directions inside the turn, by position in `text`.
    pub stage_directions: Vec<StageDirection>,
}

/// A section heading ("Economic Cooperation"). A heading may fall inside a turn: the turn goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The heading text.
    pub title: String,
    /// The turn in which the section starts.
    pub turn: TurnIndex,
    /// Byte offset in that turn's text where the section starts (0 for a heading between turns).
    pub offset: usize,
    /// Byte offset of the heading in the decoded source text.
    pub source_offset: usize,
}

/// A parsed transcript. Immutable once built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Where it was loaded from.
    pub source_path: PathBuf,
    /// The detected format.
    pub format: Format,
    /// Title from metadata, or the first line, or the file name.
    pub title: String,
    /// Date from metadata or a dateline, where known.
    pub date: Option<Date>,
    /// Source URL from metadata, where known.
    pub source_url: Option<String>,
    /// Speakers of this transcript; turns refer to them by index.
    pub speakers: Vec<Speaker>,
    /// Turns in order of speech.
    pub turns: Vec<Turn>,
    /// Section headings in order.
    pub sections: Vec<Section>,
    /// Whether turn times come from the source (true) or are estimated from word counts (false).
    pub timed: bool,
    /// Length in bytes of the decoded source text; every `source_range` lies inside it.
    pub source_len: usize,
    /// Things the loader wants the user to know ("no speaker labels found; one unidentified
    /// speaker", "decoded as windows-1251").
    pub notices: Vec<String>,
    /// The words of each turn, counted once when the loader assembled the transcript; empty
    /// (the default) for a transcript built otherwise, whose turns are then counted when asked.
    #[serde(skip)]
    pub turn_word_counts: TurnWordCounts,
}

/// The words of each turn of a transcript ([`count_words`] of its text), counted once by the
/// loader so that estimated times, word totals and the views do not count them again. A cache:
/// it never changes what a count is, so it plays no part in comparing transcripts.
#[derive(Debug, Clone, Default)]
pub struct TurnWordCounts(Vec<u32>);

impl TurnWordCounts {
    /// The counts of these turns, in order.
    pub fn of(turns: &[Turn]) -> TurnWordCounts {
        TurnWordCounts(
            turns
                .iter()
                .map(|turn| u32::try_from(count_words(&turn.text)).unwrap_or(u32::MAX))
                .collect(),
        )
    }

    /// Counts given by the loader, one per turn.
    pub(crate) fn from_counts(counts: Vec<u32>) -> TurnWordCounts {
        TurnWordCounts(counts)
    }

    /// The counts when there is one per turn of `turns`.
    fn for_turns(&self, turns: &[Turn]) -> Option<&[u32]> {
        (self.0.len() == turns.len()).then_some(self.0.as_slice())
    }
}

impl PartialEq for TurnWordCounts {
    fn eq(&self, _: &TurnWordCounts) -> bool {
        true
    }
}

impl Transcript {
    /// The section at a byte offset of a turn's text (sections may start inside a turn).
    pub fn section_at(&self, turn: TurnIndex, offset: usize) -> Option<SectionIndex> {
        let mut current = self.turns.get(turn).and_then(|t| t.section);
        for (index, section) in self.sections.iter().enumerate() {
            if section.turn == turn && section.offset <= offset {
                current = Some(index);
            } else if section.turn > turn {
                break;
            }
        }
        current
    }

    /// Total duration in seconds (end of the last turn).
    pub fn duration(&self) -> f64 {
        self.turns.last().map_or(0.0, |turn| turn.end)
    }

    /// Words spoken in a turn (stage directions excluded), counted as whitespace-separated
    /// tokens that contain a letter or digit.
    pub fn turn_words(&self, turn: TurnIndex) -> usize {
        match self.turn_word_counts.for_turns(&self.turns) {
            Some(counts) => counts.get(turn).map_or(0, |&words| words as usize),
            None => self.turns.get(turn).map_or(0, |t| count_words(&t.text)),
        }
    }

    /// The words of every turn, in order: [`Transcript::turn_word_counts`] when the loader
    /// counted them, otherwise counted now.
    pub fn words_per_turn(&self) -> std::borrow::Cow<'_, [u32]> {
        match self.turn_word_counts.for_turns(&self.turns) {
            Some(counts) => std::borrow::Cow::Borrowed(counts),
            None => std::borrow::Cow::Owned(TurnWordCounts::of(&self.turns).0),
        }
    }

    /// Number of turns and words spoken by each local speaker.
    pub fn speaker_totals(&self) -> Vec<(usize, usize)> {
        let mut totals = vec![(0usize, 0usize); self.speakers.len()];
        for (turn, &words) in self.turns.iter().zip(self.words_per_turn().iter()) {
            if let Some(total) = totals.get_mut(turn.speaker) {
                total.0 += 1;
                total.1 += words as usize;
            }
        }
        totals
    }

    /// Total words spoken in the transcript.
    pub fn word_count(&self) -> usize {
        self.words_per_turn()
            .iter()
            .map(|&words| words as usize)
            .sum()
    }
}

/// Counts whitespace-separated tokens that contain at least one letter or digit.
///
/// The text is read 64 bytes at a time: one bit mask of the white space and one of the letters
/// and digits (a character outside ASCII counts at its first byte), and one addition carries
/// "a word may start here" from each white space to the next letter, digit or white space
/// ([`count_block`]). The last bytes are read as a block padded with NULs.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // Whether the token being read already counted (it met a letter or digit).
    let mut counted = false;
    let (blocks, rest) = bytes.as_chunks::<64>();
    for (i, block) in blocks.iter().enumerate() {
        let (white, alphanumeric) = block_masks(text, i * 64, block);
        count += count_block(white, alphanumeric, &mut counted);
    }
    // The last bytes, padded with NULs (neither white space nor letters) to a block.
    if !rest.is_empty() {
        let at = blocks.len() * 64;
        let mut padded = [0u8; 64];
        if let Some(start) = padded.get_mut(..rest.len()) {
            start.copy_from_slice(rest);
        }
        let (white, alphanumeric) = block_masks(text, at, &padded);
        count += count_block(white, alphanumeric, &mut counted);
    }
    count
}

/// The masks of the 64 bytes of `block`, which starts at byte `at` of `text`: white space, and
/// letters and digits (bit `i` for byte `i`). ASCII bytes are classified 16 at a time
/// ([`block_classes`]); a character outside ASCII is classified at its first byte, even when it
/// ends past the block, and its other bytes are neither.
fn block_masks(text: &str, at: usize, block: &[u8; 64]) -> (u64, u64) {
    let classes = block_classes(block, WORD_CLASS_RULES);
    let (mut white, mut alphanumeric) = (classes.white, classes.alphanumeric);
    let mut outside_ascii = classes.other;
    while outside_ascii != 0 {
        let i = outside_ascii.trailing_zeros() as usize;
        outside_ascii &= outside_ascii - 1;
        // Only a character's first byte (0xc0 and up) is classified.
        if block[i] < 0xc0 {
            continue;
        }
        let class = text
            .get(at + i..)
            .and_then(|rest| rest.chars().next())
            .map_or(CLASS_OTHER, char_class);
        white |= u64::from(class == CLASS_WHITESPACE) << i;
        alphanumeric |= u64::from(class == CLASS_ALPHANUMERIC) << i;
    }
    (white, alphanumeric)
}

/// The word count's byte classes: ASCII white space as `char::is_whitespace` has it (with the
/// vertical tab), ASCII letters and digits, and bytes outside ASCII.
const WORD_CLASS_RULES: ClassRules = ClassRules {
    vertical_tab_is_white: true,
    underscore_is_other: false,
};

/// Counts the words that start in a block of 64 bytes given by its masks.
///
/// A letter or digit starts a word when the nearest letter, digit or white space before it is
/// white space (or, for the first, when the token before the block has not counted). Each white
/// space (shifted by one) is added to the mask of the other bytes: the carry runs through them
/// and lands on the next letter, digit or white space, so the landings on letters and digits are
/// the words' starts. A carry out of the block, or white space as its last byte, means that
/// the next block starts outside any counted token.
fn count_block(white: u64, alphanumeric: u64, counted: &mut bool) -> usize {
    let starts = (white << 1) | u64::from(!*counted);
    let others = !(white | alphanumeric);
    let (landed, carried_out) = starts.overflowing_add(others);
    *counted = !(carried_out || white >> 63 == 1);
    (landed & alphanumeric).count_ones() as usize
}

/// The class of a character outside ASCII for [`count_words`]. The General Punctuation block
/// (curly quotes, dashes, the ellipsis: common in transcripts) holds no letter or digit, and its
/// white space is known, so its characters spare the Unicode tables' slower searches.
fn char_class(c: char) -> u8 {
    match c {
        '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' => {
            CLASS_WHITESPACE
        }
        '\u{200b}'..='\u{206f}' => CLASS_OTHER,
        c if c.is_whitespace() => CLASS_WHITESPACE,
        c if c.is_alphanumeric() => CLASS_ALPHANUMERIC,
        _ => CLASS_OTHER,
    }
}

const CLASS_OTHER: u8 = 0;
const CLASS_ALPHANUMERIC: u8 = 1;
const CLASS_WHITESPACE: u8 = 2;
#[cfg(test)]
mod tests {
    use super::{CLASS_ALPHANUMERIC, CLASS_OTHER, CLASS_WHITESPACE, char_class, count_words};

    /// Every character of the General Punctuation block (and around it) has the class the
    /// Unicode properties give it.
    #[test]
    fn general_punctuation_is_classed_as_unicode_has_it() {
        for c in ('\u{1f00}'..='\u{2100}').chain(['\u{a0}', '\u{2019}', '\u{430}']) {
            let expected = if c.is_whitespace() {
                CLASS_WHITESPACE
            } else if c.is_alphanumeric() {
                CLASS_ALPHANUMERIC
            } else {
                CLASS_OTHER
            };
            assert_eq!(char_class(c), expected, "{c:?}");
        }
    }

    /// Every ASCII byte, at every place in a block, is classified as `char` has it.
    #[test]
    fn block_masks_agree_with_char_classes() {
        for filler in [b'-', b'a', b' '] {
            for byte in 0u8..0x80 {
                for place in 0..64 {
                    let mut block = [filler; 64];
                    block[place] = byte;
                    let text = std::str::from_utf8(&block).unwrap_or_default();
                    let (white, alphanumeric) = super::block_masks(text, 0, &block);
                    let c = char::from(byte);
                    assert_eq!(
                        white >> place & 1,
                        u64::from(c.is_whitespace()),
                        "{byte:#x}"
                    );
                    assert_eq!(
                        alphanumeric >> place & 1,
                        u64::from(c.is_alphanumeric()),
                        "{byte:#x}"
                    );
                }
            }
        }
        // A character outside ASCII counts at its first byte only.
        let text = "é\u{3000}ж—abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123";
        let first = text.as_bytes().as_chunks::<64>().0.first();
        let (white, alphanumeric) = first.map_or((0, 0), |b| super::block_masks(text, 0, b));
        assert_eq!(white & 0xffff, 0b100, "the ideographic space at byte 2");
        assert_eq!(alphanumeric & 0x3ff, 0b10_0001, "é at 0, ж at 5");
    }

    /// The words as the standard library splits them, those holding a letter or digit.
    fn reference_count(text: &str) -> usize {
        text.split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count()
    }

    proptest::proptest! {
        /// The byte scan counts exactly the white-space-separated tokens holding a letter or digit.
        #[test]
        fn count_words_matches_split_whitespace(
            text in "[a-z0-9 .,'\n\t\u{b}\u{c}\r\u{a0}\u{2009}\u{3000}\u{85}\u{1c}é—Ж\u{301}]{0,40}"
        ) {
            proptest::prop_assert_eq!(count_words(&text), reference_count(&text));
        }

        /// Long texts cross the 64-byte blocks with words, runs of white space and characters
        /// outside ASCII (white space, letters, others) at every offset.
        #[test]
        fn count_words_matches_split_whitespace_across_blocks(
            text in "([a-zA-Z0-9@\\[`{/:\u{1c}\u{e9}\u{416}]{0,9}[ .,'\n\t\u{b}\r\u{a0}\u{3000}\u{2014}\u{301}\u{85}\u{2019}-]{0,3}){0,60}"
        ) {
            proptest::prop_assert_eq!(count_words(&text), reference_count(&text));
        }
    }
}
