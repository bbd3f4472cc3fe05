//! Fuzz target: whatever loads is exported in every format without panicking, and its
//! Crosstalk JSON (transcript and excerpts) loads back to the same turns. Raw bytes are also
//! fed to the Crosstalk JSON reader directly.
#![no_main]

use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = export::read_crosstalk_json(Path::new("fuzz.json"), text);
    }
    let Ok(transcript) = crosstalk::load_bytes(Path::new("fuzz.json"), data) else {
        return;
    };
    let Ok(json) = export::transcript_json(&transcript) else {
        return;
    };
    let back = crosstalk::load_bytes(Path::new("back.json"), &json)
        .expect("a transcript export loads back");
    assert_eq!(back.turns, transcript.turns);
    assert_eq!(back.speakers, transcript.speakers);
    assert_eq!(back.sections, transcript.sections);
    let excerpts: Vec<Excerpt> = (0..transcript.turns.len())
        .filter_map(|turn| {
            let length = transcript.turns[turn].text.len();
            let half = 0..length / 2;
            Excerpt::from_transcript(&transcript, turn, 0..length, std::slice::from_ref(&half), None)
        })
        .collect();
    let set = ExcerptSet {
        query: Some("fuzz".into()),
        excerpts,
    };
    for format in ExportFormat::ALL {
        export::render(format, &set, ExportOptions { csv_bom: true }).expect("renders");
    }
    let json = export::render(ExportFormat::Json, &set, ExportOptions::default()).expect("json");
    if let Ok(loaded) = crosstalk::load_bytes(Path::new("excerpts.json"), &json) {
        let texts: Vec<&str> = loaded.turns.iter().map(|t| t.text.as_str()).collect();
        let expected: Vec<&str> = set.excerpts.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, expected);
    } else {
        assert!(set.excerpts.is_empty(), "an excerpts export with excerpts loads back");
    }
});
