//! Fuzz target: format detection and every loader, through `crosstalk::load_bytes`. The first
//! byte picks the file extension (a detection hint); the rest is the file. Checks the
//! transcript invariants on success.
#![no_main]

use crosstalk::parse::SUPPORTED_EXTENSIONS;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let extension = SUPPORTED_EXTENSIONS[selector as usize % SUPPORTED_EXTENSIONS.len()];
    let path = PathBuf::from(format!("fuzz.{extension}"));
    if let Ok(transcript) = crosstalk::load_bytes(&path, bytes) {
        let mut previous_end = 0;
        let mut previous_start = 0.0;
        for turn in &transcript.turns {
            assert!(turn.source_range.start <= turn.source_range.end);
            assert!(turn.source_range.end <= transcript.source_len);
            assert!(turn.source_range.start >= previous_end, "turns overlap");
            assert!(turn.start.is_finite() && turn.end >= turn.start);
            assert!(turn.start >= previous_start, "times go backwards");
            assert!(turn.speaker < transcript.speakers.len());
            previous_end = turn.source_range.end;
            previous_start = turn.start;
        }
    }
});
