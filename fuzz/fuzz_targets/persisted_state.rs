//! Fuzz target: persisted state through `storage::load_json_or_backup` (speaker overrides and
//! a versioned settings shape): never panics; a file that does not load is moved aside intact.
//! And the speaker-overrides file reader (`overrides_file::from_json`): never panics, whatever
//! it accepts has no merge cycle and reads back the same after being written.
#![no_main]

use crosstalk::SpeakerOverrides;
use crosstalk::overrides_file;
use crosstalk::storage::{LoadedState, load_json_or_backup};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static FOLDER: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if let Ok(overrides) = overrides_file::from_json(data) {
        assert!(overrides_file::check_merges(&overrides).is_ok());
        let written = overrides_file::to_json(&overrides);
        assert_eq!(
            overrides_file::from_json(written.as_bytes()).ok(),
            Some(overrides)
        );
    }
    let Some(folder) = FOLDER.get_or_init(|| tempfile::tempdir().ok()).as_ref() else {
        return;
    };
    let path = folder.path().join("state.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let loaded: LoadedState<SpeakerOverrides> = load_json_or_backup(&path, 1);
    match &loaded.backup {
        Some(backup) => {
            assert!(loaded.notice.is_some());
            assert_eq!(std::fs::read(backup).ok().as_deref(), Some(data));
            let _ = std::fs::remove_file(backup);
        }
        None => {
            assert_eq!(std::fs::read(&path).ok().as_deref(), Some(data));
            let _ = std::fs::remove_file(&path);
        }
    }
});
