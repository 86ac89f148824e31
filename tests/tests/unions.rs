//! Untagged unions of several object shapes are decoded by the keys of the
//! object (the generator's keyed deserializer), checked on the committed
//! Vonage crate.

use vonage_account::models::RetrieveApiSecret404Response;

#[test]
fn keyed_union_decodes_objects_and_rejects_other_values() {
    let body = serde_json::json!({
        "type": "https://developer.nexmo.com/api-errors#invalid-api-key",
        "title": "Invalid API Key",
        "detail": "API key 'ABC123' does not exist, or you do not have access",
        "instance": "797a8f199c45014ab7b08bfe9cc1c12c"
    });
    let decoded: RetrieveApiSecret404Response = serde_json::from_value(body.clone()).expect("decodes");
    assert!(matches!(decoded, RetrieveApiSecret404Response::ErrorApiKeyNotFound(_)));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), body);
    assert!(serde_json::from_value::<RetrieveApiSecret404Response>(serde_json::json!("text")).is_err());
}
