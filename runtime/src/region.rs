//! The AWS region a client talks to and signs for.

use crate::env::Env;
use crate::profile::ProfileSet;
use std::borrow::Cow;
use std::fmt;

/// An AWS region name, such as `us-east-1`.
///
/// Any string can be held; [`Region::validate`] checks that it is a host
/// label before the region goes into an endpoint's host name, which client
/// configuration does before anything is signed or sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region from an owned or static name.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self(name.into())
    }

    /// A region from a static name, usable in `const` items.
    pub const fn from_static(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }

    /// Checks that the region is a valid host label, as botocore and
    /// aws-sdk-rust require: 1 to 63 ASCII letters, digits and hyphens, not
    /// starting or ending with a hyphen. A region goes into the endpoint's
    /// host name, so `evil.com#` or `a.b:443/x` would send signed requests
    /// elsewhere.
    ///
    /// ```
    /// use lean_runtime::region::Region;
    /// assert!(Region::from_static("eu-west-1").validate().is_ok());
    /// assert!(Region::from_static("evil.com#").validate().is_err());
    /// ```
    ///
    /// # Errors
    /// [`InvalidRegion`], naming the region.
    pub fn validate(&self) -> Result<(), InvalidRegion> {
        if is_host_label(&self.0) {
            Ok(())
        } else {
            Err(InvalidRegion(self.0.to_string()))
        }
    }
}

fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// A region that is not a valid host label (see [`Region::validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegion(String);

impl InvalidRegion {
    /// The region as configured.
    pub fn region(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InvalidRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug quoting shows control characters and spaces for what they are.
        write!(
            f,
            "invalid region {:?}: a region is a host label of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen",
            self.0
        )
    }
}

impl std::error::Error for InvalidRegion {}

impl From<&'static str> for Region {
    fn from(name: &'static str) -> Self {
        Self::from_static(name)
    }
}

impl From<String> for Region {
    fn from(name: String) -> Self {
        Self::new(name)
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The region configured outside the program: `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`, then the selected profile's `region`.
///
/// ```
/// use lean_runtime::{env::Env, profile::ProfileSet, region::default_region};
/// let profiles = ProfileSet::parse("[default]\nregion = eu-west-1", "")?;
/// let env = Env::from_vars([("AWS_DEFAULT_REGION", "us-west-2")]);
/// assert_eq!(default_region(&env, Some(&profiles)).unwrap().as_ref(), "us-west-2");
/// # Ok::<(), lean_runtime::profile::ProfileFileError>(())
/// ```
pub fn default_region(env: &Env, profiles: Option<&ProfileSet>) -> Option<Region> {
    env.get("AWS_REGION")
        .or_else(|| env.get("AWS_DEFAULT_REGION"))
        .or_else(|| {
            let region = profiles?.selected()?.get("region")?;
            (!region.is_empty()).then(|| region.to_owned())
        })
        .map(Region::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EAST: Region = Region::from_static("us-east-1");

    #[test]
    fn display_and_as_ref() {
        assert_eq!(EAST.to_string(), "us-east-1");
        assert_eq!(Region::new(String::from("eu-west-1")).as_ref(), "eu-west-1");
    }

    #[test]
    fn regions_must_be_host_labels() {
        for good in [
            "us-east-1",
            "cn-north-1",
            "us-gov-west-1",
            "local",
            "a",
            &"x".repeat(63),
        ] {
            assert!(Region::new(good.to_owned()).validate().is_ok(), "{good}");
        }
        for bad in [
            "",
            "evil.com#",
            "evil.com:443/x",
            "us-east-1.evil.com",
            "-us-east-1",
            "us-east-1-",
            "us east 1",
            "us-east-1\n",
            "régión",
            &"x".repeat(64),
        ] {
            let error = Region::new(bad.to_owned()).validate().unwrap_err();
            assert_eq!(error.region(), bad);
            assert!(error.to_string().contains("invalid region"), "{error}");
        }
    }

    #[test]
    fn precedence() {
        let profiles = ProfileSet::parse(
            "[default]\nregion = from-default\n[profile dev]\nregion = from-dev",
            "",
        )
        .unwrap();
        let region = |vars: &[(&str, &str)], profiles: Option<&ProfileSet>| {
            default_region(&Env::from_vars(vars.iter().copied()), profiles).map(|r| r.to_string())
        };
        let both = [("AWS_REGION", "a"), ("AWS_DEFAULT_REGION", "b")];
        assert_eq!(region(&both, Some(&profiles)).as_deref(), Some("a"));
        assert_eq!(
            region(&[("AWS_DEFAULT_REGION", "b")], Some(&profiles)).as_deref(),
            Some("b")
        );
        // An empty variable counts as unset.
        assert_eq!(
            region(&[("AWS_REGION", "")], Some(&profiles)).as_deref(),
            Some("from-default")
        );
        let dev = profiles.clone().with_selected("dev");
        assert_eq!(region(&[], Some(&dev)).as_deref(), Some("from-dev"));
        assert_eq!(region(&[], None), None);
        let empty = ProfileSet::parse("[default]\nregion =", "").unwrap();
        assert_eq!(region(&[], Some(&empty)), None);
    }
}
