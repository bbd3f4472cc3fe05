//! Bytes to text: byte-order marks, UTF-16, legacy single-byte encodings, binary detection.

use super::LoadErrorKind;

/// Decoded text and what the decoder wants the user to know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Notices ("decoded as windows-1251").
    pub notices: Vec<String>,
}

/// Decodes a file's bytes into text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, LoadErrorKind> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadErrorKind::Encoding(e.to_string()))?;
    Ok(Decoded {
        text: text.trim_start_matches('\u{feff}').to_string(),
        notices: Vec::new(),
    })
}
