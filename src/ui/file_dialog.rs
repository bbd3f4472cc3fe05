//! The native file dialogs (rfd), asked on a thread of their own so the window never blocks,
//! and told apart from a desktop that has none: rfd answers at once with nothing when no
//! desktop portal runs, and every caller then offers a typed path instead.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What a native file dialog answered.
#[derive(Debug)]
pub enum DialogAnswer {
    /// A file was chosen.
    Picked(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown (it answered at once with nothing).
    Unavailable,
}

/// A dialog that answers faster than this without a file was never shown (rfd answers at once
/// with nothing when no desktop portal runs).
pub const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(150);

/// Whether a native dialog can be shown at all. On Linux and the BSDs rfd's dialogs go
/// through the XDG desktop portal on the D-Bus session bus: with no session bus there is no
/// dialog, however long rfd takes to say so (on a busy machine that can exceed
/// [`NO_DIALOG_THRESHOLD`]). Elsewhere the system's own dialogs are always there.
pub fn dialogs_possible() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
            || std::env::var_os("XDG_RUNTIME_DIR")
                .map(PathBuf::from)
                .is_some_and(|dir| dir.join("bus").exists())
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        true
    }
}

/// Whether rfd's empty answer, given after being asked at `asked`, means that no dialog was
/// shown (rather than that the user closed it).
pub fn no_dialog_was_shown(asked: Instant) -> bool {
    !dialogs_possible() || asked.elapsed() < NO_DIALOG_THRESHOLD
}

/// Asks for a file in the native dialog on its own thread (`save`: a save dialog, else an
/// open dialog), proposing the file name `suggested` (when not empty) in `folder` (when
/// given); the answer arrives on the returned channel and `wake` is called.
pub fn ask_for_file(
    title: &str,
    filters: &[(&str, &[&str])],
    suggested: &str,
    folder: Option<PathBuf>,
    save: bool,
    wake: impl Fn() + Send + 'static,
) -> Receiver<DialogAnswer> {
    let (sender, receiver) = channel();
    let title = title.to_owned();
    let suggested = suggested.to_owned();
    let filters: Vec<(String, Vec<String>)> = filters
        .iter()
        .map(|(name, extensions)| {
            let extensions = extensions.iter().map(|e| (*e).to_owned()).collect();
            ((*name).to_owned(), extensions)
        })
        .collect();
    std::thread::spawn(move || {
        if !dialogs_possible() {
            let _ = sender.send(DialogAnswer::Unavailable);
            wake();
            return;
        }
        let asked = Instant::now();
        let mut dialog = rfd::FileDialog::new().set_title(title);
        for (name, extensions) in &filters {
            dialog = dialog.add_filter(name, extensions.as_slice());
        }
        if !suggested.is_empty() {
            dialog = dialog.set_file_name(suggested);
        }
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        let picked = if save {
            dialog.save_file()
        } else {
            dialog.pick_file()
        };
        let answer = match picked {
            Some(path) => DialogAnswer::Picked(path),
            None if no_dialog_was_shown(asked) => DialogAnswer::Unavailable,
            None => DialogAnswer::Cancelled,
        };
        let _ = sender.send(answer);
        wake();
    });
    receiver
}
