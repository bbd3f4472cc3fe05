//! egui_kittest tests of what survives a restart: the settings file written on save (speaker
//! corrections, view, recent files) read back by a new app, a corrupt settings file kept aside,
//! a recent file deleted from disk listed as missing, Ctrl+Q closing gracefully, and the
//! speaker overrides exported to a file and imported into a fresh app (native dialog's typed
//! path fallback, Replace / Cancel, broken files refused without changing anything).
#![cfg(feature = "gui")]

use crosstalk::overrides_file;
use crosstalk::ui::overrides_transfer::Direction;
use crosstalk::ui::settings::{STORAGE_KEY, View, load_settings_file};
use crosstalk::ui::startup::start_app;
use crosstalk::ui::{Command, CrosstalkApp, Notice, NoticeKind};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod common;
use common::{harness_of, key_of, seed, settle};

/// An app started as the window starts it, from `settings_file`, with no eframe record.
fn start(settings_file: Option<PathBuf>, files: Vec<PathBuf>) -> CrosstalkApp {
    start_app(settings_file, || None, files, Arc::new(|| {}))
}

fn last_notice(app: &CrosstalkApp) -> Notice {
    app.notices
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no notice"))
}

/// eframe's key-value storage, in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// Merges Lukashenko into Putin and renames Putin "President Putin".
fn merge_and_rename(harness: &mut Harness<'static, CrosstalkApp>) {
    let putin = key_of(harness.state(), "Vladimir Putin");
    let lukashenko = key_of(harness.state(), "Alexander Lukashenko");
    let app = harness.state_mut();
    app.push(Command::MergeSpeakers {
        from: lukashenko,
        into: putin.clone(),
    });
    app.push(Command::RenameSpeaker {
        key: putin,
        name: "President Putin".to_owned(),
    });
    settle(harness);
    harness.get_by_label("President Putin lane");
    assert!(
        harness
            .query_by_label("Alexander Lukashenko lane")
            .is_none()
    );
}

fn backups_of(settings: &Path) -> Vec<PathBuf> {
    let folder = settings.parent().unwrap_or_else(|| panic!("no folder"));
    std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("settings.json.bak-")
        })
        .map(|e| e.path())
        .collect()
}

#[test]
fn exported_speaker_overrides_restore_a_merge_and_a_rename_in_a_fresh_app() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = folder.path().join("speakers.json");
    let mut harness = harness_of(start(None, vec![seed()]));
    merge_and_rename(&mut harness);
    let corrections = harness.state().settings.speaker_overrides.clone();
    harness
        .state_mut()
        .push(Command::ExportSpeakerOverrides(Some(file.clone())));
    settle(&mut harness);
    let notice = last_notice(harness.state());
    assert_eq!(notice.kind, NoticeKind::Info, "{notice:?}");
    assert!(
        notice.text.contains("Exported 2 speaker corrections")
            && notice.text.contains("speakers.json"),
        "{notice:?}"
    );
    let written = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(written.contains("\"version\": 1"), "{written}");

    // A fresh app with a settings file of its own, on the same transcript.
    let settings = folder.path().join("config").join("settings.json");
    let mut fresh = harness_of(start(Some(settings.clone()), vec![seed()]));
    fresh.get_by_label("Alexander Lukashenko lane");
    fresh
        .state_mut()
        .push(Command::ImportSpeakerOverrides(Some(file.clone())));
    fresh.run();
    fresh.get_by_label("President Putin lane");
    assert!(fresh.query_by_label("Alexander Lukashenko lane").is_none());
    assert_eq!(fresh.state().settings.speaker_overrides, corrections);
    let notice = last_notice(fresh.state());
    assert_eq!(notice.kind, NoticeKind::Info, "{notice:?}");
    assert!(
        notice.text.contains("Imported 2 speaker corrections from")
            && notice.text.contains("added to yours"),
        "{notice:?}"
    );
    // Saved at once: a crash now loses nothing.
    let (saved, problem) = load_settings_file(&settings);
    assert_eq!(problem, None);
    assert_eq!(
        saved.map(|s| s.speaker_overrides),
        Some(corrections),
        "the imported corrections are in the settings file"
    );
}

#[test]
fn a_broken_overrides_file_gives_an_error_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut harness = harness_of(start(None, vec![seed()]));
    let putin = key_of(harness.state(), "Vladimir Putin");
    harness.state_mut().push(Command::RenameSpeaker {
        key: putin,
        name: "VVP".to_owned(),
    });
    settle(&mut harness);
    let before = harness.state().settings.speaker_overrides.clone();
    let head = format!(
        "\"format\": \"{}\", \"version\": 1",
        overrides_file::FORMAT_NAME
    );
    let cases = [
        (
            "cycle.json",
            format!(
                "{{{head}, \"merges\": {{\"person:alexander lukashenko\": \"person:vladimir putin\", \
                 \"person:vladimir putin\": \"person:alexander lukashenko\"}}}}"
            ),
            "cycle",
        ),
        (
            "future.json",
            format!(
                "{{\"format\": \"{}\", \"version\": 9}}",
                overrides_file::FORMAT_NAME
            ),
            "version 9",
        ),
        (
            "cut.json",
            format!("{{{head}, \"renames\": {{"),
            "not valid JSON",
        ),
        (
            "keys.json",
            format!("{{{head}, \"hidden\": [\"person:vladimir putin\", 42]}}"),
            "\"hidden\"[1] should be a speaker key",
        ),
        (
            "settings.json",
            "{\"version\": 1, \"view\": \"Reader\"}".to_owned(),
            "not a speaker-overrides file",
        ),
    ];
    for (name, text, reason) in cases {
        let path = folder.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        harness
            .state_mut()
            .push(Command::ImportSpeakerOverrides(Some(path)));
        settle(&mut harness);
        let notice = last_notice(harness.state());
        assert_eq!(notice.kind, NoticeKind::Error, "{notice:?}");
        assert!(
            notice.text.contains(name) && notice.text.contains(reason),
            "{name}: {}",
            notice.text
        );
        assert!(notice.text.contains("unchanged"), "{}", notice.text);
        assert_eq!(harness.state().settings.speaker_overrides, before, "{name}");
        harness.get_by_label("VVP lane");
        harness.get_by_label("Alexander Lukashenko lane");
    }
    // A folder and a missing file are refused the same way.
    for path in [
        folder.path().to_path_buf(),
        folder.path().join("missing.json"),
    ] {
        harness
            .state_mut()
            .push(Command::ImportSpeakerOverrides(Some(path)));
        settle(&mut harness);
        assert_eq!(last_notice(harness.state()).kind, NoticeKind::Error);
        assert_eq!(harness.state().settings.speaker_overrides, before);
    }
}

#[test]
fn the_typed_path_exports_asks_before_replacing_and_imports() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = folder.path().join("typed.json");
    let mut harness = harness_of(start(None, vec![seed()]));
    merge_and_rename(&mut harness);
    let export_typed = |harness: &mut Harness<'static, CrosstalkApp>| {
        harness
            .state_mut()
            .overrides_transfer
            .ask_for_path(Direction::Export);
        settle(harness);
        let field = harness.get_by_label("Speaker overrides file:");
        field.focus();
        field.type_text(&file.display().to_string());
        settle(harness);
        harness.get_by_label("Export overrides").click();
        settle(harness);
    };
    export_typed(&mut harness);
    let first = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.contains("President Putin"), "{first}");

    // One more correction, exported to the same file: nothing is replaced before Replace.
    let hidden = key_of(harness.state(), "President Putin");
    harness
        .state_mut()
        .push(Command::SetHidden(hidden.clone(), true));
    settle(&mut harness);
    export_typed(&mut harness);
    assert_eq!(
        harness.state().overrides_transfer.pending_replace(),
        Some(&file)
    );
    harness.get_by_label_contains("Replace it with your 3 speaker corrections");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(harness.state().overrides_transfer.pending_replace(), None);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}")),
        first
    );
    export_typed(&mut harness);
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    let replaced = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(replaced.contains(&hidden), "{replaced}");
    let corrections = harness.state().settings.speaker_overrides.clone();

    // Imported through the typed path into a fresh app.
    let mut fresh = harness_of(start(None, vec![seed()]));
    fresh
        .state_mut()
        .overrides_transfer
        .ask_for_path(Direction::Import);
    fresh.run();
    let field = fresh.get_by_label("Speaker overrides file:");
    field.focus();
    field.type_text(&file.display().to_string());
    fresh.run();
    fresh.get_by_label("Import overrides").click();
    fresh.run();
    assert_eq!(fresh.state().settings.speaker_overrides, corrections);
    assert!(fresh.query_by_label("Speaker overrides file:").is_none());
}

#[test]
fn the_file_menu_entries_fall_back_to_a_typed_path_without_a_dialog() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        // A desktop session: a real dialog would open and wait for someone to answer it.
        eprintln!("a desktop session bus is present; the no-dialog fallback is not checked");
        return;
    }
    let mut harness = harness_of(start(None, vec![seed()]));
    for (entry, confirm) in [
        ("Export speaker overrides…", "Export overrides"),
        ("Import speaker overrides…", "Import overrides"),
    ] {
        harness.get_by_label("File").click();
        settle(&mut harness);
        harness.get_by_label(entry).click();
        settle(&mut harness);
        // The dialog thread finds no portal and says so; the app then asks for a typed path.
        for _ in 0..100 {
            if harness.query_by_label(confirm).is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            settle(&mut harness);
        }
        harness.get_by_label(confirm);
        harness.get_by_label_contains("No file dialog is available");
        harness.get_by_label("Cancel").click();
        settle(&mut harness);
        assert!(harness.query_by_label(confirm).is_none());
    }
}

#[test]
fn corrections_view_and_recent_files_survive_a_restart() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = folder.path().join("config").join("settings.json");
    let transcript = folder.path().join("briefing.txt");
    std::fs::copy(seed(), &transcript).unwrap_or_else(|e| panic!("{e}"));
    let mut harness = harness_of(start(Some(settings.clone()), vec![transcript.clone()]));
    let putin = key_of(harness.state(), "Vladimir Putin");
    harness.state_mut().push(Command::RenameSpeaker {
        key: putin.clone(),
        name: "President Putin".to_owned(),
    });
    harness.state_mut().push(Command::ShowView(View::Compare));
    settle(&mut harness);
    assert!(!settings.exists(), "nothing is written before a save");
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    assert!(settings.exists());

    // A new app built from that settings file (with no transcript given: the bundled sample,
    // the same conference, opens).
    let restarted = harness_of(start(Some(settings.clone()), Vec::new()));
    let app = restarted.state();
    assert_eq!(app.settings.view, View::Compare);
    assert_eq!(app.settings.recent_files, vec![transcript.clone()]);
    assert_eq!(
        app.settings.speaker_overrides.renames.get(&putin),
        Some(&"President Putin".to_owned())
    );
    assert_eq!(key_of(app, "President Putin"), putin);
    assert!(app.notices.iter().all(|n| n.kind != NoticeKind::Error));
    assert!(
        restarted
            .get_all_by_label_contains("President Putin")
            .next()
            .is_some(),
        "the renamed speaker is shown"
    );

    // eframe's record alone (no settings file yet) brings back the same.
    let record = storage.0.get(STORAGE_KEY).cloned();
    assert!(record.is_some());
    let from_record = start_app(None, || record, Vec::new(), Arc::new(|| {}));
    assert_eq!(from_record.settings.view, View::Compare);
    assert_eq!(from_record.settings.recent_files, vec![transcript]);
}

#[test]
fn a_corrupt_settings_file_gives_defaults_a_notice_and_a_backup() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = folder.path().join("settings.json");
    let corrupt = b"{\"view\": \"Compare\", \"recent_files\": [";
    std::fs::write(&settings, corrupt).unwrap_or_else(|e| panic!("{e}"));
    let mut harness = harness_of(start(Some(settings.clone()), vec![seed()]));
    let app = harness.state();
    assert_eq!(app.settings.view, View::Timelines, "defaults");
    let notice = app
        .notices
        .iter()
        .find(|n| n.kind == NoticeKind::Error)
        .unwrap_or_else(|| panic!("an error notice: {:?}", app.notices));
    assert!(
        notice.text.contains("corrupt") && notice.text.contains("kept as"),
        "{notice:?}"
    );
    harness.get_by_label_contains("1 problem");
    let backups = backups_of(&settings);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(notice.text.contains(&backups[0].display().to_string()));
    assert_eq!(
        std::fs::read(&backups[0]).unwrap_or_else(|e| panic!("{e}")),
        corrupt,
        "the corrupt file is kept byte for byte"
    );
    // The next save writes a good file beside the backup.
    eframe::App::save(harness.state_mut(), &mut MemoryStorage::default());
    let (saved, problem) = load_settings_file(&settings);
    assert_eq!(problem, None);
    assert!(saved.is_some_and(|s| s.recent_files.contains(&seed())));
    assert_eq!(backups_of(&settings).len(), 1);
}

#[test]
fn a_recent_file_deleted_from_disk_is_listed_as_missing() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = folder.path().join("settings.json");
    let gone = folder.path().join("gone.txt");
    std::fs::copy(seed(), &gone).unwrap_or_else(|e| panic!("{e}"));
    let mut first = harness_of(start(Some(settings.clone()), vec![gone.clone(), seed()]));
    eframe::App::save(first.state_mut(), &mut MemoryStorage::default());
    std::fs::remove_file(&gone).unwrap_or_else(|e| panic!("{e}"));

    let mut harness = harness_of(start(Some(settings), Vec::new()));
    assert_eq!(
        harness.state().settings.recent_files,
        vec![seed(), gone.clone()],
        "the missing file is not dropped"
    );
    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Recent files").click();
    settle(&mut harness);
    let missing_label = format!("{} (missing)", gone.display());
    let missing = harness.get_by_label(&missing_label);
    assert!(missing.accesskit_node().is_disabled());
    let present_label = seed().display().to_string();
    let present = harness.get_by_label(&present_label);
    assert!(!present.accesskit_node().is_disabled());
}

#[test]
fn ctrl_q_closes_the_window_so_that_the_settings_are_saved() {
    let mut harness = harness_of(start(None, vec![seed()]));
    // One frame with the key press, so that its output holds the command sent in it.
    harness.event(egui::Event::Key {
        key: egui::Key::Q,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    harness.step();
    let closing = harness.output().viewport_output.values().any(|viewport| {
        viewport
            .commands
            .iter()
            .any(|c| matches!(c, egui::ViewportCommand::Close))
    });
    assert!(closing, "Ctrl+Q asks the window to close");
}
