//! File > Export / Import speaker overrides: the native file dialog on its own thread, a typed
//! path when no dialog is available, the Replace / Cancel question before an existing file is
//! replaced, and applying an import (added to the corrections in force, then saved at once).
//! The file format and its validation are in [`crate::overrides_file`].

use super::app::{CrosstalkApp, Notice, NoticeKind};
use super::file_dialog::{DialogAnswer, ask_for_file};
use super::save_row::{ReplaceAnswer, replace_window};
use crate::overrides_file::{self, OverridesFileError};
use crate::storage::{Overwrite, StorageError};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

/// The file name the export dialog proposes.
pub const SUGGESTED_FILE_NAME: &str = "speaker-overrides.json";

/// Export or import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Write the corrections in force to a file.
    Export,
    /// Read corrections from a file and add them to the ones in force.
    Import,
}

impl Direction {
    /// The title of its dialog and window.
    pub fn title(self) -> &'static str {
        match self {
            Direction::Export => "Export speaker overrides",
            Direction::Import => "Import speaker overrides",
        }
    }
}

/// The state of an export or import in progress.
pub struct OverridesTransfer {
    /// The native dialog being shown, and for what.
    dialog: Option<(Direction, Receiver<DialogAnswer>)>,
    /// The typed-path window (no dialog available): for what, and the path typed so far.
    prompt: Option<(Direction, String)>,
    /// An export target that exists, waiting for Replace or Cancel.
    pending_replace: Option<PathBuf>,
    /// Wakes the UI when the dialog answers.
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl OverridesTransfer {
    /// Nothing in progress; `wake` repaints the UI when a dialog answers.
    pub fn new(wake: Arc<dyn Fn() + Send + Sync>) -> OverridesTransfer {
        OverridesTransfer {
            dialog: None,
            prompt: None,
            pending_replace: None,
            wake,
        }
    }

    /// Opens the window where the file's path is typed (what happens when the desktop has no
    /// file dialog).
    pub fn ask_for_path(&mut self, direction: Direction) {
        self.prompt = Some((direction, String::new()));
    }

    /// The export target waiting for Replace or Cancel, if any.
    pub fn pending_replace(&self) -> Option<&PathBuf> {
        self.pending_replace.as_ref()
    }

    /// Whether the native dialog is open (the UI then keeps polling for its answer).
    pub fn is_waiting(&self) -> bool {
        self.dialog.is_some()
    }

    /// Shows the native dialog on its own thread; its answer is taken by [`show`].
    fn open_dialog(&mut self, direction: Direction) {
        if self.dialog.is_some() {
            return;
        }
        let wake = Arc::clone(&self.wake);
        let save = matches!(direction, Direction::Export);
        let suggested = if save { SUGGESTED_FILE_NAME } else { "" };
        let receiver = ask_for_file(
            direction.title(),
            &[
                ("Speaker overrides (JSON)", &["json"]),
                ("All files", &["*"]),
            ],
            suggested,
            None,
            save,
            move || wake(),
        );
        self.dialog = Some((direction, receiver));
    }
}

/// Exports the app's speaker overrides to `path`, asking before an existing file is replaced;
/// with no path, asks for the file (native dialog, else a typed path).
pub fn export(app: &mut CrosstalkApp, path: Option<PathBuf>) {
    match path {
        None => app.overrides_transfer.open_dialog(Direction::Export),
        Some(path) if path.exists() => app.overrides_transfer.pending_replace = Some(path),
        // Refuse still: a file that appears meanwhile is not replaced either.
        Some(path) => write(app, path, Overwrite::Refuse),
    }
}

/// Imports speaker overrides from `path` (with no path, asks for the file): a valid file's
/// corrections are added to the ones in force — the file's win where both rename or merge the
/// same speaker — applied and saved; a file that does not validate changes nothing and gives
/// an error notice naming it and the reason.
pub fn import(app: &mut CrosstalkApp, path: Option<PathBuf>) {
    let Some(path) = path else {
        app.overrides_transfer.open_dialog(Direction::Import);
        return;
    };
    let result = overrides_file::read_file(&path).and_then(|imported| {
        let combined = overrides_file::combine(&app.settings.speaker_overrides, &imported)?;
        Ok((imported, combined))
    });
    let (imported, combined) = match result {
        Ok(both) => both,
        Err(error) => {
            app.notices.push(Notice {
                kind: NoticeKind::Error,
                text: format!(
                    "Could not import speaker overrides from {}: {error}. Your corrections are unchanged.",
                    path.display()
                ),
            });
            return;
        }
    };
    app.settings.speaker_overrides = combined;
    app.library
        .set_overrides(app.settings.speaker_overrides.clone());
    app.notices.push(Notice {
        kind: NoticeKind::Info,
        text: format!(
            "Imported {} speaker corrections from {}, added to yours (the file's rename or merge \
             wins where both change the same speaker).",
            overrides_file::count(&imported),
            path.display()
        ),
    });
    if let Some(settings_file) = &app.settings_file
        && let Err(error) = super::settings::save_settings_file(settings_file, &app.settings)
    {
        app.notices.push(Notice {
            kind: NoticeKind::Error,
            text: format!("The imported corrections are in use but could not be saved: {error}"),
        });
    }
}

/// Writes the overrides; a target that turned out to exist waits for Replace or Cancel.
fn write(app: &mut CrosstalkApp, path: PathBuf, overwrite: Overwrite) {
    let overrides = &app.settings.speaker_overrides;
    let notice = match overrides_file::write_file(&path, overrides, overwrite) {
        Ok(()) => Notice {
            kind: NoticeKind::Info,
            text: format!(
                "Exported {} speaker corrections to {}",
                overrides_file::count(overrides),
                path.display()
            ),
        },
        Err(OverridesFileError::Write(StorageError::AlreadyExists { .. })) => {
            app.overrides_transfer.pending_replace = Some(path);
            return;
        }
        Err(error) => Notice {
            kind: NoticeKind::Error,
            text: format!(
                "Could not export speaker overrides to {}: {error}",
                path.display()
            ),
        },
    };
    app.notices.push(notice);
}

/// Once a frame: takes the native dialog's answer, and shows the typed-path window and the
/// Replace / Cancel question when they are open.
pub fn show(app: &mut CrosstalkApp, ctx: &egui::Context) {
    take_dialog_answer(app);
    typed_path_window(app, ctx);
    replace_question(app, ctx);
    if app.overrides_transfer.is_waiting() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}

fn take_dialog_answer(app: &mut CrosstalkApp) {
    let Some((direction, receiver)) = &app.overrides_transfer.dialog else {
        return;
    };
    let direction = *direction;
    let Ok(answer) = receiver.try_recv() else {
        return;
    };
    app.overrides_transfer.dialog = None;
    match (answer, direction) {
        // The native save dialog has asked about replacing an existing file.
        (DialogAnswer::Picked(path), Direction::Export) => write(app, path, Overwrite::Replace),
        (DialogAnswer::Picked(path), Direction::Import) => import(app, Some(path)),
        (DialogAnswer::Cancelled, _) => {}
        (DialogAnswer::Unavailable, direction) => app.overrides_transfer.ask_for_path(direction),
    }
}

/// The window where the path is typed when no file dialog is available.
fn typed_path_window(app: &mut CrosstalkApp, ctx: &egui::Context) {
    let Some((direction, typed)) = &mut app.overrides_transfer.prompt else {
        return;
    };
    let direction = *direction;
    let (confirm_label, hint) = match direction {
        Direction::Export => (
            "Export overrides",
            "where to write, e.g. ~/speaker-overrides.json",
        ),
        Direction::Import => ("Import overrides", "the file to read"),
    };
    let mut confirmed = false;
    let mut cancelled = false;
    egui::Window::new(direction.title())
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label("No file dialog is available on this desktop; type the file's path.");
            ui.horizontal(|ui| {
                let label = ui.label("Speaker overrides file:");
                let field = egui::TextEdit::singleline(typed)
                    .hint_text(hint)
                    .desired_width(320.0);
                let response = ui.add(field).labelled_by(label.id);
                if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    confirmed = true;
                }
            });
            ui.horizontal(|ui| {
                confirmed |= ui.button(confirm_label).clicked();
                cancelled = ui.button("Cancel").clicked();
            });
        });
    let typed = typed.trim().to_owned();
    if cancelled {
        app.overrides_transfer.prompt = None;
        return;
    }
    if !confirmed || typed.is_empty() {
        return;
    }
    let path = expand_home(&typed);
    app.overrides_transfer.prompt = None;
    match direction {
        Direction::Export => export(app, Some(path)),
        Direction::Import => import(app, Some(path)),
    }
}

/// `~/…` as the home folder, as a shell would read it.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Asks whether to replace the existing file an export was refused for.
fn replace_question(app: &mut CrosstalkApp, ctx: &egui::Context) {
    let Some(path) = &app.overrides_transfer.pending_replace else {
        return;
    };
    let question = format!(
        "{} exists. Replace it with your {} speaker corrections?",
        path.display(),
        overrides_file::count(&app.settings.speaker_overrides)
    );
    let answer = replace_window(ctx, "Replace speaker overrides file?", &question);
    let replace = answer == Some(ReplaceAnswer::Replace);
    let cancel = answer == Some(ReplaceAnswer::Cancel);
    if replace && let Some(path) = app.overrides_transfer.pending_replace.take() {
        write(app, path, Overwrite::Replace);
    } else if cancel {
        app.overrides_transfer.pending_replace = None;
    }
}
