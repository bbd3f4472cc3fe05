//! Topics: grouped bars per speaker of the share (or count) of their words on each theme and
//! under each section heading, and a line per speaker across the transcripts in date order for
//! one chosen theme. The figures are computed on the analysis worker ([`TopicFigures::compute`],
//! cached by library revision, filter, themes and chosen theme); drawing only reads them. Hover
//! shows exact figures, a click narrows the filter and opens Compare, and every chart saves its
//! data as CSV or itself as a PNG image.

use super::app::{Command, ViewContext};
use super::chart_save::ChartSaves;
use super::library_panel::thousands;
use super::premesh::{MeshCache, Premeshed, premesh};
use super::raster::{Line, RasterLines};
use super::save_row::PathRow;
use super::settings::View;
use crate::analysis::{Filter, Index, Matches, QueryError, ThemeSet};
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::Role;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, pos2, vec2};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Speakers charted at most (most words within the filter first).
pub const MAX_SPEAKERS: usize = 8;
/// Section headings charted at most (most words first).
pub const MAX_SECTIONS: usize = 16;
/// The row of words said before a transcript's first section heading.
pub const BEFORE_FIRST_HEADING: &str = "(before the first heading)";

/// What the view asks the worker for beyond the filter and the themes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicsRequest {
    /// The theme of the lines across dates (`None`: the filter's first theme, else the first).
    pub line_theme: Option<String>,
}

/// A speaker in the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpeaker {
    /// Library speaker key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Index in the library's speaker list (for the colour).
    pub speaker: Option<LibrarySpeakerIndex>,
    /// Words the speaker says within the filter, its themes left out.
    pub words: u64,
}

/// One speaker's figures in one group (a theme, a section or a dated transcript).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cell {
    /// Matching sentences.
    pub sentences: usize,
    /// Words in those sentences.
    pub words: u64,
    /// `words` as a share (0..1) of the speaker's words the chart compares with.
    pub share: f64,
}

/// A group of bars: one theme or one section heading, a cell per charted speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    /// Theme id or section heading as first seen; empty for [`BEFORE_FIRST_HEADING`].
    pub id: String,
    /// What the group is called on the chart.
    pub label: String,
    /// Per speaker, in [`TopicFigures::speakers`] order.
    pub cells: Vec<Cell>,
}

/// A dated transcript on the line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedColumn {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Its title.
    pub title: String,
    /// Per speaker: the figures on the line theme, `None` where the speaker does not speak.
    pub cells: Vec<Option<Cell>>,
}

/// Everything the Topics charts draw, computed on the worker once per (library revision,
/// filter, themes, chosen theme).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicFigures {
    /// Charted speakers, most words first.
    pub speakers: Vec<ChartSpeaker>,
    /// One group per theme, in theme-set order. A cell's share is over the speaker's words
    /// within the filter (its themes left out).
    pub themes: Vec<BarGroup>,
    /// Theme ids the filter asks for (marked on the chart).
    pub filter_themes: Vec<String>,
    /// One group per section heading (headings compared case-insensitively across
    /// transcripts) of the sentences matching the whole filter; a cell's share is over the
    /// speaker's matching words in transcripts with headings.
    pub sections: Vec<BarGroup>,
    /// Titles of the transcripts in the filter that have no section headings.
    pub without_sections: Vec<String>,
    /// The theme of the lines: (id, name).
    pub line_theme: Option<(String, String)>,
    /// Dated transcripts in date order; a cell's share is over the speaker's words in that
    /// transcript.
    pub dates: Vec<DatedColumn>,
    /// Titles of the transcripts in the filter without a date (not on the line chart).
    pub undated: Vec<String>,
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl TopicFigures {
    /// Computes the figures of `filter`: theme bars over the filter without its themes (each
    /// theme in turn), section bars over the whole filter, lines over the filter without its
    /// themes for the chosen theme.
    pub fn compute(
        library: &Library,
        index: &Index,
        themes: &ThemeSet,
        filter: &Filter,
        request: &TopicsRequest,
    ) -> Result<TopicFigures, QueryError> {
        let mut base = filter.clone();
        base.themes.clear();
        let everything = base.evaluate(library, index, themes)?;
        let speakers = chart_speakers(library, filter, &everything);
        let known = |id: &String| themes.get(id).is_some();
        let line_id = request
            .line_theme
            .clone()
            .filter(known)
            .or_else(|| filter.themes.iter().find(|id| known(id)).cloned())
            .or_else(|| themes.themes.first().map(|t| t.id.clone()));
        let mut line_matches = None;
        let mut theme_groups = Vec::with_capacity(themes.themes.len());
        for theme in &themes.themes {
            let mut on_theme = base.clone();
            on_theme.themes = vec![theme.id.clone()];
            let matches = on_theme.evaluate(library, index, themes)?;
            let cells = speakers
                .iter()
                .map(|speaker| {
                    matches
                        .groups
                        .iter()
                        .find(|g| g.key == speaker.key)
                        .map_or_else(Cell::default, |g| Cell {
                            sentences: g.hits.len(),
                            words: g.words as u64,
                            share: ratio(g.words as u64, speaker.words),
                        })
                })
                .collect();
            theme_groups.push(BarGroup {
                id: theme.id.clone(),
                label: theme.name.clone(),
                cells,
            });
            if line_id
                .as_deref()
                .is_some_and(|id| id.eq_ignore_ascii_case(&theme.id))
            {
                line_matches = Some(matches);
            }
        }
        let whole = if filter.themes.is_empty() {
            None
        } else {
            Some(filter.evaluate(library, index, themes)?)
        };
        let (sections, without_sections) =
            section_groups(library, whole.as_ref().unwrap_or(&everything), &speakers);
        let (dates, undated) = match &line_matches {
            Some(on_theme) => date_columns(library, &everything, on_theme, &speakers),
            None => (Vec::new(), Vec::new()),
        };
        Ok(TopicFigures {
            line_theme: line_id
                .and_then(|id| themes.get(&id).map(|t| (t.id.clone(), t.name.clone()))),
            filter_themes: filter.themes.clone(),
            speakers,
            themes: theme_groups,
            sections,
            without_sections,
            dates,
            undated,
        })
    }

    /// The theme chart's data: a row per theme × speaker.
    pub fn themes_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "theme_id",
            "theme",
            "speaker",
            "sentences",
            "words",
            "speaker_words",
            "share_of_words",
        ])?;
        for group in &self.themes {
            for (speaker, cell) in self.speakers.iter().zip(&group.cells) {
                out.write_record([
                    group.id.as_str(),
                    &group.label,
                    &speaker.name,
                    &cell.sentences.to_string(),
                    &cell.words.to_string(),
                    &speaker.words.to_string(),
                    &format!("{:.6}", cell.share),
                ])?;
            }
        }
        finish(out)
    }

    /// The section chart's data: a row per section × speaker.
    pub fn sections_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["section", "speaker", "sentences", "words", "share_of_words"])?;
        for group in &self.sections {
            for (speaker, cell) in self.speakers.iter().zip(&group.cells) {
                out.write_record([
                    group.label.as_str(),
                    &speaker.name,
                    &cell.sentences.to_string(),
                    &cell.words.to_string(),
                    &format!("{:.6}", cell.share),
                ])?;
            }
        }
        finish(out)
    }

    /// The line chart's data: a row per dated transcript × speaker who speaks in it.
    pub fn dates_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "date",
            "transcript",
            "theme_id",
            "speaker",
            "sentences",
            "words",
            "share_of_words",
        ])?;
        let theme = self.line_theme.as_ref().map_or("", |(id, _)| id.as_str());
        for column in &self.dates {
            for (speaker, cell) in self.speakers.iter().zip(&column.cells) {
                let Some(cell) = cell else { continue };
                out.write_record([
                    column.date.as_str(),
                    &column.title,
                    theme,
                    &speaker.name,
                    &cell.sentences.to_string(),
                    &cell.words.to_string(),
                    &format!("{:.6}", cell.share),
                ])?;
            }
        }
        finish(out)
    }

    /// The CSV of one chart.
    pub fn csv(&self, chart: Chart) -> Result<Vec<u8>, csv::Error> {
        match chart {
            Chart::Themes => self.themes_csv(),
            Chart::Sections => self.sections_csv(),
            Chart::Dates => self.dates_csv(),
        }
    }
}

fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// The speakers to chart: people (or, when the filter asks for roles or speakers, whoever it
/// asks for; or everyone when nobody is named), not hidden, most words first.
fn chart_speakers(library: &Library, filter: &Filter, everything: &Matches) -> Vec<ChartSpeaker> {
    let explicit = !filter.roles.is_empty() || !filter.speakers.is_empty();
    let candidates: Vec<(ChartSpeaker, bool)> = everything
        .groups
        .iter()
        .filter(|group| group.words > 0)
        .filter_map(|group| {
            let known = group.speaker.and_then(|s| library.speakers().get(s));
            if known.is_some_and(|s| s.hidden) {
                return None;
            }
            let person = known.is_some_and(|s| s.role == Role::Person);
            Some((
                ChartSpeaker {
                    key: group.key.clone(),
                    name: known.map_or_else(|| group.key.clone(), |s| s.name.clone()),
                    speaker: group.speaker,
                    words: group.words as u64,
                },
                person,
            ))
        })
        .collect();
    let any_person = candidates.iter().any(|(_, person)| *person);
    let mut speakers: Vec<ChartSpeaker> = candidates
        .into_iter()
        .filter(|(_, person)| explicit || *person || !any_person)
        .map(|(speaker, _)| speaker)
        .collect();
    speakers.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
    speakers.truncate(MAX_SPEAKERS);
    speakers
}

fn section_groups(
    library: &Library,
    matches: &Matches,
    speakers: &[ChartSpeaker],
) -> (Vec<BarGroup>, Vec<String>) {
    let position: FxHashMap<&str, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let mut groups: Vec<BarGroup> = Vec::new();
    let mut by_title: FxHashMap<String, usize> = FxHashMap::default();
    let mut totals = vec![0u64; speakers.len()];
    let mut without: Vec<TranscriptIndex> = Vec::new();
    for hit in &matches.hits {
        let Some(transcript) = library.transcripts().get(hit.transcript) else {
            continue;
        };
        if transcript.sections.is_empty() {
            if !without.contains(&hit.transcript) {
                without.push(hit.transcript);
            }
            continue;
        }
        let Some(&s) = position.get(hit.speaker_key(library)) else {
            continue;
        };
        let (id, label) = match hit.section.and_then(|i| transcript.sections.get(i)) {
            Some(section) => (section.title.clone(), section.title.clone()),
            None => (String::new(), BEFORE_FIRST_HEADING.to_owned()),
        };
        let row = *by_title.entry(id.to_lowercase()).or_insert_with(|| {
            groups.push(BarGroup {
                id,
                label,
                cells: vec![Cell::default(); speakers.len()],
            });
            groups.len() - 1
        });
        if let Some(cell) = groups.get_mut(row).and_then(|g| g.cells.get_mut(s)) {
            cell.sentences += 1;
            cell.words += hit.words as u64;
        }
        if let Some(total) = totals.get_mut(s) {
            *total += hit.words as u64;
        }
    }
    if groups.len() > MAX_SECTIONS {
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by_key(|&g| {
            std::cmp::Reverse(
                groups
                    .get(g)
                    .map_or(0, |g| g.cells.iter().map(|c| c.words).sum::<u64>()),
            )
        });
        order.truncate(MAX_SECTIONS);
        order.sort_unstable();
        groups = order
            .into_iter()
            .filter_map(|g| groups.get(g).cloned())
            .collect();
    }
    for group in &mut groups {
        for (cell, total) in group.cells.iter_mut().zip(&totals) {
            cell.share = ratio(cell.words, *total);
        }
    }
    let titles = without
        .into_iter()
        .filter_map(|t| library.transcripts().get(t).map(|t| t.title.clone()))
        .collect();
    (groups, titles)
}

fn date_columns(
    library: &Library,
    everything: &Matches,
    on_theme: &Matches,
    speakers: &[ChartSpeaker],
) -> (Vec<DatedColumn>, Vec<String>) {
    let position: FxHashMap<&str, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    // (transcript, speaker) -> words within the filter; and sentences, words on the theme.
    let mut words: FxHashMap<(TranscriptIndex, usize), u64> = FxHashMap::default();
    let mut theme: FxHashMap<(TranscriptIndex, usize), (usize, u64)> = FxHashMap::default();
    let mut in_scope: Vec<TranscriptIndex> = Vec::new();
    for hit in &everything.hits {
        if in_scope.last() != Some(&hit.transcript) && !in_scope.contains(&hit.transcript) {
            in_scope.push(hit.transcript);
        }
        if let Some(&s) = position.get(hit.speaker_key(library)) {
            *words.entry((hit.transcript, s)).or_default() += hit.words as u64;
        }
    }
    for hit in &on_theme.hits {
        if let Some(&s) = position.get(hit.speaker_key(library)) {
            let entry = theme.entry((hit.transcript, s)).or_default();
            entry.0 += 1;
            entry.1 += hit.words as u64;
        }
    }
    let mut columns = Vec::new();
    let mut undated = Vec::new();
    for t in in_scope {
        let Some(transcript) = library.transcripts().get(t) else {
            continue;
        };
        let Some(date) = transcript.date else {
            undated.push(transcript.title.clone());
            continue;
        };
        let cells: Vec<Option<Cell>> = (0..speakers.len())
            .map(|s| {
                let total = *words.get(&(t, s))?;
                let (sentences, on) = theme.get(&(t, s)).copied().unwrap_or_default();
                Some(Cell {
                    sentences,
                    words: on,
                    share: ratio(on, total),
                })
            })
            .collect();
        if cells.iter().any(Option::is_some) {
            columns.push((date, t, transcript.title.clone(), cells));
        }
    }
    columns.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let columns = columns
        .into_iter()
        .map(|(date, transcript, title, cells)| DatedColumn {
            transcript,
            date: date.to_string(),
            title,
            cells,
        })
        .collect();
    (columns, undated)
}

/// One of the three charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    /// Speakers × themes.
    Themes,
    /// Speakers × section headings.
    Sections,
    /// A line per speaker across transcript dates.
    Dates,
}

impl Chart {
    fn index(self) -> usize {
        match self {
            Chart::Themes => 0,
            Chart::Sections => 1,
            Chart::Dates => 2,
        }
    }

    /// How the chart is named in buttons and notices.
    pub fn name(self) -> &'static str {
        match self {
            Chart::Themes => "themes chart",
            Chart::Sections => "sections chart",
            Chart::Dates => "dates chart",
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            Chart::Themes => "topics-themes",
            Chart::Sections => "topics-sections",
            Chart::Dates => "topics-dates",
        }
    }
}

/// What the bars and lines measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Share of the speaker's words (percent).
    #[default]
    Share,
    /// Words of the matching sentences.
    Words,
}

impl Measure {
    fn value(self, cell: &Cell) -> f64 {
        match self {
            Measure::Share => cell.share * 100.0,
            Measure::Words => cell.words as f64,
        }
    }

    fn tick(self, value: f64, step: f64) -> String {
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10()).ceil().max(0.0) as usize
        };
        match self {
            Measure::Share => format!("{value:.decimals$}%"),
            Measure::Words if decimals == 0 => thousands(value.round() as usize),
            Measure::Words => format!("{value:.decimals$}"),
        }
    }
}

/// The exact figures of a cell, as hover text and accessible label say them.
fn describe(cell: &Cell) -> String {
    format!(
        "{:.1}% of their words · {} sentences · {} words",
        cell.share * 100.0,
        thousands(cell.sentences),
        thousands(cell.words as usize)
    )
}

/// A round axis for values up to `value`: (top, step), at most five steps of 1, 2 or 5 × 10^k.
fn axis_scale(value: f64) -> (f64, f64) {
    if !value.is_finite() || value <= 0.0 {
        return (1.0, 0.5);
    }
    let raw = value / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|m| *m >= raw * (1.0 - 1e-9))
        .unwrap_or(raw);
    let steps = (value / step - 1e-9).ceil().max(1.0);
    (steps * step, step)
}

/// Group labels under a chart: wrapped under each group, or, when a word is wider than a
/// group, on one line turned to run down-right from the group's centre.
#[derive(Clone)]
struct GroupLabels {
    /// Shared: the labels are kept across frames and cloned out of the cache each frame.
    galleys: Arc<[Arc<egui::Galley>]>,
    turned: bool,
    /// Height below the plot.
    height: f32,
    /// Width the turned labels reach right of the last group's centre.
    reach: f32,
}

/// How far turned labels lean (radians, clockwise).
const LABEL_ANGLE: f32 = 0.6;

fn group_labels(ui: &egui::Ui, labels: &[String], group_width: f32) -> GroupLabels {
    let font = FontId::proportional(11.0);
    let colour = ui.visuals().text_color();
    let painter = ui.painter();
    let fits = labels
        .iter()
        .flat_map(|l| l.split_whitespace())
        .all(|word| {
            painter
                .layout_no_wrap(word.to_owned(), font.clone(), colour)
                .size()
                .x
                <= group_width - 4.0
        });
    if fits {
        let galleys: Vec<Arc<egui::Galley>> = labels
            .iter()
            .map(|l| {
                painter.layout(
                    l.clone(),
                    font.clone(),
                    colour,
                    (group_width - 4.0).max(8.0),
                )
            })
            .collect();
        let height = galleys
            .iter()
            .map(|g| g.size().y)
            .fold(0.0, f32::max)
            .min(56.0)
            + 4.0;
        return GroupLabels {
            galleys: galleys.into(),
            turned: false,
            height,
            reach: 0.0,
        };
    }
    let galleys: Vec<Arc<egui::Galley>> = labels
        .iter()
        .map(|l| {
            let short: String = if l.chars().count() > 28 {
                l.chars().take(27).chain(['…']).collect()
            } else {
                l.clone()
            };
            painter.layout_no_wrap(short, font.clone(), colour)
        })
        .collect();
    let (sin, cos) = LABEL_ANGLE.sin_cos();
    let height = galleys
        .iter()
        .map(|g| g.size().x * sin + g.size().y * cos)
        .fold(0.0, f32::max)
        + 6.0;
    let reach = galleys.last().map_or(0.0, |g| g.size().x * cos);
    GroupLabels {
        galleys: galleys.into(),
        turned: true,
        height,
        reach,
    }
}

/// Lays out the labels of groups spread across `width` and returns them with the margin they
/// need right of the plot.
fn labels_for(ui: &egui::Ui, names: &[String], width: f32) -> (GroupLabels, f32) {
    let guess = (width - AXIS - 4.0) / names.len().max(1) as f32;
    let labels = group_labels(ui, names, guess);
    let right = if labels.turned {
        // Room for the last label to run out to the right.
        (labels.reach - guess / 2.0).clamp(4.0, 160.0)
    } else {
        4.0
    };
    (labels, right)
}

impl GroupLabels {
    /// Every how many groups a label is drawn, so that turned labels do not overlap.
    fn every(&self, group_width: f32) -> usize {
        if !self.turned || group_width <= 0.0 {
            return 1;
        }
        (16.0 / (group_width * LABEL_ANGLE.sin())).ceil().max(1.0) as usize
    }

    /// Draws the label of the group whose column spans `left..left + width` below `top`.
    fn draw(
        &self,
        painter: &egui::Painter,
        index: usize,
        left: f32,
        width: f32,
        top: f32,
        colour: Color32,
    ) {
        let Some(galley) = self.galleys.get(index) else {
            return;
        };
        if self.turned {
            let at = pos2(left + width / 2.0, top + 4.0);
            painter.add(
                egui::epaint::TextShape::new(at, Arc::clone(galley), colour)
                    .with_angle(LABEL_ANGLE),
            );
        } else {
            let clip = Rect::from_min_max(
                pos2(left + 1.0, top + 3.0),
                pos2(left + width - 1.0, top + self.height),
            );
            let at = pos2(left + width / 2.0 - galley.size().x / 2.0, top + 3.0);
            painter
                .with_clip_rect(clip)
                .galley(at, Arc::clone(galley), colour);
        }
    }
}

/// State of the Topics view.
#[derive(Default)]
pub struct TopicsView {
    /// Share of words or words on the bars and lines.
    pub measure: Measure,
    /// The theme of the lines across dates (`None`: the filter's first theme, else the first).
    pub line_theme: Option<String>,
    /// The save rows of the three charts.
    pub rows: [PathRow; 3],
    /// The charts' saves, and where each chart was drawn in the last frame.
    pub saves: ChartSaves<Chart>,
    /// The date labels of the line chart, with what they were laid out for ([`LabelsKey`]) and
    /// the room they need on the right.
    date_labels: Option<KeptLabels>,
    /// The group labels under the themes chart (0) and the sections chart (1), kept as the
    /// date labels are.
    group_labels: [Option<KeptLabels>; 2],
    /// The bars' accessible labels and hover texts, for the figures they were made for.
    bar_labels: Option<BarLabels>,
    /// The line chart's lines and points, for what they were made for.
    date_points: Option<DatePoints>,
    /// The line chart's lines drawn into a texture when they are denser than the pixels, for
    /// what they were drawn for.
    date_raster: Option<DateRaster>,
    /// The line chart's highest value, for the figures and measure it was found for.
    date_max: Option<(Arc<TopicFigures>, Measure, f64)>,
    /// The bars (and marked columns) of the themes and the sections chart, painted from one
    /// mesh each, made again only when they change.
    bar_meshes: [MeshCache; 2],
}

/// A point of the line chart: a speaker's figures in a dated transcript.
#[derive(Debug, Clone, Copy)]
struct DatePoint {
    column: usize,
    speaker: usize,
    at: Pos2,
    cell: Cell,
}

/// The line chart's lines and points, for one set of figures, measure, plot, colours and scale.
struct DatePoints {
    figures: Arc<TopicFigures>,
    measure: Measure,
    plot: Rect,
    colours: Vec<Color32>,
    scale: f32,
    /// The lines as meshes; none when they are drawn from [`TopicsView::date_raster`].
    lines: Premeshed,
    /// Whether the lines are drawn from the texture.
    rastered: bool,
    points: Vec<DatePoint>,
    /// The points that are a speaker's only one (indices into `points`): no line shows them.
    lone: Vec<usize>,
}

/// The line chart's lines in a texture (see [`RasterLines`]), for one set of figures, measure,
/// plot size, colours and scale: scrolling moves the picture without drawing it again.
struct DateRaster {
    figures: Arc<TopicFigures>,
    measure: Measure,
    size: egui::Vec2,
    colours: Vec<Color32>,
    scale: f32,
    /// `None` when the picture could not be made (the lines are then meshes).
    lines: Option<RasterLines>,
}

/// "speaker on/under group: figures" per group and speaker, for the themes and the sections
/// chart, made once per set of figures instead of formatted for every bar every frame.
struct BarLabels {
    figures: Arc<TopicFigures>,
    themes: Vec<Vec<String>>,
    sections: Vec<Vec<String>>,
}

impl BarLabels {
    fn for_figures(figures: &Arc<TopicFigures>) -> BarLabels {
        let chart = |groups: &[BarGroup], relation: &str| -> Vec<Vec<String>> {
            groups
                .iter()
                .map(|group| {
                    figures
                        .speakers
                        .iter()
                        .zip(&group.cells)
                        .map(|(speaker, cell)| {
                            format!(
                                "{} {relation} {}: {}",
                                speaker.name,
                                group.label,
                                describe(cell)
                            )
                        })
                        .collect()
                })
                .collect()
        };
        BarLabels {
            figures: Arc::clone(figures),
            themes: chart(&figures.themes, "on"),
            sections: chart(&figures.sections, "under"),
        }
    }
}

/// Laid-out chart labels: what they were laid out for, the labels, the room on the right.
type KeptLabels = (LabelsKey, GroupLabels, f32);

/// What laid-out chart labels depend on: the figures (by identity), the width, the text colour,
/// the scale and the font atlas.
#[derive(Clone)]
struct LabelsKey {
    figures: Arc<TopicFigures>,
    width: u32,
    colour: Color32,
    scale: u32,
    atlas: u64,
}

impl LabelsKey {
    /// The key of labels laid out now, in `ui`, for `figures` across `width`.
    fn of(ui: &egui::Ui, figures: &Arc<TopicFigures>, width: f32) -> LabelsKey {
        LabelsKey {
            figures: Arc::clone(figures),
            width: width.to_bits(),
            colour: ui.visuals().text_color(),
            scale: ui.ctx().pixels_per_point().to_bits(),
            atlas: crate::ui::premesh::atlas_generation(ui.ctx()),
        }
    }

    /// Whether labels laid out for `other` hold for this key.
    fn same(&self, other: &LabelsKey) -> bool {
        Arc::ptr_eq(&self.figures, &other.figures)
            && (self.width, self.colour, self.scale, self.atlas)
                == (other.width, other.colour, other.scale, other.atlas)
    }
}

/// The labels kept in `slot` when they were laid out for `key`, else `lay_out()`'s, kept there.
fn kept_labels(
    slot: &mut Option<KeptLabels>,
    key: LabelsKey,
    lay_out: impl FnOnce() -> (GroupLabels, f32),
) -> (GroupLabels, f32) {
    match slot {
        Some((laid, labels, right)) if laid.same(&key) => (labels.clone(), *right),
        _ => {
            let (labels, right) = lay_out();
            *slot = Some((key, labels.clone(), right));
            (labels, right)
        }
    }
}

impl std::fmt::Debug for TopicsView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TopicsView")
            .field("measure", &self.measure)
            .field("line_theme", &self.line_theme)
            .field("saves", &self.saves)
            .finish_non_exhaustive()
    }
}

impl TopicsView {
    /// What to ask the worker for.
    pub fn request(&self) -> TopicsRequest {
        TopicsRequest {
            line_theme: self.line_theme.clone(),
        }
    }

    /// Hands finished image saves to the app as notices. Called every frame.
    pub fn poll(&mut self, commands: &mut Vec<Command>) {
        self.saves.poll(commands);
    }

    /// Blocks until every image save asked for has been written or has failed, handing the
    /// notices to `commands`. For scripts and tests (the screenshot must have been taken).
    pub fn wait_for_saves(&mut self, commands: &mut Vec<Command>) {
        self.saves.wait(commands);
    }

    /// Draws the view. `chosen` is the filter as the user set it (clicks narrow it);
    /// `query_error` says why the filter cannot be evaluated, if it cannot.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewContext<'_>,
        chosen: &Filter,
        query_error: Option<&str>,
    ) {
        self.saves.new_frame();
        if let Some(error) = query_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("No charts until the filter's query is fixed: {error}"),
            );
            return;
        }
        let Some(outcome) = view.topics else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Counting the themes…");
            });
            return;
        };
        let figures = match &outcome.result {
            Ok(figures) => Arc::clone(figures),
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                return;
            }
        };
        if figures.speakers.is_empty() || figures.themes.is_empty() {
            ui.label("Nothing to chart: open transcripts, widen the filter or add themes.");
            return;
        }
        if !self
            .bar_labels
            .as_ref()
            .is_some_and(|labels| Arc::ptr_eq(&labels.figures, &figures))
        {
            self.bar_labels = Some(BarLabels::for_figures(&figures));
        }
        let colours: Vec<Color32> = figures
            .speakers
            .iter()
            .map(|s| s.speaker.map_or(Color32::GRAY, |i| view.colour(i)))
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label("Bars and lines show:");
            ui.selectable_value(&mut self.measure, Measure::Share, "Share of words")
                .on_hover_text("Words of the matching sentences as a share of the speaker's words");
            ui.selectable_value(&mut self.measure, Measure::Words, "Words")
                .on_hover_text("Words of the matching sentences");
            ui.separator();
            for (speaker, colour) in figures.speakers.iter().zip(&colours) {
                let (swatch, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                ui.painter().rect_filled(swatch, 2.0, *colour);
                ui.colored_label(*colour, &speaker.name);
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("topics_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading("Speakers × themes");
                ui.weak(
                    "Words of the sentences on each theme, of each speaker's words in the filter. \
                     Click a bar to compare that speaker on that theme.",
                );
                self.save_row(ui, &figures, Chart::Themes, view.commands);
                let marked = |group: &BarGroup| {
                    figures
                        .filter_themes
                        .iter()
                        .any(|id| id.eq_ignore_ascii_case(&group.id))
                };
                let clicked = self.bars(
                    ui,
                    Chart::Themes,
                    &figures.themes,
                    &figures,
                    &colours,
                    &marked,
                );
                if let Some((g, s)) = clicked
                    && let (Some(group), Some(speaker)) =
                        (figures.themes.get(g), figures.speakers.get(s))
                {
                    view.commands.push(Command::CompareOnTheme {
                        theme: group.id.clone(),
                        speaker: speaker.key.clone(),
                    });
                }
                ui.add_space(12.0);
                ui.heading("Speakers × sections");
                if figures.sections.is_empty() {
                    ui.weak("No transcript in the filter has section headings.");
                } else {
                    ui.weak(
                        "Where each speaker's words in the filter fall, by section heading. \
                         Click a bar to compare that speaker in that section.",
                    );
                    self.save_row(ui, &figures, Chart::Sections, view.commands);
                    let clicked = self.bars(
                        ui,
                        Chart::Sections,
                        &figures.sections,
                        &figures,
                        &colours,
                        &|_| false,
                    );
                    if let Some((g, s)) = clicked
                        && let (Some(group), Some(speaker)) =
                            (figures.sections.get(g), figures.speakers.get(s))
                        && !group.id.is_empty()
                    {
                        let mut filter = chosen.clone();
                        filter.speakers = vec![speaker.key.clone()];
                        filter.sections = vec![group.id.clone()];
                        view.commands.push(Command::SetFilter(filter));
                        view.commands.push(Command::ShowView(View::Compare));
                    }
                    if !figures.without_sections.is_empty() {
                        ui.weak(format!(
                            "Not in this chart: {} transcripts without section headings \
                             (hover for their titles)",
                            figures.without_sections.len()
                        ))
                        .on_hover_ui(|ui| {
                            ui.label(figures.without_sections.join("\n"));
                        });
                    }
                }
                ui.add_space(12.0);
                self.dates_chart(ui, &figures, &colours, chosen, view.commands);
            });
    }

    fn save_row(
        &mut self,
        ui: &mut egui::Ui,
        figures: &TopicFigures,
        chart: Chart,
        commands: &mut Vec<Command>,
    ) {
        let Some(row) = self.rows.get_mut(chart.index()) else {
            return;
        };
        let csv = || figures.csv(chart).map_err(anyhow::Error::from);
        self.saves.row(
            ui,
            row,
            chart,
            chart.name(),
            chart.file_stem(),
            csv,
            commands,
        );
    }

    /// Grouped bars: a group per theme or section, a bar per speaker. Returns the clicked
    /// (group, speaker).
    #[allow(clippy::too_many_arguments)]
    fn bars(
        &mut self,
        ui: &mut egui::Ui,
        chart: Chart,
        groups: &[BarGroup],
        figures: &Arc<TopicFigures>,
        colours: &[Color32],
        marked: &dyn Fn(&BarGroup) -> bool,
    ) -> Option<(usize, usize)> {
        const PLOT_HEIGHT: f32 = 170.0;
        let measure = self.measure;
        let width = ui.available_width().max(320.0);
        // Laid out again only when the figures, the width, the text colour, the scale or the
        // font atlas change, not every frame (a large library has many section headings).
        let key = LabelsKey::of(ui, figures, width);
        let (labels, right) =
            kept_labels(&mut self.group_labels[chart.index().min(1)], key, || {
                let names: Vec<String> = groups.iter().map(|g| g.label.clone()).collect();
                labels_for(ui, &names, width)
            });
        let group_width = (width - AXIS - right) / groups.len().max(1) as f32;
        let every = labels.every(group_width);
        let (rect, _) = ui.allocate_exact_size(
            vec2(width, TOP + PLOT_HEIGHT + labels.height),
            Sense::hover(),
        );
        let plot = Rect::from_min_max(
            pos2(rect.left() + AXIS, rect.top() + TOP),
            pos2(rect.right() - right, rect.top() + TOP + PLOT_HEIGHT),
        );
        let (max, step) = axis_scale(
            groups
                .iter()
                .flat_map(|g| g.cells.iter().map(|c| measure.value(c)))
                .fold(0.0, f64::max),
        );
        self.axis(ui, rect, plot, max, step);
        let speakers = figures.speakers.len().max(1);
        let bar_width = (group_width * 0.8 / speakers as f32).clamp(2.0, 22.0);
        let painter = ui.painter().clone();
        let text_colour = ui.visuals().text_color();
        let mut clicked = None;
        let bar_labels = self.bar_labels.take();
        let chart_labels = bar_labels.as_ref().map(|l| match chart {
            Chart::Sections => &l.sections,
            Chart::Themes | Chart::Dates => &l.themes,
        });
        // Bars and marked columns go into one mesh; the hovered bar's outline goes over it.
        let mut shapes = Vec::new();
        let mut outlines = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let left = plot.left() + g as f32 * group_width;
            let column = Rect::from_min_max(
                pos2(left, plot.top()),
                pos2(left + group_width, plot.bottom()),
            );
            if marked(group) {
                shapes.push(egui::Shape::rect_filled(
                    column,
                    2.0,
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35),
                ));
            }
            if g % every == 0 {
                labels.draw(&painter, g, left, group_width, plot.bottom(), text_colour);
            }
            let start = left + (group_width - bar_width * speakers as f32) / 2.0;
            for (s, (_, cell)) in figures.speakers.iter().zip(&group.cells).enumerate() {
                let x = start + s as f32 * bar_width;
                let value = measure.value(cell);
                let height = if value > 0.0 {
                    ((value / max) as f32 * plot.height()).max(1.0)
                } else {
                    0.0
                };
                let bar = Rect::from_min_max(
                    pos2(x + 1.0, plot.bottom() - height),
                    pos2(x + bar_width - 1.0, plot.bottom()),
                );
                let hit =
                    Rect::from_min_max(pos2(x, plot.top()), pos2(x + bar_width, plot.bottom()));
                let id = ui.scope_id().with(("topics_bar", chart.index(), g, s));
                let response = ui.interact(hit, id, Sense::click());
                let colour = colours.get(s).copied().unwrap_or(Color32::GRAY);
                shapes.push(egui::Shape::rect_filled(bar, 1.0, colour));
                let label = chart_labels
                    .and_then(|l| l.get(g))
                    .and_then(|l| l.get(s))
                    .map_or("", String::as_str);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
                if response.hovered() {
                    outlines.push(egui::Shape::rect_stroke(
                        hit,
                        1.0,
                        Stroke::new(1.0, ui.visuals().strong_text_color()),
                        StrokeKind::Inside,
                    ));
                }
                if super::hover::on_hover_ui(response, |ui| {
                    ui.label(label);
                })
                .clicked()
                {
                    clicked = Some((g, s));
                }
            }
        }
        self.bar_labels = bar_labels;
        if let Some(mesh) = self.bar_meshes.get_mut(chart.index()) {
            mesh.paint(&painter, shapes);
        } else {
            painter.extend(shapes);
        }
        painter.extend(outlines);
        self.saves.drawn_at(ui, chart, rect);
        clicked
    }

    /// Grid lines and their figures left of the plot.
    fn axis(&self, ui: &egui::Ui, rect: Rect, plot: Rect, max: f64, step: f64) {
        let painter = ui.painter();
        let grid = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
        let steps = (max / step).round().max(1.0) as u32;
        for n in 0..=steps {
            let value = step * f64::from(n);
            let y = plot.bottom() - plot.height() * (value / max) as f32;
            painter.hline(plot.left()..=plot.right(), y, grid);
            painter.text(
                pos2(rect.left() + AXIS_GAP, y),
                Align2::LEFT_CENTER,
                self.measure.tick(value, step),
                FontId::proportional(10.0),
                ui.visuals().weak_text_color(),
            );
        }
    }

    /// Makes sure [`TopicsView::date_raster`] holds `lines` (in screen points over `plot`)
    /// drawn for these figures, the current measure, the plot's size, the colours and `scale`;
    /// tells whether it does (it does not when the picture could not be made).
    fn raster_lines(
        &mut self,
        ctx: &egui::Context,
        figures: &Arc<TopicFigures>,
        plot: Rect,
        scale: f32,
        lines: &[Line],
    ) -> bool {
        let measure = self.measure;
        let colours: Vec<Color32> = lines.iter().map(|(_, colour)| *colour).collect();
        let current = self.date_raster.as_ref().is_some_and(|r| {
            Arc::ptr_eq(&r.figures, figures)
                && r.measure == measure
                && r.size == plot.size()
                && r.colours == colours
                && r.scale == scale
        });
        if !current {
            let relative: Vec<Line> = lines
                .iter()
                .map(|(points, colour)| {
                    let points = points.iter().map(|p| *p - plot.min.to_vec2()).collect();
                    (points, *colour)
                })
                .collect();
            self.date_raster = Some(DateRaster {
                figures: Arc::clone(figures),
                measure,
                size: plot.size(),
                colours,
                scale,
                lines: RasterLines::new(
                    ctx,
                    "topics date lines",
                    plot.size(),
                    &relative,
                    LINE_WIDTH,
                ),
            });
        }
        self.date_raster.as_ref().is_some_and(|r| r.lines.is_some())
    }

    fn dates_chart(
        &mut self,
        ui: &mut egui::Ui,
        figures: &Arc<TopicFigures>,
        colours: &[Color32],
        chosen: &Filter,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.heading("Across transcript dates");
            let selected = figures.line_theme.clone().unwrap_or_default();
            let label = ui.label("Theme of the lines:");
            egui::ComboBox::from_id_salt("topics_line_theme")
                .selected_text(selected.1.clone())
                .show_ui(ui, |ui| {
                    for group in &figures.themes {
                        if ui
                            .selectable_label(group.id == selected.0, &group.label)
                            .clicked()
                        {
                            self.line_theme = Some(group.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if figures.dates.is_empty() {
            ui.weak(if figures.undated.is_empty() {
                "No transcript in the filter to draw.".to_owned()
            } else {
                format!(
                    "None of the transcripts in the filter has a date, so there is no line across dates ({} without a date).",
                    figures.undated.len()
                )
            });
            return;
        }
        ui.weak(
            "The chosen theme's share of each speaker's words in each dated transcript, in date \
             order. Click a point to compare that speaker on the theme in that transcript.",
        );
        self.save_row(ui, figures, Chart::Dates, commands);
        const PLOT_HEIGHT: f32 = 150.0;
        /// Narrower slots show the date alone.
        const TITLED_SLOT: f32 = 90.0;
        /// Narrower slots share one hover area instead of a widget per point.
        const DENSE_SLOT: f32 = 12.0;
        let measure = self.measure;
        let width = ui.available_width().max(320.0);
        let titled = (width - AXIS - 4.0) / figures.dates.len() as f32 >= TITLED_SLOT;
        // One label per dated transcript: laid out again only when the figures, the width or
        // the text colour change, not every frame (hundreds of briefings make hundreds of
        // labels).
        let text_colour = ui.visuals().text_color();
        let key = LabelsKey::of(ui, figures, width);
        let (labels, right) = kept_labels(&mut self.date_labels, key, || {
            let names: Vec<String> = figures
                .dates
                .iter()
                .map(|c| {
                    if titled {
                        format!("{}\n{}", c.date, c.title)
                    } else {
                        c.date.clone()
                    }
                })
                .collect();
            labels_for(ui, &names, width)
        });
        let (rect, _) = ui.allocate_exact_size(
            vec2(width, TOP + PLOT_HEIGHT + labels.height),
            Sense::hover(),
        );
        let plot = Rect::from_min_max(
            pos2(rect.left() + AXIS, rect.top() + TOP),
            pos2(rect.right() - right, rect.top() + TOP + PLOT_HEIGHT),
        );
        // The highest value over every dated transcript (hundreds in a large library): found
        // once per figures and measure.
        let known = self
            .date_max
            .as_ref()
            .filter(|(of, of_measure, _)| Arc::ptr_eq(of, figures) && *of_measure == measure)
            .map(|(.., max)| *max);
        let highest = known.unwrap_or_else(|| {
            figures
                .dates
                .iter()
                .flat_map(|c| c.cells.iter().flatten().map(|cell| measure.value(cell)))
                .fold(0.0, f64::max)
        });
        self.date_max = Some((Arc::clone(figures), measure, highest));
        let (max, step) = axis_scale(highest);
        self.axis(ui, rect, plot, max, step);
        let slot = plot.width() / figures.dates.len() as f32;
        let painter = ui.painter().clone();

        let theme_name = figures.line_theme.as_ref().map_or("", |(_, n)| n.as_str());
        let mut clicked = None;
        let every = labels.every(slot);
        for c in (0..figures.dates.len()).step_by(every) {
            let left = plot.left() + c as f32 * slot;
            labels.draw(&painter, c, left, slot, plot.bottom(), text_colour);
        }
        // Points far enough apart are widgets of their own (hover, click, accessible name);
        // denser ones (hundreds of dates) share one hover area over the plot that finds the
        // point under the pointer, so a frame costs the same whatever the number of dates.
        let dense = slot < DENSE_SLOT;
        let point_label = |s: usize, c: usize, cell: &Cell| -> String {
            let speaker = figures.speakers.get(s).map_or("", |p| p.name.as_str());
            let (date, title) = figures
                .dates
                .get(c)
                .map_or(("", ""), |d| (d.date.as_str(), d.title.as_str()));
            format!(
                "{speaker}, {date} ({title}), {theme_name}: {}",
                describe(cell)
            )
        };
        // The lines and points are made once per figures, measure, plot, colours and scale.
        let scale = ui.ctx().pixels_per_point();
        let current = self.date_points.as_ref().is_some_and(|p| {
            Arc::ptr_eq(&p.figures, figures)
                && p.measure == measure
                && p.plot == plot
                && p.colours == colours
                && p.scale == scale
        });
        if !current {
            let mut lines: Vec<Line> = Vec::new();
            let mut points = Vec::new();
            let mut lone = Vec::new();
            for (s, _) in figures.speakers.iter().enumerate() {
                let colour = colours.get(s).copied().unwrap_or(Color32::GRAY);
                let first = points.len();
                points.extend(figures.dates.iter().enumerate().filter_map(|(c, column)| {
                    let cell = (*column.cells.get(s)?)?;
                    let x = plot.left() + (c as f32 + 0.5) * slot;
                    let y = plot.bottom() - (measure.value(&cell) / max) as f32 * plot.height();
                    Some(DatePoint {
                        column: c,
                        speaker: s,
                        at: pos2(x, y),
                        cell,
                    })
                }));
                match &points[first..] {
                    [] => {}
                    [_] => lone.push(first),
                    several => lines.push((several.iter().map(|p| p.at).collect(), colour)),
                }
            }
            // Lines with points closer than the pixels (hundreds of dated transcripts) are
            // drawn once into a texture: a frame then paints one picture instead of copying
            // four vertices per point. Sparse lines stay meshes, sharp at any scale.
            let rastered = dense && self.raster_lines(ui.ctx(), figures, plot, scale, &lines);
            let lines = if rastered {
                Premeshed::default()
            } else {
                let shapes = lines
                    .into_iter()
                    .map(|(line, colour)| egui::Shape::line(line, Stroke::new(LINE_WIDTH, colour)))
                    .collect();
                premesh(ui.ctx(), shapes)
            };
            self.date_points = Some(DatePoints {
                figures: Arc::clone(figures),
                measure,
                plot,
                colours: colours.to_vec(),
                scale,
                lines,
                rastered,
                points,
                lone,
            });
        }
        let Some(cached) = &self.date_points else {
            return;
        };
        cached.lines.paint(&painter);
        if cached.rastered
            && let Some(raster) = self.date_raster.as_ref().and_then(|r| r.lines.as_ref())
        {
            raster.paint(&painter, plot.min);
        }
        if dense {
            // The lines show the points; only a lone point has no line to show it (the frame
            // does not walk the thousands of points of a large library).
            for point in cached.lone.iter().filter_map(|&i| cached.points.get(i)) {
                let colour = colours.get(point.speaker).copied().unwrap_or(Color32::GRAY);
                painter.circle_filled(point.at, 2.5, colour);
            }
        }
        // Points far enough apart are widgets.
        let widget_points: &[DatePoint] = if dense { &[] } else { &cached.points };
        for point in widget_points {
            let (c, s, point, cell) = (point.column, point.speaker, point.at, point.cell);
            let colour = colours.get(s).copied().unwrap_or(Color32::GRAY);
            let hit = Rect::from_center_size(point, vec2(14.0, 14.0));
            let response = ui.interact(
                hit,
                ui.scope_id().with(("topics_point", c, s)),
                Sense::click(),
            );
            let radius = if response.hovered() { 6.0 } else { 4.0 };
            painter.circle_filled(point, radius, colour);
            let label = point_label(s, c, &cell);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if response.on_hover_text(&label).clicked() {
                clicked = Some((c, s));
            }
        }
        if dense {
            let response = ui.interact(
                plot.expand(6.0),
                ui.scope_id().with("topics_points"),
                Sense::click(),
            );
            let nearest = response.hover_pos().and_then(|pointer| {
                let column = ((pointer.x - plot.left()) / slot).floor().max(0.0) as usize;
                cached
                    .points
                    .iter()
                    .filter(|p| p.column.abs_diff(column) <= 1)
                    .min_by(|a, b| {
                        a.at.distance_sq(pointer)
                            .total_cmp(&b.at.distance_sq(pointer))
                    })
                    .map(|p| (p.column, p.speaker, p.at, p.cell))
            });
            if let Some((c, s, point, cell)) = nearest {
                let colour = colours.get(s).copied().unwrap_or(Color32::GRAY);
                painter.circle_filled(point, 6.0, colour);
                let label = point_label(s, c, &cell);
                if response.on_hover_text(label).clicked() {
                    clicked = Some((c, s));
                }
            }
        }
        self.saves.drawn_at(ui, Chart::Dates, rect);
        if let Some((c, s)) = clicked
            && let (Some(column), Some(speaker), Some((theme, _))) = (
                figures.dates.get(c),
                figures.speakers.get(s),
                &figures.line_theme,
            )
        {
            let mut filter = chosen.clone();
            filter.speakers = vec![speaker.key.clone()];
            filter.themes = vec![theme.clone()];
            filter.transcripts = vec![column.transcript];
            commands.push(Command::SetFilter(filter));
            commands.push(Command::ShowView(View::Compare));
        }
        // A count, with the titles on hover: a paragraph of hundreds of titles was no use to
        // read and cost more to lay out and announce every frame than the chart itself.
        match figures.undated.as_slice() {
            [] => {}
            [title] => {
                ui.weak(format!("Not on this chart (no date): {title}"));
            }
            titles => {
                ui.weak(format!(
                    "Not on this chart: {} transcripts without a date (hover for their titles)",
                    titles.len()
                ))
                .on_hover_ui(|ui| {
                    ui.label(titles.join("\n"));
                });
            }
        }
    }
}

/// Space between the chart's left edge and the axis figures.
const AXIS_GAP: f32 = 2.0;
/// Width left of a plot for the axis figures.
const AXIS: f32 = 58.0;
/// Space above a plot.
const TOP: f32 = 10.0;
/// Width of the line chart's lines (points).
const LINE_WIDTH: f32 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_have_round_steps_and_at_most_five_of_them() {
        assert_eq!(axis_scale(0.0), (1.0, 0.5));
        assert_eq!(axis_scale(43.0), (50.0, 10.0));
        assert_eq!(axis_scale(23.0), (25.0, 5.0));
        assert_eq!(axis_scale(100.0), (100.0, 20.0));
        assert_eq!(axis_scale(2435.0), (2500.0, 500.0));
        let (top, step) = axis_scale(0.3);
        assert!((top - 0.3).abs() < 1e-9 && (step - 0.1).abs() < 1e-9);
        assert_eq!(Measure::Share.tick(40.0, 10.0), "40%");
        assert_eq!(Measure::Share.tick(0.2, 0.1), "0.2%");
        assert_eq!(Measure::Words.tick(2500.0, 500.0), "2,500");
    }
}
