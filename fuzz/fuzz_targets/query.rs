//! Fuzz target: the query parser, and evaluation of whatever parses against the bundled
//! sample's index (with the built-in themes).
#![no_main]

use crosstalk::Library;
use crosstalk::analysis::{Filter, Index, Query, ThemeSet};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static SAMPLE: &[u8] = include_bytes!("../../assets/sample-putin-lukashenko-2025-03-13.txt");
static STATE: OnceLock<Option<(Library, Index, ThemeSet)>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if Query::parse(text).is_err() {
        return;
    }
    let state = STATE.get_or_init(|| {
        let transcript = crosstalk::load_bytes(Path::new("sample.txt"), SAMPLE).ok()?;
        let library = Library::from_transcripts([transcript]);
        let index = Index::build(&library);
        Some((library, index, ThemeSet::builtin()))
    });
    if let Some((library, index, themes)) = state {
        let _ = Filter::query(text).evaluate(library, index, themes);
    }
});
