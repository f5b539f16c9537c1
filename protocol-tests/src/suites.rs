//! Which test services are generated from `../shared/protocol-tests`, and
//! which of their cases are skipped.

use std::path::{Path, PathBuf};

/// One test service: its client crate and its test target.
#[derive(Clone, Copy, Debug)]
pub struct Suite {
    /// The service shape id.
    pub service: &'static str,
    /// The client's package name; its library name has `_` for `-`.
    pub crate_name: &'static str,
    /// The directory of `shared/protocol-tests` holding the service's
    /// model (read with `shared/` and `traits/`).
    pub dir: &'static str,
    /// Cases not run (their tests are `#[ignore]`d), by id, with the reason.
    pub skip: &'static [(&'static str, &'static str)],
}

impl Suite {
    /// Where the client crate is written, relative to this crate.
    pub fn client_dir(&self) -> PathBuf {
        Path::new("clients").join(self.crate_name)
    }

    /// Where the test target (`main.rs`) is written, relative to this
    /// crate.
    pub fn tests_dir(&self) -> PathBuf {
        Path::new("tests").join(self.lib_name())
    }

    /// The client's library name.
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

/// The test services, each generated from its protocol's directory.
/// `QueryCompatibleJsonRpc10` is a service of its own: `@awsQueryCompatible`
/// changes requests and error codes for all of its operations. Amazon
/// Machine Learning's customisation (the `Predict` endpoint) is another.
pub const SUITES: &[Suite] = &[
    Suite {
        service: "aws.protocoltests.json10#JsonRpc10",
        crate_name: "json-rpc10",
        dir: "awsJson1_0",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
        crate_name: "query-compatible-json-rpc10",
        dir: "awsJson1_0",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.json#JsonProtocol",
        crate_name: "json-protocol",
        dir: "awsJson1_1",
        skip: &[],
    },
    Suite {
        service: "com.amazonaws.machinelearning#AmazonML_20141212",
        crate_name: "machine-learning",
        dir: "awsJson1_1",
        skip: &[],
    },
    Suite {
        service: REST_JSON_SERVICE,
        crate_name: "rest-json",
        dir: "restJson1",
        skip: &[],
    },
    Suite {
        service: "com.amazonaws.apigateway#BackplaneControlService",
        crate_name: "api-gateway",
        dir: "restJson1",
        skip: &[],
    },
    Suite {
        service: "com.amazonaws.glacier#Glacier",
        crate_name: "glacier",
        dir: "restJson1",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.query#AwsQuery",
        crate_name: "aws-query",
        dir: "awsQuery",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.ec2#AwsEc2",
        crate_name: "ec2-query",
        dir: "ec2Query",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.restxml#RestXml",
        crate_name: "rest-xml",
        dir: "restXml",
        skip: &[],
    },
    Suite {
        service: "com.amazonaws.s3#AmazonS3",
        crate_name: "s3",
        dir: "restXml",
        skip: &[],
    },
    Suite {
        service: "aws.protocoltests.restxml.xmlns#RestXmlWithNamespace",
        crate_name: "rest-xml-with-namespace",
        dir: "restXmlWithNamespace",
        skip: &[],
    },
];

/// The restJson1 suite's service; `tests/drift.rs` adds it to the model,
/// whose folder lacks it.
pub const REST_JSON_SERVICE: &str = "aws.protocoltests.restjson#RestJson";

/// The directories of `shared/protocol-tests` every model reads besides
/// its protocol's own.
pub const COMMON_DIRS: &[&str] = &["shared", "traits"];

/// How files generated from protocol directory `dir` name their source.
pub fn source_label(dir: &str) -> String {
    format!("../shared/protocol-tests/{{{dir},shared,traits}}/*.smithy")
}

/// This crate's directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `shared/protocol-tests`, found beside the repository (or beside any
/// directory above it, since worktrees may live elsewhere).
///
/// # Errors
/// When no directory above this crate has `shared/protocol-tests`.
pub fn shared_dir() -> Result<PathBuf, String> {
    crate_dir()
        .ancestors()
        .map(|dir| dir.join("shared/protocol-tests"))
        .find(|dir| dir.is_dir())
        .ok_or_else(|| {
            format!(
                "no shared/protocol-tests directory above {}; the protocol tests need the \
                 official Smithy models beside the repository",
                crate_dir().display()
            )
        })
}

/// Every model file of protocol directory `protocol_dir` (with the common
/// ones), sorted.
///
/// # Errors
/// When the shared directory is missing or cannot be read.
pub fn model_files(protocol_dir: &str) -> Result<Vec<PathBuf>, String> {
    let shared = shared_dir()?;
    let mut files = Vec::new();
    for dir in std::iter::once(&protocol_dir).chain(COMMON_DIRS) {
        let dir = shared.join(dir);
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            // `http-accept.smithy` is Smithy IDL 1.0 with server cases only.
            if path.extension().is_some_and(|e| e == "smithy")
                && !path.ends_with("restJson1/http-accept.smithy")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `shared/endpoint-rules-tests`, the official rules-engine tests: one
/// small service per `.smithy` file, with a rule set and its cases.
///
/// # Errors
/// When the shared directory is missing.
pub fn endpoint_rules_dir() -> Result<PathBuf, String> {
    let protocol_tests = shared_dir()?;
    let dir = protocol_tests.with_file_name("endpoint-rules-tests");
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "no {} beside {}",
            dir.display(),
            protocol_tests.display()
        ))
    }
}

/// The rules-engine test files (sorted), and the trait definitions they
/// are read with.
///
/// # Errors
/// When the directory is missing or cannot be read.
pub fn endpoint_rules_files() -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    let dir = endpoint_rules_dir()?;
    let list = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "smithy"))
            .collect();
        files.sort();
        Ok(files)
    };
    Ok((list(&dir)?, list(&dir.join("traits"))?))
}

/// Where the rules-engine test target is written, relative to this crate.
pub const ENDPOINT_RULES_TESTS_DIR: &str = "tests/endpoint_rules";
