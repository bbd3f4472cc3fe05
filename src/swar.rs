//! Byte-level scanning shared by the readers and the analysis: byte classes of 64-byte blocks
//! (16 bytes per compare with SSE2 on x86-64, eight per `u64` elsewhere) for the word count
//! ([`crate::model::count_words`]) and the tokenizer's fast path; byte ranges within one `u64`
//! for the readers; and lines found with `memchr`.

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
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
pub(crate) fn ascii_alphanumeric(bytes: u64) -> u64 {
    bytes_between(bytes, b'0', b'9') | bytes_between(bytes | SPLAT_LOWER, b'a', b'z')
}

/// Gathers the high bit of byte `i` into bit `i`.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
pub(crate) fn high_bits_to_mask(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The classes of the 64 bytes of a block that the tokenizer and the word count read, as bit
/// masks (bit `i` for byte `i`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BlockClasses {
    /// ASCII white space: tab, line feed, form feed, carriage return, space, and the vertical
    /// tab when asked for.
    pub white: u64,
    /// ASCII letters and digits.
    pub alphanumeric: u64,
    /// Bytes outside ASCII, and `_` when asked for.
    pub other: u64,
}

/// What [`block_classes`] counts as white space and as other.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassRules {
    /// Whether the vertical tab (0x0b) is white space.
    pub vertical_tab_is_white: bool,
    /// Whether `_` is among the other bytes (else it is in no class).
    pub underscore_is_other: bool,
}

/// The classes of a block of 64 bytes: 16 bytes per compare with SSE2 (part of every x86-64
/// processor), eight per word with SWAR elsewhere ([`block_classes_swar`], also the tests'
/// reference).
#[inline]
pub(crate) fn block_classes(block: &[u8; 64], rules: ClassRules) -> BlockClasses {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: `sse2_block_classes` needs SSE2, which this build enables for every processor
        // it runs on (the `cfg` above); it reads only the block it is given, by value.
        unsafe { sse2_block_classes(block, rules) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        block_classes_swar(block, rules)
    }
}

/// [`block_classes`] with SSE2 compares, 16 bytes at a time. Bytes of 0x80 and more compare as
/// negative, so they fall in no ASCII range, and their high bits are the mask of bytes outside
/// ASCII.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn sse2_block_classes(block: &[u8; 64], rules: ClassRules) -> BlockClasses {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    // Bytes in `low..=high` (both below 0x80, `low` above 0).
    let between = |v: __m128i, low: u8, high: u8| {
        _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8(low as i8 - 1)),
            _mm_cmplt_epi8(v, _mm_set1_epi8(high as i8 + 1)),
        )
    };
    let mut classes = BlockClasses::default();
    for (part, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
        let [low, high] = sixteen.as_chunks::<8>().0 else {
            continue;
        };
        let v = _mm_set_epi64x(i64::from_le_bytes(*high), i64::from_le_bytes(*low));
        let mut white = _mm_or_si128(between(v, b'\t', b'\n'), between(v, 0x0c, b'\r'));
        white = _mm_or_si128(white, _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)));
        if rules.vertical_tab_is_white {
            white = _mm_or_si128(white, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0b)));
        }
        let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let alphanumeric = _mm_or_si128(between(v, b'0', b'9'), between(lower, b'a', b'z'));
        let mut other = v;
        if rules.underscore_is_other {
            other = _mm_or_si128(other, _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8)));
        }
        let mask = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << (part * 16);
        classes.white |= mask(white);
        classes.alphanumeric |= mask(alphanumeric);
        classes.other |= mask(other);
    }
    classes
}

/// [`block_classes`] eight bytes at a time within one `u64`.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
pub(crate) fn block_classes_swar(block: &[u8; 64], rules: ClassRules) -> BlockClasses {
    let mut classes = BlockClasses::default();
    for (group, eight) in block.as_chunks::<8>().0.iter().enumerate() {
        let bytes = u64::from_le_bytes(*eight);
        let high = bytes & HIGH_BITS;
        let ascii = bytes & !HIGH_BITS;
        let mut white = bytes_between(ascii, b'\t', b'\n')
            | bytes_between(ascii, 0x0c, b'\r')
            | bytes_between(ascii, b' ', b' ');
        if rules.vertical_tab_is_white {
            white |= bytes_between(ascii, 0x0b, 0x0b);
        }
        let mut other = high;
        if rules.underscore_is_other {
            other |= bytes_between(ascii, b'_', b'_');
        }
        let keep = !high;
        let shift = group * 8;
        classes.white |= high_bits_to_mask(white & keep) << shift;
        classes.alphanumeric |= high_bits_to_mask(ascii_alphanumeric(ascii) & keep) << shift;
        classes.other |= high_bits_to_mask(other) << shift;
    }
    classes
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

    /// Both ways of classifying a block agree with the byte's own class, for every byte at
    /// every place of a block, under every rule, amid ASCII and amid bytes outside it.
    #[test]
    fn block_classes_are_the_bytes_classes() {
        let rule_sets = [false, true].into_iter().flat_map(|vertical_tab_is_white| {
            [false, true].map(|underscore_is_other| ClassRules {
                vertical_tab_is_white,
                underscore_is_other,
            })
        });
        for rules in rule_sets {
            for filler in [b' ', b'a', b'.', 0xa0, 0xe2] {
                for byte in 0u8..=255 {
                    for place in 0..64 {
                        let mut block = [filler; 64];
                        block[place] = byte;
                        let expected = |b: u8| {
                            let white = matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
                                || (rules.vertical_tab_is_white && b == 0x0b);
                            let other = b >= 0x80 || (rules.underscore_is_other && b == b'_');
                            (white, b.is_ascii_alphanumeric(), other)
                        };
                        let mut wanted = BlockClasses::default();
                        for (i, &b) in block.iter().enumerate() {
                            let (white, alphanumeric, other) = expected(b);
                            wanted.white |= u64::from(white) << i;
                            wanted.alphanumeric |= u64::from(alphanumeric) << i;
                            wanted.other |= u64::from(other) << i;
                        }
                        assert_eq!(block_classes(&block, rules), wanted, "{byte:#x} at {place}");
                        assert_eq!(
                            block_classes_swar(&block, rules),
                            wanted,
                            "{byte:#x} at {place}"
                        );
                    }
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
