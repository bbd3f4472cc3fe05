//! Loading transcripts off the UI thread: folders are expanded and files parsed on a worker
//! thread that reports progress and results through a channel and can be cancelled.

use crate::model::Transcript;
use crate::parse;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Something to load.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file or a folder (expanded to the supported files under it).
    Path(PathBuf),
    /// Bytes already in memory (the bundled sample), named by a path.
    Bytes {
        /// The name shown for it (its extension is a format hint).
        name: PathBuf,
        /// The content.
        bytes: &'static [u8],
    },
}

/// What the worker reports.
#[derive(Debug)]
pub enum LoadEvent {
    /// The number of files to load is known.
    Started {
        /// Files in the batch.
        total: usize,
    },
    /// One file loaded.
    Loaded(Box<Transcript>),
    /// One file failed; the message names the file and the reason.
    Failed {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The batch is over (finished or cancelled).
    Finished {
        /// Whether the user cancelled it.
        cancelled: bool,
    },
}

/// A running batch.
#[derive(Debug)]
pub struct LoadJob {
    receiver: Receiver<LoadEvent>,
    cancel: Arc<AtomicBool>,
    /// Files in the batch (known once the folders are expanded).
    pub total: usize,
    /// Files done (loaded or failed).
    pub done: usize,
}

impl LoadJob {
    /// Starts loading on a worker thread; `wake` is called after each event (to repaint).
    pub fn start(sources: Vec<Source>, wake: impl Fn() + Send + 'static) -> LoadJob {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let worker_cancel = Arc::clone(&cancel);
        std::thread::spawn(move || run(sources, &sender, &worker_cancel, &wake));
        LoadJob {
            receiver,
            cancel,
            total: 0,
            done: 0,
        }
    }

    /// Asks the worker to stop after the current file.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Events that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<LoadEvent> {
        let events: Vec<LoadEvent> = self.receiver.try_iter().collect();
        self.count(&events);
        events
    }

    /// Waits for the next event (`None` once the worker is gone). For scripts and tests.
    pub fn wait(&mut self) -> Option<LoadEvent> {
        let event = self.receiver.recv().ok()?;
        self.count(std::slice::from_ref(&event));
        Some(event)
    }

    fn count(&mut self, events: &[LoadEvent]) {
        for event in events {
            match event {
                LoadEvent::Started { total } => self.total += total,
                LoadEvent::Loaded(_) | LoadEvent::Failed { .. } => self.done += 1,
                LoadEvent::Finished { .. } => {}
            }
        }
    }
}

fn run(sources: Vec<Source>, sender: &Sender<LoadEvent>, cancel: &AtomicBool, wake: &dyn Fn()) {
    let send = |event| {
        let _ = sender.send(event);
        wake();
    };
    let mut items: Vec<Source> = Vec::new();
    for source in sources {
        match source {
            Source::Path(path) => items.extend(
                parse::collect_files(std::slice::from_ref(&path))
                    .into_iter()
                    .map(Source::Path),
            ),
            bytes => items.push(bytes),
        }
    }
    send(LoadEvent::Started { total: items.len() });
    // Files are parsed in parallel a few at a time and reported in the order given, so that
    // the library (and so the speakers' colours) does not depend on which thread was faster.
    let chunk = rayon::current_num_threads().max(1) * 2;
    for batch in items.chunks(chunk) {
        if cancel.load(Ordering::Relaxed) {
            send(LoadEvent::Finished { cancelled: true });
            return;
        }
        let results: Vec<LoadEvent> = batch
            .par_iter()
            .map(|item| {
                let (path, result) = match item {
                    Source::Path(path) => (path.clone(), parse::load_path(path)),
                    Source::Bytes { name, bytes } => (name.clone(), parse::load_bytes(name, bytes)),
                };
                match result {
                    Ok(transcript) => LoadEvent::Loaded(Box::new(transcript)),
                    Err(error) => LoadEvent::Failed {
                        message: error.to_string(),
                        path,
                    },
                }
            })
            .collect();
        for event in results {
            send(event);
        }
    }
    send(LoadEvent::Finished { cancelled: false });
}

/// Paths under a typed prefix, for the "Open path" field: the entries of the prefix's folder
/// whose names start with the typed file-name part (folders end with a separator), sorted.
pub fn complete_path(prefix: &str) -> Vec<String> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let typed = Path::new(prefix);
    let (folder, start) = if prefix.ends_with(std::path::MAIN_SEPARATOR) || prefix.ends_with('/') {
        (typed.to_path_buf(), String::new())
    } else {
        let folder = typed
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder
        };
        let start = typed
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        (folder, start)
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let base = &prefix[..prefix.len() - start.len().min(prefix.len())];
    let mut out: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.to_lowercase().starts_with(&start)
                || name.starts_with('.') && !start.starts_with('.')
            {
                return None;
            }
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir && !parse::is_supported_file(&entry.path()) {
                return None;
            }
            let separator = if is_dir { "/" } else { "" };
            Some(format!("{base}{name}{separator}"))
        })
        .collect();
    out.sort();
    out.truncate(50);
    out
}

/// Completion running on a worker thread so the UI never waits on the file system.
#[derive(Debug, Default)]
pub struct PathCompleter {
    /// The text the current suggestions belong to.
    pub for_text: String,
    /// The suggestions.
    pub suggestions: Vec<String>,
    pending: Option<(String, Receiver<Vec<String>>)>,
}

impl PathCompleter {
    /// Asks for suggestions for `text` unless they are known or on their way.
    pub fn request(&mut self, text: &str, wake: impl Fn() + Send + 'static) {
        let asked = self.pending.as_ref().map(|(t, _)| t.as_str());
        if self.for_text == text || asked == Some(text) {
            return;
        }
        let (sender, receiver) = channel();
        let owned = text.to_owned();
        std::thread::spawn(move || {
            let _ = sender.send(complete_path(&owned));
            wake();
        });
        self.pending = Some((text.to_owned(), receiver));
    }

    /// Takes arrived suggestions.
    pub fn poll(&mut self) {
        if let Some((text, receiver)) = &self.pending
            && let Ok(suggestions) = receiver.try_recv()
        {
            self.for_text = text.clone();
            self.suggestions = suggestions;
            self.pending = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_lists_matching_folders_and_supported_files() {
        let corpora = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/");
        let folders = complete_path(&format!("{corpora}se"));
        assert_eq!(folders, vec![format!("{corpora}seed/")]);
        let files = complete_path(&format!("{corpora}seed/PUT"));
        assert_eq!(
            files,
            vec![format!("{corpora}seed/putin-lukashenko-2025-03-13.txt")]
        );
        assert!(complete_path("/no/such/folder/x").is_empty());
    }

    #[test]
    fn a_batch_reports_each_file_and_keeps_going_after_a_failure() {
        let seed = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/seed"
        ));
        let missing = PathBuf::from("/no/such/transcript.txt");
        let mut job = LoadJob::start(vec![Source::Path(missing), Source::Path(seed)], || {});
        let mut loaded = 0;
        let mut failed = Vec::new();
        while let Some(event) = job.wait() {
            match event {
                LoadEvent::Loaded(_) => loaded += 1,
                LoadEvent::Failed { path, .. } => failed.push(path),
                LoadEvent::Finished { cancelled } => {
                    assert!(!cancelled);
                    break;
                }
                LoadEvent::Started { .. } => {}
            }
        }
        assert_eq!(loaded, 1);
        assert_eq!(failed, vec![PathBuf::from("/no/such/transcript.txt")]);
        assert_eq!((job.done, job.total), (2, 2));
    }
}
