//! The shared filter bar: one chip per restriction of the [`Filter`] (theme, speaker,
//! transcript, section, role, dates) with a button that removes it, pickers that add a theme or
//! a speaker, and the query field, checked as typed. Every change is a
//! [`ViewAction::SetFilter`].

use crate::analysis::{Filter, ThemeSet};
use crate::library::Library;
use crate::ui::actions::ViewAction;

/// One removable restriction of a filter, as shown on a chip.
#[derive(Debug, Clone, PartialEq)]
pub struct Chip {
    /// What the chip says ("theme: Defense and security").
    pub label: String,
    /// The filter without this restriction.
    pub without: Filter,
}

/// The chips of `filter`, in a fixed order: themes, speakers, transcripts, sections, roles,
/// dates.
pub fn chips(filter: &Filter, library: &Library, themes: &ThemeSet) -> Vec<Chip> {
    let mut chips = Vec::new();
    for (i, id) in filter.themes.iter().enumerate() {
        let mut without = filter.clone();
        without.themes.remove(i);
        let name = themes.get(id).map_or(id.as_str(), |t| t.name.as_str());
        chips.push(Chip {
            label: format!("theme: {name}"),
            without,
        });
    }
    for (i, key) in filter.speakers.iter().enumerate() {
        let mut without = filter.clone();
        without.speakers.remove(i);
        let name = library
            .speaker_by_key(key)
            .and_then(|s| library.speakers().get(s))
            .map_or(key.as_str(), |s| s.name.as_str());
        chips.push(Chip {
            label: format!("speaker: {name}"),
            without,
        });
    }
    for (i, &t) in filter.transcripts.iter().enumerate() {
        let mut without = filter.clone();
        without.transcripts.remove(i);
        let title = library
            .transcripts()
            .get(t)
            .map_or_else(|| format!("#{t}"), |t| t.title.clone());
        chips.push(Chip {
            label: format!("transcript: {title}"),
            without,
        });
    }
    for (i, section) in filter.sections.iter().enumerate() {
        let mut without = filter.clone();
        without.sections.remove(i);
        chips.push(Chip {
            label: format!("section: {section}"),
            without,
        });
    }
    for (i, role) in filter.roles.iter().enumerate() {
        let mut without = filter.clone();
        without.roles.remove(i);
        chips.push(Chip {
            label: format!("role: {}", role.name()),
            without,
        });
    }
    if let Some(dates) = &filter.dates {
        let mut without = filter.clone();
        without.dates = None;
        chips.push(Chip {
            label: format!(
                "dates: {} – {}",
                dates
                    .from
                    .map_or_else(|| "…".to_string(), |d| d.to_string()),
                dates.to.map_or_else(|| "…".to_string(), |d| d.to_string())
            ),
            without,
        });
    }
    chips
}

/// State of the filter bar: the query being typed.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// The query text in the field (applied on Enter or "Apply").
    pub query: String,
    /// Whether the query field should take keyboard focus next frame (Ctrl+F).
    pub focus_query: bool,
    synced_from: Option<String>,
}

impl FilterBar {
    /// Draws the bar for `filter`; changes go to `actions` as [`ViewAction::SetFilter`].
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        library: &Library,
        themes: &ThemeSet,
        filter: &Filter,
        actions: &mut Vec<ViewAction>,
    ) {
        if self.synced_from.as_deref() != Some(filter.query.as_str()) {
            self.query = filter.query.clone();
            self.synced_from = Some(filter.query.clone());
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Filter:");
            for chip in chips(filter, library, themes) {
                let button = ui
                    .button(format!("{} ×", chip.label))
                    .on_hover_text("Remove this restriction");
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Remove {}", chip.label),
                    )
                });
                if button.clicked() {
                    actions.push(ViewAction::SetFilter(chip.without));
                }
            }
            let label = ui.label("Theme:");
            egui::ComboBox::from_id_salt("filter-bar-theme")
                .selected_text("add…")
                .show_ui(ui, |ui| {
                    for theme in &themes.themes {
                        let on = filter.themes.contains(&theme.id);
                        if ui.selectable_label(on, &theme.name).clicked() && !on {
                            let mut next = filter.clone();
                            next.themes.push(theme.id.clone());
                            actions.push(ViewAction::SetFilter(next));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Speaker:");
            egui::ComboBox::from_id_salt("filter-bar-speaker")
                .selected_text("add…")
                .show_ui(ui, |ui| {
                    for speaker in library.speakers().iter().filter(|s| !s.hidden) {
                        let on = filter.speakers.contains(&speaker.key);
                        if ui.selectable_label(on, &speaker.name).clicked() && !on {
                            let mut next = filter.clone();
                            next.speakers.push(speaker.key.clone());
                            actions.push(ViewAction::SetFilter(next));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Query:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("words, \"phrases\", ~stem, theme:id, AND OR NOT")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_query) {
                field.request_focus();
            }
            let typed = Filter::query(self.query.clone());
            let error = typed.validate(themes).err();
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let apply = ui
                .add_enabled(error.is_none(), egui::Button::new("Apply"))
                .on_hover_text("Search for the query (Enter)")
                .clicked();
            if (apply || enter) && error.is_none() && self.query != filter.query {
                let mut next = filter.clone();
                next.query = self.query.clone();
                actions.push(ViewAction::SetFilter(next));
            }
            if let Some(error) = error {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            if !filter.is_empty() && ui.button("Clear all").clicked() {
                actions.push(ViewAction::SetFilter(Filter::default()));
            }
        });
    }
}
