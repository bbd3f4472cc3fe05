//! Word `.docx` documents: paragraph text extracted from `word/document.xml`.

use super::LoadErrorKind;
use std::path::Path;

/// Whether the file should be read as a Word document (by extension or zip signature).
pub fn looks_like_docx(path: &Path, _bytes: &[u8]) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// The paragraphs of a Word document, one per line, blank lines between them.
pub fn extract_text(_bytes: &[u8]) -> Result<String, LoadErrorKind> {
    Err(LoadErrorKind::Docx(
        "Word documents are not read yet".into(),
    ))
}
