//! The theme editor: list, add, rename and delete themes, edit their terms, phrases and stems
//! with live per-entry match counts (cached per library revision, filter and theme), and import
//! or export the theme set as JSON.

use crate::analysis::themes::EntryCount;
use crate::analysis::{Filter, Index, Theme, ThemeSet};
use crate::library::Library;
use crate::storage::{Overwrite, write_atomic};
use crate::ui::actions::ViewAction;
use std::path::Path;

/// State of the theme editor.
#[derive(Debug, Default)]
pub struct ThemeEditor {
    /// The selected theme (index into the set).
    pub selected: usize,
    /// Text of the entry being added.
    pub new_entry: String,
    /// Path typed for import/export when no file dialog is available.
    pub path: String,
    counts: Option<(u64, Filter, Theme, Vec<EntryCount>)>,
}

/// Adds a theme with a fresh id (`theme`, `theme-2`, ...) and returns its index.
pub fn add_theme(themes: &mut ThemeSet) -> usize {
    let mut n = 1;
    let id = loop {
        let id = if n == 1 {
            "theme".to_string()
        } else {
            format!("theme-{n}")
        };
        if themes.get(&id).is_none() {
            break id;
        }
        n += 1;
    };
    themes.themes.push(Theme {
        name: format!("New theme {n}"),
        id,
        terms: Vec::new(),
        phrases: Vec::new(),
        stems: Vec::new(),
    });
    themes.themes.len() - 1
}

/// Adds an entry to a theme: several words become a phrase, a leading `~` a stem, else a term.
/// Returns false when it is blank or already there.
pub fn add_entry(theme: &mut Theme, entry: &str) -> bool {
    let entry = entry.trim();
    let (list, value) = if let Some(stem) = entry.strip_prefix('~') {
        (&mut theme.stems, stem.trim().to_lowercase())
    } else if entry.split_whitespace().count() > 1 {
        (&mut theme.phrases, entry.to_lowercase())
    } else {
        (&mut theme.terms, entry.to_lowercase())
    };
    if value.is_empty() || list.contains(&value) {
        return false;
    }
    list.push(value);
    true
}

impl ThemeEditor {
    /// Per-entry counts of the selected theme within `filter`, recomputed only when the
    /// library, the filter or the theme changed.
    pub fn entry_counts(
        &mut self,
        library: &Library,
        index: &Index,
        filter: &Filter,
        theme: &Theme,
    ) -> &[EntryCount] {
        let stale = self
            .counts
            .as_ref()
            .is_none_or(|(rev, f, t, _)| *rev != library.revision() || f != filter || t != theme);
        if stale {
            let counts = theme.entry_counts(library, index, filter);
            self.counts = Some((library.revision(), filter.clone(), theme.clone(), counts));
        }
        self.counts
            .as_ref()
            .map_or(&[], |(_, _, _, c)| c.as_slice())
    }

    /// Draws the editor; edits `themes` in place and reports [`ViewAction::ThemesChanged`].
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        themes: &mut ThemeSet,
        library: &Library,
        index: &Index,
        filter: &Filter,
        actions: &mut Vec<ViewAction>,
    ) {
        let mut changed = false;
        ui.horizontal(|ui| {
            if ui.button("Add theme").clicked() {
                self.selected = add_theme(themes);
                changed = true;
            }
            if ui
                .add_enabled(!themes.themes.is_empty(), egui::Button::new("Delete theme"))
                .on_hover_text("Delete the selected theme")
                .clicked()
                && self.selected < themes.themes.len()
            {
                themes.themes.remove(self.selected);
                self.selected = self.selected.saturating_sub(1);
                changed = true;
            }
            ui.separator();
            self.file_controls(ui, themes, actions, &mut changed);
        });
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            ui.label("Themes:");
            for (i, theme) in themes.themes.iter().enumerate() {
                ui.selectable_value(&mut self.selected, i, &theme.name)
                    .on_hover_text(format!("theme:{}", theme.id));
            }
        });
        ui.separator();
        let Some(theme) = themes.themes.get_mut(self.selected) else {
            ui.label("No theme selected. Add one.");
            if changed {
                actions.push(ViewAction::ThemesChanged);
            }
            return;
        };
        egui::Grid::new("theme-editor-fields").show(ui, |ui| {
            let label = ui.label("Name");
            changed |= ui
                .text_edit_singleline(&mut theme.name)
                .labelled_by(label.id)
                .changed();
            ui.end_row();
            let label = ui.label("Id (in queries: theme:id)");
            let mut id = theme.id.clone();
            if ui
                .text_edit_singleline(&mut id)
                .labelled_by(label.id)
                .changed()
            {
                let id = id.trim().to_lowercase();
                if !id.is_empty() && !id.contains(char::is_whitespace) {
                    theme.id = id;
                    changed = true;
                }
            }
            ui.end_row();
        });
        ui.horizontal(|ui| {
            let label = ui.label("Add entry:");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.new_entry)
                        .hint_text("word, word*, two words, ~stem"),
                )
                .labelled_by(label.id);
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add").clicked() || enter) && add_entry(theme, &self.new_entry) {
                self.new_entry.clear();
                changed = true;
            }
        });
        let snapshot = theme.clone();
        let counts = self
            .entry_counts(library, index, filter, &snapshot)
            .to_vec();
        let mut remove: Option<(crate::analysis::themes::EntryKind, String)> = None;
        egui::ScrollArea::vertical()
            .id_salt("theme-entries")
            .show(ui, |ui| {
                egui::Grid::new("theme-editor-entries")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("Entry");
                        ui.strong("Kind");
                        ui.strong("Sentences");
                        ui.end_row();
                        for count in &counts {
                            ui.label(&count.entry);
                            ui.label(format!("{:?}", count.kind).to_lowercase());
                            ui.label(count.sentences.to_string());
                            if ui
                                .small_button("×")
                                .on_hover_text(format!("Remove {}", count.entry))
                                .clicked()
                            {
                                remove = Some((count.kind, count.entry.clone()));
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some((kind, entry)) = remove {
            use crate::analysis::themes::EntryKind;
            let list = match kind {
                EntryKind::Term => &mut theme.terms,
                EntryKind::Phrase => &mut theme.phrases,
                EntryKind::Stem => &mut theme.stems,
            };
            list.retain(|e| *e != entry);
            changed = true;
        }
        if changed {
            actions.push(ViewAction::ThemesChanged);
        }
    }

    fn file_controls(
        &mut self,
        ui: &mut egui::Ui,
        themes: &mut ThemeSet,
        actions: &mut Vec<ViewAction>,
        changed: &mut bool,
    ) {
        if ui.button("Import…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("JSON", &["json"])
                .pick_file()
        {
            *changed |= import(themes, &path, actions);
        }
        if ui.button("Export…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("JSON", &["json"])
                .set_file_name("themes.json")
                .save_file()
        {
            actions.push(export(themes, &path));
        }
        let label = ui.label("Path:");
        ui.add(
            egui::TextEdit::singleline(&mut self.path)
                .hint_text("/path/to/themes.json")
                .desired_width(200.0),
        )
        .labelled_by(label.id)
        .on_hover_text("Theme file for import/export when no file dialog is available");
        let has_path = !self.path.trim().is_empty();
        if ui
            .add_enabled(has_path, egui::Button::new("Import from path"))
            .clicked()
        {
            *changed |= import(themes, Path::new(self.path.trim()), actions);
        }
        if ui
            .add_enabled(has_path, egui::Button::new("Export to path"))
            .clicked()
        {
            actions.push(export(themes, Path::new(self.path.trim())));
        }
    }
}

/// Replaces `themes` with the set in a JSON file; reports failures and leaves the set alone.
pub fn import(themes: &mut ThemeSet, path: &Path, actions: &mut Vec<ViewAction>) -> bool {
    match ThemeSet::load(path) {
        Ok(set) => {
            let count = set.themes.len();
            *themes = set;
            actions.push(ViewAction::Notice {
                error: false,
                message: format!("Imported {count} themes from {}", path.display()),
            });
            true
        }
        Err(error) => {
            actions.push(ViewAction::Notice {
                error: true,
                message: error.to_string(),
            });
            false
        }
    }
}

/// Writes the theme set as JSON, atomically.
pub fn export(themes: &ThemeSet, path: &Path) -> ViewAction {
    let result = serde_json::to_vec_pretty(themes)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            write_atomic(path, &bytes, Overwrite::Replace).map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => ViewAction::Notice {
            error: false,
            message: format!("Themes saved to {}", path.display()),
        },
        Err(message) => ViewAction::Notice {
            error: true,
            message: format!("Could not save themes to {}: {message}", path.display()),
        },
    }
}
