//! The analysis engine on a worker thread: keeps the search index in step with the library and
//! evaluates the filter (query and themes) there, so the UI only ever reads finished results.

use crate::analysis::distinctive::{self, Distinctive};
use crate::analysis::themes::EntryCount;
use crate::analysis::{Filter, Index, Matches, QueryError, Theme, ThemeSet};
use crate::library::{Library, TranscriptIndex};
use crate::model::TurnIndex;
use crate::ui::topics::{TopicFigures, TopicsRequest};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

struct Request {
    key: (u64, Filter),
    library: Library,
    filter: Filter,
    themes: Arc<ThemeSet>,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Matches,
    Terms(TermsRequest),
    Topics(TopicsRequest),
    Kwic(KwicRequest),
    Compare(Vec<String>),
    EntryCounts(Theme),
}

/// Which term's keyword-in-context lines to list, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicRequest {
    /// The term or phrase.
    pub term: String,
    /// The order of the lines.
    pub sort: crate::analysis::kwic::KwicSort,
}

/// Finished keyword-in-context lines.
#[derive(Debug)]
pub struct KwicOutcome {
    /// The (library revision, scope) and term it answers.
    pub key: ((u64, Filter), KwicRequest),
    /// The lines, or why the scope's query is wrong.
    pub result: Result<Vec<crate::analysis::kwic::KwicLine>, QueryError>,
}

/// Compare's figures for one set of columns.
#[derive(Debug)]
pub struct CompareOutcome {
    /// The (library revision, filter) and the column speakers (keys) it answers.
    pub key: ((u64, Filter), Vec<String>),
    /// The figures, or why the filter's query is wrong.
    pub result: Result<Arc<crate::ui::compare::CompareFigures>, QueryError>,
}

/// What the topic figures answer: the library revision, the filter, the themes and the
/// chart's own choices.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicsKey {
    /// The library revision.
    pub revision: u64,
    /// The filter every view answers.
    pub filter: Filter,
    /// The themes in force.
    pub themes: Arc<ThemeSet>,
    /// The chart's choices (theme of the lines).
    pub request: TopicsRequest,
}

/// The Topics view's figures.
#[derive(Debug)]
pub struct TopicsOutcome {
    /// What they answer.
    pub key: TopicsKey,
    /// The figures, or why the filter's query is wrong.
    pub result: Result<Arc<TopicFigures>, QueryError>,
}

/// Per-entry match counts of one theme (for the theme editor).
#[derive(Debug)]
pub struct EntryCountsOutcome {
    /// The (library revision, scope) and theme they answer.
    pub key: ((u64, Filter), Theme),
    /// A count per entry, terms then phrases then stems.
    pub counts: Vec<EntryCount>,
}

/// Which speakers' words to compare (library speaker keys; `b` empty = everyone else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsRequest {
    /// Side A.
    pub a: Vec<String>,
    /// Side B; empty for everyone else in scope.
    pub b: Vec<String>,
}

/// A finished term comparison.
#[derive(Debug)]
pub struct TermsOutcome {
    /// The (library revision, scope) and sides it answers.
    pub key: ((u64, Filter), TermsRequest),
    /// The scored terms, or why the scope's query is wrong.
    pub result: Result<Distinctive, QueryError>,
}

/// A finished evaluation.
#[derive(Debug)]
pub struct Outcome {
    /// The (library revision, filter) it answers.
    pub key: (u64, Filter),
    /// The matches, or why the query is wrong.
    pub result: Result<Arc<Matches>, QueryError>,
    /// The matched turns of the matches (none for an error), worked out on the worker too.
    pub hits: Arc<QueryHits>,
}

/// Hands filters to the worker and keeps the latest answer.
pub struct AnalysisWorker {
    requests: Sender<Request>,
    outcomes: Receiver<Answer>,
    asked: Option<(u64, Filter)>,
    asked_terms: Option<((u64, Filter), TermsRequest)>,
    /// The latest answer.
    pub latest: Option<Outcome>,
    /// The latest term comparison.
    pub latest_terms: Option<TermsOutcome>,
    asked_topics: Option<TopicsKey>,
    /// The latest topic figures.
    pub latest_topics: Option<TopicsOutcome>,
    asked_counts: Option<((u64, Filter), Theme)>,
    /// The latest per-entry counts.
    pub latest_counts: Option<EntryCountsOutcome>,
    asked_kwic: Option<((u64, Filter), KwicRequest)>,
    /// The latest keyword-in-context lines.
    pub latest_kwic: Option<KwicOutcome>,
    asked_compare: Option<((u64, Filter), Vec<String>)>,
    /// The latest figures for Compare.
    pub latest_compare: Option<CompareOutcome>,
}

enum Answer {
    Matches(Outcome),
    Terms(TermsOutcome),
    Topics(TopicsOutcome),
    Kwic(KwicOutcome),
    Compare(CompareOutcome),
    EntryCounts(EntryCountsOutcome),
}

impl AnalysisWorker {
    /// Starts the worker thread; `wake` is called when an answer is ready.
    pub fn start(wake: Arc<dyn Fn() + Send + Sync>) -> AnalysisWorker {
        let (requests, inbox) = channel::<Request>();
        let own = requests.clone();
        let (outbox, outcomes) = channel();
        std::thread::spawn(move || {
            let mut index = Index::default();
            while let Ok(mut request) = inbox.recv() {
                // Only the newest request of each kind matters.
                let mut pending = Vec::new();
                while let Ok(newer) = inbox.try_recv() {
                    if std::mem::discriminant(&newer.kind) == std::mem::discriminant(&request.kind)
                    {
                        request = newer;
                    } else {
                        pending.push(newer);
                    }
                }
                if let Some(other) = pending.pop() {
                    // Answer the other kind first next round: put the current back behind it.
                    let current = std::mem::replace(&mut request, other);
                    pending.push(current);
                }
                for later in pending {
                    let _ = own.send(later);
                }
                index.sync(&request.library);
                let answer = match request.kind {
                    Kind::Topics(wanted) => {
                        let result = TopicFigures::compute(
                            &request.library,
                            &index,
                            &request.themes,
                            &request.filter,
                            &wanted,
                        )
                        .map(Arc::new);
                        Answer::Topics(TopicsOutcome {
                            key: TopicsKey {
                                revision: request.key.0,
                                filter: request.filter,
                                themes: request.themes,
                                request: wanted,
                            },
                            result,
                        })
                    }
                    Kind::EntryCounts(theme) => {
                        let counts = theme.entry_counts(&request.library, &index, &request.filter);
                        Answer::EntryCounts(EntryCountsOutcome {
                            key: (request.key, theme),
                            counts,
                        })
                    }
                    Kind::Terms(sides) => {
                        let result = distinctive::speaker_counts(
                            &request.library,
                            &index,
                            &request.themes,
                            &request.filter,
                            &sides.a,
                            &sides.b,
                        )
                        .map(|counts| {
                            distinctive::compare(&counts, &distinctive::Options::default())
                        });
                        Answer::Terms(TermsOutcome {
                            key: (request.key, sides),
                            result,
                        })
                    }
                    Kind::Kwic(wanted) => {
                        let result = crate::ui::kwic_panel::lines_for(
                            crate::ui::kwic_panel::KwicScope {
                                library: &request.library,
                                index: &index,
                                themes: &request.themes,
                                filter: &request.filter,
                            },
                            &wanted.term,
                            wanted.sort,
                        );
                        Answer::Kwic(KwicOutcome {
                            key: (request.key, wanted),
                            result,
                        })
                    }
                    Kind::Compare(columns) => Answer::Compare(CompareOutcome {
                        result: crate::ui::compare::CompareFigures::compute(
                            &request.library,
                            &index,
                            &request.themes,
                            &request.filter,
                            &columns,
                        )
                        .map(Arc::new),
                        key: (request.key, columns),
                    }),
                    Kind::Matches => {
                        let result = request
                            .filter
                            .evaluate(&request.library, &index, &request.themes)
                            .map(Arc::new);
                        let hits = match &result {
                            Ok(matches) => QueryHits::from_matches(
                                Arc::clone(matches),
                                request.library.transcripts().len(),
                            ),
                            Err(_) => QueryHits::default(),
                        };
                        Answer::Matches(Outcome {
                            result,
                            hits: Arc::new(hits),
                            key: request.key,
                        })
                    }
                };
                if outbox.send(answer).is_err() {
                    return;
                }
                wake();
            }
        });
        AnalysisWorker {
            requests,
            outcomes,
            asked: None,
            asked_terms: None,
            latest: None,
            latest_terms: None,
            asked_topics: None,
            latest_topics: None,
            asked_counts: None,
            latest_counts: None,
            asked_kwic: None,
            latest_kwic: None,
            asked_compare: None,
            latest_compare: None,
        }
    }

    /// Asks for the matches of `filter` on `library` unless they are known or on their way.
    pub fn request(&mut self, library: &Library, filter: &Filter, themes: &Arc<ThemeSet>) {
        let key = (library.revision(), filter.clone());
        if self.asked.as_ref() == Some(&key) {
            return;
        }
        self.asked = Some(key.clone());
        let _ = self.requests.send(Request {
            key,
            library: library.clone(),
            filter: filter.clone(),
            themes: Arc::clone(themes),
            kind: Kind::Matches,
        });
    }

    /// Asks for the terms that set speakers `a` apart from `b` within `scope`.
    pub fn request_terms(
        &mut self,
        library: &Library,
        scope: &Filter,
        sides: TermsRequest,
        themes: &Arc<ThemeSet>,
    ) {
        let key = ((library.revision(), scope.clone()), sides.clone());
        if self.asked_terms.as_ref() == Some(&key) {
            return;
        }
        self.asked_terms = Some(key);
        let _ = self.requests.send(Request {
            key: (library.revision(), scope.clone()),
            library: library.clone(),
            filter: scope.clone(),
            themes: Arc::clone(themes),
            kind: Kind::Terms(sides),
        });
    }

    /// Asks for the keyword-in-context lines of a term within `scope`.
    pub fn request_kwic(
        &mut self,
        library: &Library,
        scope: &Filter,
        wanted: KwicRequest,
        themes: &Arc<ThemeSet>,
    ) {
        let key = ((library.revision(), scope.clone()), wanted.clone());
        if self.asked_kwic.as_ref() == Some(&key) {
            return;
        }
        self.asked_kwic = Some(key);
        let _ = self.requests.send(Request {
            key: (library.revision(), scope.clone()),
            library: library.clone(),
            filter: scope.clone(),
            themes: Arc::clone(themes),
            kind: Kind::Kwic(wanted),
        });
    }

    /// Asks for Compare's figures of `filter` with these column speakers, unless they are known
    /// or on their way.
    pub fn request_compare(
        &mut self,
        library: &Library,
        filter: &Filter,
        columns: Vec<String>,
        themes: &Arc<ThemeSet>,
    ) {
        let key = ((library.revision(), filter.clone()), columns.clone());
        if self.asked_compare.as_ref() == Some(&key) {
            return;
        }
        self.asked_compare = Some(key);
        let _ = self.requests.send(Request {
            key: (library.revision(), filter.clone()),
            library: library.clone(),
            filter: filter.clone(),
            themes: Arc::clone(themes),
            kind: Kind::Compare(columns),
        });
    }

    /// Whether the latest Compare figures answer the last request.
    pub fn compare_is_current(&self) -> bool {
        self.asked_compare.is_some()
            && self.latest_compare.as_ref().map(|o| &o.key) == self.asked_compare.as_ref()
    }

    /// Waits until the Compare figures last asked for are in. For scripts and tests.
    pub fn wait_compare(&mut self) {
        while self.asked_compare.is_some() && !self.compare_is_current() {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// The keyword-in-context lines for exactly this request, if they are in.
    pub fn kwic_for(
        &self,
        library: &Library,
        scope: &Filter,
        wanted: &KwicRequest,
    ) -> Option<&KwicOutcome> {
        self.latest_kwic
            .as_ref()
            .filter(|o| o.key.0 == (library.revision(), scope.clone()) && &o.key.1 == wanted)
    }

    /// Waits until the last keyword-in-context lines asked for are in. For scripts and tests.
    pub fn wait_kwic(&mut self) {
        while self.asked_kwic.is_some()
            && self.latest_kwic.as_ref().map(|o| &o.key) != self.asked_kwic.as_ref()
        {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// Asks for the Topics figures of `filter` unless they are known or on their way.
    pub fn request_topics(
        &mut self,
        library: &Library,
        filter: &Filter,
        themes: &Arc<ThemeSet>,
        wanted: TopicsRequest,
    ) {
        let key = TopicsKey {
            revision: library.revision(),
            filter: filter.clone(),
            themes: Arc::clone(themes),
            request: wanted.clone(),
        };
        if self.asked_topics.as_ref() == Some(&key) {
            return;
        }
        self.asked_topics = Some(key);
        let _ = self.requests.send(Request {
            key: (library.revision(), filter.clone()),
            library: library.clone(),
            filter: filter.clone(),
            themes: Arc::clone(themes),
            kind: Kind::Topics(wanted),
        });
    }

    /// The Topics figures for exactly these inputs, if they are in.
    pub fn topics_for(
        &self,
        library: &Library,
        filter: &Filter,
        themes: &Arc<ThemeSet>,
        wanted: &TopicsRequest,
    ) -> Option<&TopicsOutcome> {
        self.latest_topics.as_ref().filter(|o| {
            o.key.revision == library.revision()
                && o.key.filter == *filter
                && o.key.themes == *themes
                && o.key.request == *wanted
        })
    }

    /// Waits until the last Topics figures asked for are in. For scripts and tests.
    pub fn wait_topics(&mut self) {
        while self.asked_topics.is_some()
            && self.latest_topics.as_ref().map(|o| &o.key) != self.asked_topics.as_ref()
        {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// Asks for the per-entry match counts of `theme` within `scope`.
    pub fn request_entry_counts(
        &mut self,
        library: &Library,
        scope: &Filter,
        theme: Theme,
        themes: &Arc<ThemeSet>,
    ) {
        let key = ((library.revision(), scope.clone()), theme.clone());
        if self.asked_counts.as_ref() == Some(&key) {
            return;
        }
        self.asked_counts = Some(key);
        let _ = self.requests.send(Request {
            key: (library.revision(), scope.clone()),
            library: library.clone(),
            filter: scope.clone(),
            themes: Arc::clone(themes),
            kind: Kind::EntryCounts(theme),
        });
    }

    /// The per-entry counts of `theme` within `scope`, if they are in.
    pub fn entry_counts_for(
        &self,
        library: &Library,
        scope: &Filter,
        theme: &Theme,
    ) -> Option<&EntryCountsOutcome> {
        self.latest_counts
            .as_ref()
            .filter(|o| o.key.0 == (library.revision(), scope.clone()) && o.key.1 == *theme)
    }

    /// Waits until the last per-entry counts asked for are in. For scripts and tests.
    pub fn wait_entry_counts(&mut self) {
        while self.asked_counts.is_some()
            && self.latest_counts.as_ref().map(|o| &o.key) != self.asked_counts.as_ref()
        {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// The term comparison for exactly this request, if it is in.
    pub fn terms_for(
        &self,
        library: &Library,
        scope: &Filter,
        sides: &TermsRequest,
    ) -> Option<&TermsOutcome> {
        self.latest_terms
            .as_ref()
            .filter(|o| o.key.0 == (library.revision(), scope.clone()) && &o.key.1 == sides)
    }

    /// Waits until the last term comparison asked for is in. For scripts and tests.
    pub fn wait_terms(&mut self) {
        while self.asked_terms.is_some()
            && self.latest_terms.as_ref().map(|o| &o.key) != self.asked_terms.as_ref()
        {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    fn take(&mut self, answer: Answer) {
        match answer {
            Answer::Matches(outcome) => self.latest = Some(outcome),
            Answer::Terms(outcome) => self.latest_terms = Some(outcome),
            Answer::Topics(outcome) => self.latest_topics = Some(outcome),
            Answer::Kwic(outcome) => self.latest_kwic = Some(outcome),
            Answer::Compare(outcome) => self.latest_compare = Some(outcome),
            Answer::EntryCounts(outcome) => self.latest_counts = Some(outcome),
        }
    }

    /// Takes arrived answers; returns whether a new one arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        while let Ok(answer) = self.outcomes.try_recv() {
            self.take(answer);
            arrived = true;
        }
        arrived
    }

    /// Waits until the answer to the last request is in. For scripts and tests.
    pub fn wait(&mut self) {
        while self.asked.is_some() && self.latest.as_ref().map(|o| &o.key) != self.asked.as_ref() {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// Blocks until every answer asked for is in. For scripts and tests.
    pub fn wait_all(&mut self) {
        while self.is_busy() {
            match self.outcomes.recv() {
                Ok(answer) => self.take(answer),
                Err(_) => return,
            }
        }
    }

    /// Whether an answer is still on its way.
    pub fn is_busy(&self) -> bool {
        (self.asked.is_some() && self.latest.as_ref().map(|o| &o.key) != self.asked.as_ref())
            || (self.asked_terms.is_some()
                && self.latest_terms.as_ref().map(|o| &o.key) != self.asked_terms.as_ref())
            || (self.asked_topics.is_some()
                && self.latest_topics.as_ref().map(|o| &o.key) != self.asked_topics.as_ref())
            || (self.asked_counts.is_some()
                && self.latest_counts.as_ref().map(|o| &o.key) != self.asked_counts.as_ref())
            || (self.asked_kwic.is_some()
                && self.latest_kwic.as_ref().map(|o| &o.key) != self.asked_kwic.as_ref())
            || (self.asked_compare.is_some() && !self.compare_is_current())
    }
}

/// The turns that match the filter, and the hits in each, whose words the reader highlights.
#[derive(Debug, Default)]
pub struct QueryHits {
    /// [transcript] -> sorted turns with a hit.
    pub turns: Vec<Vec<TurnIndex>>,
    /// (transcript, turn) -> the turn's hits, as indices into the matches' hits.
    by_turn: HashMap<(TranscriptIndex, TurnIndex), SmallVec<[usize; 2]>>,
    /// The matches these are the turns of.
    matches: Arc<Matches>,
    /// Matching sentences in all.
    pub sentences: usize,
}

impl QueryHits {
    /// The hits of a set of matches.
    pub fn from_matches(matches: Arc<Matches>, transcripts: usize) -> QueryHits {
        let mut turns = vec![Vec::new(); transcripts];
        let mut by_turn: HashMap<_, SmallVec<[usize; 2]>> = HashMap::new();
        for (i, hit) in matches.hits.iter().enumerate() {
            if let Some(turns) = turns.get_mut(hit.transcript) {
                turns.push(hit.turn);
            }
            by_turn
                .entry((hit.transcript, hit.turn))
                .or_default()
                .push(i);
        }
        for turns in &mut turns {
            turns.sort_unstable();
            turns.dedup();
        }
        QueryHits {
            turns,
            by_turn,
            sentences: matches.hits.len(),
            matches,
        }
    }

    /// Whether a transcript's turn matches.
    pub fn contains(&self, transcript: TranscriptIndex, turn: TurnIndex) -> bool {
        self.turns
            .get(transcript)
            .is_some_and(|turns| turns.binary_search(&turn).is_ok())
    }

    /// Matched word ranges in a turn whose text is `text`, sorted (worked out from the turn's
    /// hits when asked: only the turns shown need them).
    pub fn spans(
        &self,
        transcript: TranscriptIndex,
        turn: TurnIndex,
        text: &str,
    ) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = self
            .by_turn
            .get(&(transcript, turn))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.matches.hits.get(i))
            .flat_map(|hit| hit.spans(text))
            .collect();
        spans.sort_by_key(|r| (r.start, r.end));
        spans
    }
}
