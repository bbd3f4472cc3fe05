//! The issue-5 views driven through egui_kittest on the real seed transcript (Putin–Lukashenko,
//! 13 March 2025): compare columns on the "defense" theme, an export through the command path
//! whose rows match the columns, the filter bar's chips, and keyword in context.
#![cfg(feature = "gui")]

use crosstalk::Library;
use crosstalk::analysis::{Filter, Index, ThemeSet};
use crosstalk::ui::actions::{AnalysisContext, ViewAction};
use crosstalk::ui::compare_columns::CompareColumns;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
);

struct Fixture {
    library: Library,
    index: Index,
    themes: ThemeSet,
    filter: Filter,
    actions: Vec<ViewAction>,
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
        actions: Vec::new(),
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
    view: CompareColumns,
}

fn compare_harness(fixture: Fixture) -> Harness<'static, CompareState> {
    let state = CompareState {
        fixture,
        view: CompareColumns::default(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, state: &mut CompareState| {
                let f = &mut state.fixture;
                let context = AnalysisContext {
                    library: &f.library,
                    index: &f.index,
                    themes: &f.themes,
                    filter: &f.filter,
                    colours: &[],
                };
                state.view.ui(ui, context, &mut f.actions);
            },
            state,
        );
    harness.run();
    harness
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
    let state = harness.state_mut();
    let f = &state.fixture;
    let figures = state
        .view
        .figures(&f.library, &f.index, &f.themes, &f.filter)
        .unwrap_or_else(|e| panic!("{e}"))
        .clone();
    assert_eq!(figures.columns.len(), 2);
    for column in &figures.columns {
        assert!(
            column.hits.len() >= 3,
            "{}: {}",
            column.name,
            column.hits.len()
        );
        assert!(column.share > 0.0 && column.share < 1.0);
        for &h in &column.hits {
            let hit = &figures.matches.hits[h];
            assert_eq!(&*hit.speaker_key, column.key.as_str());
            let text = &f.library.transcripts()[hit.transcript].turns[hit.turn].text;
            assert!(!hit.spans.is_empty());
            for span in &hit.spans {
                let word = &text[span.clone()];
                assert!(
                    in_theme(&f.themes, "defense", word),
                    "{word:?} is not defense"
                );
            }
        }
    }
    let header = format!(
        "{} excerpts · {} words · {:.1}% of their words",
        figures.columns[0].hits.len(),
        figures.columns[0].words,
        figures.columns[0].share * 100.0
    );
    harness.get_by_label(&header);
    // A click on an excerpt's citation opens the reader at its turn.
    let title = harness.state().fixture.library.transcripts()[0]
        .title
        .clone();
    harness
        .get_all_by_label_contains(&format!("{title} · "))
        .next()
        .unwrap_or_else(|| panic!("no excerpt citation"))
        .click();
    harness.run();
    let jumped = harness
        .state()
        .fixture
        .actions
        .iter()
        .any(|a| matches!(a, ViewAction::JumpToTurn { transcript: 0, .. }));
    assert!(jumped, "{:?}", harness.state().fixture.actions);
}

#[test]
fn export_through_the_command_path_matches_the_columns() {
    let mut fixture = fixture();
    fixture.filter.themes = vec!["defense".into()];
    let mut harness = compare_harness(fixture);
    // Export every excerpt through the dialog, then tick one and export only that.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let all_path = dir.path().join("all.csv");
    let ticked_path = dir.path().join("ticked.csv");
    // Through the dialog: Export…, CSV, type the path, Export.
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("CSV").click();
    harness.run();
    let field = harness.get_by_label("Or write to path:");
    field.focus();
    field.type_text(&all_path.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    let state = harness.state_mut();
    let f = &state.fixture;
    let done = f.actions.last().cloned();
    assert!(
        matches!(done, Some(ViewAction::Notice { error: false, .. })),
        "{done:?}"
    );
    assert!(!state.view.export.open, "the dialog closes after exporting");
    let figures = state
        .view
        .figures(&f.library, &f.index, &f.themes, &f.filter)
        .unwrap_or_else(|e| panic!("{e}"))
        .clone();
    let mut reader = csv::Reader::from_path(&all_path).unwrap_or_else(|e| panic!("{e}"));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (speaker, text) = (column("speaker"), column("text"));
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let expected: Vec<(String, String)> = figures
        .columns
        .iter()
        .flat_map(|c| c.hits.iter().map(move |&h| (c.name.clone(), h)))
        .map(|(name, h)| {
            let hit = &figures.matches.hits[h];
            let turn = &f.library.transcripts()[hit.transcript].turns[hit.turn];
            (name, turn.text[hit.sentence.clone()].to_string())
        })
        .collect();
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[speaker].to_string(), r[text].to_string()))
        .collect();
    assert_eq!(got, expected);

    // Tick one excerpt with a click on its check box and export only the ticked.
    harness
        .get_all_by_label_contains("Export excerpt")
        .next()
        .unwrap_or_else(|| panic!("no check box"))
        .click();
    harness.run();
    let state = harness.state_mut();
    assert_eq!(state.view.ticked.len(), 1);
    state.view.export.only_ticked = true;
    let f = &state.fixture;
    let context = AnalysisContext {
        library: &f.library,
        index: &f.index,
        themes: &f.themes,
        filter: &f.filter,
        colours: &[],
    };
    let done = state.view.export_now(context, &ticked_path);
    assert!(
        matches!(done, ViewAction::Notice { error: false, .. }),
        "{done:?}"
    );
    let rows = csv::Reader::from_path(&ticked_path)
        .unwrap_or_else(|e| panic!("{e}"))
        .records()
        .count();
    assert_eq!(rows, 1);
    let first = &expected[0];
    let text_of_ticked = std::fs::read_to_string(&ticked_path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text_of_ticked.contains(first.1.trim()));
}

struct BarState {
    fixture: Fixture,
    bar: crosstalk::ui::filter_bar::FilterBar,
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
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 200.0))
        .build_ui_state(
            |ui, state: &mut BarState| {
                let f = &mut state.fixture;
                state
                    .bar
                    .ui(ui, &f.library, &f.themes, &f.filter, &mut f.actions);
            },
            state,
        );
    harness.run();
    harness
        .get_by_label("Remove theme: Defense and security")
        .click();
    harness.run();
    let expected = Filter {
        speakers: vec![putin],
        ..Filter::default()
    };
    let actions = &harness.state().fixture.actions;
    assert_eq!(actions.last(), Some(&ViewAction::SetFilter(expected)));
}

#[test]
fn kwic_lists_every_occurrence_of_a_term_within_the_filter() {
    let mut fixture = fixture();
    let lukashenko = key_of(&fixture.library, "Alexander Lukashenko");
    fixture.filter.speakers = vec![lukashenko.clone()];
    let context = AnalysisContext {
        library: &fixture.library,
        index: &fixture.index,
        themes: &fixture.themes,
        filter: &fixture.filter,
        colours: &[],
    };
    let mut panel = crosstalk::ui::kwic_panel::KwicPanel::default();
    let lines = panel
        .lines(context, "Russia")
        .unwrap_or_else(|e| panic!("{e}"))
        .to_vec();
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
    let context = AnalysisContext {
        filter: &everyone,
        ..context
    };
    let all = crosstalk::ui::kwic_panel::lines_for(context, "Russia", Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(all.len() > lines.len());
}
