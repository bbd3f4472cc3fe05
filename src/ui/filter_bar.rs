//! The filter bar: the query, pickers that add a speaker, transcript, section, role, theme or
//! date range, and one removable chip per restriction of the chosen [`Filter`]. Every change
//! is a [`Command`] ([`Command::SetFilter`] mostly); a remembered transcript that is not open
//! shows as a chip too, so a restriction is never hidden.

use super::app::Command;
use super::reader::short_title;
use crate::analysis::{DateRange, Filter, ThemeSet};
use crate::library::Library;
use crate::model::{Date, Role};
use std::path::{Path, PathBuf};

/// Every role, in the order the role picker lists them.
const ROLES: [Role; 5] = [
    Role::Person,
    Role::Moderator,
    Role::Reporter,
    Role::Audience,
    Role::Unidentified,
];

/// One removable restriction, as shown on a chip.
#[derive(Debug, Clone)]
pub struct Chip {
    /// What the chip says ("theme: Defense and security").
    pub label: String,
    /// What removing it asks of the app.
    pub remove: Command,
}

/// The chips of `filter` and of the remembered transcripts that are not open, in a fixed
/// order: themes, speakers, transcripts, sections, roles, dates.
pub fn chips(
    filter: &Filter,
    not_open: &[PathBuf],
    library: &Library,
    themes: &ThemeSet,
) -> Vec<Chip> {
    let mut chips = Vec::new();
    let mut push = |label: String, without: Filter| {
        chips.push(Chip {
            label,
            remove: Command::SetFilter(without),
        })
    };
    for (i, id) in filter.themes.iter().enumerate() {
        let mut without = filter.clone();
        without.themes.remove(i);
        let name = themes.get(id).map_or(id.as_str(), |t| t.name.as_str());
        push(format!("theme: {name}"), without);
    }
    for (i, key) in filter.speakers.iter().enumerate() {
        let mut without = filter.clone();
        without.speakers.remove(i);
        let name = library
            .speaker_by_key(key)
            .and_then(|s| library.speakers().get(s))
            .map_or(key.as_str(), |s| s.name.as_str());
        push(format!("speaker: {name}"), without);
    }
    for (i, &t) in filter.transcripts.iter().enumerate() {
        let mut without = filter.clone();
        without.transcripts.remove(i);
        let title = library
            .transcripts()
            .get(t)
            .map_or_else(|| format!("#{t}"), |t| short_title(&t.title, 50));
        push(format!("transcript: {title}"), without);
    }
    for (i, section) in filter.sections.iter().enumerate() {
        let mut without = filter.clone();
        without.sections.remove(i);
        push(format!("section: {section}"), without);
    }
    for (i, role) in filter.roles.iter().enumerate() {
        let mut without = filter.clone();
        without.roles.remove(i);
        push(format!("role: {}", role.name()), without);
    }
    if let Some(dates) = &filter.dates {
        let mut without = filter.clone();
        without.dates = None;
        push(format!("dates: {}", date_range_label(dates)), without);
    }
    for path in not_open {
        chips.push(Chip {
            label: format!("transcript: {} (not open)", file_name(path)),
            remove: Command::ForgetSavedTranscript(path.clone()),
        });
    }
    chips
}

/// `2020-01-01 – 2020-12-31`, with `…` for an open end.
pub fn date_range_label(dates: &DateRange) -> String {
    let end = |d: Option<Date>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
    format!("{} – {}", end(dates.from), end(dates.to))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The section headings of the loaded transcripts, each once (compared case-insensitively, as
/// the filter compares them), in library order.
pub fn section_headings(library: &Library) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut headings = Vec::new();
    for transcript in library.transcripts() {
        for section in &transcript.sections {
            let title = section.title.trim();
            if !title.is_empty() && seen.insert(title.to_lowercase()) {
                headings.push(title.to_owned());
            }
        }
    }
    headings
}

/// The dates of the loaded transcripts, each once, earliest first.
pub fn transcript_dates(library: &Library) -> Vec<Date> {
    let mut dates: Vec<Date> = library
        .transcripts()
        .iter()
        .filter_map(|t| t.date)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// Reads a typed date bound: blank is an open end; `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, where a
/// partial date widens to the start (`from`) or the end (`to`) of its period.
pub fn parse_bound(text: &str, end: bool) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let range = if end {
        DateRange::parse(&format!("..{text}"))?
    } else {
        DateRange::parse(&format!("{text}.."))?
    };
    Ok(if end { range.to } else { range.from })
}

/// What the filter bar shows besides the filter: the library, the themes, remembered
/// transcripts that are not open, and the state of the evaluation.
pub struct FilterBarInput<'a> {
    /// The loaded transcripts and their speakers.
    pub library: &'a Library,
    /// The themes the picker offers.
    pub themes: &'a ThemeSet,
    /// The filter as chosen.
    pub filter: &'a Filter,
    /// Remembered transcript restrictions whose files are not open.
    pub not_open: &'a [PathBuf],
    /// Why the filter cannot be evaluated, if it cannot.
    pub error: Option<&'a str>,
    /// What the filter matches ("12 sentences in 9 turns"), when it restricts anything.
    pub summary: Option<String>,
}

/// State of the filter bar: the texts being typed.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// The query text in the field; every edit applies at once (evaluated in the background).
    pub query: String,
    /// The first date, as typed.
    pub from: String,
    /// The last date, as typed.
    pub to: String,
    /// Whether the query field takes keyboard focus next frame (Ctrl+F).
    pub focus_query: bool,
    seen_query: Option<String>,
    seen_dates: Option<Option<DateRange>>,
    date_error: Option<String>,
}

impl FilterBar {
    /// Draws the bar (two rows: query and pickers, then chips and status); changes go to
    /// `commands`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        input: FilterBarInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        let filter = input.filter;
        if self.seen_query.as_deref() != Some(filter.query.as_str()) {
            self.query = filter.query.clone();
            self.seen_query = Some(filter.query.clone());
        }
        if self.seen_dates != Some(filter.dates) {
            let text = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
            self.from = text(filter.dates.and_then(|d| d.from));
            self.to = text(filter.dates.and_then(|d| d.to));
            self.seen_dates = Some(filter.dates);
            self.date_error = None;
        }
        ui.horizontal_wrapped(|ui| {
            self.query_field(ui, filter, commands);
            pickers(ui, &input, commands);
            self.date_fields(ui, input.library, filter, commands);
        });
        ui.horizontal_wrapped(|ui| {
            let all = chips(filter, input.not_open, input.library, input.themes);
            if filter.is_empty() && all.is_empty() {
                ui.weak("No restriction: every view shows everything.");
            } else if !all.is_empty() {
                ui.label("Filter:");
            }
            for chip in &all {
                if ui
                    .button(format!("{} ×", chip.label))
                    .on_hover_text(format!("Remove the restriction {}", chip.label))
                    .clicked()
                {
                    commands.push(chip.remove.clone());
                }
            }
            if let Some(error) = &self.date_error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if let Some(error) = input.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            } else if let Some(summary) = &input.summary {
                ui.label(summary);
            }
            if !all.is_empty()
                && ui
                    .small_button("Clear all")
                    .on_hover_text("Remove every restriction and the query")
                    .clicked()
            {
                commands.push(Command::SetFilter(Filter::default()));
                for path in input.not_open {
                    commands.push(Command::ForgetSavedTranscript(path.clone()));
                }
            }
        });
    }

    fn query_field(&mut self, ui: &mut egui::Ui, filter: &Filter, commands: &mut Vec<Command>) {
        let label = ui.label("Query:");
        let field = egui::TextEdit::singleline(&mut self.query)
            .hint_text("words to find (Ctrl+F)")
            .desired_width(200.0);
        let response = ui.add(field).labelled_by(label.id);
        if std::mem::take(&mut self.focus_query) {
            response.request_focus();
        }
        let changed = response.changed();
        response.on_hover_text(
            "Words (stemmed), \"phrases\", prefix*, AND/OR/NOT, speaker:name, theme:id",
        );
        if changed && self.query != filter.query {
            let mut next = filter.clone();
            next.query = self.query.clone();
            commands.push(Command::SetFilter(next));
        }
    }

    fn date_fields(
        &mut self,
        ui: &mut egui::Ui,
        library: &Library,
        filter: &Filter,
        commands: &mut Vec<Command>,
    ) {
        let mut apply = false;
        for end in [false, true] {
            let (caption, id, what) = if end {
                ("To:", "filter_bar_to_pick", "last")
            } else {
                ("From:", "filter_bar_from_pick", "first")
            };
            let label = ui.label(caption);
            let text = if end { &mut self.to } else { &mut self.from };
            let response = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(92.0),
                )
                .labelled_by(label.id)
                .on_hover_text(format!(
                    "The {what} transcript date to include (YYYY, YYYY-MM or YYYY-MM-DD); Enter applies"
                ));
            apply |= response.lost_focus();
            let picker = egui::ComboBox::from_id_salt(id)
                .selected_text("")
                .width(16.0)
                .show_ui(ui, |ui| {
                    // Gathered only while the list is open (sorting every date each frame
                    // showed in the frame time of a large library).
                    let dates = transcript_dates(library);
                    if dates.is_empty() {
                        ui.weak("No transcript has a date.");
                    }
                    for date in &dates {
                        if ui.selectable_label(false, date.to_string()).clicked() {
                            *text = date.to_string();
                            apply = true;
                        }
                    }
                })
                .response;
            let name = format!("Pick the {what} date");
            picker.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
            picker.on_hover_text(format!("Pick the {what} date among the transcripts' dates"));
        }
        if !apply {
            return;
        }
        let parsed = parse_bound(&self.from, false).and_then(|from| {
            let to = parse_bound(&self.to, true)?;
            match (from, to) {
                (Some(a), Some(b)) if a > b => {
                    Err(format!("the dates end ({b}) before they start ({a})"))
                }
                (None, None) => Ok(None),
                (from, to) => Ok(Some(DateRange { from, to })),
            }
        });
        match parsed {
            Ok(dates) => {
                self.date_error = None;
                if dates != filter.dates {
                    let mut next = filter.clone();
                    next.dates = dates;
                    commands.push(Command::SetFilter(next));
                }
            }
            Err(error) => self.date_error = Some(error),
        }
    }
}

/// The pickers that add a speaker, transcript, section, role or theme.
fn pickers(ui: &mut egui::Ui, input: &FilterBarInput<'_>, commands: &mut Vec<Command>) {
    let (library, filter) = (input.library, input.filter);
    let mut add = |change: &dyn Fn(&mut Filter)| {
        let mut next = filter.clone();
        change(&mut next);
        commands.push(Command::SetFilter(next));
    };
    picker(ui, "Speaker:", "filter_bar_speaker", |ui| {
        let mut speakers: Vec<&crate::LibrarySpeaker> =
            library.speakers().iter().filter(|s| !s.hidden).collect();
        // People first, most words first.
        speakers.sort_by_key(|s| (s.role != Role::Person, std::cmp::Reverse(s.words)));
        for speaker in speakers {
            let on = filter.speakers.contains(&speaker.key);
            let name = if speaker.role == Role::Person {
                speaker.name.clone()
            } else {
                format!("{} ({})", speaker.name, speaker.role.name())
            };
            if ui.selectable_label(on, name).clicked() && !on {
                add(&|f: &mut Filter| f.speakers.push(speaker.key.clone()));
            }
        }
    });
    picker(ui, "Transcript:", "filter_bar_transcript", |ui| {
        for (i, transcript) in library.transcripts().iter().enumerate() {
            let on = filter.transcripts.contains(&i);
            let date = transcript
                .date
                .map(|d| format!("{d} · "))
                .unwrap_or_default();
            let text = format!("{date}{}", short_title(&transcript.title, 70));
            if ui
                .selectable_label(on, text)
                .on_hover_text(transcript.source_path.display().to_string())
                .clicked()
                && !on
            {
                add(&|f: &mut Filter| f.transcripts.push(i));
            }
        }
    });
    picker(ui, "Section:", "filter_bar_section", |ui| {
        let headings = section_headings(library);
        if headings.is_empty() {
            ui.weak("The open transcripts have no section headings.");
        }
        for heading in headings {
            let on = filter
                .sections
                .iter()
                .any(|s| s.trim().eq_ignore_ascii_case(&heading));
            if ui.selectable_label(on, &heading).clicked() && !on {
                add(&|f: &mut Filter| f.sections.push(heading.clone()));
            }
        }
    });
    picker(ui, "Role:", "filter_bar_role", |ui| {
        for role in ROLES {
            let on = filter.roles.contains(&role);
            if ui.selectable_label(on, role.name()).clicked() && !on {
                add(&|f: &mut Filter| f.roles.push(role));
            }
        }
    });
    picker(ui, "Theme:", "filter_bar_theme", |ui| {
        for theme in &input.themes.themes {
            let on = filter.themes.contains(&theme.id);
            if ui.selectable_label(on, &theme.name).clicked() && !on {
                add(&|f: &mut Filter| f.themes.push(theme.id.clone()));
            }
        }
    });
}

/// A labelled "add…" drop-down.
fn picker(ui: &mut egui::Ui, caption: &str, id: &str, contents: impl FnOnce(&mut egui::Ui)) {
    let label = ui.label(caption);
    egui::ComboBox::from_id_salt(id)
        .selected_text("add…")
        .width(64.0)
        .height(360.0)
        .show_ui(ui, contents)
        .response
        .labelled_by(label.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_date_bounds_widen_to_their_period() {
        let date = |text: &str| text.parse::<Date>().ok();
        assert_eq!(parse_bound("2021", false), Ok(date("2021-01-01")));
        assert_eq!(parse_bound("2021", true), Ok(date("2021-12-31")));
        assert_eq!(parse_bound(" 2024-02 ", true), Ok(date("2024-02-29")));
        assert_eq!(parse_bound("2025-03-13", false), Ok(date("2025-03-13")));
        assert_eq!(parse_bound("  ", true), Ok(None));
        assert!(parse_bound("March", false).is_err());
    }

    #[test]
    fn every_restriction_has_a_chip_that_removes_only_it() {
        let filter = Filter {
            query: "nuclear".into(),
            themes: vec!["defense".into()],
            speakers: vec!["putin".into()],
            transcripts: vec![3],
            sections: vec!["Energy".into()],
            roles: vec![Role::Reporter],
            dates: Some(DateRange {
                from: "2020-01-01".parse().ok(),
                to: None,
            }),
        };
        let not_open = [PathBuf::from("/data/briefing.txt")];
        let chips = chips(&filter, &not_open, &Library::new(), &ThemeSet::builtin());
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "theme: Defense and security",
                "speaker: putin",
                "transcript: #3",
                "section: Energy",
                "role: reporter",
                "dates: 2020-01-01 – …",
                "transcript: briefing.txt (not open)",
            ]
        );
        for chip in &chips[..6] {
            let Command::SetFilter(without) = &chip.remove else {
                panic!("{chip:?}");
            };
            assert_eq!(without.query, "nuclear");
            assert_ne!(*without, filter);
        }
        assert!(matches!(
            &chips[6].remove,
            Command::ForgetSavedTranscript(path) if path == &not_open[0]
        ));
    }
}
