//! Each export format on the real seed transcript and on hostile text: CSV quoting, JSON
//! fields, Markdown layout, HTML escaping, plain text, citations.

use crosstalk::export::{self, Excerpt, ExcerptSet, ExportFormat, ExportOptions};
use crosstalk::{Date, Library, Role};
use std::path::PathBuf;

fn seed_library() -> Library {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/seed/putin-lukashenko-2025-03-13.txt"
    ));
    match crosstalk::load_path(&path) {
        Ok(transcript) => Library::from_transcripts([transcript]),
        Err(error) => panic!("the seed must load: {error}"),
    }
}

/// Every sentence of the seed holding `word`, as excerpts with the word highlighted.
fn seed_excerpts(library: &Library, word: &str) -> ExcerptSet {
    let transcript = &library.transcripts()[0];
    let mut excerpts = Vec::new();
    for (index, turn) in transcript.turns.iter().enumerate() {
        let lower = turn.text.to_lowercase();
        let mut from = 0;
        while let Some(found) = lower[from..].find(word) {
            let at = from + found;
            let start = turn.text[..at].rfind(". ").map_or(0, |p| p + 2);
            let end = turn.text[at..]
                .find('.')
                .map_or(turn.text.len(), |p| at + p + 1);
            let span = at..at + word.len();
            excerpts.extend(Excerpt::from_hit(
                library,
                0,
                index,
                start..end,
                std::slice::from_ref(&span),
            ));
            from = end.max(at + word.len());
        }
    }
    ExcerptSet {
        query: Some(word.to_string()),
        excerpts,
    }
}

/// An excerpt whose text and names contain everything that breaks naive writers.
fn hostile() -> Excerpt {
    let text = "He said, \"no\"; then\nleft. <script>alert('x')</script> & *bold* # 1,2";
    let no = text.find("no").unwrap();
    let script = text.find("script").unwrap();
    Excerpt {
        transcript: "Talks, \"Round\" 2 <b>".into(),
        path: PathBuf::from("/tmp/a,b.txt"),
        date: Date::new(2024, 2, 29),
        source_url: Some("javascript:alert(1)".into()),
        speaker: "O'Brien, <Jr>".into(),
        role: Role::Reporter,
        section: Some("Q&A".into()),
        start: 3725.4,
        end: 3730.0,
        time_estimated: true,
        turn: 3,
        range: 10..10 + text.len(),
        text: text.into(),
        matched_terms: vec!["no".into(), "script".into()],
        highlights: vec![no..no + 2, script..script + 6],
    }
}

fn render(format: ExportFormat, set: &ExcerptSet, bom: bool) -> String {
    let bytes = export::render(format, set, ExportOptions { csv_bom: bom }).expect("renders");
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn excerpts_of_the_seed_carry_speaker_section_and_citation() {
    let library = seed_library();
    let set = seed_excerpts(&library, "gas");
    assert!(!set.excerpts.is_empty(), "the seed talks about gas");
    for excerpt in &set.excerpts {
        assert!(
            excerpt.text.to_lowercase().contains("gas"),
            "{}",
            excerpt.text
        );
        assert_eq!(excerpt.matched_terms, ["gas"]);
        assert_eq!(excerpt.date, Date::new(2025, 3, 13));
        assert!(excerpt.time_estimated, "the seed has no times");
        assert!(excerpt.start <= excerpt.end);
        let citation = excerpt.citation();
        assert!(
            citation.starts_with(&format!("{}, \"", excerpt.speaker)),
            "{citation}"
        );
        assert!(citation.contains("2025-03-13"), "{citation}");
        assert!(citation.ends_with("(estimated)"), "{citation}");
        if let Some(section) = &excerpt.section {
            assert!(citation.contains(&format!("§ {section}")), "{citation}");
        }
    }
    assert!(set.excerpts.iter().any(|e| e.speaker == "Vladimir Putin"));
    assert!(
        set.excerpts.iter().any(|e| e.section.is_some()),
        "sections are cited"
    );
}

#[test]
fn citation_format() {
    let mut excerpt = hostile();
    assert_eq!(
        excerpt.citation(),
        "O'Brien, <Jr>, \"Talks, \"Round\" 2 <b>\", 2024-02-29, § Q&A, 01:02:05 (estimated)"
    );
    excerpt.section = None;
    excerpt.date = None;
    excerpt.time_estimated = false;
    assert_eq!(
        excerpt.citation(),
        "O'Brien, <Jr>, \"Talks, \"Round\" 2 <b>\", 01:02:05"
    );
}

#[test]
fn csv_quotes_commas_quotes_and_newlines_and_reads_back() {
    let set = ExcerptSet {
        query: None,
        excerpts: vec![hostile(), hostile()],
    };
    let csv_text = render(ExportFormat::Csv, &set, false);
    assert!(csv_text.starts_with(
        "transcript,date,speaker,role,section,start,end,time_estimated,text,matched_terms"
    ));
    assert!(
        csv_text.contains("\"He said, \"\"no\"\"; then\nleft."),
        "{csv_text}"
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let field = |name: &str| {
        let index = headers.iter().position(|h| h == name).unwrap();
        rows[0][index].to_string()
    };
    assert_eq!(field("text"), hostile().text);
    assert_eq!(field("speaker"), "O'Brien, <Jr>");
    assert_eq!(field("transcript"), "Talks, \"Round\" 2 <b>");
    assert_eq!(field("date"), "2024-02-29");
    assert_eq!(field("role"), "reporter");
    assert_eq!(field("start"), "3725.400");
    assert_eq!(field("time_estimated"), "true");
    assert_eq!(field("matched_terms"), "no; script");
    let with_bom = render(ExportFormat::Csv, &set, true);
    assert!(with_bom.starts_with('\u{feff}'));
    assert_eq!(&with_bom['\u{feff}'.len_utf8()..], csv_text);
}

#[test]
fn json_has_the_documented_fields() {
    let set = ExcerptSet {
        query: Some("no OR script".into()),
        excerpts: vec![hostile()],
    };
    let json: serde_json::Value =
        serde_json::from_str(&render(ExportFormat::Json, &set, false)).unwrap();
    assert_eq!(json["crosstalk"]["kind"], "excerpts");
    assert_eq!(json["crosstalk"]["version"], 1);
    assert_eq!(json["query"], "no OR script");
    let excerpt = &json["excerpts"][0];
    for field in [
        "transcript",
        "path",
        "date",
        "source_url",
        "speaker",
        "role",
        "section",
        "start",
        "end",
        "time_estimated",
        "turn",
        "range",
        "text",
        "matched_terms",
        "highlights",
    ] {
        assert!(
            excerpt.get(field).is_some(),
            "field {field} missing: {excerpt}"
        );
    }
    assert_eq!(excerpt["date"], "2024-02-29");
    assert_eq!(excerpt["role"], "reporter");
    assert_eq!(excerpt["range"]["start"], 10);
    assert_eq!(excerpt["text"], hostile().text);
    let document: export::ExcerptsDocument = serde_json::from_value(json).unwrap();
    assert_eq!(document.excerpts, vec![hostile()]);
}

#[test]
fn markdown_groups_by_speaker_with_citations() {
    let library = seed_library();
    let set = seed_excerpts(&library, "gas");
    let markdown = render(ExportFormat::Markdown, &set, false);
    assert!(markdown.starts_with("# Excerpts\n"));
    assert!(markdown.contains("Query: `gas`"));
    let groups = set.by_speaker();
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), groups.len(), "one heading per speaker");
    assert_eq!(headings[0], format!("## {}", groups[0].0));
    assert_eq!(
        markdown.lines().filter(|l| l.starts_with("— ")).count(),
        set.excerpts.len(),
        "one citation per excerpt"
    );
    assert!(
        markdown.contains("**gas**") || markdown.contains("**Gas**"),
        "terms in bold"
    );
    let hostile_markdown = render(
        ExportFormat::Markdown,
        &ExcerptSet {
            query: None,
            excerpts: vec![hostile()],
        },
        false,
    );
    assert!(
        hostile_markdown.contains("> He said, \"**no**\"; then\n> left. \\<**script**\\>"),
        "{hostile_markdown}"
    );
    assert!(hostile_markdown.contains("\\*bold\\*"));
    assert!(hostile_markdown.contains("## O'Brien, \\<Jr\\> (reporter)"));
}

#[test]
fn html_is_escaped_self_contained_and_has_columns_and_chart() {
    let library = seed_library();
    let mut set = seed_excerpts(&library, "gas");
    set.excerpts.push(hostile());
    let html = render(ExportFormat::Html, &set, false);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "transcript text is escaped");
    assert!(
        html.contains("&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("O&#39;Brien, &lt;Jr&gt;"));
    assert!(
        !html.contains("javascript:"),
        "only web addresses become links"
    );
    assert!(
        !html.contains("src=\"http") && !html.contains("<link"),
        "no external assets"
    );
    let groups = set.by_speaker();
    assert!(html.contains(&format!("--columns:{}", groups.len())));
    assert_eq!(
        html.matches("<section class=\"column\"").count(),
        groups.len()
    );
    assert_eq!(
        html.matches("<article class=\"excerpt\">").count(),
        set.excerpts.len()
    );
    assert_eq!(
        html.matches("<rect ").count(),
        groups.len(),
        "one bar per speaker"
    );
    assert!(html.contains("<mark>"), "matched terms highlighted");
    assert!(html.contains("<svg"));
}

#[test]
fn plain_text_has_citation_then_text() {
    let set = ExcerptSet {
        query: Some("no".into()),
        excerpts: vec![hostile()],
    };
    let text = render(ExportFormat::Text, &set, false);
    let expected = format!(
        "Query: no\n\n{}\n{}\n\n",
        hostile().citation(),
        hostile().text
    );
    assert_eq!(text, expected);
}

#[test]
fn hits_outside_the_text_or_cutting_characters_are_handled() {
    let library = seed_library();
    let transcript = &library.transcripts()[0];
    assert!(Excerpt::from_hit(&library, 0, transcript.turns.len(), 0..5, &[]).is_none());
    assert!(Excerpt::from_hit(&library, 1, 0, 0..5, &[]).is_none());
    assert!(Excerpt::from_hit(&library, 0, 0, 5..5, &[]).is_none());
    let (index, turn) = transcript
        .turns
        .iter()
        .enumerate()
        .find(|(_, t)| !t.text.is_ascii())
        .expect("the seed has curly apostrophes");
    let cut = turn
        .text
        .char_indices()
        .find(|(_, c)| c.len_utf8() > 1)
        .unwrap()
        .0
        + 1;
    let excerpt = Excerpt::from_hit(
        &library,
        0,
        index,
        cut..turn.text.len() + 100,
        &[cut..cut + 1, 0..1],
    )
    .expect("widened to whole characters");
    assert!(turn.text.ends_with(&excerpt.text));
    assert_eq!(excerpt.range.end, turn.text.len());
    assert_eq!(
        excerpt.highlights.len(),
        1,
        "the span before the range is dropped"
    );
}
