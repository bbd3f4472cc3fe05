//! Text analysis (issue 3): tokens, sentences, the inverted index, the query language, filters,
//! themes, statistics, distinctive terms, questions and answers, keyword in context.
//!
//! The flow for every view and the export: build an [`Index`] once from the
//! [`Library`](crate::library::Library) and [`Index::sync`] it after the library changes (it
//! indexes only added transcripts, drops removed ones, and returns at once when the library
//! revision is unchanged); describe what the user wants as a [`Filter`]; [`Filter::evaluate`]
//! it to the matching sentences ([`Hit`]s with highlight spans) grouped per speaker. Never
//! evaluate per frame: cache the [`Matches`] keyed by (filter, library revision).
//!
//! ```
//! use crosstalk::analysis::{Filter, Index, ThemeSet, Widen};
//! use crosstalk::Library;
//!
//! let library = Library::new(); // the app's library, loaded elsewhere
//! let mut index = Index::build(&library);
//! index.sync(&library); // after adding or removing transcripts
//! let themes = ThemeSet::builtin();
//! let filter = Filter {
//!     themes: vec!["sanctions".into()],
//!     query: "-tariff*".into(),
//!     ..Filter::default()
//! };
//! let matches = filter.evaluate(&library, &index, &themes)?;
//! for group in &matches.groups {
//!     for &i in &group.hits {
//!         let hit = &matches.hits[i];
//!         let _excerpt = index.excerpt(hit.transcript, hit.turn, hit.sentence.clone(), Widen::Context(1));
//!     }
//! }
//! # Ok::<(), crosstalk::analysis::QueryError>(())
//! ```
//!
//! Also: [`stats`] (share of voice, themes per speaker, words per section), [`distinctive`]
//! (log-odds z-scores, G2, Log Ratio), [`qa`] (question → answers), [`kwic`] (keyword in
//! context), [`Theme::entry_counts`] (live counts for the theme editor).

pub mod distinctive;
pub mod filter;
pub mod index;
pub mod kwic;
pub mod qa;
pub mod query;
pub mod sentences;
pub mod stats;
pub mod themes;
pub mod tokenize;

pub use filter::{Filter, Hit, Matches, SpeakerHits};
pub use index::{Index, SentenceSpan, TermId, Vocabulary, Widen};
pub use query::{DateRange, Field, Query, QueryError, QueryNode};
pub use themes::{Theme, ThemeSet};
