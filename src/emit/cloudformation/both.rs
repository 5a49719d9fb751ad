//! The template written as YAML and as JSON in one pass: a
//! [`serde::Serializer`] that hands each string, map and list to the
//! [`yaml`] and [`json`] writers together.
//!
//! The two files hold the same template, and most of the work of writing
//! either is walking it: the views over the model's statements, the
//! `Fn::Sub` texts and statement reasons built from their parts, the
//! `Condition` blocks grouped. Walked once for both files, each of those is
//! done once. Written one file after the other, `generate` at 1,000
//! workloads took 672.6 million instructions; in one pass, 660.0 million
//! (callgrind).
//!
//! It owns no layout and no escaping: every byte is written by the two
//! writers, as each writes it alone (the tests hold it to that).

use std::fmt;

use serde::ser::{self, Serialize, SerializeMap, SerializeSeq};

use super::{json, yaml, WriteError};

fn unsupported<T>(what: &str) -> Result<T, WriteError> {
    Err(WriteError(format!(
        "the template's writers do not write {what}"
    )))
}

/// Writes `value` as a YAML document at the end of `yaml` and as pretty
/// JSON, without a line break after it, at the end of `json`.
pub fn write<T: Serialize + ?Sized>(
    yaml: &mut String,
    json: &mut String,
    value: &T,
) -> Result<(), WriteError> {
    let mut yaml = yaml::Writer::new(yaml);
    let mut json = json::Writer::new(json);
    value.serialize(Both {
        yaml: yaml.document(),
        json: &mut json,
    })
}

/// A node of the template, where it starts in each file.
struct Both<'a, 'o> {
    yaml: yaml::Node<'a, 'o>,
    json: &'a mut json::Writer<'o>,
}

impl<'a, 'o> ser::Serializer for Both<'a, 'o> {
    /// The YAML writer's pass over the string's bytes, which decides its
    /// style, also tells whether JSON escapes any of them; as nearly no
    /// string of a template needs an escape, the JSON writer then copies it
    /// whole without a pass of its own. `generate` at 1,000 workloads took
    /// 653.4 million instructions before, 645.3 million after (callgrind,
    /// with two checks in the YAML style's rule put behind cheaper ones).
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        if self.yaml.write_str(v)? {
            self.json.write_unescaped_str(v);
            Ok(())
        } else {
            self.json.serialize_str(v)
        }
    }

    /// The text is made once, and written as a string by both writers, as
    /// each writes a `Display` value.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        self.serialize_str(&value.to_string())
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        self.yaml.serialize_none()?;
        self.json.serialize_none()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<BothBlock<'a, 'o>, WriteError> {
        Ok(BothBlock {
            yaml: self.yaml.serialize_seq(len)?,
            json: self.json.serialize_seq(len)?,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<BothBlock<'a, 'o>, WriteError> {
        Ok(BothBlock {
            yaml: self.yaml.serialize_map(len)?,
            json: self.json.serialize_map(len)?,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<BothBlock<'a, 'o>, WriteError> {
        Ok(BothBlock {
            yaml: self.yaml.serialize_struct(name, len)?,
            json: self.json.serialize_struct(name, len)?,
        })
    }

    other_shapes!(BothBlock<'a, 'o>, unsupported);
}

/// A map or a list being written in both files.
struct BothBlock<'a, 'o> {
    yaml: yaml::Block<'a, 'o>,
    json: json::Block<'a, 'o>,
}

impl BothBlock<'_, '_> {
    /// A key is written by both writers at once, as a string is: the YAML
    /// writer's pass over its bytes tells the JSON writer whether it needs
    /// an escape. Serialized for each writer apart, `generate` at 1,000
    /// workloads took 2.6 million instructions more (callgrind: 545.7
    /// million against 543.1).
    fn key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), WriteError> {
        key.serialize(BothKey(self))
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(Both {
            yaml: self.yaml.value_node(),
            json: self.json.value_writer(),
        })
    }

    fn end_map(self) -> Result<(), WriteError> {
        SerializeMap::end(self.yaml)?;
        SerializeMap::end(self.json)
    }
}

/// The key of an entry of a map being written in both files: a string
/// (or a `Display` value, written as its text), as the two writers take
/// no other keys.
struct BothKey<'b, 'a, 'o>(&'b mut BothBlock<'a, 'o>);

fn not_a_string_key<T>(what: &str) -> Result<T, WriteError> {
    unsupported(&format!("{what} as keys"))
}

/// The keys that a template holds most, as each file writes them: at
/// 1,000 synthetic workloads, 17,100 of the 45,373 keys are `Fn::Sub` and
/// 13,500 are `Sid`, `Effect`, `Action` and `Resource`, one of each in
/// every statement. Their text is known, so it is copied without the pass
/// over its bytes, the YAML style's rule and the JSON writer's check that
/// every other key has (the tests hold these to that rule). A key is
/// compared with these by its length first, so another key costs a few
/// instructions.
fn known_key(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "Fn::Sub" => ("\"Fn::Sub\":", "\"Fn::Sub\": "),
        "Sid" => ("Sid:", "\"Sid\": "),
        "Effect" => ("Effect:", "\"Effect\": "),
        "Action" => ("Action:", "\"Action\": "),
        "Resource" => ("Resource:", "\"Resource\": "),
        "Ref" => ("Ref:", "\"Ref\": "),
        _ => return None,
    })
}

impl ser::Serializer for BothKey<'_, '_, '_> {
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        if let Some((yaml, json)) = known_key(v) {
            self.0.yaml.write_known_key(yaml);
            self.0.json.write_known_key(json);
            return Ok(());
        }
        let unescaped = self.0.yaml.write_key_str(v);
        self.0.json.write_key_str(v, unescaped);
        Ok(())
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        self.serialize_str(&value.to_string())
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        not_a_string_key("none")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        not_a_string_key("lists")
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        not_a_string_key("maps")
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        not_a_string_key("maps")
    }

    other_shapes!(ser::Impossible<(), WriteError>, not_a_string_key);
}

impl ser::SerializeSeq for BothBlock<'_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(Both {
            yaml: self.yaml.item_node(),
            json: self.json.item_writer(),
        })
    }

    fn end(self) -> Result<(), WriteError> {
        SerializeSeq::end(self.yaml)?;
        SerializeSeq::end(self.json)
    }
}

map_entries!(BothBlock, end_map);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use super::super::yaml::tests::{tree, Shown};

    fn apart<T: Serialize>(value: &T) -> (String, String) {
        let (mut y, mut j) = (String::new(), String::new());
        yaml::write(&mut y, value).unwrap();
        json::write(&mut j, value).unwrap();
        (y, j)
    }

    fn together<T: Serialize>(value: &T) -> (String, String) {
        let (mut y, mut j) = (String::new(), String::new());
        write(&mut y, &mut j, value).unwrap();
        (y, j)
    }

    #[test]
    fn display_values_are_written_as_each_writer_writes_them() {
        for text in ["plain", "a: b", "a\"b", "a\nb", "", "true", "-"] {
            let value = vec![Shown(text)];
            assert_eq!(together(&value), apart(&value), "{text:?}");
        }
    }

    /// The JSON writer copies a string whole when the YAML writer's pass
    /// saw no byte that JSON escapes: every ASCII character, alone and in
    /// text, as a key and as a value, is written as each writer writes it.
    #[test]
    fn every_ascii_character_is_written_as_each_writer_writes_it() {
        for c in (0..=0x7F_u8).map(char::from) {
            for text in [c.to_string(), format!("a{c}b")] {
                let value = indexmap::IndexMap::from([(text.clone(), vec![text.clone()])]);
                assert_eq!(together(&value), apart(&value), "{text:?}");
            }
        }
    }

    /// The known keys are written as each writer writes them by its rule,
    /// at the levels where the template has them and past them.
    #[test]
    fn known_keys_are_written_as_each_writer_writes_them() {
        for key in ["Fn::Sub", "Sid", "Effect", "Action", "Resource", "Ref"] {
            assert!(known_key(key).is_some(), "{key}");
            let map =
                |value| serde_json::Value::Object([(key.to_string(), value)].into_iter().collect());
            let text = serde_json::Value::from("v");
            let list = serde_json::Value::Array(vec![map(text.clone()), text]);
            let value = serde_json::Value::Array(vec![map(map(list.clone())), map(list)]);
            assert_eq!(together(&value), apart(&value), "{key}");
        }
        assert!(known_key("Fn::GetAtt").is_none());
    }

    #[test]
    fn shapes_the_template_has_not_are_refused() {
        fn refused<T: Serialize>(value: &T) -> bool {
            write(&mut String::new(), &mut String::new(), value).is_err()
        }
        assert!(refused(&1u8));
        assert!(refused(&true));
        assert!(refused(&indexmap::IndexMap::from([(1u8, "x")])));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Any nesting of maps, lists and strings is written in both files
        /// as each writer writes it alone.
        #[test]
        fn any_tree_is_written_as_each_writer_writes_it(tree in tree()) {
            prop_assert_eq!(together(&tree), apart(&tree));
        }
    }
}
