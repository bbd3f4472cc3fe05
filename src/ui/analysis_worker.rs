//! The analysis engine on a worker thread: keeps the search index in step with the library and
//! evaluates the filter (query and themes) there, so the UI only ever reads finished results.

use crate::analysis::{Filter, Index, Matches, QueryError, ThemeSet};
use crate::library::{Library, TranscriptIndex};
use crate::model::TurnIndex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

struct Request {
    key: (u64, Filter),
    library: Library,
    filter: Filter,
    themes: Arc<ThemeSet>,
}

/// A finished evaluation.
#[derive(Debug)]
pub struct Outcome {
    /// The (library revision, filter) it answers.
    pub key: (u64, Filter),
    /// The matches, or why the query is wrong.
    pub result: Result<Matches, QueryError>,
}

/// Hands filters to the worker and keeps the latest answer.
pub struct AnalysisWorker {
    requests: Sender<Request>,
    outcomes: Receiver<Outcome>,
    asked: Option<(u64, Filter)>,
    /// The latest answer.
    pub latest: Option<Outcome>,
}

impl AnalysisWorker {
    /// Starts the worker thread; `wake` is called when an answer is ready.
    pub fn start(wake: Arc<dyn Fn() + Send + Sync>) -> AnalysisWorker {
        let (requests, inbox) = channel::<Request>();
        let (outbox, outcomes) = channel();
        std::thread::spawn(move || {
            let mut index = Index::default();
            while let Ok(mut request) = inbox.recv() {
                // Only the newest request matters.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                index.sync(&request.library);
                let result = request
                    .filter
                    .evaluate(&request.library, &index, &request.themes);
                if outbox
                    .send(Outcome {
                        key: request.key,
                        result,
                    })
                    .is_err()
                {
                    return;
                }
                wake();
            }
        });
        AnalysisWorker {
            requests,
            outcomes,
            asked: None,
            latest: None,
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
        });
    }

    /// Takes arrived answers; returns whether a new one arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        for outcome in self.outcomes.try_iter() {
            self.latest = Some(outcome);
            arrived = true;
        }
        arrived
    }

    /// Waits until the answer to the last request is in. For scripts and tests.
    pub fn wait(&mut self) {
        while self.asked.is_some() && self.latest.as_ref().map(|o| &o.key) != self.asked.as_ref() {
            match self.outcomes.recv() {
                Ok(outcome) => self.latest = Some(outcome),
                Err(_) => return,
            }
        }
    }

    /// Whether an answer is still on its way.
    pub fn is_busy(&self) -> bool {
        self.asked.is_some() && self.latest.as_ref().map(|o| &o.key) != self.asked.as_ref()
    }
}

/// The turns that match the filter and the words to highlight in them.
#[derive(Debug, Default)]
pub struct QueryHits {
    /// [transcript] -> sorted turns with a hit.
    pub turns: Vec<Vec<TurnIndex>>,
    /// (transcript, turn) -> sorted byte ranges of matched words in the turn's text.
    pub spans: HashMap<(TranscriptIndex, TurnIndex), Vec<Range<usize>>>,
    /// Matching sentences in all.
    pub sentences: usize,
}

impl QueryHits {
    /// The hits of a set of matches.
    pub fn from_matches(matches: &Matches, transcripts: usize) -> QueryHits {
        let mut hits = QueryHits {
            turns: vec![Vec::new(); transcripts],
            spans: HashMap::new(),
            sentences: matches.hits.len(),
        };
        for hit in &matches.hits {
            if let Some(turns) = hits.turns.get_mut(hit.transcript) {
                turns.push(hit.turn);
            }
            hits.spans
                .entry((hit.transcript, hit.turn))
                .or_default()
                .extend(hit.spans.iter().cloned());
        }
        for turns in &mut hits.turns {
            turns.sort_unstable();
            turns.dedup();
        }
        for spans in hits.spans.values_mut() {
            spans.sort_by_key(|r| (r.start, r.end));
        }
        hits
    }

    /// Whether a transcript's turn matches.
    pub fn contains(&self, transcript: TranscriptIndex, turn: TurnIndex) -> bool {
        self.turns
            .get(transcript)
            .is_some_and(|turns| turns.binary_search(&turn).is_ok())
    }

    /// Matched word ranges in a turn.
    pub fn spans(&self, transcript: TranscriptIndex, turn: TurnIndex) -> &[Range<usize>] {
        self.spans
            .get(&(transcript, turn))
            .map_or(&[], Vec::as_slice)
    }
}
