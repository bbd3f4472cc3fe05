//! Analysis on the real seed transcript (Putin–Lukashenko, Moscow, 13 March 2025): share of
//! voice, theme and query matches, Q&A links, distinctive terms.

use crosstalk::Library;
use crosstalk::analysis::distinctive::{self, Options};
use crosstalk::analysis::{Filter, Index, ThemeSet, qa, stats};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
);

fn seed() -> (Library, Index) {
    let transcript = crosstalk::load_path(std::path::Path::new(SEED))
        .unwrap_or_else(|e| panic!("seed does not load: {e}"));
    let library = Library::from_transcripts([transcript]);
    let index = Index::build(&library);
    (library, index)
}

fn key_of(library: &Library, name: &str) -> String {
    library
        .speakers()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.key.clone())
        .unwrap_or_else(|| panic!("no speaker {name}"))
}

#[test]
fn share_of_voice_on_the_seed() {
    let (library, index) = seed();
    let stats = stats::speaker_stats(&library, &index, &ThemeSet::builtin(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let find = |name: &str| {
        stats
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no stats for {name}"))
    };
    let (putin, lukashenko, reporter) = (
        find("Vladimir Putin"),
        find("Alexander Lukashenko"),
        find("Reporter"),
    );
    assert_eq!((putin.turns, lukashenko.turns, reporter.turns), (9, 5, 4));
    let total: u64 = stats.iter().map(|s| s.words).sum();
    assert_eq!(total, index.token_count());
    let shares: f64 = stats.iter().map(|s| s.share_of_voice).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    // Putin speaks most, then Lukashenko; the reporters ask short questions.
    assert!(putin.share_of_voice > 0.5 && putin.share_of_voice < 0.6);
    assert!(lukashenko.share_of_voice > 0.35 && lukashenko.share_of_voice < 0.45);
    assert!(reporter.share_of_voice < 0.06);
    assert!(putin.longest_turn_words > lukashenko.mean_turn_words as u64);
    // Both leaders talk about the war; the theme figures are consistent with the words.
    for speaker in [putin, lukashenko] {
        let war = speaker.themes.iter().find(|t| t.theme == "war");
        let war = war.unwrap_or_else(|| panic!("no war theme"));
        assert!(war.sentences > 5, "{}: {war:?}", speaker.name);
        assert!(war.words <= speaker.words);
    }
}

#[test]
fn queries_on_the_seed() {
    let (library, index) = seed();
    let themes = ThemeSet::builtin();
    let search = |query: &str| {
        Filter::query(query)
            .evaluate(&library, &index, &themes)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
    };
    let ceasefire = search("ceasefire");
    let putin = key_of(&library, "Vladimir Putin");
    assert!(ceasefire.count_for(&putin) >= 3);
    for hit in &ceasefire.hits {
        let text = &library.transcripts()[0].turns[hit.turn].text;
        let spans = hit.spans(text);
        assert!(
            spans
                .iter()
                .all(|s| text[s.clone()].eq_ignore_ascii_case("ceasefire"))
        );
        assert!(hit.sentence.start <= spans[0].start && spans[0].end <= hit.sentence.end);
    }
    // Curly apostrophe in the text, straight in the query.
    assert_eq!(
        search("let's stop").hits.len(),
        search("\"let’s stop\"").hits.len()
    );
    assert!(!search("\"let's stop\"").hits.is_empty());
    // Sections are real headings of the seed.
    let kursk = search("section:\"The Situation in Kursk Region\"");
    assert!(!kursk.hits.is_empty());
    assert!(search("kursk section:kursk").hits.len() <= kursk.hits.len());
    assert!(
        search("\"nuclear weapons\" speaker:putin").hits.len()
            == search("\"nuclear weapons\"").count_for(&putin)
    );
    assert!(search("theme:sanctions").hits.len() >= search("sanctions").hits.len());
}

#[test]
fn the_four_reporter_questions_are_answered() {
    let (library, _) = seed();
    let links = qa::question_answers(&library, 0);
    assert_eq!(links.len(), 4);
    let transcript = &library.transcripts()[0];
    let name_of = |turn: usize| {
        let t = &transcript.turns[turn];
        transcript.speakers[t.speaker].name.clone()
    };
    for link in &links {
        assert_eq!(name_of(link.question), "Reporter");
        assert!(!link.answers.is_empty());
        assert!(link.answers.iter().all(|&a| a > link.question));
        assert!(
            link.answers
                .iter()
                .all(|&a| ["Vladimir Putin", "Alexander Lukashenko"].contains(&name_of(a).as_str()))
        );
    }
    // The first question (on the Union State and Washington) is answered by Putin only; the
    // second (Ukraine's readiness for a ceasefire) by both leaders.
    let answerers = |link: &qa::QaLink| {
        let mut names: Vec<String> = link.answers.iter().map(|&a| name_of(a)).collect();
        names.sort();
        names.dedup();
        names
    };
    assert_eq!(answerers(&links[0]), vec!["Vladimir Putin"]);
    assert_eq!(
        answerers(&links[1]),
        vec!["Alexander Lukashenko", "Vladimir Putin"]
    );
    // The closing "Thank you." of an unidentified speaker is not an answer.
    let last = transcript.turns.len() - 1;
    assert!(links.iter().all(|l| !l.answers.contains(&last)));
}

#[test]
fn distinctive_terms_between_the_leaders() {
    let (library, index) = seed();
    let putin = key_of(&library, "Vladimir Putin");
    let lukashenko = key_of(&library, "Alexander Lukashenko");
    let counts = distinctive::speaker_counts(
        &library,
        &index,
        &ThemeSet::builtin(),
        &Filter::default(),
        std::slice::from_ref(&putin),
        std::slice::from_ref(&lukashenko),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let result = distinctive::compare(&counts, &Options::default());
    let z = |term: &str| result.terms.iter().find(|t| t.term == term).map(|t| t.z);
    // Lukashenko keeps addressing "President Putin"; Putin never names himself.
    assert!(z("putin").is_some_and(|z| z < -1.96));
    assert!(result.terms.first().is_some_and(|t| t.z > 0.0 && t.a > t.b));
    assert!(result.terms.iter().all(|t| t.term != "the"));
    // Counting through a section filter (slow path) agrees with the per-speaker counts when
    // the filter covers the whole transcript.
    let everything = Filter {
        query: "-zzzzunmatched".into(),
        ..Filter::default()
    };
    let slow = distinctive::speaker_counts(
        &library,
        &index,
        &ThemeSet::builtin(),
        &everything,
        std::slice::from_ref(&putin),
        std::slice::from_ref(&lukashenko),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let total = |c: &distinctive::TermCounts| (c.a.iter().sum::<u64>(), c.b.iter().sum::<u64>());
    assert_eq!(total(&slow), total(&counts));
}
