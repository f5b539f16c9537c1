//! The rules-engine type system, as far as code generation needs it.

use std::fmt;

/// The type of an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Type {
    String,
    Bool,
    /// Integer literals only appear as `substring` indices.
    Int,
    Array(Box<Type>),
    /// What `aws.partition` returns.
    Partition,
    /// What `parseURL` returns.
    Url,
    /// What `aws.parseArn` returns.
    Arn,
    /// A value that may be absent: an unset parameter, or a function that can
    /// fail. Conditions (`isSet`, or an `assign`) prove it present.
    Optional(Box<Type>),
}

impl Type {
    pub(super) fn optional(inner: Type) -> Type {
        Type::Optional(Box::new(inner))
    }

    pub(super) fn array(inner: Type) -> Type {
        Type::Array(Box::new(inner))
    }

    /// The attribute `key` of a record type: the runtime accessor that reads
    /// it and the attribute's type.
    pub(super) fn attribute(&self, key: &str) -> Option<(&'static str, Type)> {
        let (method, ty) = match (self, key) {
            (Type::Partition, "name") => ("name", Type::String),
            (Type::Partition, "dnsSuffix") => ("dns_suffix", Type::String),
            (Type::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Type::String),
            (Type::Partition, "supportsFIPS") => ("supports_fips", Type::Bool),
            (Type::Partition, "supportsDualStack") => ("supports_dual_stack", Type::Bool),
            (Type::Partition, "implicitGlobalRegion") => ("implicit_global_region", Type::String),
            (Type::Url, "scheme") => ("scheme", Type::String),
            (Type::Url, "authority") => ("authority", Type::String),
            (Type::Url, "path") => ("path", Type::String),
            (Type::Url, "normalizedPath") => ("normalized_path", Type::String),
            (Type::Url, "isIp") => ("is_ip", Type::Bool),
            (Type::Arn, "partition") => ("partition", Type::String),
            (Type::Arn, "service") => ("service", Type::String),
            (Type::Arn, "region") => ("region", Type::String),
            (Type::Arn, "accountId") => ("account_id", Type::String),
            (Type::Arn, "resourceId") => ("resource_id", Type::array(Type::String)),
            _ => return None,
        };
        Some((method, ty))
    }

    /// The type with its article, for error messages: "an optional string",
    /// "a URL".
    pub(super) fn with_article(&self) -> String {
        let name = self.to_string();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'A', 'E', 'I', 'O']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// The attribute names of a record type, for error messages.
    pub(super) fn attribute_names(&self) -> &'static str {
        match self {
            Type::Partition => {
                "name, dnsSuffix, dualStackDnsSuffix, supportsFIPS, supportsDualStack, implicitGlobalRegion"
            }
            Type::Url => "scheme, authority, path, normalizedPath, isIp",
            Type::Arn => "partition, service, region, accountId, resourceId",
            _ => "none",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Bool => f.write_str("boolean"),
            Type::Int => f.write_str("integer"),
            Type::Array(inner) => write!(f, "array of {inner} values"),
            Type::Partition => f.write_str("partition"),
            Type::Url => f.write_str("URL"),
            Type::Arn => f.write_str("ARN"),
            Type::Optional(inner) => write!(f, "optional {inner}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_prose_in_messages() {
        assert_eq!(
            Type::optional(Type::array(Type::String)).to_string(),
            "optional array of string values"
        );
        assert_eq!(
            Type::optional(Type::Partition).to_string(),
            "optional partition"
        );
        assert_eq!(
            Type::optional(Type::String).with_article(),
            "an optional string"
        );
        assert_eq!(Type::Url.with_article(), "a URL");
        assert_eq!(Type::Arn.with_article(), "an ARN");
        assert_eq!(Type::Bool.with_article(), "a boolean");
    }

    #[test]
    fn record_attributes_map_to_runtime_accessors() {
        assert_eq!(
            Type::Partition.attribute("dnsSuffix"),
            Some(("dns_suffix", Type::String))
        );
        assert_eq!(Type::Url.attribute("isIp"), Some(("is_ip", Type::Bool)));
        assert_eq!(
            Type::Arn.attribute("resourceId"),
            Some(("resource_id", Type::array(Type::String)))
        );
        assert_eq!(Type::Arn.attribute("dnsSuffix"), None);
        assert_eq!(Type::String.attribute("name"), None);
    }
}
