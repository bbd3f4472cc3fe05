//! Export from the app: the excerpts of the compare columns (all, or only the ticked ones) to
//! Markdown, CSV, JSON, text or HTML, through the native save dialog or, where none is
//! available (rfd returns nothing without a desktop portal), a path typed into the dialog.

use crate::analysis::Matches;
use crate::export::{ExcerptSet, ExportFormat, ExportOptions, render};
use crate::library::Library;
use crate::storage::{Overwrite, write_atomic};
use crate::ui::actions::ViewAction;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The excerpts to export, in column order: for each speaker key of `columns` its hits in
/// reading order, keeping only the hit indices in `ticked` when given.
pub fn excerpts_for_columns(
    library: &Library,
    matches: &Matches,
    columns: &[String],
    ticked: Option<&BTreeSet<usize>>,
    query: Option<String>,
) -> ExcerptSet {
    let excerpts = columns
        .iter()
        .filter_map(|key| matches.groups.iter().find(|g| g.key == *key))
        .flat_map(|group| group.hits.iter().copied())
        .filter(|hit| ticked.is_none_or(|set| set.contains(hit)))
        .filter_map(|hit| matches.hits.get(hit))
        .filter_map(|hit| {
            crate::export::Excerpt::from_hit(
                library,
                hit.transcript,
                hit.turn,
                hit.sentence.clone(),
                &hit.spans,
            )
        })
        .collect();
    ExcerptSet { query, excerpts }
}

/// Why an export from the app failed.
#[derive(Debug, thiserror::Error)]
pub enum AppExportError {
    /// Nothing to export.
    #[error("there are no excerpts to export (tick some, or widen the filter)")]
    Empty,
    /// The writer failed.
    #[error(transparent)]
    Render(#[from] crate::export::ExportError),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::storage::StorageError),
}

/// Renders `set` in `format` and writes it atomically to `path` (replacing a file there).
/// Returns the number of excerpts written.
pub fn write_export(
    set: &ExcerptSet,
    format: ExportFormat,
    options: ExportOptions,
    path: &Path,
) -> Result<usize, AppExportError> {
    if set.excerpts.is_empty() {
        return Err(AppExportError::Empty);
    }
    let bytes = render(format, set, options)?;
    write_atomic(path, &bytes, Overwrite::Replace)?;
    Ok(set.excerpts.len())
}

/// The path to write for a typed path: the typed format's extension is added when the path has
/// none.
pub fn path_with_extension(typed: &str, format: ExportFormat) -> PathBuf {
    let mut path = PathBuf::from(typed.trim());
    if path.extension().is_none() {
        path.set_extension(format.extension());
    }
    path
}

/// State of the export dialog (File > Export, Ctrl+E).
#[derive(Debug, Clone)]
pub struct ExportDialog {
    /// Whether the dialog window is shown.
    pub open: bool,
    /// The chosen format.
    pub format: ExportFormat,
    /// The typed target path.
    pub path: String,
    /// Export only the ticked excerpts.
    pub only_ticked: bool,
    /// Start CSV with a byte-order mark (for Excel).
    pub csv_bom: bool,
}

impl Default for ExportDialog {
    fn default() -> ExportDialog {
        ExportDialog {
            open: false,
            format: ExportFormat::Markdown,
            path: String::new(),
            only_ticked: false,
            csv_bom: false,
        }
    }
}

/// What the dialog exports from: the matches, the compare columns (speaker keys) and the ticked
/// hit indices.
#[derive(Debug, Clone, Copy)]
pub struct ExportSource<'a> {
    /// The library.
    pub library: &'a Library,
    /// The filter's matches.
    pub matches: &'a Matches,
    /// Speaker keys of the compare columns, left to right.
    pub columns: &'a [String],
    /// Ticked hit indices.
    pub ticked: &'a BTreeSet<usize>,
    /// The query or theme as the user gave it.
    pub query: Option<&'a str>,
}

impl ExportDialog {
    /// Writes the export to `path` now (used by the dialog's buttons and by tests driving the
    /// command path); reports through the returned action.
    pub fn export_to(&self, source: ExportSource<'_>, path: &Path) -> ViewAction {
        let ticked = (self.only_ticked).then_some(source.ticked);
        let set = excerpts_for_columns(
            source.library,
            source.matches,
            source.columns,
            ticked,
            source.query.map(str::to_owned),
        );
        let options = ExportOptions {
            csv_bom: self.csv_bom,
        };
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ExportFormat::from_extension)
            .unwrap_or(self.format);
        match write_export(&set, format, options, path) {
            Ok(count) => ViewAction::Notice {
                error: false,
                message: format!("Exported {count} excerpts to {}", path.display()),
            },
            Err(error) => ViewAction::Notice {
                error: true,
                message: format!("Could not export to {}: {error}", path.display()),
            },
        }
    }

    /// Draws the dialog window when open.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        source: ExportSource<'_>,
        actions: &mut Vec<ViewAction>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Export excerpts")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| self.contents(ui, source, actions));
        self.open = open && self.open;
    }

    /// The dialog's controls (also usable inside another container).
    pub fn contents(
        &mut self,
        ui: &mut egui::Ui,
        source: ExportSource<'_>,
        actions: &mut Vec<ViewAction>,
    ) {
        let all: usize = source
            .columns
            .iter()
            .filter_map(|key| source.matches.groups.iter().find(|g| g.key == *key))
            .map(|g| g.hits.len())
            .sum();
        ui.horizontal(|ui| {
            ui.label("Format:");
            for format in ExportFormat::ALL {
                ui.selectable_value(&mut self.format, format, format_name(format))
                    .on_hover_text(format!("Export as .{}", format.extension()));
            }
        });
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.only_ticked, false, format!("All {all} excerpts"));
            ui.radio_value(
                &mut self.only_ticked,
                true,
                format!("Only the {} ticked", source.ticked.len()),
            );
        });
        if self.format == ExportFormat::Csv {
            ui.checkbox(&mut self.csv_bom, "Byte-order mark (for Excel)");
        }
        ui.horizontal(|ui| {
            if ui
                .button("Save as…")
                .on_hover_text("Choose the file in the system's save dialog")
                .clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter(format_name(self.format), &[self.format.extension()])
                    .set_file_name(format!("excerpts.{}", self.format.extension()))
                    .save_file()
            {
                actions.push(self.export_to(source, &path));
                self.open = false;
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Or write to path:");
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text("/path/to/excerpts")
                    .desired_width(280.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Used when no save dialog is available; the extension is added");
            if ui
                .add_enabled(!self.path.trim().is_empty(), egui::Button::new("Export"))
                .clicked()
            {
                let path = path_with_extension(&self.path, self.format);
                actions.push(self.export_to(source, &path));
                self.open = false;
            }
        });
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Csv => "CSV",
        ExportFormat::Json => "JSON",
        ExportFormat::Text => "Text",
        ExportFormat::Html => "HTML",
    }
}
