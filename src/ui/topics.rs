//! Topics: grouped bars of how much of each speaker's words fall on each theme (speakers ×
//! themes, share of words); a click on a bar filters on that theme and opens Compare.

use super::app::{Command, ViewContext};
use super::library_panel::thousands;
use egui::{Align2, FontId, Rect, Sense, pos2, vec2};

/// Most speakers drawn per theme.
const MAX_SPEAKERS: usize = 6;
const BAR: f32 = 12.0;
const THEME_LABEL: f32 = 190.0;

/// State of the topics view (nothing yet beyond what the app holds).
#[derive(Debug, Default)]
pub struct TopicsView;

impl TopicsView {
    /// Draws the view.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        themes: &crate::analysis::ThemeSet,
    ) {
        let Some(outcome) = view.topics else {
            ui.spinner();
            ui.label("Counting the themes…");
            return;
        };
        let stats = match &outcome.result {
            Ok(stats) => stats,
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                return;
            }
        };
        let library = view.library;
        let speakers: Vec<&crate::analysis::stats::SpeakerStats> = stats
            .iter()
            .filter(|s| s.role == crate::Role::Person)
            .filter(|s| library.speakers().get(s.speaker).is_some_and(|l| !l.hidden))
            .take(MAX_SPEAKERS)
            .collect();
        if speakers.is_empty() || themes.themes.is_empty() {
            ui.label("No named speakers or no themes to chart.");
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak("Share of each speaker's words on each theme (whole library) · click a bar to compare on that theme ·");
            for s in &speakers {
                ui.colored_label(view.colour(s.speaker), &s.name);
            }
        });
        ui.separator();
        let max_share = speakers
            .iter()
            .flat_map(|s| s.themes.iter().map(|t| t.share_of_words))
            .fold(1e-9, f64::max);
        egui::ScrollArea::vertical()
            .id_salt("topics_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for theme in &themes.themes {
                    let height = BAR * speakers.len() as f32 + 10.0;
                    let width = ui.available_width();
                    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
                    ui.painter().text(
                        pos2(rect.left(), rect.center().y),
                        Align2::LEFT_CENTER,
                        &theme.name,
                        FontId::proportional(14.0),
                        ui.visuals().text_color(),
                    );
                    let plot_left = rect.left() + THEME_LABEL;
                    let plot_width = (rect.right() - plot_left - 150.0).max(40.0);
                    for (row, speaker) in speakers.iter().enumerate() {
                        let Some(figures) = speaker.themes.iter().find(|t| t.theme == theme.id)
                        else {
                            continue;
                        };
                        let top = rect.top() + 5.0 + row as f32 * BAR;
                        let length = (figures.share_of_words / max_share) as f32 * plot_width;
                        let bar = Rect::from_min_size(
                            pos2(plot_left, top + 1.0),
                            vec2(length.max(1.0), BAR - 2.0),
                        );
                        let hit = Rect::from_min_size(
                            pos2(plot_left, top),
                            vec2(plot_width + 150.0, BAR),
                        );
                        let response = ui.interact(
                            hit,
                            ui.scope_id().with(("topic", &theme.id, speaker.speaker)),
                            Sense::click(),
                        );
                        let colour = view.colour(speaker.speaker);
                        ui.painter().rect_filled(bar, 1.0, colour);
                        let text = format!(
                            "{:.1}% · {} sentences",
                            figures.share_of_words * 100.0,
                            thousands(figures.sentences)
                        );
                        ui.painter().text(
                            pos2(bar.right() + 6.0, bar.center().y),
                            Align2::LEFT_CENTER,
                            &text,
                            FontId::proportional(10.0),
                            ui.visuals().weak_text_color(),
                        );
                        let label = format!("{} on {}: {text}", speaker.name, theme.name);
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                        });
                        if response.on_hover_text(&label).clicked()
                            && let Some(key) =
                                view.library.speakers().get(speaker.speaker).map(|s| &s.key)
                        {
                            view.commands.push(Command::CompareOnTheme {
                                theme: theme.id.clone(),
                                speaker: key.clone(),
                            });
                        }
                    }
                    ui.separator();
                }
            });
    }
}
