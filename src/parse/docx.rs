//! Word `.docx` documents: paragraph text extracted from `word/document.xml`, then read by the
//! text rules.

use super::LoadErrorKind;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::io::Read;
use std::path::Path;

/// The largest `word/document.xml` read, uncompressed (guards against zip bombs).
const MAX_DOCUMENT_XML_BYTES: u64 = 512 * 1024 * 1024;

/// Whether the file should be read as a Word document: a `.docx` extension, or a zip archive
/// holding `word/document.xml`.
pub fn looks_like_docx(path: &Path, bytes: &[u8]) -> bool {
    let by_extension = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let by_content = bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(b"word/document.xml".len())
            .any(|w| w == b"word/document.xml");
    by_extension || by_content
}

/// The paragraphs of a Word document, one per line, blank lines between them.
pub fn extract_text(bytes: &[u8]) -> Result<String, LoadErrorKind> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| LoadErrorKind::Docx(format!("not a zip archive ({e})")))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| LoadErrorKind::Docx("the archive has no word/document.xml".into()))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_DOCUMENT_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| {
            LoadErrorKind::Docx(format!("word/document.xml could not be unpacked ({e})"))
        })?;
    if xml.len() as u64 > MAX_DOCUMENT_XML_BYTES {
        return Err(LoadErrorKind::TooLarge {
            size: xml.len() as u64,
            limit: MAX_DOCUMENT_XML_BYTES,
        });
    }
    let xml = std::str::from_utf8(&xml)
        .map_err(|e| LoadErrorKind::Docx(format!("word/document.xml is not UTF-8 ({e})")))?;
    paragraphs(xml).map(|paragraphs| paragraphs.join("\n\n"))
}

/// The text of each non-empty `<w:p>` paragraph: `<w:t>` runs, tabs, and line breaks.
fn paragraphs(xml: &str) -> Result<Vec<String>, LoadErrorKind> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            LoadErrorKind::Docx(format!(
                "word/document.xml is malformed at byte {} ({e})",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::Start(start) => match start.local_name().as_ref() {
                "t" => in_text = true,
                "tab" => current.push('\t'),
                "br" | "cr" => current.push('\n'),
                _ => {}
            },
            Event::Empty(empty) => match empty.local_name().as_ref() {
                "tab" => current.push('\t'),
                "br" | "cr" => current.push('\n'),
                _ => {}
            },
            Event::End(end) => match end.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let paragraph = current.trim();
                    if !paragraph.is_empty() {
                        out.push(paragraph.to_string());
                    }
                    current.clear();
                }
                _ => {}
            },
            Event::Text(text) if in_text => current.push_str(&text),
            Event::CData(text) if in_text => current.push_str(&text),
            Event::GeneralRef(reference) if in_text => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_xml_entity(&reference).map(str::to_string),
                };
                current.push_str(&resolved.unwrap_or_default());
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal real `.docx`: a zip with `word/document.xml`.
    pub(crate) fn docx_bytes(paragraphs: &[&str]) -> Vec<u8> {
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
            .collect();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}<w:p/></w:body></w:document>"
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options)
            .expect("zip entry");
        zip.write_all(b"<Types/>").expect("zip write");
        zip.start_file("word/document.xml", options)
            .expect("zip entry");
        zip.write_all(xml.as_bytes()).expect("zip write");
        zip.finish().expect("zip finish").into_inner()
    }

    #[test]
    fn paragraphs_tabs_and_entities() {
        let bytes = docx_bytes(&[
            "PUTIN: Good afternoon &amp; welcome.",
            "LUKASHENKO:<w:tab/>Thank you.",
        ]);
        assert!(looks_like_docx(Path::new("renamed.bin"), &bytes));
        assert_eq!(
            extract_text(&bytes).expect("reads"),
            "PUTIN: Good afternoon & welcome.\n\nLUKASHENKO:\tThank you."
        );
    }

    #[test]
    fn not_a_zip() {
        assert!(matches!(
            extract_text(b"just text"),
            Err(LoadErrorKind::Docx(message)) if message.contains("not a zip")
        ));
    }
}
