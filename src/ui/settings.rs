//! What the app remembers between runs: settings, recent files, speaker overrides, layout.
//! Stored as JSON in eframe's storage; a corrupt record falls back to defaults with a notice.

use crate::library::SpeakerOverrides;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The storage key of the saved settings.
pub const STORAGE_KEY: &str = "crosstalk.settings";

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 12;

/// The main views, switched with Ctrl+1 (timelines), Ctrl+2 (compare), Ctrl+3 (topics), Ctrl+4 (terms) and Ctrl+5 (reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum View {
    /// Speaker lanes per transcript.
    #[default]
    Timelines,
    /// Speakers side by side on the filter.
    Compare,
    /// Speakers × themes.
    Topics,
    /// Words that set one speaker apart from another.
    Terms,
    /// The text of one transcript.
    Reader,
}

impl View {
    /// The label on the view's tab.
    pub fn label(self) -> &'static str {
        match self {
            View::Timelines => "Timelines",
            View::Compare => "Compare",
            View::Topics => "Topics",
            View::Terms => "Terms",
            View::Reader => "Reader",
        }
    }
}

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ColourScheme {
    /// Follow the system.
    #[default]
    System,
    /// Light mode.
    Light,
    /// Dark mode.
    Dark,
}

/// Everything persisted. New fields must be `#[serde(default)]`-compatible.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light, dark or system.
    pub colour_scheme: ColourScheme,
    /// Most recently opened files first.
    pub recent_files: Vec<PathBuf>,
    /// Rename / merge / split / hide of speakers.
    pub speaker_overrides: SpeakerOverrides,
    /// The view shown last.
    pub view: View,
    /// Whether timelines share a 0–100% axis instead of time.
    pub align_percent: bool,
    /// Whether the library panel is shown.
    pub library_panel_open: bool,
    /// The user's theme list; `None` for the built-in themes.
    pub themes: Option<crate::analysis::ThemeSet>,
    /// The filter chosen in the filter bar, transcripts by source path.
    pub filter: SavedFilter,
}

/// The filter bar's filter as saved between runs: like [`Filter`](crate::analysis::Filter) but
/// with transcripts named by their source path, since library indices change from run to run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedFilter {
    /// The query text.
    pub query: String,
    /// Theme ids.
    pub themes: Vec<String>,
    /// Library speaker keys.
    pub speakers: Vec<String>,
    /// Source paths of the transcripts.
    pub transcripts: Vec<PathBuf>,
    /// Section headings.
    pub sections: Vec<String>,
    /// Speaker roles.
    pub roles: Vec<crate::model::Role>,
    /// First day of the date range, if bounded.
    pub from: Option<crate::model::Date>,
    /// Last day of the date range, if bounded.
    pub to: Option<crate::model::Date>,
    /// Whether a date range is set at all (both ends may be open).
    pub dated: bool,
}

impl Settings {
    /// Reads saved settings; `Err` carries a message for the user when the record is corrupt
    /// (the caller then uses defaults). A missing record is `Ok(default)`.
    pub fn from_json(saved: Option<&str>) -> Result<Settings, String> {
        match saved {
            None => Ok(Settings {
                library_panel_open: true,
                ..Settings::default()
            }),
            Some(text) => serde_json::from_str(text).map_err(|error| {
                format!("Saved settings could not be read ({error}); using defaults.")
            }),
        }
    }

    /// The settings as JSON for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Puts a file at the front of the recent list (once), keeping the list short.
    pub fn remember_recent(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT);
    }
}

/// The version of the settings file this Crosstalk writes; a file from a newer version is kept
/// aside rather than misread.
pub const SETTINGS_VERSION: u64 = 1;

/// Where the settings file lives: `$CROSSTALK_CONFIG_DIR/settings.json` when that variable is
/// set, else `settings.json` in eframe's folder for the app.
pub fn settings_file() -> Option<std::path::PathBuf> {
    let folder = match std::env::var_os("CROSSTALK_CONFIG_DIR") {
        Some(folder) if !folder.is_empty() => std::path::PathBuf::from(folder),
        _ => eframe::storage_dir("Crosstalk")?,
    };
    Some(folder.join("settings.json"))
}

/// Reads the settings file. A missing file gives `None`; a corrupt or newer-version file is
/// renamed aside (`settings.json.bak-<seconds>`) and gives `None` plus a notice naming the backup.
pub fn load_settings_file(path: &std::path::Path) -> (Option<Settings>, Option<String>) {
    let loaded = crate::storage::load_json_or_backup::<Option<Settings>>(path, SETTINGS_VERSION);
    (loaded.value, loaded.notice)
}

/// Writes the settings file atomically (temporary file in the same folder, then rename), so an
/// interrupted save never leaves a half-written file.
pub fn save_settings_file(
    path: &std::path::Path,
    settings: &Settings,
) -> Result<(), crate::storage::StorageError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| crate::storage::StorageError::Io {
            path: folder.to_path_buf(),
            action: "create the settings folder",
            source,
        })?;
    }
    let mut value = serde_json::to_value(settings).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("version".to_owned(), SETTINGS_VERSION.into());
    }
    crate::storage::write_json_atomic(path, &value, crate::storage::Overwrite::Replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_file_round_trips_and_a_corrupt_one_is_kept_aside() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("config").join("settings.json");
        assert_eq!(load_settings_file(&path), (None, None));
        let mut settings = Settings::from_json(None).unwrap_or_default();
        settings.remember_recent("a.txt".into());
        settings.align_percent = true;
        save_settings_file(&path, &settings).expect("saved");
        assert_eq!(load_settings_file(&path), (Some(settings), None));

        std::fs::write(&path, "{\"recent_files\": [").expect("a corrupt file");
        let (loaded, notice) = load_settings_file(&path);
        assert_eq!(loaded, None);
        let notice = notice.expect("a notice");
        assert!(notice.contains("kept as"), "{notice}");
        assert!(!path.exists(), "the corrupt file was moved aside");
        let backups = std::fs::read_dir(path.parent().expect("folder"))
            .expect("folder listing")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("settings.json.bak-")
            })
            .count();
        assert_eq!(backups, 1);

        std::fs::write(&path, "{\"version\": 99}").expect("a newer file");
        let (loaded, notice) = load_settings_file(&path);
        assert_eq!(loaded, None);
        assert!(notice.expect("a notice").contains("version 99"));
    }

    #[test]
    fn corrupt_settings_are_reported_and_missing_ones_are_defaults() {
        assert!(Settings::from_json(Some("{not json")).is_err());
        let fresh = Settings::from_json(None);
        assert!(fresh.is_ok_and(|s| s.library_panel_open));
        let mut settings = Settings::default();
        settings.remember_recent("a.txt".into());
        settings.remember_recent("b.txt".into());
        settings.remember_recent("a.txt".into());
        let round = Settings::from_json(Some(&settings.to_json()));
        assert_eq!(round, Ok(settings.clone()));
        assert_eq!(
            settings.recent_files,
            vec![PathBuf::from("a.txt"), "b.txt".into()]
        );
        // Older records without newer fields still load.
        assert!(
            Settings::from_json(Some(r#"{"view":"Reader"}"#)).is_ok_and(|s| s.view == View::Reader)
        );
    }
}
