//! Text transcripts: speaker labels (bracketed, upper-case, mixed-case, Rev, Markdown), section
//! headings, header lists and boilerplate, and plain prose — read into a [`RawDocument`].
//!
//! The reader works on "units": paragraphs (runs of non-blank lines) when the file separates
//! paragraphs with blank lines and hard-wraps them, otherwise single lines. A unit that starts
//! with an accepted label starts a turn; one without continues the previous speaker.

pub mod labels;
pub mod meta;

use super::raw::{RawBlock, RawBlockKind, RawDocument};
use crate::model::Format;
use crate::names;
use labels::{LabelMatch, LabelStyle};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The notice given when a text has no speaker labels.
pub const NO_SPEAKERS_NOTICE: &str =
    "no speakers were found: the whole text is attributed to one unidentified speaker";

/// One line of the source, without its line ending.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Reads a text transcript into blocks.
pub fn read(text: &str) -> RawDocument {
    let front = meta::front_matter(text);
    let body_start = front.as_ref().map_or(0, |f| f.len);
    let lines = split_lines(text, body_start);
    let units = group_units(&lines);
    let candidates: Vec<Option<LabelMatch>> = units
        .iter()
        .map(|unit| unit.first().and_then(|line| labels::match_label(line.text)))
        .collect();
    let policy = LabelPolicy::decide(&units, &candidates);
    let markdown = front.is_some() || policy.primary == Some(LabelStyle::Markdown);

    let mut reader = Reader {
        markdown,
        titled: front.as_ref().is_some_and(|f| f.title.is_some()),
        ..Reader::default()
    };
    for (unit, candidate) in units.iter().zip(&candidates) {
        let accepted = candidate.as_ref().filter(|c| policy.accepts(c));
        reader.unit(unit, accepted, policy.primary.is_some());
    }
    reader.finish();

    let format = match policy.primary {
        None => Format::Plain,
        Some(LabelStyle::Markdown) => Format::Markdown,
        Some(LabelStyle::Rev) => Format::Rev,
        Some(LabelStyle::Bracketed) => Format::Bracketed,
        Some(LabelStyle::Upper | LabelStyle::Question) => Format::UpperLabels,
        Some(LabelStyle::Mixed) => Format::MixedLabels,
    };
    let has_speech = reader
        .blocks
        .iter()
        .any(|b| matches!(b.kind, RawBlockKind::Speech { .. }));
    let mut notices = Vec::new();
    if policy.primary.is_none() && has_speech {
        notices.push(NO_SPEAKERS_NOTICE.to_string());
    }
    let front = front.unwrap_or_default();
    let title = front.title.or_else(|| reader.preamble_title());
    let date = front
        .date
        .or_else(|| meta::find_date(&reader.preamble_text()));
    RawDocument {
        format: Some(format),
        title,
        date,
        source_url: front.source_url,
        participants: reader.participants,
        moderators: reader.moderators,
        blocks: reader.blocks,
        source_len: text.len(),
        notices,
    }
}

fn split_lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let Some(body) = text.get(from..) else {
        return lines;
    };
    for (line_start, raw) in crate::swar::lines_inclusive(body) {
        let bytes = raw.as_bytes();
        let mut content_end = bytes.len();
        while content_end > 0 && matches!(bytes.get(content_end - 1), Some(b'\n' | b'\r')) {
            content_end -= 1;
        }
        // (Line feeds and carriage returns are single bytes: the end is a char boundary.)
        let content = raw.get(..content_end).unwrap_or_default();
        lines.push(Line {
            start: from + line_start,
            text: content,
        });
    }
    lines
}

fn is_blank(line: &Line<'_>) -> bool {
    // A line starting with a visible ASCII character (nearly all) is not blank.
    match line.text.as_bytes().first() {
        Some(&b) if b.is_ascii_graphic() => false,
        _ => line.text.trim().is_empty(),
    }
}

/// Paragraph units when blank lines separate paragraphs (and lines may be hard-wrapped);
/// otherwise one unit per line.
/// Each unit is a run of consecutive lines: a slice of `lines` (no copy).
fn group_units<'l, 'a>(lines: &'l [Line<'a>]) -> Vec<&'l [Line<'a>]> {
    let blank = lines.iter().filter(|l| is_blank(l)).count();
    let filled = lines.len() - blank;
    let paragraphs_mode = filled > 0 && blank * 4 >= filled;
    let mut units: Vec<&'l [Line<'a>]> = Vec::new();
    // The current unit is `lines[start..at]`.
    let mut start = 0;
    for (at, line) in lines.iter().enumerate() {
        if is_blank(line) {
            if start < at {
                units.push(lines.get(start..at).unwrap_or_default());
            }
            start = at + 1;
            continue;
        }
        if paragraphs_mode {
            // A strong label (bracketed, Rev timestamp, Markdown) starts a paragraph even
            // without a blank line before it.
            let strong = start < at
                && labels::match_label(line.text).is_some_and(|m| {
                    matches!(
                        m.style,
                        LabelStyle::Bracketed | LabelStyle::Rev | LabelStyle::Markdown
                    )
                });
            if strong {
                units.push(lines.get(start..at).unwrap_or_default());
                start = at;
            }
        } else {
            units.push(lines.get(at..at + 1).unwrap_or_default());
            start = at + 1;
        }
    }
    if start < lines.len() {
        units.push(lines.get(start..).unwrap_or_default());
    }
    units
}

/// Which label styles a document uses, decided from counts over the whole file.
#[derive(Debug, Default)]
struct LabelPolicy {
    primary: Option<LabelStyle>,
    upper: bool,
    question: bool,
    mixed: bool,
    /// The document puts names alone on a line with the text below (`Name:` then text), so
    /// such a line is a label even when the name occurs once.
    alone_style: bool,
    /// Labels (as written) whose person keys are corroborated: they recur, lengthen a
    /// recurring label, or name a listed participant.
    corroborated: HashSet<String>,
}

impl LabelPolicy {
    fn decide(units: &[&[Line<'_>]], candidates: &[Option<LabelMatch>]) -> LabelPolicy {
        let mut counts: HashMap<LabelStyle, usize> = HashMap::default();
        // The person key of each label as written, made once per distinct label: a label
        // recurs on every turn of its speaker.
        let mut key_of: HashMap<&str, String> = HashMap::default();
        for found in candidates.iter().flatten() {
            key_of
                .entry(found.label.as_str())
                .or_insert_with(|| names::person_key(&found.label));
        }
        let key = |found: &LabelMatch| key_of.get(found.label.as_str()).map_or("", String::as_str);
        let mut key_counts: HashMap<&str, usize> = HashMap::default();
        let mut listed: HashSet<String> = HashSet::default();
        for (unit, candidate) in units.iter().zip(candidates) {
            let Some(found) = candidate else { continue };
            if labels::is_non_speaker_label(&found.label) {
                continue;
            }
            if labels::header_list_keyword(&found.label).is_some() {
                for line in unit.iter().skip(1) {
                    listed.extend(meta::list_entry_name(line.text).map(|n| names::person_key(&n)));
                }
                continue;
            }
            *counts.entry(found.style).or_default() += 1;
            *key_counts.entry(key(found)).or_default() += 1;
        }
        let listed_surnames: HashSet<&str> = listed
            .iter()
            .filter_map(|entry| entry.split_whitespace().last())
            .collect();
        let count = |style| counts.get(&style).copied().unwrap_or(0);
        let recurring: HashSet<&str> = key_counts
            .iter()
            .filter(|(_, n)| **n >= 2)
            .map(|(k, _)| *k)
            .collect();
        let mut corroborated_keys: HashSet<&str> = HashSet::default();
        for &key in key_counts.keys() {
            let words: Vec<&str> = key.split_whitespace().collect();
            let recurs = key_counts.get(key).is_some_and(|n| *n >= 2);
            let lengthens =
                (1..words.len()).any(|from| recurring.contains(words[from..].join(" ").as_str()));
            let is_listed = listed.contains(key)
                || (words.len() == 1 && words.first().is_some_and(|w| listed_surnames.contains(w)));
            if recurs || lengthens || is_listed {
                corroborated_keys.insert(key);
            }
        }
        let corroborated: HashSet<String> = key_of
            .iter()
            .filter(|(_, key)| corroborated_keys.contains(key.as_str()))
            .map(|(label, _)| (*label).to_owned())
            .collect();
        // Mixed-case candidates count only when corroborated.
        let mixed_count = units
            .iter()
            .zip(candidates)
            .filter_map(|(_, c)| c.as_ref())
            .filter(|c| c.style == LabelStyle::Mixed && corroborated.contains(c.label.as_str()))
            .count();
        let scored = [
            (LabelStyle::Markdown, count(LabelStyle::Markdown)),
            (LabelStyle::Rev, count(LabelStyle::Rev)),
            (LabelStyle::Bracketed, count(LabelStyle::Bracketed)),
            (
                LabelStyle::Upper,
                count(LabelStyle::Upper) + count(LabelStyle::Question),
            ),
            (LabelStyle::Mixed, mixed_count),
        ];
        let primary = scored
            .iter()
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(style, n)| (*n, std::cmp::Reverse(*style)))
            .map(|(style, _)| *style);
        let primary = match primary {
            // A single upper-case "label" is more likely a heading word than a format.
            Some(LabelStyle::Upper) if count(LabelStyle::Upper) < 2 => None,
            other => other,
        };
        let (alone, inline) = candidates
            .iter()
            .flatten()
            .filter(|c| {
                matches!(c.style, LabelStyle::Mixed | LabelStyle::Upper)
                    && corroborated.contains(c.label.as_str())
            })
            .fold((0usize, 0usize), |(alone, inline), c| {
                if c.alone {
                    (alone + 1, inline)
                } else {
                    (alone, inline + 1)
                }
            });
        let alone_style = alone >= 2 && alone >= inline;
        let upper = matches!(primary, Some(LabelStyle::Upper | LabelStyle::Bracketed))
            && count(LabelStyle::Upper) >= 2;
        let question = primary == Some(LabelStyle::Upper) || count(LabelStyle::Question) >= 3;
        let mixed = matches!(
            primary,
            Some(LabelStyle::Mixed | LabelStyle::Rev | LabelStyle::Markdown)
        );
        LabelPolicy {
            primary,
            upper,
            question,
            mixed,
            alone_style,
            corroborated,
        }
    }

    fn accepts(&self, found: &LabelMatch) -> bool {
        if labels::is_non_speaker_label(&found.label)
            || labels::header_list_keyword(&found.label).is_some()
        {
            // Furniture and header lists are recognised whatever the style — in a transcript;
            // in prose without speakers a "Note:" is just a paragraph.
            return self.primary.is_some();
        }
        match found.style {
            LabelStyle::Markdown | LabelStyle::Rev | LabelStyle::Bracketed => true,
            LabelStyle::Upper => {
                self.upper || (self.mixed && self.corroborated.contains(found.label.as_str()))
            }
            LabelStyle::Question => self.question,
            LabelStyle::Mixed => {
                self.mixed
                    && (self.corroborated.contains(found.label.as_str())
                        || (self.alone_style && found.alone))
            }
        }
    }
}

/// What the reader is in the middle of.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Mode {
    /// Ordinary text.
    #[default]
    Normal,
    /// A participants (false) or moderators (true) list.
    List(bool),
    /// After a note, an end marker or a boilerplate heading: nothing is attributed until the
    /// next speaker label.
    Furniture,
}

#[derive(Debug, Default)]
struct Reader {
    markdown: bool,
    /// The front matter gave a title (so a leading `# Heading` is a section).
    titled: bool,
    blocks: Vec<RawBlock>,
    participants: Vec<String>,
    moderators: Vec<String>,
    mode: Mode,
    seen_speech: bool,
    pending: Option<(String, Option<f64>)>,
    preamble: Vec<String>,
}

impl Reader {
    fn push(&mut self, kind: RawBlockKind, text: String, unit: &[Line<'_>], start: Option<f64>) {
        let (Some(first), Some(last)) = (unit.first(), unit.last()) else {
            return;
        };
        self.blocks.push(RawBlock {
            kind,
            text,
            source_range: first.start..last.end(),
            start,
            end: None,
        });
    }

    /// The trimmed, non-blank parts (the rest of a first line, then whole lines) joined by
    /// single spaces, Markdown escapes undone in a Markdown document.
    fn join(&self, first_rest: &str, rest: &[Line<'_>]) -> String {
        let bytes = first_rest.len() + rest.iter().map(|l| l.text.len() + 1).sum::<usize>();
        let mut joined = String::with_capacity(bytes);
        for part in std::iter::once(first_rest).chain(rest.iter().map(|l| l.text)) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(part);
        }
        if self.markdown {
            unescape_markdown(joined)
        } else {
            joined
        }
    }

    fn unattributed(&mut self, unit: &[Line<'_>]) {
        let text = self.join("", unit);
        if !self.seen_speech {
            self.preamble.push(text.clone());
        }
        self.push(RawBlockKind::Unattributed, text, unit, None);
    }

    fn add_list_entries(&mut self, lines: &[Line<'_>]) -> bool {
        let mut all_names = true;
        for line in lines {
            if let Some(found) = labels::match_label(line.text)
                && let Some(moderators) = labels::header_list_keyword(&found.label)
            {
                self.mode = Mode::List(moderators);
                let rest = &line.text[found.rest_start..];
                for entry in rest.split(';') {
                    if let Some(name) = meta::list_entry_name(entry) {
                        self.add_listed(name, moderators);
                    }
                }
                continue;
            }
            let Mode::List(moderators) = self.mode else {
                return false;
            };
            let mut any = false;
            for entry in line.text.split(';') {
                if entry.trim().is_empty() {
                    continue;
                }
                match meta::list_entry_name(entry) {
                    Some(name) => {
                        any = true;
                        self.add_listed(name, moderators);
                    }
                    None => all_names = false,
                }
            }
            all_names &= any;
        }
        all_names
    }

    fn add_listed(&mut self, name: String, moderators: bool) {
        let list = if moderators {
            &mut self.moderators
        } else {
            &mut self.participants
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }

    fn unit(&mut self, unit: &[Line<'_>], label: Option<&LabelMatch>, has_labels: bool) {
        let Some(first) = unit.first() else { return };
        if let Some(found) = label {
            // "QUESTION:: text" — a doubled colon is not part of the words.
            let rest = first.text[found.rest_start.min(first.text.len())..].trim_start_matches(':');
            if !self.seen_speech
                && labels::header_list_keyword(&found.label).is_some()
                && (rest.trim().is_empty() || rest.contains(';'))
            {
                self.mode = Mode::List(false);
                self.add_list_entries(unit);
                self.push(RawBlockKind::Unattributed, self.join("", unit), unit, None);
                return;
            }
            if labels::is_non_speaker_label(&found.label) {
                self.mode = Mode::Furniture;
                self.unattributed(unit);
                return;
            }
            self.mode = Mode::Normal;
            self.seen_speech = true;
            let mut time = found.time;
            let mut text = self.join(rest, &unit[1..]);
            if let Some((at, len)) = labels::leading_timestamp(&text) {
                time = time.or(Some(at));
                text = text[len..].trim_start().to_string();
            }
            if text.is_empty() {
                self.pending = Some((found.label.clone(), time));
                return;
            }
            self.pending = None;
            self.push(
                RawBlockKind::Speech {
                    label: Some(found.label.clone()),
                },
                text,
                unit,
                time,
            );
            return;
        }

        let single = unit.len() == 1;
        let line_text = first.text.trim();
        if let Mode::List(_) = self.mode {
            if self.add_list_entries(unit) {
                self.unattributed(unit);
                return;
            }
            self.mode = Mode::Normal;
        }
        if self.mode == Mode::Furniture {
            self.unattributed(unit);
            return;
        }
        if single && (meta::is_boilerplate_heading(line_text) || meta::is_end_marker(line_text)) {
            if has_labels || self.seen_speech {
                self.mode = Mode::Furniture;
            }
            self.unattributed(unit);
            return;
        }
        if single && meta::is_time_of_day_line(line_text) {
            self.unattributed(unit);
            return;
        }
        // Markdown headings are explicit: sections even before the first speaker, except a
        // leading `# Title`, which names the document.
        if single && let Some(title) = meta::markdown_heading(line_text) {
            let level_one = line_text.trim_start().starts_with("# ");
            if level_one && !self.titled && !self.seen_speech && self.preamble.is_empty() {
                self.preamble.push(title.to_string());
                self.push(RawBlockKind::Unattributed, title.to_string(), unit, None);
            } else {
                self.push(RawBlockKind::Heading, title.to_string(), unit, None);
            }
            return;
        }
        if has_labels && !self.seen_speech && self.pending.is_none() {
            self.unattributed(unit);
            return;
        }
        if single {
            let heading = if meta::is_scene_break(line_text) {
                Some(String::new())
            } else if meta::is_heading(line_text) {
                Some(line_text.to_string())
            } else {
                None
            };
            if let Some(title) = heading {
                self.push(RawBlockKind::Heading, title, unit, None);
                return;
            }
        }
        let mut text = self.join("", unit);
        let mut time = None;
        if let Some((at, len)) = labels::leading_timestamp(&text) {
            time = Some(at);
            text = text[len..].trim_start().to_string();
        }
        let (label, pending_time) = match self.pending.take() {
            Some((label, t)) => (Some(label), t),
            None => (None, None),
        };
        self.seen_speech = true;
        self.push(
            RawBlockKind::Speech { label },
            text,
            unit,
            pending_time.or(time),
        );
    }

    fn finish(&mut self) {
        // A label with nothing after it at the very end: keep nothing (no words to attribute).
        self.pending = None;
    }

    fn preamble_title(&self) -> Option<String> {
        self.preamble
            .iter()
            .map(|p| p.trim())
            .find(|p| {
                !p.is_empty()
                    && p.chars().count() <= 200
                    && !meta::is_time_of_day_line(p)
                    && labels::match_label(p).is_none()
                    && meta::find_date(p).is_none_or(|_| p.split_whitespace().count() > 4)
            })
            .map(tidy_title)
    }

    fn preamble_text(&self) -> String {
        self.preamble.join("\n")
    }
}

/// A preamble line as a title: without a transcript site's lead-in ("Read the full transcript of
/// ...", "Transcript: ...") and without a final full stop.
fn tidy_title(line: &str) -> String {
    const LEAD_INS: [&str; 6] = [
        "read the full transcript of ",
        "read the transcript of ",
        "full transcript of ",
        "transcript of ",
        "full transcript: ",
        "transcript: ",
    ];
    let lower = line.to_lowercase();
    let mut title = line;
    for lead_in in LEAD_INS {
        // Lower-casing keeps ASCII byte positions, and every lead-in is ASCII.
        if lower.starts_with(lead_in) && title.is_char_boundary(lead_in.len()) {
            title = &title[lead_in.len()..];
            break;
        }
    }
    let title = title.trim().trim_end_matches('.').trim_end();
    if title.is_empty() {
        line.to_string()
    } else {
        let mut chars = title.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => line.to_string(),
        }
    }
}

/// Removes Markdown backslash escapes (`\[06:11\]` -> `[06:11]`) and bold/italic markers.
fn unescape_markdown(text: String) -> String {
    // Both marks are ASCII, so the text is cut only at character boundaries; text without
    // either is returned as it is.
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = memchr::memchr2(b'\\', b'*', &bytes[from..]) {
        let at = from + found;
        let next = bytes.get(at + 1).copied();
        let unescaped = match (bytes[at], next) {
            (b'\\', Some(next)) if next.is_ascii_punctuation() => Some(char::from(next)),
            (b'*', Some(b'*')) => None,
            _ => {
                from = at + 1;
                continue;
            }
        };
        if out.capacity() == 0 {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..at]);
        out.extend(unescaped);
        copied = at + 2;
        from = at + 2;
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speech(doc: &RawDocument) -> Vec<(Option<String>, String)> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                RawBlockKind::Speech { label } => Some((label.clone(), b.text.clone())),
                _ => None,
            })
            .collect()
    }

    fn headings(doc: &RawDocument) -> Vec<String> {
        doc.blocks
            .iter()
            .filter(|b| b.kind == RawBlockKind::Heading)
            .map(|b| b.text.clone())
            .collect()
    }

    #[test]
    fn bracketed_with_headings_and_boilerplate() {
        let text = "Title of the Talk, March 13, 2025\n[A B:] One.\nTwo.\nEconomic Ties\nThree.\n[REPORTER:] Question?\n[B:] Answer.\nRelated Posts\n- Other story\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::Bracketed));
        assert_eq!(doc.date, crate::model::Date::new(2025, 3, 13));
        assert_eq!(
            doc.title.as_deref(),
            Some("Title of the Talk, March 13, 2025")
        );
        assert_eq!(headings(&doc), vec!["Economic Ties"]);
        let spoken = speech(&doc);
        assert_eq!(spoken.len(), 5);
        assert_eq!(spoken[0], (Some("A B".into()), "One.".into()));
        assert_eq!(spoken[1], (None, "Two.".into()));
        assert!(spoken.iter().all(|(_, t)| !t.contains("Other story")));
        for block in &doc.blocks {
            assert!(text.get(block.source_range.clone()).is_some());
        }
    }

    #[test]
    fn upper_labels_with_wrapped_paragraphs_and_questions() {
        let text = "Room\n\n1:27 P.M. EDT\n\nMS. PSAKI:\u{a0} Hello there, this line is\nwrapped here.\n\nQ\u{a0}\u{a0}\u{a0} A question?\n\nMS. PSAKI:  An answer.\n\n2:29 P.M. EDT\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::UpperLabels));
        let spoken = speech(&doc);
        assert_eq!(
            spoken,
            vec![
                (
                    Some("MS. PSAKI".into()),
                    "Hello there, this line is wrapped here.".into()
                ),
                (Some("Q".into()), "A question?".into()),
                (Some("MS. PSAKI".into()), "An answer.".into()),
            ]
        );
    }

    #[test]
    fn participants_header_is_read_and_not_attributed() {
        let text = "PARTICIPANTS:\nSenator Ted Cruz (TX);\nDonald Trump;\n\nMODERATORS:\nBret Baier (Fox News); and\nChris Wallace (Fox News)\n\nBAIER: Welcome. [applause]\n\nCRUZ: Thanks.\n\nTRUMP: Great.\n\nNOTE: This was a debate.\n";
        let doc = read(text);
        assert_eq!(
            doc.participants,
            vec!["Senator Ted Cruz (TX)", "Donald Trump"]
        );
        assert_eq!(
            doc.moderators,
            vec!["Bret Baier (Fox News)", "Chris Wallace (Fox News)"]
        );
        let spoken = speech(&doc);
        assert_eq!(spoken.len(), 3);
        assert!(spoken.iter().all(|(_, t)| !t.contains("debate")));
    }

    #[test]
    fn rev_labels_with_text_below_and_crlf() {
        let text = "Chris Wallace: (01:20)\r\nGood evening.\r\n\r\nJoe Biden: (01:02:03)\r\nHello.\r\n\r\nChris Wallace: (00:05)\r\nAgain.\r\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::Rev));
        let starts: Vec<Option<f64>> = doc.blocks.iter().map(|b| b.start).collect();
        assert_eq!(starts, vec![Some(80.0), Some(3723.0), Some(5.0)]);
        assert_eq!(
            speech(&doc)[0],
            (Some("Chris Wallace".into()), "Good evening.".into())
        );
    }

    #[test]
    fn name_alone_on_a_line_with_text_below() {
        let text = "Anna Smith:\r\nFirst words.\r\nBob Jones:\r\nReply.\r\nAnna Smith:\r\nMore.\r\nCarol Diaz:\r\nOnce only.\r\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::MixedLabels));
        assert_eq!(speech(&doc)[1], (Some("Bob Jones".into()), "Reply.".into()));
        assert_eq!(
            speech(&doc)[3],
            (Some("Carol Diaz".into()), "Once only.".into())
        );
    }

    #[test]
    fn mixed_labels_guard_against_false_labels() {
        let text = "Vladimir Putin: Good afternoon.\n\nNote: the next part was cut.\n\nVladimir Putin: Again.\n\nThe point is: nothing.\n\nEmmanuel Macron: Thanks.\n\nEmmanuel Macron: Yes.\n";
        let doc = read(text);
        let spoken = speech(&doc);
        let labels: Vec<Option<String>> = spoken.iter().map(|s| s.0.clone()).collect();
        assert_eq!(
            labels,
            vec![
                Some("Vladimir Putin".into()),
                Some("Vladimir Putin".into()),
                None,
                Some("Emmanuel Macron".into()),
                Some("Emmanuel Macron".into()),
            ]
        );
        assert_eq!(spoken[2].1, "The point is: nothing.");
    }

    #[test]
    fn long_first_mention_is_a_label() {
        let text = "President of Russia Vladimir Putin: Colleagues.\n\nVladimir Putin: One.\n\nVladimir Putin: Two.\n";
        let doc = read(text);
        assert_eq!(
            speech(&doc)[0].0.as_deref(),
            Some("President of Russia Vladimir Putin")
        );
    }

    #[test]
    fn a_transcript_sites_lead_in_is_not_part_of_the_title() {
        assert_eq!(
            tidy_title(
                "Read the full transcript of Russian President Vladimir Putin's news conference."
            ),
            "Russian President Vladimir Putin's news conference"
        );
        assert_eq!(tidy_title("Transcript: Debate in Ohio"), "Debate in Ohio");
        assert_eq!(
            tidy_title("Press Briefing by Jen Psaki"),
            "Press Briefing by Jen Psaki"
        );
        assert_eq!(tidy_title("Transcript of."), "Transcript of");
    }

    #[test]
    fn kremlin_style_long_titles_then_short_names() {
        let text = "Deputy Chief of Staff of the Presidential Executive Office Dmitry Peskov: Good afternoon.\n\nPresident of Russia Vladimir Putin: Colleagues, good afternoon.\n\nDmitry Peskov: Questions, please.\n\nVladimir Putin: Go ahead.\n\nDmitry Peskov: Thank you.\n\nVladimir Putin: Thank you.\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::MixedLabels));
        let labels: Vec<Option<String>> = speech(&doc).into_iter().map(|s| s.0).collect();
        assert_eq!(labels.len(), 6);
        assert!(labels.iter().all(Option::is_some));
        let transcript = crate::parse::assemble::assemble(std::path::Path::new("k.txt"), doc);
        let names: Vec<&str> = transcript
            .speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, vec!["Dmitry Peskov", "Vladimir Putin"]);
        assert_eq!(transcript.speakers[1].aliases.len(), 2);
    }

    #[test]
    fn markdown_unescaping_is_that_of_a_walk_over_the_characters() {
        // The definition: a backslash before ASCII punctuation gives the punctuation, a pair
        // of asterisks gives nothing, anything else stays.
        fn walk(text: &str) -> String {
            let mut out = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                        out.extend(chars.next());
                    }
                    '*' if chars.peek() == Some(&'*') => {
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            out
        }
        let pieces = ["\\", "*", "**", "a", "é", "[", "\\\\", " ", "»", "_"];
        let mut state = 0x2545_f491_u32;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(state % 9) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                text.push_str(pieces[state as usize % pieces.len()]);
            }
            assert_eq!(unescape_markdown(text.clone()), walk(&text), "{text:?}");
        }
        assert_eq!(
            unescape_markdown(r"\[06:11\] **Bold** a*b".into()),
            "[06:11] Bold a*b"
        );
    }

    #[test]
    fn markdown_front_matter_and_timestamps() {
        let text = "---\ntitle: 'A Talk'\ndate: 2023-05-01\nsource_url: https://example.org\n---\n\n## Opening\n\n**Lex Fridman:** \\[00:10\\] Hi there.\n\n**Guest:** \\[00:15\\] Hello \\*friend\\*.\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::Markdown));
        assert_eq!(doc.title.as_deref(), Some("A Talk"));
        assert_eq!(headings(&doc), vec!["Opening"]);
        let titled = read("# The Title\n\n**A:** Hi.\n\n**B:** Hello.\n");
        assert_eq!(titled.title.as_deref(), Some("The Title"));
        assert!(headings(&titled).is_empty());
        assert_eq!(doc.date, crate::model::Date::new(2023, 5, 1));
        assert_eq!(doc.source_url.as_deref(), Some("https://example.org"));
        let spoken = speech(&doc);
        assert_eq!(spoken[1], (Some("Guest".into()), "Hello *friend*.".into()));
        let starts: Vec<Option<f64>> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, RawBlockKind::Speech { .. }))
            .map(|b| b.start)
            .collect();
        assert_eq!(starts, vec![Some(10.0), Some(15.0)]);
    }

    #[test]
    fn plain_prose_keeps_paragraphs() {
        let text = "It was a fine day in the city.\n\nThe Long Walk Home\n\nWe went home: tired but happy.\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::Plain));
        assert_eq!(speech(&doc).len(), 2);
        assert_eq!(headings(&doc), vec!["The Long Walk Home"]);
        assert_eq!(doc.notices, vec![NO_SPEAKERS_NOTICE.to_string()]);
    }

    #[test]
    fn a_note_in_prose_is_kept() {
        let text = "It was a fine day.\n\nNOTE: this was written later.\n\nWe went home.\n";
        let doc = read(text);
        assert_eq!(doc.format, Some(Format::Plain));
        assert_eq!(speech(&doc).len(), 3);
    }

    #[test]
    fn scene_breaks_are_headings() {
        let text = "[A:] One.\n* * *\nTwo.\n";
        let doc = read(text);
        assert_eq!(headings(&doc), vec![String::new()]);
        assert_eq!(speech(&doc).len(), 2);
    }
}
