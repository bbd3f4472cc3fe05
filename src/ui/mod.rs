//! The desktop app (egui/eframe): window, views, commands. Reads the core, never the reverse.
//!
//! Views draw from a [`ViewContext`] and write [`Command`]s into a queue that the app applies
//! once per frame; loading runs on worker threads ([`loading`]).

pub mod analysis_worker;
pub mod app;
pub mod compare;
pub mod library_panel;
pub mod loading;
pub mod palette;
pub mod reader;
pub mod settings;
pub mod startup;
pub mod terms;
pub mod theme_editor;
pub mod timeline;
pub mod topics;

pub use app::{
    Command, CrosstalkApp, ExportContent, Notice, NoticeKind, PendingExport, ViewContext,
};

use std::path::PathBuf;
use std::sync::Arc;

/// Opens the desktop window with these files (the bundled sample when empty).
pub fn run(files: Vec<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Crosstalk")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Crosstalk",
        options,
        Box::new(move |cc| {
            // Our own settings file (atomic, corrupt ones kept aside) comes first; eframe's
            // record is the fallback for settings saved before the file existed.
            let ctx = cc.egui_ctx.clone();
            let repaint: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
            let eframe_record = || {
                cc.storage
                    .and_then(|storage| storage.get_string(settings::STORAGE_KEY))
            };
            let app = startup::start_app(settings::settings_file(), eframe_record, files, repaint);
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the window: {error}"))
}

pub mod chart_save;
pub mod file_dialog;
pub mod filter_bar;
pub mod hover;
pub mod kwic_panel;
pub mod overrides_transfer;
pub mod premesh;
pub mod raster;
pub mod row_heights;
pub mod save_row;
