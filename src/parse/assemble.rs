//! Assembly: from a format reader's blocks to a `Transcript` — speakers resolved, sections,
//! stage directions, timing.

use super::raw::{RawBlockKind, RawDocument};
use crate::model::{Format, Role, Speaker, Transcript, Turn, count_words};
use std::path::Path;

/// Words per minute used to estimate times where the source has none.
pub const ESTIMATED_WORDS_PER_MINUTE: f64 = 150.0;

/// Builds the transcript from a reader's blocks.
pub fn assemble(path: &Path, raw: RawDocument) -> Transcript {
    let mut turns: Vec<Turn> = Vec::new();
    let mut time = 0.0;
    for block in raw.blocks {
        if !matches!(block.kind, RawBlockKind::Speech { .. }) {
            continue;
        }
        let words = count_words(&block.text);
        let duration = words as f64 * 60.0 / ESTIMATED_WORDS_PER_MINUTE;
        turns.push(Turn {
            speaker: 0,
            alias: 0,
            text: block.text,
            source_range: block.source_range,
            start: time,
            end: time + duration,
            section: None,
            stage_directions: Vec::new(),
        });
        time += duration;
    }
    Transcript {
        source_path: path.to_path_buf(),
        format: raw.format.unwrap_or(Format::Plain),
        title: raw.title.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        date: raw.date,
        source_url: raw.source_url,
        speakers: vec![Speaker {
            name: "Unidentified Speaker".into(),
            aliases: Vec::new(),
            role: Role::Unidentified,
        }],
        turns,
        sections: Vec::new(),
        timed: false,
        source_len: raw.source_len,
        notices: raw.notices,
    }
}
