//! The app with more transcripts than fit on screen (copies of the seed transcript): the
//! timelines and the library panel lay out only what is in view, so a frame does not grow with
//! the library, and scrolling brings the rest into view.
#![cfg(feature = "gui")]

use crosstalk::ui::CrosstalkApp;
use crosstalk::ui::loading::Source;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::Arc;

mod common;
use common::{harness_of, settle};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
);

/// How many copies of the seed are opened.
const COPIES: usize = 30;

/// The app with `COPIES` copies of the seed loaded, in a 1400×900 harness.
fn harness_with_copies(folder: &std::path::Path) -> Harness<'static, CrosstalkApp> {
    let text = std::fs::read(SEED).expect("the seed transcript");
    let files: Vec<PathBuf> = (0..COPIES)
        .map(|i| {
            let path = folder.join(format!("copy{i:02}-putin-lukashenko.txt"));
            std::fs::write(&path, &text).expect("write a copy");
            path
        })
        .collect();
    harness_of(CrosstalkApp::new(None, files, Arc::new(|| {})))
}

#[test]
fn timelines_and_library_panel_draw_only_what_is_in_view() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_copies(folder.path());
    let app = harness.state();
    assert_eq!(app.library.transcripts().len(), COPIES);
    let drawn: Vec<usize> = app.timelines.drawn_lanes.iter().map(|(t, _)| *t).collect();
    assert!(
        !drawn.is_empty() && drawn.len() < COPIES,
        "timeline blocks drawn: {drawn:?}"
    );
    assert_eq!(drawn[0], 0, "the first block is at the top");
    assert!(
        app.timelines
            .drawn_bars
            .iter()
            .all(|b| drawn.contains(&b.transcript)),
        "bars only of the blocks drawn"
    );
    // The library panel has a close button per transcript row it draws: not all of them.
    let title = app.library.transcripts()[0].title.clone();
    let close_buttons = harness.get_all_by_label(&format!("Close {title}")).count();
    assert!(
        (1..COPIES).contains(&close_buttons),
        "{close_buttons} transcript rows drawn"
    );

    // Scrolling the timelines down to the end draws the last transcript's block.
    let over_timelines = egui::pos2(900.0, 500.0);
    harness.event(egui::Event::PointerMoved(over_timelines));
    for _ in 0..4 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -10.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        settle(&mut harness);
    }
    let drawn: Vec<usize> = harness
        .state()
        .timelines
        .drawn_lanes
        .iter()
        .map(|(t, _)| *t)
        .collect();
    assert!(
        drawn.contains(&(COPIES - 1)) && !drawn.contains(&0),
        "after scrolling down: {drawn:?}"
    );
    // Each drawn block still has its lanes (Putin and Lukashenko among them).
    harness
        .get_all_by_label("Vladimir Putin lane")
        .next()
        .expect("a Putin lane after scrolling");
}

/// The library panel paints its rows, but each stays a control that a click and a screen
/// reader reach: the tick box named by the short title unticks and ticks its transcript, the
/// details line is a label, and the close button closes its transcript.
#[test]
fn library_panel_rows_tick_and_close_their_transcripts() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_copies(folder.path());
    let title = harness.state().library.transcripts()[0].title.clone();
    let short: String = title.chars().take(34).collect();
    let tick_label = if short.len() < title.len() {
        format!("{short}…")
    } else {
        short
    };

    let click_tick = |harness: &mut Harness<'static, CrosstalkApp>| {
        harness
            .get_all_by_label(&tick_label)
            .next()
            .expect("the first transcript's tick box")
            .click();
        settle(harness);
    };
    click_tick(&mut harness);
    assert!(
        !harness.state().active_transcripts().contains(&0),
        "unticked: the first transcript is no longer active"
    );
    click_tick(&mut harness);
    assert!(harness.state().active_transcripts().contains(&0));

    let words = crosstalk::ui::library_panel::thousands(
        harness.state().library.transcripts()[0].word_count(),
    );
    assert!(
        harness
            .get_all_by_label_contains(&format!("2025-03-13 · bracketed · {words} words"))
            .next()
            .is_some(),
        "each row has its date, format and words as a label"
    );

    harness
        .get_all_by_label(&format!("Close {title}"))
        .next()
        .expect("a close button")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().library.transcripts().len(), COPIES - 1);
}

/// A speaker's painted row opens its corrections when its name is clicked, and closes them
/// when clicked again.
#[test]
fn library_panel_speaker_name_opens_its_corrections() {
    let mut harness = harness_of(CrosstalkApp::new(
        None,
        vec![PathBuf::from(SEED)],
        Arc::new(|| {}),
    ));
    assert!(harness.query_by_label("Rename").is_none());
    harness.get_by_label("Vladimir Putin").click();
    settle(&mut harness);
    harness.get_by_label("Rename");
    harness.get_by_label("Hidden in views");
    harness.get_by_label("Vladimir Putin").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Rename").is_none());
}

/// Opening the same files again replaces them, once each even when a path is given twice;
/// the reader keeps showing its transcript when another one is replaced.
#[test]
fn opening_the_files_again_replaces_them() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_copies(folder.path());
    let paths = |harness: &Harness<'static, CrosstalkApp>| -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = harness
            .state()
            .library
            .transcripts()
            .iter()
            .map(|t| t.source_path.clone())
            .collect();
        paths.sort();
        paths
    };
    let open = |harness: &mut Harness<'static, CrosstalkApp>, sources: Vec<PathBuf>| {
        let sources = sources.into_iter().map(Source::Path).collect();
        harness
            .state_mut()
            .push(crosstalk::ui::Command::Open(sources));
        harness.run_steps(2);
        harness.state_mut().wait_until_loaded();
        settle(harness);
    };
    let before = paths(&harness);
    assert_eq!(before.len(), COPIES);
    let first = before[0].clone();
    let revision = harness.state().library.revision();
    open(
        &mut harness,
        vec![folder.path().to_path_buf(), first.clone(), first.clone()],
    );
    assert_eq!(paths(&harness), before, "each file once");
    assert!(
        harness.state().library.revision() <= revision + 2,
        "the replaced files leave in one rebuild, the new ones join in one"
    );

    let shown = before[COPIES - 1].clone();
    let index = common::transcript_index(harness.state(), &shown);
    harness.state_mut().reader.transcript = Some(index);
    let replaced = harness.state().library.transcripts()[0].source_path.clone();
    assert_ne!(replaced, shown);
    // An excerpt ticked in Compare on the replaced transcript, and one on the shown one.
    harness.state_mut().compare.ticked = [(0, 0, 0..5), (index, 1, 2..9)].into_iter().collect();
    open(&mut harness, vec![replaced]);
    assert_eq!(paths(&harness), before);
    let reader = harness
        .state()
        .reader
        .transcript
        .expect("a transcript shown");
    assert_eq!(
        harness.state().library.transcripts()[reader].source_path,
        shown,
        "the reader shows the same transcript at its new place"
    );
    let ticked: Vec<_> = harness.state().compare.ticked.iter().cloned().collect();
    assert_eq!(
        ticked,
        [(reader, 1, 2..9)],
        "the replaced transcript's tick goes, the other follows its transcript"
    );
}

/// "Close all" closes every transcript in one library rebuild, not one per transcript.
#[test]
fn close_all_closes_every_transcript_in_one_rebuild() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_copies(folder.path());
    let revision = harness.state().library.revision();
    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Close all").click();
    settle(&mut harness);
    let app = harness.state();
    assert!(app.library.transcripts().is_empty());
    assert!(app.library.speakers().is_empty());
    assert_eq!(app.library.revision(), revision + 1, "one rebuild");
    assert!(app.active_transcripts().is_empty());
}
