//! Issue 7's table of bad inputs: each gives a typed error naming the file (or loads correctly,
//! for the encodings), never a panic or a hang. Files are written in the tests themselves.

use crosstalk::parse::{
    LoadError, LoadErrorKind, MAX_FILE_BYTES, PARALLEL_READ_BYTES, collect_files, load_path,
    load_paths, read_file, read_file_observed,
};
use crosstalk::{Format, Transcript};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Writes `bytes` to `name` in a fresh temporary folder.
fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Loads and expects an error; checks that the message names the file.
fn error(path: &Path) -> LoadError {
    match load_path(path) {
        Ok(t) => panic!(
            "{} loaded ({} turns), expected an error",
            path.display(),
            t.turns.len()
        ),
        Err(error) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(
                error.to_string().contains(&name),
                "message names the file: {error}"
            );
            error
        }
    }
}

fn load(path: &Path) -> Transcript {
    load_path(path).unwrap_or_else(|e| panic!("{e}"))
}

/// All turn text of a transcript.
fn all_text(transcript: &Transcript) -> String {
    transcript
        .turns
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn empty_file() {
    let d = dir();
    assert!(matches!(
        error(&write(&d, "empty.txt", b"")).kind,
        LoadErrorKind::Empty
    ));
}

#[test]
fn only_white_space() {
    let d = dir();
    let path = write(&d, "blank.txt", b" \n\t\r\n   \n");
    assert!(matches!(error(&path).kind, LoadErrorKind::Empty));
    let path = write(&d, "blank16.txt", b"\xff\xfe \x00\n\x00");
    assert!(matches!(error(&path).kind, LoadErrorKind::Empty));
}

#[test]
fn binary_files() {
    let d = dir();
    let png = write(
        &d,
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    );
    assert!(matches!(error(&png).kind, LoadErrorKind::Binary(k) if k.contains("PNG")));
    let elf = write(
        &d,
        "program.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    );
    assert!(matches!(error(&elf).kind, LoadErrorKind::Binary(k) if k.contains("ELF")));
    let pdf = write(&d, "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    assert!(matches!(error(&pdf).kind, LoadErrorKind::Binary(k) if k.contains("PDF")));
    // A real zip archive that is not a Word document.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"TRUMP: hello").expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    let archive = write(&d, "archive.txt", &bytes);
    assert!(matches!(error(&archive).kind, LoadErrorKind::Binary(k) if k.contains("ZIP")));
    // NUL bytes with no UTF-16 pattern.
    let nuls = write(
        &d,
        "dump.txt",
        b"abc\x00\x00\x00\x01\x02\x00\x00\x00\x00\x03def\x00\x00\x00",
    );
    assert!(matches!(error(&nuls).kind, LoadErrorKind::Binary(_)));
}

#[test]
fn invalid_utf8_in_the_middle_of_a_utf8_file() {
    let d = dir();
    let mut bytes = "[VLADIMIR PUTIN:] Добрый день, уважаемые коллеги.\n\n"
        .as_bytes()
        .to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"[ALEXANDER LUKASHENKO:] \xc3\x28 broken\n");
    let path = write(&d, "broken.txt", &bytes);
    match error(&path).kind {
        LoadErrorKind::Encoding(message) => {
            assert!(
                message.contains(&format!("byte {}", offset + 24)),
                "{message}"
            )
        }
        other => panic!("unexpected {other:?}"),
    }
    // The same with a UTF-8 byte-order mark.
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(b"TRUMP: fine.\n\nBIDEN: \xff\n");
    let path = write(&d, "bom.txt", &with_bom);
    assert!(matches!(error(&path).kind, LoadErrorKind::Encoding(_)));
}

const RUSSIAN: &str = "[ВЛАДИМИР ПУТИН:] Добрый день, уважаемые коллеги. Мы обсудили экономическое \
                       сотрудничество и вопросы безопасности.\n\n[АЛЕКСАНДР ЛУКАШЕНКО:] Спасибо.\n";

#[test]
fn utf16_with_and_without_bom() {
    let d = dir();
    let le: Vec<u8> = RUSSIAN.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = RUSSIAN.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [
        ("le-bom.txt", [&b"\xff\xfe"[..], &le].concat()),
        ("be-bom.txt", [&b"\xfe\xff"[..], &be].concat()),
        ("le.txt", le.clone()),
        ("be.txt", be.clone()),
    ] {
        let transcript = load(&write(&d, name, &bytes));
        let text = all_text(&transcript);
        assert!(
            text.contains("Добрый день, уважаемые коллеги."),
            "{name}: {text}"
        );
        assert!(text.contains("Спасибо."), "{name}");
        assert!(transcript.source_len >= RUSSIAN.trim().len(), "{name}");
    }
    // English UTF-16 without BOM, subtitles inside: detected from content.
    let srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nAnn: Hello there.\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nBob: Hi.\r\n";
    let bytes: Vec<u8> = srt.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let transcript = load(&write(&d, "subs.txt", &bytes));
    assert_eq!(transcript.format, Format::Srt);
    assert_eq!(transcript.turns.len(), 2);
}

#[test]
fn windows_1251_and_1252() {
    let d = dir();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
    assert!(!unmappable);
    let transcript = load(&write(&d, "cp1251.txt", &bytes));
    assert!(all_text(&transcript).contains("Добрый день, уважаемые коллеги."));
    assert!(
        transcript
            .notices
            .iter()
            .any(|n| n.contains("windows-1251")),
        "{:?}",
        transcript.notices
    );

    let french = "MACRON: Nous avons évoqué la coopération économique, la sécurité et l’énergie. \
                  C’était très intéressant, à vrai dire.\n\nMERKEL: Genau. Wir haben über Größe gesprochen.\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(french);
    assert!(!unmappable);
    let transcript = load(&write(&d, "cp1252.txt", &bytes));
    let text = all_text(&transcript);
    assert!(text.contains("coopération économique"), "{text}");
    assert!(text.contains("l’énergie"), "{text}");
    assert!(
        transcript
            .notices
            .iter()
            .any(|n| n.contains("windows-1252")),
        "{:?}",
        transcript.notices
    );
}

#[test]
fn too_large_file_is_refused_without_reading_it() {
    let d = dir();
    let path = d.path().join("huge.txt");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no real 300 MB written.
    file.set_len(MAX_FILE_BYTES + 44 * 1024 * 1024)
        .expect("set_len");
    match error(&path).kind {
        LoadErrorKind::TooLarge { size, limit } => {
            assert_eq!(limit, MAX_FILE_BYTES);
            assert!(size > limit);
        }
        other => panic!("unexpected {other:?}"),
    }
    let message = error(&path).to_string();
    assert!(
        message.contains("too large (300.0 MB; the limit is 256.0 MB)"),
        "{message}"
    );
}

#[test]
fn fifty_megabyte_single_line_loads_or_is_refused_clearly() {
    let d = dir();
    let path = d.path().join("one-line.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let chunk = "TRUMP: we will win and win again, believe me, ".repeat(1000);
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        file.write_all(chunk.as_bytes()).expect("write");
        written += chunk.len();
    }
    drop(file);
    match load_path(&path) {
        Ok(transcript) => assert!(!transcript.turns.is_empty()),
        Err(error) => assert!(
            matches!(error.kind, LoadErrorKind::TooLarge { .. }),
            "{error}"
        ),
    }
}

#[test]
fn json_nested_ten_thousand_deep() {
    let d = dir();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let path = write(&d, "deep.json", deep.as_bytes());
    assert!(matches!(error(&path).kind, LoadErrorKind::Json(m) if m.contains("recursion")));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let path = write(&d, "deep-objects.json", deep_objects.as_bytes());
    assert!(matches!(error(&path).kind, LoadErrorKind::Json(_)));
}

#[test]
fn json_of_unknown_shape_lists_its_keys() {
    let d = dir();
    let path = write(
        &d,
        "config.json",
        br#"{"name": "app", "version": 3, "items": [1, 2]}"#,
    );
    match error(&path).kind {
        LoadErrorKind::UnknownJsonShape { keys } => {
            assert_eq!(keys, "items, name, version");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        error(&path)
            .to_string()
            .contains("keys found: items, name, version")
    );
}

#[test]
fn truncated_json() {
    let d = dir();
    let full = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/stt-json/bbc-rte_assembly_example.json"
    ))
    .expect("corpus file");
    let path = write(&d, "half.json", &full[..full.len() / 2]);
    assert!(matches!(error(&path).kind, LoadErrorKind::Json(m) if m.contains("EOF")));
}

#[test]
fn csv_without_speaker_or_text_column() {
    let d = dir();
    let path = write(&d, "numbers.csv", b"id,value,unit\n1,2.5,kg\n2,3.1,kg\n");
    match error(&path).kind {
        LoadErrorKind::NoTextColumn { columns } => assert_eq!(columns, "id, value, unit"),
        other => panic!("unexpected {other:?}"),
    }
    // A text column but no speaker column: the rows load, unattributed, with a notice.
    let path = write(
        &d,
        "lines.csv",
        b"minute,text\n00:01,Good evening.\n00:05,Welcome all.\n",
    );
    let transcript = load(&path);
    assert_eq!(transcript.format, Format::Csv);
    assert!(all_text(&transcript).contains("Welcome all."));
    assert!(
        transcript
            .notices
            .iter()
            .any(|n| n.contains("no speaker column"))
    );
}

#[test]
fn srt_with_broken_timestamps() {
    let d = dir();
    let srt = "1\n00:00:01,000 --> 00:0x:02,000\nAnn: Hello.\n\n2\n00:00:02,000 -> 00:00:03,000\nBob: Hi.\n\n3\n99 --> \nAnn: Bye.\n";
    let path = write(&d, "broken.srt", srt.as_bytes());
    match error(&path).kind {
        LoadErrorKind::Subtitles(message) => assert!(message.contains("3 of 3"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn docx_that_is_not_a_zip() {
    let d = dir();
    let path = write(
        &d,
        "report.docx",
        b"PUTIN: this is plain text with a .docx name\n",
    );
    assert!(matches!(error(&path).kind, LoadErrorKind::Docx(m) if m.contains("not a zip")));
    // A zip without word/document.xml.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"<x/>").expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    let path = write(&d, "empty.docx", &bytes);
    assert!(matches!(error(&path).kind, LoadErrorKind::Docx(m) if m.contains("word/document.xml")));
}

#[test]
fn real_docx_is_read_through_the_text_rules() {
    let d = dir();
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
        <w:p><w:r><w:t>[VLADIMIR PUTIN:] Good afternoon, </w:t></w:r><w:r><w:t>colleagues &amp; friends.</w:t></w:r></w:p>\
        <w:p/>\
        <w:p><w:r><w:t>[ALEXANDER LUKASHENKO:] Thank you.</w:t></w:r></w:p>\
        </w:body></w:document>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)
        .expect("entry");
    zip.write_all(b"<Types/>").expect("write");
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(xml.as_bytes()).expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    let transcript = load(&write(&d, "conference.docx", &bytes));
    assert_eq!(transcript.format, Format::Docx);
    let text = all_text(&transcript);
    assert!(
        text.contains("Good afternoon, colleagues & friends."),
        "{text}"
    );
    assert!(text.contains("Thank you."), "{text}");
    // Detected by content too, whatever the extension.
    let renamed = load(&write(&d, "conference.bin", &bytes));
    assert_eq!(renamed.format, Format::Docx);
}

#[test]
fn a_directory() {
    let d = dir();
    assert!(matches!(error(d.path()).kind, LoadErrorKind::Directory));
}

#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let path = write(&d, "secret.txt", b"TRUMP: hello.\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reading; nothing to check.
        return;
    }
    assert!(
        matches!(error(&path).kind, LoadErrorKind::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied)
    );
}

#[test]
fn symlink_loop() {
    let d = dir();
    let a = d.path().join("a.txt");
    let b = d.path().join("b.txt");
    std::os::unix::fs::symlink(&b, &a).expect("symlink");
    std::os::unix::fs::symlink(&a, &b).expect("symlink");
    assert!(matches!(error(&a).kind, LoadErrorKind::Io(_)));
    // A folder that links back to itself is walked once.
    let sub = d.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("t.srt"), "1\n00:00:01,000 --> 00:00:02,000\nhi\n").expect("write");
    std::os::unix::fs::symlink(d.path(), sub.join("loop")).expect("symlink");
    let files = collect_files(&[d.path().to_path_buf()]);
    assert_eq!(
        files.iter().filter(|f| f.ends_with("t.srt")).count(),
        1,
        "{files:?}"
    );
}

#[test]
fn folders_are_walked_in_order_skipping_unsupported_files() {
    let d = dir();
    std::fs::create_dir(d.path().join("b")).expect("mkdir");
    for name in [
        "c.srt",
        "a.json",
        "b/z.vtt",
        "b/a.csv",
        "notes.pdf",
        "b/image.png",
    ] {
        std::fs::write(d.path().join(name), "x").expect("write");
    }
    let given = d.path().join("notes.pdf");
    let files = collect_files(&[d.path().to_path_buf(), given.clone()]);
    let expected: Vec<PathBuf> = ["a.json", "b/a.csv", "b/z.vtt", "c.srt", "notes.pdf"]
        .iter()
        .map(|n| d.path().join(n))
        .collect();
    assert_eq!(files, expected);
    assert_eq!(files.last(), Some(&given));
}

#[test]
fn deleted_file() {
    let d = dir();
    let path = write(&d, "gone.txt", b"TRUMP: hello.\n");
    std::fs::remove_file(&path).expect("remove");
    assert!(
        matches!(error(&path).kind, LoadErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    );
}

#[test]
fn path_with_non_utf8_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = dir();
    let name = OsStr::from_bytes(b"transcript-\xff\xfe.srt");
    let path = d.path().join(name);
    std::fs::write(&path, "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello.\n").expect("write");
    let transcript = load(&path);
    assert_eq!(transcript.format, Format::Srt);
    assert_eq!(transcript.source_path, path);
    let empty = d.path().join(OsStr::from_bytes(b"empty-\xff.txt"));
    std::fs::write(&empty, "").expect("write");
    let error = load_path(&empty).expect_err("empty");
    assert!(error.to_string().contains("empty-\u{fffd}.txt"), "{error}");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let d = dir();
    let good = write(
        &d,
        "good.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello.\n",
    );
    let bad = write(&d, "bad.json", b"{\"segments\": [");
    let also_good = write(&d, "also.csv", b"speaker,text\nAnn,Hi\nBob,Hello\n");
    let results = load_paths(&[good.clone(), bad.clone(), also_good.clone()]);
    assert_eq!(results.len(), 3);
    assert!(results[0].as_ref().is_ok_and(|t| t.source_path == good));
    assert!(
        matches!(&results[1], Err(e) if e.path == bad && matches!(e.kind, LoadErrorKind::Json(_)))
    );
    assert!(results[2].as_ref().is_ok_and(|t| t.turns.len() == 2));
}

/// Lines of one version of a file rewritten under a reader: every line has the same length
/// whatever the version, so bytes of two versions mixed at one offset show as lines of both.
fn version_text(version: u32, lines: usize) -> String {
    (0..lines)
        .map(|n| {
            let speaker = if n % 2 == 0 { "ALICE" } else { "BOBBY" };
            format!("{speaker}: version {version:05} line {n:07} of the statement.\n")
        })
        .collect()
}

/// Whether `bytes` are the start of one version's text (a file read while it was being written
/// is a consistent prefix; a read that mixed two versions is not).
fn is_prefix_of_one_version(bytes: &[u8], lines: usize) -> bool {
    let Some(version) = std::str::from_utf8(bytes.get(15..20).unwrap_or_default())
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return bytes.len() < 20;
    };
    version_text(version, lines).as_bytes().starts_with(bytes)
}

/// Keeps changing `path` until `stop`: rewrites it with a new version (truncating it first),
/// cuts it in half, deletes and recreates it. Returns how many changes it made.
fn keep_changing(
    path: PathBuf,
    lines: usize,
    stop: Arc<AtomicBool>,
    changes: Arc<AtomicU32>,
) -> std::thread::JoinHandle<u32> {
    std::thread::spawn(move || {
        let mut version = 1;
        while !stop.load(Ordering::Relaxed) {
            version += 1;
            changes.fetch_add(1, Ordering::Relaxed);
            let text = version_text(version, lines);
            match version % 3 {
                0 => {
                    // Cut in half, as a log rotation or a failed copy would.
                    if let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) {
                        let _ = file.set_len(text.len() as u64 / 2);
                    }
                }
                1 => {
                    let _ = std::fs::remove_file(&path);
                    let _ = std::fs::write(&path, &text);
                }
                _ => {
                    // Truncate and rewrite in place, in pieces, as an editor saving would.
                    if let Ok(mut file) = std::fs::File::create(&path) {
                        for piece in text.as_bytes().chunks(256 * 1024) {
                            let _ = file.write_all(piece);
                        }
                    }
                }
            }
        }
        version
    })
}

/// Lines of a file in the tests below that change it while it is read.
const LINES: usize = 20_000; // about 1 MB, well past the first read

/// Reads `path` while an editor saves `second` in its place once the first bytes of the first
/// attempt are read: the bytes read, and the attempts made.
fn read_rewritten_midway(path: &Path, second: &str) -> (Vec<u8>, Vec<u32>) {
    let mut attempts = Vec::new();
    let bytes = read_file_observed(path, &mut |attempt| {
        attempts.push(attempt);
        if attempt == 0 {
            std::fs::write(path, second).expect("rewrite");
        }
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (bytes, attempts)
}

#[test]
fn a_file_rewritten_in_the_middle_of_a_read_is_read_again_never_mixed() {
    let d = dir();
    let path = write(&d, "rewritten.txt", version_text(1, LINES).as_bytes());
    // An editor saves a longer version in place while the first 64 KB are read.
    let second = version_text(2, LINES + 500);
    let (bytes, attempts) = read_rewritten_midway(&path, &second);
    assert!(
        bytes == second.as_bytes(),
        "the read is the new version whole, not a mix ({} bytes, first line {:?})",
        bytes.len(),
        std::str::from_utf8(&bytes[..60]).unwrap_or_default()
    );
    assert_eq!(attempts, vec![0, 1], "read once more after the change");
}

#[test]
fn a_file_truncated_in_the_middle_of_a_read_gives_what_it_now_holds() {
    let d = dir();
    let text = version_text(1, LINES);
    let path = write(&d, "truncated.txt", text.as_bytes());
    // Cut in the middle of a line.
    let half = text.len() as u64 / 2 + 25;
    let bytes = read_file_observed(&path, &mut |attempt| {
        if attempt == 0 {
            let file = std::fs::OpenOptions::new().write(true).open(&path);
            file.and_then(|f| f.set_len(half)).expect("truncate");
        }
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes, &text.as_bytes()[..half as usize]);
    // Loaded, it is the transcript of the lines the file now holds (the last one cut).
    let transcript = load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let whole_lines = text[..half as usize].matches('\n').count();
    assert_eq!(transcript.turns.len(), whole_lines + 1);
    for (n, turn) in transcript.turns.iter().enumerate().take(whole_lines) {
        assert!(
            turn.text.contains(&format!("line {n:07} ")),
            "{}",
            turn.text
        );
    }
}

/// Lines of a file large enough to be read in two halves at once (`PARALLEL_READ_BYTES`).
const LARGE_LINES: usize = 170_000; // about 9 MB

#[test]
fn a_large_file_read_in_halves_is_read_whole_and_in_order() {
    let d = dir();
    let text = version_text(1, LARGE_LINES);
    assert!(text.len() as u64 >= PARALLEL_READ_BYTES);
    let path = write(&d, "large.txt", text.as_bytes());
    let bytes = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes == text.as_bytes(), "{} bytes", bytes.len());
}

#[test]
fn a_large_file_changed_in_the_middle_of_a_read_is_read_again_whole() {
    let d = dir();
    let path = write(
        &d,
        "large-rewritten.txt",
        version_text(1, LARGE_LINES).as_bytes(),
    );
    // Longer, shorter: each is read whole on the next attempt, never mixed with the first.
    for (name, lines) in [("longer", LARGE_LINES + 500), ("shorter", LARGE_LINES / 2)] {
        std::fs::write(&path, version_text(1, LARGE_LINES)).expect("reset");
        let second = version_text(2, lines);
        let (bytes, attempts) = read_rewritten_midway(&path, &second);
        assert!(bytes == second.as_bytes(), "{name}: {} bytes", bytes.len());
        assert_eq!(
            attempts,
            vec![0, 1],
            "{name}: read once more after the change"
        );
    }
}

#[test]
fn a_file_that_keeps_changing_is_refused_clearly() {
    let d = dir();
    let path = write(&d, "growing.txt", version_text(1, LINES).as_bytes());
    let mut append = |_| {
        let file = std::fs::OpenOptions::new().append(true).open(&path);
        file.and_then(|mut f| f.write_all(b"ALICE: one more line.\n"))
            .expect("append");
    };
    let error = read_file_observed(&path, &mut append).expect_err("it never holds still");
    assert!(
        matches!(
            error.kind,
            LoadErrorKind::ChangedWhileReading { attempts: 3, .. }
        ),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("growing.txt: the file changed while it was being read"),
        "{message}"
    );
}

#[test]
fn a_file_deleted_in_the_middle_of_a_read_is_read_to_its_end() {
    let d = dir();
    let text = version_text(1, LINES);
    let path = write(&d, "deleted.txt", text.as_bytes());
    let bytes = read_file_observed(&path, &mut |_| {
        let _ = std::fs::remove_file(&path);
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes, text.as_bytes(), "the open file stays readable");
    assert!(!path.exists());
}

#[test]
fn a_file_changed_by_another_thread_while_it_loads_is_read_consistently_or_refused_clearly() {
    let d = dir();
    let path = write(&d, "changing.txt", version_text(1, LINES).as_bytes());
    let good = write(
        &d,
        "good.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello.\n",
    );
    let also_good = write(&d, "also.csv", b"speaker,text\nAnn,Hi\nBob,Hello\n");
    let stop = Arc::new(AtomicBool::new(false));
    let changes = Arc::new(AtomicU32::new(0));
    let writer = keep_changing(path.clone(), LINES, Arc::clone(&stop), Arc::clone(&changes));
    let (mut consistent, mut refused) = (0, 0);
    // At least 60 reads, and on until the writer has changed the file a few times (on a busy
    // machine its thread may hardly run meanwhile), within a minute.
    let started = std::time::Instant::now();
    for reads in 0.. {
        let enough_changes = changes.load(Ordering::Relaxed) > 4;
        if reads >= 60 && (enough_changes || started.elapsed().as_secs() > 60) {
            break;
        }
        match read_file(&path) {
            Ok(bytes) => {
                assert!(
                    is_prefix_of_one_version(&bytes, LINES),
                    "a read mixed two versions of the file ({} bytes)",
                    bytes.len()
                );
                consistent += 1;
            }
            Err(error) => {
                assert!(error.to_string().contains("changing.txt"), "{error}");
                assert!(
                    matches!(
                        &error.kind,
                        LoadErrorKind::ChangedWhileReading { attempts: 3, .. }
                    ) || matches!(&error.kind, LoadErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound),
                    "{error}"
                );
                refused += 1;
            }
        }
    }
    // Loading it among other files: the others load whatever happens to it.
    let results = load_paths(&[good.clone(), path.clone(), also_good.clone()]);
    stop.store(true, Ordering::Relaxed);
    let changes = writer.join().expect("the writer thread");
    assert!(
        changes > 3,
        "the file was changed during the reads ({changes})"
    );
    assert!(results[0].as_ref().is_ok_and(|t| t.source_path == good));
    assert!(results[2].as_ref().is_ok_and(|t| t.turns.len() == 2));
    match &results[1] {
        Ok(transcript) => {
            // A consistent version: the turns are the file's lines, in order, from the first.
            for (n, turn) in transcript.turns.iter().enumerate().take(1000) {
                assert!(
                    turn.text.contains(&format!("line {n:07} ")),
                    "turn {n}: {}",
                    turn.text
                );
            }
        }
        Err(error) => assert!(
            matches!(
                error.kind,
                LoadErrorKind::ChangedWhileReading { .. }
                    | LoadErrorKind::Io(_)
                    | LoadErrorKind::Empty
            ),
            "{error}"
        ),
    }
    eprintln!("{consistent} consistent reads, {refused} refused, {changes} changes");
    // Once the file stops changing it loads.
    let settled = std::fs::read(&path).expect("the settled file");
    assert!(is_prefix_of_one_version(&settled, LINES));
    if !settled.iter().all(u8::is_ascii_whitespace) {
        assert!(load_path(&path).is_ok_and(|t| !t.turns.is_empty()));
    }
}

#[test]
fn a_changed_file_message_says_what_happened() {
    let error = LoadError::new(
        Path::new("/tmp/briefing.txt"),
        LoadErrorKind::ChangedWhileReading {
            size: 6 * 1024 * 1024,
            read: 2048,
            attempts: 3,
        },
    );
    assert_eq!(
        error.to_string(),
        "/tmp/briefing.txt: the file changed while it was being read (6.0 MB when opened, 2.0 KB \
         read; tried 3 times); it may still be being written: load it again once it is complete"
    );
}

/// Makes a named pipe with `mkfifo`; `None` where the tool is missing.
fn named_pipe(path: &Path) -> Option<()> {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .ok()?;
    status.success().then_some(())
}

#[test]
fn a_named_pipe_in_a_folder_is_skipped_and_one_given_is_read_to_its_end() {
    let d = dir();
    let pipe = d.path().join("live.txt");
    if named_pipe(&pipe).is_none() {
        eprintln!("mkfifo is not available; nothing to check");
        return;
    }
    let good = write(
        &d,
        "good.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello.\n",
    );
    // A folder walk never opens the pipe (opening it would wait for a writer for ever).
    assert_eq!(collect_files(&[d.path().to_path_buf()]), vec![good]);

    // Given explicitly, it is read as a stream: a writer that stops half-way (as a truncated
    // file would) gives the transcript of what was written, line by line.
    let text = version_text(7, 2000);
    let half = text.len() / 2;
    let writer_path = pipe.clone();
    let written = text[..half].to_owned();
    let writer = std::thread::spawn(move || {
        if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(&writer_path) {
            let _ = file.write_all(written.as_bytes());
        }
    });
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader_path = pipe.clone();
    std::thread::spawn(move || {
        let _ = sender.send(load_path(&reader_path));
    });
    let result = receiver
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("reading the pipe finished");
    writer.join().expect("the writer thread");
    let transcript = result.unwrap_or_else(|e| panic!("{e}"));
    let complete_lines = text[..half].matches('\n').count();
    assert!(
        transcript.turns.len() >= complete_lines,
        "{} turns for {complete_lines} complete lines",
        transcript.turns.len()
    );
    for (n, turn) in transcript.turns.iter().enumerate().take(complete_lines) {
        assert!(
            turn.text.contains(&format!("line {n:07} ")),
            "{}",
            turn.text
        );
    }
}

mod never_panics {
    //! Any bytes, under any supported extension: a transcript or an error, never a panic; turns
    //! lie inside the decoded text, in order.
    use crosstalk::parse::load_bytes;
    use proptest::prelude::*;
    use std::path::Path;

    const EXTENSIONS: &[&str] = &[
        "txt", "srt", "vtt", "json", "csv", "tsv", "html", "docx", "md",
    ];

    fn check(name: &str, bytes: &[u8]) {
        if let Ok(transcript) = load_bytes(Path::new(name), bytes) {
            let mut previous_end = 0;
            for turn in &transcript.turns {
                assert!(turn.source_range.start <= turn.source_range.end);
                assert!(turn.source_range.end <= transcript.source_len);
                assert!(turn.source_range.start >= previous_end, "turns overlap");
                assert!(turn.end >= turn.start);
                previous_end = turn.source_range.end;
            }
        }
    }

    /// Text made of the pieces structured formats are built from, so that the readers get past
    /// detection and meet broken structure.
    fn structured_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("WEBVTT\n".to_string()),
            Just("\n\n".to_string()),
            Just("1\n".to_string()),
            Just("00:00:01,000 --> 00:00:02,500\n".to_string()),
            Just("0.860 --> 7.380\n".to_string()),
            Just(" --> ".to_string()),
            Just("<v Ann>".to_string()),
            Just("Bob: ".to_string()),
            Just("{\"segments\":[".to_string()),
            Just("{\"speaker\":\"A\",\"text\":\"hi\",\"start\":1}".to_string()),
            Just(",".to_string()),
            Just("]}".to_string()),
            Just("speaker,minute,text\n".to_string()),
            Just("Ann,01:20,\"Hello, \"\"you\"\"\"\n".to_string()),
            Just("<cite>Ann:</cite><time>0:30</time><p>Hi &amp; bye</p>".to_string()),
            Just("<script>a<b</script>".to_string()),
            Just("ПУТИН: ".to_string()),
            "[a-zA-Z :<>{}\\[\\],.\"\n-]{0,20}",
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in 0..EXTENSIONS.len()) {
            check(&format!("f.{}", EXTENSIONS[ext]), &bytes);
        }

        #[test]
        fn broken_structure(text in structured_text(), ext in 0..EXTENSIONS.len()) {
            check(&format!("f.{}", EXTENSIONS[ext]), text.as_bytes());
        }
    }
}
