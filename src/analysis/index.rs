//! The inverted index over a [`Library`]: interned terms, per-transcript postings of token
//! positions, sentences, and per-speaker term counts. Built once (in parallel over
//! transcripts) and kept in step with the library by [`Index::sync`], which indexes only added
//! transcripts and drops removed ones.

use crate::analysis::sentences::sentence_ranges;
use crate::analysis::tokenize::{Stemmers, for_each_token, is_stop_word};
use crate::library::{Library, TranscriptIndex};
use crate::model::{SectionIndex, SpeakerIndex, Transcript, TurnIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// Interned term id (index into the vocabulary).
pub type TermId = u32;

/// Marker for "no section" in [`SentenceSpan::section`].
const NO_SECTION: u32 = u32::MAX;

/// The terms seen in the library, interned once; stems and stop-word flags alongside.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: FxHashMap<Box<str>, TermId>,
    terms: Vec<Box<str>>,
    stems: Vec<u32>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stop: Vec<bool>,
    counts: Vec<u64>,
    stemmers: Stemmers,
}

impl Vocabulary {
    /// The id of a normalized term, if the library holds it.
    pub fn id(&self, term: &str) -> Option<TermId> {
        self.ids.get(term).copied()
    }

    /// The text of a term id.
    pub fn term(&self, id: TermId) -> &str {
        self.terms.get(id as usize).map_or("", |t| t)
    }

    /// Number of distinct terms ever interned (some may no longer occur; see [`Self::count`]).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no term was interned.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Occurrences of a term in the whole library.
    pub fn count(&self, id: TermId) -> u64 {
        self.counts.get(id as usize).copied().unwrap_or(0)
    }

    /// Number of terms occurring at least once in the library.
    pub fn distinct_terms(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// Whether a term is a stop word.
    pub fn is_stop(&self, id: TermId) -> bool {
        self.stop.get(id as usize).copied().unwrap_or(false)
    }

    /// Ids of the terms starting with `prefix` (normalized).
    pub fn with_prefix(&self, prefix: &str) -> Vec<TermId> {
        (0..self.terms.len() as TermId)
            .filter(|&id| self.terms[id as usize].starts_with(prefix) && self.count(id) > 0)
            .collect()
    }

    /// Ids of the terms sharing the Snowball stem of `term` (normalized).
    pub fn with_stem(&self, term: &str) -> Vec<TermId> {
        let stem = self.stemmers.stem(term);
        let Some(&stem_id) = self.stem_ids.get(stem.as_ref()) else {
            return Vec::new();
        };
        (0..self.stems.len() as TermId)
            .filter(|&id| self.stems[id as usize] == stem_id && self.count(id) > 0)
            .collect()
    }

    fn intern(&mut self, term: &str) -> TermId {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as TermId;
        let stem = self.stemmers.stem(term);
        let next_stem = self.stem_ids.len() as u32;
        let stem_id = *self
            .stem_ids
            .entry(stem.as_ref().into())
            .or_insert(next_stem);
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        self.stems.push(stem_id);
        self.stop.push(is_stop_word(term));
        self.counts.push(0);
        id
    }
}

/// A sentence of a turn, as the index knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// The turn.
    pub turn: u32,
    /// Byte range start in the turn's text.
    pub start: u32,
    /// Byte range end in the turn's text.
    pub end: u32,
    /// Position of the sentence's first token in the transcript's token stream (sentences are
    /// separated by a gap of one position, so phrases never cross a sentence).
    pub first_token: u32,
    /// Number of tokens (words) in the sentence.
    pub tokens: u32,
    section: u32,
}

impl SentenceSpan {
    /// Byte range in the turn's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The section the sentence stands in.
    pub fn section(&self) -> Option<SectionIndex> {
        (self.section != NO_SECTION).then_some(self.section as usize)
    }
}

/// Term counts of one (local speaker, alias) of a transcript, sorted by term id.
#[derive(Debug, Clone, Default)]
pub(crate) struct AliasCounts {
    pub(crate) speaker: SpeakerIndex,
    pub(crate) alias: usize,
    pub(crate) counts: Vec<(TermId, u32)>,
    pub(crate) tokens: u64,
}

/// The index of one transcript.
#[derive(Debug)]
pub(crate) struct Segment {
    pub(crate) transcript: Arc<Transcript>,
    pub(crate) sentences: Vec<SentenceSpan>,
    /// Turn `t`'s sentences are `turn_sentences[t]..turn_sentences[t + 1]`.
    pub(crate) turn_sentences: Vec<u32>,
    /// Term ids present, sorted; `offsets[i]..offsets[i + 1]` indexes `positions`.
    terms: Vec<TermId>,
    offsets: Vec<u32>,
    positions: Vec<u32>,
    pub(crate) alias_counts: Vec<AliasCounts>,
}

impl Segment {
    /// Sorted token positions of a term in this transcript.
    pub(crate) fn postings(&self, term: TermId) -> &[u32] {
        match self.terms.binary_search(&term) {
            Ok(i) => {
                let start = self.offsets[i] as usize;
                let end = self.offsets[i + 1] as usize;
                &self.positions[start..end]
            }
            Err(_) => &[],
        }
    }

    /// The sentence holding a token position.
    pub(crate) fn sentence_of(&self, position: u32) -> usize {
        self.sentences
            .partition_point(|s| s.first_token <= position)
            .saturating_sub(1)
    }

    /// The sentences of a turn (indices into `sentences`).
    pub(crate) fn turn_sentence_range(&self, turn: TurnIndex) -> Range<usize> {
        let start = self.turn_sentences.get(turn).copied().unwrap_or(0) as usize;
        let end = self.turn_sentences.get(turn + 1).copied().unwrap_or(0) as usize;
        start..end.max(start)
    }

    fn token_count(&self) -> u64 {
        self.alias_counts.iter().map(|a| a.tokens).sum()
    }
}

/// A transcript tokenized with a vocabulary of its own (built in parallel, then merged).
struct LocalSegment {
    transcript: Arc<Transcript>,
    sentences: Vec<SentenceSpan>,
    turn_sentences: Vec<u32>,
    local_terms: Vec<Box<str>>,
    /// Local term id per position; `u32::MAX` at the gaps between sentences.
    stream: Vec<u32>,
}

fn tokenize_transcript(transcript: Arc<Transcript>) -> LocalSegment {
    let mut local_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut local_terms: Vec<Box<str>> = Vec::new();
    let mut stream: Vec<u32> = Vec::new();
    let mut sentences = Vec::new();
    let mut turn_sentences = Vec::with_capacity(transcript.turns.len() + 1);
    let mut buffer = String::new();
    let mut section_cursor: Option<SectionIndex> = None;
    for (turn_index, turn) in transcript.turns.iter().enumerate() {
        turn_sentences.push(sentences.len() as u32);
        if turn.section.is_some() {
            section_cursor = turn.section;
        }
        for range in sentence_ranges(&turn.text) {
            let section = transcript
                .section_at(turn_index, range.start)
                .or(section_cursor);
            let first_token = stream.len() as u32;
            for_each_token(&turn.text[range.clone()], &mut buffer, |_, term| {
                let id = match local_ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = local_terms.len() as u32;
                        local_terms.push(term.into());
                        local_ids.insert(term.into(), id);
                        id
                    }
                };
                stream.push(id);
            });
            let tokens = stream.len() as u32 - first_token;
            stream.push(u32::MAX);
            sentences.push(SentenceSpan {
                turn: turn_index as u32,
                start: range.start as u32,
                end: range.end as u32,
                first_token,
                tokens,
                section: section.map_or(NO_SECTION, |s| s as u32),
            });
        }
    }
    turn_sentences.push(sentences.len() as u32);
    LocalSegment {
        transcript,
        sentences,
        turn_sentences,
        local_terms,
        stream,
    }
}

fn finish_segment(local: LocalSegment, to_global: &[TermId]) -> Segment {
    let local_count = local.local_terms.len();
    // Postings by counting sort over local ids; positions come out ascending.
    let mut counts = vec![0u32; local_count + 1];
    for &id in &local.stream {
        if id != u32::MAX {
            counts[id as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..local_count as u32).collect();
    order.sort_unstable_by_key(|&l| to_global[l as usize]);
    let mut start_of_local = vec![0u32; local_count];
    let mut offsets = Vec::with_capacity(local_count + 1);
    let mut terms = Vec::with_capacity(local_count);
    let mut running = 0u32;
    for &l in &order {
        terms.push(to_global[l as usize]);
        offsets.push(running);
        start_of_local[l as usize] = running;
        running += counts[l as usize];
    }
    offsets.push(running);
    let mut positions = vec![0u32; running as usize];
    let mut fill = start_of_local;
    for (position, &id) in local.stream.iter().enumerate() {
        if id != u32::MAX {
            positions[fill[id as usize] as usize] = position as u32;
            fill[id as usize] += 1;
        }
    }
    // Term counts per (speaker, alias).
    let transcript = &local.transcript;
    let mut keys: Vec<(SpeakerIndex, usize)> = transcript
        .turns
        .iter()
        .map(|t| (t.speaker, t.alias))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut dense = vec![vec![0u32; local_count]; keys.len()];
    let mut tokens = vec![0u64; keys.len()];
    for sentence in &local.sentences {
        let Some(turn) = transcript.turns.get(sentence.turn as usize) else {
            continue;
        };
        let Ok(k) = keys.binary_search(&(turn.speaker, turn.alias)) else {
            continue;
        };
        let first = sentence.first_token as usize;
        for &id in &local.stream[first..first + sentence.tokens as usize] {
            dense[k][id as usize] += 1;
        }
        tokens[k] += u64::from(sentence.tokens);
    }
    let alias_counts = keys
        .iter()
        .zip(dense)
        .zip(tokens)
        .map(|((&(speaker, alias), row), tokens)| {
            let mut counts: Vec<(TermId, u32)> = row
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(l, &c)| (to_global[l], c))
                .collect();
            counts.sort_unstable();
            AliasCounts {
                speaker,
                alias,
                counts,
                tokens,
            }
        })
        .collect();
    Segment {
        transcript: local.transcript,
        sentences: local.sentences,
        turn_sentences: local.turn_sentences,
        terms,
        offsets,
        positions,
        alias_counts,
    }
}

/// The inverted index of a library. Build it with [`Index::build`] and keep it current with
/// [`Index::sync`] after the library changes (cheap when nothing changed: it compares the
/// library revision, then the transcripts by identity).
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) vocabulary: Vocabulary,
    pub(crate) segments: Vec<Segment>,
    revision: Option<u64>,
}

impl Index {
    /// Indexes every transcript of the library (in parallel).
    pub fn build(library: &Library) -> Index {
        let mut index = Index::default();
        index.sync(library);
        index
    }

    /// Brings the index in line with the library: indexes added transcripts, drops removed
    /// ones, follows reordering. Returns whether anything changed. Speaker merges and renames
    /// need no re-indexing (speakers are resolved through the library at query time).
    pub fn sync(&mut self, library: &Library) -> bool {
        if self.revision == Some(library.revision()) {
            return false;
        }
        self.revision = Some(library.revision());
        let mut existing: FxHashMap<usize, Segment> = std::mem::take(&mut self.segments)
            .into_iter()
            .map(|s| (Arc::as_ptr(&s.transcript) as usize, s))
            .collect();
        let mut slots: Vec<Option<Segment>> = Vec::with_capacity(library.transcripts().len());
        let mut missing = Vec::new();
        for (i, transcript) in library.transcripts().iter().enumerate() {
            match existing.remove(&(Arc::as_ptr(transcript) as usize)) {
                Some(segment) => slots.push(Some(segment)),
                None => {
                    slots.push(None);
                    missing.push((i, Arc::clone(transcript)));
                }
            }
        }
        let changed = !missing.is_empty() || !existing.is_empty();
        for removed in existing.into_values() {
            for alias in &removed.alias_counts {
                for &(term, count) in &alias.counts {
                    if let Some(total) = self.vocabulary.counts.get_mut(term as usize) {
                        *total = total.saturating_sub(u64::from(count));
                    }
                }
            }
        }
        let locals: Vec<(usize, LocalSegment)> = missing
            .into_par_iter()
            .map(|(i, t)| (i, tokenize_transcript(t)))
            .collect();
        let mappings: Vec<Vec<TermId>> = locals
            .iter()
            .map(|(_, local)| {
                local
                    .local_terms
                    .iter()
                    .map(|term| self.vocabulary.intern(term))
                    .collect()
            })
            .collect();
        let built: Vec<(usize, Segment)> = locals
            .into_par_iter()
            .zip(mappings.into_par_iter())
            .map(|((i, local), mapping)| (i, finish_segment(local, &mapping)))
            .collect();
        for (i, segment) in built {
            for alias in &segment.alias_counts {
                for &(term, count) in &alias.counts {
                    if let Some(total) = self.vocabulary.counts.get_mut(term as usize) {
                        *total += u64::from(count);
                    }
                }
            }
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(segment);
            }
        }
        self.segments = slots.into_iter().flatten().collect();
        changed
    }

    /// The library revision the index was last synced with.
    pub fn revision(&self) -> Option<u64> {
        self.revision
    }

    /// The vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Number of transcripts indexed.
    pub fn transcript_count(&self) -> usize {
        self.segments.len()
    }

    /// Number of turns indexed.
    pub fn turn_count(&self) -> usize {
        self.segments.iter().map(|s| s.transcript.turns.len()).sum()
    }

    /// Number of sentences indexed.
    pub fn sentence_count(&self) -> usize {
        self.segments.iter().map(|s| s.sentences.len()).sum()
    }

    /// Number of word tokens indexed.
    pub fn token_count(&self) -> u64 {
        self.segments.iter().map(Segment::token_count).sum()
    }

    /// The sentences of a turn (byte ranges in its text, with token counts and sections).
    pub fn sentences(&self, transcript: TranscriptIndex, turn: TurnIndex) -> &[SentenceSpan] {
        match self.segments.get(transcript) {
            Some(segment) => &segment.sentences[segment.turn_sentence_range(turn)],
            None => &[],
        }
    }

    /// Occurrences of a term in one transcript.
    pub fn term_frequency(&self, transcript: TranscriptIndex, term: &str) -> usize {
        match (self.segments.get(transcript), self.vocabulary.id(term)) {
            (Some(segment), Some(id)) => segment.postings(id).len(),
            _ => 0,
        }
    }

    /// Widens a sentence (a byte range in a turn's text) to an excerpt: the sentence itself,
    /// `n` sentences either side within the turn, or the whole turn.
    pub fn excerpt(
        &self,
        transcript: TranscriptIndex,
        turn: TurnIndex,
        sentence: Range<usize>,
        widen: Widen,
    ) -> Range<usize> {
        let sentences = self.sentences(transcript, turn);
        let whole_turn = || {
            self.segments
                .get(transcript)
                .and_then(|s| s.transcript.turns.get(turn))
                .map_or(sentence.clone(), |t| 0..t.text.len())
        };
        match widen {
            Widen::Sentence => sentence,
            Widen::Turn => whole_turn(),
            Widen::Context(n) => {
                let Some(at) = sentences.iter().position(|s| {
                    s.range().contains(&sentence.start) || s.start as usize >= sentence.start
                }) else {
                    return sentence;
                };
                let first = at.saturating_sub(n);
                let last = (at + n).min(sentences.len().saturating_sub(1));
                match (sentences.get(first), sentences.get(last)) {
                    (Some(a), Some(b)) => a.start as usize..(b.end as usize).max(sentence.end),
                    _ => sentence,
                }
            }
        }
    }
}

/// How far an excerpt reaches around a matching sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Widen {
    /// The sentence alone.
    #[default]
    Sentence,
    /// The sentence and up to this many sentences before and after it, within the turn.
    Context(usize),
    /// The whole turn.
    Turn,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Format, Role, Section, Speaker, Turn};
    use std::path::PathBuf;

    /// A transcript of `(speaker index, text)` turns with the given speakers (name, role).
    pub(crate) fn transcript(
        path: &str,
        speakers: &[(&str, Role)],
        turns: &[(usize, &str)],
    ) -> Transcript {
        Transcript {
            source_path: PathBuf::from(path),
            format: Format::Bracketed,
            title: path.to_owned(),
            date: None,
            source_url: None,
            speakers: speakers
                .iter()
                .map(|(name, role)| Speaker {
                    name: (*name).to_owned(),
                    aliases: vec![name.to_uppercase()],
                    role: *role,
                })
                .collect(),
            turns: turns
                .iter()
                .enumerate()
                .map(|(i, (speaker, text))| Turn {
                    speaker: *speaker,
                    alias: 0,
                    text: (*text).to_owned(),
                    source_range: 0..0,
                    start: i as f64 * 10.0,
                    end: i as f64 * 10.0 + 10.0,
                    section: None,
                    stage_directions: Vec::new(),
                })
                .collect(),
            sections: Vec::<Section>::new(),
            timed: false,
            source_len: 0,
            notices: Vec::new(),
        }
    }

    #[test]
    fn postings_and_counts() {
        let library = Library::from_transcripts([transcript(
            "a.txt",
            &[
                ("Vladimir Putin", Role::Person),
                ("Reporter", Role::Reporter),
            ],
            &[
                (1, "What about sanctions? Sanctions hurt."),
                (0, "Sanctions do not work. They never did."),
            ],
        )]);
        let index = Index::build(&library);
        assert_eq!(index.term_frequency(0, "sanctions"), 3);
        assert_eq!(index.sentences(0, 1).len(), 2);
        assert_eq!(index.token_count(), 12);
        assert_eq!(
            index
                .vocabulary()
                .count(index.vocabulary().id("sanctions").unwrap_or(0)),
            3
        );
        assert_eq!(
            index.excerpt(0, 1, 0..23, Widen::Context(1)),
            0.."Sanctions do not work. They never did.".len()
        );
    }

    #[test]
    fn sync_adds_and_removes_incrementally() {
        let mut library = Library::from_transcripts([transcript(
            "a.txt",
            &[("A", Role::Person)],
            &[(0, "alpha beta")],
        )]);
        let mut index = Index::build(&library);
        assert!(!index.sync(&library));
        library.add(Arc::new(transcript(
            "b.txt",
            &[("B", Role::Person)],
            &[(0, "beta gamma")],
        )));
        assert!(index.sync(&library));
        let beta = index.vocabulary().id("beta").unwrap_or(u32::MAX);
        assert_eq!(index.vocabulary().count(beta), 2);
        library.remove(0);
        assert!(index.sync(&library));
        assert_eq!(index.transcript_count(), 1);
        assert_eq!(index.vocabulary().count(beta), 1);
        assert_eq!(index.term_frequency(0, "gamma"), 1);
        assert_eq!(index.vocabulary().distinct_terms(), 2);
    }
}
