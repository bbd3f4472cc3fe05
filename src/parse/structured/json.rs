//! JSON transcripts from speech-to-text tools: WhisperX/pyannote, AssemblyAI, Podcasting 2.0,
//! Amazon Transcribe, Google Speech-to-Text, BBC Kaldi, Speechmatics, Rev.ai, Deepgram; and any other JSON
//! holding an array of objects with a speaker-like and a text-like key.
//!
//! [`JSON_READERS`] lists the readers in the order they are tried; the first that recognises the
//! shape reads the file. A reader for another shape (Crosstalk's own export) is one more entry.

use super::{TurnBuilder, parse_clock};
use crate::model::Format;
use crate::parse::LoadErrorKind;
use crate::parse::raw::RawDocument;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A reader for one JSON shape: `None` when the value is not that shape, otherwise the result
/// of reading it. `source` is the JSON text (for byte ranges).
pub type JsonReader = fn(&Value, &str) -> Option<Result<RawDocument, LoadErrorKind>>;

/// The JSON readers, tried in order: specific shapes first, the generic reader last. Crosstalk's
/// own export (top-level key `"crosstalk"`) never gets here: `parse::load_bytes` reads it first
/// with `export::read_crosstalk_json`, so its `turns` array is not taken for a generic list.
pub const JSON_READERS: &[JsonReader] = &[
    read_assemblyai,
    read_amazon_transcribe,
    read_google_stt,
    read_speechmatics,
    read_rev_ai,
    read_deepgram,
    read_bbc_kaldi,
    read_podcast_namespace,
    read_whisper,
    read_generic,
];

/// Reads JSON text: parses it (malformed or too deeply nested JSON is a
/// [`LoadErrorKind::Json`] error) and hands it to the first reader that recognises its shape.
pub fn read(text: &str) -> Result<RawDocument, LoadErrorKind> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| LoadErrorKind::Json(e.to_string()))?;
    read_value(&value, text)
}

/// Tries [`JSON_READERS`] in order on a parsed value.
pub fn read_value(value: &Value, text: &str) -> Result<RawDocument, LoadErrorKind> {
    for reader in JSON_READERS {
        if let Some(result) = reader(value, text) {
            return result;
        }
    }
    Err(LoadErrorKind::UnknownJsonShape {
        keys: keys_found(value),
    })
}

/// One piece of speech found in JSON: a segment, an utterance or a word.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    label: Option<String>,
    text: String,
    start: Option<f64>,
    end: Option<f64>,
}

/// How far ahead of the last match a piece's text is looked for in the source, so that pieces
/// whose escaping differs cannot make range finding quadratic.
const RANGE_SEARCH_WINDOW: usize = 64 * 1024;

/// Merges pieces into blocks and finds their byte ranges in the source: each piece's text is
/// looked for, as a JSON string literal, after the previous piece.
fn document(
    format: Format,
    pieces: Vec<Piece>,
    source: &str,
) -> Result<RawDocument, LoadErrorKind> {
    if pieces.iter().all(|p| p.text.trim().is_empty()) {
        return Err(LoadErrorKind::NoText(format!(
            "the {format} JSON holds no speech"
        )));
    }
    let mut builder = TurnBuilder::new();
    let mut cursor = 0;
    for piece in &pieces {
        let range = find_literal(source, &piece.text, cursor);
        cursor = range.end;
        builder.push(
            piece.label.as_deref(),
            &piece.text,
            range,
            piece.start,
            piece.end,
        );
    }
    Ok(RawDocument {
        format: Some(format),
        blocks: builder.finish(),
        source_len: source.len(),
        ..RawDocument::default()
    })
}

/// The byte range of `text` written as a JSON string (quotes excluded) at or after `from`;
/// an empty range at `from` when it is not found nearby.
fn find_literal(source: &str, text: &str, from: usize) -> std::ops::Range<usize> {
    let Ok(literal) = serde_json::to_string(text) else {
        return from..from;
    };
    let mut end = (from + RANGE_SEARCH_WINDOW + literal.len()).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    match source
        .get(from..end)
        .and_then(|window| window.find(&literal))
    {
        Some(at) => from + at + 1..from + at + literal.len() - 1,
        None => from..from,
    }
}

/// A string field.
fn str_field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// A label from a string or number field (`"A"`, `"spk_0"`, `2`).
fn label_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(inner) => ["@id", "id", "name", "label"]
            .iter()
            .find_map(|k| label_field(inner, k)),
        _ => None,
    }
}

/// Seconds from a number, a numeric string (`"13.03"`, `"12.9s"`, `"00:01:02"`), or a
/// `{seconds, nanos}` object; `scale` converts numbers (1000 for milliseconds).
fn seconds(value: &Value, scale: f64) -> Option<f64> {
    let seconds = match value {
        Value::Number(n) => n.as_f64()? / scale,
        Value::String(s) => {
            let s = s.trim();
            if s.contains(':') || s.ends_with('s') {
                parse_clock(s)?
            } else {
                s.parse::<f64>().ok()? / scale
            }
        }
        Value::Object(o) => {
            let whole = o
                .get("seconds")
                .and_then(|v| seconds(v, 1.0))
                .unwrap_or(0.0);
            let nanos = o.get("nanos").and_then(Value::as_f64).unwrap_or(0.0);
            whole + nanos / 1e9
        }
        _ => return None,
    };
    (seconds.is_finite() && seconds >= 0.0).then_some(seconds)
}

/// The first of `keys` present in `object`, as seconds.
fn time_field(object: &Map<String, Value>, keys: &[&str], scale: f64) -> Option<f64> {
    keys.iter()
        .find_map(|k| object.get(*k).and_then(|v| seconds(v, scale)))
}

/// The objects of an array field.
fn objects<'a>(value: &'a Value, key: &str) -> Option<Vec<&'a Map<String, Value>>> {
    let array = value.get(key)?.as_array()?;
    Some(array.iter().filter_map(Value::as_object).collect())
}

/// AssemblyAI: `utterances[].{speaker, text, start, end}`, times in milliseconds.
fn read_assemblyai(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let utterances = objects(value, "utterances")?;
    if utterances.is_empty() || !utterances.iter().all(|u| u.contains_key("text")) {
        return None;
    }
    let pieces = utterances
        .iter()
        .map(|u| Piece {
            label: label_field(u, "speaker"),
            text: str_field(u, "text").unwrap_or_default().to_string(),
            start: time_field(u, &["start"], 1000.0),
            end: time_field(u, &["end"], 1000.0),
        })
        .collect();
    Some(document(Format::AssemblyAiJson, pieces, source))
}

/// Amazon Transcribe: `results.items[]` words and punctuation, speakers from
/// `results.speaker_labels.segments[].items[]` matched by start time.
fn read_amazon_transcribe(
    value: &Value,
    source: &str,
) -> Option<Result<RawDocument, LoadErrorKind>> {
    let results = value.get("results")?;
    let items = objects(results, "items")?;
    let transcripts = results.get("transcripts");
    if transcripts.is_none() && results.get("speaker_labels").is_none() {
        return None;
    }
    let mut speaker_at: BTreeMap<String, String> = BTreeMap::new();
    if let Some(segments) = results
        .get("speaker_labels")
        .and_then(|s| objects(s, "segments"))
    {
        for segment in segments {
            for item in segment
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
            {
                if let (Some(start), Some(label)) = (
                    str_field(item, "start_time"),
                    label_field(item, "speaker_label"),
                ) {
                    speaker_at.insert(start.to_string(), label);
                }
            }
        }
    }
    let pieces: Vec<Piece> = items
        .iter()
        .filter_map(|item| {
            let content = item
                .get("alternatives")?
                .as_array()?
                .first()?
                .get("content")?
                .as_str()?;
            let label = item
                .get("speaker_label")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| str_field(item, "start_time").and_then(|s| speaker_at.get(s).cloned()));
            Some(Piece {
                label,
                text: content.to_string(),
                start: time_field(item, &["start_time"], 1.0),
                end: time_field(item, &["end_time"], 1.0),
            })
        })
        .collect();
    if pieces.is_empty() {
        let transcript = transcripts?
            .as_array()?
            .first()?
            .get("transcript")?
            .as_str()?;
        let piece = Piece {
            label: None,
            text: transcript.to_string(),
            start: None,
            end: None,
        };
        return Some(document(Format::AmazonTranscribeJson, vec![piece], source));
    }
    Some(document(Format::AmazonTranscribeJson, pieces, source))
}

/// Google Speech-to-Text: `results[].alternatives[0].words[]` with `speakerTag`. With
/// diarization the last result repeats every word with its tag; that result is used.
fn read_google_stt(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let results = value.get("results")?.as_array()?;
    let alternatives: Vec<&Value> = results
        .iter()
        .filter_map(|r| r.get("alternatives")?.as_array()?.first())
        .collect();
    if alternatives.is_empty() || alternatives.len() != results.len() {
        return None;
    }
    let words_of = |alt: &Value| -> Vec<Map<String, Value>> {
        alt.get("words")
            .and_then(Value::as_array)
            .map(|w| w.iter().filter_map(|x| x.as_object().cloned()).collect())
            .unwrap_or_default()
    };
    let tagged = alternatives.iter().rev().find(|alt| {
        let words = words_of(alt);
        !words.is_empty() && words.iter().all(|w| w.contains_key("speakerTag"))
    });
    let pieces: Vec<Piece> = match tagged {
        Some(alt) => words_of(alt)
            .iter()
            .map(|w| Piece {
                label: label_field(w, "speakerTag").map(|tag| format!("Speaker {tag}")),
                text: str_field(w, "word").unwrap_or_default().to_string(),
                start: time_field(w, &["startTime", "startOffset"], 1.0),
                end: time_field(w, &["endTime", "endOffset"], 1.0),
            })
            .collect(),
        None => alternatives
            .iter()
            .filter_map(|alt| {
                let words = words_of(alt);
                Some(Piece {
                    label: None,
                    text: alt.get("transcript")?.as_str()?.to_string(),
                    start: words
                        .first()
                        .and_then(|w| time_field(w, &["startTime"], 1.0)),
                    end: words.last().and_then(|w| time_field(w, &["endTime"], 1.0)),
                })
            })
            .collect(),
    };
    if pieces.is_empty() {
        return None;
    }
    Some(document(Format::GoogleSttJson, pieces, source))
}

/// Speechmatics: `results[].{type, start_time, end_time, alternatives[0].{content, speaker}}`.
fn read_speechmatics(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let results = objects(value, "results")?;
    let is_word = |r: &&Map<String, Value>| {
        r.contains_key("start_time")
            && r.get("alternatives")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .is_some_and(|a| a.get("content").is_some())
    };
    if results.is_empty() || !results.iter().all(is_word) {
        return None;
    }
    let pieces = results
        .iter()
        .filter_map(|r| {
            let best = r.get("alternatives")?.as_array()?.first()?.as_object()?;
            Some(Piece {
                label: label_field(best, "speaker"),
                text: str_field(best, "content")?.to_string(),
                start: time_field(r, &["start_time"], 1.0),
                end: time_field(r, &["end_time"], 1.0),
            })
        })
        .collect();
    Some(document(Format::GenericJson, pieces, source))
}

/// Rev.ai: `monologues[].{speaker, speaker_name, elements[].{type, value, ts, end_ts}}`; the
/// elements carry their own spacing.
fn read_rev_ai(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let monologues = objects(value, "monologues")?;
    if monologues.is_empty() || !monologues.iter().all(|m| m.contains_key("elements")) {
        return None;
    }
    let mut pieces = Vec::new();
    for monologue in monologues {
        let label = label_field(monologue, "speaker_name")
            .or_else(|| label_field(monologue, "speaker").map(|n| format!("Speaker {n}")));
        let elements = monologue.get("elements").and_then(Value::as_array);
        let mut first = true;
        for element in elements.into_iter().flatten().filter_map(Value::as_object) {
            let Some(text) = str_field(element, "value") else {
                continue;
            };
            pieces.push(Piece {
                // The monologue's speaker labels its first element; the others continue it.
                label: if first { label.clone() } else { None },
                text: text.to_string(),
                start: time_field(element, &["ts"], 1.0),
                end: time_field(element, &["end_ts"], 1.0),
            });
            first = false;
        }
    }
    Some(document(Format::GenericJson, pieces, source))
}

/// Deepgram: `results.utterances[].{speaker, transcript, start, end}`, or else the words of the
/// first channel's best alternative, `{speaker, punctuated_word | word, start, end}`.
fn read_deepgram(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let results = value.get("results")?;
    let speaker =
        |o: &Map<String, Value>| label_field(o, "speaker").map(|n| format!("Speaker {n}"));
    if let Some(utterances) = objects(results, "utterances").filter(|u| !u.is_empty()) {
        let pieces = utterances
            .iter()
            .map(|u| Piece {
                label: speaker(u),
                text: str_field(u, "transcript").unwrap_or_default().to_string(),
                start: time_field(u, &["start"], 1.0),
                end: time_field(u, &["end"], 1.0),
            })
            .collect();
        return Some(document(Format::GenericJson, pieces, source));
    }
    let alternative = results
        .get("channels")?
        .as_array()?
        .first()?
        .get("alternatives")?
        .as_array()?
        .first()?;
    let words = objects(alternative, "words").unwrap_or_default();
    let pieces: Vec<Piece> = if words.is_empty() {
        vec![Piece {
            label: None,
            text: alternative.get("transcript")?.as_str()?.to_string(),
            start: None,
            end: None,
        }]
    } else {
        words
            .iter()
            .map(|w| Piece {
                label: speaker(w),
                text: str_field(w, "punctuated_word")
                    .or_else(|| str_field(w, "word"))
                    .unwrap_or_default()
                    .to_string(),
                start: time_field(w, &["start"], 1.0),
                end: time_field(w, &["end"], 1.0),
            })
            .collect()
    };
    Some(document(Format::GenericJson, pieces, source))
}

/// BBC Kaldi: `retval.words[].{start,end,punct}` with speakers from
/// `retval.segmentation.segments[].{start,duration,speaker.@id}`.
fn read_bbc_kaldi(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let retval = value.get("retval")?;
    let words = objects(retval, "words")?;
    let segments: Vec<(f64, f64, String)> = retval
        .get("segmentation")
        .and_then(|s| objects(s, "segments"))
        .unwrap_or_default()
        .iter()
        .filter_map(|s| {
            let start = time_field(s, &["start"], 1.0)?;
            let duration = time_field(s, &["duration"], 1.0).unwrap_or(0.0);
            Some((start, start + duration, label_field(s, "speaker")?))
        })
        .collect();
    let mut segments = segments;
    segments.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The segment containing the time, else the nearest one (binary search: files can be long).
    let speaker_at = |time: f64| -> Option<String> {
        let after = segments.partition_point(|s| s.0 <= time);
        let before = after.checked_sub(1).and_then(|i| segments.get(i));
        let next = segments.get(after);
        let chosen = match (before, next) {
            (Some(b), _) if time < b.1 => Some(b),
            (Some(b), Some(n)) => Some(if time - b.1 <= n.0 - time { b } else { n }),
            (b, n) => b.or(n),
        };
        chosen.map(|(_, _, label)| label.clone())
    };
    let pieces: Vec<Piece> = words
        .iter()
        .filter_map(|w| {
            let text = str_field(w, "punct").or_else(|| str_field(w, "word"))?;
            let start = time_field(w, &["start"], 1.0);
            Some(Piece {
                label: start.and_then(speaker_at),
                text: text.to_string(),
                start,
                end: time_field(w, &["end"], 1.0),
            })
        })
        .collect();
    if pieces.is_empty() {
        return None;
    }
    Some(document(Format::BbcKaldiJson, pieces, source))
}

/// Podcasting 2.0: `segments[].{speaker, startTime, endTime, body}`, times in seconds.
fn read_podcast_namespace(
    value: &Value,
    source: &str,
) -> Option<Result<RawDocument, LoadErrorKind>> {
    let segments = objects(value, "segments")?;
    if segments.is_empty() || !segments.iter().all(|s| s.contains_key("body")) {
        return None;
    }
    let pieces = segments
        .iter()
        .map(|s| Piece {
            label: label_field(s, "speaker"),
            text: str_field(s, "body").unwrap_or_default().to_string(),
            start: time_field(s, &["startTime"], 1.0),
            end: time_field(s, &["endTime"], 1.0),
        })
        .collect();
    Some(document(Format::PodcastJson, pieces, source))
}

/// WhisperX / pyannote: `segments[].{start, end, text, speaker}`, times in seconds; a segment
/// without a speaker takes the speaker of its words when they agree.
fn read_whisper(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let segments = objects(value, "segments")?;
    if segments.is_empty()
        || !segments
            .iter()
            .all(|s| s.contains_key("text") && s.contains_key("start"))
    {
        return None;
    }
    let pieces = segments
        .iter()
        .map(|s| Piece {
            label: label_field(s, "speaker").or_else(|| words_speaker(s)),
            text: str_field(s, "text").unwrap_or_default().to_string(),
            start: time_field(s, &["start"], 1.0),
            end: time_field(s, &["end"], 1.0),
        })
        .collect();
    Some(document(Format::WhisperJson, pieces, source))
}

/// The speaker of a segment's `words[]` when every word that names one names the same.
fn words_speaker(segment: &Map<String, Value>) -> Option<String> {
    let words = segment.get("words")?.as_array()?;
    let mut labels = words
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|w| label_field(w, "speaker"));
    let first = labels.next()?;
    labels.all(|l| l == first).then_some(first)
}

/// Keys that name the speaker, compared after lower-casing and dropping `_`/`-`.
const SPEAKER_KEYS: &[&str] = &[
    "speaker",
    "speakerlabel",
    "speakername",
    "speakertag",
    "speakerid",
    "name",
    "who",
    "spk",
    "person",
    "participant",
    "voice",
    "author",
    "character",
];

/// Keys that hold the words.
const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "transcript",
    "utterance",
    "sentence",
    "statement",
    "speech",
    "words",
    "line",
    "message",
    "caption",
];

/// Keys that hold a start time (seconds unless the name says milliseconds).
const START_KEYS: &[&str] = &[
    "start",
    "starttime",
    "startsec",
    "startseconds",
    "begin",
    "from",
    "offset",
    "time",
    "timestamp",
    "startms",
    "startmillis",
];

/// Keys that hold an end time.
const END_KEYS: &[&str] = &[
    "end",
    "endtime",
    "endsec",
    "endseconds",
    "to",
    "stop",
    "endms",
    "endmillis",
];

/// A key normalised for comparison: lower case, `_`, `-` and spaces dropped.
fn normalise_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first key of `object` whose normalised form is in `names` (in `names` order) and whose
/// value satisfies `ok`.
fn find_key<'a>(
    object: &'a Map<String, Value>,
    names: &[&str],
    ok: impl Fn(&Value) -> bool,
) -> Option<&'a str> {
    names.iter().find_map(|name| {
        object
            .iter()
            .find(|(k, v)| normalise_key(k) == *name && ok(v))
            .map(|(k, _)| k.as_str())
    })
}

/// How deep the generic reader looks for an array of speech objects.
const GENERIC_MAX_DEPTH: usize = 6;

/// Any JSON with an array of objects carrying a speaker-like and a text-like key (the largest
/// such array, searched a few levels deep).
fn read_generic(value: &Value, source: &str) -> Option<Result<RawDocument, LoadErrorKind>> {
    let mut best: Option<&Vec<Value>> = None;
    find_speech_arrays(value, 0, &mut best);
    let array = best?;
    let pieces = array
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|o| {
            let text_key = find_key(o, TEXT_KEYS, Value::is_string)?;
            let speaker_key = find_key(o, SPEAKER_KEYS, |v| v.is_string() || v.is_number());
            let start_key = find_key(o, START_KEYS, |v| seconds(v, 1.0).is_some());
            let end_key = find_key(o, END_KEYS, |v| seconds(v, 1.0).is_some());
            let time = |key: Option<&str>| {
                let key = key?;
                let scale =
                    if normalise_key(key).contains("ms") || normalise_key(key).contains("millis") {
                        1000.0
                    } else {
                        1.0
                    };
                seconds(o.get(key)?, scale)
            };
            Some(Piece {
                label: speaker_key.and_then(|k| label_field(o, k)),
                text: str_field(o, text_key)?.to_string(),
                start: time(start_key),
                end: time(end_key),
            })
        })
        .collect();
    Some(document(Format::GenericJson, pieces, source))
}

/// Whether an object has a speaker-like and a text-like key.
fn is_speech_object(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        find_key(o, TEXT_KEYS, Value::is_string).is_some()
            && find_key(o, SPEAKER_KEYS, |v| v.is_string() || v.is_number()).is_some()
    })
}

/// Finds the largest array whose objects are mostly speech objects.
fn find_speech_arrays<'a>(value: &'a Value, depth: usize, best: &mut Option<&'a Vec<Value>>) {
    if depth > GENERIC_MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            let speech = items.iter().filter(|v| is_speech_object(v)).count();
            if speech > 0 && speech * 2 >= items.len() && best.is_none_or(|b| b.len() < items.len())
            {
                *best = Some(items);
            }
            for item in items.iter().take(64) {
                find_speech_arrays(item, depth + 1, best);
            }
        }
        Value::Object(map) => {
            for child in map.values() {
                find_speech_arrays(child, depth + 1, best);
            }
        }
        _ => {}
    }
}

/// The keys found at the top of a value (and in the first object of a top-level array), for the
/// unknown-shape error.
fn keys_found(value: &Value) -> String {
    let keys: Vec<String> = match value {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .find_map(Value::as_object)
            .map(|o| o.keys().map(|k| format!("[].{k}")).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if keys.is_empty() {
        "none".to_string()
    } else {
        keys.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::raw::RawBlockKind;

    fn labels(raw: &RawDocument) -> Vec<String> {
        raw.blocks
            .iter()
            .map(|b| match &b.kind {
                RawBlockKind::Speech { label } => label.clone().unwrap_or_default(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn whisperx_segments() {
        let text = r#"{"segments":[{"start":0.5,"end":1.5,"text":" Hello there.","speaker":"SPEAKER_00"},
            {"start":1.5,"end":2.0,"text":" Still me.","speaker":"SPEAKER_00"},
            {"start":2.0,"end":3.0,"text":" Hi!","words":[{"word":"Hi!","speaker":"SPEAKER_01"}]}]}"#;
        let raw = read(text).expect("reads");
        assert_eq!(raw.format, Some(Format::WhisperJson));
        assert_eq!(labels(&raw), vec!["SPEAKER_00", "SPEAKER_01"]);
        assert_eq!(raw.blocks[0].text, "Hello there. Still me.");
        assert_eq!(
            (raw.blocks[0].start, raw.blocks[0].end),
            (Some(0.5), Some(2.0))
        );
        assert_eq!(&text[raw.blocks[1].source_range.clone()], " Hi!");
    }

    #[test]
    fn assemblyai_milliseconds() {
        let text = r#"{"utterances":[{"speaker":"A","text":"Thanks.","start":1100,"end":2100},{"speaker":"B","text":"Sure.","start":2200,"end":3000}]}"#;
        let raw = read(text).expect("reads");
        assert_eq!(raw.format, Some(Format::AssemblyAiJson));
        assert_eq!(raw.blocks[1].start, Some(2.2));
    }

    #[test]
    fn google_seconds_nanos_and_string_seconds() {
        assert_eq!(
            seconds(&serde_json::json!({"seconds":"12","nanos":900000000}), 1.0),
            Some(12.9)
        );
        assert_eq!(seconds(&serde_json::json!("13.5s"), 1.0), Some(13.5));
        assert_eq!(seconds(&serde_json::json!("13.03"), 1.0), Some(13.03));
    }

    #[test]
    fn generic_array_of_speech_objects() {
        let text = r#"{"meta":{"title":"x"},"data":{"lines":[{"who":"Ann","utterance":"Hi.","start_ms":1500},{"who":"Bob","utterance":"Hello."}]}}"#;
        let raw = read(text).expect("reads");
        assert_eq!(raw.format, Some(Format::GenericJson));
        assert_eq!(labels(&raw), vec!["Ann", "Bob"]);
        assert_eq!(raw.blocks[0].start, Some(1.5));
    }

    #[test]
    fn top_level_array_and_numeric_speakers() {
        let text = r#"[{"speaker":1,"content":"One.","begin":"00:00:01"},{"speaker":2,"content":"Two."},{"speaker":2,"content":"Three."}]"#;
        let raw = read(text).expect("reads");
        assert_eq!(labels(&raw), vec!["1", "2"]);
        assert_eq!(raw.blocks[0].start, Some(1.0));
        assert_eq!(raw.blocks[1].text, "Two. Three.");
        assert_eq!(
            &text[raw.blocks[1].source_range.clone()],
            "Two.\"},{\"speaker\":2,\"content\":\"Three."
        );
    }

    #[test]
    fn speechmatics_words() {
        let text = r#"{"format":"2.9","results":[
            {"type":"word","start_time":0.5,"end_time":0.8,"alternatives":[{"content":"Hello","speaker":"S1"}]},
            {"type":"punctuation","start_time":0.8,"end_time":0.8,"alternatives":[{"content":".","speaker":"S1"}]},
            {"type":"word","start_time":1.0,"end_time":1.2,"alternatives":[{"content":"Hi","speaker":"S2"}]}]}"#;
        let raw = read(text).expect("reads");
        assert_eq!(labels(&raw), vec!["S1", "S2"]);
        assert_eq!(raw.blocks[0].text, "Hello.");
        assert_eq!(raw.blocks[1].start, Some(1.0));
    }

    #[test]
    fn rev_ai_monologues() {
        let text = r#"{"monologues":[{"speaker":0,"elements":[{"type":"text","value":"Hello","ts":0.5,"end_ts":0.9},{"type":"punct","value":","},{"type":"punct","value":" "},{"type":"text","value":"world","ts":1.0,"end_ts":1.4},{"type":"punct","value":"."}]},
            {"speaker":1,"speaker_name":"Ann","elements":[{"type":"text","value":"Hi","ts":2.0,"end_ts":2.2}]}]}"#;
        let raw = read(text).expect("reads");
        assert_eq!(labels(&raw), vec!["Speaker 0", "Ann"]);
        assert_eq!(raw.blocks[0].text, "Hello, world.");
        assert_eq!(
            (raw.blocks[0].start, raw.blocks[0].end),
            (Some(0.5), Some(1.4))
        );
        assert!(text[raw.blocks[0].source_range.clone()].starts_with("Hello"));
        assert!(text[raw.blocks[0].source_range.clone()].ends_with("\"value\":\"."));
    }

    #[test]
    fn deepgram_words_and_utterances() {
        let words = r#"{"metadata":{},"results":{"channels":[{"alternatives":[{"transcript":"hello there hi","words":[
            {"word":"hello","start":0.1,"end":0.4,"speaker":0,"punctuated_word":"Hello"},
            {"word":"there","start":0.4,"end":0.7,"speaker":0,"punctuated_word":"there."},
            {"word":"hi","start":1.0,"end":1.2,"speaker":1,"punctuated_word":"Hi."}]}]}]}}"#;
        let raw = read(words).expect("reads");
        assert_eq!(labels(&raw), vec!["Speaker 0", "Speaker 1"]);
        assert_eq!(raw.blocks[0].text, "Hello there.");
        let utterances = r#"{"results":{"channels":[],"utterances":[{"speaker":1,"transcript":"Good morning.","start":2.5,"end":3.0}]}}"#;
        let raw = read(utterances).expect("reads");
        assert_eq!(labels(&raw), vec!["Speaker 1"]);
        assert_eq!(raw.blocks[0].start, Some(2.5));
    }

    #[test]
    fn unknown_shape_lists_keys() {
        match read(r#"{"foo":1,"bar":[1,2]}"#) {
            Err(LoadErrorKind::UnknownJsonShape { keys }) => assert_eq!(keys, "bar, foo"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(read(&text), Err(LoadErrorKind::Json(_))));
    }

    #[test]
    fn truncated_json_is_an_error() {
        assert!(matches!(
            read(r#"{"segments":[{"speaker":"A","#),
            Err(LoadErrorKind::Json(_))
        ));
    }
}
