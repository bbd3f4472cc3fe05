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

/// Whether loading `path` may need the text reader's patterns ([`compile_patterns`]): a folder
/// (whatever it holds), or a file whose extension does not name a structured format (subtitles,
/// JSON, tables, web pages: their own readers do without the patterns). A file so named that
/// turns out not to be one is still read, its patterns compiled when first needed.
pub fn may_need_text_patterns(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| structured::format_for_extension(&e.to_ascii_lowercase()))
            .is_none()
}

/// Expands folders (recursively) into the supported files under them, sorted by path, leaving
/// out named pipes, sockets and devices; files are kept as given whatever their extension. Folder links that lead back to a folder already
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
            for entry in entries.flatten() {
                let child = entry.path();
                // The entry's own type needs no further look at the file, but for a link.
                let kind = entry.file_type().ok().filter(|kind| !kind.is_symlink());
                let (is_dir, is_file) = match kind {
                    Some(kind) => (kind.is_dir(), kind.is_file()),
                    None => (child.is_dir(), false),
                };
                if is_dir {
                    stack.push(child);
                } else if is_supported_file(&child) && (is_file || !is_special_file(&child)) {
                    found.push(child);
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    out
}

/// Whether a path leads to something other than a file or a folder: a named pipe (opening it
/// would wait for a writer), a socket or a device. A dangling link is not special: loading it
/// reports that it is missing.
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Compiles the text readers' patterns (labels, dates, stage directions), on every core, as a
/// loader may do while it lists its files: otherwise the first file that needs a pattern
/// compiles it while the other loading threads wait for it.
pub fn compile_patterns() {
    force_patterns(
        text::labels::patterns()
            .into_iter()
            .chain(text::meta::patterns())
            .chain(assemble::directions::patterns())
            .collect(),
    );
}

/// Compiles the patterns that assembly uses whatever the format (dates in file names, stage
/// directions), as [`compile_patterns`] does for all of them: what a loader compiles ahead
/// when it is given only structured files (subtitles, tables), which the text reader's other
/// patterns play no part in.
pub fn compile_assembly_patterns() {
    force_patterns(
        text::meta::date_patterns()
            .into_iter()
            .chain(assemble::directions::patterns())
            .collect(),
    );
}

/// Compiles the patterns, one per task.
fn force_patterns(patterns: Vec<&'static std::sync::LazyLock<regex::Regex>>) {
    use rayon::prelude::*;
    // One pattern per task: the Unicode classes make some far costlier than others.
    patterns.par_iter().with_max_len(1).for_each(|pattern| {
        std::sync::LazyLock::force(pattern);
    });
}

/// Loads many files in parallel (rayon); one result per path, in the order given.
pub fn load_paths(paths: &[PathBuf]) -> Vec<Result<Transcript, LoadError>> {
    use rayon::prelude::*;
    // Each file is a task of its own (not a run of files), so that no thread is left waiting
    // at the end while another reads the rest of its run.
    paths
        .par_iter()
        .with_max_len(1)
        .map(|path| load_path(path))
        .collect()
}

/// Loads a transcript from a file (read with [`read_file`]).
pub fn load_path(path: &Path) -> Result<Transcript, LoadError> {
    let bytes = read_file(path)?;
    load_bytes(path, &bytes)
}

/// How many times a file that changes while it is read is read again before giving up.
pub const READ_ATTEMPTS: u32 = 3;

/// Reads a transcript file as one consistent version, never more than [`MAX_FILE_BYTES`].
///
/// A regular file is read whole and then checked: when its size or modification time changed
/// while it was read (it was truncated, rewritten or appended to meanwhile), the bytes may mix
/// two versions, so it is read again, up to [`READ_ATTEMPTS`] times, and then refused with
/// [`LoadErrorKind::ChangedWhileReading`]. (A rewrite to the very same size within one tick of
/// the file system's clock cannot be told apart.) A file deleted while it is read is read to
/// its end: the open file stays readable. A named pipe or device given explicitly is read as a
/// stream up to its end (folder walks skip them, see [`collect_files`]).
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_file_observed(path, &mut |_| {})
}

/// The bytes read before [`read_file_observed`] calls its observer.
pub const FIRST_READ_BYTES: u64 = 64 * 1024;

/// [`read_file`], calling `midway(attempt)` (0, 1, 2…) once the first [`FIRST_READ_BYTES`] of
/// each attempt are read: where a test changes the file, as another process might at the worst
/// moment.
#[doc(hidden)]
pub fn read_file_observed(path: &Path, midway: &mut dyn FnMut(u32)) -> Result<Vec<u8>, LoadError> {
    let error = |kind| LoadError::new(path, kind);
    let io = |e: std::io::Error| LoadError::new(path, e.into());
    let mut last = (0, 0);
    for attempt in 0..READ_ATTEMPTS {
        let file = std::fs::File::open(path).map_err(io)?;
        let before = file.metadata().map_err(io)?;
        if before.is_dir() {
            return Err(error(LoadErrorKind::Directory));
        }
        if before.len() > MAX_FILE_BYTES {
            return Err(error(LoadErrorKind::TooLarge {
                size: before.len(),
                limit: MAX_FILE_BYTES,
            }));
        }
        let bytes = read_bounded(&file, before.len(), &mut || midway(attempt)).map_err(error)?;
        if !before.is_file() {
            return Ok(bytes);
        }
        let after = file.metadata().map_err(io)?;
        let read = bytes.len() as u64;
        if read == before.len()
            && after.len() == before.len()
            && after.modified().ok() == before.modified().ok()
        {
            return Ok(bytes);
        }
        last = (before.len(), read);
    }
    Err(error(LoadErrorKind::ChangedWhileReading {
        size: last.0,
        read: last.1,
        attempts: READ_ATTEMPTS,
    }))
}

/// Reads an open file to its end, never more than [`MAX_FILE_BYTES`] (a file may grow after
/// its size was read); `midway` runs after the first [`FIRST_READ_BYTES`].
fn read_bounded(
    file: &std::fs::File,
    expected: u64,
    midway: &mut dyn FnMut(),
) -> Result<Vec<u8>, LoadErrorKind> {
    use std::io::Read;
    #[cfg(unix)]
    if (PARALLEL_READ_BYTES..=MAX_FILE_BYTES).contains(&expected) {
        return read_in_halves(file, expected as usize, midway);
    }
    let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES) as usize);
    let mut limited = file.take(MAX_FILE_BYTES + 1);
    (&mut limited)
        .take(FIRST_READ_BYTES)
        .read_to_end(&mut bytes)?;
    midway();
    limited.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Files of at least this many bytes are read in two halves at once ([`read_in_halves`]).
pub const PARALLEL_READ_BYTES: u64 = 8 << 20;

/// [`read_bounded`] of a large file: after the first [`FIRST_READ_BYTES`], the rest of its
/// `expected` bytes is read in two halves on two threads (positioned reads), so that copying
/// them and mapping in the memory that holds them take half the time; bytes past `expected`
/// (the file grew) are then read to the end. A file that turns out shorter keeps what was read
/// up to its end, as a read in one go would (the caller sees the size change and reads again).
#[cfg(unix)]
fn read_in_halves(
    file: &std::fs::File,
    expected: usize,
    midway: &mut dyn FnMut(),
) -> Result<Vec<u8>, LoadErrorKind> {
    use std::io::{Read, Seek};
    use std::os::unix::fs::FileExt;
    /// Reads `buffer.len()` bytes at `offset`, fewer at the end of the file; how many.
    fn read_at_most(
        file: &std::fs::File,
        buffer: &mut [u8],
        offset: u64,
    ) -> std::io::Result<usize> {
        let mut done = 0;
        while done < buffer.len() {
            let Some(rest) = buffer.get_mut(done..) else {
                break;
            };
            match file.read_at(rest, offset + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
    // Zeroed memory comes mapped in lazily: each half's pages are touched by its own thread.
    let mut bytes = vec![0u8; expected];
    let first = FIRST_READ_BYTES as usize;
    let (head, rest) = bytes.split_at_mut(first.min(expected));
    let head_read = read_at_most(file, head, 0)?;
    midway();
    let mut read = head_read;
    if head_read == head.len() {
        let middle = rest.len() / 2;
        let (one, two) = rest.split_at_mut(middle);
        let (one_read, two_read) = rayon::join(
            || read_at_most(file, one, first as u64),
            || read_at_most(file, two, (first + middle) as u64),
        );
        let (one_read, two_read) = (one_read?, two_read?);
        read = first + one_read;
        if one_read == middle {
            read += two_read;
        }
    }
    bytes.truncate(read);
    if read == expected {
        // Anything the file gained meanwhile.
        let mut cursor = file;
        cursor.seek(std::io::SeekFrom::Start(expected as u64))?;
        cursor
            .take(MAX_FILE_BYTES + 1 - expected as u64)
            .read_to_end(&mut bytes)?;
    }
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
/// sections, stage directions and timing. UTF-8 bytes are read as the text itself, without a
/// copy.
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
            text: std::borrow::Cow::Owned(text),
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

#[cfg(test)]
mod tests {
    use super::may_need_text_patterns;
    use std::path::Path;

    /// Folders and text-like files compile the text reader's patterns ahead; files named as
    /// structured formats, in any case, do not.
    #[test]
    fn only_structured_files_skip_the_text_patterns() {
        let folder = std::env::temp_dir();
        assert!(may_need_text_patterns(&folder));
        for text_like in [
            "briefing.txt",
            "notes.md",
            "transcript",
            "talk.docx",
            "a.TXT",
        ] {
            assert!(may_need_text_patterns(Path::new(text_like)), "{text_like}");
        }
        for structured in [
            "debates.csv",
            "cues.SRT",
            "talk.vtt",
            "stt.json",
            "t.tsv",
            "p.html",
        ] {
            assert!(
                !may_need_text_patterns(Path::new(structured)),
                "{structured}"
            );
        }
    }
}
