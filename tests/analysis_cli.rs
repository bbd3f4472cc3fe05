//! The analysis subcommands (`search`, `terms`, `themes`, `index`) on real corpus files and on
//! the published log-odds test texts.

use std::process::Command;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn crosstalk(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run crosstalk: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn seed() -> String {
    format!("{CORPORA}/seed/putin-lukashenko-2025-03-13.txt")
}

#[test]
fn terms_reproduces_the_published_z_scores() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("fox.txt");
    std::fs::write(
        &file,
        "ALICE: the quick brown fox jumps over the lazy pig\n\nBOB: the lazy purple pig jumps over the lazier donkey\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = file.to_string_lossy().into_owned();
    let (ok, out, err) = crosstalk(&[
        "terms",
        &file,
        "--speaker",
        "alice",
        "--vs",
        "bob",
        "--prior",
        "uniform",
        "--alpha",
        "0.05",
        "--keep-stopwords",
        "--json",
    ]);
    assert!(ok, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(
        json["method"]
            .as_str()
            .is_some_and(|m| m.contains("log-odds"))
    );
    assert_eq!(json["variance"], "1/(y_A+a_w) + 1/(y_B+a_w)");
    let terms = json["terms"].as_array().cloned().unwrap_or_default();
    let z = |word: &str| {
        terms
            .iter()
            .find(|t| t["term"] == word)
            .and_then(|t| t["z"].as_f64())
            .unwrap_or(f64::NAN)
    };
    for word in ["brown", "fox", "quick"] {
        assert!(
            (z(word) - 0.6894227886807968).abs() < 1e-12,
            "{word}: {}",
            z(word)
        );
    }
    assert!((z("purple") + 0.6894227886807968).abs() < 1e-12);
    for shared in ["the", "jumps", "over", "lazy", "pig"] {
        assert!(z(shared).abs() < 1e-12, "{shared}");
    }
    assert_eq!(
        terms
            .iter()
            .find(|t| t["term"] == "fox")
            .map(|t| (&t["a"], &t["b"])),
        Some((&1.into(), &0.into()))
    );
}

#[test]
fn search_prints_matches_per_speaker() {
    let (ok, out, err) = crosstalk(&[
        "search",
        "\"nuclear weapons\" OR ceasefire",
        &seed(),
        "--json",
        "--context",
        "1",
    ]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(json["total"].as_u64().is_some_and(|n| n >= 5));
    let speakers = json["speakers"].as_array().cloned().unwrap_or_default();
    assert_eq!(speakers[0]["name"], "Vladimir Putin");
    for hit in speakers[0]["hits"].as_array().cloned().unwrap_or_default() {
        let text = hit["text"].as_str().unwrap_or("");
        for span in hit["spans"].as_array().cloned().unwrap_or_default() {
            let (s, e) = (
                span[0].as_u64().unwrap_or(0) as usize,
                span[1].as_u64().unwrap_or(0) as usize,
            );
            let word = text[s..e].to_lowercase();
            assert!(word == "ceasefire" || word == "nuclear weapons", "{word}");
        }
    }
    let (ok, _, err) = crosstalk(&["search", "NEAR/x(a, b)", &seed()]);
    assert!(
        !ok && err.contains("character 0") && err.contains("NEAR"),
        "{err}"
    );
    let (ok, out, _) = crosstalk(&["search", "zzzznothing", &seed()]);
    assert!(!ok && out.contains("0 matching"));
}

#[test]
fn themes_and_index_on_the_corpora() {
    let (ok, out, err) = crosstalk(&["themes", &seed(), "--csv"]);
    assert!(ok, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("speaker,key,role,words,share_of_voice,theme,sentences,theme_words,share_of_words")
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("Vladimir Putin,"))
            .count(),
        13
    );
    let (ok, out, err) = crosstalk(&["themes", &format!("{CORPORA}/gop-debates-2016"), "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let trump = json
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|s| s["name"].as_str().is_some_and(|n| n.contains("Trump")))
        })
        .cloned()
        .unwrap_or_default();
    assert!(
        trump["words"].as_u64().is_some_and(|w| w > 10_000),
        "{trump}"
    );
    let (ok, out, err) = crosstalk(&["index", CORPORA]);
    assert!(ok, "{err}");
    let field = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    assert!(field("transcripts:") >= 100, "{out}");
    assert!(field("words:") > 500_000, "{out}");
    assert!(field("distinct terms:") > 10_000, "{out}");
    let (ok, _, err) = crosstalk(&["terms", &seed(), "--speaker", "nobody-at-all"]);
    assert!(!ok && err.contains("no speaker"), "{err}");
}

#[test]
fn an_unknown_speaker_lists_the_main_speakers_once() {
    let corpora = format!(
        "{}/../shared/corpora/whitehouse",
        env!("CARGO_MANIFEST_DIR")
    );
    let (ok, _, stderr) = crosstalk(&["terms", &corpora, "--speaker", "nobody-by-this-name"]);
    assert!(!ok);
    assert!(
        stderr.contains("no speaker \"nobody-by-this-name\""),
        "{stderr}"
    );
    // Dozens of briefings each have a "Reporter": the name is listed once.
    let listed = stderr.split("(speakers: ").nth(1).unwrap_or_default();
    let names: Vec<&str> = listed.split(", ").collect();
    assert_eq!(
        names.iter().filter(|n| **n == "Reporter").count(),
        1,
        "{stderr}"
    );
    assert_eq!(names.len(), 20, "{stderr}");
    assert!(stderr.contains(" more)"), "{stderr}");
    assert!(stderr.lines().all(|line| line.len() < 1000), "{stderr}");
}
