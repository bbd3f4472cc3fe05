//! Typed loading errors: every failure names the file and the reason.

use std::path::{Path, PathBuf};

/// Why a file could not be loaded as a transcript.
#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    /// The file could not be read (missing, permissions, I/O failure).
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A directory was given where a file was expected.
    #[error("it is a folder, not a file")]
    Directory,
    /// The file is empty or holds only white space.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than the loader accepts.
    #[error(
        "the file is too large ({}; the limit is {}); split it or load a smaller export",
        megabytes(*size),
        megabytes(*limit)
    )]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file kept changing (truncated, rewritten, appended to) while it was being read.
    #[error(
        "the file changed while it was being read ({} when opened, {} read; tried {attempts} times); it may still be being written: load it again once it is complete",
        size_text(*size),
        size_text(*read)
    )]
    ChangedWhileReading {
        /// Its size when it was last opened, in bytes.
        size: u64,
        /// The bytes read on the last attempt.
        read: u64,
        /// How many times it was read.
        attempts: u32,
    },
    /// The file is binary (an image, an archive, an executable), not text.
    #[error("it is a binary file ({0}), not a transcript")]
    Binary(String),
    /// The bytes are not valid in the encoding the file declares.
    #[error("invalid text encoding: {0}")]
    Encoding(String),
    /// JSON that is malformed.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// JSON whose shape is not a known transcript shape.
    #[error(
        "unrecognised JSON shape: no array of objects with a speaker and a text field (keys found: {keys})"
    )]
    UnknownJsonShape {
        /// The keys that were found, comma-separated.
        keys: String,
    },
    /// A CSV/TSV without a recognisable text column.
    #[error("no text column in the table (columns: {columns})")]
    NoTextColumn {
        /// The header columns, comma-separated.
        columns: String,
    },
    /// A malformed CSV/TSV.
    #[error("invalid table: {0}")]
    Table(String),
    /// Subtitles (SRT/VTT) that could not be read.
    #[error("invalid subtitles: {0}")]
    Subtitles(String),
    /// A `.docx` that is not a valid Word document.
    #[error("not a valid Word document: {0}")]
    Docx(String),
    /// Nothing transcript-like was found in the file.
    #[error("no transcript text found: {0}")]
    NoText(String),
}

/// A byte count in megabytes for messages (`300.5 MB`).
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// A byte count for messages, in the unit that suits it (`512 bytes`, `12.5 KB`, `300.5 MB`).
fn size_text(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => megabytes(bytes),
    }
}

/// A failure to load one file, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// The reason.
    #[source]
    pub kind: LoadErrorKind,
}

impl LoadError {
    /// An error about `path`.
    pub fn new(path: &Path, kind: LoadErrorKind) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            kind,
        }
    }
}
