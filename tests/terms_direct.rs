//! Per-speaker term counts read straight from the turns (`speaker_counts_direct`, what
//! `crosstalk terms` uses) are identical to those of the positional index (`speaker_counts`):
//! same terms in the same order, same counts and background, hence the same scores, on every
//! real transcript of `../shared/corpora` and on scattertext's 2016 debates CSV when the
//! benchmark has built it.

use crosstalk::Library;
use crosstalk::analysis::distinctive::{
    self, Options, Prior, TermCounts, speaker_counts, speaker_counts_direct,
};
use crosstalk::analysis::{DateRange, Filter, Index, ThemeSet};
use crosstalk::model::{Date, Role};
use std::path::{Path, PathBuf};

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

/// Loads every supported file under `paths` into one library.
fn library(paths: &[PathBuf]) -> Library {
    let files = crosstalk::parse::collect_files(paths);
    let transcripts: Vec<_> = crosstalk::parse::load_paths(&files)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    assert!(!transcripts.is_empty(), "nothing loaded from {paths:?}");
    Library::from_transcripts(transcripts)
}

/// The keys of the `n` library speakers with the most words.
fn top_speakers(library: &Library, n: usize) -> Vec<String> {
    let mut speakers: Vec<_> = library.speakers().iter().collect();
    speakers.sort_by(|x, y| y.words.cmp(&x.words).then_with(|| x.key.cmp(&y.key)));
    speakers.iter().take(n).map(|s| s.key.clone()).collect()
}

/// Checks both ways of counting on one library, for several sides and scopes; returns how
/// many comparisons were made.
fn check_library(name: &str, library: &Library) -> usize {
    let index = Index::build(library);
    let themes = ThemeSet::default();
    let top = top_speakers(library, 4);
    let mut sides: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    if let [first, second, ..] = top.as_slice() {
        sides.push((vec![first.clone()], vec![second.clone()]));
        sides.push((vec![second.clone()], Vec::new()));
    }
    if let [first, _, third, fourth, ..] = top.as_slice() {
        sides.push((vec![first.clone(), third.clone()], vec![fourth.clone()]));
    }
    if let Some(first) = top.first() {
        sides.push((vec![first.clone()], Vec::new()));
    }
    let scopes = [
        Filter::default(),
        Filter {
            transcripts: (0..library.transcripts().len()).step_by(2).collect(),
            ..Filter::default()
        },
        Filter {
            roles: vec![Role::Person, Role::Moderator],
            ..Filter::default()
        },
        Filter {
            dates: Some(DateRange {
                from: Date::new(2020, 1, 1),
                to: None,
            }),
            speakers: top.iter().take(3).cloned().collect(),
            ..Filter::default()
        },
    ];
    let mut compared = 0;
    for (a, b) in &sides {
        for scope in &scopes {
            let indexed = speaker_counts(library, &index, &themes, scope, a, b)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let direct = speaker_counts_direct(library, scope, a, b)
                .unwrap_or_else(|| panic!("{name}: a simple scope is counted directly"));
            assert_counts_equal(name, &indexed, &direct, a, b);
            for prior in [Prior::DEFAULT_UNIFORM, Prior::DEFAULT_INFORMATIVE] {
                for keep_stopwords in [true, false] {
                    let options = Options {
                        prior,
                        keep_stopwords,
                        ..Options::default()
                    };
                    assert_eq!(
                        distinctive::compare(&indexed, &options),
                        distinctive::compare(&direct, &options),
                        "{name}: scores differ for {a:?} vs {b:?} ({prior:?})"
                    );
                }
            }
            compared += 1;
        }
    }
    compared
}

fn assert_counts_equal(
    name: &str,
    indexed: &TermCounts,
    direct: &TermCounts,
    a: &[String],
    b: &[String],
) {
    if indexed == direct {
        return;
    }
    let first_difference = (0..indexed.terms.len().max(direct.terms.len())).find(|&i| {
        indexed.terms.get(i) != direct.terms.get(i)
            || indexed.a.get(i) != direct.a.get(i)
            || indexed.b.get(i) != direct.b.get(i)
            || indexed.background.get(i) != direct.background.get(i)
    });
    let show = |counts: &TermCounts, i: usize| {
        format!(
            "{:?} a {:?} b {:?} background {:?}",
            counts.terms.get(i),
            counts.a.get(i),
            counts.b.get(i),
            counts.background.get(i)
        )
    };
    let i = first_difference.unwrap_or(0);
    panic!(
        "{name}: counts differ for {a:?} vs {b:?} ({} vs {} terms); first at {i}: index {}, direct {}",
        indexed.terms.len(),
        direct.terms.len(),
        show(indexed, i),
        show(direct, i)
    );
}

#[test]
fn direct_counts_equal_index_counts_on_every_corpus_folder() {
    let root = Path::new(CORPORA);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{CORPORA}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 5, "{folders:?}");
    let mut compared = 0;
    for folder in &folders {
        let name = folder.display().to_string();
        compared += check_library(&name, &library(std::slice::from_ref(folder)));
    }
    // Every file at once: speakers merged across folders.
    compared += check_library("all corpora", &library(&[root.to_path_buf()]));
    assert!(compared >= 60, "{compared}");
}

#[test]
fn direct_counts_equal_index_counts_on_the_csv_tables() {
    let folder = Path::new(CORPORA).join("rev-2020");
    let mut tables: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    tables.sort();
    assert_eq!(tables.len(), 5);
    for table in &tables {
        let library = library(std::slice::from_ref(table));
        assert!(check_library(&table.display().to_string(), &library) > 0);
    }
}

/// scattertext's `presidential_debates_2016.csv` as the benchmark writes it
/// (`bench/compare.sh`): `$CROSSTALK_DEBATES_CSV`, or the benchmark's work folder.
fn debates_csv() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CROSSTALK_DEBATES_CSV") {
        return Some(PathBuf::from(path));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-compare/debates_x1.csv");
    path.is_file().then_some(path)
}

#[test]
fn direct_counts_equal_index_counts_on_the_2016_debates_csv() {
    let Some(path) = debates_csv() else {
        eprintln!(
            "skipped: no debates CSV (run bench/compare.sh --scattertext, or set CROSSTALK_DEBATES_CSV)"
        );
        return;
    };
    let library = library(std::slice::from_ref(&path));
    let speaker = |name: &str| {
        library
            .speakers()
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name) || s.aliases.iter().any(|a| a == name))
            .map(|s| s.key.clone())
            .unwrap_or_else(|| panic!("no speaker {name} in {}", path.display()))
    };
    let (trump, clinton) = (speaker("TRUMP"), speaker("CLINTON"));
    let index = Index::build(&library);
    let indexed = speaker_counts(
        &library,
        &index,
        &ThemeSet::default(),
        &Filter::default(),
        std::slice::from_ref(&trump),
        std::slice::from_ref(&clinton),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let direct = speaker_counts_direct(
        &library,
        &Filter::default(),
        std::slice::from_ref(&trump),
        std::slice::from_ref(&clinton),
    )
    .unwrap_or_else(|| panic!("counted directly"));
    assert_counts_equal(
        "debates",
        &indexed,
        &direct,
        std::slice::from_ref(&trump),
        std::slice::from_ref(&clinton),
    );
    assert!(check_library("debates", &library) > 0);
}
