//! Tables: CSV and TSV with a header row naming a speaker column and a text column, and
//! optionally a time column (`01:02`, `1:02:03` or seconds). Each row is one block.

use super::{TurnBuilder, head, parse_clock};
use crate::model::Format;
use crate::parse::LoadErrorKind;
use crate::parse::raw::{RawBlock, RawDocument};

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

/// Tables of at least this many bytes are read in pieces on several threads.
const PIECE_BYTES: usize = 1 << 20;

/// Reads a CSV/TSV table. A large table is cut at record boundaries into pieces read in
/// parallel; the result is the same as reading it in one go.
pub fn read(format: Format, text: &str) -> Result<RawDocument, LoadErrorKind> {
    read_in_pieces(format, text, PIECE_BYTES)
}

/// The columns a table's rows are read from.
struct Columns {
    text: usize,
    speaker: Option<usize>,
    time: Option<(usize, f64)>,
    end: Option<(usize, f64)>,
}

/// The blocks of a run of rows, and how many of their time values could not be read.
#[derive(Default)]
struct Rows {
    blocks: Vec<RawBlock>,
    bad_times: usize,
}

/// A CSV reader of the table's dialect (the header row is read as a record).
fn table_reader<R: std::io::Read>(delimiter: u8, input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input)
}

/// [`read`], in pieces of about `piece_bytes` (a table smaller than that in one go).
fn read_in_pieces(
    format: Format,
    text: &str,
    piece_bytes: usize,
) -> Result<RawDocument, LoadErrorKind> {
    let delimiter = separator(format, text);
    let mut reader = table_reader(delimiter, text.as_bytes());
    let mut header = csv::StringRecord::new();
    reader
        .read_record(&mut header)
        .map_err(|e| LoadErrorKind::Table(e.to_string()))?;
    let headers: Vec<String> = header.iter().map(str::to_string).collect();
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
    let timed =
        |column: Option<usize>| column.map(|c| (c, headers.get(c).map_or(1.0, |h| time_scale(h))));
    let columns_read = Columns {
        text: text_column,
        speaker: speaker_column,
        time: timed(column(&headers, TIME_COLUMNS)),
        end: timed(column(&headers, END_COLUMNS)),
    };
    let mut notices = Vec::new();
    if speaker_column.is_none() {
        notices.push(format!(
            "no speaker column in the table (columns: {}); the rows are read without speakers",
            columns()
        ));
    }

    let body_start = (reader.position().byte() as usize).min(text.len());
    let bounds = (text.len() - body_start >= piece_bytes.saturating_mul(2))
        .then(|| record_bounds(text.as_bytes(), body_start, delimiter, piece_bytes))
        .flatten()
        .filter(|bounds| bounds.len() > 2);
    let in_pieces = bounds.and_then(|bounds| {
        use rayon::prelude::*;
        // Any error is reported as reading in one go reports it (with its position).
        bounds
            .par_windows(2)
            .map(|piece| {
                let input = text.as_bytes().get(piece[0]..piece[1]).unwrap_or_default();
                read_rows(
                    table_reader(delimiter, input),
                    piece[0],
                    piece[1],
                    text,
                    &columns_read,
                )
            })
            .collect::<Result<Vec<Rows>, LoadErrorKind>>()
            .ok()
    });
    let pieces = match in_pieces {
        Some(pieces) => pieces,
        None => vec![read_rows(reader, 0, text.len(), text, &columns_read)?],
    };
    let bad_times: usize = pieces.iter().map(|p| p.bad_times).sum();
    let mut blocks = Vec::with_capacity(pieces.iter().map(|p| p.blocks.len()).sum());
    for piece in pieces {
        blocks.extend(piece.blocks);
    }
    if bad_times > 0 {
        notices.push(format!(
            "{bad_times} time values could not be read and were ignored"
        ));
    }
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

/// Reads the rows of `reader`, whose input starts at byte `offset` of `text` and ends at byte
/// `end`: one block per row with text, its source range running to the next row.
fn read_rows<R: std::io::Read>(
    mut reader: csv::Reader<R>,
    offset: usize,
    end: usize,
    text: &str,
    columns: &Columns,
) -> Result<Rows, LoadErrorKind> {
    let mut builder = TurnBuilder::new();
    let mut bad_times = 0;
    let mut record = csv::StringRecord::new();
    // A row's range ends where the next one starts: each row is added once the next is read.
    let mut previous = csv::StringRecord::new();
    let mut previous_start = None;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| LoadErrorKind::Table(e.to_string()))?;
        let start = if more {
            offset + record.position().map_or(0, |p| p.byte() as usize)
        } else {
            end
        };
        if let Some(row_start) = previous_start {
            let row_end = start.min(text.len());
            let range = row_start..text[..row_end].trim_end().len().max(row_start);
            add_row(&mut builder, &previous, range, columns, &mut bad_times);
        }
        if !more {
            break;
        }
        std::mem::swap(&mut previous, &mut record);
        previous_start = Some(start);
    }
    Ok(Rows {
        blocks: builder.finish(),
        bad_times,
    })
}

/// Adds one row as a block (rows without text are skipped); counts unreadable times.
fn add_row(
    builder: &mut TurnBuilder,
    record: &csv::StringRecord,
    range: std::ops::Range<usize>,
    columns: &Columns,
    bad_times: &mut usize,
) {
    let words = record.get(columns.text).unwrap_or_default();
    if words.trim().is_empty() {
        return;
    }
    let mut time = |column: Option<(usize, f64)>| {
        let (column, scale) = column?;
        let field = record.get(column)?.trim();
        if field.is_empty() || is_missing_value(field) {
            return None;
        }
        let parsed = match field.parse::<f64>() {
            Ok(number) if scale != 1.0 => {
                Some(number / scale).filter(|t| t.is_finite() && *t >= 0.0)
            }
            _ => parse_clock(field),
        };
        if parsed.is_none() {
            *bad_times += 1;
        }
        parsed
    };
    let start_time = time(columns.time);
    let end_time = time(columns.end);
    builder.push_new_block(
        columns
            .speaker
            .and_then(|c| record.get(c))
            .map(|label| label.trim().trim_end_matches(':'))
            .filter(|label| !is_missing_value(label)),
        words,
        range,
        start_time,
        end_time,
    );
}

/// Where to cut a table's records (from byte `from` on) into pieces of about `piece_bytes`:
/// the byte offsets of the pieces, `from` first and the text's end last, each at the start of
/// a record as the CSV reader places it (on the `\n` of a `\r\n`, which the reader skips).
///
/// A scan that follows the quoting finds the record ends. It gives up (`None`) on anything
/// but plain quoting: a quote inside an unquoted field, or a closing quote followed by
/// something other than a separator or a line end. The table is then read in one go.
fn record_bounds(
    bytes: &[u8],
    from: usize,
    delimiter: u8,
    piece_bytes: usize,
) -> Option<Vec<usize>> {
    let mut bounds = vec![from];
    let mut next_cut = from.saturating_add(piece_bytes.max(1));
    let mut at = from;
    while let Some(found) = memchr::memchr2(b'"', b'\n', bytes.get(at..)?) {
        let position = at + found;
        if bytes[position] == b'\n' {
            at = position + 1;
            // The reader's next record starts after a `\n` that ends a record, or on it when a
            // `\r` before it did; a blank line is skipped as part of the next record.
            let line_end = |i: usize| i < from || matches!(bytes[i], b'\n' | b'\r');
            let cut = match position.checked_sub(1) {
                Some(before) if bytes[before] == b'\r' => {
                    let blank = before.checked_sub(1).is_none_or(line_end) || before <= from;
                    (!blank).then_some(position)
                }
                Some(before) if !line_end(before) => Some(at),
                _ => None,
            };
            if let Some(cut) = cut
                && at >= next_cut
                && cut < bytes.len()
                && bounds.last().is_some_and(|&last| cut > last)
            {
                bounds.push(cut);
                next_cut = at.saturating_add(piece_bytes.max(1));
            }
            continue;
        }
        // A quote outside quotes: it must open a field.
        let opens_field = position == from
            || matches!(bytes[position - 1], b'\n' | b'\r')
            || bytes[position - 1] == delimiter;
        if !opens_field {
            return None;
        }
        // The quoted field: to its closing quote (doubled quotes stand for one).
        let mut inside = position + 1;
        loop {
            let quote = inside + memchr::memchr(b'"', bytes.get(inside..)?)?;
            if bytes.get(quote + 1) == Some(&b'"') {
                inside = quote + 2;
                continue;
            }
            match bytes.get(quote + 1) {
                None | Some(b'\n' | b'\r') => {}
                Some(&b) if b == delimiter => {}
                Some(_) => return None,
            }
            at = quote + 1;
            break;
        }
    }
    bounds.push(bytes.len());
    Some(bounds)
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

    /// A table's rows as text: each `(speaker, time, words, line end)`, quoted when asked.
    fn table_text(rows: &[(String, String, String, bool, &str)]) -> String {
        let mut text = String::from("speaker,minute,text\r\n");
        for (speaker, time, words, quoted, line_end) in rows {
            if *quoted {
                let words = words.replace('"', "\"\"");
                text.push_str(&format!("{speaker},{time},\"{words}\"{line_end}"));
            } else {
                text.push_str(&format!("{speaker},{time},{words}{line_end}"));
            }
        }
        text
    }

    #[test]
    fn pieces_read_like_one_pass() {
        let rows: Vec<(String, String, String, bool, &str)> = (0..60)
            .map(|i| {
                (
                    format!("Speaker {}", i % 3),
                    if i % 7 == 0 {
                        "bad".into()
                    } else {
                        format!("00:{:02}", i % 60)
                    },
                    match i % 4 {
                        0 => "He said \"no\",\nthen left.".to_string(),
                        1 => "Plain words, again".to_string(),
                        2 => "Line one\r\n\r\nLine two".to_string(),
                        _ => String::new(),
                    },
                    i % 4 != 1,
                    ["\n", "\r\n", "\n\n", "\r\n\r\n", "\r"][i % 5],
                )
            })
            .collect();
        let text = table_text(&rows);
        let whole = read_in_pieces(Format::Csv, &text, usize::MAX).expect("reads");
        assert!(whole.blocks.len() > 30);
        for piece_bytes in [1, 7, 40, 100, 333] {
            let bounds = record_bounds(text.as_bytes(), 21, b',', piece_bytes);
            assert!(
                bounds.as_ref().is_some_and(|b| b.len() > 3),
                "{piece_bytes}"
            );
            let pieces = read_in_pieces(Format::Csv, &text, piece_bytes).expect("reads");
            assert_eq!(pieces, whole, "{piece_bytes}");
        }
    }

    #[test]
    fn irregular_quoting_is_read_in_one_go() {
        // A quote inside an unquoted field, and text after a closing quote.
        for body in [
            "A,1,say 5\" tall\n",
            "A,1,\"quoted\" and more\n",
            "A,1,\"never closed\n",
        ] {
            let text = format!("speaker,minute,text\n{}", body.repeat(20));
            assert_eq!(record_bounds(text.as_bytes(), 20, b',', 8), None, "{body}");
            assert_eq!(
                read_in_pieces(Format::Csv, &text, 8).ok(),
                read_in_pieces(Format::Csv, &text, usize::MAX).ok()
            );
        }
    }

    proptest::proptest! {
        /// Read in pieces of any size, a table gives exactly what one pass gives.
        #[test]
        fn pieces_of_any_size_read_like_one_pass(
            rows in proptest::collection::vec(
                (
                    "[A-Z]{0,3}",
                    "[0-9:]{0,5}|NA",
                    "[a-z ,\"\n\r;.]{0,12}",
                    proptest::bool::ANY,
                    proptest::sample::select(vec!["\n", "\r\n", "\n\n", "\r", "\r\n\n"]),
                ),
                0..30,
            ),
            piece_bytes in 1usize..64,
        ) {
            let text = table_text(&rows);
            let whole = read_in_pieces(Format::Csv, &text, usize::MAX).map_err(|e| e.to_string());
            let pieces = read_in_pieces(Format::Csv, &text, piece_bytes).map_err(|e| e.to_string());
            proptest::prop_assert_eq!(pieces, whole);
        }
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
