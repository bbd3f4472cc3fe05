//! Text transcripts: labels (bracketed, upper-case, mixed-case, Rev, Markdown), headings,
//! boilerplate, and plain prose.

use super::raw::{RawBlock, RawBlockKind, RawDocument};
use crate::model::Format;

/// Reads a text transcript into blocks.
pub fn read(text: &str) -> RawDocument {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for paragraph in text.split('\n') {
        let start = offset;
        offset += paragraph.len() + 1;
        if paragraph.trim().is_empty() {
            continue;
        }
        blocks.push(RawBlock {
            kind: RawBlockKind::Speech { label: None },
            text: paragraph.trim().to_string(),
            source_range: start..start + paragraph.len(),
            start: None,
            end: None,
        });
    }
    RawDocument {
        format: Some(Format::Plain),
        blocks,
        source_len: text.len(),
        ..RawDocument::default()
    }
}
