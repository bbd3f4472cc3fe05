//! The app: state, the command queue the views write into, and the window frame (menus,
//! toolbar, library panel, view tabs, status bar).

use super::analysis_worker::{AnalysisWorker, QueryHits};
use super::compare::CompareView;
use super::file_dialog::{dialogs_possible, no_dialog_was_shown};
use super::filter_bar::{FilterBar, FilterBarInput};
use super::library_panel::LibraryPanel;
use super::loading::{LoadEvent, LoadJob, PathCompleter, Source};
use super::palette;
use super::reader::ReaderView;
use super::settings::{ColourScheme, STORAGE_KEY, SavedFilter, Settings, View};
use super::terms::TermsView;
use super::theme_editor::ThemeEditor;
use super::timeline::TimelineView;
use super::topics::TopicsView;
use crate::analysis::{DateRange, Filter, ThemeSet};
use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::TurnIndex;
use crate::parse;
use egui::{Color32, Key, KeyboardShortcut, Modifiers};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The bundled sample transcript, opened when the app starts with nothing else.
pub const SAMPLE_NAME: &str = "sample-putin-lukashenko-2025-03-13.txt";
/// The sample's text.
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample-putin-lukashenko-2025-03-13.txt");

const OPEN_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const FIND_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const TIMELINES_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
const COMPARE_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2);
const TOPICS_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3);
const TERMS_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4);
const READER_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num5);
/// Closes the window gracefully, so that the settings are saved.
const QUIT_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Something a view asks the app to do; applied once per frame, after drawing.
#[derive(Debug, Clone)]
pub enum Command {
    /// Load files, folders or in-memory sources in the background.
    Open(Vec<Source>),
    /// Show the native file dialog (several files).
    OpenFileDialog,
    /// Show the native folder dialog.
    OpenFolderDialog,
    /// Close a transcript.
    Close(TranscriptIndex),
    /// Close every transcript (in one library rebuild).
    CloseAll,
    /// Include or exclude a transcript from the views.
    SetActive(TranscriptIndex, bool),
    /// Give a speaker (by key) a new display name; empty restores the detected name.
    RenameSpeaker {
        /// The speaker's key.
        key: String,
        /// The new name.
        name: String,
    },
    /// Merge one speaker into another (by keys).
    MergeSpeakers {
        /// The speaker that disappears.
        from: String,
        /// The speaker that stays.
        into: String,
    },
    /// Undo every merge into this speaker.
    UnmergeSpeaker(String),
    /// Split an alias (label as written) out into a speaker of its own.
    SplitAlias(String),
    /// Put a split alias back.
    UnsplitAlias(String),
    /// Hide or show a speaker (by key).
    SetHidden(String, bool),
    /// Open the reader at a turn.
    JumpToTurn {
        /// The transcript.
        transcript: TranscriptIndex,
        /// The turn.
        turn: TurnIndex,
    },
    /// Switch view.
    ShowView(View),
    /// Replace the query (a click on a term).
    SetQuery(String),
    /// Replace the whole filter of the filter bar (a chip removed, a chart bar clicked).
    SetFilter(Filter),
    /// Drop a remembered transcript restriction whose file is not open (its chip removed).
    ForgetSavedTranscript(PathBuf),
    /// Show a notification (a file written, or why it could not be).
    Notify(Notice),
    /// Filter on one speaker (by key) and one theme and show Compare (a click on a topic bar).
    CompareOnTheme {
        /// The theme id.
        theme: String,
        /// The speaker's key.
        speaker: String,
    },
    /// Use these themes from now on (the theme editor's Apply).
    SetThemes(ThemeSet),
    /// Write excerpts to a file in the background. An existing file is replaced only after
    /// the user says so: in the app's Replace/Cancel question, or already in the native save
    /// dialog (`replace_confirmed`).
    Export {
        /// The excerpts.
        set: crate::export::ExcerptSet,
        /// The target file.
        path: PathBuf,
        /// The format to write.
        format: crate::export::ExportFormat,
        /// The writers' options (CSV byte-order mark).
        options: crate::export::ExportOptions,
        /// Whether the user has already agreed to replace an existing file.
        replace_confirmed: bool,
    },
    /// Write a file a view has rendered (chart data, a theme list) in the background, asking
    /// before replacing an existing file unless `replace_confirmed`. The views that save use
    /// [`super::save_row::SaveRow`] for the path.
    SaveFile {
        /// The target file.
        path: PathBuf,
        /// The file's bytes.
        bytes: Vec<u8>,
        /// What they are, for the question and the notices ("the topics table").
        what: String,
        /// Whether the user has already agreed to replace an existing file (in the native
        /// save dialog).
        replace_confirmed: bool,
    },
    /// Replace the existing file the pending export was refused for.
    ConfirmOverwrite,
    /// Drop the pending export (the existing file stays as it is).
    CancelOverwrite,
    /// Write the speaker overrides to this JSON file (asking before replacing it), or ask for
    /// the file (`None`: native dialog, else a typed path).
    ExportSpeakerOverrides(Option<PathBuf>),
    /// Add the speaker overrides of this JSON file to the ones in force, or ask for the file.
    ImportSpeakerOverrides(Option<PathBuf>),
    /// Stop the running loads.
    CancelLoading,
    /// Remove a notification.
    DismissNotice(usize),
}

/// How serious a notification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something went wrong (a file could not be read).
    Error,
    /// Good to know.
    Info,
}

/// A message in the notification list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Error or information.
    pub kind: NoticeKind,
    /// The text, naming the file and the reason where there is one.
    pub text: String,
}

/// What every view reads, and the queue it writes commands into.
pub struct ViewContext<'a> {
    /// The loaded transcripts and their speakers.
    pub library: &'a Library,
    /// Colour per library speaker.
    pub colours: &'a [Color32],
    /// Transcripts shown in the views, in library order.
    pub active: &'a [TranscriptIndex],
    /// The current query (may be empty).
    pub query: &'a str,
    /// The filter as chosen in the filter bar (views that narrow it send
    /// [`Command::SetFilter`]).
    pub filter: &'a Filter,
    /// Turns that match the filter.
    pub hits: &'a QueryHits,
    /// The filter's matches, when the filter restricts anything and they are in.
    pub matches: Option<&'a crate::analysis::Matches>,
    /// The term comparison the terms view asked for, when it is in.
    pub terms: Option<&'a super::analysis_worker::TermsOutcome>,
    /// The speaker × theme figures, when the topics view asked for them and they are in.
    pub topics: Option<&'a super::analysis_worker::TopicsOutcome>,
    /// The keyword-in-context lines the terms view asked for, when they are in.
    pub kwic: Option<&'a super::analysis_worker::KwicOutcome>,
    /// Compare's latest figures, when it asked for some.
    pub compare: Option<&'a super::analysis_worker::CompareOutcome>,
    /// Whether Compare's figures are still being computed for the current filter and columns.
    pub compare_pending: bool,
    /// Whether timelines share a 0–100% axis.
    pub align_percent: &'a mut bool,
    /// Commands for the app.
    pub commands: &'a mut Vec<Command>,
}

impl ViewContext<'_> {
    /// The colour of a library speaker.
    pub fn colour(&self, speaker: LibrarySpeakerIndex) -> Color32 {
        self.colours.get(speaker).copied().unwrap_or(Color32::GRAY)
    }
}

/// The Crosstalk desktop app.
pub struct CrosstalkApp {
    /// The loaded transcripts.
    pub library: Library,
    /// Persisted settings.
    pub settings: Settings,
    /// Transcripts (by source path) the user unticked.
    pub inactive: HashSet<PathBuf>,
    /// Notifications, newest last.
    pub notices: Vec<Notice>,
    /// An export refused because its file exists, waiting for Replace or Cancel.
    pub pending_overwrite: Option<PendingExport>,
    /// The settings file written atomically on every save (`None`: eframe's storage only).
    pub settings_file: Option<PathBuf>,
    /// The filter as the user set it in the filter bar: query (highlights in the reader, ticks
    /// on the timelines), themes, speakers, transcripts, sections, roles and dates. Every view
    /// answers it; [`CrosstalkApp::filter`] adds the transcripts unticked in the library.
    pub chosen_filter: Filter,
    /// Remembered transcript restrictions (source paths) whose files are not open; they join
    /// `chosen_filter.transcripts` when the file is opened.
    pub saved_transcripts: Vec<PathBuf>,
    /// The filter bar (query, pickers, chips).
    pub filter_bar: FilterBar,
    /// The themes available.
    pub themes: Arc<ThemeSet>,
    /// Why the query cannot be run, if it cannot.
    pub query_error: Option<String>,
    /// The reader view.
    pub reader: ReaderView,
    /// The timelines view.
    pub timelines: TimelineView,
    /// The library panel.
    pub library_panel: LibraryPanel,
    /// The compare view.
    pub compare: CompareView,
    /// The terms view.
    pub terms: TermsView,
    /// The topics view.
    pub topics: TopicsView,
    /// The theme editor window.
    pub theme_editor: ThemeEditor,
    /// Export / import of the speaker overrides in progress (dialog, typed path, Replace?).
    pub overrides_transfer: super::overrides_transfer::OverridesTransfer,
    jobs: Vec<LoadJob>,
    commands: Vec<Command>,
    colours: Vec<Color32>,
    colours_revision: u64,
    hits: Arc<QueryHits>,
    hits_key: Option<(u64, Filter)>,
    matches: Option<Arc<crate::analysis::Matches>>,
    analysis: AnalysisWorker,
    open_path: String,
    completer: PathCompleter,
    dialog: Option<Receiver<DialogAnswer>>,
    exports: Vec<Receiver<Notice>>,
    title: String,
    /// The library revision `title` was made for.
    title_revision: u64,
    shown: ShownCache,
    repaint: Arc<dyn Fn() + Send + Sync>,
}

/// What the shown transcripts depend on: library revision, unticked paths, and the filter's
/// transcripts and dates.
type ShownKey = (
    u64,
    HashSet<PathBuf>,
    Vec<TranscriptIndex>,
    Option<DateRange>,
);

/// The ticked transcripts and the ones the views show, kept across frames for what they were
/// worked out from (library revision, unticked paths, the filter's transcripts and dates):
/// an idle frame does not look up every transcript of a large library again.
#[derive(Debug, Default)]
struct ShownCache {
    /// (library revision, unticked paths) `active` was worked out for.
    active_key: Option<(u64, HashSet<PathBuf>)>,
    active: Arc<[TranscriptIndex]>,
    /// What `shown` was worked out for.
    shown_key: Option<ShownKey>,
    shown: Arc<[TranscriptIndex]>,
}

/// A file waiting to be written: where, and what.
#[derive(Debug, Clone)]
pub struct PendingExport {
    /// The target file.
    pub path: PathBuf,
    /// What goes into it.
    pub content: ExportContent,
}

/// What an export writes.
#[derive(Debug, Clone)]
pub enum ExportContent {
    /// Excerpts, rendered on the export thread.
    Excerpts {
        /// The excerpts.
        set: crate::export::ExcerptSet,
        /// The format.
        format: crate::export::ExportFormat,
        /// The writers' options.
        options: crate::export::ExportOptions,
    },
    /// A file a view has already rendered (chart data, a theme list).
    Bytes {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// What they are, for the messages ("the topics table").
        what: String,
    },
}

impl ExportContent {
    /// What is written, for the question and the notices ("12 excerpts").
    pub fn description(&self) -> String {
        match self {
            ExportContent::Excerpts { set, .. } => format!("{} excerpts", set.excerpts.len()),
            ExportContent::Bytes { what, .. } => what.clone(),
        }
    }
}

enum DialogAnswer {
    Picked(Vec<PathBuf>),
    Cancelled,
    Unavailable,
}

impl CrosstalkApp {
    /// An app with these settings (or defaults plus a notice when `saved` is corrupt) that
    /// starts loading `files`, or the bundled sample when `files` is empty.
    /// `repaint` wakes the UI when background work reports.
    pub fn new(
        saved: Option<&str>,
        files: Vec<PathBuf>,
        repaint: Arc<dyn Fn() + Send + Sync>,
    ) -> CrosstalkApp {
        let mut notices = Vec::new();
        let settings = Settings::from_json(saved).unwrap_or_else(|message| {
            notices.push(Notice {
                kind: NoticeKind::Info,
                text: message,
            });
            Settings::from_json(None).unwrap_or_default()
        });
        let mut library = Library::new();
        library.set_overrides(settings.speaker_overrides.clone());
        let themes = Arc::new(settings.themes.clone().unwrap_or_else(ThemeSet::builtin));
        let saved = settings.filter.clone();
        let chosen_filter = Filter {
            query: saved.query,
            themes: saved
                .themes
                .into_iter()
                .filter(|id| themes.get(id).is_some())
                .collect(),
            speakers: saved.speakers,
            transcripts: Vec::new(),
            sections: saved.sections,
            roles: saved.roles,
            dates: saved.dated.then_some(DateRange {
                from: saved.from,
                to: saved.to,
            }),
        };
        let mut app = CrosstalkApp {
            library,
            settings,
            inactive: HashSet::new(),
            notices,
            pending_overwrite: None,
            settings_file: None,
            chosen_filter,
            saved_transcripts: saved.transcripts,
            filter_bar: FilterBar::default(),
            themes,
            query_error: None,
            reader: ReaderView::default(),
            timelines: TimelineView::default(),
            library_panel: LibraryPanel::default(),
            compare: CompareView::default(),
            terms: TermsView::default(),
            topics: TopicsView::default(),
            theme_editor: ThemeEditor::default(),
            overrides_transfer: super::overrides_transfer::OverridesTransfer::new(Arc::clone(
                &repaint,
            )),
            jobs: Vec::new(),
            commands: Vec::new(),
            colours: Vec::new(),
            colours_revision: u64::MAX,
            hits: Arc::default(),
            hits_key: None,
            matches: None,
            analysis: AnalysisWorker::start(Arc::clone(&repaint)),
            open_path: String::new(),
            completer: PathCompleter::default(),
            dialog: None,
            exports: Vec::new(),
            title: String::new(),
            title_revision: u64::MAX,
            shown: ShownCache::default(),
            repaint,
        };
        let sources = if files.is_empty() {
            vec![Source::Bytes {
                name: PathBuf::from(SAMPLE_NAME),
                bytes: SAMPLE_TEXT.as_bytes(),
            }]
        } else {
            files.into_iter().map(Source::Path).collect()
        };
        app.start_loading(sources);
        app
    }

    /// Queues a command (as a view would).
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Whether files are still loading.
    pub fn is_loading(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// Blocks until every running load has finished. For scripts and tests.
    pub fn wait_until_loaded(&mut self) {
        while let Some(mut job) = self.jobs.pop() {
            let mut events = Vec::new();
            while let Some(event) = job.wait() {
                let finished = matches!(event, LoadEvent::Finished { .. });
                events.push(event);
                if finished {
                    break;
                }
            }
            self.take_load_events(events);
        }
    }

    /// The filter every view answers: the one chosen in the filter bar, narrowed to the
    /// transcripts ticked in the library when some are unticked and it restricts anything.
    pub fn filter(&self) -> Filter {
        let mut filter = self.chosen_filter.clone();
        filter.query = filter.query.trim().to_owned();
        if filter.transcripts.is_empty() && !self.inactive.is_empty() && !filter.is_empty() {
            filter.transcripts = self.active_transcripts();
        }
        filter
    }

    /// Compare's latest figures, when they are in.
    pub fn compare_figures(&self) -> Option<Arc<super::compare::CompareFigures>> {
        self.analysis
            .latest_compare
            .as_ref()
            .and_then(|outcome| outcome.result.as_ref().ok())
            .cloned()
    }

    /// The turns that match the current filter (ticked on the timelines, marked in the reader).
    pub fn hits(&self) -> &QueryHits {
        &self.hits
    }

    /// The current filter's matches, when the filter restricts anything and they are in.
    pub fn matches(&self) -> Option<&crate::analysis::Matches> {
        self.matches.as_deref()
    }

    /// Applies the queued commands and blocks until the current filter's matches (and
    /// Compare's figures, when Compare is shown) are in. For scripts and tests.
    pub fn wait_for_analysis(&mut self) {
        // Queued commands (a view switch, a new filter) would apply after the next frame's
        // drawing; apply them now so that the wait covers what that frame shows.
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
        self.update_analysis();
        self.request_compare();
        self.analysis.wait();
        self.analysis.wait_compare();
        self.update_analysis();
    }

    /// Asks the worker for Compare's figures of the current filter and columns, when Compare
    /// is shown and the filter is valid.
    fn request_compare(&mut self) {
        if self.settings.view != View::Compare || self.library.transcripts().is_empty() {
            return;
        }
        let mut filter = self.filter();
        if filter.validate(&self.themes).is_err() {
            return;
        }
        if filter.transcripts.is_empty() && !self.inactive.is_empty() {
            // Compare lists every sentence even without a query: keep to the ticked transcripts.
            filter.transcripts = self.active_now().to_vec();
        }
        let shown = self.shown_now();
        let columns = self.compare.columns_for(&self.library, &filter, &shown);
        self.analysis
            .request_compare(&self.library, &filter, columns, &self.themes);
    }

    /// Asks the worker for the current filter's matches and takes finished answers.
    fn update_analysis(&mut self) {
        self.analysis.poll();
        let filter = self.filter();
        if filter.is_empty() {
            if !self.hits.turns.is_empty() || self.query_error.is_some() {
                self.hits = Arc::default();
                self.hits_key = None;
                self.matches = None;
                self.query_error = None;
            }
            return;
        }
        if let Err(error) = filter.validate(&self.themes) {
            self.query_error = Some(error.to_string());
            return;
        }
        self.analysis.request(&self.library, &filter, &self.themes);
        let key = (self.library.revision(), filter);
        if self.hits_key.as_ref() != Some(&key)
            && let Some(outcome) = &self.analysis.latest
            && outcome.key == key
        {
            self.hits_key = Some(key.clone());
            match &outcome.result {
                Ok(matches) => {
                    self.hits = Arc::clone(&outcome.hits);
                    self.matches = Some(Arc::clone(matches));
                    self.query_error = None;
                }
                Err(error) => self.query_error = Some(error.to_string()),
            }
        }
    }

    /// Blocks until the topics view's figures are in. For scripts and tests.
    pub fn wait_for_topics(&mut self) {
        self.analysis.wait_topics();
    }

    /// The Topics view's figures for the current filter, themes and chosen theme, when they
    /// are in.
    pub fn topic_figures(&self) -> Option<Arc<super::topics::TopicFigures>> {
        let request = self.topics.request();
        self.analysis
            .topics_for(&self.library, &self.filter(), &self.themes, &request)
            .and_then(|outcome| outcome.result.as_ref().ok())
            .cloned()
    }

    /// Blocks until the Topics view's chart images asked for are written (their screenshots
    /// taken); the notices follow with the next frame. For scripts and tests.
    pub fn wait_for_chart_saves(&mut self) {
        self.topics.wait_for_saves(&mut self.commands);
        self.terms.saves.wait(&mut self.commands);
    }

    /// Blocks until the theme editor's entry counts are in. For scripts and tests.
    pub fn wait_for_entry_counts(&mut self) {
        self.analysis.wait_entry_counts();
    }

    /// Blocks until the terms view's comparison is in. For scripts and tests.
    pub fn wait_for_terms(&mut self) {
        self.analysis.wait_terms();
    }

    /// Blocks until the terms view's keyword-in-context lines are in. For scripts and tests.
    pub fn wait_for_kwic(&mut self) {
        self.analysis.wait_kwic();
    }

    /// Blocks until every answer the views asked the analysis worker for is in. For scripts and
    /// tests: after it, a frame or two draws finished figures and the UI settles.
    pub fn wait_until_idle(&mut self) {
        self.analysis.wait_all();
    }

    /// Indices of the transcripts shown in the views.
    pub fn active_transcripts(&self) -> Vec<TranscriptIndex> {
        self.library
            .transcripts()
            .iter()
            .enumerate()
            .filter(|(_, t)| !self.inactive.contains(&t.source_path))
            .map(|(i, _)| i)
            .collect()
    }

    /// [`CrosstalkApp::active_transcripts`], worked out again only when the library or the
    /// unticked transcripts changed.
    fn active_now(&mut self) -> Arc<[TranscriptIndex]> {
        let current = self
            .shown
            .active_key
            .as_ref()
            .is_some_and(|(revision, inactive)| {
                *revision == self.library.revision() && *inactive == self.inactive
            });
        if !current {
            self.shown.active = self.active_transcripts().into();
            self.shown.active_key = Some((self.library.revision(), self.inactive.clone()));
        }
        Arc::clone(&self.shown.active)
    }

    /// The transcripts the central views show (see `shown_transcripts`), worked out again
    /// only when the library, the unticked transcripts or the filter's transcripts or dates
    /// changed.
    fn shown_now(&mut self) -> Arc<[TranscriptIndex]> {
        let active = self.active_now();
        let filter = &self.chosen_filter;
        let current = self.shown.shown_key.as_ref().is_some_and(
            |(revision, inactive, transcripts, dates)| {
                *revision == self.library.revision()
                    && *inactive == self.inactive
                    && *transcripts == filter.transcripts
                    && *dates == filter.dates
            },
        );
        if !current {
            self.shown.shown = self.shown_transcripts(&active).into();
            self.shown.shown_key = Some((
                self.library.revision(),
                self.inactive.clone(),
                filter.transcripts.clone(),
                filter.dates,
            ));
        }
        Arc::clone(&self.shown.shown)
    }

    /// The window title naming what is open.
    pub fn window_title(&self) -> String {
        let transcripts = self.library.transcripts();
        let visible = self.library.speakers().iter().filter(|s| !s.hidden).count();
        match transcripts {
            [] => "Crosstalk".to_owned(),
            [one] => format!("Crosstalk — {} · {visible} speakers", one.title),
            many => format!(
                "Crosstalk — {} transcripts · {visible} speakers",
                many.len()
            ),
        }
    }

    /// The settings as they would be saved now.
    pub fn settings_json(&self) -> String {
        self.settings_to_save().to_json()
    }

    /// The settings with the chosen filter, as they are saved.
    fn settings_to_save(&self) -> Settings {
        let mut settings = self.settings.clone();
        settings.filter = self.saved_filter();
        settings
    }

    /// The chosen filter as it is saved: transcripts by source path (the chosen open ones, then
    /// the remembered ones that are not open).
    pub fn saved_filter(&self) -> SavedFilter {
        let filter = &self.chosen_filter;
        let mut transcripts = self.chosen_transcript_paths();
        transcripts.extend(self.saved_transcripts.iter().cloned());
        SavedFilter {
            query: filter.query.clone(),
            themes: filter.themes.clone(),
            speakers: filter.speakers.clone(),
            transcripts,
            sections: filter.sections.clone(),
            roles: filter.roles.clone(),
            from: filter.dates.and_then(|d| d.from),
            to: filter.dates.and_then(|d| d.to),
            dated: filter.dates.is_some(),
        }
    }

    /// Source paths of the open transcripts the chosen filter restricts to.
    fn chosen_transcript_paths(&self) -> Vec<PathBuf> {
        self.chosen_filter
            .transcripts
            .iter()
            .filter_map(|&t| self.library.transcripts().get(t))
            .map(|t| t.source_path.clone())
            .collect()
    }

    /// Points the chosen filter's transcripts at `paths` (and the remembered ones) in the
    /// library as it is now; the paths that are not open stay remembered.
    fn choose_transcripts(&mut self, paths: Vec<PathBuf>) {
        let mut wanted = paths;
        wanted.append(&mut self.saved_transcripts);
        let mut indices = Vec::new();
        let mut not_open = Vec::new();
        for path in wanted {
            match self
                .library
                .transcripts()
                .iter()
                .position(|t| t.source_path == path)
            {
                Some(index) if !indices.contains(&index) => indices.push(index),
                Some(_) => {}
                None if !not_open.contains(&path) => not_open.push(path),
                None => {}
            }
        }
        self.chosen_filter.transcripts = indices;
        self.saved_transcripts = not_open;
    }

    /// The transcripts the central views show: the ticked ones that pass the chosen filter's
    /// transcript and date restrictions.
    fn shown_transcripts(&self, active: &[TranscriptIndex]) -> Vec<TranscriptIndex> {
        let filter = &self.chosen_filter;
        active
            .iter()
            .copied()
            .filter(|t| filter.transcripts.is_empty() || filter.transcripts.contains(t))
            .filter(|&t| {
                filter.dates.is_none_or(|range| {
                    self.library
                        .transcripts()
                        .get(t)
                        .and_then(|t| t.date)
                        .is_some_and(|d| range.contains(d))
                })
            })
            .collect()
    }

    fn start_loading(&mut self, sources: Vec<Source>) {
        if sources.is_empty() {
            return;
        }
        let repaint = Arc::clone(&self.repaint);
        self.jobs.push(LoadJob::start(sources, move || repaint()));
    }

    /// Applies loader events; the transcripts of one batch join the library in one rebuild, and
    /// those they replace (the same paths opened again) leave it in one rebuild.
    fn take_load_events(&mut self, events: Vec<LoadEvent>) {
        // Within the batch, a path read again replaces its earlier reading (which leaves its
        // place empty): the batch's place of each path, found without comparing every pair.
        let mut loaded: Vec<Option<Arc<crate::model::Transcript>>> = Vec::new();
        let mut place_of: std::collections::HashMap<PathBuf, usize> =
            std::collections::HashMap::new();
        for event in events {
            match event {
                LoadEvent::Loaded(transcript) => {
                    let path = transcript.source_path.clone();
                    for notice in &transcript.notices {
                        self.notices.push(Notice {
                            kind: NoticeKind::Info,
                            text: format!("{}: {notice}", path.display()),
                        });
                    }
                    if path.as_path() != std::path::Path::new(SAMPLE_NAME) {
                        self.settings.remember_recent(path.clone());
                    }
                    // Opening a file again replaces it.
                    if let Some(earlier) = place_of.insert(path, loaded.len())
                        && let Some(slot) = loaded.get_mut(earlier)
                    {
                        *slot = None;
                    }
                    loaded.push(Some(Arc::from(transcript)));
                }
                LoadEvent::Failed { path: _, message } => self.notices.push(Notice {
                    kind: NoticeKind::Error,
                    text: message,
                }),
                LoadEvent::Finished { cancelled: true } => self.notices.push(Notice {
                    kind: NoticeKind::Info,
                    text: "Loading cancelled; the files read so far stay open.".to_owned(),
                }),
                LoadEvent::Started { .. } | LoadEvent::Finished { cancelled: false } => {}
            }
        }
        let loaded: Vec<Arc<crate::model::Transcript>> = loaded.into_iter().flatten().collect();
        if loaded.is_empty() {
            return;
        }
        // Indices shift when a file is replaced: keep the chosen transcripts by path.
        let chosen = self.chosen_transcript_paths();
        let replaced: Vec<TranscriptIndex> = self
            .library
            .transcripts()
            .iter()
            .enumerate()
            .filter(|(_, t)| place_of.contains_key(&t.source_path))
            .map(|(index, _)| index)
            .collect();
        self.remove_transcripts(&replaced);
        self.library.extend(loaded);
        self.choose_transcripts(chosen);
    }

    /// Removes the transcripts at `indices` (ascending) from the library in one rebuild. The
    /// reader and Compare forget them, from the last, so that each one forgotten leaves the
    /// indices before it as they were: the excerpts ticked on them go, the others shift with
    /// their transcripts.
    fn remove_transcripts(&mut self, indices: &[TranscriptIndex]) {
        for &index in indices.iter().rev() {
            self.reader.forget(index);
            self.compare.forget(index);
        }
        self.library.remove_many(indices);
    }

    fn poll_background(&mut self) {
        let mut events = Vec::new();
        self.jobs.retain_mut(|job| {
            let batch = job.poll();
            let finished = batch
                .iter()
                .any(|e| matches!(e, LoadEvent::Finished { .. }));
            events.extend(batch);
            !finished
        });
        self.take_load_events(events);
        if let Some(receiver) = &self.dialog
            && let Ok(answer) = receiver.try_recv()
        {
            self.dialog = None;
            match answer {
                DialogAnswer::Picked(paths) => {
                    self.start_loading(paths.into_iter().map(Source::Path).collect())
                }
                DialogAnswer::Cancelled => {}
                DialogAnswer::Unavailable => self.notices.push(Notice {
                    kind: NoticeKind::Error,
                    text:
                        "No file dialog available on this desktop; use Open path or drag and drop."
                            .to_owned(),
                }),
            }
        }
        self.completer.poll();
        let mut finished = Vec::new();
        self.exports.retain(|receiver| match receiver.try_recv() {
            Ok(notice) => {
                finished.push(notice);
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => false,
        });
        self.notices.extend(finished);
    }

    /// Asks whether to replace the file a pending export was refused for.
    fn overwrite_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending_overwrite else {
            return;
        };
        let question = format!(
            "{} exists. Replace it with {}?",
            pending.path.display(),
            pending.content.description()
        );
        match super::save_row::replace_window(ctx, "Replace file?", &question) {
            Some(super::save_row::ReplaceAnswer::Replace) => self.push(Command::ConfirmOverwrite),
            Some(super::save_row::ReplaceAnswer::Cancel) => self.push(Command::CancelOverwrite),
            None => {}
        }
    }

    /// Blocks until running exports have finished. For scripts and tests.
    pub fn wait_for_exports(&mut self) {
        for receiver in std::mem::take(&mut self.exports) {
            if let Ok(notice) = receiver.recv() {
                self.notices.push(notice);
            }
        }
    }

    /// Writes `pending`: at once when the user has agreed to replace, else through
    /// [`CrosstalkApp::export_asking`].
    fn save(&mut self, pending: PendingExport, replace_confirmed: bool) {
        if replace_confirmed {
            self.export(pending, crate::storage::Overwrite::Replace);
        } else {
            self.export_asking(pending);
        }
    }

    /// Exports unless the file exists: then the export waits for Replace or Cancel.
    fn export_asking(&mut self, pending: PendingExport) {
        if pending.path.exists() {
            self.pending_overwrite = Some(pending);
        } else {
            // Refuse still: a file that appears meanwhile is not replaced either.
            self.export(pending, crate::storage::Overwrite::Refuse);
        }
    }

    /// Writes an export on its own thread; the notice comes back through `exports`.
    fn export(&mut self, pending: PendingExport, overwrite: crate::storage::Overwrite) {
        let (sender, receiver) = channel();
        let repaint = Arc::clone(&self.repaint);
        std::thread::spawn(move || {
            let what = pending.content.description();
            let path = pending.path;
            let result = match pending.content {
                ExportContent::Excerpts {
                    set,
                    format,
                    options,
                } => crate::export::render(format, &set, options).map_err(|e| e.to_string()),
                ExportContent::Bytes { bytes, .. } => Ok(bytes),
            }
            .and_then(|bytes| {
                crate::storage::write_atomic(&path, &bytes, overwrite).map_err(|e| e.to_string())
            });
            let notice = match result {
                Ok(()) => Notice {
                    kind: NoticeKind::Info,
                    text: format!("Exported {what} to {}", path.display()),
                },
                Err(error) => Notice {
                    kind: NoticeKind::Error,
                    text: format!("Could not export to {}: {error}", path.display()),
                },
            };
            let _ = sender.send(notice);
            repaint();
        });
        self.exports.push(receiver);
    }

    fn show_dialog(&mut self, folder: bool) {
        if self.dialog.is_some() {
            return;
        }
        let (sender, receiver) = channel();
        let repaint = Arc::clone(&self.repaint);
        std::thread::spawn(move || {
            if !dialogs_possible() {
                let _ = sender.send(DialogAnswer::Unavailable);
                repaint();
                return;
            }
            let asked = Instant::now();
            let dialog = rfd::FileDialog::new().set_title("Open transcripts");
            let picked = if folder {
                dialog.pick_folder().map(|p| vec![p])
            } else {
                dialog
                    .add_filter("Transcripts", parse::SUPPORTED_EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .pick_files()
            };
            let answer = match picked {
                Some(paths) if !paths.is_empty() => DialogAnswer::Picked(paths),
                _ if no_dialog_was_shown(asked) => DialogAnswer::Unavailable,
                _ => DialogAnswer::Cancelled,
            };
            let _ = sender.send(answer);
            repaint();
        });
        self.dialog = Some(receiver);
    }

    fn apply(&mut self, command: Command) {
        let overrides = |app: &mut CrosstalkApp, change: &dyn Fn(&mut crate::SpeakerOverrides)| {
            change(&mut app.settings.speaker_overrides);
            app.library
                .set_overrides(app.settings.speaker_overrides.clone());
        };
        match command {
            Command::Open(sources) => self.start_loading(sources),
            Command::OpenFileDialog => self.show_dialog(false),
            Command::OpenFolderDialog => self.show_dialog(true),
            Command::Close(index) => {
                let mut chosen = self.chosen_transcript_paths();
                if let Some(closed) = self.library.transcripts().get(index) {
                    let closed = closed.source_path.clone();
                    self.inactive.remove(&closed);
                    self.remove_transcripts(&[index]);
                    chosen.retain(|path| *path != closed);
                    self.choose_transcripts(chosen);
                }
            }
            Command::CloseAll => {
                for transcript in self.library.transcripts() {
                    self.inactive.remove(&transcript.source_path);
                }
                let all: Vec<TranscriptIndex> = (0..self.library.transcripts().len()).collect();
                self.remove_transcripts(&all);
                self.choose_transcripts(Vec::new());
            }
            Command::SetActive(index, active) => {
                if let Some(t) = self.library.transcripts().get(index) {
                    let path = t.source_path.clone();
                    if active {
                        self.inactive.remove(&path);
                    } else {
                        self.inactive.insert(path);
                    }
                }
            }
            Command::RenameSpeaker { key, name } => overrides(self, &|o| {
                if name.trim().is_empty() {
                    o.renames.remove(&key);
                } else {
                    o.renames.insert(key.clone(), name.trim().to_owned());
                }
            }),
            Command::MergeSpeakers { from, into } => {
                if from != into {
                    overrides(self, &|o| {
                        o.merges.insert(from.clone(), into.clone());
                    })
                }
            }
            Command::UnmergeSpeaker(key) => overrides(self, &|o| {
                o.merges.retain(|_, into| into != &key);
            }),
            Command::SplitAlias(alias) => overrides(self, &|o| {
                o.splits.insert(alias.clone());
            }),
            Command::UnsplitAlias(alias) => overrides(self, &|o| {
                o.splits.retain(|s| !s.eq_ignore_ascii_case(&alias));
            }),
            Command::SetHidden(key, hidden) => overrides(self, &|o| {
                if hidden {
                    o.hidden.insert(key.clone());
                } else {
                    o.hidden.remove(&key);
                }
            }),
            Command::JumpToTurn { transcript, turn } => {
                self.reader.jump_to(transcript, turn);
                self.settings.view = View::Reader;
            }
            Command::ShowView(view) => self.settings.view = view,
            Command::SetQuery(query) => self.chosen_filter.query = query,
            Command::SetFilter(filter) => self.chosen_filter = filter,
            Command::ForgetSavedTranscript(path) => self.saved_transcripts.retain(|p| *p != path),
            Command::Notify(notice) => self.notices.push(notice),
            Command::SetThemes(set) => {
                self.chosen_filter.themes.retain(|id| set.get(id).is_some());
                self.settings.themes = if set == ThemeSet::builtin() {
                    None
                } else {
                    Some(set.clone())
                };
                self.themes = Arc::new(set);
            }
            Command::Export {
                set,
                path,
                format,
                options,
                replace_confirmed,
            } => {
                let content = ExportContent::Excerpts {
                    set,
                    format,
                    options,
                };
                self.save(PendingExport { path, content }, replace_confirmed);
            }
            Command::SaveFile {
                path,
                bytes,
                what,
                replace_confirmed,
            } => {
                let content = ExportContent::Bytes { bytes, what };
                self.save(PendingExport { path, content }, replace_confirmed);
            }
            Command::ConfirmOverwrite => {
                if let Some(pending) = self.pending_overwrite.take() {
                    self.export(pending, crate::storage::Overwrite::Replace);
                }
            }
            Command::CancelOverwrite => self.pending_overwrite = None,
            Command::CompareOnTheme { theme, speaker } => {
                self.chosen_filter.themes = vec![theme];
                self.chosen_filter.speakers = vec![speaker];
                self.settings.view = View::Compare;
            }
            Command::ExportSpeakerOverrides(path) => super::overrides_transfer::export(self, path),
            Command::ImportSpeakerOverrides(path) => super::overrides_transfer::import(self, path),
            Command::CancelLoading => self.jobs.iter().for_each(LoadJob::cancel),
            Command::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    /// Draws the whole window into `ui` and applies the commands the views queued.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll_background();
        self.topics.poll(&mut self.commands);
        self.terms.saves.poll(&mut self.commands);
        self.handle_shortcuts_and_drops(ui);
        if self.colours_revision != self.library.revision() {
            self.colours = palette::speaker_colours(&self.library);
            self.colours_revision = self.library.revision();
        }
        self.update_analysis();
        ui.ctx().set_theme(match self.settings.colour_scheme {
            ColourScheme::System => egui::ThemePreference::System,
            ColourScheme::Light => egui::ThemePreference::Light,
            ColourScheme::Dark => egui::ThemePreference::Dark,
        });

        super::premesh::cull_premeshed_only(ui.ctx());
        self.overwrite_prompt(ui.ctx());
        super::overrides_transfer::show(self, ui.ctx());
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menus(ui));
        });
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::Panel::top("filter_bar").show(ui, |ui| self.filter_bar(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        let active = self.active_now();
        if self.settings.library_panel_open {
            egui::Panel::left("library_panel")
                .default_size(290.0)
                .show(ui, |ui| {
                    let mut context = ViewContext {
                        library: &self.library,
                        colours: &self.colours,
                        active: &active,
                        query: &self.chosen_filter.query,
                        filter: &self.chosen_filter,
                        hits: &self.hits,
                        matches: self.matches.as_deref(),
                        terms: None,
                        topics: None,
                        kwic: None,
                        compare: None,
                        compare_pending: false,
                        align_percent: &mut self.settings.align_percent,
                        commands: &mut self.commands,
                    };
                    self.library_panel.ui(ui, &mut context);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (view, shortcut) in [
                    (View::Timelines, TIMELINES_SHORTCUT),
                    (View::Compare, COMPARE_SHORTCUT),
                    (View::Topics, TOPICS_SHORTCUT),
                    (View::Terms, TERMS_SHORTCUT),
                    (View::Reader, READER_SHORTCUT),
                ] {
                    ui.selectable_value(&mut self.settings.view, view, view.label())
                        .on_hover_text(ui.ctx().format_shortcut(&shortcut));
                }
            });
            ui.separator();
            if self.library.transcripts().is_empty() {
                self.empty_state(ui);
                return;
            }
            let scope = self.filter();
            let shown = self.shown_now();
            self.request_compare();
            if self.settings.view == View::Terms {
                self.terms.ensure_sides(&self.library);
            }
            let terms_request = self.terms.request();
            if self.settings.view == View::Terms
                && self.query_error.is_none()
                && let Some(sides) = &terms_request
            {
                self.analysis
                    .request_terms(&self.library, &scope, sides.clone(), &self.themes);
            }
            let kwic_request = self.terms.kwic_request();
            if self.settings.view == View::Terms
                && self.query_error.is_none()
                && let Some(wanted) = &kwic_request
            {
                self.analysis
                    .request_kwic(&self.library, &scope, wanted.clone(), &self.themes);
            }
            let topics_request = self.topics.request();
            if self.settings.view == View::Topics && self.query_error.is_none() {
                self.analysis.request_topics(
                    &self.library,
                    &scope,
                    &self.themes,
                    topics_request.clone(),
                );
            }
            let kwic_outcome = kwic_request
                .as_ref()
                .and_then(|wanted| self.analysis.kwic_for(&self.library, &scope, wanted));
            let topics_outcome =
                self.analysis
                    .topics_for(&self.library, &scope, &self.themes, &topics_request);
            let terms_outcome = terms_request
                .as_ref()
                .and_then(|sides| self.analysis.terms_for(&self.library, &scope, sides));
            let mut context = ViewContext {
                library: &self.library,
                colours: &self.colours,
                active: &shown,
                query: &self.chosen_filter.query,
                filter: &self.chosen_filter,
                hits: &self.hits,
                matches: self.matches.as_deref(),
                terms: terms_outcome,
                topics: topics_outcome,
                kwic: kwic_outcome,
                compare: self.analysis.latest_compare.as_ref(),
                compare_pending: !self.analysis.compare_is_current(),
                align_percent: &mut self.settings.align_percent,
                commands: &mut self.commands,
            };
            match self.settings.view {
                View::Timelines => self.timelines.ui(ui, &mut context),
                View::Compare => self.compare.ui(ui, &mut context),
                View::Topics => self.topics.ui(
                    ui,
                    &mut context,
                    &self.chosen_filter,
                    self.query_error.as_deref(),
                ),
                View::Terms => self.terms.ui(ui, &mut context),
                View::Reader => self.reader.ui(ui, &mut context),
            }
        });
        self.theme_editor_window(ui.ctx());
        self.drop_overlay(ui);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // The commands change what the views show: draw again with the new state.
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
        // The title counts the library's speakers: made again only when the library changed.
        if self.title_revision != self.library.revision() {
            self.title_revision = self.library.revision();
            let title = self.window_title();
            if title != self.title {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
                self.title = title;
            }
        }
        if self.is_loading()
            || self.dialog.is_some()
            || self.analysis.is_busy()
            || !self.exports.is_empty()
        {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
    }

    /// The theme editor, with the selected theme's entry counts from the worker.
    fn theme_editor_window(&mut self, ctx: &egui::Context) {
        let wanted = self.theme_editor.counts_request();
        let scope = self.filter();
        if let Some(theme) = &wanted {
            self.analysis
                .request_entry_counts(&self.library, &scope, theme.clone(), &self.themes);
        }
        let counts = wanted
            .and_then(|theme| {
                self.analysis
                    .entry_counts_for(&self.library, &scope, &theme)
            })
            .map(|outcome| outcome.counts.as_slice());
        self.theme_editor
            .ui(ctx, &self.themes, counts, &mut self.commands);
    }

    fn handle_shortcuts_and_drops(&mut self, ui: &mut egui::Ui) {
        let (open, find, timelines, compare, topics, terms, reader, dropped) =
            ui.input_mut(|input| {
                (
                    input.consume_shortcut(&OPEN_SHORTCUT),
                    input.consume_shortcut(&FIND_SHORTCUT),
                    input.consume_shortcut(&TIMELINES_SHORTCUT),
                    input.consume_shortcut(&COMPARE_SHORTCUT),
                    input.consume_shortcut(&TOPICS_SHORTCUT),
                    input.consume_shortcut(&TERMS_SHORTCUT),
                    input.consume_shortcut(&READER_SHORTCUT),
                    std::mem::take(&mut input.raw.dropped_files),
                )
            });
        if open {
            self.push(Command::OpenFileDialog);
        }
        if ui.input_mut(|input| input.consume_shortcut(&QUIT_SHORTCUT)) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if find {
            self.filter_bar.focus_query = true;
        }
        if timelines {
            self.push(Command::ShowView(View::Timelines));
        }
        if compare {
            self.push(Command::ShowView(View::Compare));
        }
        if topics {
            self.push(Command::ShowView(View::Topics));
        }
        if terms {
            self.push(Command::ShowView(View::Terms));
        }
        if reader {
            self.push(Command::ShowView(View::Reader));
        }
        let paths: Vec<Source> = dropped
            .iter()
            .map(|file| Source::Path(file.path().to_path_buf()))
            .filter(|s| matches!(s, Source::Path(p) if !p.as_os_str().is_empty()))
            .collect();
        if !paths.is_empty() {
            self.push(Command::Open(paths));
        }
    }

    fn menus(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            let open = egui::Button::new("Open files…")
                .shortcut_text(ui.ctx().format_shortcut(&OPEN_SHORTCUT));
            if ui.add(open).clicked() {
                self.push(Command::OpenFileDialog);
            }
            if ui.button("Open folder…").clicked() {
                self.push(Command::OpenFolderDialog);
            }
            if ui.button("Open the bundled sample").clicked() {
                self.push(Command::Open(vec![Source::Bytes {
                    name: PathBuf::from(SAMPLE_NAME),
                    bytes: SAMPLE_TEXT.as_bytes(),
                }]));
            }
            ui.menu_button("Recent files", |ui| {
                if self.settings.recent_files.is_empty() {
                    ui.label("No recent files yet.");
                }
                for path in self.settings.recent_files.clone() {
                    // Checking existence is a cheap metadata call, done only while the menu is open.
                    let exists = path.exists();
                    let label = if exists {
                        path.display().to_string()
                    } else {
                        format!("{} (missing)", path.display())
                    };
                    if ui.add_enabled(exists, egui::Button::new(label)).clicked() {
                        self.push(Command::Open(vec![Source::Path(path)]));
                    }
                }
                if !self.settings.recent_files.is_empty()
                    && ui.button("Clear recent files").clicked()
                {
                    self.settings.recent_files.clear();
                }
            });
            ui.separator();
            if ui.button("Import themes…").clicked() {
                self.theme_editor.import_with_dialog(ui.ctx());
            }
            if ui.button("Export themes…").clicked() {
                let set = self.themes.as_ref().clone();
                self.theme_editor.export_with_dialog(ui.ctx(), set);
            }
            ui.separator();
            if ui.button("Export speaker overrides…").clicked() {
                self.push(Command::ExportSpeakerOverrides(None));
            }
            if ui.button("Import speaker overrides…").clicked() {
                self.push(Command::ImportSpeakerOverrides(None));
            }
            ui.separator();
            let any = !self.library.transcripts().is_empty();
            if ui
                .add_enabled(any, egui::Button::new("Close all"))
                .clicked()
            {
                self.push(Command::CloseAll);
            }
            let quit =
                egui::Button::new("Quit").shortcut_text(ui.ctx().format_shortcut(&QUIT_SHORTCUT));
            if ui.add(quit).clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            for (view, shortcut) in [
                (View::Timelines, TIMELINES_SHORTCUT),
                (View::Compare, COMPARE_SHORTCUT),
                (View::Topics, TOPICS_SHORTCUT),
                (View::Terms, TERMS_SHORTCUT),
                (View::Reader, READER_SHORTCUT),
            ] {
                let button = egui::Button::selectable(self.settings.view == view, view.label())
                    .shortcut_text(ui.ctx().format_shortcut(&shortcut));
                if ui.add(button).clicked() {
                    self.push(Command::ShowView(view));
                }
            }
            ui.separator();
            ui.checkbox(&mut self.settings.library_panel_open, "Library panel");
            ui.checkbox(
                &mut self.settings.align_percent,
                "Align timelines on 0–100%",
            );
            if ui.button("Edit themes…").clicked() {
                self.theme_editor.open_on(&self.themes);
            }
            ui.separator();
            ui.label("Colours");
            ui.radio_value(
                &mut self.settings.colour_scheme,
                ColourScheme::System,
                "Follow system",
            );
            ui.radio_value(
                &mut self.settings.colour_scheme,
                ColourScheme::Light,
                "Light",
            );
            ui.radio_value(&mut self.settings.colour_scheme, ColourScheme::Dark, "Dark");
        });
        ui.menu_button("Help", |ui| {
            ui.label("Open transcripts with File > Open (Ctrl+O), by dropping files or folders");
            ui.label("on the window, or by typing a path into Open path.");
            ui.label("Ctrl+F: query · Ctrl+1: timelines · Ctrl+2: compare · Ctrl+3: topics · Ctrl+4: terms · Ctrl+5: reader");
            ui.label("Timelines: Ctrl+wheel zooms, drag pans, click a bar to read that turn.");
            ui.label("Compare: Ctrl+E exports, Ctrl+Shift+C copies the ticked (or all) excerpts with citations.");
        });
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .button("Open…")
                .on_hover_text("Open transcript files (Ctrl+O)")
                .clicked()
            {
                self.push(Command::OpenFileDialog);
            }
            let label = ui.label("Open path:");
            let field = egui::TextEdit::singleline(&mut self.open_path)
                .hint_text("type or paste a file or folder; Tab completes")
                .desired_width(300.0);
            let response = ui.add(field).labelled_by(label.id);
            if response.changed() {
                let repaint = Arc::clone(&self.repaint);
                self.completer.request(&self.open_path, move || repaint());
            }
            let suggestions: Vec<String> = if self.completer.for_text == self.open_path {
                self.completer.suggestions.clone()
            } else {
                Vec::new()
            };
            if response.has_focus()
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab))
                && let Some(first) = suggestions.first()
            {
                self.open_path = first.clone();
                let repaint = Arc::clone(&self.repaint);
                self.completer.request(&self.open_path, move || repaint());
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (ui.button("Open path").clicked() || entered) && !self.open_path.trim().is_empty() {
                let path = PathBuf::from(self.open_path.trim());
                self.push(Command::Open(vec![Source::Path(path)]));
                self.open_path.clear();
            }
            let show = response.has_focus() && !suggestions.is_empty();
            egui::Popup::from_response(&response).open(show).show(|ui| {
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .show(ui, |ui| {
                        for suggestion in &suggestions {
                            if ui.selectable_label(false, suggestion).clicked() {
                                self.open_path = suggestion.clone();
                            }
                        }
                    });
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let dark = ui.visuals().dark_mode;
                let (text, next, hint) = if dark {
                    ("Light", ColourScheme::Light, "Switch to light mode")
                } else {
                    ("Dark", ColourScheme::Dark, "Switch to dark mode")
                };
                if ui.button(text).on_hover_text(hint).clicked() {
                    self.settings.colour_scheme = next;
                }
            });
        });
    }

    fn filter_bar(&mut self, ui: &mut egui::Ui) {
        let summary = (!self.filter().is_empty()).then(|| {
            let turns: usize = self.hits.turns.iter().map(Vec::len).sum();
            let busy = if self.analysis.is_busy() { " …" } else { "" };
            format!("{} sentences in {turns} turns{busy}", self.hits.sentences)
        });
        let input = FilterBarInput {
            library: &self.library,
            themes: &self.themes,
            filter: &self.chosen_filter,
            not_open: &self.saved_transcripts,
            error: self.query_error.as_deref(),
            summary,
        };
        self.filter_bar.ui(ui, input, &mut self.commands);
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.is_loading() {
                let (done, total) = self
                    .jobs
                    .iter()
                    .fold((0, 0), |(d, t), job| (d + job.done, t + job.total));
                let fraction = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(200.0)
                        .text(format!("Loading {done}/{total} files")),
                );
                if ui.button("Cancel").on_hover_text("Stop loading").clicked() {
                    self.push(Command::CancelLoading);
                }
                ui.separator();
            }
            let errors = self
                .notices
                .iter()
                .filter(|n| n.kind == NoticeKind::Error)
                .count();
            let summary = match (errors, self.notices.len()) {
                (_, 0) => "No notifications".to_owned(),
                (0, n) => format!("{n} notifications"),
                (1, _) => "1 problem".to_owned(),
                (e, _) => format!("{e} problems"),
            };
            egui::CollapsingHeader::new(summary)
                .id_salt("notifications")
                .default_open(false)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(160.0)
                        .show(ui, |ui| {
                            for (index, notice) in self.notices.iter().enumerate().rev() {
                                ui.horizontal(|ui| {
                                    if ui.small_button("Dismiss").clicked() {
                                        self.commands.push(Command::DismissNotice(index));
                                    }
                                    let colour = match notice.kind {
                                        NoticeKind::Error => ui.visuals().error_fg_color,
                                        NoticeKind::Info => ui.visuals().text_color(),
                                    };
                                    ui.colored_label(colour, &notice.text);
                                });
                            }
                        });
                });
        });
    }

    fn empty_state(&mut self, ui: &mut egui::Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            if self.is_loading() {
                ui.spinner();
                ui.label("Loading…");
                return;
            }
            ui.heading("No transcripts open");
            ui.label("Drop transcript files or folders here, use File > Open (Ctrl+O),");
            ui.label("or type a path into Open path above.");
            if ui.button("Open the bundled sample").clicked() {
                self.push(Command::Open(vec![Source::Bytes {
                    name: PathBuf::from(SAMPLE_NAME),
                    bytes: SAMPLE_TEXT.as_bytes(),
                }]));
            }
        });
    }

    fn drop_overlay(&self, ui: &mut egui::Ui) {
        let hovering = ui.input(|i| !i.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_overlay"),
        ));
        let rect = ui.ctx().content_rect();
        painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop to open these transcripts",
            egui::FontId::proportional(24.0),
            Color32::WHITE,
        );
    }
}

impl eframe::App for CrosstalkApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let settings = self.settings_to_save();
        storage.set_string(STORAGE_KEY, settings.to_json());
        if let Some(path) = &self.settings_file
            && let Err(error) = super::settings::save_settings_file(path, &settings)
        {
            self.notices.push(Notice {
                kind: NoticeKind::Error,
                text: format!("Could not save the settings: {error}"),
            });
        }
    }
}
