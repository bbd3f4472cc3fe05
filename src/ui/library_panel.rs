//! The library panel: loaded transcripts (active, close) and the speakers of the library with
//! their colours, roles and counts, and the rename / merge / split / hide corrections.

use super::app::{Command, ViewContext};
use crate::library::LibrarySpeakerIndex;

/// State of the library panel.
#[derive(Debug, Default)]
pub struct LibraryPanel {
    /// The speaker whose name is being edited, and the name typed so far.
    renaming: Option<(String, String)>,
    /// The speaker whose corrections are shown.
    expanded: Option<String>,
    /// Word count per transcript, for the library revision it was counted at.
    word_counts: (u64, Vec<usize>),
    /// The rows of the panel and their heights, for the library revision they were made at.
    rows: Rows,
}

/// One row of the panel's list.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    /// The "TRANSCRIPTS" heading (and "None open yet").
    TranscriptsHeading,
    /// A transcript: tick box, close button, date, format and words.
    Transcript(usize),
    /// The "SPEAKERS" heading, after a gap.
    SpeakersHeading,
    /// A speaker (library index), with its corrections when expanded.
    Speaker(LibrarySpeakerIndex),
}

/// The rows in display order (speakers by role, then most words first) with their heights:
/// estimated until a row is first drawn, then as measured. Only the rows in view are drawn.
#[derive(Debug, Default)]
struct Rows {
    /// (library revision, transcripts, speakers) the rows were made for.
    key: Option<(u64, usize, usize)>,
    rows: Vec<Row>,
    heights: Vec<f32>,
}

/// Estimated row heights (points) before a row has been drawn once.
const TRANSCRIPT_ROW: f32 = 44.0;
const SPEAKER_ROW: f32 = 22.0;
const HEADING_ROW: f32 = 22.0;

/// Thousands separators for counts ("12,345").
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl LibraryPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let library = view.library;
        let transcripts = library.transcripts();
        if self.word_counts.0 != library.revision() || self.word_counts.1.len() != transcripts.len()
        {
            self.word_counts = (
                library.revision(),
                transcripts.iter().map(|t| t.word_count()).collect(),
            );
        }
        if self.rows.key != Some(Rows::key_of(library)) {
            self.rows = Rows::for_library(library);
        }
        let mut tops = Vec::with_capacity(self.rows.heights.len() + 1);
        let mut y = 0.0f32;
        for height in &self.rows.heights {
            tops.push(y);
            y += height;
        }
        tops.push(y);
        egui::ScrollArea::vertical()
            .id_salt("library_scroll")
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(y);
                let width = ui.available_width();
                let origin = ui.max_rect().min;
                let mut row = tops
                    .partition_point(|&top| top <= viewport.min.y)
                    .saturating_sub(1);
                while row < self.rows.rows.len()
                    && tops.get(row).is_some_and(|&t| t < viewport.max.y)
                {
                    let rect = egui::Rect::from_min_size(
                        origin + egui::vec2(0.0, tops[row]),
                        egui::vec2(width, f32::INFINITY),
                    );
                    let item = self.rows.rows[row];
                    let builder = egui::UiBuilder::new()
                        .max_rect(rect)
                        .id_salt(("library_row", row));
                    let drawn = ui
                        .scope_builder(builder, |ui| self.row(ui, view, item))
                        .response
                        .rect
                        .height()
                        + ui.spacing().item_spacing.y;
                    if let Some(height) = self.rows.heights.get_mut(row)
                        && (*height - drawn).abs() > 0.5
                    {
                        *height = drawn;
                        ui.ctx().request_repaint();
                    }
                    row += 1;
                }
            });
    }

    fn row(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>, row: Row) {
        match row {
            Row::TranscriptsHeading => {
                ui.strong("TRANSCRIPTS");
                if view.library.transcripts().is_empty() {
                    ui.weak("None open yet.");
                }
            }
            Row::Transcript(index) => self.transcript(ui, view, index),
            Row::SpeakersHeading => {
                ui.add_space(8.0);
                ui.strong("SPEAKERS");
                if view.library.speakers().is_empty() {
                    ui.weak("Speakers appear here once transcripts are open.");
                }
            }
            Row::Speaker(index) => self.speaker(ui, view, index),
        }
    }

    fn transcript(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>, index: usize) {
        let Some(transcript) = view.library.transcripts().get(index) else {
            return;
        };
        // `active` is in library order.
        let mut active = view.active.binary_search(&index).is_ok();
        ui.horizontal(|ui| {
            let short: String = transcript.title.chars().take(34).collect();
            let ellipsis = if short.len() < transcript.title.len() {
                "…"
            } else {
                ""
            };
            let checkbox = ui
                .checkbox(&mut active, format!("{short}{ellipsis}"))
                .on_hover_text(format!(
                    "{}\n{}",
                    transcript.title,
                    transcript.source_path.display()
                ));
            if checkbox.changed() {
                view.commands.push(Command::SetActive(index, active));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let close = ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", transcript.title));
                close.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Close {}", transcript.title),
                    )
                });
                if close.clicked() {
                    view.commands.push(Command::Close(index));
                }
            });
        });
        let date = transcript
            .date
            .map_or_else(|| "no date".to_owned(), |d| d.to_string());
        ui.weak(format!(
            "    {date} · {} · {} words",
            transcript.format,
            thousands(self.word_counts.1.get(index).copied().unwrap_or_default())
        ));
    }

    fn speaker(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        index: LibrarySpeakerIndex,
    ) {
        let library = view.library;
        let Some(speaker) = library.speakers().get(index) else {
            return;
        };
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            let colour = view.colour(index);
            if speaker.hidden {
                ui.painter()
                    .circle_stroke(rect.center(), 5.0, egui::Stroke::new(1.5, colour));
            } else {
                ui.painter().circle_filled(rect.center(), 5.0, colour);
            }
            let name = super::palette::speaker_label(&speaker.name, speaker.role);
            let open = self.expanded.as_deref() == Some(&speaker.key);
            let label = ui
                .selectable_label(open, egui::RichText::new(name).color(colour))
                .on_hover_text(format!(
                    "{} turns · {} words · {} transcripts\nlabels: {}\nclick for rename, merge, split, hide",
                    thousands(speaker.turns),
                    thousands(speaker.words),
                    speaker.transcript_count,
                    speaker.aliases.join(", ")
                ));
            if label.clicked() {
                self.expanded = if open { None } else { Some(speaker.key.clone()) };
            }
            ui.weak(format!("{} t · {} w", thousands(speaker.turns), thousands(speaker.words)));
        });
        if self.expanded.as_deref() == Some(&speaker.key) {
            ui.indent(("speaker_tools", &speaker.key), |ui| {
                self.speaker_tools(ui, view, index);
            });
        }
    }

    fn speaker_tools(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        index: LibrarySpeakerIndex,
    ) {
        let library = view.library;
        let Some(speaker) = library.speakers().get(index) else {
            return;
        };
        ui.weak(format!(
            "Role: {} · labels: {}",
            speaker.role,
            speaker.aliases.join(", ")
        ));
        // Rename.
        ui.horizontal(|ui| {
            let editing = self
                .renaming
                .as_ref()
                .is_some_and(|(k, _)| k == &speaker.key);
            if !editing {
                if ui.button("Rename").clicked() {
                    self.renaming = Some((speaker.key.clone(), speaker.name.clone()));
                }
            } else if let Some((key, name)) = &mut self.renaming {
                let label = ui.label("New name:");
                let field = ui.text_edit_singleline(name).labelled_by(label.id);
                let done = ui.button("Apply").clicked()
                    || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                if done {
                    view.commands.push(Command::RenameSpeaker {
                        key: key.clone(),
                        name: name.clone(),
                    });
                    self.renaming = None;
                } else if ui.button("Cancel").clicked() {
                    self.renaming = None;
                }
            }
        });
        // Hide.
        let mut hidden = speaker.hidden;
        if ui
            .checkbox(&mut hidden, "Hidden in views")
            .on_hover_text("Hide this speaker's lanes and bars")
            .changed()
        {
            view.commands
                .push(Command::SetHidden(speaker.key.clone(), hidden));
        }
        // Merge.
        let mut target: Option<String> = None;
        egui::ComboBox::from_label("Merge into")
            .selected_text("choose a speaker")
            .show_ui(ui, |ui| {
                for other in library.speakers() {
                    if other.key != speaker.key && ui.selectable_label(false, &other.name).clicked()
                    {
                        target = Some(other.key.clone());
                    }
                }
            });
        if let Some(into) = target {
            view.commands.push(Command::MergeSpeakers {
                from: speaker.key.clone(),
                into: into.clone(),
            });
            self.expanded = Some(into);
        }
        let merged_in = library
            .overrides()
            .merges
            .values()
            .any(|into| into == &speaker.key);
        if merged_in && ui.button("Undo merges into this speaker").clicked() {
            view.commands
                .push(Command::UnmergeSpeaker(speaker.key.clone()));
        }
        // Split an alias back out.
        if speaker.aliases.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                ui.label("Split out:");
                for alias in &speaker.aliases {
                    if ui
                        .small_button(alias)
                        .on_hover_text(format!("Make the label {alias:?} a speaker of its own"))
                        .clicked()
                    {
                        view.commands.push(Command::SplitAlias(alias.clone()));
                    }
                }
            });
        }
        if speaker.key.starts_with("split:") {
            for alias in &speaker.aliases {
                if ui.button(format!("Put {alias:?} back")).clicked() {
                    view.commands.push(Command::UnsplitAlias(alias.clone()));
                }
            }
        }
    }
}

impl Rows {
    fn key_of(library: &crate::Library) -> (u64, usize, usize) {
        (
            library.revision(),
            library.transcripts().len(),
            library.speakers().len(),
        )
    }

    fn for_library(library: &crate::Library) -> Rows {
        let mut order: Vec<LibrarySpeakerIndex> = (0..library.speakers().len()).collect();
        order.sort_by_key(|&i| {
            let s = &library.speakers()[i];
            (s.role, std::cmp::Reverse(s.words))
        });
        let mut rows = vec![Row::TranscriptsHeading];
        rows.extend((0..library.transcripts().len()).map(Row::Transcript));
        rows.push(Row::SpeakersHeading);
        rows.extend(order.into_iter().map(Row::Speaker));
        let heights = rows
            .iter()
            .map(|row| match row {
                Row::Transcript(_) => TRANSCRIPT_ROW,
                Row::Speaker(_) => SPEAKER_ROW,
                Row::TranscriptsHeading | Row::SpeakersHeading => HEADING_ROW,
            })
            .collect();
        Rows {
            key: Some(Rows::key_of(library)),
            rows,
            heights,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
