//! Compare: one column per chosen speaker (default: the two people who speak most) with what
//! each said that matches the filter: a header with the excerpts, their words and their share
//! of the speaker's words within the filter's scope, then the excerpts with highlighted terms,
//! transcript title, date, section and time, sorted by position or relevance, in a virtualised
//! list. Any excerpt opens the reader; tick boxes choose what to export.
//!
//! The figures ([`CompareFigures`]) are computed on the analysis worker once per (library
//! revision, filter, columns); drawing only reads them.

use super::app::{Command, Notice, NoticeKind, ViewContext};
use super::library_panel::thousands;
use super::premesh::MeshCache;
use super::reader::{clock, short_title};
use super::save_row::SaveRow;
use crate::analysis::{Filter, Hit, Index, Matches, QueryError, ThemeSet};
use crate::export::{Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crate::library::{Library, TranscriptIndex};
use crate::model::Role;
use egui::text::LayoutJob;
use egui::{FontId, TextFormat};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Height of one excerpt row in the virtualised lists (citation line and three text lines).
const ROW_HEIGHT: f32 = 88.0;
/// Copies the ticked (or all) excerpts with citations.
const COPY_SHORTCUT: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::C,
);
/// Exports the ticked (or all) excerpts to the typed path.
const EXPORT_SHORTCUT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::E);
/// Narrowest column; more columns than fit scroll sideways.
const MIN_COLUMN_WIDTH: f32 = 280.0;

/// An excerpt, as ticked for export: transcript, turn and the sentence's byte range. Keys
/// survive a recomputation of the figures (hit indices do not).
pub type ExcerptKey = (TranscriptIndex, usize, Range<usize>);

/// The key of a hit.
pub fn excerpt_key(hit: &Hit) -> ExcerptKey {
    (hit.transcript, hit.turn, hit.sentence.clone())
}

/// How a column orders its excerpts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Transcript, then reading order.
    #[default]
    Position,
    /// Most matched words first, then reading order.
    Relevance,
}

/// One column's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnFigures {
    /// The speaker's key.
    pub key: String,
    /// The speaker's display name.
    pub name: String,
    /// The library speaker (for the colour), if the key is known.
    pub speaker: Option<usize>,
    /// Indices into [`CompareFigures::matches`]`.hits`, in reading order.
    pub hits: Vec<usize>,
    /// The same indices, most matched words first.
    pub by_relevance: Vec<usize>,
    /// Words in the matching sentences.
    pub words: usize,
    /// All the speaker's words within the filter's scope (its restrictions without the query
    /// and themes).
    pub scope_words: usize,
}

impl ColumnFigures {
    /// `words` as a share (0..=1) of `scope_words`.
    pub fn share(&self) -> f64 {
        if self.scope_words == 0 {
            0.0
        } else {
            self.words as f64 / self.scope_words as f64
        }
    }

    /// The hit indices in `order`.
    pub fn ordered(&self, order: SortOrder) -> &[usize] {
        match order {
            SortOrder::Position => &self.hits,
            SortOrder::Relevance => &self.by_relevance,
        }
    }
}

/// What Compare shows for one (library revision, filter, columns).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareFigures {
    /// The filter's matches, restricted to the column speakers.
    pub matches: Matches,
    /// The columns, left to right.
    pub columns: Vec<ColumnFigures>,
}

impl CompareFigures {
    /// Evaluates `filter` for the speakers `columns` (in place of the filter's own speakers)
    /// and, for the shares, the filter's scope without its query and themes.
    pub fn compute(
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
        columns: &[String],
    ) -> Result<CompareFigures, QueryError> {
        let mut on_columns = filter.clone();
        on_columns.speakers = columns.to_vec();
        let matches = on_columns.evaluate(library, index, themes)?;
        let searched = !on_columns.query.trim().is_empty() || !on_columns.themes.is_empty();
        let scope = if searched {
            let mut scope = on_columns.clone();
            scope.query.clear();
            scope.themes.clear();
            Some(scope.evaluate(library, index, themes)?)
        } else {
            None
        };
        let columns = columns
            .iter()
            .map(|key| {
                let speaker = library.speaker_by_key(key);
                let group = matches.groups.iter().find(|g| g.key == *key);
                let hits = group.map(|g| g.hits.clone()).unwrap_or_default();
                let words = group.map_or(0, |g| g.words);
                let scope_words = match &scope {
                    Some(scope) => scope
                        .groups
                        .iter()
                        .find(|g| g.key == *key)
                        .map_or(0, |g| g.words),
                    None => words,
                };
                let mut by_relevance = hits.clone();
                // Stable: equally relevant excerpts keep their reading order. Each excerpt's
                // highlights are worked out once, not at every comparison.
                by_relevance.sort_by_cached_key(|&h| {
                    std::cmp::Reverse(
                        matches
                            .hits
                            .get(h)
                            .map_or(0, |hit| hit.spans_in(library).len()),
                    )
                });
                ColumnFigures {
                    key: key.clone(),
                    name: speaker
                        .and_then(|s| library.speakers().get(s))
                        .map_or_else(|| key.clone(), |s| s.name.clone()),
                    speaker,
                    hits,
                    by_relevance,
                    words,
                    scope_words,
                }
            })
            .collect();
        Ok(CompareFigures { matches, columns })
    }

    /// The excerpts to export or copy: the ticked ones, or every excerpt when none of the shown
    /// ones is ticked; column by column, each in `order`.
    pub fn excerpt_set(
        &self,
        library: &Library,
        ticked: &HashSet<ExcerptKey>,
        order: SortOrder,
        query: Option<String>,
    ) -> ExcerptSet {
        let shown = || {
            self.columns
                .iter()
                .flat_map(move |c| c.ordered(order).iter())
                .filter_map(|&h| self.matches.hits.get(h))
        };
        let any_ticked = shown().any(|hit| ticked.contains(&excerpt_key(hit)));
        let excerpts = shown()
            .filter(|hit| !any_ticked || ticked.contains(&excerpt_key(hit)))
            .filter_map(|hit| {
                Excerpt::from_hit(
                    library,
                    hit.transcript,
                    hit.turn,
                    hit.sentence.clone(),
                    &hit.spans_in(library),
                )
            })
            .collect();
        ExcerptSet { query, excerpts }
    }

    /// How many of the shown excerpts are ticked.
    pub fn ticked_count(&self, ticked: &HashSet<ExcerptKey>) -> usize {
        if ticked.is_empty() {
            return 0;
        }
        self.columns
            .iter()
            .flat_map(|c| c.hits.iter())
            .filter_map(|&h| self.matches.hits.get(h))
            .filter(|hit| ticked.contains(&excerpt_key(hit)))
            .count()
    }

    /// Every excerpt of the columns.
    pub fn total(&self) -> usize {
        self.columns.iter().map(|c| c.hits.len()).sum()
    }
}

/// The two people (not hidden) who speak most, among those who speak in `shown` transcripts.
pub fn default_columns(library: &Library, shown: &[TranscriptIndex]) -> Vec<String> {
    let mut people: Vec<&crate::LibrarySpeaker> = library
        .speakers()
        .iter()
        .filter(|s| s.role == Role::Person && !s.hidden)
        .filter(|s| s.members.iter().any(|m| shown.contains(&m.transcript)))
        .collect();
    people.sort_by_key(|s| std::cmp::Reverse(s.words));
    people.iter().take(2).map(|s| s.key.clone()).collect()
}

/// The filter as a label for export headings (themes and query).
pub fn query_label(filter: &Filter) -> Option<String> {
    let mut parts: Vec<String> = filter.themes.iter().map(|t| format!("theme:{t}")).collect();
    if !filter.query.trim().is_empty() {
        parts.push(filter.query.trim().to_owned());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// State of the compare view.
#[derive(Debug)]
pub struct CompareView {
    /// Keys of the speakers shown as columns when the filter names no speakers (empty: the
    /// two people who speak most). When the filter names speakers, they are the columns.
    pub columns: Vec<String>,
    /// How the columns order their excerpts.
    pub order: SortOrder,
    /// Excerpts ticked for export (none ticked: every excerpt of the columns).
    pub ticked: HashSet<ExcerptKey>,
    /// Where Export writes; an extension of the file name picks the format.
    pub save_row: SaveRow,
    /// The export format for a file name without an extension of its own.
    pub format: ExportFormat,
    /// Start CSV exports with a byte-order mark (for Excel).
    pub csv_bom: bool,
    /// The excerpt rows' text, laid out once and shown every frame.
    texts: ExcerptTexts,
    /// The painted excerpt rows' mesh, by column key (the columns of the last frame).
    meshes: HashMap<String, MeshCache>,
}

/// An excerpt row's text: the place line and the sentence laid out with its highlights.
#[derive(Debug, Clone)]
struct ExcerptText {
    /// The column width (bits) the sentence was laid out for.
    width: u32,
    /// "time · section · date · title".
    place: String,
    /// The place line laid out (small, weak, underlined), cut to the room beside the tick box.
    place_line: Arc<egui::Galley>,
    /// The sentence, matched words marked, at most three rows.
    sentence: Arc<egui::Galley>,
}

/// Laid-out excerpt rows by hit, for one set of figures and one look (colours, scale, font
/// atlas); only
/// rows that have been in view are kept.
#[derive(Debug, Default)]
struct ExcerptTexts {
    figures: Option<Arc<CompareFigures>>,
    look: Option<([egui::Color32; 4], u32, u64)>,
    rows: HashMap<usize, ExcerptText>,
    /// The tick boxes' "export".
    export: Option<Arc<egui::Galley>>,
}

impl ExcerptTexts {
    /// Rows kept at most; more (after long scrolls) start the cache afresh.
    const MAX_ROWS: usize = 1024;

    /// Forgets the rows when the figures or the look (colours, scale, font atlas) changed.
    fn prepare(&mut self, ui: &egui::Ui, figures: &Arc<CompareFigures>) {
        let visuals = ui.visuals();
        let look = (
            [
                visuals.text_color(),
                visuals.strong_text_color(),
                visuals.selection.bg_fill,
                visuals.weak_text_color(),
            ],
            ui.ctx().pixels_per_point().to_bits(),
            crate::ui::premesh::atlas_generation(ui.ctx()),
        );
        let same = self
            .figures
            .as_ref()
            .is_some_and(|f| Arc::ptr_eq(f, figures));
        if !same || self.look != Some(look) || self.rows.len() > Self::MAX_ROWS {
            self.figures = Some(Arc::clone(figures));
            self.look = Some(look);
            self.rows.clear();
            let font = egui::TextStyle::Button.resolve(ui.style());
            self.export = Some(ui.painter().layout_no_wrap(
                "export".to_owned(),
                font,
                egui::Color32::PLACEHOLDER,
            ));
        }
    }

    /// The text of the excerpt of hit `index`, laid out for `width`.
    fn get(
        &mut self,
        ui: &egui::Ui,
        transcript: &crate::Transcript,
        index: usize,
        hit: &Hit,
        width: f32,
        place_width: f32,
    ) -> ExcerptText {
        let width_bits = width.to_bits();
        if let Some(text) = self.rows.get(&index)
            && text.width == width_bits
        {
            return text.clone();
        }
        let estimated = if transcript.timed { "" } else { " (estimated)" };
        let mut parts = vec![format!("{}{estimated}", clock(hit.time))];
        if let Some(section) = hit.section.and_then(|s| transcript.sections.get(s)) {
            parts.push(section.title.clone());
        }
        if let Some(date) = transcript.date {
            parts.push(date.to_string());
        }
        parts.push(short_title(&transcript.title, 60));
        let text = transcript
            .turns
            .get(hit.turn)
            .map_or("", |turn| turn.text.as_str());
        let job = highlighted(ui, text, hit, width);
        let place = parts.join(" · ");
        let mut place_job = LayoutJob::single_section(
            place.clone(),
            TextFormat {
                font_id: egui::TextStyle::Small.resolve(ui.style()),
                color: ui.visuals().weak_text_color(),
                underline: egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
                ..TextFormat::default()
            },
        );
        place_job.wrap = egui::text::TextWrapping::truncate_at_width(place_width.max(1.0));
        let made = ExcerptText {
            width: width_bits,
            place,
            place_line: ui.painter().layout_job(place_job),
            sentence: ui.painter().layout_job(job),
        };
        self.rows.insert(index, made.clone());
        made
    }
}

impl Default for CompareView {
    fn default() -> CompareView {
        CompareView {
            columns: Vec::new(),
            order: SortOrder::Position,
            ticked: HashSet::new(),
            save_row: SaveRow::new("crosstalk-excerpts.md"),
            format: ExportFormat::Markdown,
            csv_bom: false,
            texts: ExcerptTexts::default(),
            meshes: HashMap::new(),
        }
    }
}

impl CompareView {
    /// Drops the ticks on a closed transcript and shifts those on later ones down by one, as
    /// the library's indices shift.
    pub fn forget(&mut self, closed: TranscriptIndex) {
        self.ticked = std::mem::take(&mut self.ticked)
            .into_iter()
            .filter(|(transcript, _, _)| *transcript != closed)
            .map(|(transcript, turn, sentence)| {
                let transcript = if transcript > closed {
                    transcript - 1
                } else {
                    transcript
                };
                (transcript, turn, sentence)
            })
            .collect();
    }

    /// The speakers to show as columns for `filter`: the filter's speakers when it names some,
    /// else the view's own columns (chosen now, when empty, among the `shown` transcripts).
    pub fn columns_for(
        &mut self,
        library: &Library,
        filter: &Filter,
        shown: &[TranscriptIndex],
    ) -> Vec<String> {
        if !filter.speakers.is_empty() {
            return filter.speakers.clone();
        }
        self.columns
            .retain(|key| library.speaker_by_key(key).is_some());
        if self.columns.is_empty() {
            self.columns = default_columns(library, shown);
        }
        self.columns.clone()
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        if view.active.is_empty() {
            ui.label(
                "No transcript to compare: tick one in the library panel, or widen the filter's \
                 transcripts and dates.",
            );
            return;
        }
        let Some(outcome) = view.compare else {
            // No spinner: the app repaints while the worker is busy, and a spinner would keep
            // the window repainting at full rate.
            ui.label("Comparing…");
            return;
        };
        let figures = match &outcome.result {
            Ok(figures) => std::sync::Arc::clone(figures),
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                return;
            }
        };
        self.texts.prepare(ui, &figures);
        self.toolbar(ui, view, &figures);
        if view.filter.query.trim().is_empty() && view.filter.themes.is_empty() {
            ui.weak(
                "No query or theme: every sentence of each speaker within the filter. Choose a \
                 theme or type a query in the filter bar to compare what they said about it.",
            );
        }
        ui.separator();
        if figures.columns.is_empty() {
            ui.label("Add speakers to compare with “Add column” above.");
            return;
        }
        let count = figures.columns.len() as f32;
        let spacing = ui.spacing().item_spacing.x;
        let width =
            ((ui.available_width() - spacing * (count - 1.0)) / count).max(MIN_COLUMN_WIDTH);
        let mut remove = None;
        self.meshes
            .retain(|key, _| figures.columns.iter().any(|c| &c.key == key));
        egui::ScrollArea::horizontal()
            .id_salt("compare_columns")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for (c, column) in figures.columns.iter().enumerate() {
                        ui.allocate_ui(egui::vec2(width, ui.available_height()), |ui| {
                            ui.set_width(width);
                            ui.vertical(|ui| {
                                if self.column(ui, view, &figures, column) {
                                    remove = Some(c);
                                }
                            });
                        });
                    }
                });
            });
        if let Some(c) = remove
            && let Some(column) = figures.columns.get(c)
        {
            self.remove_column(view, &column.key);
        }
    }

    fn remove_column(&mut self, view: &mut ViewContext<'_>, key: &str) {
        if view.filter.speakers.is_empty() {
            self.columns.retain(|k| k != key);
        } else {
            let mut next = view.filter.clone();
            next.speakers.retain(|k| k != key);
            view.commands.push(Command::SetFilter(next));
        }
    }

    fn add_column(&mut self, view: &mut ViewContext<'_>, key: &str) {
        if view.filter.speakers.is_empty() {
            if !self.columns.iter().any(|k| k == key) {
                self.columns.push(key.to_owned());
            }
        } else if !view.filter.speakers.iter().any(|k| k == key) {
            let mut next = view.filter.clone();
            next.speakers.push(key.to_owned());
            view.commands.push(Command::SetFilter(next));
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>, figures: &CompareFigures) {
        let library = view.library;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Add column:");
            let mut added = None;
            egui::ComboBox::from_id_salt("compare_add")
                .selected_text("speaker…")
                .height(360.0)
                .show_ui(ui, |ui| {
                    let mut speakers: Vec<&crate::LibrarySpeaker> =
                        library.speakers().iter().filter(|s| !s.hidden).collect();
                    speakers.sort_by_key(|s| (s.role != Role::Person, std::cmp::Reverse(s.words)));
                    for speaker in speakers {
                        let shown = figures.columns.iter().any(|c| c.key == speaker.key);
                        if ui.selectable_label(shown, &speaker.name).clicked() && !shown {
                            added = Some(speaker.key.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(key) = added {
                self.add_column(view, &key);
            }
            ui.separator();
            ui.label("Sort:");
            ui.selectable_value(&mut self.order, SortOrder::Position, "Position")
                .on_hover_text("Transcript order, then reading order");
            ui.selectable_value(&mut self.order, SortOrder::Relevance, "Relevance")
                .on_hover_text("Most matched words first");
            if view.compare_pending {
                ui.weak("updating…");
            }
        });
        ui.horizontal_wrapped(|ui| self.export_bar(ui, view, figures));
    }

    /// Draws a column; returns whether its remove button was clicked.
    fn column(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        figures: &CompareFigures,
        column: &ColumnFigures,
    ) -> bool {
        let colour = column
            .speaker
            .map_or(egui::Color32::GRAY, |s| view.colour(s));
        let mut remove = false;
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&column.name).heading().color(colour));
            remove = ui
                .small_button("×")
                .on_hover_text(format!("Remove the column of {}", column.name))
                .clicked();
        });
        ui.label(format!(
            "{} excerpts · {} words · {:.1}% of {}'s words",
            thousands(column.hits.len()),
            thousands(column.words),
            column.share() * 100.0,
            column.name
        ))
        .on_hover_text(format!(
            "{} of the {} words {} speaks within the filter's transcripts, sections, roles and \
             dates",
            thousands(column.words),
            thousands(column.scope_words),
            column.name
        ));
        ui.horizontal(|ui| {
            if ui
                .small_button("Tick all")
                .on_hover_text(format!("Tick every excerpt of {}", column.name))
                .clicked()
            {
                self.ticked.extend(
                    column
                        .hits
                        .iter()
                        .filter_map(|&h| figures.matches.hits.get(h))
                        .map(excerpt_key),
                );
            }
            if ui
                .small_button("Untick all")
                .on_hover_text(format!("Untick every excerpt of {}", column.name))
                .clicked()
            {
                for hit in column
                    .hits
                    .iter()
                    .filter_map(|&h| figures.matches.hits.get(h))
                {
                    self.ticked.remove(&excerpt_key(hit));
                }
            }
        });
        ui.separator();
        if column.hits.is_empty() {
            ui.weak("Nothing matches for this speaker.");
            return remove;
        }
        let hits = column.ordered(self.order);
        egui::ScrollArea::vertical()
            .id_salt(("compare_column", &column.key))
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, hits.len(), |ui, rows| {
                // The rows' shapes, painted from one mesh made again only when they change
                // (a tick, a hover, a scroll).
                let mut shapes = Vec::new();
                for row in rows {
                    if let Some(&h) = hits.get(row)
                        && let Some(hit) = figures.matches.hits.get(h)
                    {
                        self.excerpt(ui, view, h, hit, &mut shapes);
                    }
                }
                self.meshes
                    .entry(column.key.clone())
                    .or_default()
                    .paint(ui.painter(), shapes);
            });
        remove
    }

    /// One excerpt row, painted from text laid out once (see [`ExcerptTexts`]): a tick box,
    /// the place line (a link to the turn) and the sentence, each an accessible rectangle. The
    /// text is not selectable: a click reads the turn, and Copy / Export take the excerpts with
    /// their citations.
    fn excerpt(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        index: usize,
        hit: &Hit,
        shapes: &mut Vec<egui::Shape>,
    ) {
        let Some(transcript) = view.library.transcripts().get(hit.transcript) else {
            return;
        };
        let Some(turn) = transcript.turns.get(hit.turn) else {
            return;
        };
        let width = ui.available_width();
        // Space only: the row's tick and link are its widgets.
        let (_, row) = ui.allocate_space(egui::vec2(width, ROW_HEIGHT));
        let Some(export) = self.texts.export.clone() else {
            return;
        };
        let line = ui.spacing().interact_size.y;
        let gap = ui.spacing().item_spacing;
        let icon_width = ui.spacing().icon_width;
        let text_left = icon_width + ui.spacing().icon_spacing;
        let tick_rect =
            egui::Rect::from_min_size(row.min, egui::vec2(text_left + export.size().x, line));
        let place_left = tick_rect.right() + gap.x;
        let text = self
            .texts
            .get(ui, transcript, index, hit, width, row.right() - place_left);
        let id = ui.scope_id().with(("compare_excerpt", index));

        let key = excerpt_key(hit);
        let chosen = self.ticked.contains(&key);
        let tick = ui.interact(tick_rect, id, egui::Sense::click());
        tick.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, chosen, export.text())
        });
        if tick.clicked() {
            if chosen {
                self.ticked.remove(&key);
            } else {
                self.ticked.insert(key);
            }
        }
        let tick = super::hover::on_hover_ui(tick, |ui| {
            ui.label("Tick to export or copy this excerpt");
        });

        let place_rect = egui::Rect::from_min_size(
            egui::pos2(place_left, row.top()),
            egui::vec2(text.place_line.size().x, line),
        );
        let link = ui.interact(place_rect, id.with("place"), egui::Sense::click());
        link.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &text.place));
        let link = super::hover::on_hover_ui(link, |ui| {
            ui.label(format!("{}\nClick to read this turn", transcript.title));
        });

        let sentence_rect = egui::Rect::from_min_size(
            egui::pos2(row.left(), row.top() + line + gap.y),
            text.sentence.size(),
        );
        let sentence = ui.interact(sentence_rect, id.with("sentence"), egui::Sense::click());
        sentence.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Label, true, text.sentence.text())
        });
        let sentence = super::hover::on_hover_ui(sentence, |ui| {
            let said = turn.text.get(hit.sentence.clone()).unwrap_or_default();
            ui.label(format!("{}\n\nClick to read this turn", said.trim()));
        });
        if link.clicked() || sentence.clicked() {
            view.commands.push(Command::JumpToTurn {
                transcript: hit.transcript,
                turn: hit.turn,
            });
        }

        if ui.is_rect_visible(row) {
            let visuals = ui.style().interact(&tick);
            super::library_panel::tick_box_shapes(ui, visuals, tick_rect, chosen, shapes);
            shapes.push(super::library_panel::text_line(
                tick_rect.left() + text_left,
                tick_rect,
                export,
                visuals.text_color(),
            ));
            shapes.push(super::library_panel::text_line(
                place_rect.left(),
                place_rect,
                text.place_line.clone(),
                ui.visuals().weak_text_color(),
            ));
            shapes.push(egui::Shape::galley(
                sentence_rect.min,
                text.sentence.clone(),
                ui.visuals().text_color(),
            ));
        }
    }

    fn export_bar(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        figures: &CompareFigures,
    ) {
        let ticked = figures.ticked_count(&self.ticked);
        let count = if ticked == 0 { figures.total() } else { ticked };
        ui.label(format!(
            "{} of {} ticked",
            thousands(ticked),
            thousands(figures.total())
        ));
        if ticked > 0 && ui.small_button("Untick all").clicked() {
            self.ticked.clear();
        }
        ui.separator();
        let copy = ui
            .add_enabled(count > 0, egui::Button::new("Copy"))
            .on_hover_text(
                "Copy the ticked excerpts, or all of the columns' excerpts when none is ticked, \
                 as text with citations (Ctrl+Shift+C)",
            )
            .clicked()
            || ui.input_mut(|i| i.consume_shortcut(&COPY_SHORTCUT));
        if copy && count > 0 {
            let set = figures.excerpt_set(
                view.library,
                &self.ticked,
                self.order,
                query_label(view.filter),
            );
            view.commands.push(copy_to_clipboard(ui.ctx(), &set));
        }
        ui.separator();
        let label = ui.label("Format:");
        egui::ComboBox::from_id_salt("compare_export_format")
            .selected_text(format_name(self.format))
            .show_ui(ui, |ui| {
                for format in ExportFormat::ALL {
                    ui.selectable_value(&mut self.format, format, format_name(format));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Used when the file name has no extension of its own");
        if self.format == ExportFormat::Csv {
            ui.checkbox(&mut self.csv_bom, "Byte-order mark")
                .on_hover_text(
                    "Start the CSV with a byte-order mark, so that Excel reads it as UTF-8",
                );
        }
        let extension = self.format.extension();
        let mut request = self
            .save_row
            .ui(ui, &format!("Export {count} excerpts to:"), extension);
        if ui.input_mut(|i| i.consume_shortcut(&EXPORT_SHORTCUT)) {
            request = self.save_row.typed_request(extension);
        }
        let Some(request) = request else {
            return;
        };
        if count == 0 {
            view.commands.push(Command::Notify(Notice {
                kind: NoticeKind::Info,
                text: "Nothing to export: no excerpt matches the filter for these speakers."
                    .to_owned(),
            }));
        } else {
            let format = request
                .path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(ExportFormat::from_extension)
                .unwrap_or(self.format);
            let set = figures.excerpt_set(
                view.library,
                &self.ticked,
                self.order,
                query_label(view.filter),
            );
            view.commands.push(Command::Export {
                set,
                path: request.path,
                format,
                options: ExportOptions {
                    csv_bom: self.csv_bom,
                },
                replace_confirmed: request.chosen_in_dialog,
            });
        }
    }
}

/// The name of a format in the format picker.
pub fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "Markdown (.md)",
        ExportFormat::Csv => "CSV (.csv)",
        ExportFormat::Json => "JSON (.json)",
        ExportFormat::Text => "Text (.txt)",
        ExportFormat::Html => "HTML (.html)",
    }
}

/// Puts `set` on the clipboard as plain text with citations (the text export's format);
/// returns the notice that says so.
pub fn copy_to_clipboard(ctx: &egui::Context, set: &ExcerptSet) -> Command {
    match crate::export::render(ExportFormat::Text, set, ExportOptions::default()) {
        Ok(bytes) => {
            ctx.copy_text(String::from_utf8_lossy(&bytes).into_owned());
            Command::Notify(Notice {
                kind: NoticeKind::Info,
                text: format!(
                    "Copied {} excerpts with their citations to the clipboard",
                    set.excerpts.len()
                ),
            })
        }
        Err(error) => Command::Notify(Notice {
            kind: NoticeKind::Error,
            text: format!("Could not copy the excerpts: {error}"),
        }),
    }
}

/// The sentence of `hit` with its matched words marked, at most three lines of `width`.
fn highlighted(ui: &egui::Ui, text: &str, hit: &Hit, width: f32) -> LayoutJob {
    let font = FontId::proportional(14.0);
    let normal = TextFormat::simple(font, ui.visuals().text_color());
    let marked = TextFormat {
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill,
        ..normal.clone()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    job.wrap.max_rows = 3;
    let sentence = hit.sentence.clone();
    let mut at = sentence.start;
    let mut spans: Vec<Range<usize>> = hit
        .spans(text)
        .iter()
        .filter(|s| s.start >= sentence.start && s.end <= sentence.end)
        .cloned()
        .collect();
    spans.sort_by_key(|s| s.start);
    for span in spans {
        if span.start < at {
            continue;
        }
        job.append(
            text.get(at..span.start).unwrap_or_default(),
            0.0,
            normal.clone(),
        );
        job.append(
            text.get(span.clone()).unwrap_or_default(),
            0.0,
            marked.clone(),
        );
        at = span.end;
    }
    job.append(text.get(at..sentence.end).unwrap_or_default(), 0.0, normal);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_a_transcript_drops_its_ticks_and_shifts_later_ones() {
        let mut view = CompareView::default();
        view.ticked.insert((0, 3, 0..10));
        view.ticked.insert((1, 4, 5..9));
        view.ticked.insert((2, 7, 1..2));
        view.forget(1);
        let mut ticked: Vec<_> = view.ticked.into_iter().collect();
        ticked.sort_by_key(|(transcript, turn, _)| (*transcript, *turn));
        assert_eq!(ticked, vec![(0, 3, 0..10), (1, 7, 1..2)]);
    }
}
