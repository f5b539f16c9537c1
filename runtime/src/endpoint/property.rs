//! Endpoint properties: the metadata a rule set attaches to an endpoint.

use std::collections::BTreeMap;

/// One value in an endpoint's properties.
///
/// Rule sets attach metadata to endpoints as nested maps and arrays of strings
/// and booleans; the best known is `authSchemes`, a list of maps naming the
/// signing scheme, signing name and signing region to use with the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Property {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer (the rules engine has no fractional numbers).
    Int(i64),
    /// An ordered list.
    Array(Vec<Property>),
    /// A map from names to values.
    Map(BTreeMap<String, Property>),
}

impl Property {
    /// A map property from `(name, value)` pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Property)>) -> Self {
        Property::Map(
            entries
                .into_iter()
                .map(|(name, value)| (name.into(), value))
                .collect(),
        )
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Property::String(value) => Some(value),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Property::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Property::Int(value) => Some(*value),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Property]> {
        match self {
            Property::Array(values) => Some(values),
            _ => None,
        }
    }

    /// The entries, if this is a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Property>> {
        match self {
            Property::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `name`, if this is a map that has one.
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.as_map().and_then(|entries| entries.get(name))
    }
}

impl From<&str> for Property {
    fn from(value: &str) -> Self {
        Property::String(value.to_owned())
    }
}

impl From<String> for Property {
    fn from(value: String) -> Self {
        Property::String(value)
    }
}

impl From<bool> for Property {
    fn from(value: bool) -> Self {
        Property::Bool(value)
    }
}

impl From<i64> for Property {
    fn from(value: i64) -> Self {
        Property::Int(value)
    }
}

impl From<Vec<Property>> for Property {
    fn from(values: Vec<Property>) -> Self {
        Property::Array(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_schemes_read_back_through_the_accessors() {
        let auth_schemes = Property::Array(vec![Property::map([
            ("name", Property::from("sigv4")),
            ("signingRegion", Property::from("us-east-1".to_owned())),
            ("disableDoubleEncoding", Property::from(true)),
            ("weight", Property::from(2_i64)),
        ])]);
        let scheme = &auth_schemes.as_array().expect("an array")[0];
        assert_eq!(scheme.get("name").and_then(Property::as_str), Some("sigv4"));
        assert_eq!(
            scheme.get("signingRegion").and_then(Property::as_str),
            Some("us-east-1")
        );
        assert_eq!(
            scheme
                .get("disableDoubleEncoding")
                .and_then(Property::as_bool),
            Some(true)
        );
        assert_eq!(scheme.get("weight").and_then(Property::as_int), Some(2));
        assert_eq!(scheme.get("missing"), None);
        assert_eq!(scheme.as_map().map(BTreeMap::len), Some(4));
    }

    #[test]
    fn accessors_of_the_wrong_kind_return_none() {
        let value = Property::from("text");
        assert_eq!(value.as_bool(), None);
        assert_eq!(value.as_int(), None);
        assert_eq!(value.as_array(), None);
        assert_eq!(value.as_map(), None);
        assert_eq!(value.get("name"), None);
        assert_eq!(Property::from(vec![]).as_str(), None);
    }
}
