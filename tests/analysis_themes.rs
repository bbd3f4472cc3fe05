//! Themes: the built-in set, JSON round trip and errors, per-entry counts for the theme editor,
//! section words, and theme matching on real briefings.

use crosstalk::Library;
use crosstalk::analysis::themes::{EntryKind, ThemeError};
use crosstalk::analysis::{Filter, Index, Theme, ThemeSet, Widen, stats};

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn seed() -> (Library, Index) {
    let path = format!("{CORPORA}/seed/putin-lukashenko-2025-03-13.txt");
    let transcript = crosstalk::load_path(std::path::Path::new(&path))
        .unwrap_or_else(|e| panic!("seed does not load: {e}"));
    let library = Library::from_transcripts([transcript]);
    let index = Index::build(&library);
    (library, index)
}

#[test]
fn builtin_set_has_the_thirteen_themes() {
    let set = ThemeSet::builtin();
    let ids: Vec<&str> = set.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "economy",
            "energy",
            "defense",
            "war",
            "sanctions",
            "diplomacy",
            "technology",
            "culture",
            "history",
            "elections",
            "health",
            "migration",
            "climate"
        ]
    );
    for theme in &set.themes {
        assert!(theme.terms.len() >= 15, "{} is thin", theme.id);
        assert!(!theme.phrases.is_empty() && !theme.stems.is_empty());
    }
}

#[test]
fn json_round_trip_and_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("themes.json");
    let mut set = ThemeSet::builtin();
    set.themes.push(Theme {
        id: "sport".into(),
        name: "Sport".into(),
        terms: vec!["hockey".into(), "olymp*".into()],
        phrases: vec!["world cup".into()],
        stems: vec!["athlete".into()],
    });
    set.save(&path).unwrap_or_else(|e| panic!("{e}"));
    let loaded = ThemeSet::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, set);
    std::fs::write(
        &path,
        r#"{"themes": [{"id": "a", "name": "A"}, {"id": "A", "name": "B"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        ThemeSet::load(&path),
        Err(ThemeError::Invalid { .. })
    ));
    std::fs::write(&path, "not json").unwrap_or_else(|e| panic!("{e}"));
    let error = ThemeSet::load(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("themes.json") && error.contains("not a theme file"),
        "{error}"
    );
    assert!(ThemeSet::load(&dir.path().join("missing.json")).is_err());
}

#[test]
fn entry_counts_for_the_editor() {
    let (library, index) = seed();
    let set = ThemeSet::builtin();
    let war = set.get("war").unwrap_or_else(|| panic!("no war theme"));
    let counts = war.entry_counts(&library, &index, &Filter::default());
    assert_eq!(
        counts.len(),
        war.terms.len() + war.phrases.len() + war.stems.len()
    );
    let count = |entry: &str| {
        counts
            .iter()
            .find(|c| c.entry == entry)
            .map_or(0, |c| c.sentences)
    };
    let ceasefire = Filter::query("ceasefire")
        .evaluate(&library, &index, &set)
        .map_or(0, |m| m.hits.len());
    assert!(ceasefire > 0);
    assert_eq!(count("ceasefire"), ceasefire);
    assert!(counts.iter().any(|c| c.kind == EntryKind::Phrase));
    // Every entry's sentences are theme sentences: none exceeds the theme's total.
    let total = Filter {
        themes: vec!["war".into()],
        ..Filter::default()
    }
    .evaluate(&library, &index, &set)
    .map_or(0, |m| m.hits.len());
    assert!(counts.iter().all(|c| c.sentences <= total));
}

#[test]
fn section_words_and_excerpt_widening() {
    let (library, index) = seed();
    let sections = stats::section_words(&library, &index, 0);
    let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    assert!(titles.contains(&"Economic Cooperation"), "{titles:?}");
    let words: u64 = sections
        .iter()
        .flat_map(|s| s.speakers.iter().map(|(_, w)| *w))
        .sum();
    assert_eq!(words, index.token_count());
    let matches = Filter::query("ceasefire")
        .evaluate(&library, &index, &ThemeSet::builtin())
        .unwrap_or_default();
    let hit = &matches.hits[0];
    let turn_len = library.transcripts()[0].turns[hit.turn].text.len();
    let one = index.excerpt(0, hit.turn, hit.sentence.clone(), Widen::Context(1));
    let whole = index.excerpt(0, hit.turn, hit.sentence.clone(), Widen::Turn);
    assert!(one.start <= hit.sentence.start && one.end >= hit.sentence.end);
    assert_eq!(whole, 0..turn_len);
    assert_eq!(
        index.excerpt(0, hit.turn, hit.sentence.clone(), Widen::Sentence),
        hit.sentence
    );
}

#[test]
fn themes_on_white_house_briefings() {
    let folder = std::path::PathBuf::from(format!("{CORPORA}/whitehouse"));
    let files: Vec<_> = crosstalk::parse::collect_files(&[folder])
        .into_iter()
        .take(10)
        .collect();
    let transcripts: Vec<_> = crosstalk::parse::load_paths(&files)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    assert!(transcripts.len() >= 5);
    let library = Library::from_transcripts(transcripts);
    let index = Index::build(&library);
    let set = ThemeSet::builtin();
    let stats =
        stats::speaker_stats(&library, &index, &set, None).unwrap_or_else(|e| panic!("{e}"));
    let reporters: usize = stats
        .iter()
        .filter(|s| s.role == crosstalk::Role::Reporter)
        .map(|s| s.turns)
        .sum();
    assert!(reporters > 50, "reporter turns: {reporters}");
    let questions: usize = (0..library.transcripts().len())
        .map(|t| crosstalk::analysis::qa::question_answers(&library, t).len())
        .sum();
    assert!(questions > 50);
    // Briefings talk about the economy and health; every share lies in 0..=1.
    for id in ["economy", "health", "diplomacy"] {
        let sentences: usize = stats
            .iter()
            .flat_map(|s| s.themes.iter().filter(|t| t.theme == id))
            .map(|t| t.sentences)
            .sum();
        assert!(sentences > 20, "{id}: {sentences}");
    }
    assert!(stats.iter().all(|s| {
        s.themes
            .iter()
            .all(|t| (0.0..=1.0).contains(&t.share_of_words))
    }));
}
