//! The intermediate form every format reader produces before the shared assembly step
//! (speaker resolution, sections, stage directions, timing) turns it into a `Transcript`.

use crate::model::{Date, Format};
use std::ops::Range;

/// What a format reader found in a file, before speakers are resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDocument {
    /// The detected format (`None` only before detection).
    pub format: Option<Format>,
    /// Title from metadata, if the format carries one.
    pub title: Option<String>,
    /// Date from metadata, if the format carries one.
    pub date: Option<Date>,
    /// Source URL from metadata, if the format carries one.
    pub source_url: Option<String>,
    /// Participant names from a header list (`Senator Ted Cruz (TX)`), used to expand surnames.
    pub participants: Vec<String>,
    /// Moderator names from a header list.
    pub moderators: Vec<String>,
    /// The blocks in source order.
    pub blocks: Vec<RawBlock>,
    /// Length in bytes of the decoded source text.
    pub source_len: usize,
    /// Notices for the user (encoding used, rows skipped, ...).
    pub notices: Vec<String>,
}

/// One block of a source: a labelled (or continuing) stretch of speech, a heading, or text that
/// nobody said.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    /// What the block is.
    pub kind: RawBlockKind,
    /// The block's text (for speech: the words, stage directions still inline).
    pub text: String,
    /// Byte range in the decoded source text.
    pub source_range: Range<usize>,
    /// Start time in seconds, where the source gives one.
    pub start: Option<f64>,
    /// End time in seconds, where the source gives one.
    pub end: Option<f64>,
}

/// The kinds of [`RawBlock`].
#[derive(Debug, Clone, PartialEq)]
pub enum RawBlockKind {
    /// Speech. `label` is the speaker label as written, or `None` when the block continues the
    /// previous speaker (a paragraph without a label, a cue without a voice).
    Speech {
        /// The label as written (`VLADIMIR PUTIN`, `Q`, `spk_0`).
        label: Option<String>,
    },
    /// A section heading.
    Heading,
    /// Text that nobody said: a header, a participants list, site boilerplate.
    Unattributed,
}

/// Removes the white space around `text` in its own buffer (no copy when there is only white
/// space at the end, as a row's or a label's text usually has).
pub(crate) fn trim_in_place(text: &mut String) {
    let end = text.trim_end().len();
    text.truncate(end);
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_in_place_trims_like_trim() {
        for text in ["", "  ", "a", " a b\n", "\n\u{a0}Putin:\t", "a\n\n"] {
            let mut trimmed = text.to_string();
            super::trim_in_place(&mut trimmed);
            assert_eq!(trimmed, text.trim(), "{text:?}");
        }
    }
}
