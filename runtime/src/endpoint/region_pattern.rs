//! Region patterns: the small part of regular expressions that
//! `partitions.json` uses in its `regionRegex` values.
//!
//! Every `regionRegex` is anchored (`^…$`) and built from literal text,
//! groups of literal alternatives such as `(us|eu)`, `\w+` and `\d+`. Matching
//! those directly keeps the runtime free of a regex engine.

/// One piece of an anchored region pattern.
#[derive(Debug)]
pub(super) enum Piece {
    /// This exact text (`cn`, `\-`).
    Text(&'static str),
    /// Any one of these texts (`(us|eu|ap)`).
    AnyOf(&'static [&'static str]),
    /// `\w+`: one or more ASCII letters, digits or underscores.
    Word,
    /// `\d+`: one or more ASCII digits.
    Digits,
}

/// Whether the whole of `input` matches the pieces in order.
pub(super) fn matches(pattern: &[Piece], input: &str) -> bool {
    let Some((piece, rest)) = pattern.split_first() else {
        return input.is_empty();
    };
    match piece {
        Piece::Text(text) => input
            .strip_prefix(text)
            .is_some_and(|after| matches(rest, after)),
        Piece::AnyOf(texts) => texts.iter().any(|text| {
            input
                .strip_prefix(text)
                .is_some_and(|after| matches(rest, after))
        }),
        Piece::Word => matches_run(rest, input, |b| b.is_ascii_alphanumeric() || b == b'_'),
        Piece::Digits => matches_run(rest, input, |b| b.is_ascii_digit()),
    }
}

/// A `+` repetition: tries the longest run of `class` bytes first and backs
/// off one byte at a time, as a backtracking regex engine would.
fn matches_run(rest: &[Piece], input: &str, class: fn(u8) -> bool) -> bool {
    let run = input.bytes().take_while(|b| class(*b)).count();
    // The run is ASCII, so every length is a character boundary.
    (1..=run).rev().any(|length| {
        input
            .get(length..)
            .is_some_and(|after| matches(rest, after))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `^(us|eu)\-\w+\-\d+$`
    const AWS_LIKE: &[Piece] = &[
        Piece::AnyOf(&["us", "eu"]),
        Piece::Text("-"),
        Piece::Word,
        Piece::Text("-"),
        Piece::Digits,
    ];

    #[test]
    fn matches_whole_regions_only() {
        assert!(matches(AWS_LIKE, "us-east-1"));
        assert!(matches(AWS_LIKE, "eu-central-12"));
        assert!(matches(AWS_LIKE, "us-under_score9-1"));
        assert!(!matches(AWS_LIKE, "us-east-1a"));
        assert!(!matches(AWS_LIKE, "xus-east-1"));
        assert!(!matches(AWS_LIKE, "us-gov-west-1"));
        assert!(!matches(AWS_LIKE, "us--1"));
        assert!(!matches(AWS_LIKE, "us-east-"));
        assert!(!matches(AWS_LIKE, "ap-east-1"));
        assert!(!matches(AWS_LIKE, ""));
    }

    #[test]
    fn backtracks_when_a_word_run_swallows_what_follows() {
        // `\w+` also matches digits, so `\w+\d+` must give digits back.
        let pattern = &[Piece::Word, Piece::Digits];
        assert!(matches(pattern, "abc123"));
        assert!(matches(pattern, "a1"));
        assert!(!matches(pattern, "abc"));
        assert!(!matches(pattern, "1"));
    }

    #[test]
    fn empty_pattern_matches_only_empty_input() {
        assert!(matches(&[], ""));
        assert!(!matches(&[], "a"));
    }

    proptest! {
        #[test]
        fn never_panics(input in any::<String>()) {
            let _ = matches(AWS_LIKE, &input);
            let _ = matches(&[Piece::Word, Piece::Digits], &input);
        }
    }
}
