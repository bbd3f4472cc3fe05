//! Word tokens: Unicode word boundaries, case-folded, curly apostrophes made straight; English
//! and Russian stop words; Snowball stemming (English, or Russian for Cyrillic words).

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
    let mut on_stack = [(0usize, WordClass::Other); STACK_CHARS];
    let mut on_heap = Vec::new();
    let count = chunk.chars().count();
    let slots: &mut [(usize, WordClass)] = if count <= STACK_CHARS {
        &mut on_stack[..count]
    } else {
        on_heap.resize(count, (0usize, WordClass::Other));
        &mut on_heap
    };
    for (slot, (at, c)) in slots.iter_mut().zip(chunk.char_indices()) {
        *slot = (at, word_class(c).unwrap_or(WordClass::Other));
    }
    let chars: &[(usize, WordClass)] = slots;
    let class = |i: usize| chars.get(i).map(|&(_, class)| class);
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
        let end = chars.get(i).map_or(chunk.len(), |&(at, _)| at);
        let segment = &chunk[start..end];
        if is_word(segment) {
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

/// Byte classes of [`for_each_term`]: white space, letter or digit, punctuation that never
/// joins two words, and everything else (`_`, which joins words, and non-ASCII bytes).
const WHITE: u8 = 0;
const ALNUM: u8 = 1;
const PUNCT: u8 = 2;
const OTHER: u8 = 3;

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

/// Calls `each(term)` for every word of `text`: exactly the terms of
/// [`for_each_token`], faster for the commonest punctuated words.
///
/// A run of non-space ASCII characters holding one run of letters and digits, and otherwise
/// only punctuation other than `_` (`word,` `(end).` `"yes"`), is that one word under the
/// UAX #29 rules: punctuation joins letters or digits only when they stand on both of its sides
/// (`it's`, `3.5`), and only `_` joins punctuation to a word. Every other run goes to
/// [`for_each_token`].
pub(crate) fn for_each_term(text: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let class = |at: usize| bytes.get(at).map_or(WHITE, |&b| TERM_CLASSES[b as usize]);
    let mut at = 0;
    while at < bytes.len() {
        if class(at) == WHITE {
            at += 1;
            continue;
        }
        let start = at;
        while class(at) == PUNCT {
            at += 1;
        }
        let word_start = at;
        while class(at) == ALNUM {
            at += 1;
        }
        let word_end = at;
        while class(at) == PUNCT {
            at += 1;
        }
        if class(at) == WHITE {
            // Punctuation, letters and digits, punctuation: one word at most.
            let Some(word) = text.get(word_start..word_end).filter(|w| !w.is_empty()) else {
                continue;
            };
            // ASCII letters and digits: lower case is all normalizing would change.
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                buffer.clear();
                buffer.push_str(word);
                buffer.make_ascii_lowercase();
                each(buffer);
            } else {
                each(word);
            }
            continue;
        }
        while class(at) != WHITE {
            at += 1;
        }
        // ASCII white space never splits a character: `start..at` is on char boundaries.
        if let Some(chunk) = text.get(start..at) {
            for_each_token(chunk, buffer, |_, term| each(term));
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

    proptest::proptest! {
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

    #[test]
    fn stop_words_cover_english_and_russian() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("и"));
        assert!(!is_stop_word("sanctions"));
    }
}
