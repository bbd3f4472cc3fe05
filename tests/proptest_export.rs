//! Property tests of export and loading: any text survives CSV and JSON exports unchanged, HTML
//! never lets markup through, transcripts round-trip through Crosstalk JSON, and label-shaped
//! text of any kind loads (or fails) with turns inside the source, in order, with monotonic
//! times. Case counts stay modest so that `cargo test` stays quick.

use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crosstalk::{Format, Role, Section, Speaker, Transcript, Turn};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

/// Text with the characters writers must quote or escape, plus any Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ,\"'\n\r<>&*#`|;\\\\]{1,40}",
        any::<String>().prop_filter("not empty", |s| !s.is_empty()),
    ]
}

fn excerpt() -> impl Strategy<Value = Excerpt> {
    (
        hostile_text(),
        hostile_text(),
        hostile_text(),
        role(),
        0.0f64..1e5,
        0.0f64..100.0,
        any::<bool>(),
    )
        .prop_map(
            |(text, speaker, title, role, start, length, estimated)| Excerpt {
                transcript: title,
                path: PathBuf::from("talk.txt"),
                date: None,
                source_url: None,
                speaker,
                role,
                section: None,
                start,
                end: start + length,
                time_estimated: estimated,
                turn: 0,
                range: 0..text.len(),
                highlights: Vec::new(),
                matched_terms: Vec::new(),
                text,
            },
        )
}

fn transcript() -> impl Strategy<Value = Transcript> {
    (
        prop::collection::vec((hostile_text(), role()), 1..4),
        prop::collection::vec((hostile_text(), 0usize..4, 0.0f64..30.0), 0..12),
        any::<bool>(),
    )
        .prop_map(|(speakers, turns, timed)| {
            let speakers: Vec<Speaker> = speakers
                .into_iter()
                .map(|(name, role)| Speaker {
                    aliases: vec![name.clone()],
                    name,
                    role,
                })
                .collect();
            let mut offset = 0;
            let mut clock = 0.0;
            let turns: Vec<Turn> = turns
                .into_iter()
                .map(|(text, speaker, length)| {
                    let turn = Turn {
                        speaker: speaker % speakers.len(),
                        alias: 0,
                        source_range: offset..offset + text.len(),
                        text,
                        start: clock,
                        end: clock + length,
                        section: None,
                        stage_directions: Vec::new(),
                    };
                    offset += turn.text.len() + 1;
                    clock += length;
                    turn
                })
                .collect();
            let sections = if turns.is_empty() {
                Vec::new()
            } else {
                vec![Section {
                    title: "Opening".into(),
                    turn: 0,
                    offset: 0,
                    source_offset: 0,
                }]
            };
            let mut turns = turns;
            if let Some(first) = turns.first_mut() {
                first.section = Some(0);
            }
            Transcript {
                source_path: PathBuf::from("generated.txt"),
                format: Format::MixedLabels,
                title: "Generated".into(),
                date: None,
                source_url: None,
                speakers,
                turns,
                sections,
                timed,
                source_len: offset,
                notices: Vec::new(),
                turn_word_counts: Default::default(),
            }
        })
}

/// Text made of label shapes of every text format, so that the text readers meet them all.
fn label_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[VLADIMIR PUTIN:] ".to_string()),
        Just("[PUTIN:] ".to_string()),
        Just("TRUMP: ".to_string()),
        Just("MS. PSAKI:\u{a0} ".to_string()),
        Just("Q\u{a0}\u{a0}\u{a0} ".to_string()),
        Just("Chris Wallace: (01:20)\n".to_string()),
        Just("Speaker 1: (1:02:03)\n".to_string()),
        Just("---\ntitle: A\ndate: 2024-01-02\n---\n".to_string()),
        Just("**Ann Lee:** ".to_string()),
        Just("PARTICIPANTS:\nSenator Ted Cruz (TX);\n".to_string()),
        Just("[applause] ".to_string()),
        Just("(Laughter.) ".to_string()),
        Just("[crosstalk 00:11:26] ".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("Economic Cooperation\n".to_string()),
        "[a-zA-Z :.,'\\[\\]()]{0,30}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_keeps_any_text(excerpts in prop::collection::vec(excerpt(), 1..5)) {
        let set = ExcerptSet { query: None, excerpts };
        let bytes = export::render(ExportFormat::Csv, &set, ExportOptions::default()).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        prop_assert_eq!(rows.len(), set.excerpts.len());
        for (row, excerpt) in rows.iter().zip(&set.excerpts) {
            prop_assert_eq!(&row[0], excerpt.transcript.as_str());
            prop_assert_eq!(&row[2], excerpt.speaker.as_str());
            prop_assert_eq!(&row[8], excerpt.text.as_str());
        }
    }

    #[test]
    fn json_keeps_any_excerpt(excerpts in prop::collection::vec(excerpt(), 1..5)) {
        let set = ExcerptSet { query: Some("q".into()), excerpts };
        let bytes = export::render(ExportFormat::Json, &set, ExportOptions::default()).unwrap();
        let document: export::ExcerptsDocument = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(document.excerpts.len(), set.excerpts.len());
        for (back, excerpt) in document.excerpts.iter().zip(&set.excerpts) {
            prop_assert_eq!(&back.text, &excerpt.text);
            prop_assert_eq!(&back.speaker, &excerpt.speaker);
            prop_assert!((back.start - excerpt.start).abs() < 1e-6);
        }
        let loaded = crosstalk::load_bytes(Path::new("x.json"), &bytes).unwrap();
        let texts: Vec<&str> = loaded.turns.iter().map(|t| t.text.as_str()).collect();
        let expected: Vec<&str> = set.excerpts.iter().map(|e| e.text.as_str()).collect();
        prop_assert_eq!(texts, expected);
    }

    #[test]
    fn html_escapes_any_text(excerpts in prop::collection::vec(excerpt(), 1..5)) {
        let set = ExcerptSet { query: Some("<b>".into()), excerpts };
        let html = String::from_utf8(
            export::render(ExportFormat::Html, &set, ExportOptions::default()).unwrap(),
        ).unwrap();
        let body = &html[html.find("<body>").unwrap()..];
        let allowed = ["<body", "<h1", "</h1", "<p", "</p", "<figure", "</figure", "<svg",
            "</svg", "<title", "</title", "<text", "</text", "<rect", "<figcaption", "</figcaption",
            "<div", "</div", "<section", "</section", "<h2", "</h2", "<small", "</small",
            "<article", "</article", "<footer", "</footer", "<mark", "</mark", "</body", "</html"];
        for (at, _) in body.match_indices('<') {
            let rest = &body[at..];
            prop_assert!(allowed.iter().any(|tag| rest.starts_with(tag)), "stray markup: {}", &rest[..rest.len().min(30)]);
        }
        for format in ExportFormat::ALL {
            export::render(format, &set, ExportOptions { csv_bom: true }).unwrap();
        }
    }

    #[test]
    fn transcripts_round_trip_through_crosstalk_json(original in transcript()) {
        let json = export::transcript_json(&original).unwrap();
        let back = crosstalk::load_bytes(Path::new("t.json"), &json).unwrap();
        prop_assert_eq!(&back.turns, &original.turns);
        prop_assert_eq!(&back.speakers, &original.speakers);
        prop_assert_eq!(&back.sections, &original.sections);
        prop_assert_eq!(back.timed, original.timed);
    }

    #[test]
    fn label_text_loads_with_consistent_turns(text in label_text(), ext in 0usize..3) {
        let name = ["t.txt", "t.md", "t.html"][ext];
        if let Ok(transcript) = crosstalk::load_bytes(Path::new(name), text.as_bytes()) {
            let mut previous_end = 0;
            let mut previous_start = 0.0;
            for turn in &transcript.turns {
                prop_assert!(turn.source_range.start >= previous_end, "turns overlap");
                prop_assert!(turn.source_range.start <= turn.source_range.end);
                prop_assert!(turn.source_range.end <= transcript.source_len);
                prop_assert!(turn.start.is_finite() && turn.end >= turn.start);
                prop_assert!(turn.start >= previous_start, "times go backwards");
                prop_assert!(turn.speaker < transcript.speakers.len());
                previous_end = turn.source_range.end;
                previous_start = turn.start;
            }
            for section in &transcript.sections {
                prop_assert!(section.turn <= transcript.turns.len());
                prop_assert!(section.source_offset <= transcript.source_len);
            }
        }
    }

    #[test]
    fn any_bytes_load_or_fail_with_monotonic_times(bytes in prop::collection::vec(any::<u8>(), 0..1024), ext in 0usize..5) {
        let name = ["b.txt", "b.json", "b.srt", "b.vtt", "b.csv"][ext];
        if let Ok(transcript) = crosstalk::load_bytes(Path::new(name), &bytes) {
            prop_assert!(transcript.turns.windows(2).all(|w| w[0].start <= w[1].start));
            prop_assert!(transcript.turns.iter().all(|t| t.source_range.end <= transcript.source_len));
        }
    }
}
