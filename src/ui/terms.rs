//! Terms: the words that set one speaker apart from another (or from everyone else) within the
//! filter, as diverging bars of z-scores with counts; a click on a term puts it in the query
//! and lists it in context (KWIC) below the bars.

use super::analysis_worker::{KwicRequest, TermsRequest};
use super::app::{Command, ViewContext};
use super::chart_save::ChartSaves;
use super::kwic_panel::{KwicPanel, show_lines};
use super::library_panel::thousands;
use super::save_row::PathRow;
use crate::analysis::distinctive::TermScore;
use egui::{Align2, FontId, Rect, Sense, pos2, vec2};

/// Terms shown on each side.
const PER_SIDE: usize = 20;
const ROW: f32 = 20.0;

/// State of the terms view.
#[derive(Debug, Default)]
pub struct TermsView {
    /// Speaker key of side A.
    pub a: Option<String>,
    /// Speaker key of side B; `None` compares A with everyone else.
    pub b: Option<String>,
    /// The term last clicked, shown in context below the bars.
    pub selected: Option<String>,
    /// The keyword-in-context list of the selected term.
    pub kwic: KwicPanel,
    /// Where the chart's data (CSV) or image (PNG) is saved.
    pub save_row: PathRow,
    /// The chart's saves, and where it was drawn in the last frame.
    pub saves: ChartSaves<()>,
}

/// The terms on the chart as CSV: term, z-score, uses by each side, and which side it is more
/// typical of (by name), in chart order.
pub fn terms_csv(terms: &[&TermScore], name_a: &str, name_b: &str) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "term",
        "z",
        "uses_a",
        "uses_b",
        "speaker_a",
        "speaker_b",
        "more_typical_of",
    ])?;
    for term in terms {
        let side = if term.z >= 0.0 { name_a } else { name_b };
        writer.write_record([
            term.term.as_str(),
            &format!("{:.4}", term.z),
            &term.a.to_string(),
            &term.b.to_string(),
            name_a,
            name_b,
            side,
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

impl TermsView {
    /// The comparison to ask the analysis worker for, once a speaker A is chosen.
    pub fn request(&self) -> Option<TermsRequest> {
        Some(TermsRequest {
            a: vec![self.a.clone()?],
            b: self.b.iter().cloned().collect(),
        })
    }

    /// The keyword-in-context lines to ask the analysis worker for, once a term is selected.
    pub fn kwic_request(&self) -> Option<KwicRequest> {
        Some(KwicRequest {
            term: self.selected.clone()?,
            sort: self.kwic.sort,
        })
    }

    /// Picks the two people who speak most when no speaker A is chosen yet.
    pub fn ensure_sides(&mut self, library: &crate::Library) {
        if self.a.is_some() {
            return;
        }
        let mut people: Vec<&crate::LibrarySpeaker> = library
            .speakers()
            .iter()
            .filter(|s| s.role == crate::Role::Person && !s.hidden)
            .collect();
        people.sort_by_key(|s| std::cmp::Reverse(s.words));
        self.a = people.first().map(|s| s.key.clone());
        self.b = people.get(1).map(|s| s.key.clone());
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let library = view.library;
        self.ensure_sides(library);
        let name_of = |key: &Option<String>| {
            key.as_ref()
                .and_then(|k| library.speaker_by_key(k))
                .and_then(|i| library.speakers().get(i))
                .map_or_else(|| "everyone else".to_owned(), |s| s.name.clone())
        };
        ui.horizontal(|ui| {
            for (side, label, allow_rest) in [
                (&mut self.a, "Speaker A:", false),
                (&mut self.b, "against B:", true),
            ] {
                let text = name_of(side);
                let label = ui.label(label);
                egui::ComboBox::from_id_salt(label.id)
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        if allow_rest
                            && ui
                                .selectable_label(side.is_none(), "everyone else")
                                .clicked()
                        {
                            *side = None;
                        }
                        for speaker in library.speakers() {
                            let chosen = side.as_deref() == Some(speaker.key.as_str());
                            if ui.selectable_label(chosen, &speaker.name).clicked() {
                                *side = Some(speaker.key.clone());
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
            ui.weak("within the filter · click a term to search for it");
        });
        ui.separator();
        let Some(outcome) = view.terms else {
            if self.a.is_some() {
                ui.spinner();
            } else {
                ui.label("Choose a speaker to see the words that set them apart.");
            }
            return;
        };
        let scores = match &outcome.result {
            Ok(scores) => scores,
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                return;
            }
        };
        let top = scores.top(PER_SIDE);
        if top.is_empty() {
            ui.label("No words to compare in this scope.");
            return;
        }
        let colour_of = |key: &Option<String>| {
            key.as_ref()
                .and_then(|k| library.speaker_by_key(k))
                .map_or(ui.visuals().weak_text_color(), |i| view.colour(i))
        };
        let (colour_a, colour_b) = (colour_of(&self.a), colour_of(&self.b));
        self.saves.new_frame();
        let (name_a, name_b) = (name_of(&self.a), name_of(&self.b));
        let csv = || terms_csv(&top, &name_a, &name_b).map_err(anyhow::Error::from);
        ui.horizontal(|ui| {
            self.saves.row(
                ui,
                &mut self.save_row,
                (),
                "terms chart",
                "terms",
                csv,
                view.commands,
            );
        });
        let header = ui.horizontal(|ui| {
            ui.colored_label(
                colour_b,
                format!("left: more typical of {}", name_of(&self.b)),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.colored_label(
                    colour_a,
                    format!("right: more typical of {}", name_of(&self.a)),
                );
            });
        });
        let max_z = top.iter().map(|t| t.z.abs()).fold(1e-9, f64::max);
        let bars_height = if self.selected.is_some() {
            (ui.available_height() * 0.5).max(120.0)
        } else {
            f32::INFINITY
        };
        let bars = egui::ScrollArea::vertical()
            .id_salt("terms_scroll")
            .auto_shrink([false, false])
            .max_height(bars_height)
            .show(ui, |ui| {
                for term in top {
                    let width = ui.available_width();
                    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW), Sense::click());
                    let middle = rect.center().x;
                    let half = width / 2.0 - 140.0;
                    let length = (term.z.abs() / max_z) as f32 * half.max(20.0);
                    let (bar, colour, text_pos, align) = if term.z >= 0.0 {
                        (
                            Rect::from_min_size(
                                pos2(middle, rect.top() + 3.0),
                                vec2(length, ROW - 6.0),
                            ),
                            colour_a,
                            pos2(middle - 6.0, rect.center().y),
                            Align2::RIGHT_CENTER,
                        )
                    } else {
                        (
                            Rect::from_min_size(
                                pos2(middle - length, rect.top() + 3.0),
                                vec2(length, ROW - 6.0),
                            ),
                            colour_b,
                            pos2(middle + 6.0, rect.center().y),
                            Align2::LEFT_CENTER,
                        )
                    };
                    // Rows scrolled out of view are not painted.
                    if ui.is_rect_visible(rect) {
                        let painter = ui.painter();
                        painter.rect_filled(bar, 1.0, colour);
                        let text_colour = if response.hovered() {
                            ui.visuals().strong_text_color()
                        } else {
                            ui.visuals().text_color()
                        };
                        painter.text(
                            text_pos,
                            align,
                            &term.term,
                            FontId::proportional(14.0),
                            text_colour,
                        );
                        let counts = format!(
                            "z {:.1} · {} vs {}",
                            term.z,
                            thousands(term.a as usize),
                            thousands(term.b as usize)
                        );
                        let counts_pos = if term.z >= 0.0 {
                            pos2(bar.right() + 6.0, rect.center().y)
                        } else {
                            pos2(bar.left() - 6.0, rect.center().y)
                        };
                        let counts_align = if term.z >= 0.0 {
                            Align2::LEFT_CENTER
                        } else {
                            Align2::RIGHT_CENTER
                        };
                        painter.text(
                            counts_pos,
                            counts_align,
                            counts,
                            FontId::proportional(11.0),
                            ui.visuals().weak_text_color(),
                        );
                    }
                    let label = format!(
                        "{}: z {:.1}, {} uses by A, {} by B",
                        term.term, term.z, term.a, term.b
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                    });
                    if response.on_hover_text("Search for this term").clicked() {
                        view.commands.push(Command::SetQuery(term.term.clone()));
                        self.selected = Some(term.term.clone());
                    }
                }
            });
        let chart = header.response.rect.union(bars.inner_rect);
        self.saves.drawn_at(ui, (), chart);
        self.kwic_ui(ui, view);
    }

    /// The selected term in context: sort choice, then the lines once the worker has them.
    fn kwic_ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let Some(term) = self.selected.clone() else {
            return;
        };
        ui.separator();
        self.kwic.header(ui, &term);
        let Some(outcome) = view.kwic else {
            ui.spinner();
            return;
        };
        let lines = outcome.result.as_deref().map_err(ToString::to_string);
        show_lines(ui, lines.as_deref().map_err(String::as_str), view.commands);
    }
}
