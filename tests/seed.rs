//! The product's own sample (`../shared/corpora/seed`): the done-means of issue 2 — four
//! speakers with their turn counts, fourteen sections in order, nothing from the trailing
//! "Related Posts" attributed, and the date.

use crosstalk::{Date, Format, Role, Transcript};
use std::path::PathBuf;

fn seed() -> Transcript {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
    ));
    match crosstalk::load_path(&path) {
        Ok(transcript) => transcript,
        Err(error) => panic!("the seed must load: {error}"),
    }
}

#[test]
fn four_speakers_with_their_turns_and_roles() {
    let transcript = seed();
    assert_eq!(transcript.format, Format::Bracketed);
    let totals = transcript.speaker_totals();
    let summary: Vec<(&str, usize, Role)> = transcript
        .speakers
        .iter()
        .zip(&totals)
        .map(|(speaker, (turns, _))| (speaker.name.as_str(), *turns, speaker.role))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Vladimir Putin", 9, Role::Person),
            ("Alexander Lukashenko", 5, Role::Person),
            ("Reporter", 4, Role::Reporter),
            ("Unidentified Speaker", 1, Role::Unidentified),
        ]
    );
    assert_eq!(
        transcript.speakers[0].aliases,
        vec!["VLADIMIR PUTIN", "PUTIN"]
    );
    assert_eq!(
        transcript.speakers[1].aliases,
        vec!["ALEXANDER LUKASHENKO", "LUKASHENKO"]
    );
    // Every label starts a turn.
    assert_eq!(transcript.turns.len(), 19);
}

#[test]
fn fourteen_sections_in_order_and_headings_do_not_end_turns() {
    let transcript = seed();
    let titles: Vec<&str> = transcript
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles.len(), 14);
    assert_eq!(titles.first(), Some(&"Economic Cooperation"));
    assert_eq!(titles.last(), Some(&"Russia-Belarus Integration Progress"));
    assert!(titles.contains(&"Putin and Lukashenko Joint News Conference (Continued)"));
    assert!(!titles.contains(&"Related Posts"));
    // "Economic Cooperation" falls inside Putin's opening turn, which goes on after it.
    let first = &transcript.sections[0];
    assert_eq!(first.turn, 0);
    assert!(first.offset > 0);
    let turn = &transcript.turns[0];
    assert!(turn.text[first.offset..].starts_with("We have seen that trade with Russia"));
    assert_eq!(transcript.section_at(0, first.offset), Some(0));
    assert_eq!(transcript.section_at(0, 0), None);
    // Sections are in source order.
    assert!(
        transcript
            .sections
            .windows(2)
            .all(|w| w[0].source_offset < w[1].source_offset)
    );
}

#[test]
fn related_posts_and_header_are_not_attributed() {
    let transcript = seed();
    for turn in &transcript.turns {
        assert!(!turn.text.contains("Nick Fuentes"), "{}", turn.text);
        assert!(!turn.text.contains("Related Posts"));
        assert!(!turn.text.contains("Read the full transcript"));
    }
    let last = transcript.turns.last().map(|t| t.text.as_str());
    assert_eq!(last, Some("Thank you."));
}

#[test]
fn metadata_and_estimated_times() {
    let transcript = seed();
    assert_eq!(transcript.date, Date::new(2025, 3, 13));
    assert!(transcript.title.contains("Putin"));
    assert!(!transcript.timed);
    let mut previous_end = 0.0;
    for turn in &transcript.turns {
        assert!(turn.start >= previous_end - 1e-9);
        assert!(turn.end >= turn.start);
        previous_end = turn.end;
    }
    // About 150 words a minute.
    let minutes = transcript.duration() / 60.0;
    let expected = transcript.word_count() as f64 / 150.0;
    assert!((minutes - expected).abs() < 0.01);
    // Curly apostrophes are kept as written.
    assert!(transcript.turns[0].text.contains("Belarus’ trade"));
    for turn in &transcript.turns {
        assert!(turn.source_range.end <= transcript.source_len);
    }
}

/// Runs the `crosstalk` binary.
fn crosstalk(args: &[&str]) -> std::process::Output {
    match std::process::Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("running crosstalk: {error}"),
    }
}

#[test]
fn inspect_json_reports_files_library_and_errors() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
    );
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("temp dir: {error}"),
    };
    let empty = dir.path().join("empty.txt");
    if let Err(error) = std::fs::write(&empty, "") {
        panic!("writing {}: {error}", empty.display());
    }
    let empty = empty.to_string_lossy().into_owned();
    let output = crosstalk(&["inspect", "--json", seed, &empty]);
    assert!(output.status.success(), "one file loaded, so success");
    let report: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(error) => panic!("inspect --json must print JSON: {error}"),
    };
    let transcript = &report["transcripts"][0];
    assert_eq!(transcript["format"], "bracketed");
    assert_eq!(transcript["date"], "2025-03-13");
    assert_eq!(transcript["timed"], false);
    assert_eq!(transcript["turns"], 19);
    assert_eq!(transcript["sections"][0], "Economic Cooperation");
    assert_eq!(transcript["sections"].as_array().map(Vec::len), Some(14));
    let putin = &transcript["speakers"][0];
    assert_eq!(putin["name"], "Vladimir Putin");
    assert_eq!(putin["role"], "person");
    assert_eq!(putin["turns"], 9);
    assert_eq!(putin["aliases"][1], "PUTIN");
    assert!(putin["words"].as_u64().is_some_and(|w| w > 2000));
    let reporter = &transcript["speakers"][2];
    assert_eq!(reporter["role"], "reporter");
    let library = &report["library"]["speakers"];
    assert_eq!(library.as_array().map(Vec::len), Some(4));
    assert_eq!(library[0]["transcripts"], 1);
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], empty.as_str());
    assert!(
        errors[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("empty.txt"))
    );

    // Every file failed: non-zero exit, the error still listed.
    let failed = crosstalk(&["inspect", "--json", &empty]);
    assert!(!failed.status.success());
    let text = String::from_utf8_lossy(&failed.stdout);
    assert!(text.contains("\"errors\""));

    // The text report names the speakers.
    let human = crosstalk(&["inspect", seed]);
    assert!(human.status.success());
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Vladimir Putin"));
    assert!(text.contains("Russia-Belarus Integration Progress"));
}
