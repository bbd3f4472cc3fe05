//! Sentences of a turn (Unicode sentence bounds, with care for abbreviations such as "Mr." and
//! "U.S."): the unit of an excerpt.
//!
//! The bounds are those of UAX #29 as `unicode-segmentation` finds them. A line made only of
//! characters whose sentence-break class is known here (ASCII, Latin-1, basic Cyrillic, the
//! usual dashes and quotation marks) is segmented by a port of that crate's state machine with
//! a table lookup per character; any other line is left to the crate. Lines can be segmented
//! apart because UAX #29 always breaks after a line feed and never before one.

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

/// The [`abbreviation_key`]s of the ASCII [`ABBREVIATIONS`], sorted, for binary searches.
static ABBREVIATION_KEYS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<u64> = ABBREVIATIONS
        .iter()
        .filter(|a| a.is_ascii())
        .map(|a| abbreviation_key(a.as_bytes()))
        .collect();
    keys.sort_unstable();
    keys
});

/// The lower case of at most [`LONGEST_ABBREVIATION`] ASCII bytes packed in an integer, with
/// their count in the top byte (compared without comparing strings).
fn abbreviation_key(bytes: &[u8]) -> u64 {
    let packed = bytes
        .iter()
        .take(LONGEST_ABBREVIATION)
        .enumerate()
        .fold(0u64, |key, (i, &b)| {
            key | (u64::from(b.to_ascii_lowercase()) << (8 * i))
        });
    packed | ((bytes.len() as u64) << 56)
}

/// The longest of the [`ABBREVIATIONS`] and initials, in bytes ("approx").
const LONGEST_ABBREVIATION: usize = 6;

/// Whether a sentence piece ends with an abbreviation (or a single-letter initial) followed by
/// its full stop, so that the next piece continues it.
fn ends_with_abbreviation(piece: &str) -> bool {
    let trimmed = piece.trim_end();
    let Some(without_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    // Only the last few bytes are looked at: a last word longer than them is no abbreviation.
    let mut from = without_dot.len().saturating_sub(LONGEST_ABBREVIATION + 2);
    while !without_dot.is_char_boundary(from) {
        from -= 1;
    }
    let tail = without_dot.get(from..).unwrap_or_default();
    let last_word = tail
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    if last_word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    if last_word.is_empty() {
        return false;
    }
    let mut chars = last_word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_initial || is_abbreviation(last_word)
}

/// Whether a word is one of the [`ABBREVIATIONS`], ignoring case (without allocating for an
/// ASCII word).
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        // Lower-cased into an integer, then found by a binary search among the sorted ones.
        word.len() <= LONGEST_ABBREVIATION
            && ABBREVIATION_KEYS
                .binary_search(&abbreviation_key(word.as_bytes()))
                .is_ok()
    } else {
        let lower = word.to_lowercase();
        ABBREVIATIONS.contains(&lower.as_str())
    }
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding white space, in order.
/// Pieces without a letter or digit are joined to the sentence before them.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    for_each_sentence_range(text, |range| sentences.push(range));
    sentences
}

/// Calls `each` with the [`sentence_ranges`] of `text`, in order, without collecting them.
pub fn for_each_sentence_range(text: &str, mut each: impl FnMut(Range<usize>)) {
    // The sentence being read: pieces that continue it extend it.
    let mut current: Option<Range<usize>> = None;
    let mut join_next = false;
    for_each_sentence_bound(text, |start, piece| {
        let trimmed_start = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            return;
        }
        let range = start + trimmed_start..start + trimmed_start + trimmed.len();
        let has_word = trimmed.chars().any(char::is_alphanumeric);
        let starts_paragraph = text[..range.start].ends_with('\n');
        match &mut current {
            Some(last) if (join_next || !has_word) && !starts_paragraph => last.end = range.end,
            _ => {
                if let Some(done) = current.replace(range) {
                    each(done);
                }
            }
        }
        join_next = ends_with_abbreviation(trimmed);
    });
    if let Some(done) = current {
        each(done);
    }
}

/// Calls `each(start, piece)` for every UAX #29 sentence-bound piece of `text` (exactly the
/// pieces of `split_sentence_bound_indices`), in order.
pub fn for_each_sentence_bound(text: &str, mut each: impl FnMut(usize, &str)) {
    for (line_start, line) in crate::swar::lines_inclusive(text) {
        if known_line(line) {
            fast_bounds(line, line_start, &mut each);
        } else {
            for (start, piece) in line.split_sentence_bound_indices() {
                each(line_start + start, piece);
            }
        }
    }
}

/// UAX #29 sentence-break classes (those of the characters [`sentence_class`] knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    ATerm,
    Any,
    Cr,
    Close,
    Lf,
    Lower,
    Numeric,
    SContinue,
    STerm,
    Sp,
    Upper,
}

/// The sentence-break class of an ASCII byte (from the Unicode tables of
/// `unicode-segmentation`).
const ASCII_CLASSES: [Class; 128] = {
    let mut classes = [Class::Any; 128];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'\t' | 0x0b | 0x0c | b' ' => Class::Sp,
            b'\n' => Class::Lf,
            b'\r' => Class::Cr,
            b'!' | b'?' => Class::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
            b',' | b'-' | b':' | b';' => Class::SContinue,
            b'.' => Class::ATerm,
            b'0'..=b'9' => Class::Numeric,
            b'A'..=b'Z' => Class::Upper,
            b'a'..=b'z' => Class::Lower,
            _ => Class::Any,
        };
        byte += 1;
    }
    classes
};

/// The sentence-break class of a character, for ASCII, Latin-1, basic Cyrillic and the
/// common punctuation of U+2010..U+2027; `None` for any other character.
fn sentence_class(c: char) -> Option<Class> {
    let code = c as u32;
    if code < 0x80 {
        return Some(ASCII_CLASSES[code as usize]);
    }
    Some(match code {
        0xa0 => Class::Sp,
        0xaa | 0xb5 | 0xba | 0xdf..=0xf6 | 0xf8..=0xff => Class::Lower,
        0xab | 0xbb => Class::Close,
        0xa1..=0xa9 | 0xac | 0xae..=0xb4 | 0xb6..=0xb9 | 0xbc..=0xbf | 0xd7 | 0xf7 => Class::Any,
        0xc0..=0xd6 | 0xd8..=0xde => Class::Upper,
        0x400..=0x42f => Class::Upper,
        0x430..=0x45f => Class::Lower,
        0x2010..=0x2012 | 0x2015..=0x2017 | 0x2020..=0x2023 | 0x2025..=0x2027 => Class::Any,
        0x2013 | 0x2014 => Class::SContinue,
        0x2018..=0x201f => Class::Close,
        _ => return None,
    })
}

/// Whether every character of a line has a class [`sentence_class`] knows.
fn known_line(line: &str) -> bool {
    // Only the characters outside ASCII need a look: the ASCII runs between them are skipped
    // sixteen bytes at a time.
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        while bytes.get(at..at + 16).is_some_and(<[u8]>::is_ascii) {
            at += 16;
        }
        while bytes.get(at).is_some_and(u8::is_ascii) {
            at += 1;
        }
        // `at` follows whole characters, so it is a character boundary.
        match line.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) if sentence_class(c).is_some() => at += c.len_utf8(),
            Some(_) => return false,
            None => return true,
        }
    }
}

/// What the state machine remembers of a character (runs of `Close` and of `Sp` collapse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts, most recent last.
type State = [Part; 4];

fn advance(parts: State, class: Class) -> State {
    match (parts[3], class) {
        (Part::ClosePlus, Class::Close) | (Part::SpPlus, Class::Sp) => parts,
        _ => [
            parts[1],
            parts[2],
            parts[3],
            match class {
                Class::Cr => Part::Cr,
                Class::Lf => Part::Lf,
                Class::ATerm => Part::ATerm,
                Class::Upper | Class::Lower => Part::UpperLower,
                Class::Close => Part::ClosePlus,
                Class::Sp => Part::SpPlus,
                Class::STerm => Part::STerm,
                _ => Part::Other,
            },
        ],
    }
}

/// The part before `Close* Sp*` at the end of the state.
fn before_close_sp(parts: &State) -> Part {
    let mut index = if parts[3] == Part::SpPlus { 2 } else { 3 };
    if parts[index] == Part::ClosePlus {
        index -= 1;
    }
    parts[index]
}

/// SB8: `ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower`.
fn sb8(parts: &State, ahead: &str) -> bool {
    if before_close_sp(parts) != Part::ATerm {
        return false;
    }
    for c in ahead.chars() {
        match sentence_class(c) {
            Some(Class::Lower) => return true,
            Some(Class::Upper | Class::Cr | Class::Lf | Class::STerm | Class::ATerm) | None => {
                return false;
            }
            Some(_) => {}
        }
    }
    false
}

/// SB8a's left side: `SATerm Close* Sp*`.
fn sb8a(parts: &State) -> bool {
    matches!(before_close_sp(parts), Part::STerm | Part::ATerm)
}

/// SB9's left side: `SATerm Close*`.
fn sb9(parts: &State) -> bool {
    let index = if parts[3] == Part::ClosePlus { 2 } else { 3 };
    matches!(parts[index], Part::STerm | Part::ATerm)
}

/// SB11's left side: `SATerm Close* Sp* ParaSep?`.
fn sb11(parts: &State) -> bool {
    let mut index = match parts[3] {
        Part::Cr | Part::Lf => 2,
        _ => 3,
    };
    if parts[index] == Part::SpPlus {
        index -= 1;
    }
    if parts[index] == Part::ClosePlus {
        index -= 1;
    }
    matches!(parts[index], Part::STerm | Part::ATerm)
}

/// Whether the rules put a sentence break before a character of `class`, the state being
/// `before` and `ahead` the text from that character on (rules SB1 to SB11, in order).
fn breaks_before(before: &State, class: Class, ahead: &str) -> bool {
    // SB1: the start of the text is not a piece boundary to report.
    if before[3] == Part::Sot {
        return false;
    }
    // SB3
    if class == Class::Lf && before[3] == Part::Cr {
        return false;
    }
    // SB4
    if matches!(before[3], Part::Cr | Part::Lf) {
        return true;
    }
    // SB11 is the only rule left that breaks: when it cannot apply, nothing else matters
    // (the common case, which spares the look-ahead of SB8).
    if !sb11(before) {
        return false;
    }
    let kept_together = (class == Class::Numeric && before[3] == Part::ATerm) // SB6
        || (class == Class::Upper && before[2] == Part::UpperLower && before[3] == Part::ATerm) // SB7
        || sb8(before, ahead)
        || (matches!(class, Class::SContinue | Class::STerm | Class::ATerm) && sb8a(before))
        || (matches!(class, Class::Close | Class::Sp | Class::Cr | Class::Lf) && sb9(before))
        || (matches!(class, Class::Sp | Class::Cr | Class::Lf) && sb8a(before)); // SB10
    !kept_together
}

/// The sentence-bound pieces of a line whose characters are all known (see [`known_line`]):
/// a port of `unicode-segmentation`'s forward iterator. The SB8 look-ahead may stop at the end
/// of the line, since a line feed ends it there anyway.
///
/// Between sentence ends the machine is skipped: once the state is [`quiet`], no bound can come
/// before the next `.` `!` `?` or carriage return (the only known characters that can start a
/// bound), so the scan jumps to the character before it and resumes from a state that holds
/// only that character's part, which is all the rules read of what came before.
fn fast_bounds(line: &str, offset: usize, each: &mut impl FnMut(usize, &str)) {
    let bytes = line.as_bytes();
    // A line holds a line feed at most at its end; a carriage return is rare, and only then
    // is every byte looked at: otherwise the terminators are found with `memchr3`.
    let has_carriage_return = memchr::memchr(b'\r', bytes).is_some();
    let line_end = bytes.len() - usize::from(bytes.last() == Some(&b'\n'));
    let mut state: State = [Part::Sot; 4];
    let mut piece_start = 0;
    let mut at = 0;
    while let Some(c) = line.get(at..).and_then(|rest| rest.chars().next()) {
        if quiet(&state) {
            let rest = bytes.get(at..).unwrap_or_default();
            let found = if has_carriage_return {
                rest.iter().position(|&b| may_end_sentence(b))
            } else {
                memchr::memchr3(b'.', b'!', b'?', rest)
            };
            let next_end = found.map_or(line_end.max(at), |found| at + found);
            let previous = line
                .get(..next_end)
                .and_then(|before| before.chars().next_back())
                .map(|previous| next_end - previous.len_utf8());
            if let Some(previous) = previous.filter(|&previous| previous > at) {
                at = previous;
                state = [Part::Other; 4];
                continue;
            }
        }
        let class = sentence_class(c).unwrap_or(Class::Any);
        let before = state;
        state = advance(state, class);
        if breaks_before(&before, class, &line[at..]) {
            each(offset + piece_start, &line[piece_start..at]);
            piece_start = at;
        }
        at += c.len_utf8();
    }
    if piece_start < line.len() {
        each(offset + piece_start, &line[piece_start..]);
    }
}

/// Whether no rule can break before the next character, nor before any after it up to the next
/// sentence terminator or line break: the state does not end a sentence (SB11's left side),
/// nor a line, nor is it the start of the text.
fn quiet(state: &State) -> bool {
    !matches!(state[3], Part::Sot | Part::Cr | Part::Lf) && !sb11(state)
}

/// The bytes of the known characters that can put a sentence bound after them: terminators and
/// line breaks (all ASCII; no byte of a multi-byte character is ASCII).
fn may_end_sentence(byte: u8) -> bool {
    matches!(byte, b'.' | b'!' | b'?' | b'\r' | b'\n')
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

    /// The sentence pieces (start, text) of the fast path.
    fn fast_bounds(text: &str) -> Vec<(usize, String)> {
        let mut fast = Vec::new();
        for_each_sentence_bound(text, |start, piece| fast.push((start, piece.to_owned())));
        fast
    }

    /// The sentence pieces (start, text) of `unicode-segmentation`.
    fn reference_bounds(text: &str) -> Vec<(usize, String)> {
        text.split_sentence_bound_indices()
            .map(|(start, piece)| (start, piece.to_owned()))
            .collect()
    }

    proptest::proptest! {
        /// The bounds are exactly those of `unicode-segmentation`, on lines the fast path
        /// takes and on lines it leaves to the crate (here: with `ğ`, `\u{301}`, `\u{85}`).
        #[test]
        fn bounds_match_unicode_segmentation(
            text in "[a-zA-Z0-9 .,:;!?'\"()\\[\\]{}\n\r\t\u{b}$%&*_\\-\u{a0}\u{ab}\u{bb}\u{d7}\u{e9}\u{c9}\u{b5}\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}\u{2024}\u{2026}\u{410}\u{430}\u{11f}\u{301}\u{85}]{0,80}"
        ) {
            proptest::prop_assert_eq!(fast_bounds(&text), reference_bounds(&text));
        }

        /// Sentence-like text (words, spaces, full stops, capitals) exercises SB6 to SB11.
        #[test]
        fn bounds_match_on_sentence_like_text(
            text in "([A-Za-z\u{c9}\u{e9}\u{410}\u{430}]{1,4}[ .!?,\u{2019}\u{201d})\n]{1,3}){0,20}"
        ) {
            proptest::prop_assert_eq!(fast_bounds(&text), reference_bounds(&text));
        }
    }

    #[test]
    fn no_abbreviation_is_longer_than_the_longest() {
        for abbreviation in ABBREVIATIONS {
            assert!(abbreviation.len() <= LONGEST_ABBREVIATION, "{abbreviation}");
            assert!(
                abbreviation.to_uppercase().len() <= LONGEST_ABBREVIATION,
                "{abbreviation}"
            );
        }
        // Long last words, and last words in a long piece, are read as before.
        assert!(ends_with_abbreviation("a long sentence about approx."));
        assert!(ends_with_abbreviation("said the Dr."));
        assert!(ends_with_abbreviation("Встреча и Т.Е."));
        assert!(!ends_with_abbreviation("a long sentence about xapprox."));
        assert!(!ends_with_abbreviation(
            "a long sentence about approximately."
        ));
        assert!(ends_with_abbreviation("“Ж."));
    }

    #[test]
    fn abbreviations_ignore_case_in_any_script() {
        assert!(ends_with_abbreviation("Met the U.S."));
        assert!(ends_with_abbreviation("with MR."));
        assert!(ends_with_abbreviation("и Т.Е."));
        assert!(!ends_with_abbreviation("the end."));
    }
}
