//! Every subtitle, JSON, table and HTML transcript under `../shared/corpora` loads, with concrete
//! facts per file: the format detected, the speaker labels the reader found, the number of turns
//! (consecutive cues/segments of one speaker merged), real times and valid byte ranges.

use crosstalk::Format;
use crosstalk::parse::raw::{RawBlockKind, RawDocument};
use crosstalk::parse::{decode, load_path, structured};
use std::path::{Path, PathBuf};

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

/// What a file must give: format, turns (blocks), distinct speaker labels, first label, and
/// speakers once assembled (labels of one person merged: `Unknown` and an unlabelled opening are
/// the unidentified speaker).
struct Expected {
    file: &'static str,
    format: Format,
    turns: usize,
    labels: usize,
    first_label: Option<&'static str>,
    speakers: usize,
}

const fn e(
    file: &'static str,
    format: Format,
    turns: usize,
    labels: usize,
    first_label: Option<&'static str>,
    speakers: usize,
) -> Expected {
    Expected {
        file,
        format,
        turns,
        labels,
        first_label,
        speakers,
    }
}

#[rustfmt::skip]
const EXPECTED: &[Expected] = &[
    // file, format, turns, labels, first label, speakers
    e("podcast/podcastnamespace_example.html", Format::Html, 10, 3, Some("Travis"), 3),
    e("podcast/podcastnamespace_example.json", Format::PodcastJson, 2, 2, Some("Darth Vader"), 2),
    e("podcast/podcastnamespace_example.srt", Format::Srt, 10, 3, Some("Travis"), 3),
    e("podcast/podcastnamespace_example.vtt", Format::WebVtt, 10, 3, Some("Travis"), 3),
    e("podcast/transcriptator_buzzcast.html", Format::Html, 34, 5, Some("Alban"), 5),
    e("podcast/transcriptator_buzzcast.json", Format::PodcastJson, 34, 5, Some("Alban"), 5),
    e("podcast/transcriptator_buzzcast.srt", Format::Srt, 34, 5, Some("Alban"), 5),
    e("podcast/transcriptator_how_to_start_a_podcast.json", Format::PodcastJson, 7, 2, Some("Travis"), 2),
    // No speakers named: one unidentified speaker.
    e("podcast/transcriptator_kde_express-16_kde_en_telegram.vtt", Format::WebVtt, 1, 0, None, 1),
    e("podcast/transcriptator_podcasting_20_episode_124.srt", Format::Srt, 142, 3, Some("Adam Curry"), 3),
    e("podcast/transcriptator_podnews_daily_2024-01-25.vtt", Format::WebVtt, 1, 1, Some("SPEAKER_1"), 1),
    // The page starts with an unlabelled paragraph before the first <cite>.
    e("podcast/transcriptator_podnews_weekly_review_2023-03-17.html", Format::Html, 9, 2, None, 3),
    e("podcast/transcriptator_podnews_weekly_review_2023-05-05.json", Format::PodcastJson, 26, 5, Some("James C"), 5),
    e("podcast/transcriptator_podnews_weekly_review_2023-06-02.json", Format::PodcastJson, 2, 2, Some("Speaker 1"), 2),
    e("podcast/transcriptator_podnews_weekly_review_2024-01-19.vtt", Format::WebVtt, 51, 4, Some("SPEAKER_1"), 4),
    // No speaker_labels in this job: one unlabelled block.
    e("stt-json/bbc-rte_amazonTranscribe.sample.json", Format::AmazonTranscribeJson, 1, 0, None, 1),
    e("stt-json/bbc-rte_assembly_example.json", Format::AssemblyAiJson, 3, 2, Some("A"), 2),
    e("stt-json/bbc-rte_bbcKaldiTranscriptWithSpeakerSegments.sample.json", Format::BbcKaldiJson, 10, 2, Some("S12"), 2),
    e("stt-json/bbc-rte_gcpSttSpeakerDiarization.sample.json", Format::GoogleSttJson, 3, 2, Some("Speaker 2"), 2),
    e("stt-json/bbc-rte_todayinfocus.sample.json", Format::AmazonTranscribeJson, 8, 2, Some("spk_0"), 2),
    e("rev-2020/us_election_2020_1st_presidential_debate.csv", Format::Csv, 789, 3, Some("Chris Wallace"), 3),
    e("rev-2020/us_election_2020_2nd_presidential_debate.csv", Format::Csv, 512, 3, Some("Kristen Welker"), 3),
    e("rev-2020/us_election_2020_biden_town_hall.csv", Format::Csv, 222, 18, Some("George Stephanopoulos"), 18),
    // `Savannah` and `Savannah Guthrie` are one person once assembled.
    e("rev-2020/us_election_2020_trump_town_hall.csv", Format::Csv, 405, 12, Some("Savannah Guthrie"), 11),
    e("rev-2020/us_election_2020_vice_presidential_debate.csv", Format::Csv, 327, 3, Some("Susan Page"), 3),
];

/// The extensions of the formats read by the structured readers.
const STRUCTURED_EXTENSIONS: &[&str] = &["srt", "vtt", "json", "csv", "tsv", "html", "htm"];

fn path(file: &str) -> PathBuf {
    Path::new(CORPORA).join(file)
}

/// Reads a file through decoding, detection and the structured reader.
fn read_raw(file: &str) -> (String, RawDocument) {
    let path = path(file);
    let bytes = std::fs::read(&path).expect("corpus file readable");
    let decoded = decode::decode_text(&bytes).expect("decodes");
    let format = structured::detect(&path, &decoded.text).expect("detected as structured");
    let raw = structured::read(format, &decoded.text).expect("reads");
    (decoded.text.into_owned(), raw)
}

fn labels(raw: &RawDocument) -> Vec<&str> {
    raw.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            RawBlockKind::Speech { label } => label.as_deref(),
            _ => None,
        })
        .collect()
}

#[test]
fn every_structured_corpus_file_is_listed() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(CORPORA)
        .expect("corpora folder")
        .flatten()
    {
        let folder = entry.path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("folder").flatten() {
            let file = file.path();
            let structured = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| STRUCTURED_EXTENSIONS.contains(&e));
            if structured {
                let relative = file
                    .strip_prefix(CORPORA)
                    .expect("under corpora")
                    .to_string_lossy()
                    .into_owned();
                found.push(relative);
            }
        }
    }
    found.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|e| e.file.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn per_file_facts() {
    for expected in EXPECTED {
        let (text, raw) = read_raw(expected.file);
        let file = expected.file;
        assert_eq!(raw.format, Some(expected.format), "{file}: format");
        assert_eq!(raw.blocks.len(), expected.turns, "{file}: turns");
        let all = labels(&raw);
        let mut distinct: Vec<&str> = all.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            expected.labels,
            "{file}: speakers {distinct:?}"
        );
        let first = raw.blocks.first().and_then(|b| match &b.kind {
            RawBlockKind::Speech { label } => label.as_deref(),
            _ => None,
        });
        assert_eq!(first, expected.first_label, "{file}: first label");
        // Consecutive blocks never repeat a speaker (they would have been merged), except in
        // tables and HTML pages where each row or <cite> is a turn as published.
        if !matches!(expected.format, Format::Csv | Format::Html) {
            for pair in raw.blocks.windows(2) {
                if let (
                    RawBlockKind::Speech { label: Some(a) },
                    RawBlockKind::Speech { label: Some(b) },
                ) = (&pair[0].kind, &pair[1].kind)
                {
                    assert_ne!(a, b, "{file}: consecutive turns of one speaker");
                }
            }
        }
        // Real times, in order; ranges inside the text, in order, not overlapping.
        let mut previous_end = 0;
        let mut previous_start = 0.0;
        for block in &raw.blocks {
            // (One Rev row has the minute `NA`.)
            let Some(start) = block
                .start
                .or((expected.format == Format::Csv).then_some(previous_start))
            else {
                panic!("{file}: untimed block");
            };
            if !matches!(expected.format, Format::Csv) {
                // (Rev clocks restart where parts were joined; assembly makes them monotonic.)
                assert!(start >= previous_start, "{file}: times go back at {start}");
            }
            previous_start = start;
            assert!(
                block.end.is_none_or(|end| end >= start),
                "{file}: end before start"
            );
            let range = &block.source_range;
            assert!(
                range.start >= previous_end && range.end <= text.len(),
                "{file}: {range:?}"
            );
            assert!(!block.text.trim().is_empty(), "{file}: empty turn");
            previous_end = range.end;
        }
        assert_eq!(raw.source_len, text.len());

        let transcript = load_path(&path(file)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(transcript.format, expected.format, "{file}");
        assert_eq!(
            transcript.turns.len(),
            expected.turns,
            "{file}: assembled turns"
        );
        assert_eq!(
            transcript.speakers.len(),
            expected.speakers,
            "{file}: speakers"
        );
        assert!(transcript.timed, "{file}: real times");
        for turn in &transcript.turns {
            assert!(turn.source_range.end <= transcript.source_len, "{file}");
        }
    }
}

#[test]
fn one_episode_in_three_formats_gives_the_same_turns() {
    for stem in [
        "podcast/podcastnamespace_example",
        "podcast/transcriptator_buzzcast",
    ] {
        let (_, srt) = read_raw(&format!("{stem}.srt"));
        let (_, html) = read_raw(&format!("{stem}.html"));
        assert_eq!(labels(&srt), labels(&html), "{stem}");
        if stem.ends_with("buzzcast") {
            let (_, json) = read_raw(&format!("{stem}.json"));
            assert_eq!(labels(&srt), labels(&json), "{stem}");
        } else {
            let (_, vtt) = read_raw(&format!("{stem}.vtt"));
            assert_eq!(labels(&srt), labels(&vtt), "{stem}");
            let srt_text: Vec<&str> = srt.blocks.iter().map(|b| b.text.as_str()).collect();
            let vtt_text: Vec<&str> = vtt.blocks.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(srt_text, vtt_text);
        }
    }
}

#[test]
fn vtt_with_bom_crlf_and_mixed_voice_tags_and_prefixes() {
    let (text, raw) = read_raw("podcast/podcastnamespace_example.vtt");
    assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
    assert_eq!(
        labels(&raw),
        [
            "Travis", "Sarah", "Travis", "Gilon", "Travis", "Gilon", "Travis", "Sarah", "Gilon",
            "Travis"
        ]
    );
    assert_eq!(raw.blocks[0].start, Some(0.179));
    assert!(
        raw.blocks[0]
            .text
            .starts_with("When you first get started in podcasting")
    );
}

#[test]
fn hourless_cue_times() {
    let (_, raw) = read_raw("podcast/transcriptator_podnews_daily_2024-01-25.vtt");
    assert_eq!(raw.blocks[0].start, Some(0.86));
    assert_eq!(raw.blocks[0].end, Some(225.62));
}

#[test]
fn word_level_json_is_joined_into_sentences() {
    let (_, raw) = read_raw("podcast/podcastnamespace_example.json");
    assert_eq!(raw.blocks[0].text, "I am your father.");
    assert_eq!(
        (raw.blocks[0].start, raw.blocks[0].end),
        (Some(0.5), Some(2.5))
    );
    let (_, raw) = read_raw("podcast/transcriptator_podnews_weekly_review_2023-06-02.json");
    assert!(
        raw.blocks[0]
            .text
            .starts_with("It's Friday, the 2nd of June 2023.")
    );
    // Segments that repeat a time span are one turn, not duplicated text.
    let (_, raw) = read_raw("podcast/transcriptator_buzzcast.json");
    assert!(
        raw.blocks[0]
            .text
            .starts_with("It is so stinking nice to like, show up and record this show.")
    );
}

#[test]
fn stt_times_in_every_unit() {
    // AssemblyAI: milliseconds.
    let (_, raw) = read_raw("stt-json/bbc-rte_assembly_example.json");
    assert_eq!(raw.blocks[0].start, Some(1.1));
    // Amazon: strings.
    let (_, raw) = read_raw("stt-json/bbc-rte_todayinfocus.sample.json");
    assert_eq!(raw.blocks[0].start, Some(5.24));
    // Google: {seconds, nanos}.
    let (_, raw) = read_raw("stt-json/bbc-rte_gcpSttSpeakerDiarization.sample.json");
    assert_eq!(raw.blocks[0].start, Some(12.9));
    // Kaldi: numbers.
    let (_, raw) = read_raw("stt-json/bbc-rte_bbcKaldiTranscriptWithSpeakerSegments.sample.json");
    assert_eq!(raw.blocks[0].start, Some(13.02));
}

#[test]
fn rev_csv_minutes_and_labels() {
    let (text, raw) = read_raw("rev-2020/us_election_2020_1st_presidential_debate.csv");
    assert_eq!(raw.blocks[0].start, Some(80.0));
    assert!(text[raw.blocks[0].source_range.clone()].starts_with("Chris Wallace,01:20,"));
    // `Chris Wallace:` with a colon and an `NA` minute is still Chris Wallace, untimed.
    let distinct: std::collections::BTreeSet<&str> = labels(&raw).into_iter().collect();
    assert_eq!(
        distinct.into_iter().collect::<Vec<_>>(),
        [
            "Chris Wallace",
            "President Donald J. Trump",
            "Vice President Joe Biden"
        ]
    );
    assert!(raw.notices.is_empty());
}
