//! Timelines: for each active transcript a lane per speaker with a bar per turn on the time
//! axis (real or estimated), section marks, query hits, a share-of-voice strip; hover, click to
//! read, zoom and pan, and a 0–100% axis to compare transcripts of different lengths.

use super::app::{Command, ViewContext};
use super::library_panel::thousands;
use super::premesh::{AtlasKey, Premeshed, premesh};
use super::reader::clock;
use super::row_heights::RowHeights;
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::TurnIndex;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, pos2, vec2};
use std::sync::Arc;

const LABEL_WIDTH: f32 = 170.0;
const LANE_HEIGHT: f32 = 18.0;
const STRIP_HEIGHT: f32 = 10.0;
const SECTION_ROW: f32 = 16.0;
const AXIS_ROW: f32 = 12.0;

/// One turn's bar.
#[derive(Debug, Clone, Copy)]
struct Bar {
    lane: usize,
    turn: TurnIndex,
    /// Start and end on the shared axis (seconds, or fractions 0..1 when aligned).
    start: f64,
    end: f64,
}

/// What the timeline draws for one transcript.
#[derive(Debug, Clone, Default)]
struct Block {
    transcript: TranscriptIndex,
    lanes: Vec<LibrarySpeakerIndex>,
    bars: Vec<Bar>,
    sections: Vec<(f64, String)>,
    /// Words per lane, for the share-of-voice strip.
    words: Vec<usize>,
    /// "name: share% (words)" per lane, for the strip's tooltip and accessible label.
    shares: Vec<String>,
    /// The title laid out, for the (width, scale, font atlas) it was laid out at.
    title: Option<((u32, u32, u64), Arc<egui::Galley>)>,
    /// The plot's shapes as last painted.
    paint: Option<BlockPaint>,
}

/// What a block's plot was painted for: where, the part of the axis, the scale and font atlas
/// (its text is in the mesh) and the colours.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PaintKey {
    outer: Rect,
    visible: (f64, f64),
    atlas: AtlasKey,
    colours: [Color32; 3],
}

/// A block's plot, painted: its shapes, the bars on screen and the lane names, for a
/// [`PaintKey`] and the block's turns with query hits.
#[derive(Debug, Clone)]
struct BlockPaint {
    key: PaintKey,
    hit_turns: Vec<TurnIndex>,
    shapes: Premeshed,
    bars: Vec<DrawnBar>,
    lane_names: Arc<[String]>,
}

/// The blocks of all active transcripts, built once per (library revision, active set, axis).
#[derive(Debug, Clone, Default)]
struct Layout {
    key: (u64, Vec<TranscriptIndex>, bool),
    blocks: Vec<Block>,
    /// Height of each block in points (title, plot and the gap after it): estimated from its
    /// lane count until the block is first drawn, then as measured.
    heights: RowHeights,
    /// Length of the shared axis (seconds, or 1.0 when aligned).
    axis_length: f64,
    /// The hidden speakers, offered to show again.
    hidden: Vec<LibrarySpeakerIndex>,
}

/// Space under each block.
const BLOCK_GAP: f32 = 14.0;
/// Estimated height of a block's title row (corrected once a block is drawn).
const TITLE_ROW: f32 = 22.0;

/// Height of a block's plot: share strip, section row, lanes and axis.
fn plot_height(lanes: usize) -> f32 {
    STRIP_HEIGHT + 4.0 + SECTION_ROW + LANE_HEIGHT * lanes as f32 + AXIS_ROW
}

impl Layout {
    fn build(library: &Library, active: &[TranscriptIndex], percent: bool) -> Layout {
        let mut blocks = Vec::new();
        let mut axis_length: f64 = if percent { 1.0 } else { 0.0 };
        for &index in active {
            let Some(transcript) = library.transcripts().get(index) else {
                continue;
            };
            let duration = transcript.duration().max(f64::EPSILON);
            let scale = if percent { 1.0 / duration } else { 1.0 };
            if !percent {
                axis_length = axis_length.max(duration);
            }
            let mut lanes: Vec<LibrarySpeakerIndex> = Vec::new();
            let mut words: Vec<usize> = Vec::new();
            let mut bars = Vec::with_capacity(transcript.turns.len());
            for (turn_index, turn) in transcript.turns.iter().enumerate() {
                let Some(speaker) = library.speaker_of_turn(index, turn_index) else {
                    continue;
                };
                if library.speakers().get(speaker).is_none_or(|s| s.hidden) {
                    continue;
                }
                let lane = match lanes.iter().position(|&s| s == speaker) {
                    Some(lane) => lane,
                    None => {
                        lanes.push(speaker);
                        words.push(0);
                        lanes.len() - 1
                    }
                };
                if let Some(w) = words.get_mut(lane) {
                    *w += transcript.turn_words(turn_index);
                }
                bars.push(Bar {
                    lane,
                    turn: turn_index,
                    start: turn.start * scale,
                    end: turn.end.max(turn.start) * scale,
                });
            }
            let sections = transcript
                .sections
                .iter()
                .filter_map(|section| {
                    let turn = transcript.turns.get(section.turn)?;
                    let len = turn.text.len().max(1) as f64;
                    let within = (section.offset as f64 / len).clamp(0.0, 1.0);
                    let time = turn.start + (turn.end - turn.start) * within;
                    Some((time * scale, section.title.clone()))
                })
                .collect();
            let total: usize = words.iter().sum();
            let shares = lanes
                .iter()
                .zip(&words)
                .map(|(&speaker, &words)| {
                    let share = if total == 0 {
                        0.0
                    } else {
                        words as f64 / total as f64
                    };
                    let name = library
                        .speakers()
                        .get(speaker)
                        .map_or("", |s| s.name.as_str());
                    format!("{name}: {:.0}% ({} words)", share * 100.0, thousands(words))
                })
                .collect();
            blocks.push(Block {
                transcript: index,
                lanes,
                bars,
                sections,
                words,
                shares,
                title: None,
                paint: None,
            });
        }
        let heights = RowHeights::new(
            blocks
                .iter()
                .map(|b| TITLE_ROW + plot_height(b.lanes.len()) + BLOCK_GAP)
                .collect(),
        );
        let hidden = library
            .speakers()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.hidden)
            .map(|(index, _)| index)
            .collect();
        Layout {
            key: (library.revision(), active.to_vec(), percent),
            blocks,
            heights,
            axis_length: axis_length.max(f64::EPSILON),
            hidden,
        }
    }
}

/// Narrower bars are square-cornered: a rounded corner cannot show on them, and the rounding
/// triples the vertices of the bars of a long transcript.
const ROUNDED_BAR_WIDTH: f32 = 4.0;

/// A bar (or a run of touching bars): corners rounded by a point when it is wide enough to show.
fn bar_shape(rect: Rect, colour: Color32) -> Shape {
    let corner = if rect.width() >= ROUNDED_BAR_WIDTH {
        1.0
    } else {
        0.0
    };
    Shape::rect_filled(rect, corner, colour)
}

/// A bar drawn in the last frame: where, and which turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawnBar {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// The turn.
    pub turn: TurnIndex,
    /// The library speaker.
    pub speaker: LibrarySpeakerIndex,
    /// Where it was drawn, in points.
    pub rect: Rect,
}

/// State of the timelines view.
#[derive(Debug)]
pub struct TimelineView {
    /// The visible part of the axis, as fractions of its length.
    pub visible: (f64, f64),
    /// Bars drawn in the last frame (hit testing, tests).
    pub drawn_bars: Vec<DrawnBar>,
    /// Lane names per transcript as drawn in the last frame.
    pub drawn_lanes: Vec<(TranscriptIndex, Arc<[String]>)>,
    layout: Layout,
}

impl Default for TimelineView {
    fn default() -> TimelineView {
        TimelineView {
            visible: (0.0, 1.0),
            drawn_bars: Vec::new(),
            drawn_lanes: Vec::new(),
            layout: Layout::default(),
        }
    }
}

impl TimelineView {
    /// The bar drawn for a turn in the last frame, if it was on screen.
    pub fn bar_of(&self, transcript: TranscriptIndex, turn: TurnIndex) -> Option<DrawnBar> {
        self.drawn_bars
            .iter()
            .find(|b| b.transcript == transcript && b.turn == turn)
            .copied()
    }

    /// Draws the timelines.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>) {
        let (revision, active, percent) = &self.layout.key;
        if *revision != view.library.revision()
            || active.as_slice() != view.active
            || *percent != *view.align_percent
        {
            self.layout = Layout::build(view.library, view.active, *view.align_percent);
        }
        ui.horizontal(|ui| {
            if ui
                .checkbox(view.align_percent, "Align on 0–100%")
                .on_hover_text("Stretch every transcript to the same width so that transcripts of different lengths compare")
                .changed()
            {
                self.visible = (0.0, 1.0);
            }
            if ui.button("Reset zoom").clicked() {
                self.visible = (0.0, 1.0);
            }
            ui.weak("Ctrl+wheel zooms · drag pans · click a bar to read the turn · right-click a name to hide it");
        });
        if !self.layout.hidden.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Hidden:");
                let speakers = view.library.speakers();
                for speaker in self.layout.hidden.iter().filter_map(|&s| speakers.get(s)) {
                    if ui.small_button(format!("show {}", speaker.name)).clicked() {
                        view.commands
                            .push(Command::SetHidden(speaker.key.clone(), false));
                    }
                }
            });
        }
        ui.separator();
        if self.layout.blocks.is_empty() {
            ui.label("No active transcripts: tick a transcript in the library panel, or open one (Ctrl+O).");
            return;
        }
        self.drawn_bars.clear();
        self.drawn_lanes.clear();
        // Only the blocks in view are laid out and drawn: a frame costs what is on screen,
        // however many transcripts are active.
        // Taken out for the frame (the blocks drawn below borrow the view); the heights measured
        // are recorded after, and move the blocks from the next frame on.
        let mut heights = std::mem::take(&mut self.layout.heights);
        let mut drawn_heights = Vec::new();
        let tops = heights.tops();
        let y = tops.last().copied().unwrap_or(0.0);
        egui::ScrollArea::vertical()
            .id_salt("timeline_scroll")
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(y);
                let width = ui.available_width();
                let origin = ui.max_rect().min;
                let first = tops
                    .partition_point(|&top| top <= viewport.min.y)
                    .saturating_sub(1);
                let mut block_index = first;
                while block_index < self.layout.blocks.len()
                    && tops.get(block_index).is_some_and(|&t| t < viewport.max.y)
                {
                    let rect = Rect::from_min_size(
                        origin + vec2(0.0, tops[block_index]),
                        vec2(width, f32::INFINITY),
                    );
                    let salt = self.layout.blocks[block_index].transcript;
                    let builder = egui::UiBuilder::new()
                        .max_rect(rect)
                        .id_salt(("timeline_block", salt));
                    let drawn = ui
                        .scope_builder(builder, |ui| self.block(ui, view, block_index))
                        .response
                        .rect
                        .height()
                        + BLOCK_GAP;
                    drawn_heights.push((block_index, drawn));
                    block_index += 1;
                }
            });
        heights.set_drawn(ui.ctx(), drawn_heights);
        self.layout.heights = heights;
    }

    fn x_of(&self, value: f64, plot: Rect) -> f32 {
        let (lo, hi) = self.visible;
        let fraction = (value / self.layout.axis_length - lo) / (hi - lo).max(1e-9);
        plot.left() + (fraction as f32) * plot.width()
    }

    fn block(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>, block_index: usize) {
        // Borrowed out of the layout for the frame (no copy of the bars), put back after.
        let Some(mut block) = self.layout.blocks.get_mut(block_index).map(std::mem::take) else {
            return;
        };
        self.draw_block(ui, view, &mut block);
        if let Some(slot) = self.layout.blocks.get_mut(block_index) {
            *slot = block;
        }
    }

    fn draw_block(&mut self, ui: &mut egui::Ui, view: &mut ViewContext<'_>, block: &mut Block) {
        let Some(transcript) = view.library.transcripts().get(block.transcript) else {
            return;
        };
        let width = ui.available_width();
        let visuals = ui.visuals().clone();
        let scale = ui.ctx().pixels_per_point();

        // Title: laid out once per width (and scale and font atlas), painted, and announced as a
        // label.
        let title_key = (
            width.to_bits(),
            scale.to_bits(),
            crate::ui::premesh::atlas_generation(ui.ctx()),
        );
        let title = match &block.title {
            Some((key, galley)) if *key == title_key => galley.clone(),
            _ => {
                let date = transcript
                    .date
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default();
                let timing = if transcript.timed {
                    format!("real time 0:00–{}", clock(transcript.duration()))
                } else {
                    format!("estimated time, about {}", clock(transcript.duration()))
                };
                let text = format!("{}{date}  ({timing})", transcript.title);
                let font = egui::TextStyle::Body.resolve(ui.style());
                let galley = ui.painter().layout(text, font, Color32::PLACEHOLDER, width);
                block.title = Some((title_key, galley.clone()));
                galley
            }
        };
        let (title_rect, title_response) =
            ui.allocate_exact_size(vec2(width, title.size().y), Sense::hover());
        title_response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, title.text()));
        ui.painter()
            .galley(title_rect.min, title, visuals.strong_text_color());

        let height = plot_height(block.lanes.len());
        // Space only: the strip, the lanes and their labels are the widgets inside it.
        let (_, outer) = ui.allocate_space(vec2(width, height));
        let plot = Rect::from_min_max(pos2(outer.left() + LABEL_WIDTH, outer.top()), outer.max);
        let strip = Rect::from_min_size(plot.min, vec2(plot.width(), STRIP_HEIGHT));
        let lanes_top = strip.bottom() + 4.0 + SECTION_ROW;
        let lanes_rect = Rect::from_min_max(
            pos2(plot.left(), lanes_top),
            pos2(plot.right(), plot.bottom() - AXIS_ROW),
        );

        // Interaction first (panning and zooming change what is painted this frame).
        let strip_response = ui.interact(
            strip,
            ui.scope_id().with(("strip", block.transcript)),
            Sense::hover(),
        );
        strip_response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Label,
                true,
                format!("Share of voice: {}", block.shares.join("; ")),
            )
        });
        strip_response.on_hover_ui(|ui| {
            ui.label(block.shares.join("\n"));
        });
        let response = ui.interact(
            lanes_rect,
            ui.scope_id().with(("lanes", block.transcript)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Canvas,
                true,
                format!("Timeline of {}", transcript.title),
            )
        });
        self.pan_and_zoom(ui, &response, lanes_rect);

        // Lane labels: each an accessible, right-clickable widget.
        for (lane, &speaker) in block.lanes.iter().enumerate() {
            let top = lanes_top + lane as f32 * LANE_HEIGHT;
            let label_rect = Rect::from_min_size(
                pos2(outer.left(), top),
                vec2(LABEL_WIDTH - 6.0, LANE_HEIGHT),
            );
            let Some(info) = view.library.speakers().get(speaker) else {
                continue;
            };
            let label = ui.interact(
                label_rect,
                ui.scope_id().with(("lane", block.transcript, lane)),
                Sense::click(),
            );
            label.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{} lane", info.name))
            });
            // The menu is asked for only when it opens or is open: most lanes never have one,
            // and a large library shows dozens of lanes.
            let menu_open = label.secondary_clicked()
                || egui::Popup::is_id_open(ui.ctx(), egui::Popup::default_response_id(&label));
            if !menu_open {
                continue;
            }
            label.context_menu(|ui| {
                if ui.button(format!("Hide {}", info.name)).clicked() {
                    view.commands
                        .push(Command::SetHidden(info.key.clone(), true));
                    ui.close();
                }
            });
        }

        // Everything else is painted from shapes made once per position, zoom, query hits and
        // colours: an idle frame copies them instead of laying out text and bars again.
        let key = PaintKey {
            outer,
            visible: self.visible,
            atlas: AtlasKey::of(ui.ctx()),
            colours: [
                visuals.weak_text_color(),
                visuals.strong_text_color(),
                visuals.faint_bg_color,
            ],
        };
        let hit_turns = view
            .hits
            .turns
            .get(block.transcript)
            .map_or(&[][..], Vec::as_slice);
        let current = block
            .paint
            .as_ref()
            .is_some_and(|p| p.key == key && p.hit_turns == hit_turns);
        if !current {
            block.paint = Some(self.block_paint(ui, view, block, key, hit_turns));
        }
        let Some(paint) = &block.paint else {
            return;
        };
        paint.shapes.paint(&ui.painter_at(outer));
        self.drawn_bars.extend_from_slice(&paint.bars);
        self.drawn_lanes
            .push((block.transcript, Arc::clone(&paint.lane_names)));

        // Hover and click.
        let pointer = response
            .hover_pos()
            .or_else(|| response.interact_pointer_pos());
        if let Some(pos) = pointer
            && let Some(hit) = self.bar_at(block.transcript, pos)
        {
            ui.painter_at(outer).rect_stroke(
                hit.rect.expand(1.0),
                1.0,
                Stroke::new(1.5, visuals.strong_text_color()),
                egui::StrokeKind::Outside,
            );
            if response.clicked() {
                view.commands.push(Command::JumpToTurn {
                    transcript: hit.transcript,
                    turn: hit.turn,
                });
            }
            if let Some(turn) = transcript.turns.get(hit.turn) {
                let name = view
                    .library
                    .speakers()
                    .get(hit.speaker)
                    .map_or("", |s| s.name.as_str())
                    .to_owned();
                let when = if transcript.timed {
                    format!("{}–{}", clock(turn.start), clock(turn.end))
                } else {
                    format!("~{}–{} (estimated)", clock(turn.start), clock(turn.end))
                };
                let first_words: String = turn
                    .text
                    .split_whitespace()
                    .take(24)
                    .collect::<Vec<_>>()
                    .join(" ");
                let colour = view.colour(hit.speaker);
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.label(egui::RichText::new(name).strong().color(colour));
                    ui.weak(when);
                    ui.label(format!("{first_words}…"));
                    ui.weak("click to read this turn");
                });
            }
        }
    }

    /// The shapes of a block's plot (share strip, section marks, lane backgrounds and names,
    /// bars, query ticks, axis) and the bars on screen, for `key`.
    fn block_paint(
        &self,
        ui: &egui::Ui,
        view: &ViewContext<'_>,
        block: &Block,
        key: PaintKey,
        hit_turns: &[TurnIndex],
    ) -> BlockPaint {
        let outer = key.outer;
        let [weak_colour, hit_colour, faint_colour] = key.colours;
        let plot = Rect::from_min_max(pos2(outer.left() + LABEL_WIDTH, outer.top()), outer.max);
        let strip = Rect::from_min_size(plot.min, vec2(plot.width(), STRIP_HEIGHT));
        let lanes_top = strip.bottom() + 4.0 + SECTION_ROW;
        let lanes_bottom = plot.bottom() - AXIS_ROW;
        let mut shapes = Vec::new();
        let text = |shapes: &mut Vec<Shape>,
                    pos: Pos2,
                    align: Align2,
                    text: String,
                    size: f32,
                    colour: Color32,
                    max_width: f32|
         -> Rect {
            let mut job =
                egui::text::LayoutJob::simple_singleline(text, FontId::proportional(size), colour);
            job.wrap = egui::text::TextWrapping::truncate_at_width(max_width);
            let galley = ui.painter().layout_job(job);
            let rect = align.anchor_size(pos, galley.size());
            shapes.push(Shape::galley(rect.min, galley, colour));
            rect
        };

        // Share of voice.
        text(
            &mut shapes,
            pos2(outer.left(), strip.center().y),
            Align2::LEFT_CENTER,
            "share of voice".to_owned(),
            10.0,
            weak_colour,
            LABEL_WIDTH,
        );
        let total: usize = block.words.iter().sum();
        let mut x = strip.left();
        for (lane, &words) in block.words.iter().enumerate() {
            let share = if total == 0 {
                0.0
            } else {
                words as f32 / total as f32
            };
            let w = share * strip.width();
            let speaker = block.lanes.get(lane).copied().unwrap_or(0);
            shapes.push(Shape::rect_filled(
                Rect::from_min_size(pos2(x, strip.top()), vec2(w, STRIP_HEIGHT)),
                0.0,
                view.colour(speaker),
            ));
            x += w;
        }

        // Section marks; a title is written only where it does not run into the previous one.
        let mut free_from = plot.left();
        for (time, title) in &block.sections {
            let x = self.x_of(*time, plot);
            if x < plot.left() || x > plot.right() {
                continue;
            }
            shapes.push(Shape::line_segment(
                [pos2(x, strip.bottom() + 4.0), pos2(x, lanes_bottom)],
                Stroke::new(1.0, weak_colour.gamma_multiply(0.6)),
            ));
            if x >= free_from {
                let written = text(
                    &mut shapes,
                    pos2(x + 2.0, strip.bottom() + 4.0),
                    Align2::LEFT_TOP,
                    title.clone(),
                    10.0,
                    weak_colour,
                    f32::INFINITY,
                );
                free_from = written.right() + 6.0;
            }
        }

        // Lane backgrounds and names.
        let mut lane_names = Vec::new();
        for (lane, &speaker) in block.lanes.iter().enumerate() {
            let top = lanes_top + lane as f32 * LANE_HEIGHT;
            let Some(info) = view.library.speakers().get(speaker) else {
                continue;
            };
            lane_names.push(info.name.clone());
            if lane.is_multiple_of(2) {
                shapes.push(Shape::rect_filled(
                    Rect::from_min_max(
                        pos2(plot.left(), top),
                        pos2(plot.right(), top + LANE_HEIGHT),
                    ),
                    0.0,
                    faint_colour,
                ));
            }
            text(
                &mut shapes,
                pos2(outer.left(), top + LANE_HEIGHT * 0.5),
                Align2::LEFT_CENTER,
                super::palette::speaker_label(&info.name, info.role),
                13.0,
                view.colour(speaker),
                LABEL_WIDTH - 6.0,
            );
        }

        // Bars and query ticks. Bars of a lane that touch on screen are painted as one
        // rectangle and ticks closer than a point as one, so that a long transcript zoomed out
        // costs a shape per pixel column at most, not one per turn.
        let mut runs: Vec<Option<Rect>> = vec![None; block.lanes.len()];
        let mut last_tick: Vec<f32> = vec![f32::NEG_INFINITY; block.lanes.len()];
        let mut ticks: Vec<Pos2> = Vec::new();
        let mut bars = Vec::new();
        for bar in &block.bars {
            let x0 = self.x_of(bar.start, plot);
            let x1 = self.x_of(bar.end, plot).max(x0 + 1.5);
            if x1 < plot.left() || x0 > plot.right() {
                continue;
            }
            let top = lanes_top + bar.lane as f32 * LANE_HEIGHT + 2.0;
            let rect = Rect::from_min_max(
                pos2(x0.max(plot.left()), top),
                pos2(x1.min(plot.right()), top + LANE_HEIGHT - 4.0),
            );
            let speaker = block.lanes.get(bar.lane).copied().unwrap_or(0);
            if let Some(run) = runs.get_mut(bar.lane) {
                match run {
                    Some(open) if rect.left() <= open.right() + 0.5 => {
                        open.max.x = open.max.x.max(rect.right());
                    }
                    _ => {
                        if let Some(done) = run.replace(rect) {
                            shapes.push(bar_shape(done, view.colour(speaker)));
                        }
                    }
                }
            }
            if hit_turns.binary_search(&bar.turn).is_ok() {
                let cx = rect.center().x;
                if let Some(last) = last_tick.get_mut(bar.lane)
                    && (cx - *last).abs() >= 1.0
                {
                    *last = cx;
                    ticks.push(pos2(cx, top));
                }
            }
            bars.push(DrawnBar {
                transcript: block.transcript,
                turn: bar.turn,
                speaker,
                rect,
            });
        }
        for (lane, run) in runs.into_iter().enumerate() {
            if let Some(rect) = run {
                let speaker = block.lanes.get(lane).copied().unwrap_or(0);
                shapes.push(bar_shape(rect, view.colour(speaker)));
            }
        }
        // Ticks go over the bars.
        for tick in ticks {
            shapes.push(Shape::line_segment(
                [
                    pos2(tick.x, tick.y - 2.0),
                    pos2(tick.x, tick.y + LANE_HEIGHT - 2.0),
                ],
                Stroke::new(2.0, hit_colour),
            ));
        }

        // Axis ticks under the block.
        let (lo, hi) = self.visible;
        for i in 0..=4 {
            let f = lo + (hi - lo) * f64::from(i) / 4.0;
            let x = plot.left() + plot.width() * i as f32 / 4.0;
            let label = if *view.align_percent {
                format!("{:.0}%", f * 100.0)
            } else {
                clock(f * self.layout.axis_length)
            };
            let align = match i {
                0 => Align2::LEFT_BOTTOM,
                4 => Align2::RIGHT_BOTTOM,
                _ => Align2::CENTER_BOTTOM,
            };
            text(
                &mut shapes,
                pos2(x, outer.bottom()),
                align,
                label,
                9.0,
                weak_colour.gamma_multiply(0.8),
                f32::INFINITY,
            );
        }
        BlockPaint {
            key,
            hit_turns: hit_turns.to_vec(),
            shapes: premesh(ui.ctx(), shapes),
            bars,
            lane_names: lane_names.into(),
        }
    }

    fn bar_at(&self, transcript: TranscriptIndex, pos: Pos2) -> Option<DrawnBar> {
        self.drawn_bars
            .iter()
            .filter(|b| b.transcript == transcript)
            .find(|b| b.rect.expand2(vec2(2.0, 0.0)).contains(pos))
            .copied()
    }

    fn pan_and_zoom(&mut self, ui: &egui::Ui, response: &egui::Response, area: Rect) {
        let (lo, hi) = self.visible;
        let span = hi - lo;
        if response.dragged() {
            let dx = f64::from(response.drag_delta().x / area.width().max(1.0)) * span;
            let shift = (-dx).clamp(-lo, 1.0 - hi);
            self.visible = (lo + shift, hi + shift);
        }
        if response.hovered() {
            let zoom = f64::from(ui.input(|i| i.zoom_delta()));
            if (zoom - 1.0).abs() > 1e-3
                && let Some(pos) = response.hover_pos()
            {
                let anchor = lo + span * f64::from((pos.x - area.left()) / area.width().max(1.0));
                let new_span = (span / zoom).clamp(0.002, 1.0);
                let mut new_lo = anchor - (anchor - lo) * new_span / span;
                new_lo = new_lo.clamp(0.0, 1.0 - new_span);
                self.visible = (new_lo, new_lo + new_span);
            }
        }
    }
}
