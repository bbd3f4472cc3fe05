//! Speaker labels at the start of a line or paragraph, in every text style Crosstalk knows:
//! `[VLADIMIR PUTIN:]`, `TRUMP:`, `Q    text`, `Vladimir Putin:`, Rev `Name: (01:20)`, and
//! Markdown `**Name:**`.

use regex::Regex;
use std::sync::LazyLock;

/// The label styles, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelStyle {
    /// `**Name:** text`.
    Markdown,
    /// `Name: (01:20)` / `Name (01:02:03):`, text on the same or the next line.
    Rev,
    /// `[NAME:] text` or `[NAME]: text`.
    Bracketed,
    /// `NAME: text`.
    Upper,
    /// `Q    text` (a press-briefing question, no colon).
    Question,
    /// `Name Surname: text` (needs corroboration: it recurs or names a participant).
    Mixed,
}

/// A label found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMatch {
    /// The style.
    pub style: LabelStyle,
    /// The label as written, without brackets, colon or timestamp.
    pub label: String,
    /// Byte offset in the line where the spoken text starts.
    pub rest_start: usize,
    /// The timestamp on the label, in seconds.
    pub time: Option<f64>,
    /// Whether the label stands alone on its line (the text follows on the next lines).
    pub alone: bool,
}

const TIME: &str = r"(\d{1,2}:\d{1,2}(?::\d{2})?(?:\.\d+)?)";

static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\*([^*]{1,80}?)(?::\*\*|\*\*\s*:)\s*").expect("valid regex"));
static REV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^([^\s:()\[\]*][^:()\[\]*]{{0,80}}?)\s*(?::\s*\(\s*{TIME}\s*\)|\(\s*{TIME}\s*\)\s*:)\s*"
    ))
    .expect("valid regex")
});
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]\[:]{1,60}?)\s*(?::\s*\]\s*:?|\]\s*:)\s*").expect("valid regex")
});
// UPPER and MIXED bound their repetitions in code ([`UPPER_MAX_TAIL`], [`MIXED_MAX_WORDS`]),
// not in the pattern: a counted repetition of a Unicode class compiles to a copy of the class
// per count (7 and 5 ms each), an unbounded one to one copy. Both give the same matches: the
// lazy tail's shortest fit and the words' only possible count are what the bounded pattern
// would find, or it would find nothing (see the test `bounds_in_code_match_bounds_in_patterns`).
static UPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}([\p{Lu}0-9.'’\-\s]*?)(?:\s*\([^()]{1,60}\))?)\s*::?(?:\s+|$|\p{Lu}\p{Ll})",
    )
    .expect("valid regex")
});
/// The most characters after an UPPER label's first letter (before any parenthesis).
const UPPER_MAX_TAIL: usize = 60;
static QUESTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Q(?:\s*[:.])?\s+\S").expect("valid regex"));
static MIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((\p{Lu}[\p{L}.'’\-]*(?:[ \t]+[\p{L}][\p{L}.'’\-]*)*)(?:\s*\([^()]{1,60}\))?)\s*:(?:\s+|$)")
        .expect("valid regex")
});
/// The most words in a MIXED label (before any parenthesis).
const MIXED_MAX_WORDS: usize = 14;

/// Whether an UPPER match keeps within [`UPPER_MAX_TAIL`].
fn upper_within_bounds(captures: &Groups<'_>) -> bool {
    captures
        .get(2)
        .is_some_and(|tail| tail.as_str().chars().count() <= UPPER_MAX_TAIL)
}

/// Whether a MIXED match keeps within [`MIXED_MAX_WORDS`].
fn mixed_within_bounds(captures: &Groups<'_>) -> bool {
    captures.get(2).is_some_and(|words| {
        words
            .as_str()
            .split([' ', '\t'])
            .filter(|word| !word.is_empty())
            .count()
            <= MIXED_MAX_WORDS
    })
}
static INLINE_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\\?[\[(]{TIME}\\?[\])]\s*")).expect("valid regex"));

/// The label patterns, for [`crate::parse::compile_patterns`].
pub(crate) fn patterns() -> [&'static LazyLock<Regex>; 7] {
    [
        &MARKDOWN,
        &REV,
        &BRACKETED,
        &UPPER,
        &QUESTION,
        &MIXED,
        &INLINE_TIME,
    ]
}

/// Lower-case words allowed inside a mixed-case name ("Maria de la Cruz", "President of Russia").
const NAME_CONNECTORS: &[&str] = &[
    "of", "the", "and", "de", "da", "del", "della", "la", "le", "van", "von", "der", "den", "du",
    "al", "bin", "el", "y", "for", "on", "dos", "das", "di", "ter", "ten",
];

/// Labels that are document furniture, not speakers: their paragraphs are never attributed.
pub const NON_SPEAKER_LABELS: &[&str] = &[
    "note",
    "notes",
    "editor's note",
    "editors note",
    "transcript",
    "source",
    "sources",
    "update",
    "updated",
    "correction",
    "date",
    "time",
    "location",
    "place",
    "subject",
    "title",
    "re",
    "from",
    "to",
    "cc",
    "ps",
    "p.s",
    "warning",
    "disclaimer",
    "copyright",
    "tags",
    "category",
    "categories",
    "posted",
    "published",
    "by",
    "photo",
    "video",
    "audio",
    "watch",
    "listen",
    "read more",
    "related",
    "summary",
    "contents",
    "end",
];

/// Header keywords that open a list of names (`PARTICIPANTS:`), and whether the names listed
/// are moderators.
pub fn header_list_keyword(label: &str) -> Option<bool> {
    with_normalised(label, |label| match label {
        "participants" | "candidates" | "speakers" | "guests" | "panel" | "present"
        | "participant" | "candidate" | "guest" | "featuring" | "with" | "cast" => Some(false),
        "moderators" | "moderator" | "panelists" | "panelist" | "hosts" | "host"
        | "questioners" | "interviewer" | "interviewers" | "moderated by" => Some(true),
        _ => None,
    })
}

/// Whether a label is document furniture (`Note:`, `TRANSCRIPT:`) rather than a speaker.
pub fn is_non_speaker_label(label: &str) -> bool {
    with_normalised(label, |label| NON_SPEAKER_SET.contains(label))
}

/// The [`NON_SPEAKER_LABELS`] in a set (a label is looked up once per paragraph).
static NON_SPEAKER_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| NON_SPEAKER_LABELS.iter().copied().collect());

/// Labels of at most this many bytes are normalised on the stack.
const SHORT_LABEL: usize = 64;

/// Calls `with` on the label trimmed (and of its final dots and colons), curly apostrophes
/// straightened and lower-cased: on the stack for a short ASCII label (nearly all of them,
/// looked at on every line that could start a turn), else in a new string.
fn with_normalised<R>(label: &str, with: impl FnOnce(&str) -> R) -> R {
    let trimmed = label.trim().trim_end_matches(['.', ':']);
    if trimmed.is_ascii() && trimmed.len() <= SHORT_LABEL {
        let mut buffer = [0u8; SHORT_LABEL];
        let lowered = buffer.get_mut(..trimmed.len()).unwrap_or_default();
        lowered.copy_from_slice(trimmed.as_bytes());
        lowered.make_ascii_lowercase();
        return with(std::str::from_utf8(lowered).unwrap_or_default());
    }
    with(&trimmed.replace('’', "'").to_lowercase())
}

/// The words of `text` joined by single spaces (one allocation).
fn single_spaced(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    joined
}

/// Whether `word` is one of the [`NAME_CONNECTORS`], ignoring case (without allocating for an
/// ASCII word).
fn is_name_connector(word: &str) -> bool {
    if word.is_ascii() {
        NAME_CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(word))
    } else {
        NAME_CONNECTORS.contains(&word.to_lowercase().as_str())
    }
}

/// Finds a label at the start of `line` (leading whitespace allowed).
pub fn match_label(line: &str) -> Option<LabelMatch> {
    let indent = line.len() - line.trim_start().len();
    let body = &line[indent..];
    let found = match_body(body)?;
    let rest_start = found.rest_start + indent;
    Some(LabelMatch {
        rest_start,
        alone: line
            .get(rest_start..)
            .is_none_or(|rest| rest.trim().is_empty()),
        ..found
    })
}

/// The group spans of one match of a label pattern, as byte ranges of the matched text.
type GroupSpans = smallvec::SmallVec<[Option<(u32, u32)>; 4]>;

/// The groups of a label pattern's match at the start of a text (see [`captures_of_match`]).
struct Groups<'t> {
    text: &'t str,
    spans: GroupSpans,
}

/// One group of [`Groups`].
#[derive(Debug, Clone, Copy)]
struct Group<'t> {
    text: &'t str,
    end: usize,
}

impl<'t> Groups<'t> {
    /// Group `i` (0 for the whole match), when it took part in the match.
    fn get(&self, i: usize) -> Option<Group<'t>> {
        let (start, end) = (*self.spans.get(i)?)?;
        Some(Group {
            text: self.text.get(start as usize..end as usize)?,
            end: end as usize,
        })
    }
}

impl<'t> Group<'t> {
    /// The group's text.
    fn as_str(&self) -> &'t str {
        self.text
    }

    /// Where the group ends, in bytes from the start of the text.
    fn end(&self) -> usize {
        self.end
    }
}

/// Distinct matched texts whose groups a thread keeps (it forgets them all past this).
const REMEMBERED_MATCHES: usize = 4096;

thread_local! {
    /// The group spans of recent matches, by pattern (its address) and matched text: a label
    /// recurs on every turn of its speaker, and its groups need be read only once.
    // (A pattern's address names it: the patterns are statics, alive and in place for the
    // life of the program.)
    static MATCH_GROUPS: std::cell::RefCell<hashbrown::HashTable<(usize, Box<str>, GroupSpans)>> =
        const { std::cell::RefCell::new(hashbrown::HashTable::new()) };
}

/// The groups of `regex`'s match at the start of `text` (the label patterns are anchored).
///
/// The match is found first (a DFA scan), and the groups are then read within the match only:
/// asking for groups over a whole long line would have the regex engine's backtracker clear a
/// visited set as large as the line times the pattern's states, for every line with a colon.
/// Even within the match that set is kilobytes for the larger patterns, so the groups of a
/// matched text are read once and remembered on this thread.
fn captures_of_match<'t>(regex: &'static Regex, text: &'t str) -> Option<Groups<'t>> {
    use std::hash::BuildHasher;
    let end = regex.find(text)?.end();
    let matched = text.get(..end)?;
    let pattern = std::ptr::from_ref(regex) as usize;
    let hash =
        |pattern: usize, matched: &str| rustc_hash::FxBuildHasher.hash_one((pattern, matched));
    let spans = MATCH_GROUPS.with_borrow_mut(|remembered| {
        let key = hash(pattern, matched);
        if let Some((_, _, spans)) =
            remembered.find(key, |(p, m, _)| *p == pattern && **m == *matched)
        {
            return Some(spans.clone());
        }
        let captures = regex.captures(matched)?;
        let spans: GroupSpans = captures
            .iter()
            .map(|group| group.map(|g| (g.start() as u32, g.end() as u32)))
            .collect();
        if remembered.len() >= REMEMBERED_MATCHES {
            remembered.clear();
        }
        remembered.insert_unique(
            key,
            (pattern, matched.into(), spans.clone()),
            |(p, m, _)| hash(*p, m),
        );
        Some(spans)
    })?;
    Some(Groups { text, spans })
}

fn match_body(body: &str) -> Option<LabelMatch> {
    // Every style but the bracketed and the question one needs a colon: most lines of prose
    // have none, and are done without running a regular expression.
    if !body.starts_with(['[', 'Q']) && memchr::memchr(b':', body.as_bytes()).is_none() {
        return None;
    }
    // Each pattern is tried only where it can match (they are anchored): what it must start
    // with, and for Rev a parenthesis somewhere (around its timestamp).
    let starts_upper = body.chars().next().is_some_and(char::is_uppercase);
    let markdown = body.starts_with("**");
    let rev = memchr::memchr(b'(', body.as_bytes()).is_some();
    let bracketed = body.starts_with('[');
    let make = |style, label: &str, end: usize, time| {
        let label = single_spaced(label);
        let accepted = name_like(&label, style);
        accepted.then_some(LabelMatch {
            style,
            label,
            rest_start: end,
            time,
            alone: false,
        })
    };
    if markdown && let Some(c) = captures_of_match(&MARKDOWN, body) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            return None;
        };
        return make(LabelStyle::Markdown, name.as_str(), all.end(), None).map(|mut m| {
            if let Some(t) = captures_of_match(&INLINE_TIME, &body[m.rest_start..]) {
                m.time = t.get(1).and_then(|t| parse_clock(t.as_str()));
                m.rest_start += t.get(0).map_or(0, |a| a.end());
            }
            m
        });
    }
    if rev && let Some(c) = captures_of_match(&REV, body) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            return None;
        };
        let time = c
            .get(2)
            .or_else(|| c.get(3))
            .and_then(|t| parse_clock(t.as_str()));
        if let Some(found) = make(LabelStyle::Rev, name.as_str(), all.end(), time) {
            return Some(found);
        }
    }
    if bracketed && let Some(c) = captures_of_match(&BRACKETED, body) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            return None;
        };
        return make(LabelStyle::Bracketed, name.as_str(), all.end(), None);
    }
    if starts_upper
        && let Some(c) = captures_of_match(&UPPER, body)
        && upper_within_bounds(&c)
    {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            return None;
        };
        let label = name.as_str();
        // "KASICH:Well": the colon may touch the first word of the text.
        let end = if all.as_str().ends_with(|c: char| c.is_lowercase()) {
            all.end()
                - all
                    .as_str()
                    .chars()
                    .rev()
                    .take(2)
                    .map(char::len_utf8)
                    .sum::<usize>()
        } else {
            all.end()
        };
        let outside_parens: &str = label.split('(').next().unwrap_or(label);
        let letters = outside_parens.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 || outside_parens.trim() == "Q" {
            return make(LabelStyle::Upper, label, end, None);
        }
    }
    if body.starts_with('Q') && QUESTION.is_match(body) {
        let rest = body[1..].trim_start_matches([':', '.']);
        let rest_start = body.len() - rest.trim_start().len();
        return Some(LabelMatch {
            style: LabelStyle::Question,
            label: "Q".to_string(),
            rest_start,
            time: None,
            alone: false,
        });
    }
    if starts_upper
        && let Some(c) = captures_of_match(&MIXED, body)
        && mixed_within_bounds(&c)
    {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            return None;
        };
        return make(LabelStyle::Mixed, name.as_str(), all.end(), None);
    }
    None
}

/// Whether a candidate label looks like a name (or a generic role label).
fn name_like(label: &str, style: LabelStyle) -> bool {
    let outside: &str = label.split('(').next().unwrap_or(label).trim();
    if outside.is_empty() || outside.chars().count() > 100 {
        return false;
    }
    if !outside.chars().any(char::is_alphabetic) {
        return false;
    }
    let words: Vec<&str> = outside.split_whitespace().collect();
    let connectors = words.iter().filter(|w| is_name_connector(w)).count();
    // Long office titles ("Deputy Chief of Staff of the ... Dmitry Peskov") carry connectors;
    // without them a name is at most eight words.
    if words.is_empty() || words.len() > 8 + 2 * connectors.min(3) {
        return false;
    }
    if outside.contains([',', '!', '?', ';', '"', '“', '”']) {
        return false;
    }
    // Digits only in a trailing id ("Speaker 1", "SPEAKER_00").
    let digits_ok = words
        .iter()
        .take(words.len().saturating_sub(1))
        .all(|w| !w.chars().any(|c| c.is_ascii_digit()));
    if !digits_ok {
        return false;
    }
    match style {
        LabelStyle::Mixed | LabelStyle::Rev | LabelStyle::Markdown => {
            let capitalised = words.iter().all(|w| {
                w.chars().next().is_some_and(|c| !c.is_lowercase()) || is_name_connector(w)
            });
            let first_ok = words
                .first()
                .and_then(|w| w.chars().next())
                .is_some_and(|c| !c.is_lowercase())
                || crate::names::generic_role(outside).is_some();
            (capitalised || style != LabelStyle::Mixed && first_ok)
                && connectors * 2 < words.len().max(2)
        }
        LabelStyle::Bracketed | LabelStyle::Upper | LabelStyle::Question => true,
    }
}

/// Parses `mm:ss`, `hh:mm:ss` or `m:ss.fff` into seconds.
pub fn parse_clock(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    for part in parts {
        let value: f64 = part.parse().ok()?;
        if !value.is_finite() || value < 0.0 {
            return None;
        }
        total = total * 60.0 + value;
    }
    Some(total)
}

/// A timestamp at the start of spoken text (`[06:11]`, `\[06:11\]`, `(01:20)`): its time and
/// the byte length it covers.
pub fn leading_timestamp(text: &str) -> Option<(f64, usize)> {
    let c = captures_of_match(&INLINE_TIME, text)?;
    let time = parse_clock(c.get(1)?.as_str())?;
    Some((time, c.get(0)?.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group's span, or `None` when the pattern does not match.
    fn groups(captures: Option<regex::Captures<'_>>) -> Option<Vec<Option<(usize, usize)>>> {
        captures.map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
    }

    /// [`groups`] of the groups [`captures_of_match`] gives.
    fn groups_of_match(regex: &'static Regex, line: &str) -> Option<Vec<Option<(usize, usize)>>> {
        captures_of_match(regex, line).map(|c| {
            c.spans
                .iter()
                .map(|g| g.map(|(start, end)| (start as usize, end as usize)))
                .collect()
        })
    }

    proptest::proptest! {
        /// Reading the groups within the match gives the groups of the whole line.
        #[test]
        fn groups_within_the_match_are_the_groups_of_the_line(
            line in "(\\*\\*|\\[|Q)?[A-Z][A-Za-z .'\u{2019}-]{0,12}( \\(\\w{1,6}\\))?[ \\]*]{0,2}(:|::| \\(\\d{1,2}:\\d{2}\\):|\\]:|:\\*\\*)?[ \\t]{0,3}([A-Za-z]{0,5}[ :.]){0,4}"
        ) {
            for regex in [&*MARKDOWN, &*REV, &*BRACKETED, &*UPPER, &*QUESTION, &*MIXED, &*INLINE_TIME] {
                // Asked twice: read from the match, then remembered.
                for _ in 0..2 {
                    proptest::prop_assert_eq!(
                        groups_of_match(regex, &line),
                        groups(regex.captures(&line)),
                        "{}", regex.as_str()
                    );
                }
            }
        }
    }

    /// The UPPER and MIXED patterns as they were with their bounds written in, for
    /// [`bounds_in_code_match_bounds_in_patterns`].
    static BOUNDED_PATTERNS: LazyLock<[Regex; 2]> = LazyLock::new(|| {
        [
            Regex::new(r"^(\p{Lu}[\p{Lu}0-9.'’\-\s]{0,60}?(?:\s*\([^()]{1,60}\))?)\s*::?(?:\s+|$|\p{Lu}\p{Ll})").expect("valid regex"),
            Regex::new(r"^(\p{Lu}[\p{L}.'’\-]*(?:[ \t]+[\p{L}][\p{L}.'’\-]*){0,13}(?:\s*\([^()]{1,60}\))?)\s*:(?:\s+|$)").expect("valid regex"),
        ]
    });

    proptest::proptest! {
        /// UPPER and MIXED with their bounds checked in code match exactly where, and as, the
        /// patterns with the bounds written in do: labels of around 60 characters and of around
        /// 14 words, with and without a parenthesis, a colon touching the text, or no colon.
        #[test]
        fn bounds_in_code_match_bounds_in_patterns(
            line in r"[A-ZÉ][A-ZÉ0-9.' \t-]{40,70}( \([a-z :]{0,8}\))?[ ]?(:|::)?([A-Z][a-z]+| )?[a-z ]{0,4}",
            mixed in r"[A-ZÉ][a-zé.'-]{0,3}([ \t]{1,2}[A-Za-zé][a-zé.'-]{0,3}){9,16}( \([A-Za-z :]{0,8}\))?[ ]?:?( [a-z]{0,3})?",
        ) {
            for text in [&line, &mixed] {
                for (pattern, bounded, within) in [
                    (&UPPER, &BOUNDED_PATTERNS[0], upper_within_bounds as fn(&Groups<'_>) -> bool),
                    (&MIXED, &BOUNDED_PATTERNS[1], mixed_within_bounds),
                ] {
                    let expected = bounded
                        .captures(text)
                        .map(|c| (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range())));
                    let found = captures_of_match(pattern, text).filter(within).map(|c| {
                        let range = |i| c.get(i).map(|g| g.end - g.as_str().len()..g.end);
                        (range(0), range(1))
                    });
                    proptest::prop_assert_eq!(found, expected, "{:?} against {}", text, bounded.as_str());
                }
            }
        }
    }

    fn label(line: &str) -> Option<(LabelStyle, String, String, Option<f64>)> {
        match_label(line).map(|m| (m.style, m.label, line[m.rest_start..].to_string(), m.time))
    }

    #[test]
    fn bracketed_labels() {
        assert_eq!(
            label("[VLADIMIR PUTIN:] Dear friends"),
            Some((
                LabelStyle::Bracketed,
                "VLADIMIR PUTIN".into(),
                "Dear friends".into(),
                None
            ))
        );
        assert_eq!(
            label("[UNKNOWN]: Is this in the rules?").map(|l| l.1),
            Some("UNKNOWN".into())
        );
        assert_eq!(label("[applause] Thank you."), None);
        assert_eq!(
            label("[UNKNOWN:]: Is it made in Mexico?").map(|l| (l.1, l.2)),
            Some(("UNKNOWN".into(), "Is it made in Mexico?".into()))
        );
    }

    #[test]
    fn upper_labels_and_questions() {
        assert_eq!(
            label("MS. PSAKI:\u{a0} Good afternoon.").map(|l| (l.1, l.2)),
            Some(("MS. PSAKI".into(), "Good afternoon.".into()))
        );
        assert_eq!(
            label("THE PRESIDENT: Please sit down.").map(|l| l.0),
            Some(LabelStyle::Upper)
        );
        assert_eq!(
            label("Q\u{a0}\u{a0}\u{a0} Thank you.").map(|l| (l.0, l.1, l.2)),
            Some((LabelStyle::Question, "Q".into(), "Thank you.".into()))
        );
        assert_eq!(label("2:27 P.M. EST"), None);
        assert_eq!(
            label("KASICH:Well, first of all").map(|l| (l.1, l.2)),
            Some(("KASICH".into(), "Well, first of all".into()))
        );
        assert_eq!(
            label("PRESIDENT LÓPEZ OBRADOR: (As interpreted.) Thank you.").map(|l| l.1),
            Some("PRESIDENT LÓPEZ OBRADOR".into())
        );
        assert_eq!(
            label("MS.\u{a0} PSAKI: Hi.").map(|l| l.1),
            Some("MS. PSAKI".into())
        );
    }

    #[test]
    fn mixed_and_rev_labels() {
        assert_eq!(
            label("Chris Wallace: (01:20)"),
            Some((
                LabelStyle::Rev,
                "Chris Wallace".into(),
                "".into(),
                Some(80.0)
            ))
        );
        assert_eq!(
            label("Joe Biden (01:02:03): Hello").map(|l| (l.0, l.1, l.3)),
            Some((LabelStyle::Rev, "Joe Biden".into(), Some(3723.0)))
        );
        assert_eq!(
            label("Vladimir Putin: Good afternoon.").map(|l| (l.0, l.1)),
            Some((LabelStyle::Mixed, "Vladimir Putin".into()))
        );
        assert_eq!(
            label("President of Russia Vladimir Putin: Colleagues,").map(|l| l.1),
            Some("President of Russia Vladimir Putin".into())
        );
        assert_eq!(label("One final note: Since we passed"), None);
        assert_eq!(label("First, on vaccinations: On December"), None);
    }

    #[test]
    fn markdown_labels_with_timestamps() {
        assert_eq!(
            label(r"**Lex Fridman:** \[06:11\] So tell me").map(|l| (l.0, l.1, l.2, l.3)),
            Some((
                LabelStyle::Markdown,
                "Lex Fridman".into(),
                "So tell me".into(),
                Some(371.0)
            ))
        );
        assert_eq!(label("**Host**: Welcome").map(|l| l.1), Some("Host".into()));
    }

    #[test]
    fn furniture_labels_are_recognised() {
        assert!(is_non_speaker_label("NOTE"));
        assert!(is_non_speaker_label("Editor’s note"));
        assert!(!is_non_speaker_label("TRUMP"));
        assert_eq!(header_list_keyword("PARTICIPANTS"), Some(false));
        assert_eq!(header_list_keyword("MODERATORS"), Some(true));
    }
}
