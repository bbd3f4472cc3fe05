//! The theme editor: a window to rename themes and edit their terms, phrases and stems (with
//! each entry's live match count within the filter, counted on the analysis worker), add and
//! delete themes, go back to the built-in set, and import or export theme sets as JSON (native
//! dialog, or a typed path). Applied and imported sets are validated by the analysis engine's
//! own theme reader and persisted with the settings.

use super::app::{Command, Notice, NoticeKind};
use super::file_dialog::{DialogAnswer, ask_for_file};
use super::save_row::{ReplaceAnswer, replace_inline};
use crate::analysis::themes::{EntryCount, EntryKind};
use crate::analysis::{Theme, ThemeSet};
use crate::storage::{Overwrite, write_json_atomic};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

/// One theme as edited: lists as comma-separated text.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    id: String,
    name: String,
    terms: String,
    phrases: String,
    stems: String,
}

impl Draft {
    fn of(theme: &Theme) -> Draft {
        Draft {
            id: theme.id.clone(),
            name: theme.name.clone(),
            terms: theme.terms.join(", "),
            phrases: theme.phrases.join(", "),
            stems: theme.stems.join(", "),
        }
    }

    fn theme(&self) -> Theme {
        let list = |text: &str| -> Vec<String> {
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Theme {
            id: self.id.trim().to_owned(),
            name: self.name.trim().to_owned(),
            terms: list(&self.terms),
            phrases: list(&self.phrases),
            stems: list(&self.stems),
        }
    }
}

/// Turns edited drafts into a checked theme set (unique one-word ids).
fn checked(drafts: &[Draft]) -> Result<ThemeSet, String> {
    let set = ThemeSet {
        themes: drafts.iter().map(Draft::theme).collect(),
    };
    let json = serde_json::to_string(&set).map_err(|e| e.to_string())?;
    ThemeSet::from_json(&json, "the theme editor").map_err(|e| e.to_string())
}

/// The file type of theme sets.
const THEME_FILES: &[(&str, &[&str])] = &[("Theme sets (JSON)", &["json"])];

/// What a native dialog was opened for.
#[derive(Debug)]
enum FileAction {
    Import,
    Export(ThemeSet),
}

/// State of the theme editor window.
#[derive(Debug, Default)]
pub struct ThemeEditor {
    /// Whether the window is open.
    pub open: bool,
    /// The theme shown for editing (index into the list).
    pub selected: usize,
    /// The theme file typed for Import from path / Export to path.
    pub file: String,
    drafts: Vec<Draft>,
    error: Option<String>,
    confirm: Option<(ThemeSet, PathBuf)>,
    dialog: Option<(Receiver<DialogAnswer>, FileAction)>,
}

/// Reads a theme set from a JSON file with the analysis engine's theme reader; the error names
/// the file and the reason.
pub fn read_theme_file(path: &Path) -> Result<ThemeSet, String> {
    let set = ThemeSet::load(path).map_err(|e| e.to_string())?;
    if set.themes.is_empty() {
        return Err(format!("{}: the file holds no themes", path.display()));
    }
    Ok(set)
}

/// Writes a theme set as JSON, atomically; says how it went.
pub fn write_theme_file(set: &ThemeSet, path: &Path, overwrite: Overwrite) -> Notice {
    match write_json_atomic(path, set, overwrite) {
        Ok(()) => Notice {
            kind: NoticeKind::Info,
            text: format!("Exported {} themes to {}", set.themes.len(), path.display()),
        },
        Err(error) => Notice {
            kind: NoticeKind::Error,
            text: format!("Could not export the themes: {error}"),
        },
    }
}

impl ThemeEditor {
    /// Opens the window on the themes in force.
    pub fn open_on(&mut self, themes: &ThemeSet) {
        self.drafts = themes.themes.iter().map(Draft::of).collect();
        self.selected = self.selected.min(self.drafts.len().saturating_sub(1));
        self.error = None;
        self.open = true;
    }

    /// The theme whose entries the window counts, while it is open.
    pub fn counts_request(&self) -> Option<Theme> {
        if !self.open {
            return None;
        }
        self.drafts.get(self.selected).map(Draft::theme)
    }

    /// Asks for a theme file in the native open dialog; the set is imported when it answers.
    pub fn import_with_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let ctx = ctx.clone();
        let receiver = ask_for_file("Import themes", THEME_FILES, "", None, false, move || {
            ctx.request_repaint()
        });
        self.dialog = Some((receiver, FileAction::Import));
    }

    /// Asks for a file in the native save dialog and exports `set` there.
    pub fn export_with_dialog(&mut self, ctx: &egui::Context, set: ThemeSet) {
        if self.dialog.is_some() {
            return;
        }
        let ctx = ctx.clone();
        let receiver = ask_for_file(
            "Export themes",
            THEME_FILES,
            "themes.json",
            None,
            true,
            move || ctx.request_repaint(),
        );
        self.dialog = Some((receiver, FileAction::Export(set)));
    }

    /// Imports the theme set in `path`: it replaces the themes in force (and the editor's
    /// list); a file the theme reader refuses leaves them as they are, with an error notice.
    pub fn import(&mut self, path: &Path, commands: &mut Vec<Command>) {
        match read_theme_file(path) {
            Ok(set) => {
                commands.push(Command::Notify(Notice {
                    kind: NoticeKind::Info,
                    text: format!(
                        "Imported {} themes from {}",
                        set.themes.len(),
                        path.display()
                    ),
                }));
                self.drafts = set.themes.iter().map(Draft::of).collect();
                self.selected = 0;
                self.error = None;
                commands.push(Command::SetThemes(set));
            }
            Err(reason) => commands.push(Command::Notify(Notice {
                kind: NoticeKind::Error,
                text: format!("Could not import themes: {reason}"),
            })),
        }
    }

    /// Exports `set` to a typed path: an existing file is only replaced after Replace.
    fn export_asking(&mut self, set: ThemeSet, path: PathBuf, commands: &mut Vec<Command>) {
        if path.exists() {
            self.confirm = Some((set, path));
        } else {
            commands.push(Command::Notify(write_theme_file(
                &set,
                &path,
                Overwrite::Refuse,
            )));
        }
    }

    fn take_dialog_answer(&mut self, commands: &mut Vec<Command>) {
        let Some((receiver, _)) = &self.dialog else {
            return;
        };
        let Ok(answer) = receiver.try_recv() else {
            return;
        };
        let Some((_, action)) = self.dialog.take() else {
            return;
        };
        match (answer, action) {
            (DialogAnswer::Picked(path), FileAction::Import) => self.import(&path, commands),
            // The native save dialog has asked about replacing an existing file.
            (DialogAnswer::Picked(path), FileAction::Export(set)) => commands.push(
                Command::Notify(write_theme_file(&set, &path, Overwrite::Replace)),
            ),
            (DialogAnswer::Cancelled, _) => {}
            (DialogAnswer::Unavailable, _) => {
                self.open = true;
                commands.push(Command::Notify(Notice {
                    kind: NoticeKind::Error,
                    text: "No file dialog available on this desktop; type the theme file's path \
                           after “Theme file:” in the theme editor."
                        .to_owned(),
                }));
            }
        }
    }

    /// Draws the window (when open). `themes` are the themes in force (for a window opened by
    /// a dialog answer); `counts` the selected theme's entry counts, when they are in.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        themes: &ThemeSet,
        counts: Option<&[EntryCount]>,
        commands: &mut Vec<Command>,
    ) {
        if self.dialog.is_some() {
            self.take_dialog_answer(commands);
            if self.open && self.drafts.is_empty() {
                self.open_on(themes);
            }
        }
        let mut open = self.open;
        egui::Window::new("Themes")
            .open(&mut open)
            .default_size([720.0, 560.0])
            .show(ctx, |ui| {
                ui.weak("Terms match whole words (a trailing * makes a prefix); phrases match consecutive words; stems match every form (sanction: sanctions, sanctioned). Separate entries with commas.");
                self.toolbar(ui, commands);
                ui.separator();
                ui.horizontal_top(|ui| {
                    self.list(ui);
                    ui.separator();
                    ui.vertical(|ui| self.fields(ui, counts));
                });
            });
        self.open = open;
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Apply")
                .on_hover_text("Use these themes in every view")
                .clicked()
            {
                match checked(&self.drafts) {
                    Ok(set) => {
                        self.error = None;
                        commands.push(Command::SetThemes(set));
                    }
                    Err(error) => self.error = Some(error),
                }
            }
            ui.separator();
            if ui.button("Add a theme").clicked() {
                let n = self.drafts.len() + 1;
                self.drafts.push(Draft {
                    id: format!("theme{n}"),
                    name: format!("New theme {n}"),
                    terms: String::new(),
                    phrases: String::new(),
                    stems: String::new(),
                });
                self.selected = self.drafts.len() - 1;
            }
            if ui
                .add_enabled(
                    !self.drafts.is_empty(),
                    egui::Button::new("Delete this theme"),
                )
                .clicked()
                && self.selected < self.drafts.len()
            {
                self.drafts.remove(self.selected);
                self.selected = self.selected.min(self.drafts.len().saturating_sub(1));
            }
            if ui.button("Back to the built-in themes").clicked() {
                self.drafts = ThemeSet::builtin().themes.iter().map(Draft::of).collect();
                self.selected = 0;
            }
            ui.separator();
            if ui
                .button("Import…")
                .on_hover_text("Replace the themes with a theme set from a JSON file")
                .clicked()
            {
                self.import_with_dialog(ui.ctx());
            }
            if ui
                .button("Export…")
                .on_hover_text("Save the themes listed here as a JSON file")
                .clicked()
            {
                match checked(&self.drafts) {
                    Ok(set) => self.export_with_dialog(ui.ctx(), set),
                    Err(error) => self.error = Some(error),
                }
            }
        });
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            let label = ui.label("Theme file:");
            ui.add(
                egui::TextEdit::singleline(&mut self.file)
                    .hint_text("/path/to/themes.json")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
            let typed = self.file.trim().to_owned();
            if ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Import from path"))
                .clicked()
            {
                self.import(Path::new(&typed), commands);
            }
            if ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Export to path"))
                .clicked()
            {
                match checked(&self.drafts) {
                    Ok(set) => self.export_asking(set, PathBuf::from(&typed), commands),
                    Err(error) => self.error = Some(error),
                }
            }
        });
        if let Some((set, path)) = self.confirm.clone() {
            match replace_inline(ui, &path) {
                Some(ReplaceAnswer::Replace) => {
                    self.confirm = None;
                    commands.push(Command::Notify(write_theme_file(
                        &set,
                        &path,
                        Overwrite::Replace,
                    )));
                }
                Some(ReplaceAnswer::Cancel) => self.confirm = None,
                None => {}
            }
        }
    }

    fn list(&mut self, ui: &mut egui::Ui) {
        ui.vertical(|ui| {
            ui.set_width(190.0);
            egui::ScrollArea::vertical()
                .id_salt("theme_list")
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, draft) in self.drafts.iter().enumerate() {
                        let name = if draft.name.trim().is_empty() {
                            "(unnamed)"
                        } else {
                            draft.name.as_str()
                        };
                        if ui.selectable_label(self.selected == i, name).clicked() {
                            self.selected = i;
                        }
                    }
                });
        });
    }

    fn fields(&mut self, ui: &mut egui::Ui, counts: Option<&[EntryCount]>) {
        let Some(draft) = self.drafts.get_mut(self.selected) else {
            ui.label("No themes. Add one, import a theme file, or go back to the built-in themes.");
            return;
        };
        egui::Grid::new("theme_fields")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, name, value) in [
                    ("Name", "Theme name", &mut draft.name),
                    ("Id (one word)", "Theme id", &mut draft.id),
                    ("Terms", "Theme terms", &mut draft.terms),
                    ("Phrases", "Theme phrases", &mut draft.phrases),
                    ("Stems", "Theme stems", &mut draft.stems),
                ] {
                    ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).desired_width(420.0))
                        .accessible_name(name);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        ui.strong("Matching sentences within the filter, per entry");
        let Some(counts) = counts else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Counting…");
            });
            return;
        };
        if counts.is_empty() {
            ui.weak("This theme has no entries yet.");
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("theme_entry_counts")
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("theme_entry_counts_grid")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        ui.strong("Entry");
                        ui.strong("Kind");
                        ui.strong("Sentences");
                        ui.end_row();
                        for count in counts {
                            ui.label(&count.entry);
                            ui.label(match count.kind {
                                EntryKind::Term => "term",
                                EntryKind::Phrase => "phrase",
                                EntryKind::Stem => "stem",
                            });
                            let said =
                                format!("{} sentences match {}", count.sentences, count.entry);
                            ui.label(count.sentences.to_string())
                                .accessible_name(&said)
                                .on_hover_text(said);
                            ui.end_row();
                        }
                    });
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_and_duplicate_ids_are_refused() {
        let builtin = ThemeSet::builtin();
        let drafts: Vec<Draft> = builtin.themes.iter().map(Draft::of).collect();
        assert_eq!(checked(&drafts), Ok(builtin.clone()));
        let mut twice = drafts.clone();
        twice.push(drafts[0].clone());
        assert!(checked(&twice).is_err_and(|e| e.contains("two themes")));
        let mut spaced = drafts;
        spaced[0].id = "two words".to_owned();
        assert!(checked(&spaced).is_err());
    }
}
