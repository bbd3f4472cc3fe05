//! Facts about every text transcript under `../shared/corpora` (seed, gop-debates-2016,
//! whitehouse, rev-2020): formats, speakers and merged aliases, roles, turn counts checked
//! against an independent count of the labels in the file, timing, and merging across files.

use crosstalk::{Date, Format, Library, Role, Transcript};
use regex::Regex;
use std::path::{Path, PathBuf};

fn corpora() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora"))
}

fn load(path: &Path) -> Transcript {
    match crosstalk::load_path(path) {
        Ok(transcript) => transcript,
        Err(error) => panic!("{} must load: {error}", path.display()),
    }
}

fn files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = crosstalk::parse::collect_files(&[corpora().join(folder)])
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("LICENSE"))
        })
        .collect();
    assert!(!files.is_empty(), "no {extension} files in {folder}");
    files
}

fn speaker<'a>(transcript: &'a Transcript, name: &str) -> &'a crosstalk::Speaker {
    match transcript.speakers.iter().find(|s| s.name == name) {
        Some(speaker) => speaker,
        None => panic!(
            "{}: no speaker {name:?} among {:?}",
            transcript.source_path.display(),
            transcript
                .speakers
                .iter()
                .map(|s| &s.name)
                .collect::<Vec<_>>()
        ),
    }
}

fn turns_of(transcript: &Transcript, name: &str) -> usize {
    let index = transcript.speakers.iter().position(|s| s.name == name);
    transcript
        .turns
        .iter()
        .filter(|t| Some(t.speaker) == index)
        .count()
}

fn source(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => panic!("{}: {error}", path.display()),
    }
}

fn assert_times_are_monotonic(transcript: &Transcript) {
    let mut previous = 0.0;
    for turn in &transcript.turns {
        assert!(
            turn.start >= previous - 1e-9 && turn.end >= turn.start,
            "{}: times go back at {:?}",
            transcript.source_path.display(),
            turn.text.get(..40)
        );
        previous = turn.start;
    }
}

#[test]
fn gop_debates_labels_participants_and_directions() {
    // Upper-case labels at the start of a paragraph (also "[UNKNOWN]:"), minus the header
    // keywords and the trailing NOTE.
    let label_line =
        Regex::new(r"(?m)^[ \t]*(?:\[[A-Z ]+:?\]:?|\p{Lu}[\p{Lu} .'()?-]*::?)(?:\s|[A-Z][a-z])")
            .expect("valid regex");
    let furniture = Regex::new(r"(?m)^(?:NOTE:|(?:PARTICIPANTS|MODERATORS?|PANELISTS):[ \t]*$)")
        .expect("valid regex");
    let paths = files("gop-debates-2016", "txt");
    assert_eq!(paths.len(), 12);
    for path in &paths {
        let transcript = load(path);
        let text = source(path);
        assert_eq!(transcript.format, Format::UpperLabels, "{}", path.display());
        let labels = label_line.find_iter(&text).count() - furniture.find_iter(&text).count();
        assert_eq!(transcript.turns.len(), labels, "{}", path.display());
        assert!(!transcript.timed);
        assert_times_are_monotonic(&transcript);
        // CRUZ expands from the PARTICIPANTS header; moderators come from MODERATORS.
        let cruz = speaker(&transcript, "Ted Cruz");
        assert!(cruz.aliases.iter().any(|a| a == "CRUZ"));
        assert_eq!(cruz.role, Role::Person);
        if text.contains("\nTRUMP: ") {
            assert_eq!(speaker(&transcript, "Donald Trump").role, Role::Person);
        }
        let moderators = transcript
            .speakers
            .iter()
            .filter(|s| s.role == Role::Moderator)
            .count();
        assert!(moderators >= 1, "{}", path.display());
        // Stage directions are annotations, never words; the NOTE and header are nobody's.
        let mut directions = 0;
        for turn in &transcript.turns {
            assert!(!turn.text.contains("[applause]"), "{}", path.display());
            assert!(!turn.text.contains("[crosstalk]"));
            assert!(!turn.text.contains("The criteria for appearing"));
            assert!(!turn.text.starts_with("Senator Ted Cruz (TX);"));
            directions += turn.stage_directions.len();
        }
        assert!(directions > 0);
    }
}

#[test]
fn gop_august6_speakers_and_roles() {
    let transcript = load(&corpora().join("gop-debates-2016/2015-16_august6.txt"));
    assert_eq!(speaker(&transcript, "Megyn Kelly").role, Role::Moderator);
    assert_eq!(speaker(&transcript, "Bret Baier").role, Role::Moderator);
    assert_eq!(speaker(&transcript, "Chris Wallace").role, Role::Moderator);
    let unknown = speaker(&transcript, "Unidentified Speaker");
    assert_eq!(unknown.role, Role::Unidentified);
    assert!(unknown.aliases.iter().any(|a| a == "UNKNOWN"));
    assert_eq!(
        speaker(&transcript, "Unidentified Male").role,
        Role::Unidentified
    );
    assert_eq!(speaker(&transcript, "Reporter").role, Role::Reporter);
    assert_eq!(turns_of(&transcript, "Donald Trump"), 36);
    assert_eq!(turns_of(&transcript, "Megyn Kelly"), 49);
    // Kelly's opening turn goes on after "[applause]" and the paragraphs below it.
    let first = &transcript.turns[0];
    assert!(first.text.starts_with("Welcome to the first debate night"));
    assert!(first.text.contains("\nI'm Megyn Kelly..."));
    assert_eq!(first.stage_directions[0].text, "[applause]");
}

#[test]
fn whitehouse_briefings_and_press_conferences() {
    let label_paragraph =
        Regex::new(r"(?m)(?:\A|\n[ \t\u{a0}]*\n)[ \t\u{a0}]*(?:[A-ZÓ][A-ZÓ. \u{a0}'-]*:\s|Q\s)")
            .expect("valid regex");
    let paths = files("whitehouse", "md");
    assert_eq!(paths.len(), 91);
    for path in &paths {
        let transcript = load(path);
        let text = source(path);
        let name = path.display();
        assert_eq!(transcript.format, Format::UpperLabels, "{name}");
        // The date is the front matter's, which is also the file name's.
        let file_date = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.get(..10))
            .and_then(|d| d.parse::<Date>().ok());
        assert_eq!(transcript.date, file_date, "{name}");
        assert!(
            transcript
                .source_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        );
        assert!(!transcript.title.contains('\\'), "{}", transcript.title);
        // Every label paragraph starts a turn ("COVID:" inside a wrapped paragraph does not).
        let labels = label_paragraph.find_iter(&text).count();
        assert_eq!(transcript.turns.len(), labels, "{name}");
        // Q is a reporter, never a person.
        let reporter = speaker(&transcript, "Reporter");
        assert_eq!(reporter.role, Role::Reporter);
        assert_eq!(reporter.aliases, vec!["Q"]);
        for turn in &transcript.turns {
            assert!(!turn.text.contains("(As interpreted.)"), "{name}");
            assert!(!turn.text.contains("(Laughter.)"), "{name}");
            assert!(!turn.text.contains("P.M. E"), "{name}: {}", turn.text);
            assert!(!turn.text.ends_with("END"), "{name}");
            assert!(!turn.text.contains("  "), "{name}");
        }
    }
}

#[test]
fn whitehouse_speaker_names() {
    let folder = corpora().join("whitehouse");
    let biden_solo = load(&folder.join(
        "speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md",
    ));
    let president = speaker(&biden_solo, "President Biden");
    assert_eq!(president.aliases, vec!["THE PRESIDENT"]);
    assert_eq!(turns_of(&biden_solo, "President Biden"), 46);
    assert_eq!(turns_of(&biden_solo, "Reporter"), 45);

    let briefing = load(&folder.join(
        "press-briefings/2024-01/2024-01-23-press-briefing-by-press-secretary-karine-jean-pierre-and-nsc-coordinator-for-strategic-communications-john-kirby-41.md",
    ));
    let press_secretary = speaker(&briefing, "Karine Jean-Pierre");
    assert_eq!(
        press_secretary.aliases,
        vec!["MS. JEAN-PIERRE", "MR. JEAN-PIERRE"]
    );
    let kirby_typo = load(&folder.join(
        "press-briefings/2024-01/2024-01-26-press-briefing-by-press-secretary-karine-jean-pierre-nsc-coordinator-for-strategic-communications-john-kirby-and-national-climate-advisor-ali-zaidi.md",
    ));
    assert_eq!(
        speaker(&kirby_typo, "John Kirby").aliases,
        vec!["MR. KIRBY", "MR KIRBY"]
    );
    let joint = load(&folder.join(
        "speeches-remarks/2023-01/2023-01-10-remarks-by-president-biden-prime-minister-trudeau-and-president-lopez-obrador-in-joint-press-conference.md",
    ));
    assert!(
        joint
            .speakers
            .iter()
            .any(|s| s.aliases == vec!["PRESIDENT LÓPEZ OBRADOR"])
    );
    assert_eq!(speaker(&joint, "Moderator").role, Role::Moderator);

    // Across files THE PRESIDENT and PRESIDENT BIDEN are one person.
    let library = Library::from_transcripts([
        biden_solo,
        load(&folder.join(
            "speeches-remarks/2021-04/2021-04-16-remarks-by-president-biden-and-prime-minister-suga-of-japan-at-press-conference.md",
        )),
    ]);
    let biden: Vec<_> = library
        .speakers()
        .iter()
        .filter(|s| {
            s.aliases
                .iter()
                .any(|a| a == "THE PRESIDENT" || a == "PRESIDENT BIDEN")
        })
        .collect();
    assert_eq!(biden.len(), 1);
    assert_eq!(biden[0].transcript_count, 2);
    // Reporters stay local to their file.
    let reporters = library
        .speakers()
        .iter()
        .filter(|s| s.role == Role::Reporter)
        .count();
    assert_eq!(reporters, 2);
}

#[test]
fn rev_debates_are_timed_monotonic_and_merged() {
    let label_line =
        Regex::new(r"(?m)^[^\n:]{1,80}: \((?:\d{1,2}:)?\d{1,2}:\d{2}\)\s*$").expect("valid regex");
    let paths = files("rev-2020", "txt");
    assert_eq!(paths.len(), 5);
    for path in &paths {
        let transcript = load(path);
        let text = source(path);
        assert_eq!(transcript.format, Format::Rev, "{}", path.display());
        assert!(transcript.timed);
        assert_eq!(
            transcript.turns.len(),
            label_line.find_iter(&text).count(),
            "{}",
            path.display()
        );
        assert_times_are_monotonic(&transcript);
        for turn in &transcript.turns {
            assert!(!turn.text.contains("[crosstalk"), "{}", turn.text);
        }
    }
    let first = load(&corpora().join("rev-2020/us_election_2020_1st_presidential_debate.txt"));
    let names: Vec<&str> = first.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["Chris Wallace", "Joe Biden", "Donald J. Trump"]);
    assert_eq!(turns_of(&first, "Donald J. Trump"), 314);
    // The clock restarts at 00:15 after 24:25; times go on from there.
    let restart = first
        .turns
        .iter()
        .position(|t| t.start > 24.0 * 60.0 + 25.0)
        .unwrap_or(0);
    assert!(restart > 0);
    assert!(first.duration() > 60.0 * 60.0);
    let directions: usize = first.turns.iter().map(|t| t.stage_directions.len()).sum();
    assert!(directions >= 40);

    let town_hall = load(&corpora().join("rev-2020/us_election_2020_trump_town_hall.txt"));
    let guthrie = speaker(&town_hall, "Savannah Guthrie");
    assert_eq!(guthrie.aliases, vec!["Savannah Guthrie", "Savannah"]);
    assert_eq!(turns_of(&town_hall, "Savannah Guthrie"), 139 + 35);
    assert_eq!(speaker(&town_hall, "Speaker 1").role, Role::Unidentified);

    let vice = load(&corpora().join("rev-2020/us_election_2020_vice_presidential_debate.txt"));
    assert_eq!(turns_of(&vice, "Kamala Harris"), 94);
    let second = load(&corpora().join("rev-2020/us_election_2020_2nd_presidential_debate.txt"));
    assert!(second.duration() > 80.0 * 60.0);
    assert_times_are_monotonic(&second);
}

#[test]
fn plain_text_without_labels_has_one_unidentified_speaker() {
    let transcript = load(&corpora().join("rev-2020/LICENSE_M-Arg_BSD.txt"));
    assert_eq!(transcript.format, Format::Plain);
    assert_eq!(transcript.speakers.len(), 1);
    assert_eq!(transcript.speakers[0].role, Role::Unidentified);
    assert!(transcript.turns.len() == 1 && transcript.turns[0].text.contains('\n'));
    assert!(
        transcript
            .notices
            .iter()
            .any(|n| n.contains("no speakers were found"))
    );
}

#[test]
fn the_same_people_merge_across_sources() {
    let library = Library::from_transcripts([
        load(&corpora().join("gop-debates-2016/2015-16_march3.txt")),
        load(&corpora().join("rev-2020/us_election_2020_1st_presidential_debate.txt")),
        load(&corpora().join(
            "whitehouse/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md",
        )),
        load(&corpora().join("seed/putin-lukashenko-2025-03-13.txt")),
    ]);
    let find = |alias: &str| {
        library
            .speakers()
            .iter()
            .filter(|s| s.aliases.iter().any(|a| a == alias))
            .collect::<Vec<_>>()
    };
    let trump = find("TRUMP");
    assert_eq!(trump.len(), 1);
    assert!(
        trump[0]
            .aliases
            .iter()
            .any(|a| a == "President Donald J. Trump")
    );
    assert_eq!(trump[0].transcript_count, 2);
    let wallace = find("WALLACE");
    assert!(wallace[0].aliases.iter().any(|a| a == "Chris Wallace"));
    let biden = find("THE PRESIDENT");
    assert!(
        biden[0]
            .aliases
            .iter()
            .any(|a| a == "Vice President Joe Biden")
    );
    assert_eq!(biden[0].name, "Joe Biden");
    // Roles never merge across files.
    let unidentified = library
        .speakers()
        .iter()
        .filter(|s| s.name == "Unidentified Speaker")
        .count();
    assert_eq!(unidentified, 2);
}
