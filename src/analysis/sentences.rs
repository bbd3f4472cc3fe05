//! Sentences of a turn (Unicode sentence bounds, with care for abbreviations such as "Mr." and
//! "U.S."): the unit of an excerpt.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations after which a full stop does not end a sentence (lower case, without the
/// final dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "pres", "lt",
    "col", "capt", "sgt", "adm", "maj", "rev", "hon", "vs", "etc", "no", "nos", "vol", "fig",
    "approx", "inc", "ltd", "co", "corp", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "e.g", "i.e", "a.m",
    "p.m", "d.c", "ph.d", "т.е", "т.д", "г", "гг", "им",
];

/// Whether a sentence piece ends with an abbreviation (or a single-letter initial) followed by
/// its full stop, so that the next piece continues it.
fn ends_with_abbreviation(piece: &str) -> bool {
    let trimmed = piece.trim_end();
    let Some(without_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    let last_word = without_dot
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    if last_word.is_empty() {
        return false;
    }
    let mut chars = last_word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    let lower = last_word.to_lowercase();
    single_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding white space, in order.
/// Pieces without a letter or digit are joined to the sentence before them.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let trimmed_start = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let range = start + trimmed_start..start + trimmed_start + trimmed.len();
        let has_word = trimmed.chars().any(char::is_alphanumeric);
        let starts_paragraph = text[..range.start].ends_with('\n');
        match sentences.last_mut() {
            Some(last) if (join_next || !has_word) && !starts_paragraph => last.end = range.end,
            _ => sentences.push(range.clone()),
        }
        join_next = ends_with_abbreviation(trimmed);
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Putin met the U.S. President. Then they left."),
            vec!["Mr. Putin met the U.S. President.", "Then they left."]
        );
        assert_eq!(
            sentences("Thank you, Dr. Smith. Next question?  Yes."),
            vec!["Thank you, Dr. Smith.", "Next question?", "Yes."]
        );
    }

    #[test]
    fn paragraphs_break_sentences() {
        assert_eq!(
            sentences("First part\nSecond part."),
            vec!["First part", "Second part."]
        );
    }

    #[test]
    fn curly_quotes_and_cyrillic() {
        assert_eq!(
            sentences("Он сказал: «Да». Потом ушёл. “Fine.” Done"),
            vec!["Он сказал: «Да».", "Потом ушёл.", "“Fine.”", "Done"]
        );
    }
}
