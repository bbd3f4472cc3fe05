//! Reading transcript files: detect the format from content, decode, and assemble a
//! [`Transcript`](crate::model::Transcript).

pub mod assemble;
pub mod decode;
pub mod docx;
mod error;
pub mod raw;
pub mod structured;
pub mod text;

pub use error::{LoadError, LoadErrorKind};

use crate::model::{Format, Transcript};
use std::path::{Path, PathBuf};

/// Files larger than this are refused with a clear message.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// File extensions Crosstalk opens when a folder is given.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "srt", "vtt", "json", "csv", "tsv", "docx", "html", "htm",
];

/// Whether a path has one of the [`SUPPORTED_EXTENSIONS`].
pub fn is_supported_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        SUPPORTED_EXTENSIONS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(e))
    })
}

/// Expands folders (recursively) into the supported files under them, sorted by path; files
/// are kept as given whatever their extension. Folder links that lead back to a folder already
/// walked are skipped, so a symlink loop ends; unreadable folders are skipped.
pub fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut stack = vec![path.clone()];
        let mut visited = std::collections::HashSet::new();
        while let Some(dir) = stack.pop() {
            let Ok(canonical) = dir.canonicalize() else {
                continue;
            };
            if !visited.insert(canonical) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for child in entries.flatten().map(|e| e.path()) {
                if child.is_dir() {
                    stack.push(child);
                } else if is_supported_file(&child) {
                    found.push(child);
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    out
}

/// Loads many files in parallel (rayon); one result per path, in the order given.
pub fn load_paths(paths: &[PathBuf]) -> Vec<Result<Transcript, LoadError>> {
    use rayon::prelude::*;
    paths.par_iter().map(|path| load_path(path)).collect()
}

/// Loads a transcript from a file.
pub fn load_path(path: &Path) -> Result<Transcript, LoadError> {
    let metadata = std::fs::metadata(path).map_err(|e| LoadError::new(path, e.into()))?;
    if metadata.is_dir() {
        return Err(LoadError::new(path, LoadErrorKind::Directory));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            path,
            LoadErrorKind::TooLarge {
                size: metadata.len(),
                limit: MAX_FILE_BYTES,
            },
        ));
    }
    let bytes = read_bounded(path, metadata.len()).map_err(|kind| LoadError::new(path, kind))?;
    load_bytes(path, &bytes)
}

/// Reads a file, never more than [`MAX_FILE_BYTES`] (a file may grow after its size was read).
fn read_bounded(path: &Path, expected: u64) -> Result<Vec<u8>, LoadErrorKind> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Loads a transcript from bytes; `path` names the source (and its extension is a hint).
///
/// The pipeline: Word documents are unpacked to text; bytes are decoded (BOM, UTF-16, legacy
/// encodings); structured formats (subtitles, JSON, tables) are read by [`structured`],
/// everything else by the text rules in [`text`]; then [`assemble`] resolves speakers,
/// sections, stage directions and timing.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Transcript, LoadError> {
    let error = |kind| LoadError::new(path, kind);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(error(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        }));
    }
    let (decoded, mut format_hint) = if docx::looks_like_docx(path, bytes) {
        let text = docx::extract_text(bytes).map_err(error)?;
        let decoded = decode::Decoded {
            text,
            notices: Vec::new(),
        };
        (decoded, Some(Format::Docx))
    } else {
        (decode::decode_text(bytes).map_err(error)?, None)
    };
    if decoded.text.trim().is_empty() {
        return Err(error(LoadErrorKind::Empty));
    }
    if let Some(read) = crate::export::read_crosstalk_json(path, &decoded.text) {
        let mut transcript = read.map_err(error)?;
        transcript.notices.extend(decoded.notices);
        return Ok(transcript);
    }
    let mut raw = match structured::detect(path, &decoded.text) {
        Some(format) => structured::read(format, &decoded.text).map_err(error)?,
        None => text::read(&decoded.text),
    };
    if let Some(format) = format_hint.take() {
        raw.format = Some(format);
    }
    raw.notices.extend(decoded.notices);
    Ok(assemble::assemble(path, raw))
}
