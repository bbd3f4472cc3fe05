//! Crosstalk: read transcripts of what public figures say, work out who spoke when and about
//! what, compare speakers on a theme, and export the excerpts.
//!
//! The core — [`model`], [`library`], [`parse`], [`analysis`], [`export`] — never touches the
//! UI; the desktop app lives in [`ui`] behind the `gui` feature.

pub mod analysis;
pub mod export;
pub mod library;
pub mod model;
pub mod names;
pub mod overrides_file;
pub mod parse;
pub mod storage;
pub(crate) mod swar;
#[cfg(feature = "gui")]
pub mod ui;

pub use library::{Library, LibrarySpeaker, SpeakerOverrides};
pub use model::{Date, Format, Role, Section, Speaker, StageDirection, Transcript, Turn};
pub use parse::{LoadError, LoadErrorKind, load_bytes, load_path};
