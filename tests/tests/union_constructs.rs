//! Issue 3, `oneOf`/`anyOf`: one test per shape of `specs/unions.yaml`, run
//! against its committed crate (`generated/unions`).

use serde_json::{json, Value};
use unions::models::{
    Animal, ByEmail, ByPhone, Cat, Circle, CircleKind, Contact, Dog, Drawing, Filter, IdOrName, OneOrMany, Rows,
    Scalar, Shape, Square, SquareKind,
};

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn encode<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn discriminator_with_mapping_selects_by_the_mapped_value() {
    let circle = json!({ "kind": "CIRCLE", "radius": 1.5 });
    let square = json!({ "kind": "SQUARE", "side": 2.0 });
    assert_eq!(decode::<Shape>(circle.clone()).unwrap(), Shape::Circle(Box::new(Circle::new(CircleKind::Circle, 1.5))));
    assert!(matches!(decode::<Shape>(square.clone()).unwrap(), Shape::Square(s) if s.side == 2.0));
    assert_eq!(encode(&decode::<Shape>(circle.clone()).unwrap()), circle);
    assert_eq!(encode(&decode::<Shape>(square.clone()).unwrap()), square);
    // The tag decides: a circle tag with a square body is an error, not a square.
    assert!(decode::<Shape>(json!({ "kind": "CIRCLE", "side": 2.0 })).unwrap_err().contains("radius"));
}

#[test]
fn unknown_discriminator_values_are_kept_as_received() {
    let hexagon = json!({ "kind": "HEXAGON", "side": 1 });
    let shape: Shape = decode(hexagon.clone()).unwrap();
    assert_eq!(shape, Shape::Unknown(hexagon.clone()));
    assert_eq!(encode(&shape), hexagon);
}

#[test]
fn discriminator_that_is_also_a_required_property_is_written_once_and_right() {
    // The Qovery shape: each variant lists the discriminator as a required
    // property with a one-value enum.
    let shape = Shape::Square(Box::new(Square::new(SquareKind::Square, 3.0)));
    assert_eq!(encode(&shape), json!({ "kind": "SQUARE", "side": 3.0 }));
    // The variant decides the tag: a stray value in the struct cannot send
    // a square as something else.
    let stray = Shape::Square(Box::new(Square::new(SquareKind::Unknown("CIRCLE".into()), 3.0)));
    assert_eq!(encode(&stray), json!({ "kind": "SQUARE", "side": 3.0 }));
    // Inside the union the tag is checked; outside it the struct still
    // requires the property.
    assert!(decode::<Circle>(json!({ "radius": 1.0 })).unwrap_err().contains("kind"));
}

#[test]
fn discriminator_without_mapping_uses_schema_names() {
    let cat = json!({ "pet_type": "Cat", "lives": 9 });
    assert_eq!(decode::<Animal>(cat.clone()).unwrap(), Animal::Cat(Box::new(Cat::new("Cat".into(), 9))));
    // The tag is filled in from the variant when the caller leaves it empty.
    let dog = Animal::Dog(Box::new(Dog::new(String::new()).with_good(true)));
    assert_eq!(encode(&dog), json!({ "pet_type": "Dog", "good": true }));
    assert!(matches!(decode::<Animal>(encode(&dog)).unwrap(), Animal::Dog(d) if d.good == Some(true)));
}

#[test]
fn one_of_without_discriminator_picks_the_variant_whose_keys_fit() {
    assert_eq!(
        decode::<Contact>(json!({ "email": "a@example.test" })).unwrap(),
        Contact::ByEmail(Box::new(ByEmail::new("a@example.test".into())))
    );
    assert_eq!(
        decode::<Contact>(json!({ "phone": "+331", "country": "FR" })).unwrap(),
        Contact::ByPhone(Box::new(ByPhone::new("+331".into()).with_country("FR".into())))
    );
    assert!(decode::<Contact>(json!({ "fax": "1" })).unwrap_err().contains("did not match any variant of `Contact`"));
    // Untagged on the wire: the variant's own object.
    let c = Contact::ByPhone(Box::new(ByPhone::new("+331".into())));
    assert_eq!(encode(&c), json!({ "phone": "+331" }));
}

#[test]
fn any_of_objects_prefers_the_best_fit() {
    // Both variants accept this object (extra keys are allowed); the one
    // knowing more of its keys wins.
    let v = json!({ "email": "a@example.test", "phone": "+331", "country": "FR" });
    assert!(matches!(decode::<Filter>(v).unwrap(), Filter::ByPhone(p) if p.country.as_deref() == Some("FR")));
    assert!(matches!(decode::<Filter>(json!({ "email": "e" })).unwrap(), Filter::ByEmail(_)));
}

#[test]
fn unions_of_primitives_keep_each_type() {
    assert_eq!(decode::<IdOrName>(json!(42)).unwrap(), IdOrName::Integer(42));
    assert_eq!(decode::<IdOrName>(json!("rex")).unwrap(), IdOrName::String("rex".into()));
    assert!(decode::<IdOrName>(json!(1.5)).is_err(), "1.5 is neither an int64 nor a string");
    assert_eq!(encode(&IdOrName::Integer(42)), json!(42));

    assert_eq!(decode::<Scalar>(json!(true)).unwrap(), Scalar::Bool(true));
    assert_eq!(decode::<Scalar>(json!(1.5)).unwrap(), Scalar::Number(1.5));
    assert_eq!(decode::<Scalar>(json!("s")).unwrap(), Scalar::String("s".into()));
    assert!(decode::<Scalar>(json!(null)).is_err());
}

#[test]
fn unions_of_arrays_tell_the_shapes_apart() {
    assert_eq!(decode::<OneOrMany>(json!("a")).unwrap(), OneOrMany::String("a".into()));
    assert_eq!(decode::<OneOrMany>(json!(["a", "b"])).unwrap(), OneOrMany::List(vec!["a".into(), "b".into()]));
    assert_eq!(decode::<Rows>(json!([1, 2])).unwrap(), Rows::List(vec![1, 2]));
    assert_eq!(decode::<Rows>(json!([[1], [2, 3]])).unwrap(), Rows::List2(vec![vec![1], vec![2, 3]]));
    assert_eq!(encode(&Rows::List2(vec![vec![1]])), json!([[1]]));
}

#[test]
fn unions_nest_inside_structs() {
    let input = json!({
        "shapes": [{ "kind": "CIRCLE", "radius": 1.0 }, { "kind": "OVAL", "a": 1 }],
        "owner": { "email": "o@example.test" },
        "tag": "blue"
    });
    let d: Drawing = decode(input.clone()).unwrap();
    assert!(matches!(d.shapes[1], Shape::Unknown(_)));
    assert_eq!(d.tag, Some(IdOrName::String("blue".into())));
    assert_eq!(encode(&d), input);
}
