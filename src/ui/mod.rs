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
pub mod terms;
pub mod theme_editor;
pub mod timeline;
pub mod topics;

pub use app::{Command, CrosstalkApp, Notice, NoticeKind, ViewContext};

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
            let settings_file = settings::settings_file();
            let (from_file, file_notice) = match &settings_file {
                Some(path) => settings::load_settings_file(path),
                None => (None, None),
            };
            let saved = match from_file {
                Some(settings) => Some(settings.to_json()),
                None if file_notice.is_some() => None,
                None => cc
                    .storage
                    .and_then(|storage| storage.get_string(settings::STORAGE_KEY)),
            };
            let ctx = cc.egui_ctx.clone();
            let repaint: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
            let mut app = CrosstalkApp::new(saved.as_deref(), files, repaint);
            app.settings_file = settings_file;
            if let Some(text) = file_notice {
                app.notices.push(app::Notice {
                    kind: app::NoticeKind::Error,
                    text,
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the window: {error}"))
}

pub mod actions;
pub mod compare_columns;
pub mod export_dialog;
pub mod filter_bar;
pub mod kwic_panel;
