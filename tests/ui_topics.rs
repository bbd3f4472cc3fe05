//! egui_kittest tests of the Topics charts and the theme editor in the whole app, on real
//! transcripts: the Putin–Lukashenko news conference (sections) and two White House briefings
//! of February 2022 (dated, no sections). Chart CSV content against the engine's own counts,
//! clicks on bars and points narrowing the filter, never replacing a file without asking, a
//! chart saved as a PNG through a real render, and theme sets imported and exported as JSON.
#![cfg(feature = "gui")]

use crosstalk::analysis::{Filter, Index, ThemeSet};
use crosstalk::ui::settings::View;
use crosstalk::ui::topics::{Chart, TopicFigures};
use crosstalk::ui::{Command, CrosstalkApp, NoticeKind};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod common;
use common::{CORPORA, harness_sized, key_of, press_at, seed};

fn briefings() -> Vec<PathBuf> {
    let folder = PathBuf::from(CORPORA).join("whitehouse/press-briefings/2022-02");
    [
        "2022-02-22-press-briefing-by-press-secretary-jen-psaki-and-deputy-national-security-advisor-for-international-economics-and-deputy-nec-director-daleep-singh-february-22-2022.md",
        "2022-02-24-press-briefing-by-press-secretary-jen-psaki-and-deputy-national-security-advisor-for-international-economics-and-deputy-nec-director-daleep-singh-february-24-2022.md",
    ]
    .into_iter()
    .map(|name| folder.join(name))
    .collect()
}

/// The app with these files loaded, in a window tall enough for the three charts.
fn harness_with(files: Vec<PathBuf>) -> Harness<'static, CrosstalkApp> {
    harness_sized(CrosstalkApp::new(None, files, Arc::new(|| {})), 1500.0, 64)
}

/// The app on the Topics view with its figures in.
fn topics_of(files: Vec<PathBuf>) -> Harness<'static, CrosstalkApp> {
    let mut harness = harness_with(files);
    harness.state_mut().push(Command::ShowView(View::Topics));
    await_topics(&mut harness);
    harness
}

/// Lets queued commands apply, waits for the Topics figures they ask for, and settles.
fn await_topics(harness: &mut Harness<'static, CrosstalkApp>) {
    harness.run_steps(2);
    harness.state_mut().wait_for_topics();
    settle(harness);
}

/// The Topics figures the app shows now.
fn figures_of(harness: &Harness<'static, CrosstalkApp>) -> Arc<TopicFigures> {
    harness
        .state()
        .topic_figures()
        .unwrap_or_else(|| panic!("no figures"))
}

/// Runs frames until the worker's answers the app waits for are in and nothing repaints.
fn settle(harness: &mut Harness<'static, CrosstalkApp>) {
    for _ in 0..8 {
        harness.run_steps(2);
        let app = harness.state_mut();
        app.wait_for_analysis();
        app.wait_for_topics();
        app.wait_for_entry_counts();
        if harness.try_run().is_ok() {
            return;
        }
    }
    harness.run();
}

fn save_chart(harness: &mut Harness<'static, CrosstalkApp>, chart: Chart, path: &Path) {
    save_named_chart(harness, chart.name(), path);
}

/// Types `path` into the save row of the chart called `name` ("terms chart") and saves.
fn save_named_chart(harness: &mut Harness<'static, CrosstalkApp>, name: &str, path: &Path) {
    let label = format!("File for the {name}");
    let field = harness.get_by_label(&label);
    field.focus();
    field.type_text(&path.display().to_string());
    settle(harness);
    harness.get_by_label(&format!("Save the {name}")).click();
    settle(harness);
}

fn last_notice(app: &CrosstalkApp) -> (NoticeKind, String) {
    let notice = app.notices.last().unwrap_or_else(|| panic!("no notice"));
    (notice.kind, notice.text.clone())
}

#[test]
fn the_themes_chart_csv_holds_the_engines_counts_and_a_hover_shows_them() {
    let mut harness = topics_of(vec![seed()]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = folder.path().join("themes.csv");
    save_chart(&mut harness, Chart::Themes, &path);
    let app = harness.state();
    assert_eq!(last_notice(app).0, NoticeKind::Info, "{:?}", app.notices);
    let figures = app.topic_figures().unwrap_or_else(|| panic!("no figures"));
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "theme_id",
            "theme",
            "speaker",
            "sentences",
            "words",
            "speaker_words",
            "share_of_words"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), figures.speakers.len() * app.themes.themes.len());
    // People only: Putin and Lukashenko, not the reporters.
    let names: Vec<&str> = figures.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Vladimir Putin", "Alexander Lukashenko"]);
    // Every row agrees with the engine evaluating that speaker on that theme.
    let index = Index::build(&app.library);
    for row in &rows {
        let key = key_of(app, &row[2]);
        let filter = Filter {
            speakers: vec![key.clone()],
            themes: vec![row[0].to_owned()],
            ..Filter::default()
        };
        let matches = filter
            .evaluate(&app.library, &index, &app.themes)
            .unwrap_or_else(|e| panic!("{e}"));
        let words: usize = matches.hits.iter().map(|h| h.words).sum();
        assert_eq!(
            row[3].parse::<usize>().ok(),
            Some(matches.hits.len()),
            "{row:?}"
        );
        assert_eq!(row[4].parse::<usize>().ok(), Some(words), "{row:?}");
        let all = Filter {
            speakers: vec![key],
            ..Filter::default()
        }
        .evaluate(&app.library, &index, &app.themes)
        .unwrap_or_else(|e| panic!("{e}"));
        let total: usize = all.hits.iter().map(|h| h.words).sum();
        let share: f64 = row[6].parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            (share - words as f64 / total as f64).abs() < 1e-6,
            "{row:?}"
        );
    }
    // Hovering a bar shows its exact figures in a tooltip (a second node with the same text).
    let bar = "Vladimir Putin on Defense and security: ";
    assert_eq!(harness.get_all_by_label_contains(bar).count(), 1);
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    harness.get_by_label_contains(bar).hover();
    harness.run_steps(3);
    assert_eq!(harness.get_all_by_label_contains(bar).count(), 2);
    let defense = rows
        .iter()
        .find(|r| &r[0] == "defense" && &r[2] == "Vladimir Putin")
        .unwrap_or_else(|| panic!("no Putin × defense row"));
    assert!(defense[3].parse::<usize>().unwrap_or(0) > 0, "{defense:?}");
}

#[test]
fn section_and_date_charts_save_their_rows_and_say_what_is_left_out() {
    let mut files = briefings();
    files.push(seed());
    let mut harness = topics_of(files);
    let figures = figures_of(&harness);
    // The sample has section headings; the briefings have none and are named as left out.
    assert!(
        figures
            .sections
            .iter()
            .any(|s| s.label == "Economic Cooperation")
    );
    assert_eq!(figures.without_sections.len(), 2);
    harness.get_by_label_contains("Not in this chart: 2 transcripts without section headings");
    // The three transcripts are dated: one point per transcript, in date order.
    let dates: Vec<&str> = figures.dates.iter().map(|c| c.date.as_str()).collect();
    assert_eq!(dates, ["2022-02-22", "2022-02-24", "2025-03-13"]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sections = folder.path().join("sections.csv");
    save_chart(&mut harness, Chart::Sections, &sections);
    let text = std::fs::read_to_string(&sections).unwrap_or_else(|e| panic!("{e}"));
    let rows = text.lines().count() - 1;
    assert_eq!(rows, figures.sections.len() * figures.speakers.len());
    assert!(
        text.contains("Economic Cooperation,Vladimir Putin,"),
        "{text}"
    );
    let dated = folder.path().join("dates.csv");
    save_chart(&mut harness, Chart::Dates, &dated);
    let text = std::fs::read_to_string(&dated).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.starts_with("date,transcript,theme_id,speaker,"),
        "{text}"
    );
    let psaki_rows = text
        .lines()
        .filter(|l| l.starts_with("2022-02-2") && l.contains(",Jen Psaki,"))
        .count();
    assert_eq!(psaki_rows, 2, "{text}");
    assert!(text.contains("2025-03-13,"), "{text}");
}

#[test]
fn a_click_on_a_section_bar_or_a_date_point_narrows_the_filter_and_opens_compare() {
    let mut files = briefings();
    files.push(seed());
    let mut harness = topics_of(files);
    harness
        .get_by_label_contains("Vladimir Putin under Economic Cooperation:")
        .click();
    settle(&mut harness);
    let putin = key_of(harness.state(), "Vladimir Putin");
    let app = harness.state();
    assert_eq!(app.settings.view, View::Compare);
    assert_eq!(app.chosen_filter.speakers, vec![putin]);
    assert_eq!(
        app.chosen_filter.sections,
        vec!["Economic Cooperation".to_owned()]
    );

    // Back on Topics, a point of Psaki's line filters on her, the theme and that briefing.
    harness
        .state_mut()
        .push(Command::SetFilter(Filter::default()));
    harness.state_mut().push(Command::ShowView(View::Topics));
    await_topics(&mut harness);
    let figures = figures_of(&harness);
    let (theme, _) = figures
        .line_theme
        .clone()
        .unwrap_or_else(|| panic!("no line theme"));
    harness
        .get_by_label_contains("Jen Psaki, 2022-02-24 (")
        .click();
    settle(&mut harness);
    let psaki = key_of(harness.state(), "Jen Psaki");
    let app = harness.state();
    assert_eq!(app.settings.view, View::Compare);
    assert_eq!(app.chosen_filter.speakers, vec![psaki]);
    assert_eq!(app.chosen_filter.themes, vec![theme]);
    let briefing = figures
        .dates
        .iter()
        .find(|c| c.date == "2022-02-24")
        .map(|c| c.transcript);
    assert_eq!(
        app.chosen_filter.transcripts,
        briefing.into_iter().collect::<Vec<_>>()
    );
}

#[test]
fn the_theme_of_the_lines_follows_the_filter_and_the_picker() {
    let mut files = briefings();
    files.push(seed());
    let mut harness = harness_with(files);
    harness.state_mut().push(Command::SetFilter(Filter {
        themes: vec!["sanctions".into()],
        ..Filter::default()
    }));
    harness.state_mut().push(Command::ShowView(View::Topics));
    await_topics(&mut harness);
    let figures = figures_of(&harness);
    assert_eq!(
        figures.line_theme.as_ref().map(|t| t.0.as_str()),
        Some("sanctions")
    );
    // Sanctions were the briefings' subject: Singh's line is far above zero there.
    let singh = figures
        .speakers
        .iter()
        .position(|s| s.name.contains("Singh"))
        .unwrap_or_else(|| panic!("Singh is not charted: {:?}", figures.speakers));
    let share = figures.dates[0].cells[singh].map_or(0.0, |c| c.share);
    assert!(share > 0.1, "{share}");
    // Choosing another theme in the picker recomputes the lines.
    harness.get_by_label("Theme of the lines:").click();
    settle(&mut harness);
    harness.get_by_label("Energy").click();
    await_topics(&mut harness);
    let figures = figures_of(&harness);
    assert_eq!(
        figures.line_theme.as_ref().map(|t| t.0.as_str()),
        Some("energy")
    );
}

#[test]
fn saving_over_an_existing_file_asks_and_cancel_keeps_it() {
    let mut harness = topics_of(vec![seed()]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = folder.path().join("themes.csv");
    std::fs::write(&path, "an earlier file\n").unwrap_or_else(|e| panic!("{e}"));
    save_chart(&mut harness, Chart::Themes, &path);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "an earlier file\n"
    );
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "an earlier file\n"
    );
    harness.get_by_label("Save the themes chart").click();
    settle(&mut harness);
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(text.starts_with("theme_id,theme,speaker,"), "{text}");
}

#[test]
fn a_chart_saves_as_a_png_of_what_is_on_screen() {
    let mut harness = topics_of(vec![seed()]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = folder.path().join("themes.png");
    save_chart(&mut harness, Chart::Themes, &path);
    harness.state_mut().wait_for_chart_saves();
    settle(&mut harness);
    let app = harness.state();
    let (kind, text) = last_notice(app);
    assert_eq!(kind, NoticeKind::Info, "{text}");
    let rect = app
        .topics
        .saves
        .drawn
        .iter()
        .find(|(chart, _)| *chart == Chart::Themes)
        .map(|(_, rect)| *rect)
        .unwrap_or_else(|| panic!("the themes chart was not drawn"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_rgba8();
    let pixels_per_point = harness.ctx.pixels_per_point();
    assert_eq!(
        image.width(),
        (rect.width() * pixels_per_point).round() as u32,
        "{rect:?}"
    );
    assert_eq!(
        image.height(),
        (rect.height() * pixels_per_point).round() as u32
    );
    // The bars are drawn in the speakers' colours: Putin's is in the image.
    let speaker = app
        .library
        .speaker_by_key(&key_of(app, "Vladimir Putin"))
        .unwrap_or_else(|| panic!("no Putin"));
    let putin = crosstalk::ui::palette::speaker_colours(&app.library)[speaker];
    let orange = image
        .pixels()
        .filter(|p| p.0[..3] == [putin.r(), putin.g(), putin.b()])
        .count();
    assert!(orange > 50, "{orange} pixels in Putin's colour");
}

fn theme_file(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn open_editor(harness: &mut Harness<'static, CrosstalkApp>) {
    let themes = harness.state().themes.as_ref().clone();
    harness.state_mut().theme_editor.open_on(&themes);
    settle(harness);
}

fn type_into(harness: &mut Harness<'static, CrosstalkApp>, label: &str, text: &str) {
    let field = harness.get_by_label(label);
    field.focus();
    field.type_text(text);
    settle(harness);
}

#[test]
fn an_imported_theme_file_fills_the_theme_picker() {
    let mut harness = harness_with(vec![seed()]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = theme_file(
        folder.path(),
        "union-state.json",
        r#"{"themes": [
            {"id": "union", "name": "Union State", "terms": ["union"], "phrases": ["union state"]},
            {"id": "grain", "name": "Grain and food", "terms": ["grain", "food"]}
        ]}"#,
    );
    open_editor(&mut harness);
    type_into(&mut harness, "Theme file:", &path.display().to_string());
    harness.get_by_label("Import from path").click();
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(last_notice(app).0, NoticeKind::Info, "{:?}", app.notices);
    let ids: Vec<&str> = app.themes.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["union", "grain"]);
    // The filter bar's theme picker lists it; picking it filters on it.
    harness.state_mut().theme_editor.open = false;
    settle(&mut harness);
    harness.get_by_label("Theme:").click();
    settle(&mut harness);
    harness.get_by_label("Union State").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().chosen_filter.themes,
        vec!["union".to_owned()]
    );
    // Remembered with the settings.
    assert!(harness.state().settings_json().contains("Union State"));
}

#[test]
fn a_broken_theme_file_is_refused_with_its_name_and_the_reason() {
    let mut harness = harness_with(vec![seed()]);
    let before = harness.state().themes.as_ref().clone();
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let broken = theme_file(folder.path(), "broken.json", r#"{"themes": [{"id": "x", "#);
    let twice = theme_file(
        folder.path(),
        "twice.json",
        r#"{"themes": [{"id": "a", "name": "A"}, {"id": "A", "name": "B"}]}"#,
    );
    open_editor(&mut harness);
    for (path, reason) in [
        (&broken, "not a theme file"),
        (&twice, "two themes have the id"),
    ] {
        harness.state_mut().theme_editor.file.clear();
        type_into(&mut harness, "Theme file:", &path.display().to_string());
        harness.get_by_label("Import from path").click();
        settle(&mut harness);
        let app = harness.state();
        let (kind, text) = last_notice(app);
        assert_eq!(kind, NoticeKind::Error);
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains(reason), "{text}");
        assert_eq!(*app.themes, before, "the themes in force stay");
    }
}

#[test]
fn exported_themes_load_back_equal_and_an_existing_file_is_kept_until_replace() {
    let mut harness = harness_with(vec![seed()]);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = folder.path().join("themes.json");
    open_editor(&mut harness);
    type_into(&mut harness, "Theme file:", &path.display().to_string());
    harness.get_by_label("Export to path").click();
    settle(&mut harness);
    let loaded = ThemeSet::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, *harness.state().themes);
    // Exporting again asks first; Cancel keeps the file.
    std::fs::write(&path, "{}").unwrap_or_else(|e| panic!("{e}"));
    harness.get_by_label("Export to path").click();
    settle(&mut harness);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "{}");
    harness.get_by_label("Export to path").click();
    settle(&mut harness);
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    let loaded = ThemeSet::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, *harness.state().themes);
}

#[test]
fn the_editor_counts_each_entry_within_the_filter_as_it_is_typed() {
    let mut harness = harness_with(vec![seed()]);
    open_editor(&mut harness);
    // The first theme is selected; add a term to it.
    let first = harness.state().themes.themes[0].clone();
    harness.get_by_label(&first.name).click();
    settle(&mut harness);
    let field = harness.get_by_label("Theme terms");
    field.focus();
    settle(&mut harness);
    harness.key_press(egui::Key::End);
    harness.get_by_label("Theme terms").type_text(", belarus");
    settle(&mut harness);
    let typed = harness
        .get_by_label("Theme terms")
        .value()
        .unwrap_or_default();
    assert!(typed.ends_with(", belarus"), "{typed}");
    harness.run_steps(2);
    harness.state_mut().wait_for_entry_counts();
    settle(&mut harness);
    let index = Index::build(&harness.state().library);
    let expected = Filter::query("belarus")
        .evaluate(&harness.state().library, &index, &ThemeSet::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .hits
        .len();
    assert!(expected > 3, "{expected}");
    // The count's cell is a label named with what it counts.
    let said = format!("{expected} sentences match belarus");
    harness.get_by(move |node| node.label().as_deref() == Some(said.as_str()));
    // The edit is not in force until Apply.
    assert!(
        !harness.state().themes.themes[0]
            .terms
            .contains(&"belarus".to_owned())
    );
    harness.get_by_label("Apply").click();
    settle(&mut harness);
    assert!(
        harness.state().themes.themes[0]
            .terms
            .contains(&"belarus".to_owned())
    );
}

#[test]
fn the_line_chart_says_which_transcripts_have_no_date() {
    let debate =
        PathBuf::from(CORPORA).join("rev-2020/us_election_2020_1st_presidential_debate.txt");
    let harness = topics_of(vec![seed(), debate.clone()]);
    let figures = figures_of(&harness);
    assert_eq!(
        figures.undated,
        ["us_election_2020_1st_presidential_debate"]
    );
    assert_eq!(figures.dates.len(), 1);
    harness.get_by_label("Not on this chart (no date): us_election_2020_1st_presidential_debate");
    // With no dated transcript at all there is no line, and the view says why.
    let harness = topics_of(vec![debate]);
    harness.get_by_label_contains("None of the transcripts in the filter has a date");
}

#[test]
fn the_terms_chart_saves_its_terms_as_csv_and_itself_as_a_png() {
    let mut harness = harness_with(vec![seed()]);
    harness.state_mut().push(Command::ShowView(View::Terms));
    harness.run_steps(2);
    harness.state_mut().wait_for_terms();
    settle(&mut harness);
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));

    let csv_path = folder.path().join("terms.csv");
    save_named_chart(&mut harness, "terms chart", &csv_path);
    let (kind, text) = last_notice(harness.state());
    assert_eq!(kind, NoticeKind::Info, "{text}");
    let bytes = std::fs::read(&csv_path).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "term",
            "z",
            "uses_a",
            "uses_b",
            "speaker_a",
            "speaker_b",
            "more_typical_of"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rows.len() >= 10, "{} rows", rows.len());
    for row in &rows {
        // Each row is a bar of the chart: its button names the term and its z-score.
        let z: f64 = row[1].parse().unwrap_or_else(|e| panic!("{e}"));
        harness.get_by_label_contains(&format!("{}: z {z:.1}, ", &row[0]));
        let side = if z >= 0.0 { &row[4] } else { &row[5] };
        assert_eq!(&row[6], side);
    }
    assert!(rows.iter().any(|r| &r[6] == "Vladimir Putin"));

    let png_path = folder.path().join("terms.png");
    harness.state_mut().terms.save_row.path.clear();
    save_named_chart(&mut harness, "terms chart", &png_path);
    harness.state_mut().wait_for_chart_saves();
    settle(&mut harness);
    let (kind, text) = last_notice(harness.state());
    assert_eq!(kind, NoticeKind::Info, "{text}");
    let rect = harness
        .state()
        .terms
        .saves
        .drawn
        .first()
        .map(|(_, rect)| *rect)
        .unwrap_or_else(|| panic!("the terms chart was not drawn"));
    let bytes = std::fs::read(&png_path).unwrap_or_else(|e| panic!("{e}"));
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    let pixels_per_point = harness.ctx.pixels_per_point();
    assert_eq!(
        image.width(),
        (rect.width() * pixels_per_point).round() as u32
    );
}

#[test]
fn dense_dates_share_one_hover_area_that_finds_the_point_under_the_pointer() {
    let folder = PathBuf::from(CORPORA).join("whitehouse/press-briefings");
    let files = ["2022-02", "2022-03", "2024-01", "2024-02"]
        .into_iter()
        .map(|month| folder.join(month))
        .collect();
    let mut app = CrosstalkApp::new(None, files, Arc::new(|| {}));
    app.wait_until_loaded();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 1500.0))
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut CrosstalkApp| app.show(ui), app);
    settle(&mut harness);
    harness.state_mut().push(Command::ShowView(View::Topics));
    await_topics(&mut harness);
    let dates = harness
        .state()
        .topic_figures()
        .map_or(0, |figures| figures.dates.len());
    assert!(dates > 40, "{dates} dates");
    // No widget per point at this density.
    assert_eq!(
        harness
            .query_all_by_label_contains(", 2022-02-24 (")
            .count(),
        0
    );
    let chart = harness
        .state()
        .topics
        .saves
        .drawn
        .iter()
        .find(|(chart, _)| *chart == Chart::Dates)
        .map(|(_, rect)| *rect)
        .unwrap_or_else(|| panic!("the dates chart was not drawn"));
    // Lines this dense are drawn once into a picture: what reaches the screen (the chart saved
    // as a PNG from it) shows every line, in its speaker's colour.
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let png = folder.path().join("dates.png");
    save_chart(&mut harness, Chart::Dates, &png);
    harness.state_mut().wait_for_chart_saves();
    settle(&mut harness);
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{e}"));
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_rgba8();
    let app = harness.state();
    let figures = app.topic_figures().unwrap_or_else(|| panic!("no figures"));
    let colours = crosstalk::ui::palette::speaker_colours(&app.library);
    for (s, speaker) in figures.speakers.iter().enumerate() {
        let points = figures
            .dates
            .iter()
            .filter(|column| column.cells.get(s).is_some_and(Option::is_some))
            .count();
        let Some(colour) = speaker.speaker.and_then(|i| colours.get(i)) else {
            continue;
        };
        if points < 2 {
            continue;
        }
        let drawn = image
            .pixels()
            .filter(|p| p.0[..3] == [colour.r(), colour.g(), colour.b()])
            .count();
        assert!(
            drawn > 20,
            "{}'s line ({points} points): {drawn} pixels in its colour",
            speaker.name
        );
    }
    // A click in the middle of the plot picks the point nearest the pointer: one speaker, the
    // line's theme and that one briefing, and opens Compare.
    let pos = egui::pos2(chart.center().x, chart.top() + 100.0);
    press_at(&mut harness, pos);
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.settings.view, View::Compare);
    assert_eq!(app.chosen_filter.speakers.len(), 1);
    assert_eq!(app.chosen_filter.transcripts.len(), 1);
    assert_eq!(app.chosen_filter.themes.len(), 1);
}
