//! Finding the bytes of a string that need attention, eight at a time.

/// The index of the first byte that cannot appear raw inside a JSON
/// string: `"`, `\` or a control character. The reader stops there to
/// end the string or decode an escape; the writer to write one.
///
/// Strings are most of a typical body, so this looks at eight bytes at a
/// time: for each test, a byte that matches makes its lane's high bit set
/// in the mask. Borrows can only set bits above a real match, so the lowest
/// set bit is the first special byte.
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES * 0x80;
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
        let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let mask = quote | backslash | control;
        if mask != 0 {
            return Some(n * 8 + (mask.trailing_zeros() / 8) as usize);
        }
    }
    let offset = words.len() * 8;
    tail.iter()
        .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))
        .map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::find_special;

    #[test]
    fn finds_the_first_special_byte_in_any_lane() {
        assert_eq!(find_special(b""), None);
        assert_eq!(find_special("plain text with é and 😀".as_bytes()), None);
        for at in 0..20 {
            for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = special;
                // A later special byte and high bytes must not confuse it.
                bytes[19] = b'"';
                if at > 0 {
                    bytes[at - 1] = 0xff;
                }
                assert_eq!(find_special(&bytes), Some(at), "{special:#x} at {at}");
            }
        }
        // Bytes just outside the control range are not special.
        assert_eq!(
            find_special(&[0x20, 0x7f, 0x80, 0xc3, 0xa9, b'!', b'#', b']', b'[']),
            None
        );
    }
}
