//! Host-name checks: `isValidHostLabel` and `aws.isVirtualHostableS3Bucket`.

/// The rule set's `isValidHostLabel`: whether `value` is one RFC 1123 host
/// label, or with `allow_subdomains` a dot-separated series of them.
///
/// A label is 1 to 63 ASCII letters, digits and hyphens and starts with a
/// letter or digit. Like the reference implementation, a trailing hyphen is
/// accepted; empty labels (`a..b`, `a.`) are not.
///
/// ```
/// use lean_runtime::endpoint::fns::is_valid_host_label;
/// assert!(is_valid_host_label("us-east-1", false));
/// assert!(!is_valid_host_label("part1.part2", false));
/// assert!(is_valid_host_label("part1.part2", true));
/// ```
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_host_label)
    } else {
        is_single_host_label(value)
    }
}

fn is_single_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    bytes.len() <= 63
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// The rule set's `aws.isVirtualHostableS3Bucket`: whether `bucket` can be the
/// leftmost part of a virtual-hosted-style S3 host name.
///
/// The name must be 3 to 63 lowercase letters, digits and hyphens, beginning
/// and ending with a letter or digit. With `allow_subdomains` it may also
/// contain dots, but no empty segment, no segment that starts or ends with a
/// hyphen, and it must not look like an IPv4 address.
///
/// ```
/// use lean_runtime::endpoint::fns::is_virtual_hostable_s3_bucket;
/// assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
/// assert!(!is_virtual_hostable_s3_bucket("bucket.name", false));
/// assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
/// assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
/// ```
pub fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    let bytes = bucket.as_bytes();
    let lower_alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !(3..=63).contains(&bytes.len())
        || !bytes.first().is_some_and(lower_alphanumeric)
        || !bytes.last().is_some_and(lower_alphanumeric)
    {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|b| lower_alphanumeric(b) || *b == b'-');
    }
    // A dot may follow neither a dot nor a hyphen, and a hyphen may not
    // follow a dot: that rules out empty segments and `bucket-.name`.
    let separators_ok = bytes
        .windows(2)
        .all(|pair| !matches!(pair, [b'.' | b'-', b'.'] | [b'.', b'-']));
    separators_ok
        && bytes
            .iter()
            .all(|b| lower_alphanumeric(b) || matches!(b, b'-' | b'.'))
        && !looks_like_ipv4(bucket)
}

/// Four dot-separated runs of digits, whether or not each fits in a byte:
/// S3 refuses such bucket names either way.
fn looks_like_ipv4(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn single_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(is_valid_host_label("trailing-", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-leading", false));
        assert!(!is_valid_host_label("part1 part2", false));
        assert!(!is_valid_host_label("under_score", false));
        assert!(!is_valid_host_label("part1.part2", false));
        assert!(!is_valid_host_label("h\u{e9}llo", false));
    }

    #[test]
    fn dotted_labels() {
        assert!(is_valid_host_label("part1.part2", true));
        assert!(is_valid_host_label("us-east-1", true));
        let two_long_labels = format!("{}.{}", "a".repeat(63), "b".repeat(63));
        assert!(is_valid_host_label(&two_long_labels, true));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label(".", true));
        assert!(!is_valid_host_label("part1.", true));
        assert!(!is_valid_host_label(".part1", true));
        assert!(!is_valid_host_label("part1..part2", true));
        assert!(!is_valid_host_label("part1.-part2", true));
    }

    #[test]
    fn s3_buckets_without_dots() {
        for name in [
            "bucket-name",
            "bucket-with-number-1",
            "abc",
            "a--b--x-s3",
            "123",
        ] {
            assert!(is_virtual_hostable_s3_bucket(name, false), "{name}");
        }
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
        for name in [
            "BucketName",
            "bucket_name",
            "bucket.name",
            "-bucket-name",
            "bucket-name-",
            "aa",
            "",
        ] {
            assert!(!is_virtual_hostable_s3_bucket(name, false), "{name}");
        }
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    }

    #[test]
    fn s3_buckets_with_dots() {
        for name in [
            "bucket.name",
            "bucket.name.multiple.dots1",
            "a-b.c-d",
            "a0.b1.c2",
            "192.168.1.word",
            "bucket-name",
        ] {
            assert!(is_virtual_hostable_s3_bucket(name, true), "{name}");
        }
        for name in [
            ".bucket-name",
            "bucket-name.",
            "a..b",
            "bucket-.name",
            "bucket.-name",
            "192.168.5.4",
            "999.999.999.999",
            "abc_def",
            "abcDef",
            "abc#def",
        ] {
            assert!(!is_virtual_hostable_s3_bucket(name, true), "{name}");
        }
    }

    proptest! {
        #[test]
        fn host_checks_never_panic(input in any::<String>(), dots in any::<bool>()) {
            let _ = is_valid_host_label(&input, dots);
            let _ = is_virtual_hostable_s3_bucket(&input, dots);
        }

        #[test]
        fn hostable_buckets_are_valid_host_names(input in "[a-z0-9.-]{0,70}", dots in any::<bool>()) {
            if is_virtual_hostable_s3_bucket(&input, dots) {
                prop_assert!(is_valid_host_label(&input, dots));
            }
        }
    }
}
