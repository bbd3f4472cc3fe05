//! egui_kittest tests of the desktop app on real transcripts from `../shared/corpora`:
//! timeline lanes, click-to-read, speaker merges, a broken file among good ones, the filter bar's
//! chips (narrowing every view, remembered by path), Compare, copying with citations, and
//! exports that never replace a file without asking.
#![cfg(feature = "gui")]

use crosstalk::analysis::Filter;
use crosstalk::ui::settings::View;
use crosstalk::ui::{Command, CrosstalkApp, NoticeKind};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use std::sync::Arc;

mod common;
use common::{
    CORPORA, column_excerpts, harness_of, key_of, press_at, seed, settle, transcript_index,
};

/// An app with these files fully loaded, and a harness drawing it in a 1400×900 window.
fn harness_with(saved: Option<&str>, files: Vec<PathBuf>) -> Harness<'static, CrosstalkApp> {
    harness_of(CrosstalkApp::new(saved, files, Arc::new(|| {})))
}

/// A click at `pos`, then the UI settled.
fn click_at(harness: &mut Harness<'static, CrosstalkApp>, pos: egui::Pos2) {
    press_at(harness, pos);
    settle(harness);
}

#[test]
fn timeline_shows_a_lane_each_for_putin_and_lukashenko() {
    let harness = harness_with(None, vec![seed()]);
    harness.get_by_label("Vladimir Putin lane");
    harness.get_by_label("Alexander Lukashenko lane");
    let lanes = &harness.state().timelines.drawn_lanes;
    assert_eq!(lanes.len(), 1);
    let names = &lanes[0].1;
    // Short and full tags are one person each: exactly one lane per leader.
    assert_eq!(
        names.iter().filter(|n| n.contains("Putin")).count(),
        1,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.contains("Lukashenko")).count(),
        1,
        "{names:?}"
    );
    // The transcript has no timestamps: the axis says so.
    harness.get_by_label_contains("estimated time");
}

#[test]
fn clicking_a_bar_opens_the_reader_at_that_turn() {
    let mut harness = harness_with(None, vec![seed()]);
    let app = harness.state();
    let lukashenko = app
        .library
        .speaker_by_key(&key_of(app, "Alexander Lukashenko"))
        .expect("Lukashenko is a library speaker");
    // A Lukashenko turn well into the transcript, so the reader has to scroll to it.
    let bar = app
        .timelines
        .drawn_bars
        .iter()
        .filter(|b| b.speaker == lukashenko)
        .nth(3)
        .copied()
        .expect("Lukashenko has bars on the timeline");
    let first_words: String = app.library.transcripts()[0].turns[bar.turn]
        .text
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    click_at(&mut harness, bar.rect.center());
    let app = harness.state();
    assert_eq!(app.settings.view, View::Reader);
    assert_eq!(app.reader.selected_turn, Some(bar.turn));
    assert!(
        app.reader.drawn_turns.contains(&bar.turn),
        "{:?}",
        app.reader.drawn_turns
    );
    harness.get_by_label_contains(&first_words);
}

#[test]
fn merging_two_speakers_leaves_one_lane_and_persists() {
    let mut harness = harness_with(None, vec![seed()]);
    let lanes_before = harness.state().timelines.drawn_lanes[0].1.len();
    let from = key_of(harness.state(), "Alexander Lukashenko");
    let into = key_of(harness.state(), "Vladimir Putin");
    harness
        .state_mut()
        .push(Command::MergeSpeakers { from, into });
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("Alexander Lukashenko lane")
            .is_none()
    );
    harness.get_by_label("Vladimir Putin lane");
    assert_eq!(
        harness.state().timelines.drawn_lanes[0].1.len(),
        lanes_before - 1
    );

    // The merge is saved and comes back in the next session.
    let saved = harness.state().settings_json();
    let again = harness_with(Some(&saved), vec![seed()]);
    assert!(again.query_by_label("Alexander Lukashenko lane").is_none());
    again.get_by_label("Vladimir Putin lane");
}

#[test]
fn a_broken_file_shows_an_error_and_the_others_stay_loaded() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let broken = folder.path().join("broken.txt");
    std::fs::write(&broken, b"").expect("write the broken file");
    let harness = harness_with(
        None,
        vec![seed(), broken.clone(), PathBuf::from("/no/such/file.txt")],
    );
    let app = harness.state();
    assert_eq!(app.library.transcripts().len(), 1);
    let errors: Vec<&str> = app
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::Error)
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("broken.txt")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("/no/such/file.txt")),
        "{errors:?}"
    );
    harness.get_by_label_contains("2 problems");
    harness.get_by_label("Vladimir Putin lane");
}

#[test]
fn corrupt_saved_state_falls_back_to_defaults_with_a_notice() {
    let harness = harness_with(Some("{ this is not json"), vec![seed()]);
    let app = harness.state();
    assert!(
        app.notices
            .iter()
            .any(|n| n.text.contains("Saved settings could not be read"))
    );
    assert_eq!(app.settings.view, View::Timelines);
    harness.get_by_label("Vladimir Putin lane");
}

#[test]
fn three_transcripts_stack_and_one_person_keeps_one_colour_across_files() {
    let rev = PathBuf::from(CORPORA).join("rev-2020");
    let files = vec![
        seed(),
        rev.join("us_election_2020_1st_presidential_debate.txt"),
        rev.join("us_election_2020_2nd_presidential_debate.txt"),
    ];
    let harness = harness_with(None, files);
    let app = harness.state();
    assert_eq!(app.timelines.drawn_lanes.len(), 3);
    let biden_lanes = app
        .timelines
        .drawn_lanes
        .iter()
        .filter(|(_, names)| names.iter().any(|n| n.contains("Biden")))
        .count();
    assert_eq!(biden_lanes, 2, "{:?}", app.timelines.drawn_lanes);
    // One library speaker for Biden ("Vice President Joe Biden" and "Joe Biden") across both debates, drawn with one colour.
    let biden: Vec<_> = app
        .timelines
        .drawn_bars
        .iter()
        .filter(|b| app.library.speakers()[b.speaker].name.contains("Biden"))
        .map(|b| (b.transcript, b.speaker))
        .collect();
    let speakers: std::collections::BTreeSet<_> = biden.iter().map(|(_, s)| *s).collect();
    let transcripts: std::collections::BTreeSet<_> = biden.iter().map(|(t, _)| *t).collect();
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    assert_eq!(transcripts.len(), 2);
}

#[test]
fn a_query_marks_matching_turns_and_a_bad_query_says_why() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().chosen_filter.query = "nuclear".to_owned();
    harness.state_mut().wait_for_analysis();
    settle(&mut harness);
    let app = harness.state();
    let transcript = &app.library.transcripts()[0];
    let expected: Vec<usize> = transcript
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| t.text.to_lowercase().contains("nuclear"))
        .map(|(i, _)| i)
        .collect();
    assert!(!expected.is_empty());
    harness.get_by_label_contains(&format!("in {} turns", expected.len()));

    harness.state_mut().chosen_filter.query = "\"unclosed phrase".to_owned();
    settle(&mut harness);
    assert!(harness.state().query_error.is_some());
    harness.get_by_label_contains("query error");
}

/// The app on the seed, comparing the query "Belarus", with `target` typed as the export file.
fn compare_belarus_exporting_to(target: &std::path::Path) -> Harness<'static, CrosstalkApp> {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().chosen_filter.query = "Belarus".to_owned();
    harness.state_mut().push(Command::ShowView(View::Compare));
    harness.state_mut().wait_for_analysis();
    settle(&mut harness);
    harness.state_mut().compare.save_row.path = target.display().to_string();
    harness
}

#[test]
fn compare_puts_putin_and_lukashenko_side_by_side_and_an_excerpt_opens_the_reader() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().chosen_filter.query = "Belarus".to_owned();
    harness.state_mut().push(Command::ShowView(View::Compare));
    harness.state_mut().wait_for_analysis();
    settle(&mut harness);
    harness.get_by_label_contains("of Vladimir Putin's words");
    harness.get_by_label_contains("of Alexander Lukashenko's words");
    let app = harness.state();
    let putin = key_of(app, "Vladimir Putin");
    assert_eq!(app.compare.columns.len(), 2);
    assert!(app.compare.columns.contains(&putin));
    // Putin's first excerpt: its sentence is on screen and opens the reader at its turn.
    let transcript = &app.library.transcripts()[0];
    let hit = transcript
        .turns
        .iter()
        .enumerate()
        .find(|(i, t)| {
            app.library
                .speaker_of_turn(0, *i)
                .map(|s| &app.library.speakers()[s].key)
                == Some(&putin)
                && t.text.contains("Belarus")
        })
        .map(|(i, _)| i)
        .expect("Putin mentions Belarus");
    let words: String = {
        let text = &transcript.turns[hit].text;
        let at = text.find("Belarus").unwrap_or(0);
        let start = text[..at].rfind(['.', '?', '!']).map_or(0, |p| p + 1);
        text[start..]
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    };
    harness
        .get_all_by_label_contains(&words)
        .next()
        .expect("the excerpt is shown")
        .click();
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.settings.view, View::Reader);
    assert_eq!(app.reader.selected_turn, Some(hit));
}

#[test]
fn terms_set_putin_apart_from_lukashenko_and_a_click_searches_for_the_term() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().push(Command::ShowView(View::Terms));
    harness.run_steps(2);
    harness.state_mut().wait_for_terms();
    settle(&mut harness);
    harness.get_by_label_contains("more typical of Vladimir Putin");
    harness.get_by_label_contains("more typical of Alexander Lukashenko");
    // Each term is a labelled button with its z-score and counts; the first one searches.
    harness
        .get_all_by_label_contains(" uses by A, ")
        .next()
        .expect("a term")
        .click();
    settle(&mut harness);
    let query = harness.state().chosen_filter.query.clone();
    assert!(!query.is_empty());
    // The query is the clicked term: the first term button is labelled with it.
    let first = harness
        .get_all_by_label_contains(" uses by A, ")
        .next()
        .expect("a term");
    assert_eq!(
        first.rect(),
        harness
            .get_by_label_contains(&format!("{query}: z "))
            .rect()
    );
}

#[test]
fn a_clicked_term_is_listed_in_context_and_a_keyword_opens_the_reader_at_its_turn() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().push(Command::ShowView(View::Terms));
    harness.run_steps(2);
    harness.state_mut().wait_for_terms();
    settle(&mut harness);
    harness
        .get_all_by_label_contains(" uses by A, ")
        .next()
        .expect("a term")
        .click();
    settle(&mut harness);
    let term = harness
        .state()
        .terms
        .selected
        .clone()
        .expect("a selected term");
    harness.state_mut().wait_for_kwic();
    settle(&mut harness);
    harness.get_by_label(&format!("“{term}” in context"));
    // As many lines as the term has whole-word uses in the transcript, each with the term as
    // its keyword between left and right context.
    let counted = harness.get_by_label_contains(" occurrences");
    let count = counted
        .accesskit_node()
        .label()
        .or_else(|| counted.value())
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .and_then(|n| n.parse::<usize>().ok())
        .expect("an occurrence count");
    assert!(count > 0, "no lines for {term}");
    let keyword = harness
        .get_all_by_role(egui::accesskit::Role::Link)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|l| l.eq_ignore_ascii_case(&term))
        })
        .expect("a keyword link");
    keyword.click();
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.settings.view, View::Reader);
    let (transcript, turn) = (
        app.reader.transcript.expect("a transcript in the reader"),
        app.reader.selected_turn.expect("a selected turn"),
    );
    let text = app
        .library
        .transcripts()
        .get(transcript)
        .and_then(|t| t.turns.get(turn))
        .map(|t| t.text.to_lowercase())
        .expect("the turn");
    assert!(text.contains(&term.to_lowercase()), "{term} not in {text}");
}

#[test]
fn topics_chart_both_leaders_per_theme_and_a_bar_opens_compare_on_that_speaker_and_theme() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().push(Command::ShowView(View::Topics));
    harness.run_steps(2);
    harness.state_mut().wait_for_topics();
    settle(&mut harness);
    let themes = harness.state().themes.themes.len();
    assert!(themes > 0);
    assert_eq!(
        harness
            .get_all_by_label_contains("Vladimir Putin on ")
            .count(),
        themes
    );
    assert_eq!(
        harness
            .get_all_by_label_contains("Alexander Lukashenko on ")
            .count(),
        themes
    );
    let first_theme = harness.state().themes.themes[0].clone();
    harness
        .get_by_label_contains(&format!("Vladimir Putin on {}:", first_theme.name))
        .click();
    harness.run_steps(2);
    harness.state_mut().wait_for_analysis();
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.settings.view, View::Compare);
    assert_eq!(app.chosen_filter.themes, vec![first_theme.id]);
    let putin = key_of(app, "Vladimir Putin");
    assert_eq!(app.chosen_filter.speakers, vec![putin.clone()]);
    assert_eq!(app.filter().speakers, vec![putin]);
    // Every excerpt Compare shows is now Putin's; the speaker is a removable chip.
    let matches = app.matches().expect("matches for the filter");
    assert!(!matches.hits.is_empty());
    assert!(
        matches
            .hits
            .iter()
            .all(|h| h.speaker_key(&app.library) == app.chosen_filter.speakers[0].as_str())
    );
    harness.get_by_label("speaker: Vladimir Putin ×").click();
    settle(&mut harness);
    assert!(harness.state().chosen_filter.speakers.is_empty());
    assert!(
        harness
            .query_by_label("speaker: Vladimir Putin ×")
            .is_none()
    );
}

#[test]
fn a_theme_added_in_the_editor_is_used_and_remembered() {
    let mut harness = harness_with(None, vec![seed()]);
    let before = harness.state().themes.themes.len();
    let themes = harness.state().themes.as_ref().clone();
    harness.state_mut().theme_editor.open_on(&themes);
    // The editor counts each theme's sentences on the worker (a spinner until then): wait for
    // it rather than count frames, which a loaded machine outruns.
    settle(&mut harness);
    harness.get_by_label("Add a theme").click();
    settle(&mut harness);
    harness.get_by_label("Apply").click();
    settle(&mut harness);
    assert_eq!(harness.state().themes.themes.len(), before + 1);
    let saved = harness.state().settings_json();
    let again = harness_with(Some(&saved), vec![seed()]);
    assert_eq!(again.state().themes.themes.len(), before + 1);
    assert_eq!(
        again.state().themes.themes[before].name,
        format!("New theme {}", before + 1)
    );
}

#[test]
fn ctrl_e_in_compare_writes_every_shown_excerpt_to_the_typed_path() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("belarus.json");
    let mut harness = compare_belarus_exporting_to(&target);
    settle(&mut harness);
    // The button names how many excerpts Ctrl+E writes (none ticked: all shown).
    let shown: usize = harness
        .get_all_by_label_contains("Export ")
        .filter_map(|node| {
            node.accesskit_node()
                .label()
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .next()
        .expect("the export button with a count");
    assert!(shown > 1, "{shown}");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    let written = std::fs::read_to_string(&target).expect("Ctrl+E wrote the export");
    let parsed: serde_json::Value = serde_json::from_str(&written).expect("the .json is JSON");
    assert!(written.contains("Belarus"), "{written}");
    assert!(
        harness
            .state()
            .notices
            .iter()
            .any(|n| n.text.starts_with(&format!("Exported {shown} excerpts"))),
        "{parsed}"
    );
}

#[test]
fn ticked_compare_excerpts_export_to_the_chosen_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("belarus.csv");
    let mut harness = compare_belarus_exporting_to(&target);
    harness
        .get_all_by_label("export")
        .next()
        .expect("a tick box per excerpt")
        .click();
    settle(&mut harness);
    harness.get_by_label("Export 1 excerpts to:");
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    let written = std::fs::read_to_string(&target).expect("the export was written");
    assert!(written.contains("Belarus"), "{written}");
    assert!(written.contains("Vladimir Putin") || written.contains("Alexander Lukashenko"));
    assert_eq!(
        written.lines().filter(|l| l.contains("Belarus")).count(),
        1,
        "{written}"
    );
    assert!(
        harness
            .state()
            .notices
            .iter()
            .any(|n| n.text.starts_with("Exported 1 excerpts"))
    );
}

#[test]
fn the_reader_steps_through_the_turns_that_match_the_query() {
    let mut harness = harness_with(None, vec![seed()]);
    harness.state_mut().chosen_filter.query = "nuclear".to_owned();
    harness.state_mut().push(Command::ShowView(View::Reader));
    harness.state_mut().wait_for_analysis();
    settle(&mut harness);
    let transcript = harness.state().library.transcripts()[0].clone();
    let matching: Vec<usize> = transcript
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| t.text.to_lowercase().contains("nuclear"))
        .map(|(i, _)| i)
        .collect();
    assert!(matching.len() >= 2, "{matching:?}");
    harness.get_by_label("Next match").click();
    settle(&mut harness);
    assert_eq!(harness.state().reader.selected_turn, Some(matching[0]));
    harness.get_by_label("Next match").click();
    settle(&mut harness);
    assert_eq!(harness.state().reader.selected_turn, Some(matching[1]));
    assert!(harness.state().reader.drawn_turns.contains(&matching[1]));
    harness.get_by_label("Previous match").click();
    settle(&mut harness);
    assert_eq!(harness.state().reader.selected_turn, Some(matching[0]));
}

#[test]
fn an_export_to_an_existing_file_asks_before_replacing_it() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("belarus.csv");
    std::fs::write(&target, "an earlier export\n").expect("the earlier file");
    let mut harness = compare_belarus_exporting_to(&target);
    settle(&mut harness);
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    assert_eq!(
        std::fs::read_to_string(&target).expect("the earlier file"),
        "an earlier export\n",
        "nothing is replaced before the user says so"
    );
    harness.get_by_label_contains("belarus.csv exists. Replace it with");
    // Cancel keeps the file as it was.
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    assert!(harness.state().pending_overwrite.is_none());
    assert_eq!(
        std::fs::read_to_string(&target).expect("the earlier file"),
        "an earlier export\n"
    );
    // Asked again (Ctrl+E this time), Replace writes the export.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    // One CSV row per excerpt of the columns, column by column, in the order shown.
    let figures = harness
        .state()
        .compare_figures()
        .expect("compare's figures");
    let expected = column_excerpts(&figures, &harness.state().library);
    assert!(expected.len() > 1);
    let mut reader = csv::Reader::from_path(&target).expect("the export is CSV");
    let headers = reader.headers().expect("a header row").clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (speaker, text) = (column("speaker"), column("text"));
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV row");
            (r[speaker].to_string(), r[text].to_string())
        })
        .collect();
    assert_eq!(rows, expected);
}

/// Runs frames until the filter's matches (and Compare's figures) are in and drawn.
/// The excerpts Compare's column headers announce ("1,234 excerpts · …"), summed.
fn compare_excerpts(harness: &Harness<'static, CrosstalkApp>) -> usize {
    harness
        .get_all_by_label_contains(" excerpts · ")
        .filter_map(|node| {
            let text = node
                .accesskit_node()
                .value()
                .or_else(|| node.accesskit_node().label())?;
            text.split_whitespace()
                .next()?
                .replace(',', "")
                .parse::<usize>()
                .ok()
        })
        .sum()
}

/// Opens the filter bar's drop-down labelled `caption` and picks `option` in it.
fn pick(harness: &mut Harness<'static, CrosstalkApp>, caption: &str, option: &str) {
    harness.get_by_label(caption).click();
    settle(harness);
    harness.get_by_label(option).click();
    settle(harness);
}

/// The sentences of `columns` that `filter` matches, counted by the core directly.
fn expected_excerpts(app: &CrosstalkApp, filter: &Filter, columns: &[String]) -> usize {
    let index = crosstalk::analysis::Index::build(&app.library);
    let mut filter = filter.clone();
    filter.speakers = columns.to_vec();
    filter
        .evaluate(&app.library, &index, &app.themes)
        .expect("the filter evaluates")
        .hits
        .len()
}

/// The seed and the first 2020 debate (undated, no sections), comparing Putin and Trump on
/// "the OR we".
fn putin_and_trump_in_compare() -> (Harness<'static, CrosstalkApp>, PathBuf) {
    let debate =
        PathBuf::from(CORPORA).join("rev-2020/us_election_2020_1st_presidential_debate.txt");
    let mut harness = harness_with(None, vec![seed(), debate.clone()]);
    let app = harness.state();
    let putin = key_of(app, "Vladimir Putin");
    let trump = app
        .library
        .speakers()
        .iter()
        .find(|s| s.name.contains("Trump"))
        .map(|s| s.key.clone())
        .expect("Trump speaks in the debate");
    harness.state_mut().compare.columns = vec![putin, trump];
    harness.state_mut().chosen_filter.query = "the OR we".to_owned();
    harness.state_mut().push(Command::ShowView(View::Compare));
    settle(&mut harness);
    (harness, debate)
}

#[test]
fn section_role_transcript_and_date_chips_narrow_compare_and_removing_them_restores_it() {
    let (mut harness, _) = putin_and_trump_in_compare();
    let columns = harness.state().compare.columns.clone();
    let everything = compare_excerpts(&harness);
    assert!(everything > 0);
    assert_eq!(
        everything,
        expected_excerpts(harness.state(), &harness.state().chosen_filter, &columns)
    );
    let seed_index = transcript_index(harness.state(), &seed());
    let seed_transcript = harness.state().library.transcripts()[seed_index].clone();
    let section = seed_transcript.sections[1].title.clone();
    let seed_option = format!(
        "{} · {}",
        seed_transcript.date.expect("the seed is dated"),
        crosstalk::ui::reader::short_title(&seed_transcript.title, 70)
    );
    let chips: [(&str, &str, String); 3] = [
        (
            "Section:",
            section.as_str(),
            format!("section: {section} ×"),
        ),
        ("Role:", "reporter", "role: reporter ×".to_owned()),
        ("Transcript:", seed_option.as_str(), String::new()),
    ];
    for (caption, option, chip) in chips {
        pick(&mut harness, caption, option);
        let app = harness.state();
        let narrowed = compare_excerpts(&harness);
        assert!(
            narrowed < everything,
            "{caption} {option}: {narrowed} of {everything}"
        );
        assert_eq!(
            narrowed,
            expected_excerpts(app, &app.chosen_filter, &columns),
            "{caption} {option}"
        );
        // The timelines and the reader answer the same filter: every ticked turn is a match.
        for (t, turns) in app.hits().turns.iter().enumerate() {
            for &turn in turns {
                let matches = app.matches().expect("matches");
                assert!(
                    matches
                        .hits
                        .iter()
                        .any(|h| h.transcript == t && h.turn == turn)
                );
            }
        }
        let chip = if chip.is_empty() {
            harness
                .get_all_by_label_contains("transcript: ")
                .next()
                .expect("a transcript chip")
                .accesskit_node()
                .label()
                .expect("a chip label")
        } else {
            chip
        };
        harness.get_by_label(&chip).click();
        settle(&mut harness);
        assert_eq!(compare_excerpts(&harness), everything, "{chip} removed");
        assert_eq!(harness.state().chosen_filter, Filter::query("the OR we"));
    }
    // A date range typed into From: keeps the dated seed and drops the undated debate.
    let from = harness.get_by_label("From:");
    from.focus();
    from.type_text("2021");
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    let app = harness.state();
    let dates = app.chosen_filter.dates.expect("a date range");
    assert_eq!(
        dates.from.map(|d| d.to_string()).as_deref(),
        Some("2021-01-01")
    );
    let narrowed = compare_excerpts(&harness);
    assert!(
        narrowed < everything && narrowed > 0,
        "{narrowed} of {everything}"
    );
    assert_eq!(
        narrowed,
        expected_excerpts(app, &app.chosen_filter, &columns)
    );
    harness.get_by_label("dates: 2021-01-01 – … ×").click();
    settle(&mut harness);
    assert_eq!(compare_excerpts(&harness), everything);
}

#[test]
fn the_chosen_filter_survives_a_restart_with_transcripts_named_by_path() {
    let (mut harness, debate) = putin_and_trump_in_compare();
    let app = harness.state();
    let debate_index = transcript_index(app, &debate);
    let putin = key_of(app, "Vladimir Putin");
    let filter = Filter {
        query: "the OR we".to_owned(),
        themes: vec![app.themes.themes[0].id.clone()],
        speakers: vec![putin],
        transcripts: vec![debate_index],
        sections: vec!["Ukraine Conflict".to_owned()],
        roles: vec![crosstalk::Role::Person],
        dates: Some(crosstalk::analysis::DateRange {
            from: "2020-01-01".parse().ok(),
            to: None,
        }),
    };
    harness.state_mut().push(Command::SetFilter(filter.clone()));
    settle(&mut harness);
    let saved = harness.state().settings_json();
    let saved_filter = |json: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(json).expect("settings are JSON")["filter"]
            .clone()
    };
    assert_eq!(
        saved_filter(&saved)["transcripts"],
        serde_json::json!([debate.display().to_string()]),
        "{saved}"
    );

    // The debate opened first this time: its index changed, the restriction follows the path.
    let again = harness_with(Some(&saved), vec![debate.clone(), seed()]);
    let moved = transcript_index(again.state(), &debate);
    let mut expected = filter.clone();
    expected.transcripts = vec![moved];
    assert_eq!(again.state().chosen_filter, expected);
    again.get_by_label("section: Ukraine Conflict ×");
    again.get_by_label("role: person ×");

    // Without the debate open, its restriction waits as a chip and can be dropped.
    let mut without = harness_with(Some(&saved), vec![seed()]);
    assert!(without.state().chosen_filter.transcripts.is_empty());
    assert_eq!(without.state().saved_transcripts, vec![debate.clone()]);
    without
        .get_by_label("transcript: us_election_2020_1st_presidential_debate.txt (not open) ×")
        .click();
    without.run();
    assert!(without.state().saved_transcripts.is_empty());
    assert_eq!(
        saved_filter(&without.state().settings_json())["transcripts"],
        serde_json::json!([])
    );
}

/// The text the last frame put on the clipboard, if any.
fn copied_text(harness: &Harness<'static, CrosstalkApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

#[test]
fn copy_puts_the_excerpts_with_their_citations_on_the_clipboard() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut harness = compare_belarus_exporting_to(&folder.path().join("unused.md"));
    settle(&mut harness);
    let title = harness.state().library.transcripts()[0].title.clone();
    let citation = format!("\"{title}\", 2025-03-13");
    // One ticked excerpt: Copy puts it, with its citation, on the clipboard in this frame.
    harness
        .get_all_by_label("export")
        .next()
        .expect("a tick box per excerpt")
        .click();
    settle(&mut harness);
    harness.get_by_label("Copy").click();
    harness.step();
    let copied = copied_text(&harness).expect("Copy put text on the clipboard");
    assert_eq!(copied.matches(&citation).count(), 1, "{copied}");
    assert!(copied.contains("Belarus"), "{copied}");
    assert!(
        copied.starts_with("Query: Belarus\n\nVladimir Putin, ")
            || copied.starts_with("Query: Belarus\n\nAlexander Lukashenko, "),
        "{copied}"
    );
    settle(&mut harness);
    assert!(
        harness
            .state()
            .notices
            .iter()
            .any(|n| n.text.starts_with("Copied 1 excerpts"))
    );
    // Nothing ticked, Ctrl+Shift+C copies every excerpt of the columns.
    harness.state_mut().compare.ticked.clear();
    settle(&mut harness);
    let shown = compare_excerpts(&harness);
    let shortcut = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    // The key press alone, so that its frame is the last one stepped.
    for pressed in [true, false] {
        harness.event(egui::Event::Key {
            key: egui::Key::C,
            pressed,
            modifiers: shortcut,
            repeat: false,
            physical_key: None,
        });
        if pressed {
            harness.step();
        }
    }
    let copied = copied_text(&harness).expect("Ctrl+Shift+C put text on the clipboard");
    settle(&mut harness);
    assert!(shown > 1);
    assert_eq!(copied.matches(&citation).count(), shown, "{copied}");
}

#[test]
fn a_rendered_file_from_a_view_also_asks_before_replacing() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("topics.csv");
    std::fs::write(&target, "old").expect("the earlier file");
    let mut harness = harness_with(None, vec![seed()]);
    let save = |replace_confirmed| Command::SaveFile {
        path: target.clone(),
        bytes: b"speaker,theme\n".to_vec(),
        what: "the topics table".to_owned(),
        replace_confirmed,
    };
    harness.state_mut().push(save(false));
    settle(&mut harness);
    harness.get_by_label_contains("topics.csv exists. Replace it with the topics table?");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    assert_eq!(std::fs::read_to_string(&target).expect("the file"), "old");
    // Chosen in the native save dialog, which asked already: written at once.
    harness.state_mut().push(save(true));
    settle(&mut harness);
    harness.state_mut().wait_for_exports();
    assert_eq!(
        std::fs::read_to_string(&target).expect("the file"),
        "speaker,theme\n"
    );
    assert!(
        harness
            .state()
            .notices
            .iter()
            .any(|n| n.text.starts_with("Exported the topics table to "))
    );
}

#[test]
fn the_filter_speakers_are_compare_columns_and_transcript_chips_narrow_the_timelines() {
    let (mut harness, debate) = putin_and_trump_in_compare();
    let putin = key_of(harness.state(), "Vladimir Putin");
    // A filter naming a speaker makes that speaker Compare's only column.
    let filter = Filter {
        speakers: vec![putin.clone()],
        ..Filter::query("the OR we")
    };
    harness.state_mut().push(Command::SetFilter(filter));
    settle(&mut harness);
    let figures = harness.state().compare_figures().expect("figures");
    let keys: Vec<&str> = figures.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, vec![putin.as_str()]);
    // Adding a column adds the speaker to the filter (the library panel, which names the
    // speakers too, closed).
    harness.state_mut().settings.library_panel_open = false;
    settle(&mut harness);
    harness.get_by_label("Add column:").click();
    settle(&mut harness);
    harness.get_by_label("Alexander Lukashenko").click();
    settle(&mut harness);
    let lukashenko = key_of(harness.state(), "Alexander Lukashenko");
    assert_eq!(
        harness.state().chosen_filter.speakers,
        vec![putin, lukashenko]
    );
    assert_eq!(
        harness
            .state()
            .compare_figures()
            .expect("figures")
            .columns
            .len(),
        2
    );
    // The timelines show only the transcripts the filter allows.
    harness.state_mut().push(Command::ShowView(View::Timelines));
    settle(&mut harness);
    assert_eq!(harness.state().timelines.drawn_lanes.len(), 2);
    let debate_index = transcript_index(harness.state(), &debate);
    let mut only_debate = harness.state().chosen_filter.clone();
    only_debate.transcripts = vec![debate_index];
    harness.state_mut().push(Command::SetFilter(only_debate));
    settle(&mut harness);
    let lanes = &harness.state().timelines.drawn_lanes;
    assert_eq!(lanes.len(), 1, "{lanes:?}");
    assert!(
        lanes[0].1.iter().any(|name| name.contains("Trump")),
        "{lanes:?}"
    );
}

#[test]
fn an_unticked_transcript_leaves_compare_even_without_a_query() {
    let (mut harness, debate) = putin_and_trump_in_compare();
    harness.state_mut().chosen_filter = Filter::default();
    settle(&mut harness);
    let everything = compare_excerpts(&harness);
    let debate_index = transcript_index(harness.state(), &debate);
    harness
        .state_mut()
        .push(Command::SetActive(debate_index, false));
    settle(&mut harness);
    let figures = harness.state().compare_figures().expect("figures");
    assert!(
        figures
            .matches
            .hits
            .iter()
            .all(|h| h.transcript != debate_index)
    );
    let left = compare_excerpts(&harness);
    assert!(left > 0 && left < everything, "{left} of {everything}");
}

#[test]
fn library_rows_show_their_tooltips_when_hovered_and_only_then() {
    let mut harness = harness_with(None, vec![seed()]);
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    let transcript = Arc::clone(&harness.state().library.transcripts()[0]);
    let close = format!("Close {}", transcript.title);
    let path = transcript.source_path.display().to_string();
    // Not hovered: the button's label only, no tooltip.
    assert_eq!(harness.get_all_by_label(&close).count(), 1);
    assert_eq!(harness.query_all_by_label_contains(&path).count(), 0);
    harness.get_by_label(&close).hover();
    harness.run_steps(3);
    assert_eq!(
        harness.get_all_by_label(&close).count(),
        2,
        "the close button's tooltip shows when it is hovered"
    );
    // The tick box (labelled with the title, cut at 34 characters) has the file in its tooltip.
    let short: String = transcript.title.chars().take(34).collect();
    let ellipsis = if short.len() < transcript.title.len() {
        "…"
    } else {
        ""
    };
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::CheckBox,
            &format!("{short}{ellipsis}"),
        )
        .hover();
    harness.run_steps(3);
    assert_eq!(harness.get_all_by_label_contains(&path).count(), 1);
    assert_eq!(
        harness.get_all_by_label(&close).count(),
        1,
        "one tooltip at a time"
    );
}
