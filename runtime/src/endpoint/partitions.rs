//! The partition table: generated once from `partitions.json` (version 1.1).
//!
//! Source: the `partitions.json` published with the AWS SDKs (botocore
//! `botocore/data/partitions.json` at commit c870f2c199fe36e2bed3afa8f8b5282a739cb711),
//! with one change: the four ISO partitions' `dualStackDnsSuffix` is their
//! `dnsSuffix`, as in the `partitions.json` of the official service models
//! this generator is tested with (`shared/models/aws`, 2025-04). The
//! `api.*` suffixes came later; every endpoint test of those models that
//! resolves an ISO region (1,729 cases, services whose rules always use
//! the dual-stack suffix among them) expects the plain suffix, none the
//! `api.*` one.
//! Each `regionRegex` is kept verbatim in a comment and translated into
//! [`Piece`]s, the only regular-expression features the table uses, so the
//! runtime needs no regex engine. The source gives no per-region output
//! overrides, so each region is just a name.

use super::partition::{Partition, PartitionRecord};
use super::region_pattern::Piece;

/// Every known partition, in the order `partitions.json` lists them (the order
/// regex matching tries them in).
pub(super) static PARTITIONS: &[PartitionRecord] = &[
    // regionRegex: ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$
    PartitionRecord {
        id: "aws",
        region_pattern: &[
            Piece::AnyOf(&["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]),
            Piece::Text("-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        outputs: Partition {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-east-1",
        },
    },
    // regionRegex: ^cn\-\w+\-\d+$
    PartitionRecord {
        id: "aws-cn",
        region_pattern: &[
            Piece::Text("cn-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        outputs: Partition {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
    },
    // regionRegex: ^eusc\-(de)\-\w+\-\d+$
    PartitionRecord {
        id: "aws-eusc",
        region_pattern: &[
            Piece::Text("eusc-de-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["eusc-de-east-1"],
        outputs: Partition {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "eusc-de-east-1",
        },
    },
    // regionRegex: ^us\-iso\-\w+\-\d+$
    PartitionRecord {
        id: "aws-iso",
        region_pattern: &[
            Piece::Text("us-iso-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        outputs: Partition {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "c2s.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-iso-east-1",
        },
    },
    // regionRegex: ^us\-isob\-\w+\-\d+$
    PartitionRecord {
        id: "aws-iso-b",
        region_pattern: &[
            Piece::Text("us-isob-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        outputs: Partition {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "sc2s.sgov.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-isob-east-1",
        },
    },
    // regionRegex: ^eu\-isoe\-\w+\-\d+$
    PartitionRecord {
        id: "aws-iso-e",
        region_pattern: &[
            Piece::Text("eu-isoe-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        outputs: Partition {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "cloud.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "eu-isoe-west-1",
        },
    },
    // regionRegex: ^us\-isof\-\w+\-\d+$
    PartitionRecord {
        id: "aws-iso-f",
        region_pattern: &[
            Piece::Text("us-isof-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        outputs: Partition {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "csp.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-isof-south-1",
        },
    },
    // regionRegex: ^us\-gov\-\w+\-\d+$
    PartitionRecord {
        id: "aws-us-gov",
        region_pattern: &[
            Piece::Text("us-gov-"),
            Piece::Word,
            Piece::Text("-"),
            Piece::Digits,
        ],
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        outputs: Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
    },
];
