//! The library panel: loaded transcripts (active, close) and the speakers of the library with
//! their colours, roles and counts, and the rename / merge / split / hide corrections.

use super::app::{Command, ViewContext};
use super::premesh::MeshCache;
use super::row_heights::RowHeights;
use crate::library::LibrarySpeakerIndex;
use std::collections::HashMap;
use std::sync::Arc;

/// State of the library panel.
#[derive(Debug, Default)]
pub struct LibraryPanel {
    /// The speaker whose name is being edited, and the name typed so far.
    renaming: Option<(String, String)>,
    /// The speaker whose corrections are shown.
    expanded: Option<String>,
    /// The rows of the panel and their heights, for the library revision they were made at.
    rows: Rows,
    /// The rows' text, laid out once and painted every frame.
    texts: RowTexts,
    /// The painted rows' mesh.
    mesh: MeshCache,
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
    heights: RowHeights,
}

/// The two pieces of text of a painted row.
#[derive(Debug, Clone)]
struct RowText {
    /// The transcript's short title, or the speaker's name (with its role).
    title: Arc<egui::Galley>,
    /// "date · format · N words", or "N t · N w".
    details: Arc<egui::Galley>,
}

/// Which row a [`RowText`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TextOf {
    Transcript(usize),
    Speaker(LibrarySpeakerIndex),
}

/// Laid-out row text, kept across frames for the library revision, panel width, scale and font
/// atlas it was laid out at (and only for rows that have been in view; see [`RowTexts::MAX_ROWS`]).
/// Galleys are laid out with a placeholder colour, so a change of theme keeps them.
#[derive(Debug, Default)]
struct RowTexts {
    key: Option<(u64, u32, u32, u64)>,
    rows: HashMap<TextOf, RowText>,
    /// The close buttons' "×".
    cross: Option<Arc<egui::Galley>>,
}

impl RowTexts {
    /// Rows kept at most; more (after a long scroll) start the cache afresh.
    const MAX_ROWS: usize = 512;

    /// Forgets the text when the library, the width, the scale or the font atlas changed since it
    /// was laid out.
    fn prepare(&mut self, ui: &egui::Ui, revision: u64, width: f32) {
        let key = (
            revision,
            width.round().to_bits(),
            ui.ctx().pixels_per_point().to_bits(),
            crate::ui::premesh::atlas_generation(ui.ctx()),
        );
        if self.key != Some(key) || self.rows.len() > Self::MAX_ROWS {
            self.key = Some(key);
            self.rows.clear();
            self.cross = Some(one_line(
                ui,
                "×".to_owned(),
                egui::TextStyle::Button,
                f32::INFINITY,
            ));
        }
    }

    fn transcript(
        &mut self,
        ui: &egui::Ui,
        transcript: &crate::Transcript,
        index: usize,
        words: usize,
        title_width: f32,
    ) -> RowText {
        self.rows
            .entry(TextOf::Transcript(index))
            .or_insert_with(|| {
                let short: String = transcript.title.chars().take(34).collect();
                let ellipsis = if short.len() < transcript.title.len() {
                    "…"
                } else {
                    ""
                };
                let date = transcript
                    .date
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string());
                RowText {
                    title: one_line(
                        ui,
                        format!("{short}{ellipsis}"),
                        egui::TextStyle::Body,
                        title_width,
                    ),
                    details: one_line(
                        ui,
                        format!(
                            "{date} · {} · {} words",
                            transcript.format,
                            thousands(words)
                        ),
                        egui::TextStyle::Body,
                        f32::INFINITY,
                    ),
                }
            })
            .clone()
    }

    fn speaker(
        &mut self,
        ui: &egui::Ui,
        speaker: &crate::LibrarySpeaker,
        index: LibrarySpeakerIndex,
        name_width: f32,
    ) -> RowText {
        self.rows
            .entry(TextOf::Speaker(index))
            .or_insert_with(|| RowText {
                title: one_line(
                    ui,
                    super::palette::speaker_label(&speaker.name, speaker.role),
                    egui::TextStyle::Button,
                    name_width,
                ),
                details: one_line(
                    ui,
                    format!(
                        "{} t · {} w",
                        thousands(speaker.turns),
                        thousands(speaker.words)
                    ),
                    egui::TextStyle::Body,
                    f32::INFINITY,
                ),
            })
            .clone()
    }
}

/// A line of laid-out text starting at `left`, centred in the height of `rect`.
pub(super) fn text_line(
    left: f32,
    rect: egui::Rect,
    galley: Arc<egui::Galley>,
    colour: egui::Color32,
) -> egui::Shape {
    let top = rect.center().y - galley.size().y * 0.5;
    egui::Shape::galley(egui::pos2(left, top), galley, colour)
}

/// The shapes of a tick box at the left of `rect` (centred in its height) as egui's checkbox
/// paints it, in `visuals` (the state of the rectangle's response), added to `shapes`.
pub(super) fn tick_box_shapes(
    ui: &egui::Ui,
    visuals: &egui::style::WidgetVisuals,
    rect: egui::Rect,
    checked: bool,
    shapes: &mut Vec<egui::Shape>,
) {
    let icon_width = ui.spacing().icon_width;
    let icon = egui::Rect::from_center_size(
        egui::pos2(rect.left() + icon_width * 0.5, rect.center().y),
        egui::Vec2::splat(icon_width),
    );
    shapes.push(egui::Shape::Rect(egui::epaint::RectShape::new(
        icon.expand(visuals.expansion),
        visuals
            .corner_radius
            .at_most((0.3 * icon_width).round() as u8),
        visuals.bg_fill,
        visuals.bg_stroke,
        egui::StrokeKind::Inside,
    )));
    if checked {
        let check = egui::Rect::from_center_size(
            icon.center(),
            egui::Vec2::splat(ui.spacing().icon_width_inner),
        );
        shapes.push(egui::Shape::line(
            vec![
                egui::pos2(check.left(), check.center().y),
                egui::pos2(check.center().x, check.bottom()),
                egui::pos2(check.right(), check.top()),
            ],
            visuals.fg_stroke,
        ));
    }
}

/// `text` laid out on one line in `style`, cut with "…" at `max_width`, in the placeholder
/// colour (painted in the colour given when drawn).
fn one_line(
    ui: &egui::Ui,
    text: String,
    style: egui::TextStyle,
    max_width: f32,
) -> Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(
        text,
        style.resolve(ui.style()),
        egui::Color32::PLACEHOLDER,
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(max_width.max(1.0));
    ui.painter().layout_job(job)
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

/// The area of a row's laid-out details text at `left_top`, `line` high, announced to screen
/// readers as a label; returns its rectangle.
fn detail_label(
    ui: &mut egui::Ui,
    row: egui::Id,
    left_top: egui::Pos2,
    details: &egui::Galley,
    line: f32,
) -> egui::Rect {
    let rect = egui::Rect::from_min_size(left_top, egui::vec2(details.size().x, line));
    // The label is there for screen readers alone (the text is painted with the row, and it
    // reacts to nothing): a widget is made for it only while one listens.
    if screen_reader_listens(ui) {
        let response = ui.interact(rect, row.with("details"), egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, details.text()));
    }
    rect
}

/// Whether egui builds the accessibility tree this frame (a screen reader, or a test, asked
/// for it): every `Ui` then has a node of its own.
fn screen_reader_listens(ui: &egui::Ui) -> bool {
    ui.ctx()
        .accesskit_node_builder(ui.unique_id(), |_| ())
        .is_some()
}

impl LibraryPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let library = view.library;
        if self.rows.key != Some(Rows::key_of(library)) {
            self.rows = Rows::for_library(library);
        }
        // Taken out for the frame (the rows drawn below borrow the panel); the heights measured
        // are recorded after, and move the rows from the next frame on.
        let mut heights = std::mem::take(&mut self.rows.heights);
        let mut drawn_heights = Vec::new();
        let tops = heights.tops();
        let y = tops.last().copied().unwrap_or(0.0);
        egui::ScrollArea::vertical()
            .id_salt("library_scroll")
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(y);
                let width = ui.available_width();
                // The painted rows allocate nothing: keep the panel as wide as it was given.
                ui.set_min_width(width);
                let origin = ui.max_rect().min;
                self.texts.prepare(ui, library.revision(), width);
                let mut row = tops
                    .partition_point(|&top| top <= viewport.min.y)
                    .saturating_sub(1);
                // The painted rows' shapes, painted from one mesh made again only when they
                // change (a tick, a hover, a scroll).
                let mut shapes = Vec::new();
                while row < self.rows.rows.len()
                    && tops.get(row).is_some_and(|&t| t < viewport.max.y)
                {
                    let top_left = origin + egui::vec2(0.0, tops[row]);
                    let item = self.rows.rows[row];
                    let expanded = |index: LibrarySpeakerIndex| {
                        library
                            .speakers()
                            .get(index)
                            .is_some_and(|s| self.expanded.as_deref() == Some(&s.key))
                    };
                    let drawn = match item {
                        Row::Transcript(index) => {
                            self.paint_transcript(ui, view, index, top_left, width, &mut shapes)
                        }
                        Row::Speaker(index) if !expanded(index) => {
                            self.paint_speaker(ui, view, index, top_left, width, &mut shapes)
                        }
                        _ => {
                            let rect = egui::Rect::from_min_size(
                                top_left,
                                egui::vec2(width, f32::INFINITY),
                            );
                            let builder = egui::UiBuilder::new()
                                .max_rect(rect)
                                .id_salt(("library_row", row));
                            ui.scope_builder(builder, |ui| self.row(ui, view, item))
                                .response
                                .rect
                                .height()
                                + ui.spacing().item_spacing.y
                        }
                    };
                    drawn_heights.push((row, drawn));
                    row += 1;
                }
                self.mesh.paint(ui.painter(), shapes);
            });
        heights.set_drawn(ui.ctx(), drawn_heights);
        self.rows.heights = heights;
    }

    /// Adds the shapes of a transcript's row to `shapes` (tick box with the short title, close
    /// button, then date, format and words) from laid-out text kept across frames: two
    /// interactive rectangles and one label instead of nested widgets. Returns the height it
    /// takes, gap included.
    fn paint_transcript(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        index: usize,
        top_left: egui::Pos2,
        width: f32,
        shapes: &mut Vec<egui::Shape>,
    ) -> f32 {
        let line = ui.spacing().interact_size.y;
        let gap = ui.spacing().item_spacing;
        let height = 2.0 * line + gap.y;
        let Some(transcript) = view.library.transcripts().get(index) else {
            return height;
        };
        let words = view.library.transcript_words(index);
        // The close button keeps clear of the scroll bar, which takes the pointer at the edge.
        let scroll = &ui.spacing().scroll;
        let bar = scroll.bar_inner_margin + scroll.bar_width + scroll.bar_outer_margin;
        let close_rect = egui::Rect::from_min_size(
            top_left + egui::vec2(width - bar - line, 0.0),
            egui::vec2(line, line),
        );
        let tick_rect = egui::Rect::from_min_max(
            top_left,
            egui::pos2(close_rect.left() - gap.x, top_left.y + line),
        );
        let icon_width = ui.spacing().icon_width;
        let text_left = icon_width + ui.spacing().icon_spacing;
        let texts =
            self.texts
                .transcript(ui, transcript, index, words, tick_rect.width() - text_left);

        // `active` is in library order.
        let active = view.active.binary_search(&index).is_ok();
        let id = ui.scope_id().with(("library_transcript", index));
        let tick = ui.interact(tick_rect, id, egui::Sense::click());
        tick.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, active, texts.title.text())
        });
        if tick.clicked() {
            view.commands.push(Command::SetActive(index, !active));
        }
        let tick = super::hover::on_hover_ui(tick, |ui| {
            ui.label(format!(
                "{}\n{}",
                transcript.title,
                transcript.source_path.display()
            ));
        });
        let close = ui.interact(close_rect, id.with("close"), egui::Sense::click());
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
        let close = super::hover::on_hover_ui(close, |ui| {
            ui.label(format!("Close {}", transcript.title));
        });
        let details_rect = detail_label(
            ui,
            id,
            top_left + egui::vec2(text_left, line),
            &texts.details,
            line,
        );

        if ui.is_rect_visible(egui::Rect::from_min_size(
            top_left,
            egui::vec2(width, height),
        )) {
            let visuals = ui.style().interact(&tick);
            tick_box_shapes(ui, visuals, tick_rect, active, shapes);
            shapes.push(text_line(
                tick_rect.left() + text_left,
                tick_rect,
                texts.title.clone(),
                visuals.text_color(),
            ));
            let visuals = ui.style().interact(&close);
            shapes.push(egui::Shape::Rect(egui::epaint::RectShape::new(
                close_rect.expand(visuals.expansion),
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            )));
            if let Some(cross) = &self.texts.cross {
                shapes.push(egui::Shape::galley(
                    close_rect.center() - cross.size() * 0.5,
                    cross.clone(),
                    visuals.text_color(),
                ));
            }
            shapes.push(text_line(
                details_rect.left(),
                details_rect,
                texts.details.clone(),
                ui.visuals().weak_text_color(),
            ));
        }
        height
    }

    /// Adds the shapes of a speaker's row to `shapes` (colour dot, name to click for the
    /// corrections, turns and words) from laid-out text kept across frames. Returns the height
    /// it takes, gap included.
    fn paint_speaker(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        index: LibrarySpeakerIndex,
        top_left: egui::Pos2,
        width: f32,
        shapes: &mut Vec<egui::Shape>,
    ) -> f32 {
        let line = ui.spacing().interact_size.y;
        let gap = ui.spacing().item_spacing;
        let height = line + gap.y;
        let Some(speaker) = view.library.speakers().get(index) else {
            return height;
        };
        let colour = view.colour(index);
        let padding = ui.spacing().button_padding.x;
        let dot_width = 12.0;
        let name_left = dot_width + gap.x;
        let texts = self
            .texts
            .speaker(ui, speaker, index, width - name_left - 2.0 * padding);
        let name_rect = egui::Rect::from_min_size(
            top_left + egui::vec2(name_left, 0.0),
            egui::vec2(texts.title.size().x + 2.0 * padding, line),
        );
        let id = ui.scope_id().with(("library_speaker", index));
        let name = ui.interact(name_rect, id, egui::Sense::click());
        name.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, false, texts.title.text())
        });
        if name.clicked() {
            self.expanded = Some(speaker.key.clone());
        }
        let name = super::hover::on_hover_ui(name, |ui| {
            ui.label(format!(
                "{} turns · {} words · {} transcripts\nlabels: {}\nclick for rename, merge, split, hide",
                thousands(speaker.turns),
                thousands(speaker.words),
                speaker.transcript_count,
                speaker.aliases.join(", ")
            ));
        });
        let details_rect = detail_label(
            ui,
            id,
            egui::pos2(name_rect.right() + gap.x, top_left.y),
            &texts.details,
            line,
        );

        if ui.is_rect_visible(egui::Rect::from_min_size(
            top_left,
            egui::vec2(width, height),
        )) {
            let centre = egui::pos2(top_left.x + dot_width * 0.5, top_left.y + line * 0.5);
            if speaker.hidden {
                shapes.push(egui::Shape::circle_stroke(
                    centre,
                    5.0,
                    egui::Stroke::new(1.5, colour),
                ));
            } else {
                shapes.push(egui::Shape::circle_filled(centre, 5.0, colour));
            }
            if name.hovered() || name.has_focus() {
                let visuals = ui.style().interact(&name);
                shapes.push(egui::Shape::Rect(egui::epaint::RectShape::new(
                    name_rect.expand(visuals.expansion),
                    visuals.corner_radius,
                    visuals.weak_bg_fill,
                    visuals.bg_stroke,
                    egui::StrokeKind::Inside,
                )));
            }
            shapes.push(text_line(
                name_rect.left() + padding,
                name_rect,
                texts.title.clone(),
                colour,
            ));
            shapes.push(text_line(
                details_rect.left(),
                details_rect,
                texts.details.clone(),
                ui.visuals().weak_text_color(),
            ));
        }
        height
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
            thousands(view.library.transcript_words(index))
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
        let heights = RowHeights::new(
            rows.iter()
                .map(|row| match row {
                    Row::Transcript(_) => TRANSCRIPT_ROW,
                    Row::Speaker(_) => SPEAKER_ROW,
                    Row::TranscriptsHeading | Row::SpeakersHeading => HEADING_ROW,
                })
                .collect(),
        );
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
