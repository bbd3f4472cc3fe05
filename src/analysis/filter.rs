//! The filter every view and the export share: speakers, transcripts, sections, dates, roles,
//! themes and a free query. Evaluating it against the [`Index`] gives the matching sentences
//! ([`Hit`]s, with highlight spans) grouped per speaker.

use crate::analysis::index::{Index, Postings, Segment, TermId, TermPresence};
use crate::analysis::query::{DateRange, Field, Query, QueryError, QueryNode};
use crate::analysis::themes::ThemeSet;
use crate::analysis::tokenize::for_each_token;
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::{Role, SectionIndex, SpeakerIndex, TurnIndex};
use fixedbitset::FixedBitSet;
use rayon::prelude::*;
use smallvec::SmallVec;
use std::ops::Range;
use std::sync::Arc;

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

/// The highlight byte ranges of a [`Hit`] ([`Hit::spans`]), sorted and apart. Nearly every
/// sentence has one or two, which are kept inline.
pub type Spans = SmallVec<[Range<usize>; 2]>;

/// The matched words of a [`Hit`], as token runs `(first token, tokens)` counted from the
/// sentence's first token, sorted. Nearly every sentence has one or two, which are kept inline:
/// building, cloning and dropping a hit allocates nothing.
pub type Marks = SmallVec<[(u32, u32); 2]>;

/// A matching sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the transcript in the library.
    pub transcript: TranscriptIndex,
    /// Index of the turn in the transcript.
    pub turn: TurnIndex,
    /// Byte range of the sentence in the turn's text.
    pub sentence: Range<usize>,
    /// The words that matched, as token runs of the sentence: [`Hit::spans`] finds their bytes
    /// in the text, for the hits that are shown or exported.
    pub marks: Marks,
    /// The library speaker.
    pub speaker: Option<LibrarySpeakerIndex>,
    /// The section the sentence stands in.
    pub section: Option<SectionIndex>,
    /// Start time of the turn, in seconds.
    pub time: f64,
    /// Words in the sentence.
    pub words: usize,
}

impl Hit {
    /// The byte ranges (in `text`, the text of the hit's turn) of the words that matched, to
    /// highlight: sorted, and merged where they overlap or touch. The sentence is tokenized as
    /// far as its last matched word.
    pub fn spans(&self, text: &str) -> Spans {
        SPAN_SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            scratch.wanted.clear();
            scratch.wanted.extend_from_slice(&self.marks);
            token_spans(text, self.sentence.clone(), &mut scratch);
            scratch.spans.drain(..).collect()
        })
    }

    /// [`Hit::spans`], with the turn's text looked up in the library the hit was found in
    /// (none when the library has no such turn).
    pub fn spans_in(&self, library: &Library) -> Spans {
        library
            .transcripts()
            .get(self.transcript)
            .and_then(|t| t.turns.get(self.turn))
            .map_or_else(Spans::new, |turn| self.spans(&turn.text))
    }

    /// The key of the hit's library speaker, in the library the hit was found in (empty when
    /// the turn's speaker is unknown to it).
    pub fn speaker_key<'a>(&self, library: &'a Library) -> &'a str {
        self.speaker
            .and_then(|s| library.speakers().get(s))
            .map_or("", |s| s.key.as_str())
    }
}

thread_local! {
    /// Buffers reused from one [`Hit::spans`] to the next on each thread.
    static SPAN_SCRATCH: std::cell::RefCell<SpanScratch> =
        std::cell::RefCell::new(SpanScratch::default());
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
            parts.push(Plan::Or(alternatives, TermPresence::default()));
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
        let mut plan = Plan::And(parts);
        plan.locate(index);
        Ok(plan)
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
    /// Any of these terms, with the ones each transcript holds (worked out by
    /// [`Plan::locate`] once the plan is complete).
    Terms(Vec<TermId>, TermPresence),
    /// Consecutive slots, each any of its terms, with the terms of each slot that each
    /// transcript holds.
    Phrase(Vec<Vec<TermId>>, Vec<TermPresence>),
    /// Two word/phrase plans within a distance in one sentence.
    Near(u32, Box<Plan>, Box<Plan>),
    And(Vec<Plan>),
    /// Any of these; with the terms of its word and phrase parts that each transcript holds
    /// (worked out by [`Plan::locate`] once for all those parts, which then have none of their
    /// own).
    Or(Vec<Plan>, TermPresence),
    Not(Box<Plan>),
    /// Turns of these library speakers; the second set lists the transcripts they speak in.
    Speakers(FixedBitSet, FixedBitSet),
    /// Whole transcripts.
    Transcripts(FixedBitSet),
    /// Sentences in sections whose lower-cased heading equals (`true`) or contains (`false`)
    /// one of these.
    Sections(Vec<String>, bool),
    /// A word or phrase plan whose result per transcript is kept in the [`occurrence_cache`]
    /// under this key (the query node it was compiled from, independent of the index).
    Cached(Arc<str>, Box<Plan>),
}

impl Plan {
    /// Whether the plan can match anything in a transcript (cheap pruning).
    fn may_match(&self, transcript: TranscriptIndex) -> bool {
        match self {
            Plan::And(parts) => parts.iter().all(|p| p.may_match(transcript)),
            Plan::Or(parts, shared) if shared.is_located() => {
                // The word and phrase parts can match only where a term of theirs is.
                shared.any_in(transcript)
                    || parts
                        .iter()
                        .any(|p| !p.finds_words() && p.may_match(transcript))
            }
            Plan::Or(parts, _) => parts.iter().any(|p| p.may_match(transcript)),
            Plan::Speakers(_, transcripts) | Plan::Transcripts(transcripts) => {
                transcripts.contains(transcript)
            }
            Plan::Cached(_, inner) => inner.may_match(transcript),
            Plan::Terms(_, presence) => presence.any_in(transcript),
            Plan::Phrase(_, presences) => presences.iter().all(|p| p.any_in(transcript)),
            Plan::Near(_, left, right) => left.may_match(transcript) && right.may_match(transcript),
            _ => true,
        }
    }

    /// Works out which of its terms each transcript of the index holds, for every word and
    /// phrase part of the plan: evaluation then skips the transcripts that hold none and looks
    /// up only the terms a transcript holds.
    fn locate(&mut self, index: &Index) {
        match self {
            Plan::Terms(ids, presence) => *presence = index.presence(ids),
            Plan::Phrase(slots, presences) => {
                *presences = slots.iter().map(|ids| index.presence(ids)).collect();
            }
            Plan::Near(_, left, right) => {
                left.locate(index);
                right.locate(index);
            }
            Plan::Or(parts, shared) => {
                // One presence for the terms of all the word and phrase parts (a theme's words
                // and its dozen phrases): one list per transcript to read, not one per part.
                let mut ids: Vec<TermId> = Vec::new();
                for part in parts.iter() {
                    match part {
                        Plan::Terms(terms, _) => ids.extend(terms),
                        Plan::Phrase(slots, _) => slots.iter().for_each(|slot| ids.extend(slot)),
                        _ => {}
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                *shared = index.presence(&ids);
                for part in parts.iter_mut() {
                    match part {
                        // A word part finds its terms among the shared ones by binary
                        // search (and a phrase its slots'); one with ids out of order is
                        // located on its own.
                        Plan::Terms(terms, _) if terms.is_sorted() => {}
                        Plan::Phrase(..) => {}
                        other => other.locate(index),
                    }
                }
            }
            Plan::And(parts) => parts.iter_mut().for_each(|p| p.locate(index)),
            Plan::Not(inner) | Plan::Cached(_, inner) => inner.locate(index),
            Plan::Speakers(..) | Plan::Transcripts(_) | Plan::Sections(..) => {}
        }
    }

    /// Whether the plan is a word or phrase plan (whose occurrences an `Or` gathers).
    fn finds_words(&self) -> bool {
        matches!(self, Plan::Terms(..) | Plan::Phrase(..))
    }

    /// The cache keys of the plan's cached parts.
    fn cache_keys(&self, keys: &mut Vec<Arc<str>>) {
        match self {
            Plan::Cached(key, _) if !keys.contains(key) => keys.push(Arc::clone(key)),
            Plan::And(parts) | Plan::Or(parts, _) => parts.iter().for_each(|p| p.cache_keys(keys)),
            Plan::Not(inner) => inner.cache_keys(keys),
            _ => {}
        }
    }
}

/// Whether a query node only finds words: its matches follow from the transcript's tokens
/// alone, so they can be cached per transcript.
fn finds_words_only(node: &QueryNode) -> bool {
    match node {
        QueryNode::Word { .. } | QueryNode::Phrase(_) | QueryNode::Near { .. } => true,
        QueryNode::Or(children) => children.iter().all(finds_words_only),
        _ => false,
    }
}

/// Whether caching a word-only node pays: anything but a single exact word (one posting list).
fn worth_caching(node: &QueryNode) -> bool {
    !matches!(
        node,
        QueryNode::Word {
            prefix: false,
            stem: false,
            ..
        }
    )
}

/// An `Or` of compiled alternatives, with every word alternative folded into one
/// [`Plan::Terms`] (a theme's dozens of words become one sorted list of term ids) and nested
/// `Or`s flattened, so that evaluation gathers all word and phrase occurrences in one pass.
fn or_plan(alternatives: Vec<Plan>) -> Plan {
    let mut terms: Vec<TermId> = Vec::new();
    let mut any_terms = false;
    let mut rest = Vec::new();
    let mut pending = alternatives;
    while let Some(plan) = pending.pop() {
        match plan {
            Plan::Terms(ids, _) => {
                any_terms = true;
                terms.extend(ids);
            }
            Plan::Or(inner, _) => pending.extend(inner),
            other => rest.push(other),
        }
    }
    rest.reverse();
    if any_terms {
        terms.sort_unstable();
        terms.dedup();
        rest.insert(0, Plan::Terms(terms, TermPresence::default()));
    }
    if rest.len() == 1 {
        rest.remove(0)
    } else {
        Plan::Or(rest, TermPresence::default())
    }
}

/// Whether `haystack` contains `needle` ignoring case, where `needle` is already lower case.
/// ASCII text is compared without allocating; anything else is lower-cased first.
fn contains_folded(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        n.is_empty()
            || h.windows(n.len())
                .any(|window| window.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

/// Whether `text` lower-cased equals `lower` (already lower case), without allocating for
/// ASCII text.
fn equals_folded(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(lower)
    } else {
        text.to_lowercase() == lower
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

    /// Compiles a node; a node that only finds words (a theme, `a OR b`, a phrase, a prefix)
    /// becomes a [`Plan::Cached`] whose result per transcript is computed once.
    fn compile(&self, node: &QueryNode, depth: usize) -> Result<Plan, QueryError> {
        let plan = self.compile_node(node, depth)?;
        Ok(if finds_words_only(node) && worth_caching(node) {
            Plan::Cached(Arc::from(format!("{node:?}")), Box::new(plan))
        } else {
            plan
        })
    }

    /// Compiles a node and its children without caching (the parts of a word-only node).
    fn compile_words(&self, node: &QueryNode, depth: usize) -> Result<Plan, QueryError> {
        if finds_words_only(node) {
            self.compile_node(node, depth)
        } else {
            self.compile(node, depth)
        }
    }

    fn compile_node(&self, node: &QueryNode, depth: usize) -> Result<Plan, QueryError> {
        Ok(match node {
            QueryNode::Word { term, prefix, stem } => {
                Plan::Terms(self.term_ids(term, *prefix, *stem), TermPresence::default())
            }
            QueryNode::Phrase(words) => Plan::Phrase(
                words
                    .iter()
                    .map(|w| self.term_ids(w, false, false))
                    .collect(),
                Vec::new(),
            ),
            QueryNode::Near {
                distance,
                left,
                right,
            } => Plan::Near(
                u32::try_from(*distance).unwrap_or(u32::MAX),
                Box::new(self.compile_words(left, depth)?),
                Box::new(self.compile_words(right, depth)?),
            ),
            QueryNode::And(children) => Plan::And(
                children
                    .iter()
                    .map(|c| self.compile(c, depth))
                    .collect::<Result<_, _>>()?,
            ),
            QueryNode::Or(children) => or_plan(
                children
                    .iter()
                    .map(|c| self.compile_words(c, depth))
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
                    let matches = equals_folded(&speaker.key, &needle)
                        || contains_folded(&speaker.name, &needle)
                        || speaker.aliases.iter().any(|a| contains_folded(a, &needle));
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
                    let matches = contains_folded(&t.title, &needle)
                        || contains_folded(&t.source_path.to_string_lossy(), &needle);
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
            return Ok(Plan::Terms(Vec::new(), TermPresence::default()));
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

/// Sentences matched in one transcript, with what to highlight in them: token runs
/// `(position, length)`, and the results of cached parts, whose highlights are ready.
#[derive(Debug, Clone)]
struct Eval {
    /// The matched sentences; `None` for the sentences of the one cached result, which are
    /// copied only when changed ([`Eval::sentences_mut`]).
    own_sentences: Option<FixedBitSet>,
    marks: Vec<(u32, u32)>,
    cached: SmallVec<[Arc<CachedResult>; 1]>,
}

/// No sentences.
const NO_SENTENCES: &FixedBitSet = &FixedBitSet::new();

impl Eval {
    /// The matched sentences.
    fn sentences(&self) -> &FixedBitSet {
        match &self.own_sentences {
            Some(sentences) => sentences,
            None => self.cached.first().map_or(NO_SENTENCES, |c| &c.sentences),
        }
    }

    /// The matched sentences, to change (copied from the cached result first if need be).
    fn sentences_mut(&mut self) -> &mut FixedBitSet {
        let cached = &self.cached;
        self.own_sentences.get_or_insert_with(|| {
            cached
                .first()
                .map_or_else(FixedBitSet::new, |c| c.sentences.clone())
        })
    }
}

/// A sentence matched by a cached plan, with all a [`Hit`] needs from the transcript, so that
/// hits are built from the cache without reading the transcript again.
#[derive(Debug, Clone)]
struct HitRow {
    /// Index of the sentence in the segment.
    sentence: u32,
    turn: u32,
    start: u32,
    end: u32,
    tokens: u32,
    section: Option<SectionIndex>,
    /// The turn's speaker and alias in the transcript.
    speaker: SpeakerIndex,
    alias: usize,
    time: f64,
    /// Its matched words: a range of [`CachedResult::marks`].
    marks: Range<u32>,
}

/// The result of a cached plan in one transcript.
#[derive(Debug)]
struct CachedResult {
    /// The transcript (weak: the entry must not keep a closed transcript's text alive).
    transcript: std::sync::Weak<crate::model::Transcript>,
    sentences: FixedBitSet,
    /// The matched sentences in order.
    rows: Vec<HitRow>,
    /// The matched words of all rows, as token runs of their sentences.
    marks: Vec<(u32, u32)>,
}

struct SegmentEval<'a> {
    segment: &'a Segment,
    transcript: TranscriptIndex,
    library: &'a Library,
    /// The cached results of the plan's cached parts, by key (`None` for a part evaluated
    /// for the first time, whose results are not kept).
    cached: &'a [(Arc<str>, Option<occurrence_cache::Snapshot>)],
    /// Results computed here for cached parts that had none for this transcript.
    fresh: std::cell::RefCell<Vec<(usize, Arc<CachedResult>)>>,
}

impl SegmentEval<'_> {
    fn empty(&self) -> Eval {
        Eval {
            own_sentences: Some(FixedBitSet::with_capacity(self.segment.sentences.len())),
            marks: Vec::new(),
            cached: SmallVec::new(),
        }
    }

    fn all(&self) -> Eval {
        let mut eval = self.empty();
        eval.sentences_mut().insert_range(..);
        eval
    }

    /// The sentences holding these marks (sorted here), with the marks.
    fn marked(&self, mut marks: Vec<(u32, u32)>) -> Eval {
        let mut eval = self.empty();
        marks.sort_unstable();
        marks.dedup();
        let sentences = &self.segment.sentences;
        if sentences.is_empty() {
            return eval;
        }
        let mut at = 0usize;
        for &(position, _) in &marks {
            // Marks ascend: each one's sentence is at or after the last one's.
            at = self.segment.sentence_from(at, position);
            eval.sentences_mut().insert(at);
        }
        eval.marks = marks;
        eval
    }

    /// Occurrences `(position, length)` of a word or phrase plan, sorted.
    fn occurrences(&self, plan: &Plan) -> Vec<(u32, u32)> {
        let mut marks = mark_buffer();
        self.occurrences_into(plan, None, &mut marks);
        marks.sort_unstable();
        marks
    }

    /// Appends the occurrences of a word or phrase plan to `marks` (each plan's own
    /// occurrences in order only for a phrase or a single term). `shared`: the terms this
    /// transcript holds of the `Or` the plan is part of, when that `Or` was located for its
    /// parts (ascending ids, each with its place in the transcript's term list).
    fn occurrences_into(
        &self,
        plan: &Plan,
        shared: Option<&[(TermId, u32)]>,
        marks: &mut Vec<(u32, u32)>,
    ) {
        match plan {
            Plan::Terms(ids, presence) => match (presence.terms_in(self.transcript), shared) {
                (Some(found), _) => {
                    for &(_, local) in found {
                        let postings = self.segment.postings_at(local as usize);
                        postings.append_marks(marks);
                    }
                }
                (None, Some(shared)) => {
                    // Ids of a located `Or` ascend: the shared terms that are the plan's own.
                    for &(id, local) in shared {
                        if ids.binary_search(&id).is_ok() {
                            let postings = self.segment.postings_at(local as usize);
                            postings.append_marks(marks);
                        }
                    }
                }
                (None, None) => self
                    .segment
                    .each_postings(ids, |postings| postings.append_marks(marks)),
            },
            Plan::Phrase(..) => self.phrase_occurrences(plan, shared, marks),
            Plan::Cached(_, inner) => self.occurrences_into(inner, None, marks),
            _ => {}
        }
    }

    /// The postings of term `id` of slot `slot` of a phrase plan, found through the slot's own
    /// presence, else the shared terms of the `Or` holding the phrase, else the transcript's.
    fn slot_postings(
        &self,
        presences: &[TermPresence],
        slot: usize,
        shared: Option<&[(TermId, u32)]>,
        id: TermId,
    ) -> Postings<'_> {
        let found = presences
            .get(slot)
            .and_then(|p| p.terms_in(self.transcript));
        let local = match (found, shared) {
            (Some(found), _) => found.iter().find(|&&(t, _)| t == id).map(|&(_, l)| l),
            (None, Some(shared)) => shared
                .binary_search_by_key(&id, |&(t, _)| t)
                .ok()
                .and_then(|i| shared.get(i))
                .map(|&(_, l)| l),
            (None, None) => return self.segment.postings(id),
        };
        local.map_or(Postings::Wide(&[]), |l| {
            self.segment.postings_at(l as usize)
        })
    }

    /// Appends the occurrences of a phrase plan, in order.
    fn phrase_occurrences(
        &self,
        plan: &Plan,
        shared: Option<&[(TermId, u32)]>,
        marks: &mut Vec<(u32, u32)>,
    ) {
        const SHORT: usize = 8;
        let Plan::Phrase(slots, presences) = plan else {
            return;
        };
        if !plan.may_match(self.transcript) {
            // A word of the phrase is not in this transcript.
            return;
        }
        let length = slots.len() as u32;
        if slots.len() <= SHORT && slots.iter().all(|ids| ids.len() == 1) {
            // The usual phrase: a term per slot, postings read in place, nothing allocated.
            let mut lists = [Postings::Wide(&[]); SHORT];
            for (k, (list, ids)) in lists.iter_mut().zip(slots).enumerate() {
                *list = self.slot_postings(presences, k, shared, ids[0]);
                if list.is_empty() {
                    return;
                }
            }
            mark_phrase_starts(&lists[..slots.len()], length, marks);
            return;
        }
        let mut lists: Vec<Vec<u32>> = Vec::with_capacity(slots.len());
        for (k, ids) in slots.iter().enumerate() {
            let mut positions: Vec<u32> = Vec::new();
            for &id in ids {
                positions.extend(self.slot_postings(presences, k, shared, id).iter());
            }
            if positions.is_empty() {
                return;
            }
            positions.sort_unstable();
            lists.push(positions);
        }
        mark_phrase_starts(&lists, length, marks);
    }

    fn eval(&self, plan: &Plan) -> Eval {
        match plan {
            Plan::Cached(key, inner) => {
                // The keys are the plan's own: compare pointers before text.
                let slot = self
                    .cached
                    .iter()
                    .position(|(k, _)| Arc::ptr_eq(k, key) || k == key);
                let snapshot = match slot.map(|i| &self.cached[i].1) {
                    // A part's first evaluation: its matches are not kept (keeping them costs
                    // about half again the evaluation, worth it only for a part asked again).
                    Some(None) => return self.eval(inner),
                    Some(Some(snapshot)) => Some(snapshot),
                    None => None,
                };
                let known = snapshot
                    .and_then(|snapshot| snapshot.get(&self.segment.transcript))
                    .filter(|r| r.sentences.len() == self.segment.sentences.len());
                let result = match known {
                    Some(result) => Arc::clone(result),
                    None => {
                        let result = Arc::new(self.cached_result(self.eval(inner)));
                        if let Some(slot) = slot {
                            self.fresh.borrow_mut().push((slot, Arc::clone(&result)));
                        }
                        result
                    }
                };
                Eval {
                    own_sentences: None,
                    marks: Vec::new(),
                    cached: smallvec::smallvec![result],
                }
            }
            Plan::Terms(..) | Plan::Phrase(..) => self.marked(self.occurrences(plan)),
            Plan::Near(distance, left, right) => {
                let lefts = self.occurrences(left);
                let rights = self.occurrences(right);
                let longest_right = rights.iter().map(|r| r.1).max().unwrap_or(1);
                let mut marks = mark_buffer();
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
                recycle_marks(lefts);
                recycle_marks(rights);
                marks.sort_unstable();
                marks.dedup();
                self.marked(marks)
            }
            Plan::And(parts) => {
                // The speaker and section filters read every turn or sentence of the
                // transcript: they come last, and only when the other parts left sentences to
                // filter. (The result is the same in any order: the sentences are intersected,
                // and the marks and highlights are sorted when the hits are built.)
                let scans = |part: &&Plan| matches!(part, Plan::Speakers(..) | Plan::Sections(..));
                let mut ordered = parts
                    .iter()
                    .filter(|part| !scans(part))
                    .chain(parts.iter().filter(scans));
                let Some(first) = ordered.next() else {
                    return self.all();
                };
                let mut result = self.eval(first);
                for part in ordered {
                    if result.sentences().is_clear() {
                        break;
                    }
                    let next = self.eval(part);
                    result.sentences_mut().intersect_with(next.sentences());
                    result.marks.extend_from_slice(&next.marks);
                    recycle_marks(next.marks);
                    result.cached.extend(next.cached);
                }
                result
            }
            Plan::Or(parts, shared) => {
                // Word and phrase alternatives are gathered into one list of marks and turned
                // into sentences once; the others are evaluated and united.
                let mut marks = mark_buffer();
                let shared = shared.terms_in(self.transcript);
                if shared.is_none_or(|terms| !terms.is_empty()) {
                    for part in parts.iter().filter(|part| part.finds_words()) {
                        self.occurrences_into(part, shared, &mut marks);
                    }
                }
                let mut result = self.marked(marks);
                for part in parts {
                    if !part.finds_words() {
                        let next = self.eval(part);
                        result.sentences_mut().union_with(next.sentences());
                        result.marks.extend_from_slice(&next.marks);
                        recycle_marks(next.marks);
                        result.cached.extend(next.cached);
                    }
                }
                result
            }
            Plan::Not(inner) => {
                let mut result = self.eval(inner);
                result.sentences_mut().toggle_range(..);
                recycle_marks(std::mem::take(&mut result.marks));
                result.cached.clear();
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
                            .sentences_mut()
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
                        result.sentences_mut().insert(i);
                    }
                }
                result
            }
        }
    }

    /// The hit rows of an evaluated word-only plan (for the cache).
    fn cached_result(&self, mut eval: Eval) -> CachedResult {
        let sentences = std::mem::take(eval.sentences_mut());
        let mut marks = eval.marks;
        marks.sort_unstable();
        marks.dedup();
        let transcript = &self.segment.transcript;
        let mut cursor = 0usize;
        let mut rows = Vec::with_capacity(sentences.count_ones(..));
        let mut row_marks = Vec::with_capacity(marks.len());
        touch_turns(transcript, &self.segment.sentences, &sentences);
        for s in sentences.ones() {
            let Some(sentence) = self.segment.sentences.get(s) else {
                continue;
            };
            let Some(turn) = transcript.turns.get(sentence.turn as usize) else {
                continue;
            };
            let first = row_marks.len() as u32;
            sentence_marks(sentence, &marks, &mut cursor, &mut row_marks);
            rows.push(HitRow {
                sentence: s as u32,
                turn: sentence.turn,
                start: sentence.start,
                end: sentence.end,
                tokens: sentence.tokens,
                section: sentence.section(),
                speaker: turn.speaker,
                alias: turn.alias,
                time: turn.start,
                marks: first..row_marks.len() as u32,
            });
        }
        recycle_marks(marks);
        CachedResult {
            transcript: Arc::downgrade(transcript),
            sentences,
            rows,
            marks: row_marks,
        }
    }

    /// Appends the hits of an evaluated plan to `hits`.
    fn hits_into(&self, mut eval: Eval, hits: &mut Vec<Hit>) {
        let mut marks = std::mem::take(&mut eval.marks);
        let sentences = eval.sentences();
        let cached = &eval.cached;
        marks.sort_unstable();
        marks.dedup();
        let transcript = &self.segment.transcript;
        let mut cursor = 0usize;
        let mut row_cursors: SmallVec<[usize; 2]> = smallvec::smallvec![0; cached.len()];
        hits.reserve(sentences.count_ones(..));
        if !marks.is_empty() {
            // Rows are built from the transcript, not from cached results.
            touch_turns(transcript, &self.segment.sentences, sentences);
        }
        let mut last_speaker = None;
        let mut speaker = None;
        for s in sentences.ones() {
            // The cached rows of this sentence (the rows of each result ascend).
            let mut row: Option<&HitRow> = None;
            let mut sources = 0;
            let mut hit_marks = Marks::new();
            for (result, at) in cached.iter().zip(row_cursors.iter_mut()) {
                let rows = &result.rows;
                while *at < rows.len() && (rows[*at].sentence as usize) < s {
                    *at += 1;
                }
                if let Some(found) = rows.get(*at).filter(|r| r.sentence as usize == s) {
                    let range = found.marks.start as usize..found.marks.end as usize;
                    let found_marks = result.marks.get(range).unwrap_or(&[]);
                    if !found_marks.is_empty() {
                        hit_marks.extend_from_slice(found_marks);
                        sources += 1;
                    }
                    row = Some(found);
                }
            }
            let (turn_index, range, tokens, section, time, local) = match row {
                Some(r) if marks.is_empty() => (
                    r.turn as usize,
                    r.start as usize..r.end as usize,
                    r.tokens,
                    r.section,
                    r.time,
                    (r.speaker, r.alias),
                ),
                _ => {
                    let Some(sentence) = self.segment.sentences.get(s) else {
                        continue;
                    };
                    let Some(turn) = transcript.turns.get(sentence.turn as usize) else {
                        continue;
                    };
                    if sentence_marks(sentence, &marks, &mut cursor, &mut hit_marks) {
                        sources += 1;
                    }
                    (
                        sentence.turn as usize,
                        sentence.range(),
                        sentence.tokens,
                        sentence.section(),
                        turn.start,
                        (turn.speaker, turn.alias),
                    )
                }
            };
            if sources > 1 {
                hit_marks.sort_unstable();
                hit_marks.dedup();
            }
            if last_speaker != Some(local) {
                // Consecutive hits of one speaker share the lookup.
                last_speaker = Some(local);
                speaker = self.library.speaker_of(self.transcript, local.0, local.1);
            }
            hits.push(Hit {
                transcript: self.transcript,
                turn: turn_index,
                sentence: range,
                marks: hit_marks,
                speaker,
                section,
                time,
                words: tokens as usize,
            });
        }
        recycle_marks(marks);
    }
}

thread_local! {
    /// Mark lists given back after an evaluation, to be reused by the next on this thread:
    /// a query gathers a list per transcript, and growing each anew was a good part of a first
    /// evaluation's time.
    static MARK_BUFFERS: std::cell::RefCell<Vec<Vec<(u32, u32)>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty list of marks, reused if one was given back on this thread.
fn mark_buffer() -> Vec<(u32, u32)> {
    MARK_BUFFERS
        .with(|buffers| buffers.borrow_mut().pop())
        .unwrap_or_default()
}

/// Gives a list of marks back for reuse (a few per thread, and none of more than a million
/// marks, so that little memory stays held).
fn recycle_marks(mut marks: Vec<(u32, u32)>) {
    const MOST_KEPT: usize = 8;
    if marks.capacity() == 0 || marks.capacity() > 1 << 20 {
        return;
    }
    marks.clear();
    MARK_BUFFERS.with(|buffers| {
        let mut buffers = buffers.borrow_mut();
        if buffers.len() < MOST_KEPT {
            buffers.push(marks);
        }
    });
}

/// Reads the turn of each of the `sentences` (indices into `sentence_spans`) in a loop of loads
/// that do not wait for one another, so that the processor fetches them from memory side by
/// side: the loop that then builds the rows finds them cached instead of waiting for each in
/// turn (the rows of a query with many hits lie scattered over the library, and those waits
/// were the hot spots of a first evaluation).
fn touch_turns(
    transcript: &crate::model::Transcript,
    sentence_spans: &[crate::analysis::index::SentenceSpan],
    sentences: &FixedBitSet,
) {
    let mut touched = 0u64;
    for s in sentences.ones() {
        if let Some(turn) = sentence_spans
            .get(s)
            .and_then(|sentence| transcript.turns.get(sentence.turn as usize))
        {
            touched ^= turn.start.to_bits() ^ turn.speaker as u64 ^ turn.alias as u64;
        }
    }
    std::hint::black_box(touched);
}

/// Appends to `out` the marks `(position, length)` that start in `sentence`, as runs counted
/// from its first token, and tells whether there were any; `cursor` walks the sorted marks
/// across calls.
fn sentence_marks(
    sentence: &crate::analysis::index::SentenceSpan,
    marks: &[(u32, u32)],
    cursor: &mut usize,
    out: &mut impl Extend<(u32, u32)>,
) -> bool {
    let end_token = sentence.first_token + sentence.tokens;
    while *cursor < marks.len() && marks[*cursor].0 < sentence.first_token {
        *cursor += 1;
    }
    let from = *cursor;
    while *cursor < marks.len() && marks[*cursor].0 < end_token {
        *cursor += 1;
    }
    let inside = marks.get(from..*cursor).unwrap_or(&[]);
    out.extend(
        inside
            .iter()
            .map(|&(p, len)| (p - sentence.first_token, len)),
    );
    !inside.is_empty()
}

/// Buffers reused from one hit to the next while spans are computed.
#[derive(Default)]
struct SpanScratch {
    /// Token runs `(index in sentence, length)` to highlight, sorted.
    wanted: Vec<(u32, u32)>,
    /// Byte ranges of the sentence's first tokens.
    ranges: Vec<Range<usize>>,
    /// The tokenizer's normalization buffer.
    buffer: String,
    /// The merged byte ranges of the wanted runs (the result).
    spans: Vec<Range<usize>>,
}

/// Sets `scratch.spans` to the byte ranges (in the turn's text) of the token runs in
/// `scratch.wanted`, merged where they overlap. The sentence is tokenized only as far as the
/// last wanted token, one run of non-white-space at a time: the tokenizer never joins words
/// across ASCII white space, so the words of a run are the same alone as within the sentence.
fn token_spans(text: &str, sentence: Range<usize>, scratch: &mut SpanScratch) {
    let SpanScratch {
        wanted,
        ranges,
        buffer,
        spans,
    } = scratch;
    spans.clear();
    let Some(last) = wanted.iter().map(|(i, n)| (i + n) as usize).max() else {
        return;
    };
    let Some(sentence_text) = text.get(sentence.clone()) else {
        return;
    };
    ranges.clear();
    let bytes = sentence_text.as_bytes();
    let mut at = 0;
    while at < bytes.len() && ranges.len() < last {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        // ASCII white space never splits a character, so `start..at` is on char boundaries.
        let Some(run) = sentence_text.get(start..at) else {
            continue;
        };
        run_tokens(run, sentence.start + start, buffer, ranges);
    }
    for &(i, n) in wanted.iter() {
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
}

/// Pushes the byte ranges of the words of `run` (a run of text without ASCII white space that
/// starts at byte `offset` of the turn) to `ranges`, as [`for_each_token`] finds them.
///
/// Fast path: an ASCII run of letters and digits with ASCII punctuation only at its ends
/// (`sanctions,` `"Russia"` `(2024)`) is one word, the letters and digits: under UAX #29 the
/// ASCII punctuation marks join words only when they stand between letters or digits
/// (`don't`, `U.S.`, `3.5`), and the underscore, which joins at the ends too, is left to the
/// tokenizer. Every other run goes to the tokenizer itself.
fn run_tokens(run: &str, offset: usize, buffer: &mut String, ranges: &mut Vec<Range<usize>>) {
    let bytes = run.as_bytes();
    let edge = |b: &u8| b.is_ascii_punctuation() && *b != b'_';
    let start = bytes.iter().position(|b| !edge(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !edge(b))
        .map_or(start, |i| i + 1);
    if start >= end {
        // Punctuation only: no word.
        return;
    }
    if bytes[start..end].iter().all(u8::is_ascii_alphanumeric) {
        ranges.push(offset + start..offset + end);
        return;
    }
    for_each_token(run, buffer, |range, _| {
        ranges.push(offset + range.start..offset + range.end)
    });
}

/// What evaluating a run of consecutive transcripts gives: their hits in order, and the cached
/// results computed for them (by slot of the plan's cached parts).
#[derive(Default)]
struct Gathered {
    hits: Vec<Hit>,
    fresh: Vec<(usize, Arc<CachedResult>)>,
}

fn run(plan: &Plan, library: &Library, index: &Index) -> Matches {
    let mut cache_keys = Vec::new();
    plan.cache_keys(&mut cache_keys);
    let cached = occurrence_cache::snapshots(cache_keys);
    // Each run of transcripts that a thread takes writes its hits to one list, in order
    // (rayon keeps the runs in order): no list per transcript to allocate, copy and free.
    let runs: Vec<Gathered> = index
        .segments
        .par_iter()
        .enumerate()
        .filter(|(t, _)| plan.may_match(*t))
        .fold(Gathered::default, |mut gathered, (transcript, segment)| {
            let evaluator = SegmentEval {
                segment,
                transcript,
                library,
                cached: &cached,
                fresh: std::cell::RefCell::new(std::mem::take(&mut gathered.fresh)),
            };
            let eval = evaluator.eval(plan);
            if !eval.sentences().is_clear() {
                evaluator.hits_into(eval, &mut gathered.hits);
            }
            gathered.fresh = evaluator.fresh.into_inner();
            gathered
        })
        .collect();
    let mut fresh: Vec<Vec<Arc<CachedResult>>> = vec![Vec::new(); cached.len()];
    let mut hit_lists = Vec::with_capacity(runs.len());
    for run in runs {
        hit_lists.push(run.hits);
        for (slot, result) in run.fresh {
            if let Some(list) = fresh.get_mut(slot) {
                list.push(result);
            }
        }
    }
    let hits = joined(hit_lists);
    occurrence_cache::store(&cached, fresh);
    let groups = speaker_groups(&hits, library);
    Matches { hits, groups }
}

/// The lists one after the other (moved, not copied, when there is only one).
fn joined(mut lists: Vec<Vec<Hit>>) -> Vec<Hit> {
    if lists.len() == 1 {
        return lists.pop().unwrap_or_default();
    }
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for list in lists {
        all.extend(list);
    }
    all
}

/// The hits grouped by library speaker, the speaker with most hits first (then by key). Hits
/// are counted per speaker first, so that each group's list is allocated once, at its size;
/// keys are ordered by the ranks the library keeps, not compared as text.
fn speaker_groups(hits: &[Hit], library: &Library) -> Vec<SpeakerHits> {
    // Slot 0 is for hits whose speaker the library does not know; slot s + 1 for speaker s.
    let slot = |hit: &Hit| hit.speaker.map_or(0, |s| s + 1);
    let mut counts = vec![0usize; library.speakers().len() + 1];
    let mut words = vec![0usize; counts.len()];
    // The slots in the order of their first hit.
    let mut first_seen: Vec<usize> = Vec::new();
    for hit in hits {
        let at = slot(hit);
        if at >= counts.len() {
            counts.resize(at + 1, 0);
            words.resize(at + 1, 0);
        }
        if counts[at] == 0 {
            first_seen.push(at);
        }
        counts[at] += 1;
        words[at] += hit.words;
    }
    // slot -> index in `groups`.
    let mut group_of = vec![usize::MAX; counts.len()];
    let mut groups: Vec<SpeakerHits> = Vec::with_capacity(first_seen.len());
    for at in first_seen {
        group_of[at] = groups.len();
        let speaker = at.checked_sub(1);
        groups.push(SpeakerHits {
            speaker,
            key: speaker
                .and_then(|s| library.speakers().get(s))
                .map_or_else(String::new, |s| s.key.clone()),
            hits: Vec::with_capacity(counts[at]),
            words: words[at],
        });
    }
    for (i, hit) in hits.iter().enumerate() {
        if let Some(group) = groups.get_mut(group_of[slot(hit)]) {
            group.hits.push(i);
        }
    }
    // Most hits first, then by key: the unknown speaker's empty key first, then the library's
    // speakers in key order.
    groups.sort_unstable_by_key(|group| {
        let rank = group.speaker.map_or(0, |s| {
            library.speaker_key_rank(s).map_or(usize::MAX, |r| r + 1)
        });
        (std::cmp::Reverse(group.hits.len()), rank)
    });
    groups
}

/// Forgets every cached word-match result, so that the next evaluation of any query starts
/// cold, as the first one after a load does. For benchmarks and tests: the cache is always
/// valid, so the app never needs this.
pub fn clear_match_cache() {
    occurrence_cache::clear();
}

/// Held by the tests that clear the match cache or look at what it keeps, so that they do not
/// clear it under one another.
#[cfg(test)]
pub(crate) fn match_cache_test_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The results of word-only plans (a theme, `a OR b`, a phrase, a prefix) per transcript, kept
/// between evaluations: the app evaluates the same theme under changing filters, and the topics
/// and compare views evaluate every theme. A result depends only on the transcript's tokens, so
/// it is keyed by the query node and the transcript's identity (the entry holds a weak
/// reference, so the address cannot be taken by another transcript while the entry lives), and
/// is valid in any index of any library holding that transcript.
mod occurrence_cache {
    use super::CachedResult;
    use crate::model::Transcript;
    use rustc_hash::FxHashMap;
    use std::sync::{Arc, LazyLock, Mutex, Weak};

    /// Most query nodes kept (or seen once); past this the cache starts over.
    const MAX_KEYS: usize = 256;

    /// One node's results by transcript address.
    #[derive(Debug, Default)]
    pub(super) struct Results(FxHashMap<usize, Arc<CachedResult>>);

    /// An immutable view of one node's results, shared with the evaluating threads.
    pub(super) type Snapshot = Arc<Results>;

    /// Each node's results by key; `None` for a node evaluated once, whose results are kept
    /// from its next evaluation on.
    static CACHE: LazyLock<Mutex<FxHashMap<Arc<str>, Option<Snapshot>>>> =
        LazyLock::new(|| Mutex::new(FxHashMap::default()));

    /// The cache, locked (a panic elsewhere while it was held leaves nothing half-written).
    fn lock() -> std::sync::MutexGuard<'static, FxHashMap<Arc<str>, Option<Snapshot>>> {
        CACHE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    impl Results {
        /// The result for this transcript, if cached.
        pub(super) fn get(&self, transcript: &Arc<Transcript>) -> Option<&Arc<CachedResult>> {
            let result = self.0.get(&(Arc::as_ptr(transcript) as usize))?;
            // The weak reference keeps the address from being reused: same address, same
            // transcript.
            (Weak::as_ptr(&result.transcript) == Arc::as_ptr(transcript)).then_some(result)
        }
    }

    /// Starts the cache over when it holds [`MAX_KEYS`] nodes.
    fn make_room(cache: &mut FxHashMap<Arc<str>, Option<Snapshot>>) {
        if cache.len() >= MAX_KEYS {
            cache.clear();
        }
    }

    /// Drops every entry.
    pub(super) fn clear() {
        lock().clear();
    }

    /// The current results of these keys, for an evaluation: `None` for a key seen for the
    /// first time (now noted as seen: its results are not kept this time), an empty snapshot
    /// for a key seen before whose results are to be kept from this evaluation on.
    pub(super) fn snapshots(keys: Vec<Arc<str>>) -> Vec<(Arc<str>, Option<Snapshot>)> {
        if keys.is_empty() {
            return Vec::new();
        }
        let mut cache = lock();
        keys.into_iter()
            .map(|key| {
                let snapshot = match cache.get(&key) {
                    Some(kept) => Some(kept.clone().unwrap_or_default()),
                    None => {
                        make_room(&mut cache);
                        cache.insert(Arc::clone(&key), None);
                        None
                    }
                };
                (key, snapshot)
            })
            .collect()
    }

    /// How many transcripts' results are kept for this key (`None`: the key is not known).
    #[cfg(test)]
    pub(super) fn kept(key: &str) -> Option<usize> {
        lock()
            .get(key)
            .map(|kept| kept.as_ref().map_or(0, |results| results.0.len()))
    }

    /// Adds results computed in an evaluation (`fresh[i]` belongs to `keys[i]`), dropping the
    /// entries of transcripts that no longer exist.
    pub(super) fn store(keys: &[(Arc<str>, Option<Snapshot>)], fresh: Vec<Vec<Arc<CachedResult>>>) {
        if fresh.iter().all(Vec::is_empty) {
            return;
        }
        let mut cache = lock();
        make_room(&mut cache);
        for ((key, _), computed) in keys.iter().zip(fresh) {
            if computed.is_empty() {
                continue;
            }
            let mut results: FxHashMap<usize, Arc<CachedResult>> = cache
                .get(key)
                .and_then(Option::as_ref)
                .map(|current| {
                    current
                        .0
                        .iter()
                        .filter(|(_, result)| result.transcript.strong_count() > 0)
                        .map(|(&address, result)| (address, Arc::clone(result)))
                        .collect()
                })
                .unwrap_or_default();
            for result in computed {
                results.insert(Weak::as_ptr(&result.transcript) as usize, result);
            }
            cache.insert(Arc::clone(key), Some(Arc::new(Results(results))));
        }
    }
}

/// Marks `(start, length)` for every position of the first list whose following positions are
/// in the following lists, in order: the starts of a phrase, one sorted position list per word.
fn mark_phrase_starts<L: SortedPositions>(lists: &[L], length: u32, marks: &mut Vec<(u32, u32)>) {
    let Some((first, rest)) = lists.split_first() else {
        return;
    };
    marks.extend(
        first
            .each()
            .filter(|&p| {
                rest.iter()
                    .enumerate()
                    .all(|(k, list)| list.holds(p + k as u32 + 1))
            })
            .map(|p| (p, length)),
    );
}

/// A sorted list of token positions: postings read in place, or positions gathered.
trait SortedPositions {
    /// The positions, ascending.
    fn each(&self) -> impl Iterator<Item = u32>;
    /// Whether `position` is in the list.
    fn holds(&self, position: u32) -> bool;
}

impl SortedPositions for Postings<'_> {
    fn each(&self) -> impl Iterator<Item = u32> {
        self.iter()
    }

    fn holds(&self, position: u32) -> bool {
        self.contains(position)
    }
}

impl SortedPositions for Vec<u32> {
    fn each(&self) -> impl Iterator<Item = u32> {
        self.iter().copied()
    }

    fn holds(&self, position: u32) -> bool {
        self.binary_search(&position).is_ok()
    }
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
                for span in hit.spans(text).iter().rev() {
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

    /// Speaker and section filters are evaluated after the words, in whatever order the query
    /// gives them: the hits and their highlights are the same.
    #[test]
    fn filters_and_words_give_the_same_hits_in_any_order() {
        for (one, other) in [
            ("speaker:putin sanction*", "sanction* speaker:putin"),
            (
                "section:\"energy\" gas speaker:putin",
                "speaker:putin gas section:\"energy\"",
            ),
            ("speaker:putin NOT nuclear", "NOT nuclear speaker:putin"),
            ("role:reporter sanctions", "sanctions role:reporter"),
        ] {
            assert_eq!(search(one), search(other), "{one} / {other}");
            assert!(!search(one).is_empty(), "{one}");
        }
        assert_eq!(
            search("speaker:putin sanction*"),
            vec![
                "The [sanctions] are illegitimate.",
                "We will overcome [sanctioned] markets."
            ]
        );
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
    fn hits_are_grouped_by_speaker_most_hits_first() {
        let library = library();
        let index = Index::build(&library);
        let matches = Filter::default()
            .evaluate(&library, &index, &ThemeSet::builtin())
            .unwrap_or_default();
        assert!(matches.groups.len() >= 2);
        // Every hit in exactly one group, in reading order, with the group's speaker.
        let mut seen = vec![0usize; matches.hits.len()];
        for group in &matches.groups {
            assert!(group.hits.windows(2).all(|w| w[0] < w[1]));
            let words: usize = group.hits.iter().map(|&h| matches.hits[h].words).sum();
            assert_eq!(group.words, words);
            for &h in &group.hits {
                seen[h] += 1;
                assert_eq!(matches.hits[h].speaker, group.speaker);
                assert_eq!(matches.hits[h].speaker_key(&library), group.key);
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        // Most hits first, ties by key.
        assert!(matches.groups.windows(2).all(|w| {
            w[0].hits.len() > w[1].hits.len()
                || (w[0].hits.len() == w[1].hits.len() && w[0].key < w[1].key)
        }));
    }

    /// On real briefings, where many reporters ask a question or two, groups with as many hits
    /// as each other come in key order.
    #[test]
    fn groups_with_as_many_hits_come_in_key_order() {
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let files = crate::parse::collect_files(&[corpora.join("whitehouse")]);
        let library = Library::from_transcripts(
            crate::parse::load_paths(&files)
                .into_iter()
                .filter_map(Result::ok),
        );
        let index = Index::build(&library);
        let matches = Filter::query("theme:economy OR question*")
            .evaluate(&library, &index, &ThemeSet::builtin())
            .unwrap_or_default();
        let groups = &matches.groups;
        let ties = groups
            .windows(2)
            .filter(|w| w[0].hits.len() == w[1].hits.len())
            .count();
        assert!(ties >= 5, "{ties} ties among {} groups", groups.len());
        assert!(groups.windows(2).all(|w| {
            w[0].hits.len() > w[1].hits.len()
                || (w[0].hits.len() == w[1].hits.len() && w[0].key < w[1].key)
        }));
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
                .all(|h| h.marks.is_empty() && h.speaker_key(&library) == putin.key)
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

    /// A query part's word matches are not kept after its first evaluation, are kept after its
    /// second, and are read from then on; the hits are the same each time.
    #[test]
    fn word_matches_are_kept_from_the_second_evaluation_on() {
        let _cache = match_cache_test_lock();
        clear_match_cache();
        let library = library();
        let index = Index::build(&library);
        let themes = ThemeSet::builtin();
        // A query no other test asks (the cache is shared by the tests).
        let filter = Filter::query("belarus OR illegitimate");
        let Ok(plan) = filter.plan(&library, &index, &themes) else {
            panic!("a valid query");
        };
        let mut keys = Vec::new();
        plan.cache_keys(&mut keys);
        // An OR of plain words is looked up as one part.
        assert_eq!(keys.len(), 1, "{plan:?}");
        let kept =
            || -> Vec<Option<usize>> { keys.iter().map(|k| occurrence_cache::kept(k)).collect() };
        assert_eq!(kept(), [None]);
        let evaluate = || {
            filter
                .evaluate(&library, &index, &themes)
                .unwrap_or_default()
        };
        let first = evaluate();
        assert_eq!(texts(&library, &first).len(), 3);
        assert_eq!(kept(), [Some(0)], "seen once, nothing kept");
        assert_eq!(evaluate(), first);
        // Only the first transcript holds the words.
        assert_eq!(kept(), [Some(1)], "kept after the second evaluation");
        assert_eq!(evaluate(), first);
        assert_eq!(evaluate(), first);
        assert_eq!(kept(), [Some(1)]);
    }

    #[test]
    fn cached_word_matches_are_the_same_on_every_evaluation_and_library() {
        let themes = ThemeSet::builtin();
        let queries = [
            "theme:sanctions",
            "sanction* OR kursk",
            "\"nuclear weapons\"",
            "theme:energy speaker:putin",
            "(gas OR weapons) -\"nuclear weapons\"",
            "NEAR/3(ceasefire, kursk) OR theme:energy",
        ];
        let first_library = library();
        let first_index = Index::build(&first_library);
        let second_library = library();
        let second_index = Index::build(&second_library);
        for query in queries {
            let filter = Filter::query(query);
            let run = |library: &Library, index: &Index| {
                filter
                    .evaluate(library, index, &themes)
                    .unwrap_or_else(|e| panic!("{query}: {e}"))
            };
            // Computed, computed and kept, then read from the cache: the same matches.
            let computed = run(&first_library, &first_index);
            assert!(!computed.hits.is_empty(), "{query}");
            assert_eq!(run(&first_library, &first_index), computed, "{query}");
            assert_eq!(run(&first_library, &first_index), computed, "{query}");
            // Other transcripts with the same text: the same sentences and highlights.
            assert_eq!(
                texts(&second_library, &run(&second_library, &second_index)),
                texts(&first_library, &computed),
                "{query}"
            );
        }
    }

    /// Plans told which transcripts hold their words skip the others and look up only the
    /// words present: on real transcripts, every kind of query finds the same hits as the
    /// plan that searches every transcript for every word.
    #[test]
    fn located_plans_find_what_searching_everywhere_finds() {
        fn unlocate(plan: &mut Plan) {
            match plan {
                Plan::Terms(_, presence) => *presence = TermPresence::default(),
                Plan::Phrase(_, presences) => presences.clear(),
                Plan::Near(_, left, right) => {
                    unlocate(left);
                    unlocate(right);
                }
                Plan::Or(parts, shared) => {
                    *shared = TermPresence::default();
                    parts.iter_mut().for_each(unlocate);
                }
                Plan::And(parts) => parts.iter_mut().for_each(unlocate),
                Plan::Not(inner) | Plan::Cached(_, inner) => unlocate(inner),
                Plan::Speakers(..) | Plan::Transcripts(_) | Plan::Sections(..) => {}
            }
        }
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let files =
            crate::parse::collect_files(&[corpora.join("gop-debates-2016"), corpora.join("seed")]);
        let transcripts: Vec<_> = crate::parse::load_paths(&files)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        assert!(transcripts.len() >= 10, "the corpora should load");
        let library = Library::from_transcripts(transcripts);
        let index = Index::build(&library);
        let themes = ThemeSet::builtin();
        for query in [
            "theme:sanctions",
            "sanction* OR tariff*",
            "\"nuclear weapons\"",
            "speaker:trump tariff*",
            "~sanction",
            "NEAR/5(iran, deal)",
            "(gas OR oil) -\"oil prices\"",
            "NOT tax",
            "\"the american people\" OR zzzzqqq",
            "\"zzzz qqqq\"",
            "theme:war theme:economy",
            "tariff* OR speaker:kasich",
            "\"price cap\" OR theme:economy",
            "lukashenko",
        ] {
            let filter = Filter::query(query);
            let located = filter
                .plan(&library, &index, &themes)
                .unwrap_or_else(|e| panic!("{query}: {e}"));
            let mut everywhere = located.clone();
            unlocate(&mut everywhere);
            let _cache = match_cache_test_lock();
            clear_match_cache();
            let found = run(&located, &library, &index);
            clear_match_cache();
            let expected = run(&everywhere, &library, &index);
            assert_eq!(found, expected, "{query}");
            // The located plan skips transcripts, and still finds hits where there are some.
            let skipped = (0..library.transcripts().len())
                .filter(|&t| !located.may_match(t))
                .count();
            if query != "NOT tax" && !query.contains("zzzz") {
                assert!(!found.hits.is_empty(), "{query}");
            }
            let transcripts = library.transcripts().len();
            match query {
                // Only the seed transcript names him; no transcript holds these words.
                "lukashenko" => assert_eq!(skipped, transcripts - 1),
                "\"zzzz qqqq\"" => assert_eq!(skipped, transcripts),
                "NOT tax" => assert_eq!(skipped, 0),
                _ => {}
            }
        }
    }

    #[test]
    fn highlights_of_a_cached_theme_and_a_word_are_merged() {
        assert_eq!(
            search("theme:sanctions illegitimate"),
            vec!["The [sanctions] are [illegitimate]."]
        );
        // The same word from both: one highlight.
        assert_eq!(
            search("theme:sanctions sanctions"),
            vec![
                "What about the [sanctions]?",
                "The [sanctions] are illegitimate."
            ]
        );
        // A cached result survives its transcript being closed and another taking its place.
        let mut library = library();
        let themes = ThemeSet::builtin();
        let mut index = Index::build(&library);
        let before = Filter::query("theme:sanctions").evaluate(&library, &index, &themes);
        assert_eq!(before.map(|m| m.hits.len()).ok(), Some(3));
        library.remove(0);
        library.add(Arc::new(transcript(
            "later.txt",
            &[("Vladimir Putin", Role::Person)],
            &[(0, "No sanctions here. None at all. Embargo, though.")],
        )));
        index.sync(&library);
        let after = Filter::query("theme:sanctions")
            .evaluate(&library, &index, &themes)
            .unwrap_or_default();
        assert_eq!(
            texts(&library, &after),
            vec!["No [sanctions] here.", "[Embargo], though."]
        );
    }

    /// Token ranges as the span builder finds them, for a whole text.
    fn fast_ranges(text: &str) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let mut buffer = String::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            run_tokens(&text[start..at], start, &mut buffer, &mut ranges);
        }
        ranges
    }

    #[test]
    fn span_ranges_agree_with_the_tokenizer() {
        let tricky = [
            "\"Sanctions,\" he said (again) -- U.S.-Russia talks; don't; 3.5% of $20bn.",
            "_under_score _a b_ (x_y) 'tis Russians' #1 @user +7 ...",
            "Путин: «Да». naïve café — 10:30 a.m. e-mail e.g. 1,000,000",
            "word\u{a0}joined\u{2009}thin [applause] <v Name> ¿Qué? ¡Sí!",
            "a\u{301}b x\u{200b}y Mr.Smith end.",
        ];
        let mut texts: Vec<String> = tricky.iter().map(|t| (*t).to_owned()).collect();
        texts.push(include_str!("../../assets/sample-putin-lukashenko-2025-03-13.txt").to_owned());
        // The start of every real transcript (text formats) of the shared corpora.
        let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        for file in crate::parse::collect_files(&[corpora]) {
            let text_like = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "txt" | "md" | "srt" | "vtt" | "html" | "csv"));
            if let (true, Ok(text)) = (text_like, std::fs::read_to_string(&file)) {
                let cut = text.floor_char_boundary(text.len().min(40_000));
                texts.push(text[..cut].to_owned());
            }
        }
        for text in &texts {
            let text = text.as_str();
            let expected: Vec<Range<usize>> = crate::analysis::tokenize::tokenize(text)
                .into_iter()
                .map(|t| t.range)
                .collect();
            assert_eq!(fast_ranges(text), expected, "{text:.80}");
        }
    }

    #[test]
    fn cyrillic_words_and_stems() {
        let library = Library::from_transcripts([transcript(
            "ru.txt",
            &[("Владимир Путин", Role::Person)],
            &[(
                0,
                "Мы справимся с санкциями. Санкции не работают. Газ дешевеет.",
            )],
        )]);
        let index = Index::build(&library);
        let run = |query: &str| {
            let matches = Filter::query(query)
                .evaluate(&library, &index, &ThemeSet::default())
                .unwrap_or_default();
            texts(&library, &matches)
        };
        assert_eq!(run("САНКЦИИ"), vec!["[Санкции] не работают."]);
        assert_eq!(run("~санкции").len(), 2);
        assert_eq!(run("санкц*").len(), 2);
        assert_eq!(run("speaker:путин газ"), vec!["[Газ] дешевеет."]);
    }
}
