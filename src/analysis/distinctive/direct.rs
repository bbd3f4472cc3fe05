//! Per-speaker term counts read straight from the turns' text, without the positional index:
//! all that `crosstalk terms` needs (sentences and postings play no part in the counts). The
//! counts are exactly those of [`speaker_counts`](super::speaker_counts) over an
//! [`Index`](crate::analysis::Index): same terms in the same order, same counts, same
//! background.
//!
//! The index tokenizes a turn sentence by sentence. Tokenizing a whole turn at once gives the
//! same tokens unless a sentence bound falls inside a run of non-space characters next to a
//! word (`end.Next`): [`tokenizes_like_sentences`] recognises the turns where that cannot
//! happen (nearly all), and the others are tokenized sentence by sentence as the index does.

use super::{TermCounts, allowed_transcripts, speaker_set};
use crate::analysis::filter::Filter;
use crate::analysis::index::{
    expected_distinct_terms, short_hash, short_key, term_hash, term_text,
};
use crate::analysis::sentences::for_each_sentence_range;
use crate::analysis::tokenize::{
    KeyedTerm, TermScratch, for_each_keyed_term, for_each_keyed_term_in, short_key_text,
};
use crate::library::Library;
use crate::model::Transcript;
use rayon::prelude::*;
use std::ops::Range;

/// Text bytes per piece of the library counted on its own thread.
const PIECE_BYTES: usize = 512 << 10;

/// Side of a turn: A, B, or neither (counted in the background only).
const SIDE_A: usize = 0;
const SIDE_B: usize = 1;
const SIDE_NEITHER: usize = 2;

/// Counts the words of the speakers `a` and of `b` (library speaker keys) within `scope`, as
/// [`speaker_counts`](super::speaker_counts) does with an index; `b` empty means everyone else.
/// The background is the whole library.
///
/// Returns `None` when the scope restricts sections, themes or a query: those need the index's
/// sentences (use [`speaker_counts`](super::speaker_counts)).
pub fn speaker_counts_direct(
    library: &Library,
    scope: &Filter,
    a: &[String],
    b: &[String],
) -> Option<TermCounts> {
    let simple =
        scope.sections.is_empty() && scope.themes.is_empty() && scope.query.trim().is_empty();
    if !simple {
        return None;
    }
    let speaker_sides = library_speaker_sides(library, scope, a, b);
    let transcripts = library.transcripts();
    let allowed = allowed_transcripts(library, scope);
    let pieces = pieces(transcripts);
    let count = |piece: &Piece| {
        let t = piece.transcript;
        let in_scope = allowed.contains(t);
        count_turns(&transcripts[t], piece.turns.clone(), |speaker, alias| {
            library
                .speaker_of(t, speaker, alias)
                .filter(|_| in_scope)
                .and_then(|s| speaker_sides.get(s).copied())
                .unwrap_or(SIDE_NEITHER)
        })
    };
    let locals: Vec<LocalCounts<u32>> = if pieces.len() > 1 {
        pieces.par_iter().map(count).collect()
    } else {
        pieces.iter().map(count).collect()
    };
    // Merged in library order, so that terms are numbered by first occurrence, as the index's
    // vocabulary numbers them.
    // Room for twice the largest piece's terms: the pieces share most of theirs.
    let room = 2 * locals
        .iter()
        .map(|local| local.ends.len())
        .max()
        .unwrap_or(0);
    let mut merged: LocalCounts<u64> = LocalCounts::with_capacity(room);
    for local in &locals {
        for (id, term) in local.terms().enumerate() {
            let to = merged.id(term);
            for side in 0..3 {
                merged.counts[to][side] += u64::from(local.counts[id][side]);
            }
        }
    }
    let mut counts = TermCounts::default();
    for (id, term) in merged.terms().enumerate() {
        let [on_a, on_b, neither] = merged.counts[id];
        if on_a == 0 && on_b == 0 {
            continue;
        }
        counts.terms.push(term.to_owned());
        counts.a.push(on_a);
        counts.b.push(on_b);
        counts.background.push(on_a + on_b + neither);
    }
    Some(counts)
}

/// The side of each library speaker: A, B or neither, after the scope's roles and speakers.
fn library_speaker_sides(
    library: &Library,
    scope: &Filter,
    a: &[String],
    b: &[String],
) -> Vec<usize> {
    let (set_a, set_b) = (speaker_set(library, a), speaker_set(library, b));
    library
        .speakers()
        .iter()
        .enumerate()
        .map(|(i, speaker)| {
            let in_scope = (scope.roles.is_empty() || scope.roles.contains(&speaker.role))
                && (scope.speakers.is_empty() || scope.speakers.contains(&speaker.key));
            if !in_scope {
                SIDE_NEITHER
            } else if set_a.contains(i) {
                SIDE_A
            } else if b.is_empty() || set_b.contains(i) {
                SIDE_B
            } else {
                SIDE_NEITHER
            }
        })
        .collect()
}

/// A run of one transcript's turns.
struct Piece {
    transcript: usize,
    turns: Range<usize>,
}

/// The library cut into runs of turns of about [`PIECE_BYTES`] of text, in library order.
fn pieces(transcripts: &[std::sync::Arc<Transcript>]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (t, transcript) in transcripts.iter().enumerate() {
        let mut start = 0;
        let mut bytes = 0;
        for (i, turn) in transcript.turns.iter().enumerate() {
            bytes += turn.text.len();
            if bytes >= PIECE_BYTES {
                pieces.push(Piece {
                    transcript: t,
                    turns: start..i + 1,
                });
                start = i + 1;
                bytes = 0;
            }
        }
        if start < transcript.turns.len() {
            pieces.push(Piece {
                transcript: t,
                turns: start..transcript.turns.len(),
            });
        }
    }
    pieces
}

/// Counts the tokens of a run of turns per side (`side_of(local speaker, alias)`).
fn count_turns(
    transcript: &Transcript,
    turns: Range<usize>,
    side_of: impl Fn(usize, usize) -> usize,
) -> LocalCounts<u32> {
    let turns = transcript.turns.get(turns).unwrap_or_default();
    let bytes = turns.iter().map(|turn| turn.text.len()).sum();
    let mut counts = PieceCounts::for_text_of(bytes);
    let mut scratch = TermScratch::default();
    for turn in turns {
        let side = side_of(turn.speaker, turn.alias);
        count_text(&turn.text, side, &mut scratch, &mut counts);
    }
    counts.finish()
}

/// Counts the tokens of a turn's text on `side`, as the index tokenizes it: sentence by
/// sentence, or whole where that gives the same tokens ([`tokenizes_like_sentences`]).
fn count_text(text: &str, side: usize, scratch: &mut TermScratch, counts: &mut PieceCounts) {
    if tokenizes_like_sentences(text) {
        for_each_keyed_term(text, scratch, |term| counts.add_keyed(term, side));
    } else {
        // The text is classified once for all its sentences.
        scratch.classify(text.as_bytes());
        for_each_sentence_range(text, |range| {
            for_each_keyed_term_in(text, range, scratch, |term| counts.add_keyed(term, side));
        });
    }
}

/// Terms numbered in order of first occurrence, with their counts per side; the text of the
/// terms kept in one buffer (no allocation per term), found by hash without building a key.
struct LocalCounts<C> {
    text: String,
    /// Term `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
    table: hashbrown::HashTable<u32>,
    /// Occurrences per term: on side A, on side B, elsewhere.
    counts: Vec<[C; 3]>,
}

impl<C> Default for LocalCounts<C> {
    fn default() -> Self {
        LocalCounts::with_capacity(0)
    }
}

impl<C> LocalCounts<C> {
    /// Empty, with room for `terms` terms.
    fn with_capacity(terms: usize) -> Self {
        LocalCounts {
            text: String::with_capacity(terms * 8),
            ends: Vec::with_capacity(terms),
            table: hashbrown::HashTable::with_capacity(terms),
            counts: Vec::with_capacity(terms),
        }
    }
}

impl<C: Copy + Default> LocalCounts<C> {
    /// The id of `term`, numbering it if it is new.
    fn id(&mut self, term: &str) -> usize {
        let hash = term_hash(term);
        let LocalCounts {
            text,
            ends,
            table,
            counts,
        } = self;
        if let Some(&id) = table.find(hash, |&id| term_text(text, ends, id) == term) {
            return id as usize;
        }
        let id = ends.len() as u32;
        text.push_str(term);
        ends.push(text.len() as u32);
        counts.push([C::default(); 3]);
        table.insert_unique(hash, id, |&id| term_hash(term_text(text, ends, id)));
        id as usize
    }

    /// The terms in id order.
    fn terms(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|id| term_text(&self.text, &self.ends, id))
    }
}

/// The counts of a piece of the library: [`LocalCounts`], with a second table for the short
/// terms (up to 15 bytes: nearly all words), keyed by their bytes packed in an integer and
/// holding their counts, so that they are found and counted without hashing or comparing
/// strings and with one memory access.
#[derive(Default)]
struct PieceCounts {
    counts: LocalCounts<u32>,
    short: hashbrown::HashTable<ShortTerm>,
}

/// A short term's entry in [`PieceCounts`].
struct ShortTerm {
    key: u128,
    id: u32,
    counts: [u32; 3],
}

impl PieceCounts {
    /// Tables with room for the terms of about `bytes` of text ([`expected_distinct_terms`]),
    /// so that they seldom grow while counting.
    fn for_text_of(bytes: usize) -> PieceCounts {
        let expected = expected_distinct_terms(bytes);
        PieceCounts {
            counts: LocalCounts::with_capacity(expected),
            short: hashbrown::HashTable::with_capacity(expected),
        }
    }

    /// Counts one occurrence of a term as [`for_each_keyed_term`] gives it on `side` (0 to 2).
    /// (Inlined: it runs for every token.)
    #[inline(always)]
    fn add_keyed(&mut self, term: KeyedTerm<'_>, side: usize) {
        match term {
            KeyedTerm::Short(key) => self.add_short(key, side),
            KeyedTerm::Text(term) => match short_key(term) {
                Some(key) => self.add_short(key, side),
                None => {
                    let id = self.counts.id(term);
                    if let Some(count) =
                        self.counts.counts.get_mut(id).and_then(|c| c.get_mut(side))
                    {
                        *count += 1;
                    }
                }
            },
        }
    }

    /// Counts one occurrence of the short term of `key` (whose text is in the key:
    /// [`short_key_text`]) on `side`.
    #[inline(always)]
    fn add_short(&mut self, key: u128, side: usize) {
        let hash = short_hash(key);
        if let Some(entry) = self.short.find_mut(hash, |entry| entry.key == key) {
            if let Some(count) = entry.counts.get_mut(side) {
                *count += 1;
            }
            return;
        }
        self.add_new_short(key, hash, side);
    }

    /// Numbers the new short term of `key` (hashed to `hash`), counted once on `side`.
    #[inline(never)]
    fn add_new_short(&mut self, key: u128, hash: u64, side: usize) {
        let id = self.counts.id(&short_key_text(&key)) as u32;
        let mut counts = [0; 3];
        if let Some(count) = counts.get_mut(side) {
            *count = 1;
        }
        self.short
            .insert_unique(hash, ShortTerm { key, id, counts }, |entry| {
                short_hash(entry.key)
            });
    }

    /// The counts, the short terms' included.
    fn finish(mut self) -> LocalCounts<u32> {
        for entry in self.short.drain() {
            if let Some(counts) = self.counts.counts.get_mut(entry.id as usize) {
                for (total, count) in counts.iter_mut().zip(entry.counts) {
                    *total += count;
                }
            }
        }
        self.counts
    }
}

/// Whether a non-ASCII character is one [`tokenizes_like_sentences`] knows: Latin-1 letters and
/// signs, basic Cyrillic, the usual dashes, quotation marks and bullets. None of them is white
/// space, a sentence terminator, a paragraph separator or a format character.
fn is_known_non_ascii(c: char) -> bool {
    matches!(c as u32, 0xa1..=0xac | 0xae..=0xff | 0x400..=0x45f | 0x2010..=0x2023 | 0x2025..=0x2027)
}

/// Whether a character closes a sentence (UAX #29 `Close`) among those known here.
fn is_close(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '\u{ab}' | '\u{bb}' | '\u{2018}'
            ..='\u{201f}'
    )
}

/// Whether tokenizing `text` whole gives exactly the tokens of tokenizing each of its
/// [`sentence_ranges`](crate::analysis::sentences::sentence_ranges) apart (the index's way).
/// `false` means "not sure": the caller then tokenizes by sentences.
///
/// The tokenizer never joins across ASCII white space, so the two agree unless a sentence
/// bound (UAX #29) falls inside a run of non-space characters and a letter or digit follows it
/// in that run, or the sentence ranges trim white space that is not ASCII. Such bounds come
/// only after a terminator (`.` `?` `!`) and its closing marks, and rules SB6 to SB8a keep many
/// of them together (`U.S.`, `3.5`, `e.g.`, `yes.--`); this checks them by those rules, for
/// text made of ASCII and the characters of [`is_known_non_ascii`].
pub fn tokenizes_like_sentences(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !text.is_ascii() && !text.chars().all(|c| c.is_ascii() || is_known_non_ascii(c)) {
        return false;
    }
    // A vertical tab is white space to sentences but not to the tokenizer.
    if memchr::memchr(0x0b, bytes).is_some() {
        return false;
    }
    let mut checked_to = 0;
    for at in memchr::memchr3_iter(b'.', b'?', b'!', bytes) {
        if at < checked_to {
            continue;
        }
        // The run of terminators and closing marks from here.
        let mut last_terminator = at;
        let mut closed = false;
        let mut next = None;
        for (offset, c) in text[at..].char_indices() {
            match c {
                '.' | '?' | '!' => {
                    last_terminator = at + offset;
                    closed = false;
                }
                c if is_close(c) => closed = true,
                c => {
                    next = Some((at + offset, c));
                    break;
                }
            }
        }
        let Some((after, c)) = next else {
            return true;
        };
        checked_to = after;
        if c.is_ascii_whitespace() {
            continue;
        }
        let full_stop = bytes[last_terminator] == b'.';
        let letter_before = last_terminator
            .checked_sub(1)
            .is_some_and(|i| bytes[i].is_ascii_alphabetic());
        let kept_together = matches!(c, ',' | '-' | ':' | ';' | '\u{2013}' | '\u{2014}') // SB8a
            || (full_stop && !closed && c.is_ascii_digit()) // SB6
            || (full_stop && !closed && c.is_ascii_uppercase() && letter_before) // SB7
            || (full_stop && c.is_ascii_lowercase()); // SB8
        if kept_together {
            continue;
        }
        // A bound here: harmless when no word can follow it before the next white space.
        let run_end = bytes[after..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |i| after + i);
        if bytes[after..run_end]
            .iter()
            .any(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
        {
            return false;
        }
        checked_to = run_end;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sentences::sentence_ranges;
    use crate::analysis::tokenize::for_each_term;
    use crate::analysis::tokenize::for_each_token;

    /// The terms of a text tokenized whole.
    fn whole(text: &str) -> Vec<String> {
        let mut buffer = String::new();
        let mut terms = Vec::new();
        for_each_token(text, &mut buffer, |_, term| terms.push(term.to_owned()));
        terms
    }

    /// The terms of a text tokenized sentence by sentence, as the index does.
    fn by_sentences(text: &str) -> Vec<String> {
        let mut buffer = String::new();
        let mut terms = Vec::new();
        for range in sentence_ranges(text) {
            for_each_token(&text[range], &mut buffer, |_, term| {
                terms.push(term.to_owned())
            });
        }
        terms
    }

    #[test]
    fn texts_whose_sentences_split_a_word_are_detected() {
        // A Hebrew letter is a letter to word bounds but not to sentence bounds (`OLetter`):
        // a sentence ends after "a.", while the whole run is one word.
        for text in [
            "It was a.\u{5d0} then",
            "B\u{2024}\u{5d0} x",
            "\u{a0}\u{345} word.",
        ] {
            assert_ne!(whole(text), by_sentences(text), "{text}");
            assert!(!tokenizes_like_sentences(text), "{text}");
        }
        // Sure cases and unsure ones (a bound inside a run, before a word) alike are counted
        // as the index counts them.
        for text in [
            "Really?Yes.",
            "Done. \u{a0}Next",
            "It was 5.Next",
            "a.\u{5d0}",
        ] {
            let mut counts = PieceCounts::default();
            count_text(text, SIDE_A, &mut TermScratch::default(), &mut counts);
            let counts = counts.finish();
            let counted: Vec<&str> = counts.terms().collect();
            let mut expected = by_sentences(text);
            let mut seen = std::collections::HashSet::new();
            expected.retain(|t| seen.insert(t.clone()));
            assert_eq!(counted, expected, "{text}");
        }
    }

    #[test]
    fn common_punctuation_is_recognised_as_safe() {
        for text in [
            "The U.S. and the U.K. met at 3.5 p.m. today, e.g. here.",
            "Mr. Smith said: \"Yes.\" Then (quietly) \"no?\" And... well!",
            "What?! Really?) Fine.--OK. “Fine.” Done.",
            "Он сказал: «Да». Потом ушёл.",
            "Costs rose.-- and fell",
        ] {
            assert!(tokenizes_like_sentences(text), "{text}");
            assert_eq!(whole(text), by_sentences(text), "{text}");
        }
    }

    /// The terms of [`for_each_term`].
    fn fast_terms(text: &str) -> Vec<String> {
        let mut scratch = TermScratch::default();
        let mut terms = Vec::new();
        for_each_term(text, &mut scratch, |term| terms.push(term.to_owned()));
        terms
    }

    #[test]
    fn short_keys_are_the_bytes_and_length() {
        let key = |term: &str| short_key(term).unwrap_or(u128::MAX);
        assert_eq!(key("a"), (1 << 120) | 0x61);
        assert_eq!(key("abcde"), (5 << 120) | 0x0065_6463_6261);
        assert_eq!(
            key("abcdefghijklmno"),
            (15 << 120) | 0x006f_6e6d_6c6b_6a69_6867_6665_6463_6261
        );
        assert_eq!(short_key("abcdefghijklmnop"), None);
        let words: Vec<String> = (0..=15)
            .flat_map(|n| ["a", "b", "\u{e9}"].map(|c| c.repeat(n)))
            .chain(["ab", "ba", "abcdefghi", "abcdefghj", "bbcdefghi"].map(String::from))
            .filter(|w| w.len() <= 15)
            .collect();
        let mut keys: Vec<u128> = words.iter().map(|w| key(w)).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut distinct = words.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(keys.len(), distinct.len());
    }

    #[test]
    fn punctuated_words_are_the_tokenizer_terms() {
        let text = "(Yes), \"the\" END. it's U.S. 3.5 _x x_ -x- don't— \u{e9}t\u{e9}! word";
        assert_eq!(fast_terms(text), whole(text));
        assert_eq!(fast_terms("(Yes), \"the\" END."), vec!["yes", "the", "end"]);
    }

    proptest::proptest! {
        /// The fast path gives exactly the tokenizer's terms.
        #[test]
        fn fast_terms_are_the_tokenizer_terms(
            text in "[a-zA-Z0-9 .?!,;:'\"()\\-_$%#@/\n\t\u{b}\u{a0}\u{e9}\u{c9}\u{2014}\u{2019}\u{201c}\u{410}\u{301}]{0,60}"
        ) {
            proptest::prop_assert_eq!(fast_terms(&text), whole(&text));
        }

        /// Whenever the check says so, a whole text tokenizes like its sentences.
        #[test]
        fn safe_texts_tokenize_like_their_sentences(
            text in "[a-zA-Z0-9 .?!,;:'\"()\\-_\n\r\t\u{b}\u{a0}\u{ab}\u{bb}\u{e9}\u{c9}\u{2014}\u{2019}\u{201c}\u{201d}\u{2024}\u{2026}\u{410}\u{430}\u{301}]{0,60}"
        ) {
            if tokenizes_like_sentences(&text) {
                proptest::prop_assert_eq!(whole(&text), by_sentences(&text));
            }
        }

        /// Sentence-like text: words, spaces, terminators, capitals.
        #[test]
        fn safe_sentence_like_texts_tokenize_like_their_sentences(
            text in "([A-Za-z0-9\u{e9}\u{c9}]{1,4}[ .!?,:;\\-'\")\u{2019}\u{201d}\n]{1,3}){0,20}"
        ) {
            if tokenizes_like_sentences(&text) {
                proptest::prop_assert_eq!(whole(&text), by_sentences(&text));
            }
        }
    }
}
