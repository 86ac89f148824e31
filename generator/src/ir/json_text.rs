//! A JSON value recorded as its JSON text (`"5"`, `"\"a\""`), so the API
//! surface keeps the form older surfaces have while the IR holds the value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `value` as its JSON text.
pub fn serialize<S: Serializer>(value: &Option<serde_json::Value>, s: S) -> Result<S::Ok, S::Error> {
    value.as_ref().map(ToString::to_string).serialize(s)
}

/// Reads the JSON text back into the value; text that is not JSON is an error.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    text.map(|t| serde_json::from_str(&t).map_err(serde::de::Error::custom)).transpose()
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(with = "super", default)]
        default: Option<serde_json::Value>,
    }

    #[test]
    fn a_value_is_recorded_as_its_text_and_read_back() {
        for value in [serde_json::json!(5), serde_json::json!("a"), serde_json::json!({"k": [1, null]})] {
            let h = Holder { default: Some(value.clone()) };
            let text = serde_json::to_string(&h).unwrap();
            assert_eq!(text, serde_json::to_string(&serde_json::json!({ "default": value.to_string() })).unwrap());
            assert_eq!(serde_json::from_str::<Holder>(&text).unwrap(), h);
        }
        assert_eq!(serde_json::from_str::<Holder>("{}").unwrap(), Holder { default: None });
        assert!(serde_json::from_str::<Holder>(r#"{"default": "not json"}"#).is_err());
    }
}
