//! Helpers shared by the egui_kittest tests of the desktop app: the real transcripts they open,
//! a harness drawing the app in a 1400×900 window, and waiting for the analysis worker.
// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use crosstalk::Library;
use crosstalk::ui::CrosstalkApp;
use crosstalk::ui::compare::CompareFigures;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

/// The real transcripts of `../shared/corpora`.
pub const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

/// The product's original sample: the Putin–Lukashenko news conference.
pub fn seed() -> PathBuf {
    PathBuf::from(CORPORA).join("seed/putin-lukashenko-2025-03-13.txt")
}

/// The app with its files loaded, drawn in a 1400×900 window and settled.
pub fn harness_of(app: CrosstalkApp) -> Harness<'static, CrosstalkApp> {
    harness_sized(app, 900.0, 24)
}

/// The app with its files loaded, drawn in a window 1400 points wide and `height` tall (at most
/// `max_steps` steps per run) and settled.
pub fn harness_sized(
    mut app: CrosstalkApp,
    height: f32,
    max_steps: u64,
) -> Harness<'static, CrosstalkApp> {
    app.wait_until_loaded();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, height))
        .with_max_steps(max_steps)
        .build_ui_state(|ui, app: &mut CrosstalkApp| app.show(ui), app);
    settle(&mut harness);
    harness
}

/// Lets a click's commands reach the app and the worker's answers come in, then draws until
/// the UI settles: waiting on the worker rather than counting frames, which a loaded machine
/// outruns (the harness's frames take no time, the worker's answers do).
pub fn settle(harness: &mut Harness<'static, CrosstalkApp>) {
    for _ in 0..8 {
        harness.run_steps(2);
        harness.state_mut().wait_until_idle();
        if harness.try_run().is_ok() {
            return;
        }
    }
    harness.run();
}

/// The key of the library speaker with this display name.
pub fn key_of(app: &CrosstalkApp, name: &str) -> String {
    app.library
        .speakers()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.key.clone())
        .unwrap_or_else(|| panic!("no speaker named {name}"))
}

/// The index of the open transcript loaded from `path`.
pub fn transcript_index(app: &CrosstalkApp, path: &Path) -> usize {
    app.library
        .transcripts()
        .iter()
        .position(|t| t.source_path == path)
        .unwrap_or_else(|| panic!("{} is not open", path.display()))
}

/// Moves the pointer to `pos` and presses and releases the primary button there, a frame each.
pub fn press_at(harness: &mut Harness<'static, CrosstalkApp>, pos: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(pos));
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
}

/// Compare's excerpts as (column name, sentence), column by column in the order shown, read
/// straight from the figures and the transcripts: what an export of the columns must hold.
pub fn column_excerpts(figures: &CompareFigures, library: &Library) -> Vec<(String, String)> {
    figures
        .columns
        .iter()
        .flat_map(|c| c.hits.iter().map(move |&h| (c.name.clone(), h)))
        .map(|(name, h)| {
            let hit = &figures.matches.hits[h];
            let turn = &library.transcripts()[hit.transcript].turns[hit.turn];
            (name, turn.text[hit.sentence.clone()].to_string())
        })
        .collect()
}
