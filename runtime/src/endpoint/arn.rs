//! `aws.parseArn`: Amazon Resource Names.

/// An Amazon Resource Name, as the rule set's `aws.parseArn` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    /// The partition, e.g. `aws`.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The service namespace, e.g. `s3`.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region; empty for global resources.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The owning account; empty for resources without one.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The resource part split on `:` and `/`: `["vpc", "vpc-0e98"]` for
    /// `vpc/vpc-0e98`.
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// The rule set's `aws.parseArn`:
/// `arn:partition:service:region:account-id:resource`.
///
/// Returns `None` unless the input has all six `:`-separated parts, starts
/// with `arn`, and has a non-empty partition, service and resource. Region and
/// account may be empty.
///
/// ```
/// use lean_runtime::endpoint::fns::parse_arn;
/// let arn = parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("a valid ARN");
/// assert_eq!(arn.region(), "");
/// assert_eq!(arn.resource_id(), ["user", "johndoe"]);
/// ```
pub fn parse_arn(input: &str) -> Option<Arn> {
    let mut parts = input.splitn(6, ':');
    let (prefix, partition, service, region, account_id, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(input: &str) -> Option<(String, String, String, String, Vec<String>)> {
        parse_arn(input).map(|arn| {
            (
                arn.partition().to_owned(),
                arn.service().to_owned(),
                arn.region().to_owned(),
                arn.account_id().to_owned(),
                arn.resource_id().to_vec(),
            )
        })
    }

    fn arn(
        partition: &str,
        service: &str,
        region: &str,
        account: &str,
        resource: &[&str],
    ) -> Option<(String, String, String, String, Vec<String>)> {
        Some((
            partition.into(),
            service.into(),
            region.into(),
            account.into(),
            resource.iter().map(|part| (*part).to_owned()).collect(),
        ))
    }

    #[test]
    fn valid_arns() {
        assert_eq!(
            fields("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name"),
            arn(
                "aws",
                "sns",
                "us-west-2",
                "012345678910",
                &["example-sns-topic-name"]
            )
        );
        assert_eq!(
            fields("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE"),
            arn(
                "aws",
                "ec2",
                "us-east-1",
                "012345678910",
                &["vpc", "vpc-0e9801d129EXAMPLE"]
            )
        );
        assert_eq!(
            fields("arn:aws:iam::012345678910:user/johndoe"),
            arn("aws", "iam", "", "012345678910", &["user", "johndoe"])
        );
        assert_eq!(
            fields("arn:aws:s3:::bucket_name"),
            arn("aws", "s3", "", "", &["bucket_name"])
        );
    }

    #[test]
    fn resource_splits_on_colons_and_slashes() {
        assert_eq!(
            fields("arn:aws:s3:us-east-2:012345678:outpost:op-1234/bucket:b"),
            arn(
                "aws",
                "s3",
                "us-east-2",
                "012345678",
                &["outpost", "op-1234", "bucket", "b"]
            )
        );
        assert_eq!(
            fields("arn:aws:s3:::my_bucket/Development/*"),
            arn("aws", "s3", "", "", &["my_bucket", "Development", "*"])
        );
        assert_eq!(
            fields("arn:aws:s3:::a//b"),
            arn("aws", "s3", "", "", &["a", "", "b"])
        );
    }

    #[test]
    fn invalid_arns() {
        for input in [
            "",
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3:us-east-2:012345678",
            "arn:aws:s3:us-east-2:012345678:",
            "arn::s3:us-east-2:012345678:bucket",
            "arn:aws::us-east-2:012345678:bucket",
            "urn:aws:s3:us-east-2:012345678:bucket",
            "ARN:aws:s3:us-east-2:012345678:bucket",
        ] {
            assert_eq!(parse_arn(input), None, "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_arn_never_panics(input in any::<String>()) {
            let _ = parse_arn(&input);
        }
    }
}
