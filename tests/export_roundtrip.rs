//! Crosstalk JSON loads back through `crosstalk::load_path`: a transcript export to the same
//! transcript, an excerpts export to a transcript of the excerpts; newer versions and
//! inconsistent files are refused with a clear error. And `crosstalk export` end to end:
//! atomic, no overwrite without `--force`, stdout with `-o -`.

use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crosstalk::{Format, Library, LoadErrorKind, Transcript};
use std::path::{Path, PathBuf};
use std::process::Command;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn corpus(relative: &str) -> PathBuf {
    Path::new(CORPORA).join(relative)
}

fn load(path: &Path) -> Transcript {
    crosstalk::load_path(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn transcript_exports_load_back_the_same() {
    let folder = tempfile::tempdir().unwrap();
    for file in [
        "seed/putin-lukashenko-2025-03-13.txt",
        "rev-2020/us_election_2020_vice_presidential_debate.txt",
        "gop-debates-2016/2015-16_march10.txt",
        "podcast/transcriptator_buzzcast.srt",
        "stt-json/bbc-rte_assembly_example.json",
    ] {
        let original = load(&corpus(file));
        let json = export::transcript_json(&original).unwrap();
        let target = folder.path().join("export.json");
        std::fs::write(&target, &json).unwrap();
        let back = load(&target);
        assert_eq!(back.format, Format::CrosstalkJson, "{file}");
        assert_eq!(back.source_path, target);
        assert_eq!(back.turns, original.turns, "{file}: turns");
        assert_eq!(back.speakers, original.speakers, "{file}: speakers");
        assert_eq!(back.sections, original.sections, "{file}: sections");
        assert_eq!(
            (&back.title, back.date, back.timed, back.source_len),
            (
                &original.title,
                original.date,
                original.timed,
                original.source_len
            ),
            "{file}"
        );
        assert!(!original.turns.is_empty(), "{file} has turns");
    }
}

#[test]
fn excerpts_export_loads_back_as_turns_of_their_speakers() {
    let library = Library::from_transcripts([
        load(&corpus("seed/putin-lukashenko-2025-03-13.txt")),
        load(&corpus(
            "rev-2020/us_election_2020_vice_presidential_debate.txt",
        )),
    ]);
    let mut excerpts = Vec::new();
    for (t, transcript) in library.transcripts().iter().enumerate() {
        for (u, turn) in transcript.turns.iter().enumerate().take(6) {
            let end = turn
                .text
                .char_indices()
                .nth(80)
                .map_or(turn.text.len(), |(i, _)| i);
            excerpts.extend(Excerpt::from_hit(&library, t, u, 0..end, &[]));
        }
    }
    let set = ExcerptSet {
        query: Some("first turns".into()),
        excerpts,
    };
    let bytes = export::render(ExportFormat::Json, &set, ExportOptions::default()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("excerpts.json");
    std::fs::write(&target, &bytes).unwrap();
    let back = load(&target);
    assert_eq!(back.format, Format::CrosstalkJson);
    assert_eq!(back.title, "Excerpts: first turns");
    assert_eq!(back.turns.len(), set.excerpts.len());
    for (turn, excerpt) in back.turns.iter().zip(&set.excerpts) {
        assert_eq!(turn.text, excerpt.text);
        assert_eq!(back.speakers[turn.speaker].name, excerpt.speaker);
        assert_eq!(back.speakers[turn.speaker].role, excerpt.role);
    }
    let mut previous = 0..0;
    for turn in &back.turns {
        assert!(
            turn.source_range.start >= previous.end && turn.source_range.end <= back.source_len
        );
        previous = turn.source_range.clone();
    }
    assert!(
        back.turns.windows(2).all(|w| w[0].start <= w[1].start),
        "times monotonic"
    );
    assert!(back.speakers.iter().any(|s| s.name == "Vladimir Putin"));
    let mut expected: Vec<(&str, crosstalk::Role)> = Vec::new();
    for excerpt in &set.excerpts {
        if !expected.contains(&(excerpt.speaker.as_str(), excerpt.role)) {
            expected.push((excerpt.speaker.as_str(), excerpt.role));
        }
    }
    let speakers: Vec<(&str, crosstalk::Role)> = back
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.role))
        .collect();
    assert_eq!(
        speakers, expected,
        "one speaker per distinct excerpt speaker"
    );
    assert!(speakers.len() >= 3, "{speakers:?}");
}

#[test]
fn newer_or_inconsistent_crosstalk_json_is_refused_clearly() {
    let original = load(&corpus("seed/putin-lukashenko-2025-03-13.txt"));
    let mut value: serde_json::Value =
        serde_json::from_slice(&export::transcript_json(&original).unwrap()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let write = |name: &str, value: &serde_json::Value| {
        let path = folder.path().join(name);
        std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
        path
    };
    let mut newer = value.clone();
    newer["crosstalk"]["version"] = 2.into();
    let error = crosstalk::load_path(&write("newer.json", &newer)).unwrap_err();
    assert!(matches!(error.kind, LoadErrorKind::Json(_)));
    assert!(error.to_string().contains("newer Crosstalk"), "{error}");
    assert!(error.to_string().contains("newer.json"), "{error}");
    value["transcript"]["turns"][0]["speaker"] = 99.into();
    let error = crosstalk::load_path(&write("bad.json", &value)).unwrap_err();
    assert!(error.to_string().contains("speaker 99"), "{error}");
    value["transcript"]["turns"][0]["speaker"] = 0.into();
    value["transcript"]["turns"][1]["source_range"]["start"] = 0.into();
    let error = crosstalk::load_path(&write("overlap.json", &value)).unwrap_err();
    assert!(error.to_string().contains("overlapping"), "{error}");
}

fn crosstalk_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosstalk"))
}

#[test]
fn export_command_writes_refuses_overwrite_and_streams() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("putin-gas.csv");
    let seed = corpus("seed/putin-lukashenko-2025-03-13.txt");
    let run = |extra: &[&str]| {
        crosstalk_command()
            .arg("export")
            .arg(&seed)
            .args(["--query", "gas", "--speaker", "Vladimir Putin", "-o"])
            .arg(&target)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let written = std::fs::read_to_string(&target).unwrap();
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(&row[2], "Vladimir Putin");
        assert!(row[8].to_lowercase().contains("gas"), "{}", &row[8]);
        assert_eq!(&row[9], "gas");
    }
    std::fs::write(&target, "keep me").unwrap();
    let refused = run(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let forced = run(&["--force"]);
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
    let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left behind");

    let stdout = crosstalk_command()
        .arg("export")
        .arg(&seed)
        .args(["--query", "Gas", "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(stdout.status.success());
    let json: serde_json::Value = serde_json::from_slice(&stdout.stdout).unwrap();
    assert_eq!(json["crosstalk"]["kind"], "excerpts");
    assert!(json["excerpts"].as_array().unwrap().len() >= rows.len());

    let unknown = crosstalk_command()
        .arg("export")
        .arg(&seed)
        .args(["--speaker", "Nobody At All"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no speaker matches"));
}
