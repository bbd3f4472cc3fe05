//! The theme editor: a window to rename themes and edit their terms, phrases and stems, add
//! and delete themes, or go back to the built-in set. Applied sets are validated by the
//! analysis engine's own reader and persisted with the settings.

use super::app::Command;
use crate::analysis::{Theme, ThemeSet};

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

/// State of the theme editor window.
#[derive(Debug, Default)]
pub struct ThemeEditor {
    /// Whether the window is open.
    pub open: bool,
    drafts: Vec<Draft>,
    error: Option<String>,
}

impl ThemeEditor {
    /// Opens the window on the themes in force.
    pub fn open_on(&mut self, themes: &ThemeSet) {
        self.drafts = themes.themes.iter().map(Draft::of).collect();
        self.error = None;
        self.open = true;
    }

    /// Draws the window (when open).
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let mut open = self.open;
        egui::Window::new("Themes")
            .open(&mut open)
            .default_size([640.0, 520.0])
            .show(ctx, |ui| {
                ui.weak("Terms match whole words (a trailing * makes a prefix); phrases match consecutive words; stems match every form (sanction: sanctions, sanctioned). Separate entries with commas.");
                egui::ScrollArea::vertical().max_height(400.0).show(ui, |ui| {
                    let mut delete = None;
                    for (i, draft) in self.drafts.iter_mut().enumerate() {
                        egui::CollapsingHeader::new(if draft.name.is_empty() { "(unnamed)".to_owned() } else { draft.name.clone() })
                            .id_salt(("theme", i))
                            .show(ui, |ui| {
                                egui::Grid::new(("theme_grid", i)).num_columns(2).show(ui, |ui| {
                                    for (label, value) in [
                                        ("Name", &mut draft.name),
                                        ("Id (one word)", &mut draft.id),
                                        ("Terms", &mut draft.terms),
                                        ("Phrases", &mut draft.phrases),
                                        ("Stems", &mut draft.stems),
                                    ] {
                                        let label = ui.label(label);
                                        ui.add(egui::TextEdit::singleline(value).desired_width(440.0))
                                            .labelled_by(label.id);
                                        ui.end_row();
                                    }
                                });
                                if ui.button("Delete this theme").clicked() {
                                    delete = Some(i);
                                }
                            });
                    }
                    if let Some(i) = delete {
                        self.drafts.remove(i);
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button("Add a theme").clicked() {
                        let n = self.drafts.len() + 1;
                        self.drafts.push(Draft {
                            id: format!("theme{n}"),
                            name: format!("New theme {n}"),
                            terms: String::new(),
                            phrases: String::new(),
                            stems: String::new(),
                        });
                    }
                    if ui.button("Back to the built-in themes").clicked() {
                        self.drafts = ThemeSet::builtin().themes.iter().map(Draft::of).collect();
                    }
                    if ui.button("Apply").clicked() {
                        match checked(&self.drafts) {
                            Ok(set) => {
                                self.error = None;
                                commands.push(Command::SetThemes(set));
                            }
                            Err(error) => self.error = Some(error),
                        }
                    }
                });
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            });
        self.open = open;
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
