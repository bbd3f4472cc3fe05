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
pub fn for_each_token(text: &str, buffer: &mut String, mut each: impl FnMut(Range<usize>, &str)) {
    for (start, segment) in text.split_word_bound_indices() {
        if !is_word(segment) {
            continue;
        }
        let term = normalize(segment, buffer);
        each(start..start + segment.len(), term);
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

    #[test]
    fn stop_words_cover_english_and_russian() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("и"));
        assert!(!is_stop_word("sanctions"));
    }
}
