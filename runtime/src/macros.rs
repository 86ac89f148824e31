//! The parts of a generated operation that differ only in names and types,
//! written once here as `macro_rules!` that generated code invokes.
//!
//! Each macro expands to what the generator used to write out for every
//! operation (the methods of a request value, its optional-parameter
//! setters, its error enum), so the public API and the compiled code are
//! the same; the generated source states only what the spec decides. Every
//! function they define is `#[inline]`: rustc then generates machine code
//! for it only in a crate that calls it (see the note in the API template).

/// The methods every buffered call's request value has: `with_options`,
/// `send`, `send_with_response`, and `IntoFuture`, so that `.await` sends
/// it.
///
/// `call_methods!([lifetimes] Type, api_field => SuccessType, ErrorType, decode)`:
/// `api_field` is the field holding the API group (and so its
/// [`RequestOptions`](crate::RequestOptions)), and `decode` a
/// [`Decode`](crate::Decode) function, such as [`call::json`](crate::call::json).
/// The type must have a private `into_raw_request(self) -> Request`.
#[macro_export]
macro_rules! call_methods {
    ($(#[$attr:meta])* [$($lt:lifetime),*] $req:ident, $api:ident => $ok:ty, $err:ty, $decode:expr) => {
        $(#[$attr])*
        impl<$($lt),*> $req<$($lt),*> {
            /// Per-call options (timeout, retry policy, extra headers), replacing the group's.
            #[inline]
            pub fn with_options(mut self, options: $crate::RequestOptions) -> Self {
                self.$api.options = options;
                self
            }

            /// Sends the request; the body of a success.
            #[inline]
            pub fn send(self) -> $crate::CallFuture<$ok, $err> {
                self.into_raw_request().call($decode)
            }

            /// Sends the request; status, headers and the body of a success.
            #[inline]
            pub fn send_with_response(self) -> $crate::ResponseFuture<$ok, $err> {
                self.into_raw_request().call_with_response($decode)
            }
        }

        $(#[$attr])*
        impl<$($lt),*> ::std::future::IntoFuture for $req<$($lt),*> {
            type Output = ::std::result::Result<$ok, $crate::Error<$err>>;
            type IntoFuture = $crate::CallFuture<$ok, $err>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

/// `with_options` alone, for a request value whose `send` is written out
/// (a call that resolves to a stream).
#[macro_export]
macro_rules! with_options {
    ($(#[$attr:meta])* [$($lt:lifetime),*] $req:ident, $api:ident) => {
        $(#[$attr])*
        impl<$($lt),*> $req<$($lt),*> {
            /// Per-call options (timeout, retry policy, extra headers), replacing the group's.
            #[inline]
            pub fn with_options(mut self, options: $crate::RequestOptions) -> Self {
                self.$api.options = options;
                self
            }
        }
    };
}

/// The setters of a request value's optional parameters: each
/// `setter(field: Type);` becomes `pub fn setter(self, field: Type) -> Self`,
/// which stores `Some(field)`. Attributes before an entry (its docs) go
/// on its method.
#[macro_export]
macro_rules! setters {
    ($(#[$attr:meta])* [$($lt:lifetime),*] $req:ident { $($(#[$m:meta])* $setter:ident($field:ident: $ty:ty);)* }) => {
        $(#[$attr])*
        impl<$($lt),*> $req<$($lt),*> {
            $(
                $(#[$m])*
                #[inline]
                pub fn $setter(mut self, $field: $ty) -> Self {
                    self.$field = Some($field);
                    self
                }
            )*
        }
    };
}

/// An error enum, chosen by status code: the listed variants, each
/// `Variant(BodyType) = pattern` or `Variant = pattern`, then `Unknown`
/// with the status and raw body, for a status the spec does not document
/// or a body that does not decode as its variant's type. It derives
/// `Debug`, `Clone` and `PartialEq`, is `#[non_exhaustive]`, and
/// implements [`ErrorEntity`](crate::call::ErrorEntity) with the first
/// variant whose pattern matches the status.
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$m:meta])* $variant:ident $(($ty:ty))? = $pat:pat,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$m])* $variant $(($ty))?,)*
            /// A status the spec does not document, or a body that did not match its type.
            Unknown {
                /// HTTP status code.
                status: u16,
                /// The raw body.
                body: String,
            },
        }

        impl $crate::call::ErrorEntity for $name {
            // A `_` pattern (a documented `default`) leaves the last arm
            // unreachable; the enum keeps `Unknown` for bodies that do not
            // decode.
            #[allow(unreachable_patterns)]
            #[inline]
            fn from_response(raw: &$crate::RawResponse) -> Self {
                match raw.status.as_u16() {
                    $($pat => $crate::__error_variant!(raw, $name, $variant $(, $ty)?),)*
                    _ => $name::Unknown { status: raw.status.as_u16(), body: raw.text() },
                }
            }
        }
    };
}

/// One arm of [`error_enum!`]'s decoder: the variant, with its body
/// decoded when it has a type.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_variant {
    ($raw:ident, $name:ident, $variant:ident) => {
        $name::$variant
    };
    ($raw:ident, $name:ident, $variant:ident, $ty:ty) => {
        match $raw.entity::<$ty>() {
            Some(body) => $name::$variant(body),
            None => $name::Unknown { status: $raw.status.as_u16(), body: $raw.text() },
        }
    };
}

/// A model's `Serialize` and `Deserialize`, through its JSON codec: one
/// decoder per model, not one per serde input format (see the `json`
/// module).
#[macro_export]
macro_rules! serde_via_json {
    ($name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::json::serialize(self, s)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::json::deserialize(d)
            }
        }
    };
}

/// A struct model's JSON codec and serde impls. Each field is
/// `(index, field, "wire", read, Slot, fill, put)`:
///
/// - `read` is the [`Reader`](crate::json::Reader) method that reads it
///   into a local of type `Slot` (`put`, or `put_optional` when `null`
///   is `None`);
/// - `fill` says what the field is when the object leaves it out:
///   `as_is` (the local is the field), `strict` (an error),
///   `or_default`, or `or_else(function)` for a documented default;
/// - `put` is the [`ObjectWriter`](crate::json::ObjectWriter) method
///   that writes it (`put`, or `put_some` to leave out `None`).
///
/// A struct with `additional` keeps undeclared properties in its
/// `additional_properties` map and encodes through a tree, so that a
/// declared property wins a clash with one (a writer cannot take a key
/// back).
#[macro_export]
macro_rules! json_struct {
    ($name:ident, $what:literal, [$(($idx:literal, $field:ident, $wire:literal, $read:ident, $slot:ty, $fill:ident $(($default:path))?, $put:ident)),* $(,)?]) => {
        impl $crate::FromJson for $name {
            #[inline]
            fn read_json(r: &mut $crate::json::Reader<'_>) -> ::std::result::Result<Self, $crate::JsonError> {
                const __NAMES: &[&str] = &[$($wire),*];
                static __ORDER: [::std::sync::atomic::AtomicU16; __NAMES.len() + 1] =
                    [const { ::std::sync::atomic::AtomicU16::new(0) }; __NAMES.len() + 1];
                static __FIELDS: $crate::json::Fields = $crate::json::Fields::new(__NAMES, &__ORDER);
                $(let mut $field: $slot = None;)*
                let mut i = r.object($what, &__FIELDS)?;
                while let Some(n) = i {
                    match n {
                        $($idx => r.$read(&mut $field)?,)*
                        _ => r.skip()?,
                    }
                    i = r.next_field(&__FIELDS, n)?;
                }
                Ok($name { $($field: $crate::__fill!($field, $wire, $fill $(($default))?),)* })
            }
        }

        impl $crate::ToJson for $name {
            #[inline]
            fn write_json(&self, w: &mut $crate::json::Writer) {
                #[allow(unused_mut)]
                let mut o = w.object();
                $(o.$put($wire, &self.$field);)*
                o.end();
            }
        }

        $crate::serde_via_json!($name);
    };
    ($name:ident, $what:literal, [$(($idx:literal, $field:ident, $wire:literal, $read:ident, $slot:ty, $fill:ident $(($default:path))?, $put:ident)),* $(,)?], additional) => {
        impl $crate::FromJson for $name {
            #[inline]
            fn read_json(r: &mut $crate::json::Reader<'_>) -> ::std::result::Result<Self, $crate::JsonError> {
                const __NAMES: &[&str] = &[$($wire),*];
                static __ORDER: [::std::sync::atomic::AtomicU16; __NAMES.len() + 1] =
                    [const { ::std::sync::atomic::AtomicU16::new(0) }; __NAMES.len() + 1];
                static __FIELDS: $crate::json::Fields = $crate::json::Fields::new(__NAMES, &__ORDER);
                $(let mut $field: $slot = None;)*
                let mut extra = ::std::collections::BTreeMap::new();
                let mut i = r.object($what, &__FIELDS)?;
                while let Some(n) = i {
                    match n {
                        $($idx => r.$read(&mut $field)?,)*
                        _ => r.rest(&mut extra)?,
                    }
                    i = r.next_field(&__FIELDS, n)?;
                }
                Ok($name { $($field: $crate::__fill!($field, $wire, $fill $(($default))?),)* additional_properties: extra })
            }
        }

        impl $crate::ToJson for $name {
            #[inline]
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                #[allow(unused_mut)]
                let mut map = $crate::json::extra(&self.additional_properties);
                $($crate::json::$put(&mut map, $wire, &self.$field);)*
                $crate::__private::serde_json::Value::Object(map)
            }

            #[inline]
            fn write_json(&self, w: &mut $crate::json::Writer) {
                w.serde(&$crate::ToJson::to_json(self));
            }
        }

        $crate::serde_via_json!($name);
    };
}

/// A field of [`json_struct!`]'s decoder, from its local.
#[doc(hidden)]
#[macro_export]
macro_rules! __fill {
    ($local:ident, $wire:literal, as_is) => {
        $local
    };
    ($local:ident, $wire:literal, strict) => {
        match $local {
            Some(v) => v,
            None => return Err($crate::JsonError::missing($wire)),
        }
    };
    ($local:ident, $wire:literal, or_default) => {
        $local.unwrap_or_default()
    };
    ($local:ident, $wire:literal, or_else($default:path)) => {
        $local.unwrap_or_else($default)
    };
}

/// The setters of a model's optional fields: each
/// `setter(arg: Type) => field = value;` becomes
/// `pub fn setter(self, arg: Type) -> Self`, which stores `value` (an
/// expression of `arg`) in `field`.
#[macro_export]
macro_rules! model_setters {
    ($name:ident { $($(#[$m:meta])* $setter:ident($arg:ident: $ty:ty) => $field:ident = $value:expr;)* }) => {
        impl $name {
            $(
                $(#[$m])*
                #[inline]
                pub fn $setter(mut self, $arg: $ty) -> Self {
                    self.$field = $value;
                    self
                }
            )*
        }
    };
}

/// A string enum that keeps values it does not list: the variants, each
/// `Variant = "wire"`, then `Unknown(String)`; `as_str`, `From<&str>`,
/// `Display`, the JSON codec and serde impls.
#[macro_export]
macro_rules! string_enum {
    ($(#[$attr:meta])* $vis:vis enum $name:ident { $($(#[$m:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$m])* $variant,)*
            /// A value not listed in the spec.
            Unknown(String),
        }

        impl $name {
            /// The value on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(v) => v.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(v: &str) -> Self {
                match v {
                    $($wire => $name::$variant,)*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(d)?;
                Ok(s.as_ref().into())
            }
        }

        impl $crate::FromJson for $name {
            #[inline]
            fn from_json(value: $crate::__private::serde_json::Value) -> ::std::result::Result<Self, $crate::JsonError> {
                match value {
                    $crate::__private::serde_json::Value::String(s) => Ok(s.as_str().into()),
                    other => Err($crate::JsonError::expected("a string", &other)),
                }
            }

            #[inline]
            fn read_json(r: &mut $crate::json::Reader<'_>) -> ::std::result::Result<Self, $crate::JsonError> {
                match r.str()? {
                    Some(s) => Ok(s.into()),
                    None => r.mismatch(),
                }
            }
        }

        impl $crate::ToJson for $name {
            #[inline]
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                $crate::__private::serde_json::Value::from(self.as_str())
            }

            #[inline]
            fn write_json(&self, w: &mut $crate::json::Writer) {
                w.str(self.as_str());
            }
        }
    };
}

/// An integer enum that keeps values it does not list, as
/// [`string_enum!`] with `Variant = 1` and `value()` for `as_str`.
#[macro_export]
macro_rules! int_enum {
    ($(#[$attr:meta])* $vis:vis enum $name:ident { $($(#[$m:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$m])* $variant,)*
            /// A value not listed in the spec.
            Unknown(i64),
        }

        impl $name {
            /// The value on the wire.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(v) => *v,
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            #[inline]
            fn from(v: i64) -> Self {
                match v {
                    $($wire => $name::$variant,)*
                    other => $name::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                Ok(<i64 as $crate::__private::serde::Deserialize>::deserialize(d)?.into())
            }
        }

        impl $crate::FromJson for $name {
            #[inline]
            fn from_json(value: $crate::__private::serde_json::Value) -> ::std::result::Result<Self, $crate::JsonError> {
                value.as_i64().map($name::from).ok_or_else(|| $crate::JsonError::expected("an integer", &value))
            }
        }

        impl $crate::ToJson for $name {
            #[inline]
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                $crate::__private::serde_json::Value::from(self.value())
            }

            #[inline]
            fn write_json(&self, w: &mut $crate::json::Writer) {
                $crate::ToJson::write_json(&self.value(), w);
            }
        }
    };
}
