//! Compare columns with export: one column per chosen speaker (default: the two people who
//! speak most) holding the excerpts that match the shared filter, with highlighted terms,
//! transcript title, date, section and time; a header with the excerpt count, the words and the
//! share of the speaker's words; sorting by position or relevance; tick boxes for export; a
//! virtualised list. Results are cached by (library revision, filter, themes, columns).

use crate::analysis::{Filter, Hit, Index, Matches, QueryError, ThemeSet};
use crate::export::format_clock;
use crate::library::Library;
use crate::model::Role;
use crate::ui::actions::{AnalysisContext, ViewAction};
use crate::ui::export_dialog::{ExportDialog, ExportSource};
use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};
use std::collections::BTreeSet;

/// Height of one excerpt row in the virtualised list.
const ROW_HEIGHT: f32 = 86.0;

/// How a column orders its excerpts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Transcript, then reading order.
    #[default]
    Position,
    /// Most highlighted terms first, then reading order.
    Relevance,
}

/// One column's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnFigures {
    /// Speaker key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Library speaker index (for the colour).
    pub speaker: Option<usize>,
    /// Hit indices into [`CompareFigures::matches`], in reading order.
    pub hits: Vec<usize>,
    /// Words in the matching sentences.
    pub words: u64,
    /// `words` as a share (0..1) of all the speaker's words within the filter's scope.
    pub share: f64,
}

/// The compare view's data for one (library, filter, themes, columns).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareFigures {
    /// The matches of the filter restricted to the column speakers.
    pub matches: Matches,
    /// Columns in order.
    pub columns: Vec<ColumnFigures>,
}

impl CompareFigures {
    /// Evaluates `filter` for the speakers `columns` (replacing the filter's own speaker list).
    pub fn compute(
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
        columns: &[String],
    ) -> Result<CompareFigures, QueryError> {
        let mut on_filter = filter.clone();
        on_filter.speakers = columns.to_vec();
        let matches = on_filter.evaluate(library, index, themes)?;
        let mut scope = on_filter.clone();
        scope.query.clear();
        scope.themes.clear();
        let everything = scope.evaluate(library, index, themes)?;
        let columns = columns
            .iter()
            .map(|key| {
                let speaker = library.speaker_by_key(key);
                let group = matches.groups.iter().find(|g| g.key == *key);
                let words = group.map_or(0, |g| g.words as u64);
                let total = everything
                    .groups
                    .iter()
                    .find(|g| g.key == *key)
                    .map_or(0, |g| g.words as u64);
                ColumnFigures {
                    key: key.clone(),
                    name: speaker
                        .and_then(|s| library.speakers().get(s))
                        .map_or_else(|| key.clone(), |s| s.name.clone()),
                    speaker,
                    hits: group.map(|g| g.hits.clone()).unwrap_or_default(),
                    words,
                    share: if total == 0 {
                        0.0
                    } else {
                        words as f64 / total as f64
                    },
                }
            })
            .collect();
        Ok(CompareFigures { matches, columns })
    }

    /// A column's hit indices in `order`.
    pub fn ordered(&self, column: usize, order: SortOrder) -> Vec<usize> {
        let Some(column) = self.columns.get(column) else {
            return Vec::new();
        };
        let mut hits = column.hits.clone();
        if order == SortOrder::Relevance {
            hits.sort_by_key(|&h| {
                std::cmp::Reverse(self.matches.hits.get(h).map_or(0, |hit| hit.spans.len()))
            });
        }
        hits
    }
}

/// The two people (role person, not hidden) who speak most in the library.
pub fn default_columns(library: &Library) -> Vec<String> {
    let mut people: Vec<&crate::LibrarySpeaker> = library
        .speakers()
        .iter()
        .filter(|s| s.role == Role::Person && !s.hidden)
        .collect();
    people.sort_by_key(|s| std::cmp::Reverse(s.words));
    people.iter().take(2).map(|s| s.key.clone()).collect()
}

#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    revision: u64,
    filter: Filter,
    themes: ThemeSet,
    columns: Vec<String>,
}

/// State of the compare columns.
#[derive(Debug, Default)]
pub struct CompareColumns {
    /// Speaker keys of the columns (empty: chosen on first draw).
    pub columns: Vec<String>,
    /// Ordering of the excerpts.
    pub order: SortOrder,
    /// Ticked hit indices (into the cached matches; cleared when they change).
    pub ticked: BTreeSet<usize>,
    /// The export dialog.
    pub export: ExportDialog,
    cache: Option<(CacheKey, Result<CompareFigures, String>)>,
}

impl CompareColumns {
    /// The figures for these inputs, computed only when one of them changed (then the ticks
    /// are cleared, since they index the old matches).
    pub fn figures(
        &mut self,
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
    ) -> Result<&CompareFigures, &str> {
        if self.columns.is_empty() {
            self.columns = default_columns(library);
        }
        self.columns
            .retain(|key| library.speaker_by_key(key).is_some());
        let key = CacheKey {
            revision: library.revision(),
            filter: filter.clone(),
            themes: themes.clone(),
            columns: self.columns.clone(),
        };
        if self.cache.as_ref().is_none_or(|(cached, _)| *cached != key) {
            let figures = CompareFigures::compute(library, index, themes, filter, &self.columns)
                .map_err(|e| e.to_string());
            self.cache = Some((key, figures));
            self.ticked.clear();
        }
        match self.cache.as_ref().map(|(_, f)| f.as_ref()) {
            Some(Ok(figures)) => Ok(figures),
            Some(Err(message)) => Err(message.as_str()),
            None => Err("no figures"),
        }
    }

    /// The export source for the current figures (all columns, the ticked hits).
    pub fn export_now(
        &mut self,
        context: AnalysisContext<'_>,
        path: &std::path::Path,
    ) -> ViewAction {
        let figures = match self.figures(
            context.library,
            context.index,
            context.themes,
            context.filter,
        ) {
            Ok(figures) => figures.clone(),
            Err(message) => {
                return ViewAction::Notice {
                    error: true,
                    message: message.to_string(),
                };
            }
        };
        let query = query_label(context.filter);
        self.export.export_to(
            ExportSource {
                library: context.library,
                matches: &figures.matches,
                columns: &self.columns,
                ticked: &self.ticked,
                query: query.as_deref(),
            },
            path,
        )
    }

    /// Draws the columns; the export dialog opens from the toolbar (or when
    /// [`ExportDialog::open`] is set, e.g. by Ctrl+E).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        context: AnalysisContext<'_>,
        actions: &mut Vec<ViewAction>,
    ) {
        let library = context.library;
        let figures = match self.figures(library, context.index, context.themes, context.filter) {
            Ok(figures) => figures.clone(),
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message.to_string());
                return;
            }
        };
        self.toolbar(ui, library, &figures);
        if self.columns.is_empty() {
            ui.label("Choose speakers to compare (Add column).");
            return;
        }
        let width = ui.available_width() / self.columns.len().max(1) as f32;
        let mut remove = None;
        ui.horizontal_top(|ui| {
            for (c, column) in figures.columns.iter().enumerate() {
                ui.allocate_ui(egui::vec2(width - 8.0, ui.available_height()), |ui| {
                    ui.vertical(|ui| {
                        let colour = column
                            .speaker
                            .and_then(|s| context.colours.get(s).copied())
                            .unwrap_or(Color32::GRAY);
                        ui.horizontal(|ui| {
                            ui.colored_label(colour, egui::RichText::new(&column.name).strong());
                            if ui
                                .small_button("×")
                                .on_hover_text(format!("Remove the {} column", column.name))
                                .clicked()
                            {
                                remove = Some(c);
                            }
                        });
                        ui.label(format!(
                            "{} excerpts · {} words · {:.1}% of their words",
                            column.hits.len(),
                            column.words,
                            column.share * 100.0
                        ));
                        ui.horizontal(|ui| {
                            if ui.small_button("Tick all").clicked() {
                                self.ticked.extend(column.hits.iter().copied());
                            }
                            if ui.small_button("Untick all").clicked() {
                                for hit in &column.hits {
                                    self.ticked.remove(hit);
                                }
                            }
                        });
                        ui.separator();
                        let hits = figures.ordered(c, self.order);
                        egui::ScrollArea::vertical()
                            .id_salt(("compare-column", &column.key))
                            .auto_shrink([false, false])
                            .show_rows(ui, ROW_HEIGHT, hits.len(), |ui, rows| {
                                for row in rows {
                                    let Some(&h) = hits.get(row) else { continue };
                                    let Some(hit) = figures.matches.hits.get(h) else {
                                        continue;
                                    };
                                    self.excerpt_row(ui, library, h, hit, actions);
                                }
                            });
                    });
                });
            }
        });
        if let Some(c) = remove
            && c < self.columns.len()
        {
            self.columns.remove(c);
        }
        let query = query_label(context.filter);
        self.export.show(
            ui.ctx(),
            ExportSource {
                library,
                matches: &figures.matches,
                columns: &self.columns,
                ticked: &self.ticked,
                query: query.as_deref(),
            },
            actions,
        );
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, library: &Library, figures: &CompareFigures) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Add column:");
            egui::ComboBox::from_id_salt("compare-columns-add")
                .selected_text("speaker…")
                .show_ui(ui, |ui| {
                    for speaker in library.speakers().iter().filter(|s| !s.hidden) {
                        let shown = self.columns.contains(&speaker.key);
                        if ui.selectable_label(shown, &speaker.name).clicked() && !shown {
                            self.columns.push(speaker.key.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            ui.label("Sort:");
            ui.selectable_value(&mut self.order, SortOrder::Position, "Position")
                .on_hover_text("Transcript order, then reading order");
            ui.selectable_value(&mut self.order, SortOrder::Relevance, "Relevance")
                .on_hover_text("Most matched terms first");
            ui.separator();
            let total: usize = figures.columns.iter().map(|c| c.hits.len()).sum();
            ui.label(format!("{} of {total} ticked", self.ticked.len()));
            if ui
                .button("Export…")
                .on_hover_text("Export the ticked excerpts, or all (Ctrl+E)")
                .clicked()
            {
                self.export.only_ticked = !self.ticked.is_empty();
                self.export.open = true;
            }
        });
    }

    fn excerpt_row(
        &mut self,
        ui: &mut egui::Ui,
        library: &Library,
        h: usize,
        hit: &Hit,
        actions: &mut Vec<ViewAction>,
    ) {
        let transcript = library.transcripts().get(hit.transcript);
        let title = transcript.map_or("", |t| t.title.as_str());
        let date = transcript
            .and_then(|t| t.date)
            .map_or_else(String::new, |d| d.to_string());
        let section = hit
            .section
            .and_then(|s| transcript.and_then(|t| t.sections.get(s)))
            .map_or_else(String::new, |s| format!(" · {}", s.title));
        let text = transcript
            .and_then(|t| t.turns.get(hit.turn))
            .map_or("", |turn| turn.text.as_str());
        ui.allocate_ui(egui::vec2(ui.available_width(), ROW_HEIGHT), |ui| {
            ui.set_min_height(ROW_HEIGHT - 4.0);
            ui.horizontal(|ui| {
                let mut ticked = self.ticked.contains(&h);
                let label = format!("Export excerpt {title} {}", format_clock(hit.time));
                let checkbox = ui
                    .checkbox(&mut ticked, "")
                    .on_hover_text("Tick for export");
                checkbox.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::CheckBox, true, ticked, &label)
                });
                if checkbox.changed() {
                    if ticked {
                        self.ticked.insert(h);
                    } else {
                        self.ticked.remove(&h);
                    }
                }
                let citation = format!("{title} · {date}{section} · {}", format_clock(hit.time));
                if ui
                    .link(egui::RichText::new(citation).small())
                    .on_hover_text("Open the reader at this turn")
                    .clicked()
                {
                    actions.push(ViewAction::JumpToTurn {
                        transcript: hit.transcript,
                        turn: hit.turn,
                    });
                }
            });
            let job = highlighted(ui, text, hit);
            ui.add(egui::Label::new(job).wrap());
        });
    }
}

/// The filter as a label for export headings (themes and query).
pub fn query_label(filter: &Filter) -> Option<String> {
    let mut parts: Vec<String> = filter.themes.iter().map(|t| format!("theme:{t}")).collect();
    if !filter.query.trim().is_empty() {
        parts.push(filter.query.trim().to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn highlighted(ui: &egui::Ui, text: &str, hit: &Hit) -> LayoutJob {
    let font = FontId::proportional(13.0);
    let normal = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..TextFormat::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_rows = 3;
    let sentence = hit.sentence.clone();
    let mut at = sentence.start;
    let mut spans: Vec<std::ops::Range<usize>> = hit
        .spans
        .iter()
        .filter(|s| s.start >= sentence.start && s.end <= sentence.end)
        .cloned()
        .collect();
    spans.sort_by_key(|s| s.start);
    for span in spans {
        if span.start < at {
            continue;
        }
        if let Some(before) = text.get(at..span.start) {
            job.append(before, 0.0, normal.clone());
        }
        if let Some(word) = text.get(span.clone()) {
            job.append(word, 0.0, marked.clone());
        }
        at = span.end;
    }
    if let Some(rest) = text.get(at..sentence.end) {
        job.append(rest, 0.0, normal);
    }
    job
}
