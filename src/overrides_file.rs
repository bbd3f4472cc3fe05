//! Speaker overrides as a file of their own (File > Export / Import speaker overrides): the
//! versioned JSON format, strict validation on the way in, and combining imported corrections
//! with the ones in force.
//!
//! The format (version 1) is one JSON object:
//!
//! ```json
//! {
//!   "format": "crosstalk-speaker-overrides",
//!   "version": 1,
//!   "renames": { "person:vladimir putin": "President Putin" },
//!   "merges": { "person:alexander lukashenko": "person:vladimir putin" },
//!   "splits": ["THE PRESIDENT"],
//!   "hidden": ["moderator:debate.txt#moderator"]
//! }
//! ```
//!
//! `format` and `version` are required; the four collections are optional (missing means
//! empty). `renames` maps a speaker key to the name to show; `merges` maps the key of a
//! speaker that disappears to the key of the one it joins; `splits` lists labels (as written,
//! compared case-insensitively) split back out of the speaker they were merged into; `hidden`
//! lists the keys of hidden speakers. Keys and names are non-empty strings; no speaker is merged
//! into itself, directly or through a chain. Any other field is refused, so that a misspelt one
//! is not silently ignored.

use crate::library::SpeakerOverrides;
use crate::storage::{Overwrite, StorageError, write_atomic};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The value of the `format` field.
pub const FORMAT_NAME: &str = "crosstalk-speaker-overrides";

/// The version of the format this Crosstalk writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// Files larger than this are refused before they are parsed (an overrides file of a very
/// large library is a few hundred kilobytes).
pub const MAX_OVERRIDES_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The fields a version-1 file may have.
const FIELDS: &[&str] = &["format", "version", "renames", "merges", "splits", "hidden"];

/// Why a speaker-overrides file could not be read, or written.
#[derive(Debug, thiserror::Error)]
pub enum OverridesFileError {
    /// The file could not be opened or read.
    #[error("could not read the file: {0}")]
    Read(#[from] std::io::Error),
    /// A folder, named pipe or device was given instead of a file.
    #[error("it is not a regular file")]
    NotAFile,
    /// The file is larger than [`MAX_OVERRIDES_FILE_BYTES`].
    #[error("the file is too large for speaker overrides ({size} bytes; the limit is {limit})")]
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are not JSON (or not UTF-8).
    #[error("it is not valid JSON ({0})")]
    Json(String),
    /// Valid JSON that is not a speaker-overrides file, or breaks one of its rules.
    #[error("{0}")]
    Shape(String),
    /// The `version` is not one this Crosstalk knows.
    #[error(
        "it is version {found} of the speaker-overrides format; this Crosstalk reads version {FORMAT_VERSION}"
    )]
    UnknownVersion {
        /// The version in the file.
        found: u64,
    },
    /// The merges lead from a speaker back to itself.
    #[error("the merges form a cycle ({})", .0.join(" → "))]
    MergeCycle(Vec<String>),
    /// Writing the file failed (nothing was replaced).
    #[error(transparent)]
    Write(#[from] StorageError),
}

/// The overrides as the JSON text of a version-1 file (pretty-printed, keys sorted, ending with
/// a newline).
pub fn to_json(overrides: &SpeakerOverrides) -> String {
    let strings =
        |set: &BTreeSet<String>| Value::Array(set.iter().cloned().map(Value::String).collect());
    let map = |map: &BTreeMap<String, String>| {
        Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    };
    let mut object = Map::new();
    object.insert("format".to_owned(), Value::String(FORMAT_NAME.to_owned()));
    object.insert("version".to_owned(), Value::from(FORMAT_VERSION));
    object.insert("renames".to_owned(), map(&overrides.renames));
    object.insert("merges".to_owned(), map(&overrides.merges));
    object.insert("splits".to_owned(), strings(&overrides.splits));
    object.insert("hidden".to_owned(), strings(&overrides.hidden));
    // Serialising a tree of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads and validates the JSON of a speaker-overrides file.
pub fn from_json(bytes: &[u8]) -> Result<SpeakerOverrides, OverridesFileError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| OverridesFileError::Json(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(shape(format!(
            "expected a JSON object with \"format\": \"{FORMAT_NAME}\", found {}",
            kind_of(&value)
        )));
    };
    match object.get("format") {
        Some(Value::String(name)) if name == FORMAT_NAME => {}
        Some(Value::String(name)) => {
            return Err(shape(format!(
                "it is a \"{name}\" file, not \"{FORMAT_NAME}\""
            )));
        }
        Some(other) => {
            return Err(shape(format!(
                "\"format\" should be the string \"{FORMAT_NAME}\", found {}",
                kind_of(other)
            )));
        }
        None => {
            return Err(shape(format!(
                "not a speaker-overrides file (no \"format\": \"{FORMAT_NAME}\")"
            )));
        }
    }
    match object.get("version") {
        Some(version) => match version.as_u64() {
            Some(FORMAT_VERSION) => {}
            Some(found) => return Err(OverridesFileError::UnknownVersion { found }),
            None => {
                return Err(shape(format!(
                    "\"version\" should be a whole number, found {}",
                    kind_of(version)
                )));
            }
        },
        None => return Err(shape("no \"version\" field".to_owned())),
    }
    if let Some(unknown) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(shape(format!(
            "unknown field \"{unknown}\" (the fields are {})",
            FIELDS.join(", ")
        )));
    }
    let overrides = SpeakerOverrides {
        renames: string_map(&object, "renames", "a speaker key", "the name to show")?,
        merges: string_map(
            &object,
            "merges",
            "a speaker key",
            "the key of the speaker it joins",
        )?,
        splits: string_set(&object, "splits", "a label as written")?,
        hidden: string_set(&object, "hidden", "a speaker key")?,
    };
    if let Some((from, _)) = overrides.merges.iter().find(|(from, into)| from == into) {
        return Err(shape(format!("merges: \"{from}\" is merged into itself")));
    }
    check_merges(&overrides)?;
    Ok(overrides)
}

/// Checks that following the merges from any speaker never comes back to a speaker already
/// passed; the error lists the cycle (`a → b → a`).
pub fn check_merges(overrides: &SpeakerOverrides) -> Result<(), OverridesFileError> {
    let merges = &overrides.merges;
    let mut settled: BTreeSet<&str> = BTreeSet::new();
    for start in merges.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut key = start.as_str();
        while !settled.contains(key) {
            if let Some(position) = path.iter().position(|k| *k == key) {
                let mut cycle: Vec<String> =
                    path[position..].iter().map(|k| k.to_string()).collect();
                cycle.push(key.to_owned());
                return Err(OverridesFileError::MergeCycle(cycle));
            }
            path.push(key);
            match merges.get(key) {
                Some(into) => key = into,
                None => break,
            }
        }
        settled.extend(path);
    }
    Ok(())
}

/// The current overrides with imported ones added: every rename, merge, split and hidden
/// speaker of `imported` is kept, and where both name the same speaker (a rename or a merge of
/// one key) the imported one wins. Fails, leaving both untouched, when the merges together form
/// a cycle.
pub fn combine(
    current: &SpeakerOverrides,
    imported: &SpeakerOverrides,
) -> Result<SpeakerOverrides, OverridesFileError> {
    let mut combined = current.clone();
    combined.renames.extend(imported.renames.clone());
    combined.merges.extend(imported.merges.clone());
    combined.splits.extend(imported.splits.iter().cloned());
    combined.hidden.extend(imported.hidden.iter().cloned());
    check_merges(&combined)?;
    Ok(combined)
}

/// The number of corrections in a set of overrides (each rename, merge, split and hidden
/// speaker counts one).
pub fn count(overrides: &SpeakerOverrides) -> usize {
    overrides.renames.len()
        + overrides.merges.len()
        + overrides.splits.len()
        + overrides.hidden.len()
}

/// Reads and validates a speaker-overrides file. Refuses folders, named pipes and devices (so
/// that a typed path never blocks) and files over [`MAX_OVERRIDES_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<SpeakerOverrides, OverridesFileError> {
    // Checked before opening: opening a named pipe waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(OverridesFileError::NotAFile);
    }
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(OverridesFileError::NotAFile);
    }
    if metadata.len() > MAX_OVERRIDES_FILE_BYTES {
        return Err(OverridesFileError::TooLarge {
            size: metadata.len(),
            limit: MAX_OVERRIDES_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_OVERRIDES_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_OVERRIDES_FILE_BYTES {
        return Err(OverridesFileError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_OVERRIDES_FILE_BYTES,
        });
    }
    from_json(&bytes)
}

/// Writes the overrides to `path` atomically; with [`Overwrite::Refuse`] an existing file is
/// left alone and the error is [`StorageError::AlreadyExists`].
pub fn write_file(
    path: &Path,
    overrides: &SpeakerOverrides,
    overwrite: Overwrite,
) -> Result<(), OverridesFileError> {
    write_atomic(path, to_json(overrides).as_bytes(), overwrite)?;
    Ok(())
}

fn shape(message: String) -> OverridesFileError {
    OverridesFileError::Shape(message)
}

/// "an array", "a number"… for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field that maps non-empty strings to non-empty strings; missing means empty.
fn string_map(
    object: &Map<String, Value>,
    field: &str,
    key_meaning: &str,
    value_meaning: &str,
) -> Result<BTreeMap<String, String>, OverridesFileError> {
    let Some(value) = object.get(field) else {
        return Ok(BTreeMap::new());
    };
    let Value::Object(entries) = value else {
        return Err(shape(format!(
            "\"{field}\" should be an object from {key_meaning} to {value_meaning}, found {}",
            kind_of(value)
        )));
    };
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        if key.trim().is_empty() {
            return Err(shape(format!(
                "\"{field}\" has an empty key where {key_meaning} belongs"
            )));
        }
        match value {
            Value::String(text) if !text.trim().is_empty() => {
                out.insert(key.clone(), text.clone());
            }
            Value::String(_) => {
                return Err(shape(format!(
                    "\"{field}\".\"{key}\" is empty; it should be {value_meaning}"
                )));
            }
            other => {
                return Err(shape(format!(
                    "\"{field}\".\"{key}\" should be {value_meaning} (a string), found {}",
                    kind_of(other)
                )));
            }
        }
    }
    Ok(out)
}

/// A field that lists non-empty strings; missing means empty.
fn string_set(
    object: &Map<String, Value>,
    field: &str,
    meaning: &str,
) -> Result<BTreeSet<String>, OverridesFileError> {
    let Some(value) = object.get(field) else {
        return Ok(BTreeSet::new());
    };
    let Value::Array(items) = value else {
        return Err(shape(format!(
            "\"{field}\" should be an array of strings ({meaning} each), found {}",
            kind_of(value)
        )));
    };
    let mut out = BTreeSet::new();
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::String(text) if !text.trim().is_empty() => {
                out.insert(text.clone());
            }
            Value::String(_) => {
                return Err(shape(format!(
                    "\"{field}\"[{index}] is empty; it should be {meaning}"
                )));
            }
            other => {
                return Err(shape(format!(
                    "\"{field}\"[{index}] should be {meaning} (a string), found {}",
                    kind_of(other)
                )));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SpeakerOverrides {
        let mut overrides = SpeakerOverrides::default();
        overrides
            .renames
            .insert("person:vladimir putin".into(), "President Putin".into());
        overrides.merges.insert(
            "person:alexander lukashenko".into(),
            "person:vladimir putin".into(),
        );
        overrides.splits.insert("THE PRESIDENT".into());
        overrides
            .hidden
            .insert("moderator:debate.txt#moderator".into());
        overrides
    }

    fn error_of(text: &str) -> String {
        match from_json(text.as_bytes()) {
            Ok(overrides) => panic!("{text} was accepted as {overrides:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn round_trips_and_documents_its_version() {
        let json = to_json(&sample());
        assert!(json.contains("\"version\": 1"), "{json}");
        assert!(
            json.contains(&format!("\"format\": \"{FORMAT_NAME}\"")),
            "{json}"
        );
        assert_eq!(from_json(json.as_bytes()).ok(), Some(sample()));
        let empty = to_json(&SpeakerOverrides::default());
        assert_eq!(
            from_json(empty.as_bytes()).ok(),
            Some(SpeakerOverrides::default())
        );
        // The collections are optional.
        let minimal = format!("{{\"format\": \"{FORMAT_NAME}\", \"version\": 1}}");
        assert_eq!(
            from_json(minimal.as_bytes()).ok(),
            Some(SpeakerOverrides::default())
        );
    }

    #[test]
    fn refuses_wrong_shapes_with_the_reason() {
        let head = format!("\"format\": \"{FORMAT_NAME}\", \"version\": 1");
        let cases: Vec<(String, &str)> = vec![
            ("{\"renames\": {".into(), "not valid JSON"),
            ("[1, 2]".into(), "found an array"),
            ("{\"version\": 1}".into(), "not a speaker-overrides file"),
            (
                "{\"format\": \"crosstalk-themes\", \"version\": 1}".into(),
                "\"crosstalk-themes\" file",
            ),
            (
                format!("{{\"format\": \"{FORMAT_NAME}\"}}"),
                "no \"version\"",
            ),
            (
                format!("{{\"format\": \"{FORMAT_NAME}\", \"version\": 2}}"),
                "version 2 of the speaker-overrides format",
            ),
            (
                format!("{{\"format\": \"{FORMAT_NAME}\", \"version\": \"1\"}}"),
                "whole number, found a string",
            ),
            (
                format!("{{{head}, \"rename\": {{}}}}"),
                "unknown field \"rename\"",
            ),
            (
                format!("{{{head}, \"renames\": [[\"a\", \"b\"]]}}"),
                "found an array",
            ),
            (
                format!("{{{head}, \"renames\": {{\"person:a\": 3}}}}"),
                "\"renames\".\"person:a\" should be the name to show (a string), found a number",
            ),
            (
                format!("{{{head}, \"renames\": {{\"\": \"A\"}}}}"),
                "empty key",
            ),
            (
                format!("{{{head}, \"renames\": {{\"person:a\": \" \"}}}}"),
                "is empty",
            ),
            (
                format!("{{{head}, \"hidden\": [\"person:a\", 7]}}"),
                "\"hidden\"[1] should be a speaker key (a string), found a number",
            ),
            (format!("{{{head}, \"splits\": \"Q\"}}"), "array of strings"),
            (
                format!("{{{head}, \"merges\": {{\"person:a\": \"person:a\"}}}}"),
                "merged into itself",
            ),
            (
                format!(
                    "{{{head}, \"merges\": {{\"person:a\": \"person:b\", \"person:b\": \"person:c\", \"person:c\": \"person:a\"}}}}"
                ),
                "cycle (person:a → person:b → person:c → person:a)",
            ),
        ];
        for (text, expected) in cases {
            let message = error_of(&text);
            assert!(message.contains(expected), "{text}: {message}");
        }
        assert!(matches!(
            from_json(b"\xff\xfe{}"),
            Err(OverridesFileError::Json(_))
        ));
    }

    #[test]
    fn combining_keeps_both_and_the_import_wins_on_the_same_speaker() {
        let mut current = SpeakerOverrides::default();
        current.renames.insert("person:a".into(), "Mine".into());
        current.renames.insert("person:b".into(), "Bee".into());
        current.hidden.insert("person:h".into());
        let mut imported = SpeakerOverrides::default();
        imported.renames.insert("person:a".into(), "Theirs".into());
        imported.merges.insert("person:c".into(), "person:a".into());
        let combined = combine(&current, &imported).expect("no cycle");
        assert_eq!(combined.renames["person:a"], "Theirs");
        assert_eq!(combined.renames["person:b"], "Bee");
        assert_eq!(combined.merges["person:c"], "person:a");
        assert!(combined.hidden.contains("person:h"));
        assert_eq!(count(&combined), 4);

        // A cycle made of one merge each side is refused.
        let mut back = SpeakerOverrides::default();
        back.merges.insert("person:a".into(), "person:c".into());
        let error = combine(&combined, &back).expect_err("a cycle");
        assert!(
            matches!(error, OverridesFileError::MergeCycle(_)),
            "{error}"
        );
        // Chains without a cycle are fine.
        let mut chain = SpeakerOverrides::default();
        chain.merges.insert("person:d".into(), "person:c".into());
        assert!(combine(&combined, &chain).is_ok());
    }

    #[test]
    fn files_are_written_atomically_without_replacing_and_read_back() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("speakers.json");
        write_file(&path, &sample(), Overwrite::Refuse).expect("written");
        assert_eq!(read_file(&path).ok(), Some(sample()));
        let refused = write_file(&path, &SpeakerOverrides::default(), Overwrite::Refuse);
        assert!(matches!(
            refused,
            Err(OverridesFileError::Write(
                StorageError::AlreadyExists { .. }
            ))
        ));
        assert_eq!(read_file(&path).ok(), Some(sample()), "left as it was");
        write_file(&path, &SpeakerOverrides::default(), Overwrite::Replace).expect("replaced");
        assert_eq!(read_file(&path).ok(), Some(SpeakerOverrides::default()));
        assert!(matches!(
            read_file(folder.path()),
            Err(OverridesFileError::NotAFile | OverridesFileError::Read(_))
        ));
        assert!(matches!(
            read_file(&folder.path().join("missing.json")),
            Err(OverridesFileError::Read(_))
        ));
    }

    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let pipe = folder.path().join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            eprintln!("mkfifo is not available; nothing to check");
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(read_file(&pipe).map(|_| ()).map_err(|e| e.to_string()));
        });
        let answer = receiver.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(
            answer,
            Ok(Err("it is not a regular file".to_owned())),
            "refused at once"
        );
    }
}
