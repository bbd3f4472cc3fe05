//! The reader: one transcript as text, drawn turn by turn for the visible part only, with
//! speaker names in colour, section headings, dimmed stage directions, times and highlights.

use super::app::ViewContext;
use crate::library::TranscriptIndex;
use crate::model::{Transcript, TurnIndex};
use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};

/// A time in seconds as `h:mm:ss` or `m:ss`.
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A title cut to `max` characters with an ellipsis.
pub fn short_title(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        return title.to_owned();
    }
    let cut: String = title.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// State of the reader.
#[derive(Debug, Default)]
pub struct ReaderView {
    /// The transcript shown.
    pub transcript: Option<TranscriptIndex>,
    /// The turn jumped to last (drawn with a background), if any.
    pub selected_turn: Option<TurnIndex>,
    /// Turns whose rows were drawn in the last frame (for tests and diagnostics).
    pub drawn_turns: std::ops::Range<TurnIndex>,
    scroll_to: Option<TurnIndex>,
    heights: Vec<f32>,
    heights_key: (usize, u32),
}

impl ReaderView {
    /// Shows a transcript scrolled to a turn.
    pub fn jump_to(&mut self, transcript: TranscriptIndex, turn: TurnIndex) {
        self.transcript = Some(transcript);
        self.selected_turn = Some(turn);
        self.scroll_to = Some(turn);
    }

    /// Forgets a closed transcript (indices of later ones shift down).
    pub fn forget(&mut self, closed: TranscriptIndex) {
        self.transcript = match self.transcript {
            Some(t) if t == closed => None,
            Some(t) if t > closed => Some(t - 1),
            other => other,
        };
        self.heights.clear();
    }

    /// Draws the reader.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let transcripts = view.library.transcripts();
        let index = match self.transcript {
            Some(t) if t < transcripts.len() => t,
            _ => view.active.first().copied().unwrap_or(0),
        };
        self.transcript = Some(index);
        let Some(transcript) = transcripts.get(index) else {
            ui.label("Open a transcript to read it here.");
            return;
        };
        ui.horizontal(|ui| {
            let label = ui.label("Transcript:");
            egui::ComboBox::from_id_salt("reader_transcript")
                .selected_text(short_title(&transcript.title, 70))
                .width(380.0)
                .show_ui(ui, |ui| {
                    for (i, t) in transcripts.iter().enumerate() {
                        if ui
                            .selectable_label(i == index, short_title(&t.title, 90))
                            .on_hover_text(&t.title)
                            .clicked()
                        {
                            self.transcript = Some(i);
                            self.selected_turn = None;
                            self.scroll_to = Some(0);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let date = transcript.date.map(|d| d.to_string()).unwrap_or_default();
            let timing = if transcript.timed {
                "times from the source"
            } else {
                "times estimated from word counts"
            };
            ui.weak(format!(
                "{date} · {} turns · {timing}",
                transcript.turns.len()
            ));
        });
        let matching = view.hits.turns.get(index).map_or(&[][..], Vec::as_slice);
        if !matching.is_empty() {
            ui.horizontal(|ui| {
                let current = self.selected_turn;
                let previous =
                    current.and_then(|c| matching.iter().rev().find(|&&t| t < c).copied());
                let next = match current {
                    Some(c) => matching.iter().find(|&&t| t > c).copied(),
                    None => matching.first().copied(),
                };
                ui.label(format!("{} matching turns", matching.len()));
                if ui
                    .add_enabled(previous.is_some(), egui::Button::new("Previous match"))
                    .clicked()
                    && let Some(turn) = previous
                {
                    self.jump_to(index, turn);
                }
                if ui
                    .add_enabled(next.is_some(), egui::Button::new("Next match"))
                    .clicked()
                    && let Some(turn) = next
                {
                    self.jump_to(index, turn);
                }
            });
        }
        ui.separator();
        if transcript.turns.is_empty() {
            ui.label("This transcript has no turns.");
            return;
        }
        self.draw_turns(ui, view, index, transcript);
    }

    fn draw_turns(
        &mut self,
        ui: &mut egui::Ui,
        view: &ViewContext<'_>,
        index: TranscriptIndex,
        transcript: &Transcript,
    ) {
        let width = ui.available_width().max(200.0);
        let key = (
            std::ptr::from_ref(transcript) as usize,
            width.round() as u32,
        );
        if self.heights_key != key || self.heights.len() != transcript.turns.len() {
            let chars_per_line = (width / 7.5).max(20.0);
            self.heights = transcript
                .turns
                .iter()
                .map(|turn| {
                    let lines = (turn.text.chars().count() as f32 / chars_per_line)
                        .ceil()
                        .max(1.0)
                        + turn.text.matches('\n').count() as f32;
                    28.0 + lines * 18.0
                })
                .collect();
            self.heights_key = key;
        }
        let mut tops = Vec::with_capacity(self.heights.len() + 1);
        let mut y = 0.0f32;
        for h in &self.heights {
            tops.push(y);
            y += h;
        }
        tops.push(y);
        let mut area = egui::ScrollArea::vertical()
            .id_salt(("reader_scroll", index))
            .auto_shrink([false, false]);
        if let Some(turn) = self.scroll_to.take() {
            area = area.vertical_scroll_offset(tops.get(turn).copied().unwrap_or(0.0));
        }
        area.show_viewport(ui, |ui, viewport| {
            ui.set_height(y);
            let first = tops
                .partition_point(|&top| top <= viewport.min.y)
                .saturating_sub(1);
            let origin = ui.max_rect().min;
            let mut turn = first;
            while turn < transcript.turns.len()
                && tops.get(turn).is_some_and(|&t| t < viewport.max.y)
            {
                let top = tops[turn];
                let rect = egui::Rect::from_min_size(
                    origin + egui::vec2(0.0, top),
                    egui::vec2(width, f32::INFINITY),
                );
                let drawn = ui
                    .scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                        self.draw_turn(ui, view, index, transcript, turn);
                    })
                    .response
                    .rect
                    .height()
                    + 6.0;
                if let Some(h) = self.heights.get_mut(turn)
                    && (*h - drawn).abs() > 0.5
                {
                    *h = drawn;
                    ui.ctx().request_repaint();
                }
                turn += 1;
            }
            self.drawn_turns = first..turn;
        });
    }

    fn draw_turn(
        &self,
        ui: &mut egui::Ui,
        view: &ViewContext<'_>,
        index: TranscriptIndex,
        transcript: &Transcript,
        turn_index: TurnIndex,
    ) {
        let Some(turn) = transcript.turns.get(turn_index) else {
            return;
        };
        let selected = self.selected_turn == Some(turn_index);
        let frame = if selected {
            egui::Frame::new()
                .fill(ui.visuals().faint_bg_color)
                .inner_margin(4.0)
                .corner_radius(4.0)
        } else {
            egui::Frame::new().inner_margin(4.0)
        };
        frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            let headings: Vec<&crate::model::Section> = transcript
                .sections
                .iter()
                .filter(|s| s.turn == turn_index)
                .collect();
            for section in headings.iter().filter(|s| s.offset == 0) {
                ui.heading(&section.title);
            }
            let speaker = view.library.speaker_of_turn(index, turn_index);
            let (name, colour) =
                match speaker.and_then(|s| view.library.speakers().get(s).map(|sp| (s, sp))) {
                    Some((s, sp)) => (sp.name.clone(), view.colour(s)),
                    None => ("Unknown".to_owned(), Color32::GRAY),
                };
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(name).strong().color(colour));
                let time = if transcript.timed {
                    clock(turn.start)
                } else {
                    format!("~{} (estimated)", clock(turn.start))
                };
                ui.weak(time);
                if view.hits.contains(index, turn_index) {
                    ui.weak("· contains the query");
                }
            });
            let mut cuts: Vec<usize> = headings
                .iter()
                .map(|s| s.offset)
                .filter(|&o| o > 0)
                .collect();
            cuts.push(turn.text.len());
            let spans = view.hits.spans(index, turn_index, &turn.text);
            let mut from = 0;
            for cut in cuts {
                let cut = turn.text.floor_char_boundary(cut.min(turn.text.len()));
                if cut > from {
                    ui.label(self.layout(ui, turn, &spans, from, cut));
                }
                if let Some(section) = headings
                    .iter()
                    .find(|s| s.offset > 0 && turn.text.floor_char_boundary(s.offset) == cut)
                {
                    ui.heading(&section.title);
                }
                from = cut.max(from);
            }
        });
    }

    /// The text of `turn.text[from..to]` with stage directions dimmed and query hits marked.
    fn layout(
        &self,
        ui: &egui::Ui,
        turn: &crate::model::Turn,
        spans: &[std::ops::Range<usize>],
        from: usize,
        to: usize,
    ) -> LayoutJob {
        let font = FontId::proportional(14.0);
        let normal = TextFormat::simple(font.clone(), ui.visuals().text_color());
        let dim = TextFormat {
            italics: true,
            ..TextFormat::simple(font.clone(), ui.visuals().weak_text_color())
        };
        let mark = TextFormat {
            background: ui.visuals().selection.bg_fill,
            ..normal.clone()
        };
        let mut job = LayoutJob::default();
        job.wrap.max_width = ui.available_width();
        let text = &turn.text;
        let mut directions = turn
            .stage_directions
            .iter()
            .filter(|d| d.at >= from && d.at <= to)
            .peekable();
        let mut hits: Vec<(usize, usize)> = spans
            .iter()
            .filter(|r| r.end > from && r.start < to)
            .map(|r| (r.start.max(from), r.end.min(to)))
            .collect();
        hits.reverse();
        let mut pos = from;
        while pos < to {
            while let Some(d) = directions.next_if(|d| d.at <= pos) {
                job.append(&format!("{} ", d.text), 0.0, dim.clone());
            }
            let next_direction = directions.peek().map_or(to, |d| d.at.max(pos));
            match hits.last().copied() {
                Some((start, end)) if start <= pos => {
                    let end = end.min(next_direction).max(pos + 1).min(to);
                    let end = text.ceil_char_boundary(end);
                    job.append(text.get(pos..end).unwrap_or(""), 0.0, mark.clone());
                    pos = end;
                    if pos >= hits.last().map_or(0, |h| h.1) {
                        hits.pop();
                    }
                }
                next => {
                    let stop = next
                        .map_or(next_direction, |(s, _)| s.min(next_direction))
                        .min(to);
                    let stop = text
                        .floor_char_boundary(stop.max(pos + 1).min(to))
                        .max(text.ceil_char_boundary(pos + 1).min(to));
                    job.append(text.get(pos..stop).unwrap_or(""), 0.0, normal.clone());
                    pos = stop;
                }
            }
        }
        for d in directions {
            job.append(&format!(" {}", d.text), 0.0, dim.clone());
        }
        job
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clocks_show_hours_only_when_needed() {
        assert_eq!(super::clock(0.0), "0:00");
        assert_eq!(super::clock(75.4), "1:15");
        assert_eq!(super::clock(3725.0), "1:02:05");
    }
}
