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

#[cfg(test)]
mod tests {
    use super::*;

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
