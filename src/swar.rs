//! Byte-level scanning shared by the readers and the analysis: byte classes read eight bytes
//! at a time within one `u64` (SWAR), for the word count ([`crate::model::count_words`]) and
//! the tokenizer's fast path; and lines found with `memchr`.

/// The high bit of each byte of a word.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Sets bit 5 of every byte: ASCII upper case letters become lower case (and ASCII digits, which
/// have it, stay as they are).
pub(crate) const SPLAT_LOWER: u64 = 0x2020_2020_2020_2020;

/// The high bit of each byte of `bytes` (all below 0x80) that lies in `low..=high` (`low` > 0).
pub(crate) fn bytes_between(bytes: u64, low: u8, high: u8) -> u64 {
    let splat = |byte: u8| u64::from(byte) * 0x0101_0101_0101_0101;
    let at_least_low = bytes + splat(0x80 - low);
    let above_high = bytes + splat(0x7f - high);
    at_least_low & !above_high & HIGH_BITS
}

/// The high bit of each ASCII letter and digit among `bytes` (all below 0x80).
pub(crate) fn ascii_alphanumeric(bytes: u64) -> u64 {
    bytes_between(bytes, b'0', b'9') | bytes_between(bytes | SPLAT_LOWER, b'a', b'z')
}

/// Gathers the high bit of byte `i` into bit `i`.
pub(crate) fn high_bits_to_mask(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The lines of `text` with their line feeds, and where each starts: exactly the lines of
/// `text.split_inclusive('\n')`, the line feeds found with `memchr`.
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|newline| newline + 1)
        .chain((!text.is_empty() && !text.ends_with('\n')).then_some(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = (start, text.get(start..end).unwrap_or_default());
        start = end;
        line
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines are those of `split_inclusive`, with their starts.
    #[test]
    fn lines_are_those_of_split_inclusive() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\n\nx",
            "é\nü\r\n",
        ] {
            let lines: Vec<(usize, &str)> = lines_inclusive(text).collect();
            let mut start = 0;
            let expected: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|line| {
                    start += line.len();
                    (start - line.len(), line)
                })
                .collect();
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    /// Every byte below 0x80 at every place is found in exactly the ranges that hold it.
    #[test]
    fn bytes_between_finds_each_byte_in_its_ranges() {
        for (low, high) in [
            (b'\t', b'\r'),
            (b' ', b' '),
            (b'0', b'9'),
            (b'a', b'z'),
            (1, 0x7f),
        ] {
            for byte in 0u8..0x80 {
                for place in 0..8 {
                    let mut eight = [0u8; 8];
                    eight[place] = byte;
                    let mask =
                        high_bits_to_mask(bytes_between(u64::from_le_bytes(eight), low, high));
                    // The other bytes are 0, in none of the ranges (`low` > 0).
                    let expected = u64::from((low..=high).contains(&byte)) << place;
                    assert_eq!(
                        mask, expected,
                        "{byte:#x} at {place} in {low:#x}..={high:#x}"
                    );
                }
            }
        }
    }

    /// Every byte below 0x80 at every place is a letter or digit exactly when ASCII says so.
    #[test]
    fn ascii_alphanumeric_finds_letters_and_digits() {
        for byte in 0u8..0x80 {
            for place in 0..8 {
                let mut eight = [b' '; 8];
                eight[place] = byte;
                let mask = high_bits_to_mask(ascii_alphanumeric(u64::from_le_bytes(eight)));
                let expected = u64::from(byte.is_ascii_alphanumeric()) << place;
                assert_eq!(mask, expected, "{byte:#x} at {place}");
            }
        }
    }
}
