//! Tables: CSV and TSV with a header row naming a speaker column and a text column, and
//! optionally a time column (`01:02`, `1:02:03` or seconds). Each row is one block.

use super::{TurnBuilder, head, parse_clock};
use crate::model::Format;
use crate::parse::LoadErrorKind;
use crate::parse::raw::RawDocument;

/// Header names of a speaker column (compared lower-case, without `_`, `-`, spaces).
#[rustfmt::skip]
const SPEAKER_COLUMNS: &[&str] = &[
    "speaker", "speakername", "speakerlabel", "name", "who", "person", "participant", "spk",
    "character", "role", "voice", "author",
];

/// Header names of a text column.
#[rustfmt::skip]
const TEXT_COLUMNS: &[&str] = &[
    "text", "statement", "content", "utterance", "transcript", "transcription", "speech",
    "sentence", "body", "line", "message", "dialogue", "dialog", "words", "caption", "quote",
];

/// Header names of a start-time column.
#[rustfmt::skip]
const TIME_COLUMNS: &[&str] = &[
    "start", "starttime", "time", "minute", "timestamp", "begin", "timecode", "offset", "from",
    "startsec", "startseconds", "startms", "starttimems", "startmillis",
];

/// Header names of an end-time column.
const END_COLUMNS: &[&str] = &[
    "end",
    "endtime",
    "stop",
    "to",
    "endsec",
    "endseconds",
    "endms",
    "endtimems",
    "endmillis",
];

/// The factor that turns a time column's numbers into seconds (1000 for `start_ms`).
fn time_scale(header: &str) -> f64 {
    let name = normalise(header);
    if name.ends_with("ms") || name.ends_with("millis") {
        1000.0
    } else {
        1.0
    }
}

/// A header name normalised for comparison.
fn normalise(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '"'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The index of the first header matching one of `names` (in `names` order).
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| headers.iter().position(|h| normalise(h) == *name))
}

/// CSV or TSV by content: a first line with a tab- or comma-separated header naming a text
/// column and a speaker or time column.
pub fn detect(head_text: &str) -> Option<Format> {
    let first = head(head_text, 1024).lines().next()?;
    for (separator, format) in [('\t', Format::Tsv), (',', Format::Csv), (';', Format::Csv)] {
        let headers: Vec<String> = first.split(separator).map(str::to_string).collect();
        if headers.len() >= 2
            && column(&headers, TEXT_COLUMNS).is_some()
            && (column(&headers, SPEAKER_COLUMNS).is_some()
                || column(&headers, TIME_COLUMNS).is_some())
        {
            return Some(format);
        }
    }
    None
}

/// The field separator: tab for TSV; for CSV, whichever of `,` `;` `\t` splits the header line
/// into the most fields.
fn separator(format: Format, text: &str) -> u8 {
    if format == Format::Tsv {
        return b'\t';
    }
    let first = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&s| first.bytes().filter(|&b| b == s).count())
        .unwrap_or(b',')
}

/// Whether a cell says "no value" (`NA`, `N/A`, `null`, `-`).
fn is_missing_value(field: &str) -> bool {
    ["na", "n/a", "nan", "null", "none", "-", "--", "?"]
        .iter()
        .any(|m| field.trim().eq_ignore_ascii_case(m))
}

/// Reads a CSV/TSV table.
pub fn read(format: Format, text: &str) -> Result<RawDocument, LoadErrorKind> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(format, text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| LoadErrorKind::Table(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let columns = || {
        headers
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}'))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(text_column) = column(&headers, TEXT_COLUMNS) else {
        return Err(LoadErrorKind::NoTextColumn { columns: columns() });
    };
    let speaker_column = column(&headers, SPEAKER_COLUMNS);
    let time_column = column(&headers, TIME_COLUMNS);
    let end_column = column(&headers, END_COLUMNS);
    let mut notices = Vec::new();
    if speaker_column.is_none() {
        notices.push(format!(
            "no speaker column in the table (columns: {}); the rows are read without speakers",
            columns()
        ));
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| LoadErrorKind::Table(e.to_string()))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        rows.push((start, record));
    }
    let mut builder = TurnBuilder::new();
    let mut bad_times = 0;
    for (index, (start, record)) in rows.iter().enumerate() {
        let end = rows
            .get(index + 1)
            .map_or(text.len(), |(next, _)| *next)
            .min(text.len());
        let range = *start..text[..end].trim_end().len().max(*start);
        let words = record.get(text_column).unwrap_or_default();
        if words.trim().is_empty() {
            continue;
        }
        let time = |column: Option<usize>, bad: &mut usize| {
            let field = record.get(column?)?.trim();
            if field.is_empty() || is_missing_value(field) {
                return None;
            }
            let scale = headers.get(column?).map_or(1.0, |h| time_scale(h));
            let parsed = match field.parse::<f64>() {
                Ok(number) if scale != 1.0 => {
                    Some(number / scale).filter(|t| t.is_finite() && *t >= 0.0)
                }
                _ => parse_clock(field),
            };
            if parsed.is_none() {
                *bad += 1;
            }
            parsed
        };
        let start_time = time(time_column, &mut bad_times);
        let end_time = time(end_column, &mut bad_times);
        builder.push_new_block(
            speaker_column
                .and_then(|c| record.get(c))
                .map(|label| label.trim().trim_end_matches(':'))
                .filter(|label| !is_missing_value(label)),
            words,
            range,
            start_time,
            end_time,
        );
    }
    if bad_times > 0 {
        notices.push(format!(
            "{bad_times} time values could not be read and were ignored"
        ));
    }
    let blocks = builder.finish();
    if blocks.is_empty() {
        return Err(LoadErrorKind::NoText(
            "the table has no rows with text".into(),
        ));
    }
    Ok(RawDocument {
        format: Some(format),
        blocks,
        source_len: text.len(),
        notices,
        ..RawDocument::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::raw::RawBlockKind;

    #[test]
    fn rev_style_csv() {
        let text = "speaker,minute,text\nChris Wallace,01:20,\"Good evening, all.\"\nJoe Biden,1:02:03,Thank you.\nJoe Biden:,NA,Again.\n";
        let raw = read(Format::Csv, text).expect("reads");
        assert_eq!(raw.blocks.len(), 3);
        assert_eq!(
            raw.blocks[0].kind,
            RawBlockKind::Speech {
                label: Some("Chris Wallace".into())
            }
        );
        assert_eq!(raw.blocks[0].text, "Good evening, all.");
        assert_eq!(raw.blocks[0].start, Some(80.0));
        assert_eq!(raw.blocks[1].start, Some(3723.0));
        assert_eq!(raw.blocks[2].start, None);
        assert!(raw.notices.is_empty());
        assert_eq!(
            raw.blocks[2].kind,
            RawBlockKind::Speech {
                label: Some("Joe Biden".into())
            }
        );
        assert_eq!(
            &text[raw.blocks[1].source_range.clone()],
            "Joe Biden,1:02:03,Thank you."
        );
    }

    #[test]
    fn tsv_with_other_names() {
        let text = "Who\tStart Time\tUtterance\nAnn\t3.5\tHi\n";
        assert_eq!(detect(text), Some(Format::Tsv));
        let raw = read(Format::Tsv, text).expect("reads");
        assert_eq!(raw.blocks[0].start, Some(3.5));
        let raw = read(
            Format::Csv,
            "name,start_ms,end_ms,content\nAnn,1500,2250,Hi\n",
        )
        .expect("reads");
        assert_eq!(
            (raw.blocks[0].start, raw.blocks[0].end),
            (Some(1.5), Some(2.25))
        );
    }

    #[test]
    fn missing_columns() {
        match read(Format::Csv, "id,value\n1,2\n") {
            Err(LoadErrorKind::NoTextColumn { columns }) => assert_eq!(columns, "id, value"),
            other => panic!("unexpected {other:?}"),
        }
        let raw = read(Format::Csv, "minute,text\n00:01,Hello\n00:02,World\n").expect("reads");
        assert_eq!(raw.blocks.len(), 2);
        assert!(raw.notices[0].contains("no speaker column"));
    }
}
