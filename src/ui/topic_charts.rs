//! The Topics view: grouped bars of speakers × themes (share of words or sentence count), words
//! per section × speaker on the filter, and a line per speaker across transcript dates for one
//! theme. Hovering shows exact figures, a click on a bar narrows the filter to that speaker and
//! theme, and the chart data saves as CSV. Figures are cached by (library revision, filter,
//! themes, chosen theme) and never recomputed per frame.

use crate::analysis::{Filter, Index, Matches, QueryError, ThemeSet};
use crate::library::{Library, TranscriptIndex};
use crate::storage::{Overwrite, write_atomic};
use crate::ui::actions::{AnalysisContext, ViewAction};
use egui::{Color32, Pos2, Rect};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoint, PlotPoints};
use rustc_hash::FxHashMap;
use std::path::Path;

/// Speakers drawn at most (most words within the filter first).
pub const MAX_SPEAKERS: usize = 8;
/// Section headings drawn at most (most words first).
pub const MAX_SECTIONS: usize = 16;

/// One speaker in the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpeaker {
    /// Library speaker key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Index in the library's speaker list (for the colour).
    pub index: Option<usize>,
    /// Words the speaker says within the filter's scope (speakers, transcripts, sections,
    /// dates, roles; the query and themes left out).
    pub words: u64,
}

/// One speaker's figures on one theme.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ThemeCell {
    /// Matching sentences.
    pub sentences: usize,
    /// Words in those sentences.
    pub words: u64,
    /// `words` as a share (0..1) of the speaker's words in scope.
    pub share: f64,
}

/// Words per speaker under one section heading (headings compared case-insensitively across
/// transcripts), counting sentences that match the whole filter.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRow {
    /// The heading as first seen ("(no section)" before the first heading).
    pub title: String,
    /// Words per speaker, in [`TopicFigures::speakers`] order.
    pub words: Vec<u64>,
}

/// A point of a speaker's line across dates: one dated transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct DatePoint {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// Its date as `YYYY-MM-DD`.
    pub date: String,
    /// Date as a fractional year, for the x axis.
    pub x: f64,
    /// Share (0..1) of the speaker's words in that transcript on the chosen theme.
    pub share: f64,
    /// Matching sentences.
    pub sentences: usize,
}

/// Everything the Topics charts draw, computed once per (library, filter, themes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicFigures {
    /// Speakers, most words first.
    pub speakers: Vec<ChartSpeaker>,
    /// `(id, display name)` of each theme, in theme-set order.
    pub themes: Vec<(String, String)>,
    /// `cells[speaker][theme]`.
    pub cells: Vec<Vec<ThemeCell>>,
    /// Sections × speakers.
    pub sections: Vec<SectionRow>,
    /// The theme of the date lines.
    pub line_theme: Option<String>,
    /// Per speaker (same order), points in date order.
    pub lines: Vec<Vec<DatePoint>>,
}

impl TopicFigures {
    /// Computes the figures for `filter` (its query and themes restrict the section chart; the
    /// theme bars use the filter's other restrictions and each theme in turn). `line_theme`
    /// chooses the theme of the date lines (the first theme when `None` or unknown).
    pub fn compute(
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
        line_theme: Option<&str>,
    ) -> Result<TopicFigures, QueryError> {
        let mut scope = filter.clone();
        scope.query.clear();
        scope.themes.clear();
        let everything = scope.evaluate(library, index, themes)?;
        let speakers: Vec<ChartSpeaker> = everything
            .groups
            .iter()
            .map(|group| ChartSpeaker {
                key: group.key.clone(),
                name: group
                    .speaker
                    .and_then(|s| library.speakers().get(s))
                    .map_or_else(|| group.key.clone(), |s| s.name.clone()),
                index: group.speaker,
                words: group.words as u64,
            })
            .filter(|s| s.words > 0)
            .collect::<Vec<_>>();
        let mut speakers = speakers;
        speakers.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
        speakers.truncate(MAX_SPEAKERS);

        let mut cells = vec![vec![ThemeCell::default(); themes.themes.len()]; speakers.len()];
        let mut theme_matches: Vec<Matches> = Vec::with_capacity(themes.themes.len());
        for (t, theme) in themes.themes.iter().enumerate() {
            let mut on_theme = scope.clone();
            on_theme.themes = vec![theme.id.clone()];
            let matches = on_theme.evaluate(library, index, themes)?;
            for (s, speaker) in speakers.iter().enumerate() {
                if let Some(group) = matches.groups.iter().find(|g| g.key == speaker.key)
                    && let Some(cell) = cells.get_mut(s).and_then(|row| row.get_mut(t))
                {
                    cell.sentences = group.hits.len();
                    cell.words = group.words as u64;
                    cell.share = ratio(cell.words, speaker.words);
                }
            }
            theme_matches.push(matches);
        }

        let filtered = filter.evaluate(library, index, themes)?;
        let sections = section_rows(library, &filtered, &speakers);

        let line_index = line_theme
            .and_then(|id| themes.themes.iter().position(|t| t.id == id))
            .or(if themes.themes.is_empty() {
                None
            } else {
                Some(0)
            });
        let lines = match line_index.and_then(|i| theme_matches.get(i)) {
            Some(matches) => date_lines(library, &everything, matches, &speakers),
            None => vec![Vec::new(); speakers.len()],
        };
        Ok(TopicFigures {
            themes: themes
                .themes
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect(),
            speakers,
            cells,
            sections,
            line_theme: line_index
                .and_then(|i| themes.themes.get(i))
                .map(|t| t.id.clone()),
            lines,
        })
    }

    /// The chart data as CSV: one row per speaker × theme (sentences, words, share), then one
    /// row per section × speaker (words), then one row per speaker × dated transcript.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "chart",
            "speaker",
            "theme",
            "section",
            "date",
            "sentences",
            "words",
            "share",
        ])?;
        for (speaker, row) in self.speakers.iter().zip(&self.cells) {
            for ((id, _), cell) in self.themes.iter().zip(row) {
                out.write_record([
                    "themes",
                    &speaker.name,
                    id,
                    "",
                    "",
                    &cell.sentences.to_string(),
                    &cell.words.to_string(),
                    &format!("{:.6}", cell.share),
                ])?;
            }
        }
        for section in &self.sections {
            for (speaker, words) in self.speakers.iter().zip(&section.words) {
                out.write_record([
                    "sections",
                    &speaker.name,
                    "",
                    &section.title,
                    "",
                    "",
                    &words.to_string(),
                    "",
                ])?;
            }
        }
        let theme = self.line_theme.clone().unwrap_or_default();
        for (speaker, points) in self.speakers.iter().zip(&self.lines) {
            for point in points {
                out.write_record([
                    "dates",
                    &speaker.name,
                    &theme,
                    "",
                    &point.date,
                    &point.sentences.to_string(),
                    "",
                    &format!("{:.6}", point.share),
                ])?;
            }
        }
        out.into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }

    /// The filter a click on the bar of `speaker` × `theme` sets: the current filter narrowed
    /// to that speaker and that theme.
    pub fn bar_filter(&self, current: &Filter, speaker: usize, theme: usize) -> Option<Filter> {
        let speaker = self.speakers.get(speaker)?;
        let (theme, _) = self.themes.get(theme)?;
        let mut filter = current.clone();
        filter.speakers = vec![speaker.key.clone()];
        filter.themes = vec![theme.clone()];
        Some(filter)
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn section_rows(
    library: &Library,
    matches: &Matches,
    speakers: &[ChartSpeaker],
) -> Vec<SectionRow> {
    let mut rows: Vec<SectionRow> = Vec::new();
    let mut by_title: FxHashMap<String, usize> = FxHashMap::default();
    for hit in &matches.hits {
        let Some(s) = speakers.iter().position(|s| *s.key == *hit.speaker_key) else {
            continue;
        };
        let title = hit
            .section
            .and_then(|section| {
                library
                    .transcripts()
                    .get(hit.transcript)
                    .and_then(|t| t.sections.get(section))
            })
            .map_or_else(
                || "(no section)".to_string(),
                |section| section.title.clone(),
            );
        let row = *by_title.entry(title.to_lowercase()).or_insert_with(|| {
            rows.push(SectionRow {
                title,
                words: vec![0; speakers.len()],
            });
            rows.len() - 1
        });
        if let Some(words) = rows.get_mut(row).and_then(|r| r.words.get_mut(s)) {
            *words += hit.words as u64;
        }
    }
    if rows.len() > MAX_SECTIONS {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&r| {
            std::cmp::Reverse(rows.get(r).map_or(0, |row| row.words.iter().sum::<u64>()))
        });
        order.truncate(MAX_SECTIONS);
        order.sort_unstable();
        rows = order
            .into_iter()
            .filter_map(|r| rows.get(r).cloned())
            .collect();
    }
    rows
}

fn date_lines(
    library: &Library,
    everything: &Matches,
    on_theme: &Matches,
    speakers: &[ChartSpeaker],
) -> Vec<Vec<DatePoint>> {
    // (speaker, transcript) -> (words in scope, words on theme, sentences on theme)
    let mut totals: FxHashMap<(usize, TranscriptIndex), (u64, u64, usize)> = FxHashMap::default();
    let position = |key: &str| speakers.iter().position(|s| s.key == key);
    for hit in &everything.hits {
        if let Some(s) = position(&hit.speaker_key) {
            totals.entry((s, hit.transcript)).or_default().0 += hit.words as u64;
        }
    }
    for hit in &on_theme.hits {
        if let Some(s) = position(&hit.speaker_key) {
            let entry = totals.entry((s, hit.transcript)).or_default();
            entry.1 += hit.words as u64;
            entry.2 += 1;
        }
    }
    let mut lines = vec![Vec::new(); speakers.len()];
    for ((s, transcript), (words, theme_words, sentences)) in totals {
        let Some(date) = library.transcripts().get(transcript).and_then(|t| t.date) else {
            continue;
        };
        if let Some(line) = lines.get_mut(s) {
            line.push(DatePoint {
                transcript,
                date: date.to_string(),
                x: f64::from(date.year)
                    + (f64::from(date.month.max(1)) - 1.0) / 12.0
                    + (f64::from(date.day.max(1)) - 1.0) / 372.0,
                share: ratio(theme_words, words),
                sentences,
            });
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.transcript.cmp(&b.transcript)));
    }
    lines
}

/// Which figure the theme bars show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BarMeasure {
    /// Share of the speaker's words (percent).
    #[default]
    Share,
    /// Matching sentences.
    Count,
}

#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    revision: u64,
    filter: Filter,
    themes: ThemeSet,
    line_theme: Option<String>,
}

/// A clickable bar of the theme chart, in screen coordinates (kept for hit-testing clicks and
/// for tests that click a bar).
#[derive(Debug, Clone, PartialEq)]
pub struct BarTarget {
    /// Where the bar is drawn.
    pub rect: Rect,
    /// Speaker (index into [`TopicFigures::speakers`]).
    pub speaker: usize,
    /// Theme (index into [`TopicFigures::themes`]).
    pub theme: usize,
}

/// State of the Topics view.
#[derive(Debug, Default)]
pub struct TopicsView {
    /// Share or count on the theme bars.
    pub measure: BarMeasure,
    /// Theme of the date lines (`None`: the first theme).
    pub line_theme: Option<String>,
    /// Where "Save chart data" writes when no file dialog is available.
    pub csv_path: String,
    cache: Option<(CacheKey, Result<TopicFigures, String>)>,
    bar_targets: Vec<BarTarget>,
}

impl TopicsView {
    /// The figures for these inputs, computed only when one of them changed.
    pub fn figures(
        &mut self,
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
    ) -> Result<&TopicFigures, &str> {
        let key = CacheKey {
            revision: library.revision(),
            filter: filter.clone(),
            themes: themes.clone(),
            line_theme: self.line_theme.clone(),
        };
        let stale = self.cache.as_ref().is_none_or(|(cached, _)| *cached != key);
        if stale {
            let figures =
                TopicFigures::compute(library, index, themes, filter, self.line_theme.as_deref())
                    .map_err(|e| e.to_string());
            self.cache = Some((key, figures));
        }
        match self.cache.as_ref().map(|(_, f)| f.as_ref()) {
            Some(Ok(figures)) => Ok(figures),
            Some(Err(message)) => Err(message.as_str()),
            None => Err("no figures"),
        }
    }

    /// The bars of the theme chart as drawn in the last frame.
    pub fn bar_targets(&self) -> &[BarTarget] {
        &self.bar_targets
    }

    /// Draws the view. `colours` is indexed by library speaker; requests go to `actions`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        context: AnalysisContext<'_>,
        actions: &mut Vec<ViewAction>,
    ) {
        let AnalysisContext {
            library,
            index,
            themes,
            filter,
            colours,
        } = context;
        let figures = match self.figures(library, index, themes, filter) {
            Ok(figures) => figures.clone(),
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message.to_string());
                return;
            }
        };
        if figures.speakers.is_empty() {
            ui.label("Nothing to chart: open transcripts or widen the filter.");
            return;
        }
        ui.horizontal(|ui| {
            ui.label("Theme bars show:");
            ui.selectable_value(&mut self.measure, BarMeasure::Share, "Share of words")
                .on_hover_text("Words in matching sentences as a share of the speaker's words");
            ui.selectable_value(&mut self.measure, BarMeasure::Count, "Sentences")
                .on_hover_text("Number of matching sentences");
            ui.separator();
            self.save_controls(ui, &figures, actions);
        });
        let colour = |speaker: &ChartSpeaker, n: usize| {
            speaker
                .index
                .and_then(|i| colours.get(i).copied())
                .unwrap_or_else(|| fallback_colour(n))
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading("Speakers × themes");
            self.theme_chart(ui, &figures, filter, &colour, actions);
            figure_table(ui, &figures, self.measure, filter, actions);
            if figures.sections.len() > 1 {
                ui.heading("Sections × speakers (words on the filter)");
                section_chart(ui, &figures, &colour);
            }
            ui.horizontal(|ui| {
                ui.heading("Across transcript dates");
                let selected = figures.line_theme.clone().unwrap_or_default();
                egui::ComboBox::from_label("Theme of the lines")
                    .selected_text(
                        figures
                            .themes
                            .iter()
                            .find(|(id, _)| *id == selected)
                            .map_or(selected.clone(), |(_, name)| name.clone()),
                    )
                    .show_ui(ui, |ui| {
                        for (id, name) in &figures.themes {
                            if ui.selectable_label(*id == selected, name).clicked() {
                                self.line_theme = Some(id.clone());
                            }
                        }
                    });
            });
            date_chart(ui, &figures, &colour);
        });
    }

    fn save_controls(
        &mut self,
        ui: &mut egui::Ui,
        figures: &TopicFigures,
        actions: &mut Vec<ViewAction>,
    ) {
        if ui
            .button("Save chart data…")
            .on_hover_text("Save the figures behind the charts as CSV (file dialog)")
            .clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("CSV", &["csv"])
                .set_file_name("topics.csv")
                .save_file()
        {
            actions.push(save_csv(figures, &path));
        }
        let label = ui.label("or to path:");
        ui.add(
            egui::TextEdit::singleline(&mut self.csv_path)
                .hint_text("/path/to/topics.csv")
                .desired_width(220.0),
        )
        .labelled_by(label.id)
        .on_hover_text("Chart data CSV path (when no file dialog is available)");
        if ui
            .add_enabled(
                !self.csv_path.trim().is_empty(),
                egui::Button::new("Save CSV to path"),
            )
            .clicked()
        {
            actions.push(save_csv(figures, Path::new(self.csv_path.trim())));
        }
    }

    fn theme_chart(
        &mut self,
        ui: &mut egui::Ui,
        figures: &TopicFigures,
        filter: &Filter,
        colour: &dyn Fn(&ChartSpeaker, usize) -> Color32,
        actions: &mut Vec<ViewAction>,
    ) {
        let n = figures.speakers.len().max(1);
        let width = 0.8 / n as f64;
        let measure = self.measure;
        let theme_names: Vec<String> = figures.themes.iter().map(|(_, n)| n.clone()).collect();
        let mut charts = Vec::new();
        let mut geometry: Vec<(usize, usize, f64, f64)> = Vec::new();
        for (s, speaker) in figures.speakers.iter().enumerate() {
            let bars: Vec<Bar> = figures
                .cells
                .get(s)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(t, cell)| {
                    let x = t as f64 + (s as f64 - (n as f64 - 1.0) / 2.0) * width;
                    let height = match measure {
                        BarMeasure::Share => cell.share * 100.0,
                        BarMeasure::Count => cell.sentences as f64,
                    };
                    geometry.push((s, t, x, height));
                    Bar::new(x, height).width(width * 0.95).name(format!(
                        "{} · {}: {} sentences, {} words, {:.1}% of words",
                        speaker.name,
                        theme_names.get(t).map_or("", String::as_str),
                        cell.sentences,
                        cell.words,
                        cell.share * 100.0
                    ))
                })
                .collect();
            charts.push(
                BarChart::new(speaker.name.clone(), bars)
                    .color(colour(speaker, s))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        }
        let names = theme_names.clone();
        let response = Plot::new("topics-theme-bars")
            .height(260.0)
            .legend(Legend::default())
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .x_axis_formatter(move |mark, _| {
                let i = mark.value.round();
                if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                    names.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_axis_label(match measure {
                BarMeasure::Share => "% of the speaker's words",
                BarMeasure::Count => "sentences",
            })
            .show(ui, |plot| {
                for chart in charts {
                    plot.bar_chart(chart);
                }
            });
        let transform = response.transform;
        self.bar_targets = geometry
            .into_iter()
            .map(|(speaker, theme, x, height)| {
                let a = transform.position_from_point(&PlotPoint::new(x - width * 0.475, 0.0));
                let b = transform.position_from_point(&PlotPoint::new(x + width * 0.475, height));
                BarTarget {
                    rect: Rect::from_two_pos(a, b).expand2(egui::vec2(0.0, 1.0)),
                    speaker,
                    theme,
                }
            })
            .collect();
        response.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, "Speakers × themes chart")
        });
        if response.response.clicked()
            && let Some(pointer) = response.response.interact_pointer_pos()
            && let Some(target) = self.target_at(pointer)
            && let Some(new_filter) = figures.bar_filter(filter, target.speaker, target.theme)
        {
            actions.push(ViewAction::SetFilter(new_filter));
        }
    }

    fn target_at(&self, pointer: Pos2) -> Option<BarTarget> {
        self.bar_targets
            .iter()
            .find(|t| t.rect.contains(pointer))
            .cloned()
    }
}

/// Exact figures as a table of buttons (keyboard and screen-reader reachable); a click sets the
/// filter like a click on the bar.
fn figure_table(
    ui: &mut egui::Ui,
    figures: &TopicFigures,
    measure: BarMeasure,
    filter: &Filter,
    actions: &mut Vec<ViewAction>,
) {
    egui::CollapsingHeader::new("Figures")
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new("topics-figures")
                .striped(true)
                .show(ui, |ui| {
                    ui.label("");
                    for (_, name) in &figures.themes {
                        ui.strong(name);
                    }
                    ui.end_row();
                    for (s, speaker) in figures.speakers.iter().enumerate() {
                        ui.strong(&speaker.name);
                        for (t, cell) in figures.cells.get(s).into_iter().flatten().enumerate() {
                            let text = match measure {
                                BarMeasure::Share => format!("{:.1}%", cell.share * 100.0),
                                BarMeasure::Count => cell.sentences.to_string(),
                            };
                            let theme = figures.themes.get(t).map_or("", |(_, n)| n.as_str());
                            let button = ui.button(text).on_hover_text(format!(
                                "{} sentences, {} words; click to filter",
                                cell.sentences, cell.words
                            ));
                            button.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Button,
                                    true,
                                    format!("Filter {} on {theme}", speaker.name),
                                )
                            });
                            if button.clicked()
                                && let Some(new_filter) = figures.bar_filter(filter, s, t)
                            {
                                actions.push(ViewAction::SetFilter(new_filter));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

fn section_chart(
    ui: &mut egui::Ui,
    figures: &TopicFigures,
    colour: &dyn Fn(&ChartSpeaker, usize) -> Color32,
) {
    let n = figures.speakers.len().max(1);
    let width = 0.8 / n as f64;
    let titles: Vec<String> = figures.sections.iter().map(|s| s.title.clone()).collect();
    let charts: Vec<BarChart> = figures
        .speakers
        .iter()
        .enumerate()
        .map(|(s, speaker)| {
            let bars = figures
                .sections
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let words = row.words.get(s).copied().unwrap_or(0);
                    Bar::new(
                        r as f64 + (s as f64 - (n as f64 - 1.0) / 2.0) * width,
                        words as f64,
                    )
                    .width(width * 0.95)
                    .name(format!("{} · {}: {words} words", speaker.name, row.title))
                })
                .collect();
            BarChart::new(speaker.name.clone(), bars)
                .color(colour(speaker, s))
                .element_formatter(Box::new(|bar, _| bar.name.clone()))
        })
        .collect();
    Plot::new("topics-section-bars")
        .height(220.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                titles
                    .get(i as usize)
                    .map(|t| t.chars().take(18).collect())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_label("words")
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

fn date_chart(
    ui: &mut egui::Ui,
    figures: &TopicFigures,
    colour: &dyn Fn(&ChartSpeaker, usize) -> Color32,
) {
    if figures.lines.iter().all(Vec::is_empty) {
        ui.label("No dated transcripts in the filter.");
        return;
    }
    let lines: Vec<(String, Color32, Vec<[f64; 2]>)> = figures
        .speakers
        .iter()
        .enumerate()
        .filter_map(|(s, speaker)| {
            let points = figures.lines.get(s)?;
            (!points.is_empty()).then(|| {
                (
                    speaker.name.clone(),
                    colour(speaker, s),
                    points.iter().map(|p| [p.x, p.share * 100.0]).collect(),
                )
            })
        })
        .collect();
    let labels: Vec<(f64, String)> = figures
        .lines
        .iter()
        .flatten()
        .map(|p| (p.x, p.date.clone()))
        .collect();
    Plot::new("topics-date-lines")
        .height(220.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .y_axis_label("% of the speaker's words")
        .label_formatter(move |hover| match hover {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => {
                let date = labels
                    .iter()
                    .min_by(|a, b| {
                        (a.0 - position.x)
                            .abs()
                            .total_cmp(&(b.0 - position.x).abs())
                    })
                    .map_or_else(String::new, |(_, d)| d.clone());
                Some(format!("{plot_name}\n{date}: {:.1}%", position.y))
            }
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            for (name, colour, points) in lines {
                let marks = egui_plot::Points::new(name.clone(), PlotPoints::new(points.clone()))
                    .radius(3.0)
                    .color(colour);
                plot.line(Line::new(name, PlotPoints::new(points)).color(colour));
                plot.points(marks);
            }
        });
}

fn fallback_colour(n: usize) -> Color32 {
    const OKABE_ITO: [Color32; 8] = [
        Color32::from_rgb(0xE6, 0x9F, 0x00),
        Color32::from_rgb(0x56, 0xB4, 0xE9),
        Color32::from_rgb(0x00, 0x9E, 0x73),
        Color32::from_rgb(0xF0, 0xE4, 0x42),
        Color32::from_rgb(0x00, 0x72, 0xB2),
        Color32::from_rgb(0xD5, 0x5E, 0x00),
        Color32::from_rgb(0xCC, 0x79, 0xA7),
        Color32::from_rgb(0x99, 0x99, 0x99),
    ];
    OKABE_ITO
        .get(n % OKABE_ITO.len())
        .copied()
        .unwrap_or(Color32::GRAY)
}

/// Writes the chart data CSV atomically and says how it went.
pub fn save_csv(figures: &TopicFigures, path: &Path) -> ViewAction {
    let result = figures
        .to_csv()
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            write_atomic(path, &bytes, Overwrite::Replace).map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => ViewAction::Notice {
            error: false,
            message: format!("Chart data saved to {}", path.display()),
        },
        Err(message) => ViewAction::Notice {
            error: true,
            message: format!("Could not save chart data to {}: {message}", path.display()),
        },
    }
}
