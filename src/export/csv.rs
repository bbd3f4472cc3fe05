//! CSV export: one row per excerpt, a header row, RFC 4180 quoting (the `csv` crate), optional
//! UTF-8 byte-order mark for Excel. Readable by pandas (`read_csv`) and R (`read.csv`).

use super::{ExcerptSet, ExportError};

/// The header row.
pub const COLUMNS: [&str; 13] = [
    "transcript",
    "date",
    "speaker",
    "role",
    "section",
    "start",
    "end",
    "time_estimated",
    "text",
    "matched_terms",
    "turn",
    "path",
    "source_url",
];

/// Renders the excerpts as CSV. Times are seconds (three decimals); `matched_terms` are joined
/// with `"; "`; missing values are empty.
pub fn render(set: &ExcerptSet, bom: bool) -> Result<Vec<u8>, ExportError> {
    let mut buffer = Vec::new();
    if bom {
        buffer.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = csv::Writer::from_writer(buffer);
    writer.write_record(COLUMNS)?;
    for e in &set.excerpts {
        writer.write_record([
            e.transcript.as_str(),
            &e.date.map(|d| d.to_string()).unwrap_or_default(),
            &e.speaker,
            e.role.name(),
            e.section.as_deref().unwrap_or_default(),
            &format!("{:.3}", e.start),
            &format!("{:.3}", e.end),
            if e.time_estimated { "true" } else { "false" },
            &e.text,
            &e.matched_terms.join("; "),
            &e.turn.to_string(),
            &e.path.to_string_lossy(),
            e.source_url.as_deref().unwrap_or_default(),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}
