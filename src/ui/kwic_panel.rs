//! Keyword in context for the Terms view: every occurrence of the selected term within the
//! shared filter, as left context | keyword | right context lines, sortable, in a virtualised
//! list; a click opens the reader at the turn. Cached by (library revision, filter, term).

use crate::analysis::kwic::{KwicLine, KwicSort, kwic_lines, sort_kwic};
use crate::analysis::{Filter, QueryError};
use crate::ui::actions::{AnalysisContext, ViewAction};

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

/// KWIC lines of `term` within `filter`, in `sort` order.
pub fn lines_for(
    context: AnalysisContext<'_>,
    term: &str,
    sort: KwicSort,
) -> Result<Vec<KwicLine>, QueryError> {
    let matches = kwic_filter(context.filter, term).evaluate(
        context.library,
        context.index,
        context.themes,
    )?;
    let mut lines = kwic_lines(context.library, &matches, CONTEXT_CHARS);
    sort_kwic(&mut lines, sort);
    Ok(lines)
}

/// What the cached lines depend on: library revision, filter, term, order.
type KwicKey = (u64, Filter, String, KwicSort);

/// State of the KWIC list.
#[derive(Debug, Default)]
pub struct KwicPanel {
    /// The order of the lines.
    pub sort: KwicSort,
    cache: Option<(KwicKey, Result<Vec<KwicLine>, String>)>,
}

impl KwicPanel {
    /// The lines for `term`, computed only when the library, filter, term or order changed.
    pub fn lines(&mut self, context: AnalysisContext<'_>, term: &str) -> Result<&[KwicLine], &str> {
        let key = (
            context.library.revision(),
            context.filter.clone(),
            term.to_string(),
            self.sort,
        );
        if self.cache.as_ref().is_none_or(|(cached, _)| *cached != key) {
            let lines = lines_for(context, term, self.sort).map_err(|e| e.to_string());
            self.cache = Some((key, lines));
        }
        match self.cache.as_ref().map(|(_, l)| l.as_ref()) {
            Some(Ok(lines)) => Ok(lines.as_slice()),
            Some(Err(message)) => Err(message.as_str()),
            None => Err("no lines"),
        }
    }

    /// Draws the list for `term` (nothing selected: a hint).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        context: AnalysisContext<'_>,
        term: Option<&str>,
        actions: &mut Vec<ViewAction>,
    ) {
        let Some(term) = term.filter(|t| !t.trim().is_empty()) else {
            ui.label("Select a term above to see it in context.");
            return;
        };
        self.header(ui, term);
        let lines = self
            .lines(context, term)
            .map(<[KwicLine]>::to_vec)
            .map_err(str::to_owned);
        show_lines(ui, lines.as_deref().map_err(String::as_str), actions);
    }

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
    actions: &mut Vec<ViewAction>,
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
                        actions.push(ViewAction::JumpToTurn {
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
