//! Starting the app the way the desktop window does: settings from the app's own settings file
//! (a corrupt or newer one is kept aside with a notice), else from eframe's record.

use super::app::{CrosstalkApp, Notice, NoticeKind};
use super::settings;
use std::path::PathBuf;
use std::sync::Arc;

/// The app with the settings saved in `settings_file`, which it keeps writing on every save.
///
/// A missing file falls back to `eframe_record` (the settings eframe stored before the file
/// existed), asked for only then; a corrupt or newer-version file is moved aside
/// (`settings.json.bak-<seconds>`), and the app starts with defaults and an error notice naming
/// the backup. `files` are loaded in the background (the bundled sample when empty); `repaint`
/// wakes the UI when background work reports.
pub fn start_app(
    settings_file: Option<PathBuf>,
    eframe_record: impl FnOnce() -> Option<String>,
    files: Vec<PathBuf>,
    repaint: Arc<dyn Fn() + Send + Sync>,
) -> CrosstalkApp {
    let (from_file, file_notice) = match &settings_file {
        Some(path) => settings::load_settings_file(path),
        None => (None, None),
    };
    let saved = match from_file {
        Some(settings) => Some(settings.to_json()),
        None if file_notice.is_some() => None,
        None => eframe_record(),
    };
    let mut app = CrosstalkApp::new(saved.as_deref(), files, repaint);
    app.settings_file = settings_file;
    if let Some(text) = file_notice {
        app.notices.push(Notice {
            kind: NoticeKind::Error,
            text,
        });
    }
    app
}
