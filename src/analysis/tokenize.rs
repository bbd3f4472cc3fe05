//! Word tokens: Unicode word boundaries, case-folded, curly apostrophes made straight; English
//! and Russian stop words; Snowball stemming (English, or Russian for Cyrillic words).

#[cfg(doc)]
use crate::analysis::index::short_key;
use crate::swar::{ClassRules, SPLAT_LOWER, block_classes};
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// One word of a text: where it stands and its normalized (case-folded) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The normalized form: lower case, `’`/`‘`/`ʼ` replaced by `'`.
    pub term: String,
}

/// Whether a word-boundary segment is a word: it holds a letter or a digit.
fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// Whether a character is an apostrophe variant folded to `'`.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Normalizes one word into `buffer` (cleared first): lower case, apostrophes straightened.
/// Returns the normalized form, borrowing the word itself when it is already normal.
pub fn normalize<'a>(word: &'a str, buffer: &'a mut String) -> &'a str {
    let already_normal = word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    if already_normal {
        return word;
    }
    buffer.clear();
    for c in word.chars() {
        if is_apostrophe(c) {
            buffer.push('\'');
        } else if c.is_lowercase() || !c.is_alphabetic() {
            buffer.push(c);
        } else {
            buffer.extend(c.to_lowercase());
        }
    }
    buffer.as_str()
}

/// Normalizes a word to an owned term (see [`normalize`]).
pub fn normalize_owned(word: &str) -> String {
    let mut buffer = String::new();
    normalize(word, &mut buffer).to_owned()
}

/// Calls `each(byte_range, term)` for every word of `text`, in order, without allocating per
/// token (`buffer` is reused). This is the tokenizer the index uses.
///
/// Words are Unicode (UAX #29) word segments holding a letter or digit. As a fast path, a run
/// of ASCII letters and digits between ASCII white space is one word under those rules, so it
/// is taken as is; a run made of characters whose word-break class is known here (ASCII,
/// Latin-1, basic Cyrillic, the usual dashes and quotation marks) is segmented by the UAX #29
/// rules those classes take part in; every other run is segmented by `unicode-segmentation`.
pub fn for_each_token(text: &str, buffer: &mut String, mut each: impl FnMut(Range<usize>, &str)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        let mut plain = true;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            plain &= bytes[at].is_ascii_alphanumeric();
            at += 1;
        }
        // ASCII white space never splits a character, so `start..at` is on char boundaries.
        let Some(chunk) = text.get(start..at) else {
            continue;
        };
        if plain {
            each(start..at, normalize(chunk, buffer));
        } else if chunk.chars().all(|c| word_class(c).is_some()) {
            known_words(chunk, start, buffer, &mut each);
        } else {
            unicode_words(chunk, start, buffer, &mut each);
        }
    }
}

/// Whether a character [`word_class`] knows is a letter or a digit (`char::is_alphanumeric`,
/// without the Unicode tables' search): in Latin-1 `ª µ º`, the letters from `À` on but `×`
/// and `÷`, and the digits and fractions `² ³ ¹ ¼ ½ ¾`; every basic Cyrillic character; no
/// punctuation of U+2010..U+2027.
fn known_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xaa | 0xb2 | 0xb3 | 0xb5 | 0xb9 | 0xba | 0xbc..=0xbe => true,
        0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0xff => true,
        0x400..=0x45f => true,
        _ => false,
    }
}

/// UAX #29 word-break classes of the characters [`word_class`] knows. `Other` breaks on both
/// sides (WB999); the double quote only matters next to Hebrew letters, so it is `Other` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    ExtendNumLet,
    Other,
}

/// The word-break class of a character, for ASCII (white space aside), Latin-1, basic
/// Cyrillic and U+2010..U+2027 (from the Unicode tables of `unicode-segmentation`); `None`
/// for any other character, and for those whose class brings rules not implemented here
/// (white space, line breaks, format characters).
fn word_class(c: char) -> Option<WordClass> {
    Some(match c as u32 {
        0x41..=0x5a | 0x61..=0x7a => WordClass::Letter,
        0x30..=0x39 => WordClass::Numeric,
        0x3a => WordClass::MidLetter,
        0x2c | 0x3b => WordClass::MidNum,
        0x2e => WordClass::MidNumLet,
        0x27 => WordClass::SingleQuote,
        0x5f => WordClass::ExtendNumLet,
        0x09..=0x0d | 0x20 | 0x85 | 0xad => return None,
        0x00..=0x7f => WordClass::Other,
        0xaa | 0xb5 | 0xb8 | 0xba | 0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0xff => WordClass::Letter,
        0xb7 => WordClass::MidLetter,
        0x80..=0xff => WordClass::Other,
        0x400..=0x45f => WordClass::Letter,
        0x2018 | 0x2019 | 0x2024 => WordClass::MidNumLet,
        0x2027 => WordClass::MidLetter,
        0x2010..=0x2017 | 0x201a..=0x2023 | 0x2025 | 0x2026 => WordClass::Other,
        _ => return None,
    })
}

/// The UAX #29 words of a chunk whose characters all have a [`word_class`], which starts at
/// byte `offset` of the text: WB5 to WB13b over letters, digits, the mid-word punctuation and
/// the connector `_`; a break everywhere else.
fn known_words(
    chunk: &str,
    offset: usize,
    buffer: &mut String,
    each: &mut impl FnMut(Range<usize>, &str),
) {
    use WordClass::{ExtendNumLet, Letter, MidLetter, MidNum, MidNumLet, Numeric, SingleQuote};
    // On the stack for the usual chunk (`it's`, `U.S.`, `1,000`): this runs for every chunk
    // with punctuation inside, so a heap allocation each time would show.
    const STACK_CHARS: usize = 48;
    let mut on_stack = [(0usize, WordClass::Other, false); STACK_CHARS];
    let mut on_heap = Vec::new();
    let count = chunk.chars().count();
    let slots: &mut [(usize, WordClass, bool)] = if count <= STACK_CHARS {
        &mut on_stack[..count]
    } else {
        on_heap.resize(count, (0usize, WordClass::Other, false));
        &mut on_heap
    };
    for (slot, (at, c)) in slots.iter_mut().zip(chunk.char_indices()) {
        *slot = (
            at,
            word_class(c).unwrap_or(WordClass::Other),
            known_alphanumeric(c),
        );
    }
    let chars: &[(usize, WordClass, bool)] = slots;
    let class = |i: usize| chars.get(i).map(|&(_, class, _)| class);
    let mid_letter = |c: Option<WordClass>| matches!(c, Some(MidLetter | MidNumLet | SingleQuote));
    let mid_num = |c: Option<WordClass>| matches!(c, Some(MidNum | MidNumLet | SingleQuote));
    let mut segment_start = 0;
    for i in 1..=chars.len() {
        let joined = i < chars.len() && {
            let (before, here, after) = (class(i - 1), class(i), class(i + 1));
            let two_before = i.checked_sub(2).and_then(class);
            match (before, here) {
                (Some(Letter), Some(Letter)) => true, // WB5
                (Some(Letter), _) if mid_letter(here) && after == Some(Letter) => true, // WB6
                (_, Some(Letter)) if mid_letter(before) && two_before == Some(Letter) => true, // WB7
                (Some(Numeric | Letter), Some(Numeric | Letter)) => true, // WB8, WB9, WB10
                (_, Some(Numeric)) if mid_num(before) && two_before == Some(Numeric) => true, // WB11
                (Some(Numeric), _) if mid_num(here) && after == Some(Numeric) => true, // WB12
                (Some(Letter | Numeric | ExtendNumLet), Some(ExtendNumLet)) => true,   // WB13a
                (Some(ExtendNumLet), Some(Letter | Numeric)) => true,                  // WB13b
                _ => false,
            }
        };
        if joined {
            continue;
        }
        let start = chars[segment_start].0;
        let end = chars.get(i).map_or(chunk.len(), |&(at, ..)| at);
        let segment = &chunk[start..end];
        // A word holds a letter or a digit ([`is_word`], from the classes already read).
        let is_word = chars
            .get(segment_start..i)
            .is_some_and(|segment| segment.iter().any(|&(.., alphanumeric)| alphanumeric));
        if is_word {
            each(offset + start..offset + end, normalize(segment, buffer));
        }
        segment_start = i;
    }
}

/// The UAX #29 words of `chunk`, which starts at byte `offset` of the text.
fn unicode_words(
    chunk: &str,
    offset: usize,
    buffer: &mut String,
    each: &mut impl FnMut(Range<usize>, &str),
) {
    for (start, segment) in chunk.split_word_bound_indices() {
        if is_word(segment) {
            let start = offset + start;
            each(start..start + segment.len(), normalize(segment, buffer));
        }
    }
}

/// The words of a text as owned tokens (convenient; the index uses [`for_each_token`]).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut buffer = String::new();
    let mut tokens = Vec::new();
    for_each_token(text, &mut buffer, |range, term| {
        tokens.push(Token {
            range,
            term: term.to_owned(),
        })
    });
    tokens
}

/// The normalized terms of a text (what a query word or theme phrase becomes).
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

static STOP_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    ["en", "ru"]
        .into_iter()
        .filter_map(stop_words::lookup)
        .flatten()
        .flat_map(|word| terms(word))
        .collect()
});

/// Whether a normalized term is an English or Russian stop word (lists of the `stop-words`
/// crate, ISO set).
pub fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.contains(term)
}

/// Snowball stemmers for the languages of the corpus: Russian for words in Cyrillic script,
/// English otherwise.
pub struct Stemmers {
    english: Stemmer,
    russian: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers::new()
    }
}

impl std::fmt::Debug for Stemmers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmers(english, russian)")
    }
}

impl Stemmers {
    /// English and Russian Snowball stemmers.
    pub fn new() -> Stemmers {
        Stemmers {
            english: Stemmer::create(Algorithm::English),
            russian: Stemmer::create(Algorithm::Russian),
        }
    }

    /// The stem of a normalized term.
    pub fn stem<'a>(&self, term: &'a str) -> Cow<'a, str> {
        let cyrillic = term.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        if cyrillic {
            self.russian.stem(term)
        } else {
            self.english.stem(term)
        }
    }
}

/// Byte classes of [`for_each_keyed_term`] (which reads them 64 at a time with
/// [`block_classes`]; this table is the tests' reference): white space, letter or digit,
/// punctuation that never joins two words, and everything else (`_`, which joins words, and
/// non-ASCII bytes).
#[cfg(test)]
const WHITE: u8 = 0;
#[cfg(test)]
const ALNUM: u8 = 1;
#[cfg(test)]
const PUNCT: u8 = 2;
#[cfg(test)]
const OTHER: u8 = 3;

#[cfg(test)]
static TERM_CLASSES: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        classes[byte] = if b.is_ascii_whitespace() {
            WHITE
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else if b == b'_' {
            OTHER
        } else {
            PUNCT
        };
        byte += 1;
    }
    classes
};

/// [`for_each_keyed_term`] with every term given as text (as the tests read them).
#[cfg(test)]
pub(crate) fn for_each_term(text: &str, scratch: &mut TermScratch, mut each: impl FnMut(&str)) {
    for_each_keyed_term(text, scratch, |term| match term {
        KeyedTerm::Short(key) => each(&short_key_text(&key)),
        KeyedTerm::Text(term) => each(term),
    });
}

/// A term as [`for_each_keyed_term`] gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum KeyedTerm<'a> {
    /// A plain word of letters and digits, at most 15 bytes: its [`short_key`], made from the
    /// text without copying it.
    Short(u128),
    /// Any other term (which may still be short).
    Text(&'a str),
}

/// The text of a [`short_key`] (as bytes in the key itself).
pub(crate) struct ShortKeyText {
    bytes: [u8; 16],
    len: usize,
}

impl std::ops::Deref for ShortKeyText {
    type Target = str;

    fn deref(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// The text a [`short_key`] was made of.
pub(crate) fn short_key_text(key: &u128) -> ShortKeyText {
    ShortKeyText {
        bytes: key.to_le_bytes(),
        len: ((key >> 120) as usize).min(15),
    }
}

/// [`SPLAT_LOWER`] over 16 bytes.
const SPLAT_LOWER_16: u128 = ((SPLAT_LOWER as u128) << 64) | SPLAT_LOWER as u128;

/// The [`short_key`] of the lower case of `bytes[start..start + len]`, a run of ASCII letters and
/// digits of 1 to 15 bytes, without branching on its length: the 16 bytes from `start` (padded
/// with zeros past the end) are lowered all at once and masked to the run.
fn plain_word_key(bytes: &[u8], start: usize, len: usize) -> u128 {
    let window = match bytes.get(start..start + 16) {
        Some(window) => <[u8; 16]>::try_from(window).unwrap_or_default(),
        None => {
            let mut padded = [0u8; 16];
            let rest = bytes.get(start..).unwrap_or_default();
            let take = rest.len().min(16);
            padded[..take].copy_from_slice(&rest[..take]);
            padded
        }
    };
    let mask = (1u128 << (8 * len)) - 1;
    ((u128::from_le_bytes(window) | SPLAT_LOWER_16) & mask) | ((len as u128) << 120)
}

/// Calls `each(term)` for every word of `text`: exactly the terms of [`for_each_token`], faster
/// for the commonest punctuated words, which it gives as [`short_key`]s.
///
/// A run of non-space ASCII characters holding one run of letters and digits, and otherwise
/// only punctuation other than `_` (`word,` `(end).` `"yes"`), is that one word under the
/// UAX #29 rules: punctuation joins letters or digits only when they stand on both of its sides
/// (`it's`, `3.5`), and only `_` joins punctuation to a word. Every other run goes to
/// [`for_each_token`]. Such a plain word of up to 15 bytes (nearly all) is given as its
/// [`short_key`], made straight from the text: no copy, no lower-casing pass, no branch on its
/// length; vocabularies keyed by [`short_key`] look it up as it is.
pub(crate) fn for_each_keyed_term(
    text: &str,
    scratch: &mut TermScratch,
    each: impl FnMut(KeyedTerm<'_>),
) {
    scratch.classify(text.as_bytes());
    for_each_keyed_term_in(text, 0..text.len(), scratch, each);
}

/// [`for_each_keyed_term`] of `text[range]`, `scratch` holding the classes of the whole of
/// `text` ([`TermScratch::classify`]): the text of a turn is classified once for all its
/// sentences. The bytes outside the range count as white space, so that the terms are those
/// of the range's text on its own.
pub(crate) fn for_each_keyed_term_in(
    text: &str,
    range: Range<usize>,
    scratch: &mut TermScratch,
    mut each: impl FnMut(KeyedTerm<'_>),
) {
    let bytes = text.as_bytes();
    let (from, len) = (range.start, range.end.min(bytes.len()));
    if from >= len {
        return;
    }
    let TermScratch {
        buffer,
        white,
        alnum,
        other,
    } = scratch;
    // The bits of the positions outside the range, in word `word` of the masks.
    let outside = |word: usize| -> u64 {
        let first = word * 64;
        let below = match from.saturating_sub(first) {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => (1u64 << n) - 1,
        };
        let above = match len.saturating_sub(first) {
            n if n >= 64 => 0,
            n => u64::MAX << n,
        };
        below | above
    };
    // Runs of bytes other than white space, found by their first bytes: a bit set in `starts`
    // (a byte that is not white space after one that is). `carry`: whether the last byte of
    // the word before is not white space.
    let mut carry = 0u64;
    let words = white.get(from / 64..(len - 1) / 64 + 1).unwrap_or_default();
    for (word, &white_bits) in (from / 64..).zip(words) {
        let white_bits = white_bits | outside(word);
        let not_white = !white_bits;
        let mut starts = not_white & !((not_white << 1) | carry);
        carry = not_white >> 63;
        while starts != 0 {
            let bit = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let start = word * 64 + bit;
            let white_after = white_bits >> bit;
            // The run's end, and its bytes of the other classes and its letters and digits
            // (`None` for a run longer than a word, which takes the general rules).
            let (end, classes) = if white_after != 0 {
                // The run ends in this word (the usual case).
                let run = white_after.trailing_zeros() as usize;
                let in_run = (1u64 << run) - 1;
                let at = |masks: &[u64]| (masks.get(word).copied().unwrap_or(0) >> bit) & in_run;
                (start + run, Some((at(other), at(alnum))))
            } else {
                let end = next_set(white, start).min(len);
                // (The white space of the masks is not clipped: the range's end is.)
                let run = end - start;
                let classes =
                    (run <= 64).then(|| (bits(other, start, run), bits(alnum, start, run)));
                (end, classes)
            };
            if let Some((0, letters)) = classes {
                if letters == 0 {
                    // Punctuation only: no word.
                    continue;
                }
                let offset = letters.trailing_zeros() as usize;
                let from_word = letters >> offset;
                let word_len = from_word.trailing_ones() as usize;
                if from_word.checked_shr(word_len as u32).unwrap_or(0) == 0 {
                    // Punctuation, one run of letters and digits, punctuation: one word.
                    let word_start = start + offset;
                    if word_len <= 15 {
                        each(KeyedTerm::Short(plain_word_key(
                            bytes, word_start, word_len,
                        )));
                        continue;
                    }
                    let word = text
                        .get(word_start..word_start + word_len)
                        .unwrap_or_default();
                    // ASCII letters and digits: lower case is all normalizing would change.
                    if word.bytes().any(|b| b.is_ascii_uppercase()) {
                        buffer.clear();
                        buffer.push_str(word);
                        buffer.make_ascii_lowercase();
                        each(KeyedTerm::Text(buffer));
                    } else {
                        each(KeyedTerm::Text(word));
                    }
                    continue;
                }
            }
            // ASCII white space never splits a character: `start..end` is on char boundaries.
            if let Some(chunk) = text.get(start..end) {
                for_each_token(chunk, buffer, |_, term| each(KeyedTerm::Text(term)));
            }
        }
    }
}

/// Scratch space of [`for_each_keyed_term`], kept from one text to the next: the bit masks of
/// the text's byte classes (bit `i % 64` of word `i / 64` for byte `i`; bytes past the end are
/// white space) and a buffer for lower-cased terms.
#[derive(Debug, Default)]
pub(crate) struct TermScratch {
    buffer: String,
    /// ASCII white space.
    white: Vec<u64>,
    /// ASCII letters and digits.
    alnum: Vec<u64>,
    /// Bytes outside ASCII, and `_`: the classes that need the general rules.
    other: Vec<u64>,
}

impl TermScratch {
    /// Classifies `bytes`, a block of 64 at a time ([`block_classes`]); the last word is padded with
    /// white space.
    pub(crate) fn classify(&mut self, bytes: &[u8]) {
        let words = bytes.len() / 64 + 1;
        for masks in [&mut self.white, &mut self.alnum, &mut self.other] {
            masks.clear();
            masks.reserve(words);
        }
        let (blocks, rest) = bytes.as_chunks::<64>();
        for block in blocks {
            self.push_block(block);
        }
        let mut padded = [b' '; 64];
        if let Some(start) = padded.get_mut(..rest.len()) {
            start.copy_from_slice(rest);
        }
        self.push_block(&padded);
    }

    /// Appends the masks of a block of 64 bytes.
    fn push_block(&mut self, block: &[u8; 64]) {
        let classes = block_classes(block, TERM_CLASS_RULES);
        self.white.push(classes.white);
        self.alnum.push(classes.alphanumeric);
        self.other.push(classes.other);
    }
}

/// The tokenizer's byte classes: ASCII white space (as `u8::is_ascii_whitespace`, without the
/// vertical tab), ASCII letters and digits, and the others (bytes outside ASCII, and `_`); what
/// is left is punctuation.
const TERM_CLASS_RULES: ClassRules = ClassRules {
    vertical_tab_is_white: false,
    underscore_is_other: true,
};

/// The `count` (at most 64) bits of `masks` from bit `start`, in the low bits.
fn bits(masks: &[u64], start: usize, count: usize) -> u64 {
    let (word, shift) = (start / 64, start % 64);
    let low = masks.get(word).copied().unwrap_or(0) >> shift;
    let high = match shift {
        0 => 0,
        _ => masks.get(word + 1).copied().unwrap_or(0) << (64 - shift),
    };
    let all = low | high;
    match count {
        64.. => all,
        _ => all & ((1u64 << count) - 1),
    }
}

/// The first bit at or after `from` that is set in `masks` (past them when none is).
fn next_set(masks: &[u64], from: usize) -> usize {
    let mut word = from / 64;
    let mut candidates = masks.get(word).copied().unwrap_or(0) & (!0u64 << (from % 64));
    loop {
        if candidates != 0 {
            return word * 64 + candidates.trailing_zeros() as usize;
        }
        word += 1;
        match masks.get(word) {
            Some(&mask) => candidates = mask,
            None => return masks.len() * 64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_and_straight_apostrophes_are_one_term() {
        assert_eq!(terms("Don’t"), vec!["don't"]);
        assert_eq!(terms("don't"), vec!["don't"]);
        assert_eq!(terms("Belarus’s"), vec!["belarus's"]);
        // A closing quote after a word is not part of it.
        assert_eq!(terms("Belarus’ allies"), vec!["belarus", "allies"]);
    }

    #[test]
    fn numbers_are_kept() {
        assert_eq!(
            terms("$50 billion in 30 days"),
            vec!["50", "billion", "in", "30", "days"]
        );
        assert_eq!(terms("2,500 troops"), vec!["2,500", "troops"]);
    }

    #[test]
    fn cyrillic_is_case_folded_and_stemmed() {
        assert_eq!(terms("Союзное ГОСУДАРСТВО"), vec!["союзное", "государство"]);
        let stemmers = Stemmers::new();
        assert_eq!(stemmers.stem("санкциями"), stemmers.stem("санкции"));
        assert_eq!(stemmers.stem("sanctions"), "sanction");
    }

    #[test]
    fn byte_ranges_point_into_the_text() {
        let text = "Mr. Putin — “we’ll see”.";
        for token in tokenize(text) {
            assert_eq!(normalize_owned(&text[token.range.clone()]), token.term);
        }
        assert_eq!(terms(text), vec!["mr", "putin", "we'll", "see"]);
    }

    /// Checks [`for_each_keyed_term`] against [`for_each_token`]: the same terms, and every
    /// short key that of its term.
    fn keyed_terms_match_the_tokenizer(
        text: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut scratch = TermScratch::default();
        let mut keyed: Vec<(String, Option<u128>)> = Vec::new();
        for_each_keyed_term(text, &mut scratch, |term| match term {
            KeyedTerm::Short(key) => keyed.push((short_key_text(&key).to_string(), Some(key))),
            KeyedTerm::Text(term) => keyed.push((term.to_string(), None)),
        });
        let mut buffer = String::new();
        let mut expected = Vec::new();
        for_each_token(text, &mut buffer, |_, term| expected.push(term.to_string()));
        let texts: Vec<&String> = keyed.iter().map(|(term, _)| term).collect();
        proptest::prop_assert_eq!(texts, expected.iter().collect::<Vec<_>>());
        for (term, key) in &keyed {
            if let Some(key) = key {
                proptest::prop_assert_eq!(Some(*key), crate::analysis::index::short_key(term));
            }
        }
        Ok(())
    }

    #[test]
    fn block_classes_are_the_byte_classes() {
        // Every byte at every place of a block, the others a letter, a space or not ASCII.
        for byte in 0..=255u8 {
            for place in 0..64 {
                for filler in [b'a', b' ', 0xc3] {
                    let mut block = [filler; 64];
                    block[place] = byte;
                    let classes = block_classes(&block, TERM_CLASS_RULES);
                    let (white, alnum, other) =
                        (classes.white, classes.alphanumeric, classes.other);
                    for (i, &b) in block.iter().enumerate() {
                        let class = match TERM_CLASSES[b as usize] {
                            WHITE => (1, 0, 0),
                            ALNUM => (0, 1, 0),
                            OTHER => (0, 0, 1),
                            _ => (0, 0, 0),
                        };
                        assert_eq!(
                            (white >> i & 1, alnum >> i & 1, other >> i & 1),
                            class,
                            "byte {b:#x} at {i} of {block:?}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The keyed terms are the terms of [`for_each_token`], a short plain word given as the
        /// [`short_key`] of its lower case.
        #[test]
        fn keyed_terms_are_the_tokenizer_terms(
            text in "[a-zA-Z0-9 .?!,;:'\"()\\-_$%#@/\n\t\r\u{b}\u{c}\u{0}\u{7f}\u{a0}\u{e9}\u{c9}\u{2014}\u{2019}\u{410}]{0,200}"
        ) {
            keyed_terms_match_the_tokenizer(&text)?;
        }

        /// The terms of a range of a text classified whole are those of the range's text on
        /// its own, wherever the range starts and ends (within a run, a word, a mask's word).
        #[test]
        fn keyed_terms_in_a_range_are_those_of_its_text(
            text in "([a-zA-Z0-9]{0,70}[ .,'_\u{e9}\u{2019}-]{0,2}){0,6}",
            cut in (0usize..400, 0usize..400)
        ) {
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let pick = |n: usize| boundaries[n % boundaries.len()];
            let (a, b) = (pick(cut.0), pick(cut.1));
            let range = a.min(b)..a.max(b);
            let collect = |text: &str, range: Option<std::ops::Range<usize>>| {
                let mut scratch = TermScratch::default();
                let mut terms: Vec<String> = Vec::new();
                let mut push = |term: KeyedTerm<'_>| match term {
                    KeyedTerm::Short(key) => terms.push(short_key_text(&key).to_string()),
                    KeyedTerm::Text(term) => terms.push(term.to_string()),
                };
                match range {
                    Some(range) => {
                        scratch.classify(text.as_bytes());
                        for_each_keyed_term_in(text, range, &mut scratch, &mut push);
                    }
                    None => for_each_keyed_term(text, &mut scratch, &mut push),
                }
                terms
            };
            proptest::prop_assert_eq!(
                collect(&text, Some(range.clone())),
                collect(&text[range], None)
            );
        }

        /// The same, with long runs without white space (up to and past 64 bytes: the masks'
        /// words) and long words.
        #[test]
        fn keyed_terms_of_long_runs_are_the_tokenizer_terms(
            text in "([a-zA-Z0-9]{0,70}[.,'_\u{e9}\u{2019}-]{0,2}){0,4}( [A-Za-z0-9]{0,20}){0,3}"
        ) {
            keyed_terms_match_the_tokenizer(&text)?;
        }

        /// The known-class segmentation gives exactly the Unicode word segmentation of a chunk
        /// (one without white space) made of known characters.
        #[test]
        fn known_words_match_unicode_segmentation(
            chunk in "[a-zA-Z0-9.,:;'\"_\\-$%()\u{b7}\u{e9}\u{c9}\u{d7}\u{b8}\u{2014}\u{2018}\u{2019}\u{201c}\u{2024}\u{2026}\u{2027}\u{410}\u{430}]{0,30}"
        ) {
            let mut buffer = String::new();
            let mut reference = Vec::new();
            unicode_words(&chunk, 0, &mut buffer, &mut |range, term| {
                reference.push((range, term.to_owned()))
            });
            let mut known = Vec::new();
            known_words(&chunk, 0, &mut buffer, &mut |range, term| {
                known.push((range, term.to_owned()))
            });
            proptest::prop_assert_eq!(known, reference);
        }

        /// The fast path gives exactly the Unicode word segmentation of the whole text.
        #[test]
        fn fast_path_matches_unicode_segmentation(
            text in "[a-zA-Z0-9 .,:;'’_\\-\n\t\u{a0}«»éЖж\u{301}?!()$%—“”…]{0,60}"
        ) {
            let mut buffer = String::new();
            let mut reference = Vec::new();
            unicode_words(&text, 0, &mut buffer, &mut |range, term| {
                reference.push((range, term.to_owned()))
            });
            let fast: Vec<(Range<usize>, String)> =
                tokenize(&text).into_iter().map(|t| (t.range, t.term)).collect();
            proptest::prop_assert_eq!(fast, reference);
        }
    }

    /// Every character the fast word rules know is a letter or digit exactly when Unicode says.
    #[test]
    fn known_characters_are_alphanumeric_as_unicode_has_it() {
        for c in ('\0'..='\u{500}').chain('\u{2000}'..='\u{2100}') {
            if word_class(c).is_some() {
                assert_eq!(known_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn stop_words_cover_english_and_russian() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("и"));
        assert!(!is_stop_word("sanctions"));
    }
}
