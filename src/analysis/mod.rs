//! Text analysis (issue 3): tokens, sentences, the inverted index, the query language, filters,
//! themes, statistics, distinctive terms, questions and answers, keyword in context.
//!
//! The flow for every view and the export: build an [`Index`] once from the
//! [`Library`](crate::library::Library) (and [`Index::sync`] it after the library changes), describe
//! what the user wants as a [`Filter`], and [`Filter::evaluate`] it to the matching sentences
//! ([`Hit`]s) grouped per speaker.

pub mod index;
pub mod kwic;
pub mod qa;
pub mod sentences;
pub mod stats;
pub mod tokenize;

pub use index::{Index, SentenceSpan, TermId, Vocabulary, Widen};
pub mod distinctive;
pub mod filter;
pub mod query;
pub mod themes;

pub use filter::{Filter, Hit, Matches, SpeakerHits};
pub use query::{DateRange, Field, Query, QueryError, QueryNode};
pub use themes::{Theme, ThemeSet};
