//! Document furniture around the speech: YAML front matter, dates in headers and file names,
//! participant lists, section headings, time-of-day lines and trailing site boilerplate.

use crate::model::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Metadata read from YAML front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `title:`.
    pub title: Option<String>,
    /// `date:` (or `published`/`published_time`).
    pub date: Option<Date>,
    /// `source_url:` (or `url`/`source`).
    pub source_url: Option<String>,
    /// Byte length of the front matter block, closing `---` line included.
    pub len: usize,
}

/// Reads YAML front matter (`---` ... `---` at the very start). Only top-level scalar keys are
/// read (plain, single- or double-quoted, possibly folded over several lines); anything else
/// is skipped.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_line_end + 1;
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut closed = None;
    for line in text[offset..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" || content.trim_end() == "..." {
            closed = Some(offset);
            break;
        }
        let _ = start;
        let is_continuation = content.starts_with([' ', '\t']);
        match (is_continuation, entries.last_mut()) {
            (true, Some((_, value))) => {
                value.push('\n');
                value.push_str(content);
            }
            _ => {
                if let Some((key, value)) = content.split_once(':') {
                    entries.push((key.trim().to_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
    let len = closed?;
    let mut meta = FrontMatter {
        len,
        ..FrontMatter::default()
    };
    for (key, raw_value) in entries {
        let value = yaml_scalar(&raw_value);
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" => meta.title = Some(value),
            "date" | "published" | "published_time" | "pubdate" if meta.date.is_none() => {
                meta.date = find_date(&value);
            }
            "source_url" | "url" | "source" | "link" if meta.source_url.is_none() => {
                meta.source_url = Some(value);
            }
            _ => {}
        }
    }
    Some(meta)
}

/// The value of a YAML scalar: quotes removed, escapes (`\_` is a no-break space) resolved,
/// folded lines joined, whitespace collapsed.
fn yaml_scalar(raw: &str) -> String {
    let raw = raw.trim();
    let value = if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('_') => out.push(' '),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('\n') => {
                    // An escaped line break joins the lines without a space.
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(' ') => out.push(' '),
                Some(kind @ ('x' | 'u' | 'U')) => {
                    let digits = match kind {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = chars.by_ref().take(digits).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(decoded) => out.push(decoded),
                        None => {
                            out.push('\\');
                            out.push(kind);
                            out.push_str(&hex);
                        }
                    }
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => {}
            }
        }
        out
    } else if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        raw.to_string()
    };
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(\d{4})\b")
        .expect("valid regex")
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})[-_./](\d{2})[-_./](\d{2})(?:$|[^\d])").expect("valid regex")
});

fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// The first clear date in a piece of text: `March 13, 2025`, `13 March 2025`, `2025-03-13`.
pub fn find_date(text: &str) -> Option<Date> {
    let mut found: Vec<(usize, Date)> = Vec::new();
    // "March 13, 2025" and "13 March 2025": the same parts, month and day captured in either order.
    let spelled: [(&Regex, usize, usize); 2] = [(&MONTH_DAY_YEAR, 1, 2), (&DAY_MONTH_YEAR, 2, 1)];
    for (pattern, month_group, day_group) in spelled {
        for c in pattern.captures_iter(text) {
            let (Some(all), Some(m), Some(d), Some(y)) =
                (c.get(0), c.get(month_group), c.get(day_group), c.get(3))
            else {
                continue;
            };
            if let (Some(month), Ok(day), Ok(year)) = (
                month_number(m.as_str()),
                d.as_str().parse(),
                y.as_str().parse(),
            ) && let Some(date) = Date::new(year, month, day)
            {
                found.push((all.start(), date));
            }
        }
    }
    for c in ISO_DATE.captures_iter(text) {
        let (Some(all), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        if let (Ok(year), Ok(month), Ok(day)) =
            (y.as_str().parse(), m.as_str().parse(), d.as_str().parse())
            && let Some(date) = Date::new(year, month, day)
        {
            found.push((all.start(), date));
        }
    }
    found.into_iter().min_by_key(|(at, _)| *at).map(|(_, d)| d)
}

/// A name from a participants or moderators list entry (`Senator Ted Cruz (TX);`,
/// `Megyn Kelly (Fox News); and`), or `None` when the entry is not name-like.
pub fn list_entry_name(entry: &str) -> Option<String> {
    let mut name = entry.trim();
    loop {
        let before = name;
        name = name.trim_end_matches([';', ',', '.', ':']).trim();
        for suffix in [" and", " with", " &"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                name = stripped.trim();
            }
        }
        for prefix in ["and ", "with ", "& "] {
            if let Some(stripped) = name.strip_prefix(prefix) {
                name = stripped.trim();
            }
        }
        name = name.trim_end_matches([';', ',', '.', ':']).trim();
        if name == before {
            break;
        }
    }
    let outside: String = name.split('(').next().unwrap_or(name).trim().to_string();
    let words: Vec<&str> = outside.split_whitespace().collect();
    let name_like = (1..=7).contains(&words.len())
        && words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || w.len() <= 3)
        && !outside.contains(['!', '?', '"']);
    name_like.then(|| name.to_string())
}

/// Lower-case words allowed inside a Title Case heading.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "from",
    "with", "by", "vs", "vs.", "via", "as", "into", "over", "about", "after", "before", "under",
    "upon", "per", "de", "du", "la", "le", "von", "van", "its", "their", "our", "is", "are",
];

/// Whether a stand-alone line is a section heading: short, Title Case, no final punctuation.
pub fn is_heading(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 80 {
        return false;
    }
    if line.ends_with([
        '.', ',', ';', ':', '!', '?', '…', '-', '—', '–', '"', '”', '\'',
    ]) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=10).contains(&words.len()) {
        return false;
    }
    if !line.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // One phrase, not a sentence: no inner punctuation that separates clauses.
    if line.contains([
        '"', '“', '[', ']', '{', '}', '*', '_', '|', ',', ';', '!', '?',
    ]) || line.contains(". ")
        || line.ends_with(".)")
    {
        return false;
    }
    words.iter().all(|w| {
        let first = w.trim_start_matches('(').chars().next();
        first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || SMALL_WORDS.contains(&w.to_lowercase().as_str())
    }) && words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
}

/// Whether a line is a scene break (`* * *`, `***`, `---`, `###`).
pub fn is_scene_break(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next() else {
        return false;
    };
    if !matches!(first, '*' | '-' | '#' | '=' | '~' | '•' | '_') {
        return false;
    }
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A Markdown ATX heading (`## Title`): its text.
pub fn markdown_heading(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &trimmed[hashes..];
    rest.starts_with(' ')
        .then(|| rest.trim())
        .filter(|r| !r.is_empty())
}

/// The date and time patterns, for [`crate::parse::compile_patterns`].
pub(crate) fn patterns() -> [&'static LazyLock<Regex>; 4] {
    let [month_day_year, day_month_year, iso_date] = date_patterns();
    [month_day_year, day_month_year, iso_date, &TIME_OF_DAY]
}

/// The date patterns ([`find_date`], which assembly uses on file names), for
/// [`crate::parse::compile_assembly_patterns`].
pub(crate) fn date_patterns() -> [&'static LazyLock<Regex>; 3] {
    [&MONTH_DAY_YEAR, &DAY_MONTH_YEAR, &ISO_DATE]
}

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?(?:\s+[a-z]{2,4}\.?)?$")
        .expect("valid regex")
});

/// Whether a line is only a clock time (`2:27 P.M. EST`), as briefings print at start and end.
pub fn is_time_of_day_line(line: &str) -> bool {
    TIME_OF_DAY.is_match(line.trim())
}

/// Whether a line marks the end of the spoken record (`END`, `###`, `-30-`).
pub fn is_end_marker(line: &str) -> bool {
    let line = line.trim();
    matches!(line, "END" | "###" | "-30-" | "# # #" | "THE END")
        || line
            .strip_prefix("END")
            .is_some_and(|rest| rest.starts_with(char::is_whitespace) && is_time_of_day_line(rest))
}

/// Headings that open trailing site furniture ("Related Posts"): nothing after them is
/// attributed until a new speaker label appears.
pub fn is_boilerplate_heading(line: &str) -> bool {
    /// The longest heading below, in characters: a longer line is none of them (lower-casing
    /// never makes fewer characters), and is not lower-cased to be compared.
    const LONGEST: usize = 21;
    let trimmed = line.trim().trim_end_matches(':').trim();
    if trimmed.chars().nth(LONGEST).is_some() {
        return false;
    }
    let lowered = trimmed.to_lowercase();
    matches!(
        lowered.as_str(),
        "related posts"
            | "related articles"
            | "related stories"
            | "related"
            | "read more"
            | "read next"
            | "more stories"
            | "more from this author"
            | "you may also like"
            | "you might also like"
            | "recommended"
            | "recommended for you"
            | "share this"
            | "share this article"
            | "share"
            | "subscribe"
            | "advertisement"
            | "comments"
            | "leave a comment"
            | "leave a reply"
            | "about the author"
            | "popular posts"
            | "latest posts"
            | "trending"
            | "tags"
            | "see also"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_with_folded_double_quoted_title() {
        let text = "---\ndate: '2024-01-03'\nsource_url: https://example.org/a\ntitle: \"Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator for\\\n  \\ Strategic Communications John\\_Kirby\"\n---\n \nMS. JEAN-PIERRE: Hi.\n";
        let meta = front_matter(text).expect("front matter");
        assert_eq!(
            meta.title.as_deref(),
            Some(
                "Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator for Strategic Communications John Kirby"
            )
        );
        assert_eq!(meta.date, Date::new(2024, 1, 3));
        assert_eq!(meta.source_url.as_deref(), Some("https://example.org/a"));
        let escaped =
            front_matter("---\ntitle: \"Counsel\\u2019s Office\"\n---\n").expect("front matter");
        assert_eq!(escaped.title.as_deref(), Some("Counsel’s Office"));
        assert!(text[meta.len..].starts_with(" \nMS."));
        assert_eq!(front_matter("no front matter\n---\n"), None);
    }

    #[test]
    fn dates_in_several_spellings() {
        assert_eq!(
            find_date("joint news conference in Moscow, March 13, 2025."),
            Date::new(2025, 3, 13)
        );
        assert_eq!(find_date("Held 4th July 2021 in"), Date::new(2021, 7, 4));
        assert_eq!(
            find_date("2022-02-01-press-briefing.md"),
            Date::new(2022, 2, 1)
        );
        assert_eq!(find_date("2015-16_august6"), None);
        assert_eq!(find_date("February 30, 2020"), None);
    }

    #[test]
    fn list_entries() {
        assert_eq!(
            list_entry_name("Senator Ted Cruz (TX);").as_deref(),
            Some("Senator Ted Cruz (TX)")
        );
        assert_eq!(
            list_entry_name("Megyn Kelly (Fox News); and").as_deref(),
            Some("Megyn Kelly (Fox News)")
        );
        assert_eq!(list_entry_name("this is not a name at all, is it?"), None);
    }

    #[test]
    fn headings_and_breaks() {
        assert!(is_heading("Economic Cooperation"));
        assert!(is_heading("Belarus’s Interests in Ukraine Negotiations"));
        assert!(is_heading("Russia-Belarus Integration Progress"));
        assert!(is_heading(
            "Putin and Lukashenko Joint News Conference (Continued)"
        ));
        assert!(!is_heading("Thank you."));
        assert!(!is_heading("Good evening everyone"));
        assert!(!is_heading("Nice"));
        assert!(is_scene_break("* * *"));
        assert!(!is_scene_break("*"));
        assert!(is_scene_break("***") && is_scene_break(" - - - ") && is_scene_break("•••"));
        assert!(!is_scene_break("*-*") && !is_scene_break("**") && !is_scene_break("   "));
        assert!(!is_scene_break("a--") && !is_scene_break("———"));
        assert_eq!(markdown_heading("## The Economy"), Some("The Economy"));
        assert!(is_time_of_day_line("2:27 P.M. EST"));
        assert!(is_end_marker("END\u{a0} 8:15 P.M. EDT"));
        assert!(!is_heading("Bye, Admiral. (Laughter.)"));
        assert!(!is_heading(
            "Foreign Minister Marcelo Ebrard; Rogelio Ramírez de la O, Finance"
        ));
        assert!(is_time_of_day_line("1:27 P.M. EDT  "));
        assert!(!is_time_of_day_line("2:27 we start"));
        assert!(is_boilerplate_heading("Related Posts"));
    }
}
