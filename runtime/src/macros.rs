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
