//! Case conversion: the word splitting and re-casing behind every Rust and CLI name.
//!
//! Three algorithms live here, each a port of the one the name's audience already knows:
//!
//! - [`split_words`], [`snake_case`] and [`screaming_snake_case`] follow smithy-rs
//!   (`util/Strings.kt`, `splitOnWordBoundaries`), which knows that `ARNs`, `IPv4Address`
//!   and `MiB` are one word each where plain case conversion (heck) splits them apart.
//! - [`pascal_case`] follows smithy-rs's `toPascalCase`, which does *not* use that splitter
//!   but the Smithy library's `CaseUtils` (a regex-based snake case, then camel case).
//!   The official SDK's type and variant names come from it, quirks included: `IPv4Address`
//!   stays `IPv4Address` and `ARNs` becomes `ArNs`.
//! - [`kebab_case`] follows botocore's `xform_name`, which the AWS CLI uses for its
//!   subcommands and flags.
//!
//! The ports keep their sources' character classes: smithy-rs's splitter is Unicode-aware,
//! `CaseUtils` and botocore match ASCII letters only. Where Java and Rust Unicode tables
//! differ (title case, which characters are digits) the result can differ for non-ASCII
//! input; Smithy identifiers are ASCII, so this only matters for hostile input, which the
//! role functions in the parent module reject anyway.

/// Words that smithy-rs keeps whole although their casing suggests a boundary inside.
const COMPLETE_WORDS: [&str; 7] = ["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

/// Splits a Smithy name into lowercase words using smithy-rs's word-boundary rules.
///
/// Any character that is neither a letter nor a digit separates words and is dropped
/// (`_`, `-`, `.`, spaces). Within a run of letters and digits a new word starts at
/// - a lowercase letter or digit followed by an uppercase letter (`fooBar`, `s3Key`),
/// - a digit followed by a lowercase letter, but only when the whole name is lowercase
///   (`s3key` → `s3`, `key`; `S3key` stays one word),
/// - the last capital of an acronym that a capitalised word follows (`DB|Proxy`,
///   `IAM|User`), except before a plural `s` (`ARNs`, `ACLs`) or a version (`DBv2`),
///
/// and never inside `IPv4`, `IPv6`, `SigV4`, `MiB`, `GiB`, `KiB` or `TtL`.
///
/// ```
/// use generator::naming::split_words;
/// assert_eq!(split_words("NotificationARNs"), ["notification", "arns"]);
/// assert_eq!(split_words("IPv4Address"), ["ipv4", "address"]);
/// assert_eq!(split_words("TotalGpuMemoryInMiB"), ["total", "gpu", "memory", "in", "mib"]);
/// assert_eq!(split_words("__"), Vec::<String>::new());
/// ```
pub fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let all_lowercase = name.to_lowercase() == name;
    // Names are ASCII but for a rare documentation-like enum value: for them
    // the complete-word check compares slices of one lowercase copy instead
    // of lowercasing the word so far at every character.
    let ascii_lower = name
        .is_ascii()
        .then(|| name.to_ascii_lowercase().into_bytes());
    let mut words = Vec::new();
    let mut current = String::new();
    let mut start = 0;

    for (index, &next) in chars.iter().enumerate() {
        if !is_letter_or_digit(next) {
            finish_word(&mut words, &mut current);
            continue;
        }
        let Some(last) = current.chars().next_back() else {
            current.push(next);
            start = index;
            continue;
        };
        let peek = chars.get(index + 1).copied();
        let double_peek = chars.get(index + 2).copied();
        let in_complete_word = match &ascii_lower {
            Some(lower) => complete_word_in_progress_ascii(&lower[start..], index - start),
            None => complete_word_in_progress(&current, &chars[index..]),
        };

        let boundary = (!in_complete_word && lower_or_digit_then_upper(last, next))
            || (!in_complete_word && all_lowercase && digit_then_lower(last, next))
            || end_of_acronym(last, next, peek, double_peek);
        if boundary {
            finish_word(&mut words, &mut current);
            start = index;
        }
        current.push(next);
    }
    finish_word(&mut words, &mut current);
    words
}

/// `snake_case` as smithy-rs spells struct fields, methods and modules.
///
/// ```
/// use generator::naming::snake_case;
/// assert_eq!(snake_case("CancelComponentDeployment"), "cancel_component_deployment");
/// assert_eq!(snake_case("DynamoDBv2Action"), "dynamo_dbv2_action");
/// ```
pub fn snake_case(name: &str) -> String {
    split_words(name).join("_")
}

/// `SCREAMING_SNAKE_CASE` on the same word boundaries as [`snake_case`].
///
/// ```
/// use generator::naming::screaming_snake_case;
/// assert_eq!(screaming_snake_case("maxResults"), "MAX_RESULTS");
/// ```
pub fn screaming_snake_case(name: &str) -> String {
    split_words(name)
        .iter()
        .map(|word| word.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `PascalCase` exactly as smithy-rs names types and enum variants.
///
/// The name is first put in snake case by the Smithy library's regex rules (an `_` before
/// the last capital of a capital run that a lowercase letter follows, and between a
/// lowercase letter or digit and a capital; spaces and `-` become `_`), then every
/// `_`/`-`/space-separated part is capitalised and joined. Other punctuation passes
/// through untouched; a name made only of separators comes back lowercased, unjoined.
///
/// ```
/// use generator::naming::pascal_case;
/// assert_eq!(pascal_case("IN_PROGRESS"), "InProgress");
/// assert_eq!(pascal_case("componentName"), "ComponentName");
/// assert_eq!(pascal_case("IPv4Address"), "IPv4Address");
/// assert_eq!(pascal_case("ARNs"), "ArNs");
/// ```
pub fn pascal_case(name: &str) -> String {
    capitalize_parts(&regex_snake_case(name))
}

/// `kebab-case` as the AWS CLI spells subcommands and flags (botocore's `xform_name`).
///
/// A name that already contains `-` is returned unchanged. Otherwise a trailing plural
/// acronym is split off whole (`GatewayARNs` → `gateway-arns`), a `-` goes before every
/// capital that starts a lowercase run and between a lowercase letter or digit and a
/// capital, and the result is lowercased. Operation names botocore special-cases
/// (`CreateCachediSCSIVolume` → `create-cached-iscsi-volume`, ...) keep its spelling.
///
/// ```
/// use generator::naming::kebab_case;
/// assert_eq!(kebab_case("CancelComponentDeployment"), "cancel-component-deployment");
/// assert_eq!(kebab_case("componentName"), "component-name");
/// assert_eq!(kebab_case("ListWebACLs"), "list-web-acls");
/// ```
pub fn kebab_case(name: &str) -> String {
    const SEP: char = '-';
    if name.contains(SEP) {
        return name.to_owned();
    }
    if let Some((_, cli_name)) = CLI_NAME_OVERRIDES.iter().find(|(op, _)| *op == name) {
        return (*cli_name).to_owned();
    }
    let chars: Vec<char> = split_plural_acronym(name, SEP).chars().collect();

    // `(.)([A-Z][a-z]+)` → `\1-\2`, matches taken left to right without overlap.
    let mut first_pass = Vec::with_capacity(chars.len() + 4);
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        let starts_capitalised_word = c != '\n'
            && chars.get(index + 1).is_some_and(char::is_ascii_uppercase)
            && chars.get(index + 2).is_some_and(char::is_ascii_lowercase);
        first_pass.push(c);
        index += 1;
        if starts_capitalised_word {
            first_pass.push(SEP);
            first_pass.push(chars[index]);
            index += 1;
            while let Some(&lower) = chars.get(index).filter(|c| c.is_ascii_lowercase()) {
                first_pass.push(lower);
                index += 1;
            }
        }
    }

    // `([a-z0-9])([A-Z])` → `\1-\2`; a match's capital cannot start the next match, so
    // marking every such pair is the same as the left-to-right replacement.
    let mut out = String::with_capacity(first_pass.len() + 4);
    for (i, &c) in first_pass.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let previous = first_pass[i - 1];
            if previous.is_ascii_lowercase() || previous.is_ascii_digit() {
                out.push(SEP);
            }
        }
        out.push(c);
    }
    out.to_lowercase()
}

/// Operation names whose CLI spelling botocore fixes by hand because its rules get them
/// wrong (`iSCSI`, `HITs`, `PartiQL`, `WhatsApp`), from its `_xform_cache` table.
const CLI_NAME_OVERRIDES: [(&str, &str); 18] = [
    ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe-cached-iscsi-volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe-stored-iscsi-volumes",
    ),
    ("CreateStorediSCSIVolume", "create-stored-iscsi-volume"),
    (
        "ListHITsForQualificationType",
        "list-hits-for-qualification-type",
    ),
    ("ExecutePartiQLStatement", "execute-partiql-statement"),
    ("ExecutePartiQLTransaction", "execute-partiql-transaction"),
    ("ExecutePartiQLBatch", "execute-partiql-batch"),
    (
        "AssociateWhatsAppBusinessAccount",
        "associate-whatsapp-business-account",
    ),
    (
        "DeleteWhatsAppMessageMedia",
        "delete-whatsapp-media-message",
    ),
    (
        "DisassociateWhatsAppBusinessAccount",
        "disassociate-whatsapp-business-account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccount",
        "get-linked-whatsapp-business-account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccountPhoneNumber",
        "get-linked-whatsapp-business-account-phone-number",
    ),
    ("GetWhatsAppMessageMedia", "get-whatsapp-message-media"),
    (
        "ListLinkedWhatsAppBusinessAccounts",
        "list-linked-whatsapp-business-accounts",
    ),
    ("PostWhatsAppMessageMedia", "post-whatsapp-message-media"),
    (
        "PutWhatsAppBusinessAccountEventDestinations",
        "put-whatsapp-business-account-event-destinations",
    ),
    ("SendWhatsAppMessage", "send-whatsapp-message"),
];

/// botocore's `[A-Z]{2,}s$` rule: `GatewayARNs` → `Gateway-arns`, so the acronym's
/// capitals are not torn apart by the later passes.
fn split_plural_acronym(name: &str, sep: char) -> String {
    let Some(stem) = name.strip_suffix('s') else {
        return name.to_owned();
    };
    let acronym_len = stem
        .chars()
        .rev()
        .take_while(char::is_ascii_uppercase)
        .count();
    if acronym_len < 2 {
        return name.to_owned();
    }
    // The acronym is ASCII, so its length in chars is its length in bytes.
    let (head, acronym) = stem.split_at(stem.len() - acronym_len);
    format!("{head}{sep}{}s", acronym.to_lowercase())
}

/// The Smithy library's `CaseUtils.toSnakeCase`.
fn regex_snake_case(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();

    // `([A-Z]+)([A-Z][a-z])` → `\1_\2`: a capital run of two or more that a lowercase
    // letter follows gets an `_` before its last capital. The match consumes that
    // lowercase letter, so scanning resumes after it.
    let mut first_pass = Vec::with_capacity(chars.len() + 4);
    let mut index = 0;
    while index < chars.len() {
        if !chars[index].is_ascii_uppercase() {
            first_pass.push(chars[index]);
            index += 1;
            continue;
        }
        let run_start = index;
        while chars.get(index).is_some_and(char::is_ascii_uppercase) {
            index += 1;
        }
        let lowercase_follows = chars.get(index).is_some_and(char::is_ascii_lowercase);
        if index - run_start >= 2 && lowercase_follows {
            first_pass.extend_from_slice(&chars[run_start..index - 1]);
            first_pass.push('_');
            first_pass.extend_from_slice(&chars[index - 1..=index]);
            index += 1;
        } else {
            first_pass.extend_from_slice(&chars[run_start..index]);
        }
    }

    // `([a-z\d])([A-Z])` → `\1_\2`, then `(\s|-)` → `_`, then lowercase.
    let mut out = String::with_capacity(first_pass.len() + 4);
    for (i, &c) in first_pass.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let previous = first_pass[i - 1];
            if previous.is_ascii_lowercase() || previous.is_ascii_digit() {
                out.push('_');
            }
        }
        out.push(if is_java_whitespace(c) || c == '-' {
            '_'
        } else {
            c
        });
    }
    out.to_lowercase()
}

/// The Smithy library's `CaseUtils.toPascalCase`: lowercase everything, drop the
/// separators `_`, `-` and space, and title-case the first letter of every part.
fn capitalize_parts(snake: &str) -> String {
    let lower = snake.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut capitalize_next = true;
    for c in lower.chars() {
        if matches!(c, '_' | '-' | ' ') {
            // Separators before the first part do not count: `_foo` is `Foo`.
            capitalize_next = !out.is_empty();
        } else if capitalize_next || out.is_empty() {
            out.push(title_case(c));
            capitalize_next = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() { lower } else { out }
}

/// Java's `Character.toTitleCase` for one code point. Rust has no title-case table; the
/// single-character uppercase mapping agrees for everything but a few digraphs, and a
/// character whose uppercase is several characters (`ß`) stays as it is, as in Java.
fn title_case(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// Java's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
fn is_java_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

fn finish_word(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(current.to_lowercase());
        current.clear();
    }
}

/// Kotlin's `Char.isLetterOrDigit`. Rust's `is_alphanumeric` also counts other numeric
/// characters (`½`, `²`) as digits; for ASCII the two agree.
fn is_letter_or_digit(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the current word plus the rest of the name starts one of [`COMPLETE_WORDS`]
/// that is not finished yet, so case changes inside it (`IP|v4`) are no boundary.
fn complete_word_in_progress(current: &str, rest: &[char]) -> bool {
    let current_lower = current.to_lowercase();
    if COMPLETE_WORDS.contains(&current_lower.as_str()) {
        return false;
    }
    let mut candidate = current_lower;
    // The longest complete word has five letters; a few more characters decide it.
    candidate.extend(rest.iter().take(8).flat_map(|c| c.to_lowercase()));
    COMPLETE_WORDS
        .iter()
        .any(|word| candidate.starts_with(word))
}

/// [`complete_word_in_progress`] for an ASCII name: `from_word` is the
/// lowercase name from the current word's first character on, and the word
/// so far is its first `len` bytes.
fn complete_word_in_progress_ascii(from_word: &[u8], len: usize) -> bool {
    let current = &from_word[..len];
    if COMPLETE_WORDS.iter().any(|word| word.as_bytes() == current) {
        return false;
    }
    let candidate = &from_word[..from_word.len().min(len + 8)];
    COMPLETE_WORDS
        .iter()
        .any(|word| candidate.starts_with(word.as_bytes()))
}

fn lower_or_digit_then_upper(last: char, next: char) -> bool {
    next.is_uppercase() && (last.is_lowercase() || last.is_numeric())
}

fn digit_then_lower(last: char, next: char) -> bool {
    last.is_numeric() && next.is_lowercase()
}

/// `DB[P]roxy`, `IAM[U]ser`: `next` is the first capital of a new word after an acronym.
/// Not in `AR[N]s` or `AC[L]s` (a plural, unless a longer lowercase word follows) and
/// not in `DynamoD[B]v2` (a version).
fn end_of_acronym(last: char, next: char, peek: Option<char>, double_peek: Option<char>) -> bool {
    if !last.is_uppercase() || !next.is_uppercase() {
        return false;
    }
    let Some(peek) = peek.filter(|c| c.is_lowercase()) else {
        return false;
    };
    if peek == 's' && !double_peek.is_some_and(char::is_lowercase) {
        return false;
    }
    !(peek == 'v' && double_peek.is_some_and(|c| c.is_numeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut of the complete-word check answers as the general
    /// one does, for every word start and length within these names.
    #[test]
    fn complete_word_check_ascii_agrees() {
        let names = [
            "IPv4Address",
            "UnassignIpv6AddressesRequest",
            "SigV4Authorization",
            "TotalGpuMemoryInMiB",
            "AuthTtL",
            "ipv4Address",
            "sigv4",
            "KiBGiBMiBTTLIpV6",
            "xIPV4sigV4ttlTtL",
        ];
        for name in names {
            let chars: Vec<char> = name.chars().collect();
            let lower = name.to_ascii_lowercase().into_bytes();
            for start in 0..chars.len() {
                for len in 0..=chars.len() - start {
                    let current: String = chars[start..start + len].iter().collect();
                    let rest = &chars[start + len..];
                    assert_eq!(
                        complete_word_in_progress_ascii(&lower[start..], len),
                        complete_word_in_progress(&current, rest),
                        "{name}: word {current:?}"
                    );
                }
            }
        }
    }

    /// Names and expectations from smithy-rs's own tests of its word splitter
    /// (`StringsTest.kt` and its table of AWS names), which pin the cases where it
    /// deliberately differs from plain case conversion.
    #[test]
    fn snake_case_matches_smithy_rs() {
        let cases = [
            ("ACLs", "acls"),
            ("ACLsUpdateStatus", "acls_update_status"),
            ("AllowedAllVPCs", "allowed_all_vpcs"),
            ("BluePrimaryX", "blue_primary_x"),
            ("CIDRs", "cidrs"),
            ("AuthTtL", "auth_ttl"),
            ("CNAMEPrefix", "cname_prefix"),
            ("S3Location", "s3_location"),
            ("signatureS", "signature_s"),
            ("signatureR", "signature_r"),
            ("M3u8Settings", "m3u8_settings"),
            ("IAMUser", "iam_user"),
            ("OtaaV1_0_x", "otaa_v1_0_x"),
            ("DynamoDBv2Action", "dynamo_dbv2_action"),
            ("SessionKeyEmv2000", "session_key_emv2000"),
            ("SupportsClassB", "supports_class_b"),
            (
                "UnassignIpv6AddressesRequest",
                "unassign_ipv6_addresses_request",
            ),
            ("TotalGpuMemoryInMiB", "total_gpu_memory_in_mib"),
            ("WriteIOs", "write_ios"),
            ("dynamoDBv2", "dynamo_dbv2"),
            ("ipv4Address", "ipv4_address"),
            ("sigv4", "sigv4"),
            ("s3key", "s3_key"),
            ("sha256sum", "sha256_sum"),
            ("Av1QvbrSettings", "av1_qvbr_settings"),
            ("Av1Settings", "av1_settings"),
            ("AwsElbv2LoadBalancer", "aws_elbv2_load_balancer"),
            ("SigV4Authorization", "sigv4_authorization"),
            ("IpV6Address", "ipv6_address"),
            ("IpV6Cidr", "ipv6_cidr"),
            ("IpV4Addresses", "ipv4_addresses"),
            ("NotificationARNs", "notification_arns"),
            ("AWSKMSKeyARN", "awskms_key_arn"),
            ("ADDomainJoinPassword", "ad_domain_join_password"),
            ("AccountID", "account_id"),
            ("AbpV1_0_x", "abp_v1_0_x"),
            ("AbpV1_1", "abp_v1_1"),
            ("ASN1Subject", "asn1_subject"),
            ("ASName", "as_name"),
            ("APNSVoipChannelRequest", "apns_voip_channel_request"),
            ("AZList", "az_list"),
            (
                "AWSManagedRulesACFPRuleSet",
                "aws_managed_rules_acfp_rule_set",
            ),
            ("Ac3Settings", "ac3_settings"),
            ("LabelingJobS3DataSource", "labeling_job_s3_data_source"),
            ("LambdaFunctionARN", "lambda_function_arn"),
            ("LastVPCAssociation", "last_vpc_association"),
            (
                "LatestIngestionAttemptEventID",
                "latest_ingestion_attempt_event_id",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(snake_case(input), expected, "snake_case({input:?})");
        }
    }

    #[test]
    fn separators_split_and_vanish() {
        assert_eq!(
            split_words("foo_bar-baz qux.quux"),
            ["foo", "bar", "baz", "qux", "quux"]
        );
        assert_eq!(
            split_words("__leading__and__trailing__"),
            ["leading", "and", "trailing"]
        );
        assert_eq!(split_words(""), Vec::<String>::new());
        assert_eq!(split_words("_"), Vec::<String>::new());
        assert_eq!(split_words("-._ "), Vec::<String>::new());
    }

    #[test]
    fn digits_only_split_from_lowercase_in_all_lowercase_names() {
        assert_eq!(split_words("s3key"), ["s3", "key"]);
        assert_eq!(split_words("S3key"), ["s3key"]);
        assert_eq!(split_words("s3Key"), ["s3", "key"]);
        assert_eq!(split_words("ec2"), ["ec2"]);
        assert_eq!(split_words("123"), ["123"]);
        assert_eq!(split_words("1stPlace"), ["1st", "place"]);
    }

    #[test]
    fn unicode_letters_are_letters() {
        assert_eq!(split_words("naïveCafé"), ["naïve", "café"]);
        assert_eq!(snake_case("ÜberÄrger"), "über_ärger");
        assert_eq!(split_words("emoji🙂Name"), ["emoji", "name"]);
    }

    #[test]
    fn screaming_snake_case_uppercases_snake_words() {
        assert_eq!(screaming_snake_case("maxResults"), "MAX_RESULTS");
        assert_eq!(screaming_snake_case("IPv6Address"), "IPV6_ADDRESS");
        assert_eq!(
            screaming_snake_case("already_SCREAMING"),
            "ALREADY_SCREAMING"
        );
    }

    #[test]
    fn pascal_case_matches_smithy_case_utils() {
        let cases = [
            ("ACTIVE", "Active"),
            ("IN_PROGRESS", "InProgress"),
            (
                "CREATE_FAILED_CLEANUP_IN_PROGRESS",
                "CreateFailedCleanupInProgress",
            ),
            ("componentName", "ComponentName"),
            ("s3", "S3"),
            ("S3ObjectSource", "S3ObjectSource"),
            ("IPv4Address", "IPv4Address"),
            ("ARNs", "ArNs"),
            ("DBProxy", "DbProxy"),
            ("SHA", "Sha"),
            ("a_b_c", "ABC"),
            ("ABC", "Abc"),
            ("_foo", "Foo"),
            ("__foo__bar__", "FooBar"),
            ("foo-bar baz", "FooBarBaz"),
            ("Self", "Self"),
            ("SELF", "Self"),
            ("1Foo", "1Foo"),
            ("2DBarcode", "2DBarcode"),
            ("v1_0_x", "V10X"),
        ];
        for (input, expected) in cases {
            assert_eq!(pascal_case(input), expected, "pascal_case({input:?})");
        }
    }

    #[test]
    fn pascal_case_keeps_what_case_utils_does_not_split() {
        // `.` is no separator to CaseUtils; the role functions reject the result.
        assert_eq!(pascal_case("foo.bar"), "Foo.bar");
        // Only separators: CaseUtils hands the lowercased input back.
        assert_eq!(pascal_case("__"), "__");
        assert_eq!(pascal_case(""), "");
        // `ß` has no one-character title case; Java leaves it, and so do we.
        assert_eq!(pascal_case("ßtraße"), "ßtraße");
        assert_eq!(pascal_case("élan_vital"), "ÉlanVital");
    }

    #[test]
    fn kebab_case_matches_botocore() {
        let cases = [
            ("CancelComponentDeployment", "cancel-component-deployment"),
            ("componentName", "component-name"),
            ("GatewayARNs", "gateway-arns"),
            ("ListWebACLs", "list-web-acls"),
            ("SomeCNAMEs", "some-cnames"),
            ("DescribeDBInstances", "describe-db-instances"),
            ("CreateVPCEndpoint", "create-vpc-endpoint"),
            ("VPCId", "vpc-id"),
            ("IPv4Address", "i-pv4-address"),
            ("s3Key", "s3-key"),
            ("maxResults", "max-results"),
            ("already-kebab", "already-kebab"),
            ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
            (
                "DeleteWhatsAppMessageMedia",
                "delete-whatsapp-media-message",
            ),
            ("Tags", "tags"),
            ("ARNs", "-arns"),
        ];
        for (input, expected) in cases {
            assert_eq!(kebab_case(input), expected, "kebab_case({input:?})");
        }
    }
}
