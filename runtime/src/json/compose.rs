//! Reading composite values: optional members, lists and maps, and enums
//! from their wire values.
//!
//! Generated deserializers name the value they expect and let these
//! combinators do the walking, so each member is one call
//! (`reader.optional(|reader| reader.read_list(|reader| reader.read_owned_string()))`)
//! rather than a loop written out per member.

use super::JsonReader;
use crate::error::DeserializeError;
use std::collections::HashMap;
use std::hash::Hash;

type Result<T> = std::result::Result<T, DeserializeError>;

impl JsonReader<'_> {
    /// `None` for `null` (an absent member), else the value `read` reads.
    ///
    /// # Errors
    /// What `read` returns.
    pub fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.read_null()? {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// A string, owned.
    ///
    /// # Errors
    /// The value is not a string.
    pub fn read_owned_string(&mut self) -> Result<String> {
        self.read_string().map(std::borrow::Cow::into_owned)
    }

    /// An enum from its string value (a value the enum does not know is
    /// kept by its `From<&str>`).
    ///
    /// # Errors
    /// The value is not a string.
    pub fn read_enum<T: for<'s> From<&'s str>>(&mut self) -> Result<T> {
        Ok(T::from(self.read_string()?.as_ref()))
    }

    /// An `intEnum` from its integer value.
    ///
    /// # Errors
    /// The value is not a 32-bit integer.
    pub fn read_int_enum<T: From<i32>>(&mut self) -> Result<T> {
        self.read_i32().map(T::from)
    }

    /// A list whose items `read` reads; a `null` item carries nothing and
    /// is skipped.
    ///
    /// # Errors
    /// The value is not an array, or what `read` returns.
    pub fn read_list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_element()? {
            if !self.read_null()? {
                items.push(read(self)?);
            }
        }
        Ok(items)
    }

    /// A list whose every item is kept, `null` included: `@sparse` lists
    /// (`read` reads `Option`s) and lists of documents (`null` is a
    /// document).
    ///
    /// # Errors
    /// The value is not an array, or what `read` returns.
    pub fn read_list_with_nulls<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_element()? {
            items.push(read(self)?);
        }
        Ok(items)
    }

    /// A map whose values `read` reads, keyed by strings or by an enum's
    /// values; an entry whose value is `null` carries nothing and is
    /// skipped.
    ///
    /// # Errors
    /// The value is not an object, or what `read` returns.
    pub fn read_map<K, V>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<HashMap<K, V>>
    where
        K: for<'s> From<&'s str> + Eq + Hash,
    {
        let mut map = HashMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            if !self.read_null()? {
                let value = read(self)?;
                map.insert(K::from(key.as_ref()), value);
            }
        }
        Ok(map)
    }

    /// A map whose every entry is kept, `null` included: `@sparse` maps
    /// (`read` reads `Option`s) and maps of documents.
    ///
    /// # Errors
    /// The value is not an object, or what `read` returns.
    pub fn read_map_with_nulls<K, V>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<HashMap<K, V>>
    where
        K: for<'s> From<&'s str> + Eq + Hash,
    {
        let mut map = HashMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            let value = read(self)?;
            map.insert(K::from(key.as_ref()), value);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_reads_null_as_none() {
        let mut r = JsonReader::new(b"null");
        assert_eq!(r.optional(JsonReader::read_owned_string).unwrap(), None);
        let mut r = JsonReader::new(b"\"a\"");
        assert_eq!(
            r.optional(JsonReader::read_owned_string).unwrap(),
            Some("a".to_owned())
        );
    }

    #[test]
    fn dense_lists_and_maps_skip_nulls_and_sparse_ones_keep_them() {
        let mut r = JsonReader::new(b"[1,null,2]");
        assert_eq!(r.read_list(JsonReader::read_i32).unwrap(), vec![1, 2]);
        let mut r = JsonReader::new(b"[1,null,2]");
        let sparse = r
            .read_list_with_nulls(|r| r.optional(JsonReader::read_i32))
            .unwrap();
        assert_eq!(sparse, vec![Some(1), None, Some(2)]);
        let mut r = JsonReader::new(br#"{"a":1,"b":null}"#);
        let map: HashMap<String, i32> = r.read_map(JsonReader::read_i32).unwrap();
        assert_eq!(map, HashMap::from([("a".to_owned(), 1)]));
        let mut r = JsonReader::new(br#"{"a":1,"b":null}"#);
        let map: HashMap<String, Option<i32>> = r
            .read_map_with_nulls(|r| r.optional(JsonReader::read_i32))
            .unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["b"], None);
    }

    #[test]
    fn a_list_of_the_wrong_type_is_an_error() {
        let mut r = JsonReader::new(b"{}");
        assert!(r.read_list(JsonReader::read_i32).is_err());
        let mut r = JsonReader::new(b"[\"x\"]");
        assert!(r.read_list(JsonReader::read_i32).is_err());
    }
}
