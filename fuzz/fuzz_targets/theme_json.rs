//! Fuzz target: theme JSON (`ThemeSet::from_json`), and every theme that loads used as a
//! filter on the bundled sample's index.
#![no_main]

use crosstalk::Library;
use crosstalk::analysis::{Filter, Index, Query, ThemeSet};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static SAMPLE: &[u8] = include_bytes!("../../assets/sample-putin-lukashenko-2025-03-13.txt");
static STATE: OnceLock<Option<(Library, Index)>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(themes) = ThemeSet::from_json(text, "fuzz.json") else {
        return;
    };
    let state = STATE.get_or_init(|| {
        let transcript = crosstalk::load_bytes(Path::new("sample.txt"), SAMPLE).ok()?;
        let library = Library::from_transcripts([transcript]);
        let index = Index::build(&library);
        Some((library, index))
    });
    let Some((library, index)) = state else {
        return;
    };
    for theme in &themes.themes {
        let _ = Query::parse(&theme.to_query());
        let filter = Filter {
            themes: vec![theme.id.clone()],
            ..Filter::default()
        };
        let _ = filter.evaluate(library, index, &themes);
    }
});
