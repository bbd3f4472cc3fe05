//! Safe file storage: atomic writes (temporary file in the target folder, then rename), no
//! overwriting unless asked, and loading of persisted JSON state that survives corrupt or
//! future-version files by keeping them aside as a backup.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Whether a write may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Fail with [`StorageError::AlreadyExists`] when the target exists.
    Refuse,
    /// Replace the target atomically.
    Replace,
}

/// Why a file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The target exists and overwriting was not asked for.
    #[error("{}: the file already exists (choose another name, or allow overwriting)", path.display())]
    AlreadyExists {
        /// The target file.
        path: PathBuf,
    },
    /// An I/O failure while writing or reading; nothing was replaced.
    #[error("{}: could not {action}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// What was being done ("create a temporary file", "write", "rename into place").
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The value could not be serialised as JSON.
    #[error("{}: could not serialise as JSON: {source}", path.display())]
    Serialize {
        /// The target file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
}

fn io_error(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StorageError {
    let path = path.to_path_buf();
    move |source| StorageError::Io {
        path,
        action,
        source,
    }
}

/// Writes `bytes` to `path` atomically: the bytes go to a temporary file in the same folder,
/// which is flushed to disk and then renamed onto `path`. A failure at any point leaves any
/// previous file at `path` untouched and removes the temporary file.
///
/// With [`Overwrite::Refuse`] an existing `path` is never replaced (checked atomically at the
/// rename, so a file created meanwhile is not clobbered either).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), StorageError> {
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(StorageError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".crosstalk-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(io_error(path, "create a temporary file in its folder"))?;
    temporary
        .write_all(bytes)
        .map_err(io_error(path, "write"))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(io_error(path, "flush to disk"))?;
    let persisted = match overwrite {
        Overwrite::Replace => temporary.persist(path),
        Overwrite::Refuse => temporary.persist_noclobber(path),
    };
    match persisted {
        Ok(_) => Ok(()),
        Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StorageError::AlreadyExists {
                path: path.to_path_buf(),
            })
        }
        Err(error) => Err(io_error(path, "rename into place")(error.error)),
    }
}

/// Serialises `value` as pretty JSON and writes it with [`write_atomic`].
pub fn write_json_atomic<T: Serialize + ?Sized>(
    path: &Path,
    value: &T,
    overwrite: Overwrite,
) -> Result<(), StorageError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|source| StorageError::Serialize {
        path: path.to_path_buf(),
        source,
    })?;
    bytes.push(b'\n');
    write_atomic(path, &bytes, overwrite)
}

/// Persisted state as loaded: the value (defaults when the file was missing or unusable) and a
/// notice for the user when something was wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedState<T> {
    /// The state to use.
    pub value: T,
    /// What went wrong and where the bad file was kept, if anything did.
    pub notice: Option<String>,
    /// Where the unusable file was moved, if it was.
    pub backup: Option<PathBuf>,
}

/// Loads persisted JSON state, never failing: a missing file gives defaults silently; a file
/// that is not valid JSON for `T`, or whose top-level `"version"` number is greater than
/// `current_version` (written by a newer Crosstalk), is renamed aside to
/// `<name>.bak-<unix seconds>` and defaults are returned with a notice saying so. A file that
/// cannot be read at all gives defaults and a notice (and is left where it is).
///
/// State files are JSON objects; a `"version"` field is optional (absent means compatible).
pub fn load_json_or_backup<T: DeserializeOwned + Default>(
    path: &Path,
    current_version: u64,
) -> LoadedState<T> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return LoadedState {
                value: T::default(),
                notice: None,
                backup: None,
            };
        }
        Err(error) => {
            return LoadedState {
                value: T::default(),
                notice: Some(format!(
                    "{}: could not read saved state ({error}); starting with defaults",
                    path.display()
                )),
                backup: None,
            };
        }
    };
    let problem = match parse_state::<T>(&bytes, current_version) {
        Ok(value) => {
            return LoadedState {
                value,
                notice: None,
                backup: None,
            };
        }
        Err(problem) => problem,
    };
    let (backup, kept) = match move_aside(path) {
        Ok(backup) => {
            let kept = format!("kept as {}", backup.display());
            (Some(backup), kept)
        }
        Err(error) => (None, format!("could not keep a backup: {error}")),
    };
    LoadedState {
        value: T::default(),
        notice: Some(format!(
            "{}: {problem}; {kept}; starting with defaults",
            path.display()
        )),
        backup,
    }
}

/// Parses state bytes, refusing versions newer than `current_version`.
fn parse_state<T: DeserializeOwned>(bytes: &[u8], current_version: u64) -> Result<T, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("saved state is corrupt ({e})"))?;
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    if let Some(version) = version.filter(|v| *v > current_version) {
        return Err(format!(
            "saved state is version {version}, newer than this Crosstalk understands ({current_version})"
        ));
    }
    serde_json::from_value(value).map_err(|e| format!("saved state is not usable ({e})"))
}

/// Renames a file to `<name>.bak-<unix seconds>` (with `-N` added if that exists already).
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".bak-{seconds}"));
    let mut backup = PathBuf::from(&name);
    let mut attempt = 1;
    while backup.exists() {
        let mut numbered = name.clone();
        numbered.push(format!("-{attempt}"));
        backup = PathBuf::from(numbered);
        attempt += 1;
    }
    std::fs::rename(path, &backup)?;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Settings {
        version: u64,
        recent: Vec<String>,
    }

    #[test]
    fn refuses_to_overwrite_without_asking() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.csv");
        write_atomic(&target, b"first", Overwrite::Refuse).unwrap();
        let error = write_atomic(&target, b"second", Overwrite::Refuse).unwrap_err();
        assert!(
            matches!(error, StorageError::AlreadyExists { .. }),
            "{error}"
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"first");
        write_atomic(&target, b"second", Overwrite::Replace).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let leftovers = std::fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }

    #[test]
    fn failed_write_leaves_previous_file_intact() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("report.html");
        write_atomic(&target, b"previous", Overwrite::Refuse).unwrap();
        // Replacing a file with a directory in the way of the rename fails at the last step.
        let blocked = folder.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), b"x").unwrap();
        let error = write_atomic(&blocked, b"new", Overwrite::Replace).unwrap_err();
        assert!(matches!(error, StorageError::Io { .. }), "{error}");
        assert!(blocked.join("inside").exists());
        // A write into a folder that does not exist fails before touching anything.
        let missing = folder.path().join("no-such-folder").join("report.html");
        assert!(write_atomic(&missing, b"new", Overwrite::Replace).is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"previous");
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "only the report and the folder: {names:?}");
    }

    #[test]
    fn corrupt_state_is_kept_aside_and_defaults_are_used() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("settings.json");
        std::fs::write(&path, b"{\"version\": 1, \"recent\": [\"a.txt\"").unwrap();
        let loaded: LoadedState<Settings> = load_json_or_backup(&path, 1);
        assert_eq!(loaded.value, Settings::default());
        let notice = loaded.notice.unwrap();
        assert!(notice.contains("corrupt"), "{notice}");
        let backup = loaded.backup.unwrap();
        assert!(!path.exists());
        assert_eq!(
            std::fs::read(&backup).unwrap(),
            b"{\"version\": 1, \"recent\": [\"a.txt\"",
            "the bad file is kept byte for byte"
        );
        assert!(backup.to_string_lossy().contains("settings.json.bak-"));
    }

    #[test]
    fn future_version_state_is_kept_aside() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("themes.json");
        std::fs::write(&path, b"{\"version\": 7, \"recent\": []}").unwrap();
        let loaded: LoadedState<Settings> = load_json_or_backup(&path, 1);
        assert_eq!(loaded.value, Settings::default());
        assert!(loaded.notice.unwrap().contains("version 7"));
        assert!(loaded.backup.unwrap().exists());
    }

    #[test]
    fn good_and_missing_state_load_without_notice() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("settings.json");
        let missing: LoadedState<Settings> = load_json_or_backup(&path, 1);
        assert_eq!(missing.notice, None);
        let saved = Settings {
            version: 1,
            recent: vec!["b.txt".into()],
        };
        write_json_atomic(&path, &saved, Overwrite::Replace).unwrap();
        let loaded: LoadedState<Settings> = load_json_or_backup(&path, 1);
        assert_eq!(loaded.value, saved);
        assert_eq!(loaded.notice, None);
        assert!(path.exists());
    }
}
