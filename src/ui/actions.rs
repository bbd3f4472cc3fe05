//! What the issue-5 views (topics, theme editor, export) ask the app to do. The app maps each
//! [`ViewAction`] onto its own command queue once per frame.

use crate::analysis::Filter;
use crate::library::TranscriptIndex;
use crate::model::TurnIndex;

/// A request from a view to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewAction {
    /// Replace the shared filter (a click on a chart bar narrows it to a speaker and a theme).
    SetFilter(Filter),
    /// Open the reader at a turn.
    JumpToTurn {
        /// The transcript.
        transcript: TranscriptIndex,
        /// The turn.
        turn: TurnIndex,
    },
    /// The theme set was edited; analysis results that depend on it are stale.
    ThemesChanged,
    /// Something to tell the user (a file written, or why it could not be).
    Notice {
        /// Whether it reports a failure.
        error: bool,
        /// The message.
        message: String,
    },
}

/// What the issue-5 views read: the library, its index, the themes, the shared filter and the
/// speaker colours (indexed by library speaker).
#[derive(Clone, Copy)]
pub struct AnalysisContext<'a> {
    /// The loaded transcripts and their speakers.
    pub library: &'a crate::library::Library,
    /// The search index over the library.
    pub index: &'a crate::analysis::Index,
    /// The theme set.
    pub themes: &'a crate::analysis::ThemeSet,
    /// The shared filter.
    pub filter: &'a Filter,
    /// Colour per library speaker.
    pub colours: &'a [egui::Color32],
}
