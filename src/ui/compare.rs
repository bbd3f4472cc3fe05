//! Compare: one column per chosen speaker with what each said that matches the filter (a theme
//! or a query): how many excerpts, how many words, what share of the speaker's words, and the
//! excerpts themselves with transcript, date, section and time; any excerpt opens the reader.

use super::app::{Command, ViewContext};
use super::library_panel::thousands;
use super::reader::{clock, short_title};
use crate::analysis::Hit;
use egui::text::LayoutJob;
use egui::{FontId, TextFormat};

/// Most excerpts drawn per column (the count in the header is always complete).
const MAX_EXCERPTS: usize = 400;

/// An excerpt ticked for export: transcript, turn and the sentence's byte range.
pub type ExcerptKey = (usize, usize, std::ops::Range<usize>);

/// State of the compare view.
#[derive(Debug)]
pub struct CompareView {
    /// Keys of the speakers shown as columns, in order.
    pub columns: Vec<String>,
    /// Excerpts ticked for export (none ticked exports every excerpt shown in the columns).
    pub ticked: std::collections::HashSet<ExcerptKey>,
    /// Where Export writes (the extension picks the format).
    pub export_path: String,
}

impl Default for CompareView {
    fn default() -> CompareView {
        CompareView {
            columns: Vec::new(),
            ticked: std::collections::HashSet::new(),
            export_path: "crosstalk-excerpts.md".to_owned(),
        }
    }
}

impl CompareView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let library = view.library;
        if self.columns.is_empty() {
            // The two people who speak most in the active transcripts.
            let mut people: Vec<&crate::LibrarySpeaker> = library
                .speakers()
                .iter()
                .filter(|s| s.role == crate::Role::Person && !s.hidden)
                .filter(|s| {
                    s.members
                        .iter()
                        .any(|m| view.active.contains(&m.transcript))
                })
                .collect();
            people.sort_by_key(|s| std::cmp::Reverse(s.words));
            self.columns = people.iter().take(2).map(|s| s.key.clone()).collect();
        }
        self.columns
            .retain(|key| library.speaker_by_key(key).is_some());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Add a speaker:");
            egui::ComboBox::from_id_salt("compare_add")
                .selected_text("choose")
                .show_ui(ui, |ui| {
                    for speaker in library.speakers() {
                        let shown = self.columns.contains(&speaker.key);
                        if ui.selectable_label(shown, &speaker.name).clicked() && !shown {
                            self.columns.push(speaker.key.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let mut remove = None;
            for (i, key) in self.columns.iter().enumerate() {
                let name = library
                    .speaker_by_key(key)
                    .and_then(|s| library.speakers().get(s))
                    .map_or(key.as_str(), |s| s.name.as_str());
                if ui
                    .small_button(format!("{name} ×"))
                    .on_hover_text(format!("Remove the column of {name}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            }
            if let Some(i) = remove {
                self.columns.remove(i);
            }
        });
        ui.separator();
        let Some(matches) = view.matches else {
            ui.label(
                "Choose a theme or type a query in the filter bar to compare what these speakers said about it.",
            );
            return;
        };
        if self.columns.is_empty() {
            ui.label("Add speakers to compare with the picker above.");
            return;
        }
        self.export_bar(ui, view, matches);
        let columns = self.columns.clone();
        let width = (ui.available_width() / columns.len() as f32 - 8.0).max(160.0);
        egui::ScrollArea::horizontal()
            .id_salt("compare_columns")
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for key in &columns {
                        ui.allocate_ui(egui::vec2(width, ui.available_height()), |ui| {
                            ui.set_width(width);
                            ui.set_max_width(width);
                            ui.vertical(|ui| column(ui, view, matches, key, &mut self.ticked));
                        });
                    }
                });
            });
    }
}

fn column(
    ui: &mut egui::Ui,
    view: &mut ViewContext<'_>,
    matches: &crate::analysis::Matches,
    key: &str,
    ticked: &mut std::collections::HashSet<ExcerptKey>,
) {
    let library = view.library;
    let Some(index) = library.speaker_by_key(key) else {
        return;
    };
    let Some(speaker) = library.speakers().get(index) else {
        return;
    };
    let group = matches.groups.iter().find(|g| g.key == key);
    let (count, words) = group.map_or((0, 0), |g| (g.hits.len(), g.words));
    let share = if speaker.words == 0 {
        0.0
    } else {
        100.0 * words as f64 / speaker.words as f64
    };
    ui.label(
        egui::RichText::new(&speaker.name)
            .heading()
            .color(view.colour(index)),
    );
    ui.label(format!(
        "{} excerpts · {} words · {share:.1}% of {}'s words",
        thousands(count),
        thousands(words),
        speaker.name
    ));
    ui.separator();
    let Some(group) = group else {
        ui.weak("Nothing matches for this speaker.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("compare_column", key))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for &hit_index in group.hits.iter().take(MAX_EXCERPTS) {
                if let Some(hit) = matches.hits.get(hit_index) {
                    excerpt(ui, view, hit, ticked);
                }
            }
            if group.hits.len() > MAX_EXCERPTS {
                ui.weak(format!(
                    "and {} more; narrow the filter to see them",
                    thousands(group.hits.len() - MAX_EXCERPTS)
                ));
            }
        });
}

fn excerpt(
    ui: &mut egui::Ui,
    view: &mut ViewContext<'_>,
    hit: &Hit,
    ticked: &mut std::collections::HashSet<ExcerptKey>,
) {
    let Some(transcript) = view.library.transcripts().get(hit.transcript) else {
        return;
    };
    let Some(turn) = transcript.turns.get(hit.turn) else {
        return;
    };
    // Most telling first (the label is cut to the column's width; hover shows all of it).
    let estimated = if transcript.timed { "" } else { " (estimated)" };
    let mut parts = vec![format!("{}{estimated}", clock(hit.time))];
    if let Some(section) = hit.section.and_then(|s| transcript.sections.get(s)) {
        parts.push(section.title.clone());
    }
    if let Some(date) = transcript.date {
        parts.push(date.to_string());
    }
    parts.push(short_title(&transcript.title, 60));
    let place = parts.join(" · ");
    ui.horizontal(|ui| {
        let key = (hit.transcript, hit.turn, hit.sentence.clone());
        let mut chosen = ticked.contains(&key);
        if ui
            .checkbox(&mut chosen, "export")
            .on_hover_text("Tick to export this excerpt")
            .changed()
        {
            if chosen {
                ticked.insert(key);
            } else {
                ticked.remove(&key);
            }
        }
        ui.add(egui::Label::new(egui::RichText::new(place).weak()).truncate());
    });
    let text = &turn.text;
    let font = FontId::proportional(14.0);
    let normal = TextFormat::simple(font.clone(), ui.visuals().text_color());
    let mark = TextFormat {
        background: ui.visuals().selection.bg_fill,
        ..normal.clone()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut pos = hit.sentence.start;
    let mut spans: Vec<_> = hit
        .spans
        .iter()
        .filter(|r| r.start >= hit.sentence.start && r.end <= hit.sentence.end)
        .cloned()
        .collect();
    spans.sort_by_key(|r| r.start);
    for span in spans {
        if span.start < pos {
            continue;
        }
        job.append(text.get(pos..span.start).unwrap_or(""), 0.0, normal.clone());
        job.append(text.get(span.clone()).unwrap_or(""), 0.0, mark.clone());
        pos = span.end;
    }
    job.append(text.get(pos..hit.sentence.end).unwrap_or(""), 0.0, normal);
    let response = ui
        .add(egui::Label::new(job).sense(egui::Sense::click()))
        .on_hover_text("Click to read this turn");
    if response.clicked() {
        view.commands.push(Command::JumpToTurn {
            transcript: hit.transcript,
            turn: hit.turn,
        });
    }
    ui.add_space(6.0);
}

impl CompareView {
    fn export_bar(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        matches: &crate::analysis::Matches,
    ) {
        ui.horizontal(|ui| {
            let shown: Vec<&Hit> = matches
                .hits
                .iter()
                .filter(|h| self.columns.iter().any(|c| **c == *h.speaker_key))
                .collect();
            let chosen: Vec<&Hit> = shown
                .iter()
                .copied()
                .filter(|h| {
                    self.ticked
                        .contains(&(h.transcript, h.turn, h.sentence.clone()))
                })
                .collect();
            let export = if chosen.is_empty() { shown } else { chosen };
            let label = ui.label("Export to:");
            ui.add(egui::TextEdit::singleline(&mut self.export_path).desired_width(260.0))
                .labelled_by(label.id)
                .on_hover_text("A file path; .md, .csv, .json, .txt or .html picks the format");
            let button = egui::Button::new(format!("Export {} excerpts", export.len()));
            let clicked = ui
                .add_enabled(
                    !export.is_empty() && !self.export_path.trim().is_empty(),
                    button,
                )
                .on_hover_text(
                    "Ticked excerpts, or all of the columns' excerpts when none is ticked (Ctrl+E)",
                )
                .clicked()
                || ui.input_mut(|i| {
                    i.consume_shortcut(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        egui::Key::E,
                    ))
                });
            let save_as = ui
                .add_enabled(!export.is_empty(), egui::Button::new("Save as…"))
                .on_hover_text("Choose the file in the system's save dialog")
                .clicked();
            if (clicked || save_as) && !export.is_empty() {
                let excerpts = export
                    .iter()
                    .filter_map(|h| {
                        crate::export::Excerpt::from_hit(
                            view.library,
                            h.transcript,
                            h.turn,
                            h.sentence.clone(),
                            &h.spans,
                        )
                    })
                    .collect();
                let set = crate::export::ExcerptSet {
                    query: (!view.query.trim().is_empty()).then(|| view.query.trim().to_owned()),
                    excerpts,
                };
                let path = std::path::PathBuf::from(self.export_path.trim());
                view.commands.push(if save_as {
                    Command::ExportWithDialog {
                        set,
                        suggested: path.file_name().map_or_else(
                            || "crosstalk-excerpts.md".into(),
                            |n| n.to_string_lossy().into_owned(),
                        ),
                    }
                } else {
                    Command::Export { set, path }
                });
            }
            if !self.ticked.is_empty() && ui.small_button("Untick all").clicked() {
                self.ticked.clear();
            }
        });
    }
}
