//! Criterion benchmarks of the analysis engine over a synthetic library of about 100 MB made by
//! repeating the real transcripts of `../shared/corpora` under new names (built here, in
//! memory; nothing is written to the repository). `CROSSTALK_BENCH_MB` changes the size.
//!
//! Run: `cargo bench --bench analysis` (figures in the closing note of issue 3).

use criterion::{Criterion, criterion_group, criterion_main};
use crosstalk::analysis::distinctive::{self, Options};
use crosstalk::analysis::{Filter, Index, ThemeSet};
use crosstalk::{Library, Transcript};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// Loads the corpora and repeats them until their source text reaches the target size.
fn synthetic_library() -> (Library, usize) {
    let megabytes: usize = std::env::var("CROSSTALK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let corpora = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora"));
    let files = crosstalk::parse::collect_files(&[corpora]);
    let originals: Vec<Transcript> = crosstalk::parse::load_paths(&files)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    assert!(!originals.is_empty(), "no corpus transcripts found");
    let target = megabytes * 1_000_000;
    let mut transcripts = Vec::new();
    let mut bytes = 0usize;
    let mut copy = 0usize;
    while bytes < target {
        for original in &originals {
            let mut transcript = original.clone();
            transcript.source_path =
                PathBuf::from(format!("copy-{copy}/{}", original.source_path.display()));
            bytes += transcript.source_len;
            transcripts.push(transcript);
            if bytes >= target {
                break;
            }
        }
        copy += 1;
    }
    (Library::from_transcripts(transcripts), bytes)
}

fn benches(c: &mut Criterion) {
    let (library, bytes) = synthetic_library();
    eprintln!(
        "synthetic library: {} transcripts, {:.1} MB of source text",
        library.transcripts().len(),
        bytes as f64 / 1e6
    );
    let themes = ThemeSet::builtin();
    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("build_parallel", |b| {
        b.iter(|| black_box(Index::build(&library)))
    });
    if let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        group.bench_function("build_one_core", |b| {
            b.iter(|| pool.install(|| black_box(Index::build(&library))))
        });
    }
    group.finish();

    let index = Index::build(&library);
    eprintln!(
        "index: {} words, {} distinct terms",
        index.token_count(),
        index.vocabulary().distinct_terms()
    );
    let mut group = c.benchmark_group("query");
    group.sample_size(20);
    let theme = Filter {
        themes: vec!["sanctions".into()],
        ..Filter::default()
    };
    group.bench_function("theme_sanctions", |b| {
        b.iter(|| black_box(theme.evaluate(&library, &index, &themes)))
    });
    let phrase = Filter::query("\"nuclear weapons\"");
    group.bench_function("phrase_nuclear_weapons", |b| {
        b.iter(|| black_box(phrase.evaluate(&library, &index, &themes)))
    });
    let speaker = Filter::query("tariff* OR sanction* speaker:trump");
    group.bench_function("speaker_filtered", |b| {
        b.iter(|| black_box(speaker.evaluate(&library, &index, &themes)))
    });
    group.finish();

    let mut by_words: Vec<_> = library.speakers().iter().collect();
    by_words.sort_by_key(|s| std::cmp::Reverse(s.words));
    let a = vec![by_words.first().map_or_else(String::new, |s| s.key.clone())];
    let b_side = vec![by_words.get(1).map_or_else(String::new, |s| s.key.clone())];
    eprintln!("distinctive terms: {:?} vs {:?}", a, b_side);
    let mut group = c.benchmark_group("distinctive");
    group.sample_size(20);
    group.bench_function("two_speakers", |b| {
        b.iter(|| {
            let counts = distinctive::speaker_counts(
                &library,
                &index,
                &themes,
                &Filter::default(),
                &a,
                &b_side,
            );
            black_box(counts.map(|c| distinctive::compare(&c, &Options::default())))
        })
    });
    group.finish();
}

criterion_group!(analysis, benches);
criterion_main!(analysis);
