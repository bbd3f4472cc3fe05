//! The "save to: [typed path] [Browse…] [Save]" rows of the views that write files:
//! [`SaveRow`] hands the path to the app, which asks before replacing a file (Compare's
//! export), and [`PathRow`] asks Replace/Cancel inline under the row (chart and theme files).
//!
//! Browse… asks in the native save dialog on its own thread. Where there is no dialog (rfd
//! answers at once with nothing when no desktop portal runs), the row says so and the typed
//! path serves instead. The row never writes: it hands back a [`SaveRequest`], and the caller
//! goes through the app, which asks before replacing an existing file.

use super::file_dialog::{DialogAnswer, ask_for_file};
use crate::storage::Overwrite;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

/// Where to save, as the user asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    /// The file to write.
    pub path: PathBuf,
    /// Whether the file was chosen in the native save dialog, which has already asked about
    /// replacing an existing file; a typed path has not been asked about.
    pub chosen_in_dialog: bool,
}

/// The row's state: the typed path, and the save dialog while it is open.
#[derive(Debug, Default)]
pub struct SaveRow {
    /// The path as typed (or as chosen in the dialog).
    pub path: String,
    /// Why Browse… did not work, shown beside the row until the next save.
    pub message: Option<String>,
    dialog: Option<Receiver<DialogAnswer>>,
    focus_path: bool,
}

impl SaveRow {
    /// A row with this path typed in.
    pub fn new(path: impl Into<String>) -> SaveRow {
        SaveRow {
            path: path.into(),
            ..SaveRow::default()
        }
    }

    /// The typed path with `default_extension` added when it has none; `None` when blank.
    pub fn typed_path(&self, default_extension: &str) -> Option<PathBuf> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return None;
        }
        let mut path = PathBuf::from(typed);
        if path.extension().is_none() && !default_extension.is_empty() {
            path.set_extension(default_extension);
        }
        Some(path)
    }

    /// A request to save to the typed path (Save, Enter, or a caller's shortcut).
    pub fn typed_request(&mut self, default_extension: &str) -> Option<SaveRequest> {
        let path = self.typed_path(default_extension)?;
        self.message = None;
        Some(SaveRequest {
            path,
            chosen_in_dialog: false,
        })
    }

    /// Draws `label`, the path field, Browse… and Save; returns a request when the user saves
    /// (Save, Enter in the field, or a file chosen in the dialog).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        default_extension: &str,
    ) -> Option<SaveRequest> {
        let mut request = self.poll_dialog(ui.ctx());
        let caption = ui.label(label);
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text(format!("/path/to/file.{default_extension}"))
                    .desired_width(260.0),
            )
            .labelled_by(caption.id)
            .on_hover_text(format!(
                "The file to write; .{default_extension} is added when the name has no extension"
            ));
        if std::mem::take(&mut self.focus_path) {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let browsing = self.dialog.is_some();
        if ui
            .add_enabled(!browsing, egui::Button::new("Browse…"))
            .on_hover_text("Choose the file in the system's save dialog")
            .clicked()
        {
            self.browse(ui.ctx(), default_extension);
        }
        let typed = !self.path.trim().is_empty();
        let save = ui
            .add_enabled(typed, egui::Button::new("Save"))
            .on_hover_text("Write to the typed path (asks before replacing a file)")
            .clicked();
        if (save || entered) && typed {
            request = self.typed_request(default_extension);
        }
        if browsing {
            ui.spinner();
        }
        if let Some(message) = &self.message {
            ui.colored_label(ui.visuals().warn_fg_color, message);
        }
        request
    }

    fn browse(&mut self, ctx: &egui::Context, default_extension: &str) {
        let typed = self.typed_path(default_extension);
        let name = typed.as_deref().and_then(Path::file_name).map_or_else(
            || format!("crosstalk.{default_extension}"),
            |n| n.to_string_lossy().into_owned(),
        );
        let folder = typed
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| p.is_dir())
            .map(Path::to_path_buf);
        let filter_name = default_extension.to_uppercase();
        let extensions = [default_extension];
        let filters: &[(&str, &[&str])] = if default_extension.is_empty() {
            &[]
        } else {
            &[(filter_name.as_str(), &extensions)]
        };
        let ctx = ctx.clone();
        let receiver = ask_for_file("Save as", filters, &name, folder, true, move || {
            ctx.request_repaint()
        });
        self.dialog = Some(receiver);
        self.message = None;
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) -> Option<SaveRequest> {
        let receiver = self.dialog.as_ref()?;
        match receiver.try_recv() {
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                None
            }
            Err(TryRecvError::Disconnected) => {
                self.dialog = None;
                None
            }
            Ok(answer) => {
                self.dialog = None;
                match answer {
                    DialogAnswer::Cancelled => None,
                    DialogAnswer::Picked(path) => {
                        self.path = path.display().to_string();
                        Some(SaveRequest {
                            path,
                            chosen_in_dialog: true,
                        })
                    }
                    DialogAnswer::Unavailable => {
                        self.message = Some(
                            "No save dialog available on this desktop; type a path and press Save."
                                .to_owned(),
                        );
                        self.focus_path = true;
                        None
                    }
                }
            }
        }
    }
}

/// A typed path with Browse… (native save dialog on its own thread) and Save; Save asks
/// before replacing an existing file.
#[derive(Debug, Default)]
pub struct PathRow {
    /// The path as typed (or picked with Browse…).
    pub path: String,
    confirm: Option<PathBuf>,
    dialog: Option<Receiver<DialogAnswer>>,
}

/// What the user did in a [`PathRow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathRowEvent {
    /// Write to this file (replacing it only with [`Overwrite::Replace`]).
    Save(PathBuf, Overwrite),
    /// Browse… found no file dialog on this desktop.
    NoDialog,
}

impl PathRow {
    /// Draws `label`, the path field, Browse… and Save (`what` names the row's file in the
    /// buttons' accessible names, e.g. "the themes chart").
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        what: &str,
        hint: &str,
        filters: &[(&str, &[&str])],
        suggested: &str,
    ) -> Option<PathRowEvent> {
        let mut event = None;
        if let Some(receiver) = &self.dialog
            && let Ok(answer) = receiver.try_recv()
        {
            self.dialog = None;
            match answer {
                DialogAnswer::Picked(path) => self.path = path.display().to_string(),
                DialogAnswer::Cancelled => {}
                DialogAnswer::Unavailable => event = Some(PathRowEvent::NoDialog),
            }
        }
        ui.horizontal(|ui| {
            ui.label(label);
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text(hint)
                    .desired_width(260.0),
            )
            .accessible_name(format!("File for {what}"));
            let browse = ui
                .add_enabled(self.dialog.is_none(), egui::Button::new("Browse…"))
                .accessible_name(format!("Browse for {what}"));
            if browse.clicked() {
                let ctx = ui.ctx().clone();
                self.dialog = Some(ask_for_file(
                    &format!("Save {what}"),
                    filters,
                    suggested,
                    None,
                    true,
                    move || ctx.request_repaint(),
                ));
            }
            let typed = self.path.trim();
            let save = ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Save"))
                .accessible_name(format!("Save {what}"));
            if save.clicked() {
                let path = PathBuf::from(typed);
                if path.exists() {
                    self.confirm = Some(path);
                } else {
                    event = Some(PathRowEvent::Save(path, Overwrite::Refuse));
                }
            }
        });
        if let Some(path) = self.confirm.clone() {
            match replace_inline(ui, &path) {
                Some(ReplaceAnswer::Replace) => {
                    self.confirm = None;
                    event = Some(PathRowEvent::Save(path, Overwrite::Replace));
                }
                Some(ReplaceAnswer::Cancel) => self.confirm = None,
                None => {}
            }
        }
        event
    }

    /// Whether the row waits for Replace or Cancel.
    pub fn is_asking(&self) -> bool {
        self.confirm.is_some()
    }
}

/// The user's answer to "replace the existing file?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceAnswer {
    /// Replace the file.
    Replace,
    /// Keep the file as it is and drop the write.
    Cancel,
}

fn replace_buttons(ui: &mut egui::Ui) -> Option<ReplaceAnswer> {
    let mut answer = None;
    if ui.button("Replace").clicked() {
        answer = Some(ReplaceAnswer::Replace);
    }
    if ui.button("Cancel").clicked() {
        answer = Some(ReplaceAnswer::Cancel);
    }
    answer
}

/// Asks under a save row whether to replace the existing file at `path` (Replace / Cancel).
pub fn replace_inline(ui: &mut egui::Ui, path: &Path) -> Option<ReplaceAnswer> {
    ui.horizontal(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} exists. Replace it?", path.display()),
        );
        replace_buttons(ui)
    })
    .inner
}

/// Asks in a window in the middle of the screen, titled `title`, the `question` whether to
/// replace an existing file (Replace / Cancel).
pub fn replace_window(ctx: &egui::Context, title: &str, question: &str) -> Option<ReplaceAnswer> {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(question);
            ui.horizontal(replace_buttons).inner
        })
        .and_then(|shown| shown.inner.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_gets_the_default_extension_only_when_it_has_none() {
        let mut row = SaveRow::new("  out/excerpts ");
        assert_eq!(
            row.typed_request("csv"),
            Some(SaveRequest {
                path: PathBuf::from("out/excerpts.csv"),
                chosen_in_dialog: false,
            })
        );
        row.path = "notes.md".to_owned();
        assert_eq!(row.typed_path("csv"), Some(PathBuf::from("notes.md")));
        row.path = "   ".to_owned();
        assert_eq!(row.typed_request("csv"), None);
    }
}
