//! The issue-5 views driven through egui_kittest on the real seed transcript (Putin–Lukashenko,
//! 13 March 2025): compare columns on the "defense" theme (sorted, virtualised), an export
//! through the command path whose excerpts match the columns, the filter bar's chips, and
//! keyword in context. The Topics charts and the theme editor are in `ui_topics.rs`.
#![cfg(feature = "gui")]

use crosstalk::Library;
use crosstalk::analysis::{Filter, Index, ThemeSet};
use crosstalk::ui::Command;
use crosstalk::ui::ViewContext;
use crosstalk::ui::analysis_worker::{CompareOutcome, QueryHits};
use crosstalk::ui::compare::{CompareFigures, CompareView, SortOrder};
use crosstalk::ui::kwic_panel::KwicScope;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;

mod common;
use common::column_excerpts;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
);

struct Fixture {
    library: Library,
    index: Index,
    themes: ThemeSet,
    filter: Filter,
}

fn fixture() -> Fixture {
    let transcript = crosstalk::load_path(std::path::Path::new(SEED))
        .unwrap_or_else(|e| panic!("seed does not load: {e}"));
    let library = Library::from_transcripts([transcript]);
    let index = Index::build(&library);
    Fixture {
        library,
        index,
        themes: ThemeSet::builtin(),
        filter: Filter::default(),
    }
}

fn key_of(library: &Library, name: &str) -> String {
    library
        .speakers()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.key.clone())
        .unwrap_or_else(|| panic!("no speaker {name}"))
}

/// Whether a highlighted span belongs to the theme (a term, a phrase, or a stem's inflection).
fn in_theme(themes: &ThemeSet, id: &str, word: &str) -> bool {
    let Some(theme) = themes.get(id) else {
        return false;
    };
    let word = word.to_lowercase();
    theme.terms.contains(&word)
        || theme
            .phrases
            .iter()
            .any(|p| *p == word.split_whitespace().collect::<Vec<_>>().join(" "))
        || theme.stems.iter().any(|s| word.starts_with(s.as_str()))
}

struct CompareState {
    fixture: Fixture,
    view: CompareView,
    outcome: CompareOutcome,
    commands: Vec<Command>,
}

/// Compare on the fixture's filter with the default columns, the figures computed as the
/// worker computes them.
fn compare_harness(fixture: Fixture) -> Harness<'static, CompareState> {
    let mut view = CompareView::default();
    let columns = view.columns_for(&fixture.library, &fixture.filter, &[0]);
    let figures = CompareFigures::compute(
        &fixture.library,
        &fixture.index,
        &fixture.themes,
        &fixture.filter,
        &columns,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let outcome = CompareOutcome {
        key: (
            (fixture.library.revision(), fixture.filter.clone()),
            columns,
        ),
        result: Ok(Arc::new(figures)),
    };
    let state = CompareState {
        fixture,
        view,
        outcome,
        commands: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, state: &mut CompareState| {
                let f = &state.fixture;
                let hits = QueryHits::default();
                let mut align = false;
                let mut context = ViewContext {
                    library: &f.library,
                    colours: &[],
                    active: &[0],
                    query: &f.filter.query,
                    filter: &f.filter,
                    hits: &hits,
                    matches: None,
                    terms: None,
                    topics: None,
                    kwic: None,
                    compare: Some(&state.outcome),
                    compare_pending: false,
                    align_percent: &mut align,
                    commands: &mut state.commands,
                };
                state.view.ui(ui, &mut context);
            },
            state,
        );
    harness.run();
    harness
}

fn figures_of(harness: &Harness<'static, CompareState>) -> Arc<CompareFigures> {
    match &harness.state().outcome.result {
        Ok(figures) => Arc::clone(figures),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn defense_fills_two_columns_with_theme_excerpts() {
    let mut fixture = fixture();
    fixture.filter.themes = vec!["defense".into()];
    let putin = key_of(&fixture.library, "Vladimir Putin");
    let lukashenko = key_of(&fixture.library, "Alexander Lukashenko");
    let mut harness = compare_harness(fixture);
    // The default columns are the two people who speak most.
    assert_eq!(harness.state().view.columns, vec![putin, lukashenko]);
    // The headers are drawn with the speakers' names and their excerpt counts.
    harness.get_by_label("Vladimir Putin");
    harness.get_by_label("Alexander Lukashenko");
    let figures = figures_of(&harness);
    let f = &harness.state().fixture;
    assert_eq!(figures.columns.len(), 2);
    for column in &figures.columns {
        assert!(
            column.hits.len() >= 3,
            "{}: {}",
            column.name,
            column.hits.len()
        );
        assert!(column.share() > 0.0 && column.share() < 1.0);
        for &h in &column.hits {
            let hit = &figures.matches.hits[h];
            assert_eq!(hit.speaker_key(&f.library), column.key.as_str());
            let text = &f.library.transcripts()[hit.transcript].turns[hit.turn].text;
            let spans = hit.spans(text);
            assert!(!spans.is_empty());
            for span in &spans {
                let word = &text[span.clone()];
                assert!(
                    in_theme(&f.themes, "defense", word),
                    "{word:?} is not defense"
                );
            }
        }
    }
    let first = &figures.columns[0];
    harness.get_by_label(&format!(
        "{} excerpts · {} words · {:.1}% of Vladimir Putin's words",
        first.hits.len(),
        first.words,
        first.share() * 100.0
    ));
    // Sorted by relevance, a column starts with its excerpt with the most matched words.
    harness.get_by_label("Relevance").click();
    harness.run();
    assert_eq!(harness.state().view.order, SortOrder::Relevance);
    let library = &harness.state().fixture.library;
    let most = first
        .hits
        .iter()
        .map(|&h| figures.matches.hits[h].spans_in(library).len())
        .max();
    let top = first.ordered(SortOrder::Relevance)[0];
    assert_eq!(
        Some(figures.matches.hits[top].spans_in(library).len()),
        most
    );
    // A click on an excerpt's citation opens the reader at its turn.
    harness
        .get_all_by_role(egui::accesskit::Role::Link)
        .next()
        .unwrap_or_else(|| panic!("no excerpt citation"))
        .click();
    harness.run();
    let commands = &harness.state().commands;
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::JumpToTurn { transcript: 0, .. })),
        "{commands:?}"
    );
}

#[test]
fn hundreds_of_excerpts_draw_only_the_visible_rows() {
    // No query or theme: every sentence of both leaders.
    let harness = compare_harness(fixture());
    let figures = figures_of(&harness);
    let total = figures.total();
    assert!(total >= 200, "{total}");
    let drawn = harness.get_all_by_label("export").count();
    assert!(drawn > 4, "{drawn}");
    assert!(drawn < 40, "{drawn} rows drawn of {total}");
    for column in &figures.columns {
        assert!((column.share() - 1.0).abs() < 1e-9, "{}", column.share());
    }
}

#[test]
fn export_through_the_command_path_matches_the_columns() {
    let mut fixture = fixture();
    fixture.filter.themes = vec!["defense".into()];
    let mut harness = compare_harness(fixture);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let all_path = dir.path().join("all.csv");
    harness.state_mut().view.save_row.path = all_path.display().to_string();
    harness.run();
    let figures = figures_of(&harness);
    harness.get_by_label(&format!("Export {} excerpts to:", figures.total()));
    harness.get_by_label("Save").click();
    harness.run();
    let Some(Command::Export {
        set,
        path,
        format,
        replace_confirmed,
        ..
    }) = harness.state().commands.last().cloned()
    else {
        panic!("no export: {:?}", harness.state().commands);
    };
    assert_eq!(path, all_path);
    assert_eq!(format, crosstalk::export::ExportFormat::Csv);
    assert!(
        !replace_confirmed,
        "a typed path is asked about before replacing"
    );
    let f = &harness.state().fixture;
    let expected = column_excerpts(&figures, &f.library);
    let got: Vec<(String, String)> = set
        .excerpts
        .iter()
        .map(|e| (e.speaker.clone(), e.text.clone()))
        .collect();
    assert_eq!(got, expected);
}

struct BarState {
    fixture: Fixture,
    bar: crosstalk::ui::filter_bar::FilterBar,
    commands: Vec<Command>,
}

#[test]
fn filter_bar_chips_remove_their_restriction() {
    let mut fixture = fixture();
    let putin = key_of(&fixture.library, "Vladimir Putin");
    fixture.filter = Filter {
        speakers: vec![putin.clone()],
        themes: vec!["defense".into()],
        ..Filter::default()
    };
    let state = BarState {
        fixture,
        bar: Default::default(),
        commands: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 200.0))
        .build_ui_state(
            |ui, state: &mut BarState| {
                let f = &state.fixture;
                let input = crosstalk::ui::filter_bar::FilterBarInput {
                    library: &f.library,
                    themes: &f.themes,
                    filter: &f.filter,
                    not_open: &[],
                    error: None,
                    summary: None,
                };
                state.bar.ui(ui, input, &mut state.commands);
            },
            state,
        );
    harness.run();
    harness
        .get_by_label("theme: Defense and security ×")
        .click();
    harness.run();
    let expected = Filter {
        speakers: vec![putin],
        ..Filter::default()
    };
    let commands = &harness.state().commands;
    assert!(
        matches!(commands.last(), Some(Command::SetFilter(f)) if *f == expected),
        "{commands:?}"
    );
}

#[test]
fn kwic_lists_every_occurrence_of_a_term_within_the_filter() {
    let mut fixture = fixture();
    let lukashenko = key_of(&fixture.library, "Alexander Lukashenko");
    fixture.filter.speakers = vec![lukashenko.clone()];
    let scope = KwicScope {
        library: &fixture.library,
        index: &fixture.index,
        themes: &fixture.themes,
        filter: &fixture.filter,
    };
    let lines = crosstalk::ui::kwic_panel::lines_for(scope, "Russia", Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(lines.len() >= 3, "{}", lines.len());
    for line in &lines {
        assert_eq!(line.speaker_key, lukashenko);
        assert!(
            line.keyword.to_lowercase().starts_with("russia"),
            "{line:?}"
        );
    }
    // Without the speaker restriction there are more.
    let everyone = Filter::default();
    let scope = KwicScope {
        filter: &everyone,
        ..scope
    };
    let all = crosstalk::ui::kwic_panel::lines_for(scope, "Russia", Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(all.len() > lines.len());
}
