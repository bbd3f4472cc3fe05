//! Bytes to text: byte-order marks, UTF-16, legacy single-byte encodings, binary detection and
//! line-ending normalisation.
//!
//! Policy:
//! - A byte-order mark decides the encoding (UTF-8, UTF-16 LE/BE); invalid sequences in a file
//!   that declares its encoding this way are an [`LoadErrorKind::Encoding`] error.
//! - Without a BOM, a regular pattern of NUL bytes marks UTF-16 (LE or BE); other NUL bytes, or
//!   a known binary signature (PNG, ZIP, ELF, PDF, ...), make the file [`LoadErrorKind::Binary`].
//! - Valid UTF-8 is taken as is. Bytes that are *mostly* UTF-8 (they contain valid multi-byte
//!   characters) but hold invalid sequences are an `Encoding` error naming the first bad offset:
//!   guessing would silently garble the text. Bytes with no valid multi-byte sequence at all are a
//!   legacy single-byte file; its encoding (Windows-1251, Windows-1252, ...) is detected with
//!   `chardetng` and decoded with `encoding_rs`, with a notice.
//! - CRLF and lone CR become LF, so byte ranges index the text returned here. Non-breaking spaces
//!   and curly quotes are left as they are.

use super::LoadErrorKind;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// Decoded text and what the decoder wants the user to know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded<'a> {
    /// The text, line endings normalised to `\n`, without a byte-order mark: the bytes
    /// themselves when they are UTF-8 with nothing to normalise (the common case), else a copy.
    pub text: Cow<'a, str>,
    /// Notices ("decoded as windows-1251").
    pub notices: Vec<String>,
}

/// How many leading bytes are examined to tell text from binary and to spot UTF-16 without BOM.
const SNIFF_BYTES: usize = 8192;

/// Signatures of common binary files that are sometimes renamed `.txt`.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"%PDF-", "PDF document"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office document",
    ),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
];

/// Decodes a file's bytes into text (borrowing them when they are the text already).
pub fn decode_text(bytes: &[u8]) -> Result<Decoded<'_>, LoadErrorKind> {
    if let Some(kind) = binary_signature(bytes) {
        return Err(LoadErrorKind::Binary(kind.to_string()));
    }
    // A large file's bytes are searched for carriage returns on a second thread while they
    // are checked as UTF-8 on this one: when there is none, text borrowed from them has none.
    let (decoded, bytes_have_cr) = if bytes.len() >= PARALLEL_CR_SEARCH_BYTES {
        let (decoded, found) = rayon::join(
            || decode_bytes(bytes),
            || memchr::memchr(b'\r', bytes).is_some(),
        );
        (decoded, Some(found))
    } else {
        (decode_bytes(bytes), None)
    };
    let (text, notices) = decoded?;
    let text = match text {
        Cow::Borrowed(text) if bytes_have_cr == Some(false) => {
            Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text))
        }
        text => normalise_line_endings(text),
    };
    Ok(Decoded { text, notices })
}

/// Files of at least this many bytes are searched for carriage returns while they are checked
/// as UTF-8 ([`decode_text`]).
const PARALLEL_CR_SEARCH_BYTES: usize = 4 << 20;

/// The text of a file's bytes and the notices of its decoding, line endings as they are.
fn decode_bytes(bytes: &[u8]) -> Result<(Cow<'_, str>, Vec<String>), LoadErrorKind> {
    Ok(if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        (strict_utf8(rest)?, Vec::new())
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        (strict_utf16(rest, UTF_16LE)?, Vec::new())
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        (strict_utf16(rest, UTF_16BE)?, Vec::new())
    } else if let Some(encoding) = utf16_by_nul_pattern(bytes) {
        (
            strict_utf16(bytes, encoding)?,
            vec![format!(
                "decoded as {} (no byte-order mark)",
                encoding.name()
            )],
        )
    } else {
        if let Some(position) = sniff(bytes).iter().position(|&b| b == 0) {
            return Err(LoadErrorKind::Binary(format!(
                "NUL byte at offset {position}"
            )));
        }
        if looks_binary(sniff(bytes)) {
            return Err(LoadErrorKind::Binary(
                "mostly control characters".to_string(),
            ));
        }
        utf8_or_legacy(bytes)?
    })
}

/// The bytes as text when they are valid UTF-8 (checked with SIMD instructions where the
/// processor has them: `simdutf8`).
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The first bytes, where binary content and UTF-16 patterns show.
fn sniff(bytes: &[u8]) -> &[u8] {
    bytes.get(..SNIFF_BYTES).unwrap_or(bytes)
}

/// The kind of binary file `bytes` starts like, if any.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    BINARY_SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Whether many of the first bytes are control characters that text files do not contain.
fn looks_binary(sample: &[u8]) -> bool {
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    !sample.is_empty() && controls * 10 > sample.len()
}

/// UTF-16 without a byte-order mark: text has NUL bytes on one side of each code unit only
/// (every ASCII character gives one; Cyrillic and other scripts give few, so the share needed is
/// small), and it decodes to text without control characters. Returns the byte order when the
/// pattern is clear.
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = sniff(bytes);
    let pairs = sample.len() / 2;
    if pairs < 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // At least 10% of the units carry a NUL, (nearly) all on the same side.
    let one_sided = |nuls: usize, other: usize| nuls * 10 >= pairs && other * 20 <= nuls;
    let encoding = if one_sided(odd_nuls, even_nuls) {
        UTF_16LE
    } else if one_sided(even_nuls, odd_nuls) {
        UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(sample);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    (!had_errors && controls * 50 <= text.chars().count()).then_some(encoding)
}

/// UTF-8 that must be valid (a BOM declared it).
fn strict_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, LoadErrorKind> {
    if let Some(text) = valid_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) => Err(LoadErrorKind::Encoding(format!(
            "invalid UTF-8 at byte {} (the file starts with a UTF-8 byte-order mark)",
            e.valid_up_to() + 3
        ))),
    }
}

/// UTF-16 that must be valid (a BOM or a clear NUL pattern declared it).
fn strict_utf16(
    bytes: &[u8],
    encoding: &'static Encoding,
) -> Result<Cow<'static, str>, LoadErrorKind> {
    if !bytes.len().is_multiple_of(2) {
        return Err(LoadErrorKind::Encoding(format!(
            "{} text with an odd number of bytes ({})",
            encoding.name(),
            bytes.len()
        )));
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| Cow::Owned(text.into_owned()))
        .ok_or_else(|| {
            LoadErrorKind::Encoding(format!(
                "invalid {} sequence (unpaired surrogate)",
                encoding.name()
            ))
        })
}

/// Valid UTF-8; or UTF-8 with invalid bytes (an error); or a legacy single-byte encoding.
fn utf8_or_legacy(bytes: &[u8]) -> Result<(Cow<'_, str>, Vec<String>), LoadErrorKind> {
    if let Some(text) = valid_utf8(bytes) {
        return Ok((Cow::Borrowed(text), Vec::new()));
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut first_invalid = None;
    let mut offset = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first_invalid.get_or_insert(offset);
        }
        offset += chunk.invalid().len();
    }
    if valid_multibyte > 0 && valid_multibyte >= invalid {
        return Err(LoadErrorKind::Encoding(format!(
            "invalid UTF-8 at byte {} ({invalid} invalid sequence(s) in a file that is otherwise UTF-8)",
            first_invalid.unwrap_or(0)
        )));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = encoding.decode(bytes);
    let mut notices = vec![format!("decoded as {}", encoding.name().to_lowercase())];
    if had_errors {
        notices.push(format!(
            "some bytes are not valid {} and were replaced",
            encoding.name()
        ));
    }
    Ok((Cow::Owned(text.into_owned()), notices))
}

/// CRLF and lone CR become LF; a leading BOM character left by a decoder is dropped.
fn normalise_line_endings(text: Cow<'_, str>) -> Cow<'_, str> {
    let text = match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Cow::Owned(text) => match text.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(rest.to_string()),
            None => Cow::Owned(text),
        },
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8]) -> LoadErrorKind {
        match decode_text(bytes) {
            Err(kind) => kind,
            Ok(decoded) => panic!("expected an error, got {:?}", decoded.text),
        }
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let decoded = decode_text(b"\xef\xbb\xbfWEBVTT\r\n\r\nA\rB\n").expect("decodes");
        assert_eq!(decoded.text, "WEBVTT\n\nA\nB\n");
        assert!(decoded.notices.is_empty());
    }

    #[test]
    fn nbsp_and_curly_quotes_are_kept() {
        let text = "Q\u{a0}\u{a0}Belarus\u{2019} \u{201c}x\u{201d}";
        assert_eq!(decode_text(text.as_bytes()).expect("decodes").text, text);
    }

    /// UTF-8 with nothing to normalise is the file's bytes themselves, not a copy; line endings
    /// to normalise make a copy.
    #[test]
    fn plain_utf8_is_borrowed_not_copied() {
        for (bytes, text, borrowed) in [
            (&b"PUTIN: Hello.\n"[..], "PUTIN: Hello.\n", true),
            (b"\xef\xbb\xbfCaf\xc3\xa9\n", "Caf\u{e9}\n", true),
            (b"A: one.\r\nB: two.\r", "A: one.\nB: two.\n", false),
        ] {
            let decoded = decode_text(bytes).expect("decodes");
            assert_eq!(decoded.text, text);
            assert_eq!(
                matches!(decoded.text, Cow::Borrowed(_)),
                borrowed,
                "{bytes:?}"
            );
        }
    }

    /// A large file, searched for carriage returns while it is checked as UTF-8, decodes as a
    /// small one does: borrowed when it has none (a BOM dropped), normalised when it has one
    /// anywhere, an encoding error reported with its place.
    #[test]
    fn large_files_decode_like_small_ones() {
        let line = "PUTIN: Добрый день. TRUMP: Hello.\n";
        let body = line.repeat(PARALLEL_CR_SEARCH_BYTES / line.len() + 1);
        assert!(body.len() >= PARALLEL_CR_SEARCH_BYTES);
        let plain = decode_text(body.as_bytes()).expect("decodes");
        assert_eq!(plain.text, body);
        assert!(matches!(plain.text, Cow::Borrowed(_)));
        let with_bom = [&b"\xef\xbb\xbf"[..], body.as_bytes()].concat();
        let decoded = decode_text(&with_bom).expect("decodes");
        assert_eq!(decoded.text, body);
        assert!(matches!(decoded.text, Cow::Borrowed(_)));
        // A CRLF at the very end (one line feed stays), a lone CR at the start (a line feed).
        for (at, normalised) in [(body.len() - 1, body.clone()), (0, format!("\n{body}"))] {
            let mut bytes = body.clone().into_bytes();
            bytes.insert(at, b'\r');
            assert_eq!(decode_text(&bytes).expect("decodes").text, normalised);
        }
        let mut broken = body.clone().into_bytes();
        let middle = broken.len() / 2;
        broken[middle] = 0xff;
        match kind(&broken) {
            LoadErrorKind::Encoding(message) => assert!(message.contains("invalid UTF-8")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "ПУТИН: Добрый день.\nTRUMP: Hello.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, bom) in [(&le, &b"\xff\xfe"[..]), (&be, &b"\xfe\xff"[..])] {
            let with_bom = [bom, bytes].concat();
            assert_eq!(decode_text(&with_bom).expect("with BOM").text, text);
            let without = decode_text(bytes).expect("without BOM");
            assert_eq!(without.text, text);
            assert_eq!(without.notices.len(), 1);
        }
    }

    #[test]
    fn legacy_cyrillic_is_detected() {
        let text =
            "ПУТИН: Добрый день, уважаемые коллеги. Мы обсудили экономическое сотрудничество.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let decoded = decode_text(&bytes).expect("decodes");
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.notices, vec!["decoded as windows-1251".to_string()]);
    }

    #[test]
    fn invalid_utf8_mid_file_is_an_error_with_offset() {
        let mut bytes = "Президент: добрый день. ".as_bytes().to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(b"\xff\xfe more text");
        match kind(&bytes) {
            LoadErrorKind::Encoding(message) => assert!(message.contains(&at.to_string())),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn binaries_are_refused() {
        assert!(
            matches!(kind(b"\x89PNG\r\n\x1a\n\0\0"), LoadErrorKind::Binary(k) if k.contains("PNG"))
        );
        assert!(
            matches!(kind(b"\x7fELF\x02\x01\x01"), LoadErrorKind::Binary(k) if k.contains("ELF"))
        );
        assert!(matches!(kind(b"%PDF-1.7\n"), LoadErrorKind::Binary(k) if k.contains("PDF")));
        assert!(matches!(
            kind(b"abc\0\x01\x02\x03def"),
            LoadErrorKind::Binary(_)
        ));
    }

    #[test]
    fn utf16_bom_with_unpaired_surrogate_is_an_error() {
        assert!(matches!(
            kind(b"\xff\xfeA\x00\x00\xd8B\x00"),
            LoadErrorKind::Encoding(_)
        ));
    }
}
