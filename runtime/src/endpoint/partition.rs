//! `aws.partition`: which AWS partition a region belongs to.

use super::partitions::PARTITIONS;
use super::region_pattern::{self, Piece};

/// What the rule set's `aws.partition` tells about a region's partition.
#[derive(Debug, PartialEq, Eq)]
pub struct Partition {
    pub(super) name: &'static str,
    pub(super) dns_suffix: &'static str,
    pub(super) dual_stack_dns_suffix: &'static str,
    pub(super) supports_fips: bool,
    pub(super) supports_dual_stack: bool,
    pub(super) implicit_global_region: &'static str,
}

impl Partition {
    /// The partition's name, e.g. `aws-cn`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The DNS suffix of regular endpoints, e.g. `amazonaws.com.cn`.
    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// The DNS suffix of dual-stack (IPv4 and IPv6) endpoints, e.g. `api.aws`.
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.dual_stack_dns_suffix
    }

    /// Whether the partition has FIPS endpoints.
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// Whether the partition has dual-stack endpoints.
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// The region that global services of the partition are signed for,
    /// e.g. `us-east-1` in `aws`.
    pub fn implicit_global_region(&self) -> &'static str {
        self.implicit_global_region
    }
}

/// One partition of the table: how regions are matched to it, and what
/// `aws.partition` returns for them.
#[derive(Debug)]
pub(super) struct PartitionRecord {
    pub(super) id: &'static str,
    /// The partition's `regionRegex`, spelled out as pieces.
    pub(super) region_pattern: &'static [Piece],
    pub(super) regions: &'static [&'static str],
    pub(super) outputs: Partition,
}

/// The rule set's `aws.partition`: the partition `region` belongs to.
///
/// A region listed by a partition wins; then the first partition whose region
/// pattern matches; an unknown region is taken to be in `aws`, so rule sets
/// can still build an endpoint for a region newer than this table.
///
/// ```
/// use lean_runtime::endpoint::fns::partition;
/// let china = partition("cn-north-1").expect("every region has a partition");
/// assert_eq!(china.dns_suffix(), "amazonaws.com.cn");
/// assert_eq!(partition("mars-east-1").map(|p| p.name()), Some("aws"));
/// ```
pub fn partition(region: &str) -> Option<&'static Partition> {
    let listed = || PARTITIONS.iter().find(|p| p.regions.contains(&region));
    let pattern = || {
        PARTITIONS
            .iter()
            .find(|p| region_pattern::matches(p.region_pattern, region))
    };
    let fallback = || PARTITIONS.iter().find(|p| p.id == "aws");
    listed()
        .or_else(pattern)
        .or_else(fallback)
        .map(|record| &record.outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(region: &str) -> Option<&'static str> {
        partition(region).map(Partition::name)
    }

    #[test]
    fn listed_regions_resolve_to_their_partition() {
        for (region, expected) in [
            ("us-east-1", "aws"),
            ("eu-west-1", "aws"),
            ("ap-northeast-1", "aws"),
            ("mx-central-1", "aws"),
            ("aws-global", "aws"),
            ("cn-north-1", "aws-cn"),
            ("aws-cn-global", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-gov-east-1", "aws-us-gov"),
            ("aws-us-gov-global", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("aws-iso-global", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("aws-iso-b-global", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            assert_eq!(name_of(region), Some(expected), "{region}");
        }
    }

    #[test]
    fn unlisted_regions_resolve_by_pattern() {
        for (region, expected) in [
            ("us-east-10", "aws"),
            ("sa-south-3", "aws"),
            ("cn-north-5", "aws-cn"),
            ("us-gov-south-1", "aws-us-gov"),
            ("us-iso-north-2", "aws-iso"),
            ("us-isob-west-1", "aws-iso-b"),
            ("eu-isoe-north-1", "aws-iso-e"),
            ("us-isof-west-1", "aws-iso-f"),
            ("eusc-de-west-1", "aws-eusc"),
        ] {
            assert_eq!(name_of(region), Some(expected), "{region}");
        }
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        for region in [
            "mars-global",
            "",
            "us-east",
            "eusc-fr-east-1",
            "cn-north-1-a",
        ] {
            assert_eq!(name_of(region), Some("aws"), "{region:?}");
        }
    }

    #[test]
    fn outputs_of_each_partition() {
        let aws = partition("us-east-1").expect("aws");
        assert_eq!(
            (
                aws.dns_suffix(),
                aws.dual_stack_dns_suffix(),
                aws.implicit_global_region()
            ),
            ("amazonaws.com", "api.aws", "us-east-1")
        );
        assert!(aws.supports_fips() && aws.supports_dual_stack());

        let china = partition("cn-northwest-1").expect("aws-cn");
        assert_eq!(
            (china.dns_suffix(), china.dual_stack_dns_suffix()),
            ("amazonaws.com.cn", "api.amazonwebservices.com.cn")
        );
        assert!(china.supports_dual_stack());

        let gov = partition("us-gov-east-1").expect("aws-us-gov");
        assert_eq!(
            (
                gov.dns_suffix(),
                gov.dual_stack_dns_suffix(),
                gov.implicit_global_region()
            ),
            ("amazonaws.com", "api.aws", "us-gov-west-1")
        );

        let iso = partition("us-iso-east-1").expect("aws-iso");
        assert_eq!(iso.dns_suffix(), "c2s.ic.gov");
        assert!(iso.supports_fips() && !iso.supports_dual_stack());

        let iso_b = partition("us-isob-east-1").expect("aws-iso-b");
        assert_eq!(iso_b.dns_suffix(), "sc2s.sgov.gov");
        assert!(iso_b.supports_fips() && !iso_b.supports_dual_stack());
    }

    #[test]
    fn every_partition_is_named_after_its_id_and_matches_its_own_regions() {
        for record in PARTITIONS {
            assert_eq!(record.id, record.outputs.name);
            for region in record.regions {
                assert_eq!(name_of(region), Some(record.id), "{region}");
            }
        }
        assert!(PARTITIONS.iter().any(|record| record.id == "aws"));
    }
}
