//! Keyword in context for the Terms view: every occurrence of the selected term within the
//! shared filter, as left context | keyword | right context lines, sortable, in a virtualised
//! list; a click opens the reader at the turn. The lines are computed on the analysis worker
//! ([`lines_for`]); this file draws them.

use crate::analysis::kwic::{KwicLine, KwicSort, kwic_lines, sort_kwic};
use crate::analysis::{Filter, QueryError};
use crate::analysis::{Index, ThemeSet};
use crate::library::Library;
use crate::ui::Command;

/// Characters of context on each side.
pub const CONTEXT_CHARS: usize = 60;
const ROW_HEIGHT: f32 = 20.0;

/// The filter whose matches give the KWIC lines of `term`: the shared filter with the term as
/// its query (a phrase is quoted), its other restrictions kept.
pub fn kwic_filter(filter: &Filter, term: &str) -> Filter {
    let term = term.trim().replace('"', "");
    let mut scoped = filter.clone();
    scoped.themes.clear();
    scoped.query = if term.contains(char::is_whitespace) {
        format!("\"{term}\"")
    } else {
        term
    };
    scoped
}

/// What the lines of a term are looked up in: the library, its index, the themes and the
/// shared filter.
#[derive(Clone, Copy)]
pub struct KwicScope<'a> {
    /// The loaded transcripts.
    pub library: &'a Library,
    /// The search index over the library.
    pub index: &'a Index,
    /// The themes in force.
    pub themes: &'a ThemeSet,
    /// The shared filter.
    pub filter: &'a Filter,
}

/// KWIC lines of `term` within the scope's filter, in `sort` order.
pub fn lines_for(
    scope: KwicScope<'_>,
    term: &str,
    sort: KwicSort,
) -> Result<Vec<KwicLine>, QueryError> {
    let matches =
        kwic_filter(scope.filter, term).evaluate(scope.library, scope.index, scope.themes)?;
    let mut lines = kwic_lines(scope.library, &matches, CONTEXT_CHARS);
    sort_kwic(&mut lines, sort);
    Ok(lines)
}

/// State of the KWIC list.
#[derive(Debug, Default)]
pub struct KwicPanel {
    /// The order of the lines.
    pub sort: KwicSort,
}

impl KwicPanel {
    /// Draws the title line with the sort choice for `term`.
    pub fn header(&mut self, ui: &mut egui::Ui, term: &str) {
        ui.horizontal(|ui| {
            ui.strong(format!("“{term}” in context"));
            ui.label("Sort by:");
            for (sort, name) in [
                (KwicSort::Position, "Position"),
                (KwicSort::Left, "Left"),
                (KwicSort::Keyword, "Keyword"),
                (KwicSort::Right, "Right"),
            ] {
                ui.selectable_value(&mut self.sort, sort, name);
            }
        });
    }
}

/// Draws finished KWIC lines (or why there are none) as a virtualised list; a click on a
/// keyword asks to open the reader at its turn.
pub fn show_lines(
    ui: &mut egui::Ui,
    lines: Result<&[KwicLine], &str>,
    commands: &mut Vec<Command>,
) {
    let lines = match lines {
        Ok(lines) => lines,
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
            return;
        }
    };
    ui.label(format!("{} occurrences", lines.len()));
    let width = ui.available_width();
    let side = ((width - 140.0) / 2.0).max(80.0);
    egui::ScrollArea::vertical()
        .id_salt("kwic-lines")
        .auto_shrink([false, true])
        .max_height(320.0)
        .show_rows(ui, ROW_HEIGHT, lines.len(), |ui, rows| {
            for row in rows {
                let Some(line) = lines.get(row) else { continue };
                ui.horizontal(|ui| {
                    ui.allocate_ui_with_layout(
                        egui::vec2(side, ROW_HEIGHT),
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| ui.add(egui::Label::new(&line.left).truncate()),
                    );
                    let keyword = ui
                        .link(egui::RichText::new(&line.keyword).strong())
                        .on_hover_text("Open the reader at this turn");
                    if keyword.clicked() {
                        commands.push(Command::JumpToTurn {
                            transcript: line.transcript,
                            turn: line.turn,
                        });
                    }
                    ui.allocate_ui_with_layout(
                        egui::vec2(side, ROW_HEIGHT),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| ui.add(egui::Label::new(&line.right).truncate()),
                    );
                });
            }
        });
}
