//! The filter every view and the export share: speakers, transcripts, sections, dates, roles,
//! themes and a free query. Evaluating it against the [`Index`] gives the matching sentences
//! ([`Hit`]s, with highlight spans) grouped per speaker.

use crate::analysis::index::{Index, Segment, TermId};
use crate::analysis::query::{DateRange, Field, Query, QueryError, QueryNode};
use crate::analysis::themes::ThemeSet;
use crate::analysis::tokenize::for_each_token;
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::{Role, SectionIndex, TurnIndex};
use fixedbitset::FixedBitSet;
use rayon::prelude::*;
use std::ops::Range;

/// What the user asks to see. Empty lists mean "no restriction"; the lists are OR'ed within
/// and AND'ed across (speakers A or B, and in section S, and matching the query).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Library speaker keys ([`LibrarySpeaker::key`](crate::library::LibrarySpeaker::key)).
    pub speakers: Vec<String>,
    /// Transcripts, by index in the library.
    pub transcripts: Vec<TranscriptIndex>,
    /// Section headings (case-insensitive, whole heading).
    pub sections: Vec<String>,
    /// Transcript dates; undated transcripts fail a date restriction.
    pub dates: Option<DateRange>,
    /// Speaker roles.
    pub roles: Vec<Role>,
    /// Theme ids: a sentence must match at least one of them.
    pub themes: Vec<String>,
    /// A query in the query language; blank for none.
    pub query: String,
}

/// A matching sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the transcript in the library.
    pub transcript: TranscriptIndex,
    /// Index of the turn in the transcript.
    pub turn: TurnIndex,
    /// Byte range of the sentence in the turn's text.
    pub sentence: Range<usize>,
    /// Byte ranges (in the turn's text) of the words that matched, to highlight.
    pub spans: Vec<Range<usize>>,
    /// The library speaker.
    pub speaker: Option<LibrarySpeakerIndex>,
    /// The library speaker's key.
    pub speaker_key: String,
    /// The section the sentence stands in.
    pub section: Option<SectionIndex>,
    /// Start time of the turn, in seconds.
    pub time: f64,
    /// Words in the sentence.
    pub words: usize,
}

/// The hits of one speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerHits {
    /// The library speaker (`None` for turns whose speaker the library does not know).
    pub speaker: Option<LibrarySpeakerIndex>,
    /// Its key.
    pub key: String,
    /// Indices into [`Matches::hits`], in order.
    pub hits: Vec<usize>,
    /// Words in the matching sentences.
    pub words: usize,
}

/// The result of evaluating a [`Filter`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matches {
    /// Matching sentences, by transcript, then in reading order.
    pub hits: Vec<Hit>,
    /// Hits grouped per speaker, most hits first.
    pub groups: Vec<SpeakerHits>,
}

impl Matches {
    /// The number of hits of a speaker (by key).
    pub fn count_for(&self, key: &str) -> usize {
        self.groups
            .iter()
            .find(|g| g.key == key)
            .map_or(0, |g| g.hits.len())
    }
}

impl Filter {
    /// A filter that only runs a query.
    pub fn query(query: impl Into<String>) -> Filter {
        Filter {
            query: query.into(),
            ..Filter::default()
        }
    }

    /// Whether the filter restricts nothing.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Checks the query (and theme ids) without evaluating.
    pub fn validate(&self, themes: &ThemeSet) -> Result<(), QueryError> {
        if !self.query.trim().is_empty() {
            let query = Query::parse(&self.query)?;
            check_themes(&query.root, themes)?;
        }
        if let Some(unknown) = self.themes.iter().find(|t| themes.get(t).is_none()) {
            return Err(QueryError {
                position: 0,
                message: format!("unknown theme {unknown:?}"),
            });
        }
        Ok(())
    }

    /// Finds the matching sentences. Without a query or themes, every sentence of the turns
    /// that pass the other restrictions matches.
    pub fn evaluate(
        &self,
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
    ) -> Result<Matches, QueryError> {
        let plan = self.plan(library, index, themes)?;
        Ok(run(&plan, library, index))
    }

    fn plan(
        &self,
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
    ) -> Result<Plan, QueryError> {
        let compiler = Compiler {
            library,
            index,
            themes,
        };
        let mut parts = Vec::new();
        if !self.query.trim().is_empty() {
            let query = Query::parse(&self.query)?;
            parts.push(compiler.compile(&query.root, 0)?);
        }
        if !self.themes.is_empty() {
            let mut alternatives = Vec::new();
            for id in &self.themes {
                alternatives.push(compiler.theme(id, 0, 0)?);
            }
            parts.push(Plan::Or(alternatives));
        }
        if !self.speakers.is_empty() {
            let mut set = FixedBitSet::with_capacity(library.speakers().len());
            for key in &self.speakers {
                if let Some(i) = library.speaker_by_key(key) {
                    set.insert(i);
                }
            }
            parts.push(compiler.speakers(set));
        }
        if !self.roles.is_empty() {
            let set = library
                .speakers()
                .iter()
                .enumerate()
                .filter(|(_, s)| self.roles.contains(&s.role))
                .map(|(i, _)| i);
            let mut bits = FixedBitSet::with_capacity(library.speakers().len());
            bits.extend(set);
            parts.push(compiler.speakers(bits));
        }
        if !self.transcripts.is_empty() {
            let mut set = FixedBitSet::with_capacity(library.transcripts().len());
            for &t in &self.transcripts {
                if t < library.transcripts().len() {
                    set.insert(t);
                }
            }
            parts.push(Plan::Transcripts(set));
        }
        if let Some(range) = self.dates {
            parts.push(compiler.dates(range));
        }
        if !self.sections.is_empty() {
            parts.push(Plan::Sections(
                self.sections
                    .iter()
                    .map(|s| s.trim().to_lowercase())
                    .collect(),
                true,
            ));
        }
        Ok(Plan::And(parts))
    }
}

fn check_themes(node: &QueryNode, themes: &ThemeSet) -> Result<(), QueryError> {
    match node {
        QueryNode::Field {
            field: Field::Theme(id),
            position,
        } if themes.get(id).is_none() => Err(unknown_theme(id, *position, themes)),
        QueryNode::And(children) | QueryNode::Or(children) => {
            children.iter().try_for_each(|c| check_themes(c, themes))
        }
        QueryNode::Not(inner) => check_themes(inner, themes),
        _ => Ok(()),
    }
}

fn unknown_theme(id: &str, position: usize, themes: &ThemeSet) -> QueryError {
    let known: Vec<&str> = themes.themes.iter().map(|t| t.id.as_str()).collect();
    QueryError {
        position,
        message: format!("unknown theme {id:?} (themes: {})", known.join(", ")),
    }
}

/// A query resolved against the index and library.
#[derive(Debug, Clone)]
enum Plan {
    /// Any of these terms.
    Terms(Vec<TermId>),
    /// Consecutive slots, each any of its terms.
    Phrase(Vec<Vec<TermId>>),
    /// Two word/phrase plans within a distance in one sentence.
    Near(u32, Box<Plan>, Box<Plan>),
    And(Vec<Plan>),
    Or(Vec<Plan>),
    Not(Box<Plan>),
    /// Turns of these library speakers; the second set lists the transcripts they speak in.
    Speakers(FixedBitSet, FixedBitSet),
    /// Whole transcripts.
    Transcripts(FixedBitSet),
    /// Sentences in sections whose lower-cased heading equals (`true`) or contains (`false`)
    /// one of these.
    Sections(Vec<String>, bool),
}

impl Plan {
    /// Whether the plan can match anything in a transcript (cheap pruning).
    fn may_match(&self, transcript: TranscriptIndex) -> bool {
        match self {
            Plan::And(parts) => parts.iter().all(|p| p.may_match(transcript)),
            Plan::Or(parts) => parts.iter().any(|p| p.may_match(transcript)),
            Plan::Speakers(_, transcripts) | Plan::Transcripts(transcripts) => {
                transcripts.contains(transcript)
            }
            _ => true,
        }
    }
}

struct Compiler<'a> {
    library: &'a Library,
    index: &'a Index,
    themes: &'a ThemeSet,
}

impl Compiler<'_> {
    fn term_ids(&self, term: &str, prefix: bool, stem: bool) -> Vec<TermId> {
        let vocabulary = &self.index.vocabulary;
        let mut ids = if prefix {
            vocabulary.with_prefix(term)
        } else if stem {
            vocabulary.with_stem(term)
        } else {
            vocabulary.id(term).into_iter().collect()
        };
        if stem && prefix {
            ids.extend(vocabulary.with_stem(term));
            ids.sort_unstable();
            ids.dedup();
        }
        ids
    }

    fn compile(&self, node: &QueryNode, depth: usize) -> Result<Plan, QueryError> {
        Ok(match node {
            QueryNode::Word { term, prefix, stem } => {
                Plan::Terms(self.term_ids(term, *prefix, *stem))
            }
            QueryNode::Phrase(words) => Plan::Phrase(
                words
                    .iter()
                    .map(|w| self.term_ids(w, false, false))
                    .collect(),
            ),
            QueryNode::Near {
                distance,
                left,
                right,
            } => Plan::Near(
                u32::try_from(*distance).unwrap_or(u32::MAX),
                Box::new(self.compile(left, depth)?),
                Box::new(self.compile(right, depth)?),
            ),
            QueryNode::And(children) => Plan::And(
                children
                    .iter()
                    .map(|c| self.compile(c, depth))
                    .collect::<Result<_, _>>()?,
            ),
            QueryNode::Or(children) => Plan::Or(
                children
                    .iter()
                    .map(|c| self.compile(c, depth))
                    .collect::<Result<_, _>>()?,
            ),
            QueryNode::Not(inner) => Plan::Not(Box::new(self.compile(inner, depth)?)),
            QueryNode::Field { field, position } => self.field(field, *position, depth)?,
        })
    }

    fn field(&self, field: &Field, position: usize, depth: usize) -> Result<Plan, QueryError> {
        let library = self.library;
        Ok(match field {
            Field::Speaker(value) => {
                let needle = value.to_lowercase();
                let mut set = FixedBitSet::with_capacity(library.speakers().len());
                for (i, speaker) in library.speakers().iter().enumerate() {
                    let matches = speaker.key.to_lowercase() == needle
                        || speaker.name.to_lowercase().contains(&needle)
                        || speaker
                            .aliases
                            .iter()
                            .any(|a| a.to_lowercase().contains(&needle));
                    set.set(i, matches);
                }
                self.speakers(set)
            }
            Field::Role(role) => {
                let mut set = FixedBitSet::with_capacity(library.speakers().len());
                for (i, speaker) in library.speakers().iter().enumerate() {
                    set.set(i, speaker.role == *role);
                }
                self.speakers(set)
            }
            Field::Transcript(value) => {
                let needle = value.to_lowercase();
                let mut set = FixedBitSet::with_capacity(library.transcripts().len());
                for (i, t) in library.transcripts().iter().enumerate() {
                    let matches = t.title.to_lowercase().contains(&needle)
                        || t.source_path
                            .to_string_lossy()
                            .to_lowercase()
                            .contains(&needle);
                    set.set(i, matches);
                }
                Plan::Transcripts(set)
            }
            Field::Date(range) => self.dates(*range),
            Field::Section(value) => Plan::Sections(vec![value.trim().to_lowercase()], false),
            Field::Theme(id) => self.theme(id, position, depth)?,
        })
    }

    fn theme(&self, id: &str, position: usize, depth: usize) -> Result<Plan, QueryError> {
        let theme = self
            .themes
            .get(id)
            .ok_or_else(|| unknown_theme(id, position, self.themes))?;
        let text = theme.to_query();
        if text.is_empty() {
            return Ok(Plan::Terms(Vec::new()));
        }
        if depth > 4 {
            return Err(QueryError {
                position,
                message: format!("theme {id:?} refers to itself"),
            });
        }
        let query = Query::parse(&text).map_err(|e| QueryError {
            position,
            message: format!("theme {id:?}: {}", e.message),
        })?;
        self.compile(&query.root, depth + 1)
    }

    fn speakers(&self, set: FixedBitSet) -> Plan {
        let mut transcripts = FixedBitSet::with_capacity(self.library.transcripts().len());
        for speaker in set.ones() {
            if let Some(s) = self.library.speakers().get(speaker) {
                for member in &s.members {
                    transcripts.insert(member.transcript);
                }
            }
        }
        Plan::Speakers(set, transcripts)
    }

    fn dates(&self, range: DateRange) -> Plan {
        let mut set = FixedBitSet::with_capacity(self.library.transcripts().len());
        for (i, t) in self.library.transcripts().iter().enumerate() {
            set.set(i, t.date.is_some_and(|d| range.contains(d)));
        }
        Plan::Transcripts(set)
    }
}

/// Sentences matched in one transcript, with the token runs `(position, length)` to highlight.
struct Eval {
    sentences: FixedBitSet,
    marks: Vec<(u32, u32)>,
}

struct SegmentEval<'a> {
    segment: &'a Segment,
    transcript: TranscriptIndex,
    library: &'a Library,
}

impl SegmentEval<'_> {
    fn empty(&self) -> Eval {
        Eval {
            sentences: FixedBitSet::with_capacity(self.segment.sentences.len()),
            marks: Vec::new(),
        }
    }

    fn all(&self) -> Eval {
        let mut eval = self.empty();
        eval.sentences.insert_range(..);
        eval
    }

    fn marked(&self, marks: Vec<(u32, u32)>) -> Eval {
        let mut eval = self.empty();
        for &(position, _) in &marks {
            eval.sentences.insert(self.segment.sentence_of(position));
        }
        eval.marks = marks;
        eval
    }

    /// Occurrences `(position, length)` of a word or phrase plan, sorted.
    fn occurrences(&self, plan: &Plan) -> Vec<(u32, u32)> {
        match plan {
            Plan::Terms(ids) => {
                let mut marks: Vec<(u32, u32)> = ids
                    .iter()
                    .flat_map(|&id| self.segment.postings(id).iter().map(|&p| (p, 1)))
                    .collect();
                if ids.len() > 1 {
                    marks.sort_unstable();
                }
                marks
            }
            Plan::Phrase(slots) => {
                let lists: Vec<Vec<u32>> = slots
                    .iter()
                    .map(|ids| {
                        let mut positions: Vec<u32> = ids
                            .iter()
                            .flat_map(|&id| self.segment.postings(id).iter().copied())
                            .collect();
                        if ids.len() > 1 {
                            positions.sort_unstable();
                        }
                        positions
                    })
                    .collect();
                let Some((first, rest)) = lists.split_first() else {
                    return Vec::new();
                };
                let length = lists.len() as u32;
                first
                    .iter()
                    .copied()
                    .filter(|&p| {
                        rest.iter()
                            .enumerate()
                            .all(|(k, list)| list.binary_search(&(p + k as u32 + 1)).is_ok())
                    })
                    .map(|p| (p, length))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    fn eval(&self, plan: &Plan) -> Eval {
        match plan {
            Plan::Terms(_) | Plan::Phrase(_) => self.marked(self.occurrences(plan)),
            Plan::Near(distance, left, right) => {
                let lefts = self.occurrences(left);
                let rights = self.occurrences(right);
                let longest_right = rights.iter().map(|r| r.1).max().unwrap_or(1);
                let mut marks = Vec::new();
                for &(p, lp) in &lefts {
                    let low = p.saturating_sub(distance + longest_right);
                    let high = p + lp + distance;
                    let from = rights.partition_point(|r| r.0 < low);
                    let mut matched = false;
                    for &(q, lq) in rights[from..].iter().take_while(|r| r.0 <= high) {
                        let gap = if q >= p + lp {
                            q - (p + lp) + 1
                        } else if p >= q + lq {
                            p - (q + lq) + 1
                        } else {
                            0
                        };
                        if gap <= *distance
                            && self.segment.sentence_of(p) == self.segment.sentence_of(q)
                        {
                            marks.push((q, lq));
                            matched = true;
                        }
                    }
                    if matched {
                        marks.push((p, lp));
                    }
                }
                marks.sort_unstable();
                marks.dedup();
                self.marked(marks)
            }
            Plan::And(parts) => {
                let mut result = self.all();
                for part in parts {
                    let next = self.eval(part);
                    result.sentences.intersect_with(&next.sentences);
                    result.marks.extend(next.marks);
                    if result.sentences.is_clear() {
                        break;
                    }
                }
                result
            }
            Plan::Or(parts) => {
                let mut result = self.empty();
                for part in parts {
                    let next = self.eval(part);
                    result.sentences.union_with(&next.sentences);
                    result.marks.extend(next.marks);
                }
                result
            }
            Plan::Not(inner) => {
                let mut result = self.eval(inner);
                result.sentences.toggle_range(..);
                result.marks.clear();
                result
            }
            Plan::Transcripts(set) => {
                if set.contains(self.transcript) {
                    self.all()
                } else {
                    self.empty()
                }
            }
            Plan::Speakers(set, transcripts) => {
                let mut result = self.empty();
                if !transcripts.contains(self.transcript) {
                    return result;
                }
                for turn in 0..self.segment.transcript.turns.len() {
                    let speaker = self.library.speaker_of_turn(self.transcript, turn);
                    if speaker.is_some_and(|s| set.contains(s)) {
                        result
                            .sentences
                            .insert_range(self.segment.turn_sentence_range(turn));
                    }
                }
                result
            }
            Plan::Sections(titles, whole) => {
                let sections = &self.segment.transcript.sections;
                let wanted: Vec<bool> = sections
                    .iter()
                    .map(|s| {
                        let title = s.title.trim().to_lowercase();
                        titles.iter().any(|t| {
                            if *whole {
                                title == *t
                            } else {
                                title.contains(t.as_str())
                            }
                        })
                    })
                    .collect();
                let mut result = self.empty();
                for (i, sentence) in self.segment.sentences.iter().enumerate() {
                    if sentence
                        .section()
                        .is_some_and(|s| wanted.get(s) == Some(&true))
                    {
                        result.sentences.insert(i);
                    }
                }
                result
            }
        }
    }

    fn hits(&self, eval: Eval) -> Vec<Hit> {
        let Eval {
            sentences,
            mut marks,
        } = eval;
        marks.sort_unstable();
        marks.dedup();
        let transcript = &self.segment.transcript;
        let mut buffer = String::new();
        let mut cursor = 0usize;
        let mut hits = Vec::with_capacity(sentences.count_ones(..));
        for s in sentences.ones() {
            let Some(sentence) = self.segment.sentences.get(s) else {
                continue;
            };
            let turn_index = sentence.turn as usize;
            let Some(turn) = transcript.turns.get(turn_index) else {
                continue;
            };
            let end_token = sentence.first_token + sentence.tokens;
            while cursor < marks.len() && marks[cursor].0 < sentence.first_token {
                cursor += 1;
            }
            let mut wanted: Vec<(u32, u32)> = Vec::new();
            while cursor < marks.len() && marks[cursor].0 < end_token {
                let (p, len) = marks[cursor];
                wanted.push((p - sentence.first_token, len));
                cursor += 1;
            }
            let spans = token_spans(&turn.text, sentence.range(), &wanted, &mut buffer);
            let speaker = self.library.speaker_of_turn(self.transcript, turn_index);
            let speaker_key = speaker
                .and_then(|i| self.library.speakers().get(i))
                .map_or_else(String::new, |s| s.key.clone());
            hits.push(Hit {
                transcript: self.transcript,
                turn: turn_index,
                sentence: sentence.range(),
                spans,
                speaker,
                speaker_key,
                section: sentence.section(),
                time: turn.start,
                words: sentence.tokens as usize,
            });
        }
        hits
    }
}

/// Byte ranges (in the turn's text) of token runs `(index in sentence, length)`, merged where
/// they overlap.
fn token_spans(
    text: &str,
    sentence: Range<usize>,
    wanted: &[(u32, u32)],
    buffer: &mut String,
) -> Vec<Range<usize>> {
    let Some(last) = wanted.iter().map(|(i, n)| i + n).max() else {
        return Vec::new();
    };
    let Some(sentence_text) = text.get(sentence.clone()) else {
        return Vec::new();
    };
    let mut ranges = Vec::with_capacity(last as usize);
    for_each_token(sentence_text, buffer, |range, _| {
        ranges.push(sentence.start + range.start..sentence.start + range.end)
    });
    let mut spans: Vec<Range<usize>> = Vec::new();
    for &(i, n) in wanted {
        let (Some(first), Some(end)) = (ranges.get(i as usize), ranges.get((i + n - 1) as usize))
        else {
            continue;
        };
        let span = first.start..end.end;
        match spans.last_mut() {
            Some(previous) if previous.end >= span.start => {
                previous.end = previous.end.max(span.end)
            }
            _ => spans.push(span),
        }
    }
    spans
}

fn run(plan: &Plan, library: &Library, index: &Index) -> Matches {
    let per_segment: Vec<Vec<Hit>> = index
        .segments
        .par_iter()
        .enumerate()
        .filter(|(t, _)| plan.may_match(*t))
        .map(|(transcript, segment)| {
            let evaluator = SegmentEval {
                segment,
                transcript,
                library,
            };
            let eval = evaluator.eval(plan);
            evaluator.hits(eval)
        })
        .collect();
    let hits: Vec<Hit> = per_segment.into_iter().flatten().collect();
    let mut groups: Vec<SpeakerHits> = Vec::new();
    let mut group_of: rustc_hash::FxHashMap<Option<LibrarySpeakerIndex>, usize> =
        rustc_hash::FxHashMap::default();
    for (i, hit) in hits.iter().enumerate() {
        let g = *group_of.entry(hit.speaker).or_insert_with(|| {
            groups.push(SpeakerHits {
                speaker: hit.speaker,
                key: hit.speaker_key.clone(),
                hits: Vec::new(),
                words: 0,
            });
            groups.len() - 1
        });
        groups[g].hits.push(i);
        groups[g].words += hit.words;
    }
    groups.sort_by(|a, b| b.hits.len().cmp(&a.hits.len()).then(a.key.cmp(&b.key)));
    Matches { hits, groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::index::tests::transcript;
    use crate::model::{Date, Section};

    fn library() -> Library {
        let mut first = transcript(
            "moscow-2025.txt",
            &[
                ("Vladimir Putin", Role::Person),
                ("Alexander Lukashenko", Role::Person),
                ("Reporter", Role::Reporter),
            ],
            &[
                (
                    2,
                    "What about the sanctions? And the ceasefire in the Kursk region?",
                ),
                (
                    0,
                    "The sanctions are illegitimate. We will overcome sanctioned markets.\nAs for the ceasefire, the idea is right, but Kursk comes first.",
                ),
                (
                    1,
                    "Nuclear weapons are deployed in Belarus. We don’t hide it.",
                ),
                (
                    0,
                    "Gas prices for Belarus stay low. Energy cooperation goes on.",
                ),
            ],
        );
        first.date = Date::new(2025, 3, 13);
        first.sections = vec![Section {
            title: "Energy Cooperation".into(),
            turn: 3,
            offset: 0,
            source_offset: 0,
        }];
        first.turns[3].section = Some(0);
        let mut second = transcript(
            "minsk-2024.txt",
            &[("Vladimir Putin", Role::Person)],
            &[(
                0,
                "Nuclear weapons talk again. The nuclear weapons question is old.",
            )],
        );
        second.date = Date::new(2024, 12, 6);
        Library::from_transcripts([first, second])
    }

    fn texts(library: &Library, matches: &Matches) -> Vec<String> {
        matches
            .hits
            .iter()
            .map(|hit| {
                let text = &library.transcripts()[hit.transcript].turns[hit.turn].text;
                let mut out = text[hit.sentence.clone()].to_owned();
                for span in hit.spans.iter().rev() {
                    out.insert(span.end - hit.sentence.start, ']');
                    out.insert(span.start - hit.sentence.start, '[');
                }
                out
            })
            .collect()
    }

    fn search(query: &str) -> Vec<String> {
        let library = library();
        let index = Index::build(&library);
        let matches = Filter::query(query)
            .evaluate(&library, &index, &ThemeSet::builtin())
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        texts(&library, &matches)
    }

    #[test]
    fn words_prefixes_and_stems() {
        assert_eq!(
            search("sanctions"),
            vec![
                "What about the [sanctions]?",
                "The [sanctions] are illegitimate."
            ]
        );
        assert_eq!(
            search("sanction*"),
            vec![
                "What about the [sanctions]?",
                "The [sanctions] are illegitimate.",
                "We will overcome [sanctioned] markets."
            ]
        );
        assert_eq!(search("~sanction").len(), 3);
        assert_eq!(search("don't"), vec!["We [don’t] hide it."]);
    }

    #[test]
    fn phrases_near_or_and_not() {
        assert_eq!(
            search("\"nuclear weapons\""),
            vec![
                "[Nuclear weapons] are deployed in Belarus.",
                "[Nuclear weapons] talk again.",
                "The [nuclear weapons] question is old."
            ]
        );
        assert_eq!(
            search("NEAR/3(ceasefire, kursk)"),
            vec!["And the [ceasefire] in the [Kursk] region?"]
        );
        assert!(search("NEAR/2(ceasefire, kursk)").is_empty());
        // Far apart in the sentence: NEAR/10 reaches.
        assert_eq!(search("NEAR/10(ceasefire, kursk)").len(), 2);
        assert_eq!(search("gas OR kursk").len(), 3);
        assert_eq!(search("ceasefire kursk").len(), 2);
        assert_eq!(
            search("ceasefire -region"),
            vec!["As for the [ceasefire], the idea is right, but Kursk comes first."]
        );
        assert_eq!(
            search("(gas OR weapons) -\"nuclear weapons\""),
            vec!["[Gas] prices for Belarus stay low."]
        );
        assert!(search("nonexistentword").is_empty());
    }

    #[test]
    fn field_filters() {
        assert_eq!(search("weapons speaker:putin").len(), 2);
        assert_eq!(search("weapons speaker:lukashenko").len(), 1);
        assert_eq!(
            search("sanctions role:reporter"),
            vec!["What about the [sanctions]?"]
        );
        assert_eq!(search("weapons transcript:minsk").len(), 2);
        assert_eq!(search("weapons date:2025").len(), 1);
        assert_eq!(search("weapons date:..2024-12").len(), 2);
        assert_eq!(
            search("section:\"energy\""),
            vec![
                "Gas prices for Belarus stay low.",
                "Energy cooperation goes on."
            ]
        );
        assert_eq!(search("theme:sanctions").len(), 3);
        // "nuclear" is an energy term too: the two Minsk sentences count.
        assert_eq!(search("theme:energy speaker:putin").len(), 4);
        let library = library();
        let index = Index::build(&library);
        let error = Filter::query("x theme:astrology")
            .evaluate(&library, &index, &ThemeSet::builtin())
            .err();
        assert_eq!(error.map(|e| e.position), Some(2));
    }

    #[test]
    fn filter_without_query_lists_sentences_of_filtered_turns() {
        let library = library();
        let index = Index::build(&library);
        let Some(putin) = library
            .speakers()
            .iter()
            .find(|s| s.name == "Vladimir Putin")
        else {
            panic!("no Putin");
        };
        let filter = Filter {
            speakers: vec![putin.key.clone()],
            transcripts: vec![0],
            ..Filter::default()
        };
        let matches = filter
            .evaluate(&library, &index, &ThemeSet::builtin())
            .unwrap_or_default();
        assert_eq!(matches.hits.len(), 5);
        assert_eq!(matches.groups.len(), 1);
        assert!(
            matches
                .hits
                .iter()
                .all(|h| h.spans.is_empty() && h.speaker_key == putin.key)
        );
        let by_theme = Filter {
            themes: vec!["defense".into(), "war".into()],
            ..Filter::default()
        }
        .evaluate(&library, &index, &ThemeSet::builtin())
        .unwrap_or_default();
        assert_eq!(by_theme.groups.first().map(|g| g.hits.len()), Some(3));
        assert_eq!(by_theme.count_for(&putin.key), 3);
    }
}
