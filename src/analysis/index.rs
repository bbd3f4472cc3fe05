//! The inverted index over a [`Library`]: interned terms, per-transcript postings of token
//! positions, sentences, and per-speaker term counts. Built once (in parallel over
//! transcripts) and kept in step with the library by [`Index::sync`], which indexes only added
//! transcripts and drops removed ones.

use crate::analysis::sentences::for_each_sentence_range;
use crate::analysis::tokenize::{
    KeyedTerm, ShortKeyText, Stemmers, TermScratch, for_each_keyed_term_in, is_stop_word,
    short_key_text,
};
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

/// Token positions per entry of [`Segment::sentence_blocks`].
const SENTENCE_BLOCK: u32 = 64;

/// [`Segment::sentence_blocks`] of sentences over `positions` token positions.
fn sentence_blocks(sentences: &[SentenceSpan], positions: usize) -> Vec<u32> {
    let blocks = positions.div_ceil(SENTENCE_BLOCK as usize);
    let mut starts = Vec::with_capacity(blocks);
    let mut at = 0usize;
    for block in 0..blocks {
        at = last_sentence_from(sentences, at, block as u32 * SENTENCE_BLOCK);
        starts.push(at as u32);
    }
    starts
}

/// The last sentence starting at or before `position`, walking forward from sentence `from`
/// (which must not be past it).
fn last_sentence_from(sentences: &[SentenceSpan], from: usize, position: u32) -> usize {
    let mut at = from;
    while sentences
        .get(at + 1)
        .is_some_and(|next| next.first_token <= position)
    {
        at += 1;
    }
    at
}

/// Text bytes that [`Index::sync`] tokenizes ahead of the transcript whose terms it numbers
/// (bounds the token streams held at once).
const AHEAD_BYTES: usize = 2 << 20;

/// Runs a queued task of the thread pool on this thread, or when there is none, lets the other
/// threads run a moment (the task awaited is running on one of them).
fn wait_for_tasks() {
    if rayon::yield_now() != Some(rayon::Yield::Executed) {
        std::thread::yield_now();
    }
}

/// The terms seen in the library, interned once; stems and stop-word flags alongside.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The ids of the short terms (nearly all), by their [`short_key`]: found without hashing
    /// or comparing strings.
    short_ids: hashbrown::HashTable<(u128, TermId)>,
    /// The ids of the terms longer than a [`short_key`] holds, by their text.
    long_ids: FxHashMap<Box<str>, TermId>,
    terms: Vec<Box<str>>,
    stems: Vec<u32>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stop: Vec<bool>,
    counts: Vec<u64>,
    stemmers: Stemmers,
    /// The term ids in the byte order of their text, for prefix searches (sorted again by
    /// [`Vocabulary::sort_lookups`] at the end of every [`Index::sync`] that added terms, the
    /// only place terms are added).
    by_text: Vec<TermId>,
    /// The term ids in the order of their stem id, then their own, for stem searches.
    by_stem: Vec<TermId>,
}

impl Vocabulary {
    /// The id of a normalized term, if the library holds it.
    pub fn id(&self, term: &str) -> Option<TermId> {
        match short_key(term) {
            Some(key) => self.short_id(key),
            None => self.long_ids.get(term).copied(),
        }
    }

    /// The id of a term as
    /// [`for_each_keyed_term`](crate::analysis::tokenize::for_each_keyed_term)
    /// gives it, if the library holds it.
    fn keyed_id(&self, term: KeyedTerm<'_>) -> Option<TermId> {
        match term {
            KeyedTerm::Short(key) => self.short_id(key),
            KeyedTerm::Text(term) => self.id(term),
        }
    }

    /// The id of the short term of `key`, if the library holds it.
    fn short_id(&self, key: u128) -> Option<TermId> {
        self.short_ids
            .find(short_hash(key), |&(known, _)| known == key)
            .map(|&(_, id)| id)
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

    /// Ids of the terms starting with `prefix` (normalized), ascending.
    pub fn with_prefix(&self, prefix: &str) -> Vec<TermId> {
        let text = |id: &TermId| self.term(*id);
        // The terms starting with the prefix stand together in text order, from the first term
        // not below it.
        let from = self.by_text.partition_point(|id| text(id) < prefix);
        let mut ids: Vec<TermId> = self.by_text[from..]
            .iter()
            .take_while(|id| text(id).starts_with(prefix))
            .copied()
            .filter(|&id| self.count(id) > 0)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Ids of the terms sharing the Snowball stem of `term` (normalized), ascending.
    pub fn with_stem(&self, term: &str) -> Vec<TermId> {
        let stem = self.stemmers.stem(term);
        let Some(&stem_id) = self.stem_ids.get(stem.as_ref()) else {
            return Vec::new();
        };
        let stem_of = |id: &TermId| self.stems.get(*id as usize).copied().unwrap_or(u32::MAX);
        let from = self.by_stem.partition_point(|id| stem_of(id) < stem_id);
        self.by_stem[from..]
            .iter()
            .take_while(|id| stem_of(id) == stem_id)
            .copied()
            .filter(|&id| self.count(id) > 0)
            .collect()
    }

    /// Sorts the term ids for [`Vocabulary::with_prefix`] and [`Vocabulary::with_stem`] after
    /// terms were added.
    fn sort_lookups(&mut self) {
        if self.by_text.len() == self.terms.len() && self.by_stem.len() == self.terms.len() {
            return;
        }
        let ids = 0..self.terms.len() as TermId;
        let terms = &self.terms;
        let stems = &self.stems;
        self.by_text = ids.clone().collect();
        self.by_text
            .par_sort_unstable_by(|a, b| terms[*a as usize].cmp(&terms[*b as usize]));
        self.by_stem = ids.collect();
        self.by_stem
            .sort_unstable_by_key(|&id| (stems[id as usize], id));
    }

    /// The id of `term`, numbering it if it is new. A new term's stem is left for
    /// [`Vocabulary::stem_new_terms`], which stems many terms at once on every core.
    fn intern(&mut self, term: &str) -> TermId {
        if let Some(id) = self.id(term) {
            return id;
        }
        let id = self.terms.len() as TermId;
        match short_key(term) {
            Some(key) => {
                self.short_ids
                    .insert_unique(short_hash(key), (key, id), |&(key, _)| short_hash(key));
            }
            None => {
                self.long_ids.insert(term.into(), id);
            }
        }
        self.terms.push(term.into());
        self.stop.push(is_stop_word(term));
        self.counts.push(0);
        id
    }

    /// Gives the terms interned since the last call their stems: the stems are found in
    /// parallel, then numbered in term order (so the stem ids are those of a single pass).
    fn stem_new_terms(&mut self) {
        let Some(new_terms) = self.terms.get(self.stems.len()..) else {
            return;
        };
        let stemmers = &self.stemmers;
        let stems: Vec<String> = new_terms
            .par_iter()
            .map(|term| stemmers.stem(term).into_owned())
            .collect();
        for stem in stems {
            let next_stem = self.stem_ids.len() as u32;
            let stem_id = *self.stem_ids.entry(stem.into()).or_insert(next_stem);
            self.stems.push(stem_id);
        }
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
    /// The sentence holding token position `b * SENTENCE_BLOCK`, for every block `b` of the
    /// token stream: a position's sentence is found from there in a few adjacent steps,
    /// instead of by a search over the whole list of sentences.
    sentence_blocks: Vec<u32>,
    /// Term ids present, sorted; `offsets[i]..offsets[i + 1]` indexes `positions`.
    terms: Vec<TermId>,
    offsets: Vec<u32>,
    positions: Positions,
    pub(crate) alias_counts: Vec<AliasCounts>,
}

impl Segment {
    /// Sorted token positions of a term in this transcript.
    pub(crate) fn postings(&self, term: TermId) -> Postings<'_> {
        match self.terms.binary_search(&term) {
            Ok(i) => self.postings_at(i),
            Err(_) => Postings::Wide(&[]),
        }
    }

    /// Calls `each` with the postings of every term of `ids` present in this transcript, in the
    /// order of `ids`. Ascending ids (as query plans hold them) are found in one forward walk
    /// over the transcript's terms, in galloping steps, rather than a binary search each.
    pub(crate) fn each_postings<'a>(&'a self, ids: &[TermId], mut each: impl FnMut(Postings<'a>)) {
        let mut from = 0usize;
        let mut previous: Option<TermId> = None;
        for &id in ids {
            if previous.is_some_and(|p| id < p) {
                from = 0;
            }
            previous = Some(id);
            let rest = self.terms.get(from..).unwrap_or(&[]);
            let mut step = 1usize;
            while step < rest.len() && rest[step - 1] < id {
                step *= 2;
            }
            let window = &rest[..step.min(rest.len())];
            let at = from + window.partition_point(|&t| t < id);
            from = at;
            if self.terms.get(at) == Some(&id) {
                each(self.postings_at(at));
                from = at + 1;
            }
        }
    }

    /// The postings of the `i`-th term of this transcript (in the order of its term list).
    pub(crate) fn postings_at(&self, i: usize) -> Postings<'_> {
        let start = self.offsets.get(i).copied().unwrap_or(0) as usize;
        let end = self.offsets.get(i + 1).copied().unwrap_or(0) as usize;
        match &self.positions {
            Positions::Narrow(all) => Postings::Narrow(all.get(start..end).unwrap_or(&[])),
            Positions::Wide(all) => Postings::Wide(all.get(start..end).unwrap_or(&[])),
        }
    }

    /// The sentence holding a token position.
    pub(crate) fn sentence_of(&self, position: u32) -> usize {
        self.sentence_from(0, position)
    }

    /// The sentence holding a token position, given a sentence `from` at or before it (the
    /// sentence of an earlier position): the last sentence starting at or before the
    /// position (0 when there is none).
    pub(crate) fn sentence_from(&self, from: usize, position: u32) -> usize {
        let block = self
            .sentence_blocks
            .get((position / SENTENCE_BLOCK) as usize)
            .map_or(0, |&s| s as usize);
        last_sentence_from(&self.sentences, from.max(block), position)
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

/// The token positions of a segment's postings, term after term: 16 bits each when every
/// position of the transcript fits (a transcript of fewer than 65,536 tokens, most of them),
/// which halves the largest part of the index.
#[derive(Debug)]
enum Positions {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

/// The sorted token positions of one term in one transcript, read in place.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Postings<'a> {
    /// Positions of a transcript whose positions all fit in 16 bits.
    Narrow(&'a [u16]),
    /// Positions of a larger transcript.
    Wide(&'a [u32]),
}

impl<'a> Postings<'a> {
    /// Number of occurrences.
    pub(crate) fn len(&self) -> usize {
        match self {
            Postings::Narrow(list) => list.len(),
            Postings::Wide(list) => list.len(),
        }
    }

    /// Whether the term does not occur.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The positions, ascending.
    pub(crate) fn iter(&self) -> PostingsIter<'a> {
        match *self {
            Postings::Narrow(list) => PostingsIter::Narrow(list.iter()),
            Postings::Wide(list) => PostingsIter::Wide(list.iter()),
        }
    }

    /// Appends each position as a mark `(position, 1)` (a one-word run).
    pub(crate) fn append_marks(&self, marks: &mut Vec<(u32, u32)>) {
        // Slices map with their length known: one reservation, no check per mark.
        match self {
            Postings::Narrow(list) => marks.extend(list.iter().map(|&p| (u32::from(p), 1))),
            Postings::Wide(list) => marks.extend(list.iter().map(|&p| (p, 1))),
        }
    }

    /// Whether the term occurs at `position` (binary search).
    pub(crate) fn contains(&self, position: u32) -> bool {
        match self {
            Postings::Narrow(list) => {
                u16::try_from(position).is_ok_and(|p| list.binary_search(&p).is_ok())
            }
            Postings::Wide(list) => list.binary_search(&position).is_ok(),
        }
    }
}

/// Iterator over [`Postings`].
#[derive(Debug, Clone)]
pub(crate) enum PostingsIter<'a> {
    Narrow(std::slice::Iter<'a, u16>),
    Wide(std::slice::Iter<'a, u32>),
}

impl Iterator for PostingsIter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            PostingsIter::Narrow(iter) => iter.next().map(|&p| u32::from(p)),
            PostingsIter::Wide(iter) => iter.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            PostingsIter::Narrow(iter) => iter.size_hint(),
            PostingsIter::Wide(iter) => iter.size_hint(),
        }
    }
}

impl ExactSizeIterator for PostingsIter<'_> {}

/// A transcript tokenized with a vocabulary of its own (built in parallel, then merged).
struct LocalSegment {
    transcript: Arc<Transcript>,
    sentences: Vec<SentenceSpan>,
    turn_sentences: Vec<u32>,
    local_terms: LocalTerms,
    /// Local term id per position; `u32::MAX` at the gaps between sentences.
    stream: Vec<u32>,
}

/// A transcript's own vocabulary: terms numbered in order of first occurrence, each known by
/// its [`short_key`] (up to 15 bytes: nearly all words), whose bytes are the term's text, so
/// that a short term is found without hashing or comparing strings and numbered without
/// copying its text; the longer terms' text is kept in one buffer (no allocation per term) and
/// found by hash without building a key.
#[derive(Default)]
struct LocalTerms {
    /// Each term's [`short_key`], or for a longer term its place in `long_text`
    /// ([`long_term_key`]), by id.
    keys: Vec<u128>,
    /// Ids of the short terms, with their keys.
    short: hashbrown::HashTable<(u128, u32)>,
    /// The text of the longer terms, end to end.
    long_text: String,
    /// Ids of the longer terms, hashed by their text.
    long: hashbrown::HashTable<u32>,
}

/// About how many distinct terms `bytes` of text hold, to size tables by: distinct words grow
/// with about the square root of the text's length, 6 to 8 times it in the transcripts at hand.
pub(crate) fn expected_distinct_terms(bytes: usize) -> usize {
    (8.0 * (bytes as f64).sqrt()) as usize
}

/// The top byte of a [`LocalTerms::keys`] entry of a longer term (a [`short_key`]'s top byte,
/// its length, is at most 15).
const LONG_TERM: u128 = 0xff << 120;

/// The [`LocalTerms::keys`] entry of a longer term at `start..end` of the long terms' text.
fn long_term_key(start: usize, end: usize) -> u128 {
    LONG_TERM | ((start as u128) << 32) | end as u128
}

/// The text of longer term `id` of [`LocalTerms`] whose keys and long terms' text these are
/// (empty for a short term).
fn long_term_text<'a>(keys: &[u128], long_text: &'a str, id: u32) -> &'a str {
    match keys.get(id as usize) {
        Some(&key) if key & LONG_TERM == LONG_TERM => {
            let (start, end) = ((key >> 32) as u32 as usize, key as u32 as usize);
            long_text.get(start..end).unwrap_or("")
        }
        _ => "",
    }
}

/// The text of a [`LocalTerms`] term.
enum TermText<'a> {
    Short(ShortKeyText),
    Long(&'a str),
}

impl std::ops::Deref for TermText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            TermText::Short(text) => text,
            TermText::Long(text) => text,
        }
    }
}

impl LocalTerms {
    /// A vocabulary with room for the terms of about `bytes` of text
    /// ([`expected_distinct_terms`]).
    fn for_text_of(bytes: usize) -> LocalTerms {
        let expected = expected_distinct_terms(bytes);
        LocalTerms {
            keys: Vec::with_capacity(expected),
            short: hashbrown::HashTable::with_capacity(expected),
            ..LocalTerms::default()
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    /// The text of term `id`.
    fn term(&self, id: u32) -> TermText<'_> {
        match self.keys.get(id as usize) {
            Some(key) if key & LONG_TERM != LONG_TERM => TermText::Short(short_key_text(key)),
            _ => TermText::Long(long_term_text(&self.keys, &self.long_text, id)),
        }
    }

    /// The terms in id order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = TermText<'_>> {
        (0..self.keys.len() as u32).map(|id| self.term(id))
    }

    /// The terms in id order as
    /// [`for_each_keyed_term`](crate::analysis::tokenize::for_each_keyed_term)
    /// gives them: short ones by their key, which other vocabularies look up without reading
    /// the text again.
    fn keyed_terms(&self) -> impl Iterator<Item = KeyedTerm<'_>> {
        self.keys.iter().enumerate().map(|(id, &key)| {
            if key & LONG_TERM == LONG_TERM {
                KeyedTerm::Text(long_term_text(&self.keys, &self.long_text, id as u32))
            } else {
                KeyedTerm::Short(key)
            }
        })
    }

    /// The id of a term as
    /// [`for_each_keyed_term`](crate::analysis::tokenize::for_each_keyed_term)
    /// gives it, numbering it if it is new. (Inlined: it runs for every token.)
    #[inline(always)]
    fn keyed_id(&mut self, term: KeyedTerm<'_>) -> u32 {
        match term {
            KeyedTerm::Short(key) => self.short_id(key),
            KeyedTerm::Text(term) => self.id(term),
        }
    }

    /// The id of the short term of `key` (whose text is in the key: [`short_key_text`]).
    /// (The lookup is inlined: it runs for every token; numbering a new term is not.)
    #[inline(always)]
    fn short_id(&mut self, key: u128) -> u32 {
        let hash = short_hash(key);
        if let Some(&(_, id)) = self.short.find(hash, |&(known, _)| known == key) {
            return id;
        }
        self.new_short(key, hash)
    }

    /// Numbers the new short term of `key`, whose hash is `hash`.
    #[inline(never)]
    fn new_short(&mut self, key: u128, hash: u64) -> u32 {
        let id = self.keys.len() as u32;
        self.keys.push(key);
        self.short
            .insert_unique(hash, (key, id), |&(key, _)| short_hash(key));
        id
    }

    /// The id of `term`, numbering it if it is new.
    fn id(&mut self, term: &str) -> u32 {
        if let Some(key) = short_key(term) {
            return self.short_id(key);
        }
        let LocalTerms {
            keys,
            long_text,
            long,
            ..
        } = self;
        let hash = term_hash(term);
        if let Some(&id) = long.find(hash, |&id| long_term_text(keys, long_text, id) == term) {
            return id;
        }
        let id = keys.len() as u32;
        let start = long_text.len();
        long_text.push_str(term);
        keys.push(long_term_key(start, long_text.len()));
        long.insert_unique(hash, id, |&id| {
            term_hash(long_term_text(keys, long_text, id))
        });
        id
    }
}

/// Term `id` of terms kept end to end in `text`, term `i` ending at `ends[i]`.
pub(crate) fn term_text<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let end = ends.get(id as usize).copied().unwrap_or(0) as usize;
    let start = match id.checked_sub(1) {
        Some(before) => ends.get(before as usize).copied().unwrap_or(0) as usize,
        None => 0,
    };
    text.get(start..end).unwrap_or("")
}

/// The hash local vocabularies file a term under.
pub(crate) fn term_hash(term: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(term)
}

/// A term of at most 15 bytes as an integer: its bytes, and its length in the top byte.
/// (Built in registers: going through memory costs more than the lookup it saves.)
pub(crate) fn short_key(term: &str) -> Option<u128> {
    let bytes = term.as_bytes();
    let len = bytes.len();
    // Two overlapping little-endian reads of `N` bytes: the bytes they share are the same.
    let two_reads = |low: u128, high: u128, n: usize| low | (high << (8 * (len - n)));
    let packed = match len {
        0..=3 => bytes
            .iter()
            .enumerate()
            .fold(0u128, |key, (i, &b)| key | (u128::from(b) << (8 * i))),
        4..=7 => two_reads(
            u128::from(read_u32(bytes, 0)),
            u128::from(read_u32(bytes, len - 4)),
            4,
        ),
        8..=15 => two_reads(
            u128::from(read_u64(bytes, 0)),
            u128::from(read_u64(bytes, len - 8)),
            8,
        ),
        _ => return None,
    };
    Some(packed | ((len as u128) << 120))
}

/// The 4 bytes at `at` as a little-endian integer (0 past the end).
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The 8 bytes at `at` as a little-endian integer (0 past the end).
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The hash of a [`short_key`]: a folded multiply of its halves, which mixes every byte into
/// every bit.
pub(crate) fn short_hash(key: u128) -> u64 {
    let (low, high) = (key as u64, (key >> 64) as u64);
    let product =
        u128::from(low ^ 0x243f_6a88_85a3_08d3) * u128::from(high ^ 0x9e37_79b9_7f4a_7c15);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Text bytes per piece of a transcript tokenized on its own thread (a large transcript, such
/// as a whole table of debates, then uses every core).
const PIECE_BYTES: usize = 1 << 20;

/// Tokenizes a transcript: its turns in pieces of about [`PIECE_BYTES`] (in parallel), whose
/// vocabularies are then merged in order, so that the ids are those a single pass would give.
fn tokenize_transcript(transcript: Arc<Transcript>) -> LocalSegment {
    tokenize_in_pieces(transcript, PIECE_BYTES)
}

/// [`tokenize_transcript`] with pieces of about `piece_bytes` of text.
fn tokenize_in_pieces(transcript: Arc<Transcript>, piece_bytes: usize) -> LocalSegment {
    let turns = &transcript.turns;
    let mut bounds = vec![0];
    let mut bytes = 0;
    for (index, turn) in turns.iter().enumerate() {
        bytes += turn.text.len();
        if bytes >= piece_bytes && index + 1 < turns.len() {
            bounds.push(index + 1);
            bytes = 0;
        }
    }
    bounds.push(turns.len());
    let ranges: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let mut pieces: Vec<TurnsTokens> = if ranges.len() > 1 {
        ranges
            .into_par_iter()
            .map(|turns| tokenize_turns(&transcript, turns))
            .collect()
    } else {
        ranges
            .into_iter()
            .map(|turns| tokenize_turns(&transcript, turns))
            .collect()
    };
    let mut merged = if pieces.is_empty() {
        TurnsTokens::default()
    } else {
        pieces.remove(0)
    };
    for piece in pieces {
        let to_merged: Vec<u32> = piece
            .local_terms
            .keyed_terms()
            .map(|term| merged.local_terms.keyed_id(term))
            .collect();
        let token_offset = merged.stream.len() as u32;
        let sentence_offset = merged.sentences.len() as u32;
        merged.stream.extend(
            piece
                .stream
                .iter()
                .map(|&id| to_merged.get(id as usize).copied().unwrap_or(u32::MAX)),
        );
        merged
            .sentences
            .extend(piece.sentences.iter().map(|sentence| SentenceSpan {
                first_token: sentence.first_token + token_offset,
                ..*sentence
            }));
        merged
            .turn_sentences
            .extend(piece.turn_sentences.iter().map(|&s| s + sentence_offset));
    }
    merged.turn_sentences.push(merged.sentences.len() as u32);
    LocalSegment {
        transcript,
        sentences: merged.sentences,
        turn_sentences: merged.turn_sentences,
        local_terms: merged.local_terms,
        stream: merged.stream,
    }
}

/// The tokens of a run of a transcript's turns, positions and sentences counted from the run's
/// start; `turn_sentences` has the first sentence of each turn (no end marker).
#[derive(Default)]
struct TurnsTokens {
    sentences: Vec<SentenceSpan>,
    turn_sentences: Vec<u32>,
    local_terms: LocalTerms,
    stream: Vec<u32>,
}

fn tokenize_turns(transcript: &Transcript, turns: Range<usize>) -> TurnsTokens {
    let bytes = transcript
        .turns
        .get(turns.clone())
        .map_or(0, |run| run.iter().map(|turn| turn.text.len()).sum());
    let mut local_terms = LocalTerms::for_text_of(bytes);
    // Sized for the usual text (about 6 bytes a word, 90 a sentence) so as not to grow
    // by copying; the stream lives only until the segment is finished.
    let mut stream: Vec<u32> = Vec::with_capacity(bytes / 5 + 16);
    let mut sentences = Vec::with_capacity(bytes / 64 + 4);
    let mut turn_sentences = Vec::with_capacity(turns.len());
    let mut scratch = TermScratch::default();
    // The section of the last turn before the run that names one.
    let mut section_cursor: Option<SectionIndex> = transcript.turns[..turns.start]
        .iter()
        .rev()
        .find_map(|turn| turn.section);
    for turn_index in turns {
        let Some(turn) = transcript.turns.get(turn_index) else {
            break;
        };
        turn_sentences.push(sentences.len() as u32);
        if turn.section.is_some() {
            section_cursor = turn.section;
        }
        scratch.classify(turn.text.as_bytes());
        for_each_sentence_range(&turn.text, |range| {
            let section = transcript
                .section_at(turn_index, range.start)
                .or(section_cursor);
            let first_token = stream.len() as u32;
            // The tokenizer's terms, the commonest words found without its general rules.
            for_each_keyed_term_in(&turn.text, range.clone(), &mut scratch, |term| {
                stream.push(local_terms.keyed_id(term));
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
        });
    }
    TurnsTokens {
        sentences,
        turn_sentences,
        local_terms,
        stream,
    }
}

/// The postings of a token stream in one array (a counting sort): each token's position,
/// converted by `narrow`, goes to the next free slot of its term, the first of which `fill`
/// holds. Positions come out ascending within each term.
fn scatter_positions<T: Copy + Default>(
    stream: &[u32],
    mut fill: Vec<u32>,
    total: u32,
    narrow: impl Fn(usize) -> T,
) -> Vec<T> {
    let mut positions = vec![T::default(); total as usize];
    for (position, &id) in stream.iter().enumerate() {
        if let Some(slot) = fill.get_mut(id as usize) {
            if let Some(target) = positions.get_mut(*slot as usize) {
                *target = narrow(position);
            }
            *slot += 1;
        }
    }
    positions
}

/// The local ids (indices of `to_global`) in the order of their global ids. The global ids
/// present are marked in a bitmap kept by the thread and read back in order, which costs less
/// than a sort: one pass over the local ids and one over the bitmap's words up to the highest
/// id. Where that bitmap would be long for the ids (a short text in a large vocabulary), or
/// should two local ids share a global id, they are sorted instead.
fn local_ids_in_global_order(to_global: &[TermId]) -> Vec<u32> {
    thread_local! {
        /// Global id -> local id, valid where the bitmap has a bit; and the bitmap.
        static SCRATCH: std::cell::RefCell<(Vec<u32>, Vec<u64>)> =
            const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    let sorted = || {
        let mut pairs: Vec<u64> = (0..to_global.len())
            .map(|l| (u64::from(to_global[l]) << 32) | l as u64)
            .collect();
        pairs.sort_unstable();
        pairs.iter().map(|&pair| pair as u32).collect()
    };
    let Some(highest) = to_global.iter().max().map(|&g| g as usize) else {
        return Vec::new();
    };
    if highest / 64 > to_global.len() * 4 {
        return sorted();
    }
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            return sorted();
        };
        let (local_of, bitmap) = &mut *scratch;
        if local_of.len() <= highest {
            local_of.resize(highest + 1, 0);
        }
        let words = highest / 64 + 1;
        if bitmap.len() < words {
            bitmap.resize(words, 0);
        }
        let mut shared = false;
        for (l, &global) in to_global.iter().enumerate() {
            let (word, bit) = (global as usize / 64, 1u64 << (global % 64));
            shared |= bitmap[word] & bit != 0;
            bitmap[word] |= bit;
            local_of[global as usize] = l as u32;
        }
        let mut order = Vec::with_capacity(to_global.len());
        for (w, word) in bitmap.iter_mut().take(words).enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                order.push(local_of[w * 64 + bits.trailing_zeros() as usize]);
                bits &= bits - 1;
            }
        }
        if shared { sorted() } else { order }
    })
}

fn finish_segment(local: LocalSegment, to_global: &[TermId]) -> Segment {
    let local_count = local.local_terms.len();
    // Postings by counting sort over local ids; positions come out ascending.
    // (The gaps between sentences, `u32::MAX`, are counted in the last slot.)
    let mut counts = vec![0u32; local_count + 1];
    for &id in &local.stream {
        if let Some(count) = counts.get_mut((id as usize).min(local_count)) {
            *count += 1;
        }
    }
    let order = local_ids_in_global_order(to_global);
    let mut start_of_local = vec![0u32; local_count];
    let mut offsets = Vec::with_capacity(local_count + 1);
    let mut terms = Vec::with_capacity(local_count);
    let mut running = 0u32;
    for &l in &order {
        let l = l as usize;
        let global = to_global.get(l).copied().unwrap_or(TermId::MAX);
        terms.push(global);
        offsets.push(running);
        start_of_local[l] = running;
        running += counts[l];
    }
    offsets.push(running);
    let positions = if u16::try_from(local.stream.len()).is_ok() {
        Positions::Narrow(scatter_positions(
            &local.stream,
            start_of_local,
            running,
            |p| p as u16,
        ))
    } else {
        Positions::Wide(scatter_positions(
            &local.stream,
            start_of_local,
            running,
            |p| p as u32,
        ))
    };
    let alias_counts = alias_counts(&local, to_global, &order, counts);
    // Kept for the life of the index: without the slack of growing.
    let mut sentences = local.sentences;
    sentences.shrink_to_fit();
    let mut turn_sentences = local.turn_sentences;
    turn_sentences.shrink_to_fit();
    let sentence_blocks = sentence_blocks(&sentences, local.stream.len());
    Segment {
        transcript: local.transcript,
        sentences,
        turn_sentences,
        sentence_blocks,
        terms,
        offsets,
        positions,
        alias_counts,
    }
}

/// The term counts of each (speaker, alias) of a segment's transcript, in the order of the
/// keys, each key's counts in the order of the global ids (`order`: the local ids in that
/// order). `totals` holds the count of each local id over the whole stream (and anything in
/// a last, extra slot).
///
/// A turn's tokens are one run of the stream (its sentences, each followed by a gap), so the
/// keys are counted turn by turn. The key with the most tokens (in most transcripts the
/// speaker who talks most: a press secretary, an interviewee) is not counted at all: its
/// counts are the totals less those of the other keys.
fn alias_counts(
    local: &LocalSegment,
    to_global: &[TermId],
    order: &[u32],
    mut totals: Vec<u32>,
) -> Vec<AliasCounts> {
    let transcript = &local.transcript;
    let local_count = local.local_terms.len();
    let mut keys: Vec<(SpeakerIndex, usize)> = transcript
        .turns
        .iter()
        .map(|t| (t.speaker, t.alias))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    // Each turn's run of the stream (start and end) by its key.
    let token_at = |sentence: usize| {
        local
            .sentences
            .get(sentence)
            .map_or(local.stream.len(), |s| s.first_token as usize)
    };
    let mut runs: Vec<(usize, (usize, usize))> = Vec::with_capacity(transcript.turns.len());
    let mut key_tokens = vec![0u64; keys.len()];
    for (turn, sentences) in transcript.turns.iter().zip(local.turn_sentences.windows(2)) {
        let Ok(k) = keys.binary_search(&(turn.speaker, turn.alias)) else {
            continue;
        };
        let (first, end) = (sentences[0] as usize, sentences[1] as usize);
        let run = (token_at(first), token_at(end));
        // Every sentence is followed by one gap.
        let positions = run.1.saturating_sub(run.0);
        key_tokens[k] += (positions - (end - first).min(positions)) as u64;
        runs.push((k, run));
    }
    let (key_turns, grouped) = group_by_key(keys.len(), || runs.iter().copied());
    let largest = (0..keys.len()).rev().max_by_key(|&k| key_tokens[k]);
    // One counter for all keys, each key's entries cleared after it (the last slot takes
    // the gaps).
    let mut counter = vec![0u32; local_count + 1];
    let mut touched: Vec<u32> = Vec::new();
    let mut alias_counts = Vec::with_capacity(keys.len());
    for (k, &(speaker, alias)) in keys.iter().enumerate() {
        let tokens = key_tokens[k];
        let mut counts: Vec<(TermId, u32)> = Vec::new();
        if Some(k) != largest {
            let turns = grouped
                .get(key_turns[k] as usize..key_turns[k + 1] as usize)
                .unwrap_or_default();
            let runs = turns
                .iter()
                .map(|&(start, end)| local.stream.get(start..end).unwrap_or_default());
            if tokens * 8 >= local_count as u64 {
                // A key holding many of the transcript's terms (most speakers of most
                // transcripts): counted without a branch per token, then read in the global
                // order. The number of its terms is counted too, so that its counts, kept for
                // the life of the index, take no more room than they need.
                let mut distinct = 0;
                for run in runs {
                    for &id in run {
                        if let Some(count) = counter.get_mut((id as usize).min(local_count)) {
                            distinct += usize::from(*count == 0);
                            *count += 1;
                        }
                    }
                }
                // (The last slot, the gaps', is not read: it is cleared here.)
                if let Some(gaps) = counter.get_mut(local_count) {
                    distinct -= usize::from(*gaps > 0);
                    *gaps = 0;
                }
                counts.reserve_exact(distinct);
                for &l in order {
                    let l = l as usize;
                    if let Some(count) = counter.get_mut(l)
                        && *count > 0
                    {
                        counts.push((to_global[l], *count));
                        if let Some(total) = totals.get_mut(l) {
                            *total -= *count;
                        }
                        *count = 0;
                    }
                }
            } else {
                // A few terms (a reporter's one question): (term, count) pairs packed in one
                // integer each, sorted by term.
                for &id in runs.flatten() {
                    if let Some(count) = counter.get_mut(id as usize) {
                        if *count == 0 {
                            touched.push(id);
                        }
                        *count += 1;
                    }
                }
                let mut packed: Vec<u64> = Vec::with_capacity(touched.len());
                for &l in &touched {
                    let l = l as usize;
                    if let Some(count) = counter.get_mut(l) {
                        packed.push((u64::from(to_global[l]) << 32) | u64::from(*count));
                        if let Some(total) = totals.get_mut(l) {
                            *total -= *count;
                        }
                        *count = 0;
                    }
                }
                touched.clear();
                packed.sort_unstable();
                counts = packed
                    .iter()
                    .map(|&pair| ((pair >> 32) as TermId, pair as u32))
                    .collect();
            }
        }
        alias_counts.push(AliasCounts {
            speaker,
            alias,
            counts,
            tokens,
        });
    }
    // The largest key: what the others left of the totals.
    if let Some(key) = largest.and_then(|k| alias_counts.get_mut(k)) {
        let counts = &mut key.counts;
        let distinct = totals.iter().take(local_count).filter(|&&c| c > 0).count();
        counts.reserve_exact(distinct);
        for &l in order {
            let l = l as usize;
            if let Some(&count) = totals.get(l)
                && count > 0
            {
                counts.push((to_global[l], count));
            }
        }
    }
    alias_counts
}

/// The inverted index of a library. Build it with [`Index::build`] and keep it current with
/// [`Index::sync`] after the library changes (cheap when nothing changed: it compares the
/// library revision, then the transcripts by identity).
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) vocabulary: Vocabulary,
    pub(crate) segments: Vec<Segment>,
    /// Which transcripts hold each term: made again by every [`Index::sync`] that changed
    /// the segments.
    term_segments: TermSegments,
    revision: Option<u64>,
}

/// The transcripts (segment indices, ascending) in which each term occurs, each with the
/// term's place among that transcript's terms, term after term in one array: the transpose of
/// the segments' term lists. A query looks its terms up here once, instead of searching every
/// transcript's terms for each of them, and reads their postings straight from that place.
#[derive(Debug, Default)]
struct TermSegments {
    /// Term `t`'s segments are `segments[starts[t]..starts[t + 1]]`.
    starts: Vec<u32>,
    segments: SegmentIds,
}

/// `[segment index, the term's index among the segment's terms]` pairs: 16 bits each while the
/// index has at most 65,536 segments of at most 65,536 distinct terms each (which halves the
/// list).
#[derive(Debug)]
enum SegmentIds {
    Narrow(Vec<[u16; 2]>),
    Wide(Vec<[u32; 2]>),
}

impl Default for SegmentIds {
    fn default() -> Self {
        SegmentIds::Narrow(Vec::new())
    }
}

impl TermSegments {
    /// Transposes the segments' term lists (a counting sort by term; each term's segments
    /// come out ascending).
    fn of(segments: &[Segment], terms: usize) -> TermSegments {
        fn by_term<T>(
            segments: &[Segment],
            narrow: impl Fn(usize, usize) -> T + Copy,
        ) -> impl Iterator<Item = (usize, T)> {
            segments.iter().enumerate().flat_map(move |(s, segment)| {
                segment
                    .terms
                    .iter()
                    .enumerate()
                    .map(move |(local, &term)| (term as usize, narrow(s, local)))
            })
        }
        let fits = |count: usize| u16::try_from(count.saturating_sub(1)).is_ok();
        if fits(segments.len()) && segments.iter().all(|s| fits(s.terms.len())) {
            let (starts, ids) = group_by_key(terms, || {
                by_term(segments, |s, local| [s as u16, local as u16])
            });
            TermSegments {
                starts,
                segments: SegmentIds::Narrow(ids),
            }
        } else {
            let (starts, ids) = group_by_key(terms, || {
                by_term(segments, |s, local| [s as u32, local as u32])
            });
            TermSegments {
                starts,
                segments: SegmentIds::Wide(ids),
            }
        }
    }

    /// The segments holding a term, ascending, each with the term's index among the segment's
    /// terms.
    fn segments_of(&self, term: TermId) -> impl Iterator<Item = (usize, u32)> + '_ {
        let start = self.starts.get(term as usize).copied().unwrap_or(0) as usize;
        let end = self.starts.get(term as usize + 1).copied().unwrap_or(0) as usize;
        // One of the two is empty.
        let (narrow, wide): (&[[u16; 2]], &[[u32; 2]]) = match &self.segments {
            SegmentIds::Narrow(all) => (all.get(start..end).unwrap_or(&[]), &[]),
            SegmentIds::Wide(all) => (&[], all.get(start..end).unwrap_or(&[])),
        };
        narrow
            .iter()
            .map(|&[s, local]| (usize::from(s), u32::from(local)))
            .chain(wide.iter().map(|&[s, local]| (s as usize, local)))
    }
}

/// Groups `(key, value)` pairs by key, keys below `keys` (a counting sort): group `k`'s values
/// are `values[starts[k]..starts[k + 1]]`, in the order `pairs` gives them. `pairs` is called
/// twice, to count and then to place, and must give the same pairs both times; pairs of
/// larger keys are left out.
fn group_by_key<T: Copy + Default, I: Iterator<Item = (usize, T)>>(
    keys: usize,
    pairs: impl Fn() -> I,
) -> (Vec<u32>, Vec<T>) {
    let mut starts = vec![0u32; keys + 1];
    for (key, _) in pairs() {
        if let Some(count) = starts.get_mut(key + 1) {
            *count += 1;
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut fill = starts.clone();
    let mut values = vec![T::default(); starts.last().copied().unwrap_or(0) as usize];
    for (key, value) in pairs() {
        if let Some(slot) = fill.get_mut(key).filter(|_| key < keys) {
            if let Some(target) = values.get_mut(*slot as usize) {
                *target = value;
            }
            *slot += 1;
        }
    }
    (starts, values)
}

/// The terms of a list that each transcript of the index holds: made once per query from
/// [`TermSegments`], so that evaluation skips the transcripts holding none of them and reads
/// the postings of only the terms a transcript holds, from their place in its term list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TermPresence {
    /// Segment `s`'s terms are `terms[starts[s]..starts[s + 1]]` (empty: not located).
    starts: Vec<u32>,
    /// Each term with its index among the segment's terms (see [`Segment::postings_at`]).
    terms: Vec<(TermId, u32)>,
}

impl TermPresence {
    /// The terms segment `s` holds, in the order of the list, each with its index among the
    /// segment's terms; `None` when the presence was not worked out (every term may then
    /// occur).
    pub(crate) fn terms_in(&self, segment: usize) -> Option<&[(TermId, u32)]> {
        let (&start, &end) = (self.starts.get(segment)?, self.starts.get(segment + 1)?);
        self.terms.get(start as usize..end as usize)
    }

    /// Whether the presence was worked out.
    pub(crate) fn is_located(&self) -> bool {
        !self.starts.is_empty()
    }

    /// Whether segment `s` may hold a term of the list (true when not worked out).
    pub(crate) fn any_in(&self, segment: usize) -> bool {
        self.terms_in(segment).is_none_or(|terms| !terms.is_empty())
    }
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
        let changed = self.sync_transcripts(library.transcripts());
        self.revision = Some(library.revision());
        changed
    }

    /// Indexes these transcripts (in parallel), before the library that will hold them is
    /// made: the two can be built side by side, as the index reads nothing of the library but
    /// its transcripts. A [`sync`](Index::sync) with that library then finds every transcript
    /// indexed and only takes the library's revision.
    pub fn for_transcripts(transcripts: &[Arc<Transcript>]) -> Index {
        let mut index = Index::default();
        index.sync_transcripts(transcripts);
        index
    }

    /// Brings the segments in line with these transcripts (see [`Index::sync`]); returns
    /// whether anything changed.
    fn sync_transcripts(&mut self, transcripts: &[Arc<Transcript>]) -> bool {
        let mut existing: FxHashMap<usize, Segment> = std::mem::take(&mut self.segments)
            .into_iter()
            .map(|s| (Arc::as_ptr(&s.transcript) as usize, s))
            .collect();
        let mut slots: Vec<Option<Segment>> = Vec::with_capacity(transcripts.len());
        let mut missing: Vec<(usize, Arc<Transcript>)> = Vec::new();
        for (i, transcript) in transcripts.iter().enumerate() {
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
        self.index_in_order(&missing, &mut slots);
        self.segments = slots.into_iter().flatten().collect();
        // The new terms are stemmed and the lookups sorted while another thread transposes
        // the segments' term lists (neither changes the number of terms).
        let terms = self.vocabulary.len();
        let transpose = changed || self.term_segments.starts.len() != terms + 1;
        let (vocabulary, segments) = (&mut self.vocabulary, &self.segments);
        let ((), transposed) = rayon::join(
            || {
                vocabulary.stem_new_terms();
                vocabulary.sort_lookups();
            },
            || transpose.then(|| TermSegments::of(segments, terms)),
        );
        if let Some(term_segments) = transposed {
            self.term_segments = term_segments;
        }
        changed
    }

    /// Which of `terms` each transcript holds (the list's order kept within a transcript).
    pub(crate) fn presence(&self, terms: &[TermId]) -> TermPresence {
        let (starts, present) = group_by_key(self.segments.len(), || {
            terms.iter().flat_map(|&term| {
                self.term_segments
                    .segments_of(term)
                    .map(move |(segment, local)| (segment, (term, local)))
            })
        });
        TermPresence {
            starts,
            terms: present,
        }
    }

    /// Indexes transcripts (in parallel) into their slots.
    ///
    /// Each transcript is tokenized on whichever thread is free, in the order given (a task
    /// queue read first in, first out), while this thread takes the tokenized transcripts in
    /// that order: it looks their terms up in the vocabulary and numbers the new ones (so the
    /// ids are those of a single pass, whatever the threads), then queues the transcript's
    /// postings and counts to be built. Waiting for a transcript, it runs queued tasks itself.
    /// No thread waits for the others between steps, and the tokenized transcripts not yet
    /// built stay within about [`AHEAD_BYTES`] of text ahead of the one being numbered.
    fn index_in_order(
        &mut self,
        transcripts: &[(usize, Arc<Transcript>)],
        slots: &mut [Option<Segment>],
    ) {
        fn take<T>(slot: &std::sync::Mutex<Option<T>>) -> Option<T> {
            slot.lock().ok().and_then(|mut held| held.take())
        }
        fn put<T>(slot: &std::sync::Mutex<Option<T>>, value: T) {
            if let Ok(mut held) = slot.lock() {
                *held = Some(value);
            }
        }
        let bytes: Vec<usize> = transcripts
            .iter()
            .map(|(_, t)| t.turns.iter().map(|turn| turn.text.len()).sum())
            .collect();
        // (A task that panicked leaves its panic here, to be raised again on this thread
        // rather than awaited for ever.)
        let tokenized: Vec<std::sync::Mutex<Option<std::thread::Result<LocalSegment>>>> =
            transcripts.iter().map(|_| Default::default()).collect();
        let finished: Vec<std::sync::Mutex<Option<Segment>>> =
            transcripts.iter().map(|_| Default::default()).collect();
        let vocabulary = &mut self.vocabulary;
        // Adds a built segment's counts to the vocabulary's and puts it in its slot.
        let mut place = |vocabulary: &mut Vocabulary, at: usize, segment: Segment| {
            for alias in &segment.alias_counts {
                for &(term, count) in &alias.counts {
                    if let Some(total) = vocabulary.counts.get_mut(term as usize) {
                        *total += u64::from(count);
                    }
                }
            }
            if let Some((slot, _)) = transcripts.get(at)
                && let Some(slot) = slots.get_mut(*slot)
            {
                *slot = Some(segment);
            }
        };
        let mut placed = 0;
        rayon::scope_fifo(|scope| {
            let (mut queued, mut ahead) = (0, 0);
            for (at, (_, transcript)) in transcripts.iter().enumerate() {
                // Keep the queue about AHEAD_BYTES of text ahead (and at least this one).
                while queued < transcripts.len() && (queued <= at || ahead < AHEAD_BYTES) {
                    let (Some((_, next)), Some(slot)) =
                        (transcripts.get(queued), tokenized.get(queued))
                    else {
                        break;
                    };
                    let next = Arc::clone(next);
                    scope.spawn_fifo(move |_| {
                        let tokens = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            tokenize_transcript(next)
                        }));
                        put(slot, tokens);
                    });
                    ahead += bytes.get(queued).copied().unwrap_or(0);
                    queued += 1;
                }
                let Some(slot) = tokenized.get(at) else {
                    break;
                };
                let local = loop {
                    match take(slot) {
                        Some(Ok(local)) => break local,
                        Some(Err(panic)) => std::panic::resume_unwind(panic),
                        None => wait_for_tasks(),
                    }
                };
                ahead = ahead.saturating_sub(bytes.get(at).copied().unwrap_or(0));
                let mapping: Vec<TermId> = local
                    .local_terms
                    .keyed_terms()
                    .enumerate()
                    .map(|(l, term)| match vocabulary.keyed_id(term) {
                        Some(id) => id,
                        None => vocabulary.intern(&local.local_terms.term(l as u32)),
                    })
                    .collect();
                debug_assert!(Arc::ptr_eq(&local.transcript, transcript));
                if let Some(slot) = finished.get(at) {
                    scope.spawn_fifo(move |_| put(slot, finish_segment(local, &mapping)));
                }
                // The segments built meanwhile, in order.
                while let Some(segment) = finished.get(placed).and_then(take) {
                    place(vocabulary, placed, segment);
                    placed += 1;
                }
            }
        });
        for (at, slot) in finished.iter().enumerate().skip(placed) {
            if let Some(segment) = take(slot) {
                place(vocabulary, at, segment);
            }
        }
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
    use std::collections::BTreeMap;
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
            turn_word_counts: Default::default(),
        }
    }

    #[test]
    fn index_and_results_can_move_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Index>();
        send_sync::<crate::analysis::Matches>();
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
    fn each_postings_finds_the_terms_in_any_order() {
        let library = Library::from_transcripts([transcript(
            "a.txt",
            &[
                ("Vladimir Putin", Role::Person),
                ("Reporter", Role::Reporter),
            ],
            &[
                (
                    1,
                    "What about sanctions? Sanctions hurt the economy of Europe.",
                ),
                (
                    0,
                    "Sanctions do not work. They never did, and they never will.",
                ),
            ],
        )]);
        let index = Index::build(&library);
        let segment = &index.segments[0];
        let present: Vec<TermId> = segment.terms.clone();
        let absent = index.vocabulary().len() as TermId + 5;
        let orders: Vec<Vec<TermId>> = vec![
            present.clone(),
            present.iter().rev().copied().collect(),
            present.iter().step_by(3).copied().chain([absent]).collect(),
            vec![absent, present[2], present[0], present[2]],
            Vec::new(),
        ];
        for ids in orders {
            let mut found: Vec<Vec<u32>> = Vec::new();
            segment.each_postings(&ids, |postings| found.push(postings.iter().collect()));
            let expected: Vec<Vec<u32>> = ids
                .iter()
                .map(|&id| segment.postings(id).iter().collect::<Vec<u32>>())
                .filter(|list| !list.is_empty())
                .collect();
            assert_eq!(found, expected, "ids {ids:?}");
        }
    }

    #[test]
    fn term_ids_follow_first_occurrence_across_transcripts() {
        // Transcripts tokenized on different threads share new terms ("gamma", "delta"): the
        // ids are still those of one pass in library order.
        let speakers = [("Speaker", Role::Person)];
        let library = Library::from_transcripts([
            transcript("a.txt", &speakers, &[(0, "Alpha beta.")]),
            transcript("b.txt", &speakers, &[(0, "Gamma beta delta.")]),
            transcript("c.txt", &speakers, &[(0, "Delta epsilon gamma alpha.")]),
        ]);
        let index = Index::build(&library);
        let vocabulary = index.vocabulary();
        let ids: Vec<Option<TermId>> = ["alpha", "beta", "gamma", "delta", "epsilon"]
            .iter()
            .map(|term| vocabulary.id(term))
            .collect();
        assert_eq!(ids, vec![Some(0), Some(1), Some(2), Some(3), Some(4)]);
    }

    /// The index of a library larger than the text tokenized ahead ([`AHEAD_BYTES`]) is the
    /// same on one thread as on several: the same ids, postings and counts.
    #[test]
    fn the_index_does_not_depend_on_the_threads() {
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let files = crate::parse::collect_files(&[corpora]);
        let library = Library::from_transcripts(
            crate::parse::load_paths(&files)
                .into_iter()
                .filter_map(Result::ok),
        );
        let bytes: usize = library
            .transcripts()
            .iter()
            .flat_map(|t| &t.turns)
            .map(|turn| turn.text.len())
            .sum();
        assert!(bytes > 2 * AHEAD_BYTES, "{bytes} bytes of text");
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
                .install(|| Index::build(&library))
        };
        let one = on(1);
        for threads in [2, 3] {
            let many = on(threads);
            assert_eq!(
                many.vocabulary.terms, one.vocabulary.terms,
                "{threads} threads"
            );
            assert_eq!(many.vocabulary.counts, one.vocabulary.counts);
            assert_eq!(many.segments.len(), one.segments.len());
            for (a, b) in many.segments.iter().zip(&one.segments) {
                assert!(Arc::ptr_eq(&a.transcript, &b.transcript));
                assert_eq!(a.terms, b.terms);
                assert_eq!(a.offsets, b.offsets);
                assert_eq!(a.sentences, b.sentences);
                let counts = |s: &Segment| -> Vec<_> {
                    s.alias_counts
                        .iter()
                        .map(|c| (c.speaker, c.alias, c.counts.clone(), c.tokens))
                        .collect()
                };
                assert_eq!(counts(a), counts(b));
                for term in 0..a.terms.len() {
                    assert!(a.postings_at(term).iter().eq(b.postings_at(term).iter()));
                }
            }
        }
    }

    #[test]
    fn every_term_is_found_by_its_text_short_or_long() {
        // Terms of up to 15 bytes are found by their packed bytes, longer ones by their text.
        let speakers = [("Speaker", Role::Person)];
        let library = Library::from_transcripts([
            transcript(
                "a.txt",
                &speakers,
                &[(
                    0,
                    "A fifteen-letter internationalization, or an extraordinarily long word.",
                )],
            ),
            transcript(
                "b.txt",
                &speakers,
                &[(0, "Ünïcödé words, façade and naïve ones.")],
            ),
        ]);
        let index = Index::build(&library);
        let vocabulary = index.vocabulary();
        let lengths: Vec<usize> = (0..vocabulary.len() as TermId)
            .map(|id| vocabulary.term(id).len())
            .collect();
        assert!(lengths.iter().any(|&n| n <= 15) && lengths.iter().any(|&n| n > 15));
        for id in 0..vocabulary.len() as TermId {
            assert_eq!(vocabulary.id(vocabulary.term(id)), Some(id));
        }
        for absent in [
            "",
            "x",
            "internationalizatio",
            "internationalizations",
            "facade",
        ] {
            assert_eq!(vocabulary.id(absent), None, "{absent}");
        }
    }

    #[test]
    fn postings_past_sixteen_bits_stay_exact() {
        // 70,000 words in 7,000 sentences: positions pass 65,535, so the postings are wide.
        let sentence = "Alpha beta gamma delta epsilon zeta eta theta iota kappa. ";
        let text = sentence.repeat(7_000);
        let library = Library::from_transcripts([
            transcript("long.txt", &[("Speaker", Role::Person)], &[(0, &text)]),
            transcript("short.txt", &[("Speaker", Role::Person)], &[(0, sentence)]),
        ]);
        let index = Index::build(&library);
        assert!(matches!(index.segments[0].positions, Positions::Wide(_)));
        assert!(matches!(index.segments[1].positions, Positions::Narrow(_)));
        let kappa = index.vocabulary().id("kappa").unwrap_or(TermId::MAX);
        let long: Vec<u32> = index.segments[0].postings(kappa).iter().collect();
        assert_eq!(long.len(), 7_000);
        // Ten words and a sentence gap per sentence: kappa is the tenth token of each.
        assert_eq!(&long[..3], &[9, 20, 31]);
        assert!(
            long.iter()
                .enumerate()
                .all(|(i, &p)| p == i as u32 * 11 + 9)
        );
        assert!(index.segments[0].postings(kappa).contains(6_999 * 11 + 9));
        assert!(!index.segments[0].postings(kappa).contains(6_999 * 11 + 8));
        assert_eq!(
            index.segments[1].postings(kappa).iter().collect::<Vec<_>>(),
            vec![9]
        );
        for &id in &index.segments[0].terms {
            let positions: Vec<u32> = index.segments[0].postings(id).iter().collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "term {id}");
        }
        let filter = crate::analysis::Filter::query("\"iota kappa\"");
        let matches = filter
            .evaluate(&library, &index, &crate::analysis::ThemeSet::default())
            .unwrap_or_default();
        assert_eq!(matches.hits.len(), 7_001);
    }

    #[test]
    fn pieces_tokenize_like_one_pass() {
        let mut text_turns = Vec::new();
        for i in 0..40 {
            text_turns.push((
                i % 2,
                match i % 3 {
                    0 => "Sanctions hurt. They never did work, said Mr. Smith.",
                    1 => "We’ll see — “fine”. New words here and there.",
                    _ => "Один день. Another turn with sanctions again.",
                },
            ));
        }
        let mut one = transcript(
            "a.txt",
            &[("A", Role::Person), ("B", Role::Person)],
            &text_turns,
        );
        one.sections = vec![Section {
            title: "Later".into(),
            turn: 17,
            offset: 0,
            source_offset: 0,
        }];
        one.turns[17].section = Some(0);
        for turn in one.turns.iter_mut().skip(18) {
            turn.section = Some(0);
        }
        let one = Arc::new(one);
        let whole = tokenize_in_pieces(Arc::clone(&one), usize::MAX);
        for piece_bytes in [1, 50, 200, 1000] {
            let pieces = tokenize_in_pieces(Arc::clone(&one), piece_bytes);
            assert_eq!(pieces.stream, whole.stream, "{piece_bytes}");
            assert_eq!(pieces.sentences, whole.sentences, "{piece_bytes}");
            assert_eq!(pieces.turn_sentences, whole.turn_sentences, "{piece_bytes}");
            let terms: Vec<String> = pieces.local_terms.iter().map(|t| t.to_string()).collect();
            let whole_terms: Vec<String> =
                whole.local_terms.iter().map(|t| t.to_string()).collect();
            assert_eq!(terms, whole_terms, "{piece_bytes}");
        }
        assert_eq!(whole.turn_sentences.len(), 41);
        assert!(whole.sentences.iter().any(|s| s.section() == Some(0)));
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

    /// The sorted prefix and stem lookups find what a scan of every term finds, after terms
    /// are added and after transcripts are removed (terms no longer present drop out).
    #[test]
    fn prefix_and_stem_lookups_are_those_of_a_scan() {
        fn scan(vocabulary: &Vocabulary, keep: impl Fn(TermId) -> bool) -> Vec<TermId> {
            (0..vocabulary.len() as TermId)
                .filter(|&id| vocabulary.count(id) > 0 && keep(id))
                .collect()
        }
        fn check(vocabulary: &Vocabulary) {
            // The sorted lookups hold every term.
            assert_eq!(vocabulary.by_text.len(), vocabulary.len());
            assert_eq!(vocabulary.by_stem.len(), vocabulary.len());
            for prefix in [
                "s",
                "sanction",
                "sanctions",
                "san",
                "x",
                "",
                "é",
                "émb",
                "z",
            ] {
                let expected = scan(vocabulary, |id| vocabulary.term(id).starts_with(prefix));
                assert_eq!(vocabulary.with_prefix(prefix), expected, "{prefix}*");
            }
            for word in ["sanction", "embargo", "restrict", "talk", "émbargo", "none"] {
                let stem = vocabulary.stemmers.stem(word);
                let stem_id = vocabulary.stem_ids.get(stem.as_ref()).copied();
                let expected = scan(vocabulary, |id| {
                    Some(vocabulary.stems[id as usize]) == stem_id
                });
                assert_eq!(vocabulary.with_stem(word), expected, "~{word}");
            }
        }
        let mut library = Library::from_transcripts([transcript(
            "a.txt",
            &[("A", Role::Person)],
            &[(0, "Sanctions, sanctioned; a sanction. Talks talked. Sand!")],
        )]);
        let mut index = Index::build(&library);
        check(index.vocabulary());
        assert!(!index.vocabulary().with_prefix("sanction").is_empty());
        library.add(Arc::new(transcript(
            "b.txt",
            &[("B", Role::Person)],
            &[(
                0,
                "Restrictions, restrictive sanctioning; émbargo talking xylophone zebra",
            )],
        )));
        index.sync(&library);
        check(index.vocabulary());
        library.remove(0);
        index.sync(&library);
        check(index.vocabulary());
        assert_eq!(
            index.vocabulary().with_prefix("sanctions"),
            Vec::<TermId>::new()
        );
    }

    /// A token position's sentence, found from its block of positions, is the one a search
    /// over all the sentences finds: in short sentences, in sentences longer than a block or
    /// two, at the gaps between sentences, and from any earlier sentence.
    #[test]
    fn sentences_of_positions_are_those_of_a_search() {
        let long = vec!["word"; 150].join(" ");
        let short = "One two. Three! Four five six? Seven.";
        let text = format!("{short} {long}. {short}\n{long} and more. Eight nine. {short}");
        let library = Library::from_transcripts([transcript(
            "a.txt",
            &[("A", Role::Person)],
            &[(0, text.as_str()), (0, short), (0, long.as_str())],
        )]);
        let index = Index::build(&library);
        let segment = &index.segments[0];
        assert!(segment.sentences.len() > 10);
        let last = segment
            .sentences
            .last()
            .map_or(0, |s| s.first_token + s.tokens);
        assert!(last > 3 * SENTENCE_BLOCK);
        for position in 0..=last + 1 {
            let expected = segment
                .sentences
                .partition_point(|s| s.first_token <= position)
                .saturating_sub(1);
            assert_eq!(
                segment.sentence_of(position),
                expected,
                "position {position}"
            );
            for from in [0, expected / 2, expected] {
                assert_eq!(segment.sentence_from(from, position), expected);
            }
        }
    }

    /// An index built over the transcripts before their library is made is the library's
    /// index once synced: the sync indexes nothing again, and queries find the same hits.
    #[test]
    fn an_index_of_the_transcripts_is_the_librarys_once_synced() {
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let files = crate::parse::collect_files(&[corpora.join("seed"), corpora.join("rev-2020")]);
        let transcripts: Vec<Arc<Transcript>> = crate::parse::load_paths(&files)
            .into_iter()
            .filter_map(Result::ok)
            .map(Arc::new)
            .collect();
        assert!(transcripts.len() >= 4);
        let mut early = Index::for_transcripts(&transcripts);
        let library = Library::from_shared(transcripts);
        assert!(!early.sync(&library), "nothing is indexed again");
        assert!(!early.sync(&library));
        let built = Index::build(&library);
        assert_eq!(early.token_count(), built.token_count());
        assert_eq!(early.sentence_count(), built.sentence_count());
        assert_eq!(
            early.vocabulary().distinct_terms(),
            built.vocabulary().distinct_terms()
        );
        let themes = crate::analysis::ThemeSet::builtin();
        for query in [
            "theme:economy",
            "\"the american people\"",
            "tax* speaker:biden",
        ] {
            let filter = crate::analysis::Filter::query(query);
            let _cache = crate::analysis::filter::match_cache_test_lock();
            crate::analysis::filter::clear_match_cache();
            let found = filter.evaluate(&library, &early, &themes);
            crate::analysis::filter::clear_match_cache();
            let expected = filter.evaluate(&library, &built, &themes);
            assert_eq!(found, expected, "{query}");
            assert!(found.is_ok_and(|m| !m.hits.is_empty()), "{query}");
        }
    }

    /// Each (speaker, alias)'s counts are those of tokenizing its sentences again, in real
    /// transcripts (briefings with dozens of reporters, debates, interviews) and in small ones
    /// where the speaker with the most words comes last, or says nothing.
    #[test]
    fn alias_counts_are_those_of_counting_each_sentence() {
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let files = crate::parse::collect_files(&[
            corpora.join("seed"),
            corpora.join("rev-2020"),
            corpora.join("whitehouse"),
            corpora.join("gop-debates-2016"),
        ]);
        let mut transcripts: Vec<Arc<Transcript>> = crate::parse::load_paths(&files)
            .into_iter()
            .filter_map(Result::ok)
            .map(Arc::new)
            .collect();
        assert!(transcripts.len() >= 8);
        let speakers = [("Ann", Role::Person), ("Bob", Role::Reporter)];
        for turns in [
            &[(0, "Yes."), (1, "Why not? Why not now, and why not here?")][..],
            &[(1, "Tariffs."), (0, "")],
            &[(0, "Only one speaker. One.")],
        ] {
            transcripts.push(Arc::new(transcript("small.txt", &speakers, turns)));
        }
        let library = Library::from_shared(transcripts);
        let index = Index::build(&library);
        let vocabulary = index.vocabulary();
        for segment in &index.segments {
            let transcript = &segment.transcript;
            let mut expected: BTreeMap<(SpeakerIndex, usize), (BTreeMap<TermId, u32>, u64)> =
                BTreeMap::new();
            for (t, turn) in transcript.turns.iter().enumerate() {
                let (counts, tokens) = expected.entry((turn.speaker, turn.alias)).or_default();
                for sentence in &segment.sentences[segment.turn_sentence_range(t)] {
                    let terms = crate::analysis::tokenize::terms(&turn.text[sentence.range()]);
                    *tokens += terms.len() as u64;
                    for term in terms {
                        let id = vocabulary
                            .id(&term)
                            .expect("every term is in the vocabulary");
                        *counts.entry(id).or_default() += 1;
                    }
                }
            }
            let found: BTreeMap<(SpeakerIndex, usize), (BTreeMap<TermId, u32>, u64)> = segment
                .alias_counts
                .iter()
                .map(|alias| {
                    assert!(
                        alias.counts.windows(2).all(|w| w[0].0 < w[1].0),
                        "counts ascend by term"
                    );
                    // Kept for the life of the index: no room to spare.
                    assert_eq!(alias.counts.capacity(), alias.counts.len());
                    let counts = alias.counts.iter().copied().collect();
                    ((alias.speaker, alias.alias), (counts, alias.tokens))
                })
                .collect();
            assert_eq!(
                segment.alias_counts.len(),
                found.len(),
                "one entry per alias"
            );
            assert_eq!(found, expected, "{}", transcript.source_path.display());
        }
    }

    proptest::proptest! {
        /// The bitmap puts local ids in the order a sort by global id gives, one text after
        /// another on the same thread (the bitmap is reused), shared and sparse ids included.
        #[test]
        fn local_ids_come_out_in_global_order(
            texts in proptest::collection::vec(
                proptest::collection::vec(0u32..5000, 0..300), 1..4),
            sparse in 0u32..2,
        ) {
            for globals in &texts {
                let globals: Vec<TermId> = globals.iter().map(|&g| g * (1 + sparse * 999)).collect();
                let mut expected: Vec<u32> = (0..globals.len() as u32).collect();
                expected.sort_by_key(|&l| (globals[l as usize], l));
                let order = local_ids_in_global_order(&globals);
                let by_global = |o: &[u32]| o.iter().map(|&l| globals[l as usize]).collect::<Vec<_>>();
                proptest::prop_assert_eq!(by_global(&order), by_global(&expected));
                let mut seen = order.clone();
                seen.sort_unstable();
                proptest::prop_assert_eq!(seen, (0..globals.len() as u32).collect::<Vec<_>>());
            }
        }
    }

    /// Which terms each transcript holds, as a query finds it in [`TermSegments`], is what the
    /// transcripts' own postings say: after the first build, after a transcript is added,
    /// and after one is removed (the segments then shift).
    #[test]
    fn term_presence_is_that_of_the_postings() {
        fn check(index: &Index) {
            let all: Vec<TermId> = (0..index.vocabulary().len() as TermId).collect();
            // Every term, a few, in descending order, and none.
            let some: Vec<TermId> = all.iter().rev().step_by(3).copied().collect();
            for terms in [all.clone(), some, Vec::new()] {
                let presence = index.presence(&terms);
                for (s, segment) in index.segments.iter().enumerate() {
                    let expected: Vec<TermId> = terms
                        .iter()
                        .copied()
                        .filter(|&id| !segment.postings(id).is_empty())
                        .collect();
                    let found = presence.terms_in(s).unwrap_or_default();
                    let found_terms: Vec<TermId> = found.iter().map(|&(id, _)| id).collect();
                    assert_eq!(found_terms, expected, "segment {s}");
                    // Each term's place in the segment's term list gives its postings.
                    for &(id, local) in found {
                        assert_eq!(segment.terms.get(local as usize), Some(&id));
                        assert_eq!(
                            segment
                                .postings_at(local as usize)
                                .iter()
                                .collect::<Vec<_>>(),
                            segment.postings(id).iter().collect::<Vec<_>>()
                        );
                    }
                    assert_eq!(presence.any_in(s), !expected.is_empty());
                }
                assert_eq!(presence.terms_in(index.segments.len()), None);
            }
        }
        let mut library = Library::from_transcripts([
            transcript(
                "a.txt",
                &[("A", Role::Person)],
                &[(0, "Sanctions on oil. Talks on gas.")],
            ),
            transcript(
                "b.txt",
                &[("B", Role::Person)],
                &[(0, "Gas prices and sanctions again.")],
            ),
        ]);
        let mut index = Index::build(&library);
        check(&index);
        library.add(Arc::new(transcript(
            "c.txt",
            &[("C", Role::Person)],
            &[(0, "Embargo talk: no oil, no grain.")],
        )));
        index.sync(&library);
        check(&index);
        library.remove(0);
        index.sync(&library);
        check(&index);
        // A term of the removed transcript alone is held by none.
        let talks = index.vocabulary().id("talks");
        assert!(talks.is_some());
        let presence = index.presence(&talks.into_iter().collect::<Vec<_>>());
        assert!((0..index.segments.len()).all(|s| !presence.any_in(s)));
        // Not worked out: every term may occur.
        assert!(TermPresence::default().any_in(0));
    }
}
